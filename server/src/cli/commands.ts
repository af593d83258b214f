// The registry of `handoff` subcommands. Adding one touches its module and this list.
import type { Command } from './command';
import { auditCommand } from './audit';
import { checkCommand } from './check';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { graphCommand } from './graph';
import { scheduleCommand } from './schedule';
import { initCommand } from './init';
import { reportCommand } from './report';
import { statusCommand } from './status';
import { timelineCommand } from './timeline';

export const COMMANDS: readonly Command[] = [checkCommand, graphCommand, initCommand, timelineCommand, reportCommand, auditCommand, diffCommand, statusCommand, exportCommand, scheduleCommand];
