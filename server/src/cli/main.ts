// Entry point of the `handoff` command.
import { parseArgs } from 'node:util';
import { formatDate, parseDate, todayDay } from '../core/facade';
import { COMMANDS } from './commands';
import { usageText, UsageError } from './usage';

declare const HANDOFF_VERSION: string | undefined;
const VERSION = typeof HANDOFF_VERSION === 'string' ? HANDOFF_VERSION : '0.0.0-dev';

function todayOf(value: string | undefined): string {
  if (value === undefined) return formatDate(todayDay({}));
  if (parseDate(value) === undefined) throw new UsageError(`--today '${value}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-15`);
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usageText(COMMANDS)}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command '${name}'; run 'handoff --help' for the list`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { ...command.flags, today: { type: 'string' } } });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const flags = ['--today', ...Object.keys(command.flags).map((flag) => `--${flag}`)].join(', ');
    throw new UsageError(message.replace(/^Unknown option '([^']*)'.*/, `'${name}' does not take '$1'; it takes ${flags}`));
  }
  const { values, positionals } = parsed;
  if (positionals.length > command.maxPositionals) {
    const takes = command.maxPositionals === 1 ? 'one folder' : `at most ${command.maxPositionals} arguments`;
    throw new UsageError(`'${name}' takes ${takes}, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  return command.run({
    flags: values as Record<string, string | boolean | undefined>,
    positionals,
    today: todayOf(typeof values.today === 'string' ? values.today : undefined),
    version: VERSION,
    write: (text) => process.stdout.write(`${text}\n`),
    progress: (message) => process.stderr.write(`${message}\n`),
  });
}

export function run(): void {
  const finish = (code: number) => {
    // Let stdout drain before exiting (large JSON output through a pipe).
    process.stdout.write('', () => process.exit(code));
  };
  main(process.argv.slice(2)).then(finish, (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`handoff: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`handoff: internal error: ${message}\nPlease report it with the command you ran.\n`);
    }
    finish(2);
  });
}

if (require.main === module) run();
