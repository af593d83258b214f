// Where a command's output goes: a file named by --out, or stdout.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reasonOf } from '../node/files';
import type { CommandIO } from './command';
import { UsageError } from './usage';

/** Writes the text to `out` (ending in a line feed) with a notice on stderr, or to stdout when `out` is absent or '-'. */
export function writeOutput(text: string, out: string | undefined, io: CommandIO): void {
  if (out === undefined || out === '-') {
    io.write(text.endsWith('\n') ? text.slice(0, -1) : text);
    return;
  }
  if (out === '') throw new UsageError('--out needs a file name');
  try {
    writeFileSync(path.resolve(out), text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    throw new UsageError(`cannot write '${out}': ${reasonOf(error)}`);
  }
  io.progress(`Wrote ${out}`);
}
