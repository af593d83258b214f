// What every `handoff` subcommand is: its flags, its usage lines and how it
// runs. main.ts parses the command line once against these declarations.

export interface CommandIO {
  /** One line (or block) to stdout. */
  write(text: string): void;
  /** Progress and notices to stderr, never mixed into the output. */
  progress(message: string): void;
}

export interface CommandContext extends CommandIO {
  /** Flag values by name (strings, or true for boolean flags). */
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  /** ISO date: --today, or the real date. */
  today: string;
  version: string;
}

export interface Command {
  name: string;
  /** Usage lines: the first is `name args  summary`, the rest describe flags. */
  usage: string[];
  /** Flags besides --today, which every command takes. */
  flags: Record<string, { type: 'string' | 'boolean' }>;
  /** How many positional arguments it takes at most. */
  maxPositionals: number;
  run(context: CommandContext): number | Promise<number>;
}
