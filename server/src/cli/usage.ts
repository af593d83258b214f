// Misuse of the command line: one clear line on stderr and exit code 2.
import type { Command } from './command';

export class UsageError extends Error {}

export function usageText(commands: readonly Command[]): string {
  return [
    'Usage: handoff <command> [options]',
    '',
    'Commands:',
    ...commands.flatMap((command) => command.usage.map((line, index) => (index === 0 ? `  ${line}` : `                    ${line}`))),
    '',
    'Every command takes --today YYYY-MM-DD to fix "today" for reproducible results.',
    'Exit codes: 0 no errors, 1 errors found, 2 the command was misused.',
  ].join('\n');
}
