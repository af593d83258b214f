// The registry of `handoff` subcommands. Adding one touches its module and this list.
import type { Command } from './command';
import { checkCommand } from './check';
import { graphCommand } from './graph';
import { initCommand } from './init';

export const COMMANDS: readonly Command[] = [checkCommand, graphCommand, initCommand];
