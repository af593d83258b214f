// Entry point of the `handoff` command.
import { parseArgs } from 'node:util';
import { formatDate, parseDate } from '../core/calendar';
import { runCheck } from './check';
import { runGraph } from './graph';
import { runInit } from './init';
import { USAGE, UsageError } from './usage';

declare const HANDOFF_VERSION: string | undefined;
const VERSION = typeof HANDOFF_VERSION === 'string' ? HANDOFF_VERSION : '0.0.0-dev';

function todayOf(value: string | undefined): string {
  if (value === undefined) {
    const now = new Date();
    return formatDate(Math.floor(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86_400_000));
  }
  if (parseDate(value) === undefined) throw new UsageError(`--today '${value}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15`);
  return value;
}

/** The flags each command takes; every command takes --today. */
const FLAGS: Record<string, string[]> = {
  check: ['format', 'today', 'no-color'],
  init: ['name', 'today'],
  graph: ['format', 'focus', 'depth', 'today'],
};

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const progress = (message: string) => process.stderr.write(`${message}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        today: { type: 'string' },
        name: { type: 'string' },
        focus: { type: 'string' },
        depth: { type: 'string' },
        'no-color': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  const { values, positionals } = parsed;
  const allowed = FLAGS[command];
  if (allowed) {
    const stray = Object.keys(values).find((flag) => !allowed.includes(flag));
    if (stray) throw new UsageError(`'${command}' does not take --${stray}; it takes ${allowed.map((flag) => `--${flag}`).join(', ')}`);
  }
  if (positionals.length > 1) throw new UsageError(`'${command}' takes one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = positionals[0] ?? '.';
  const today = todayOf(values.today);
  switch (command) {
    case 'check':
      return runCheck({
        dir,
        format: values.format ?? 'text',
        today,
        color: !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
        version: VERSION,
        write,
        progress,
      });
    case 'init':
      return runInit(dir, values.name, today, write);
    case 'graph':
      return runGraph({ dir, format: values.format ?? 'dot', focus: values.focus, depth: values.depth, write, progress });
    default:
      throw new UsageError(`unknown command '${command}'; run 'handoff --help' for the list`);
  }
}

export function run(): void {
  let code: number;
  try {
    code = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`handoff: ${error.message}\n`);
      code = 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`handoff: internal error: ${message}\nPlease report it with the command you ran.\n`);
      code = 2;
    }
  }
  // Let stdout drain before exiting (large JSON output through a pipe).
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) run();
