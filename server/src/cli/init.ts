// `handoff init [dir]`: a small production that checks clean, to start from.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, Workspace } from '../core/facade';
import { reasonOf } from '../node/files';
import type { Command } from './command';
import { stringFlag } from './flags';
import { UsageError } from './usage';

export const initCommand: Command = {
  name: 'init',
  usage: [
    'init [dir]      Scaffold a small working production in dir (default: .)',
    "--name <id>                production id (default: the folder's name)",
    '--series                   add a breakdown, a CSV shot list and a chain over its shots',
  ],
  flags: { name: { type: 'string' }, series: { type: 'boolean' } },
  maxPositionals: 1,
  run: (context) => runInit(context.positionals[0] ?? '.', stringFlag(context.flags.name), context.today, context.write, context.flags.series === true),
};

export function runInit(dir: string, name: string | undefined, today: string, write: (text: string) => void, series = false): number {
  const root = path.resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`'${dir}' is a file; pass a folder (new or existing) to scaffold the production in`);
  const id = name ?? path.basename(root).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
  if (!/^[a-z][a-z0-9-]*$/.test(id)) throw new UsageError(`'${name ?? path.basename(root)}' is not a usable production id; pass --name with a kebab-case id such as 'nightfall'`);
  let files;
  try {
    files = new Analysis(new Workspace(), { today }).scaffold(id, { series });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const clashes = files.filter((file) => existsSync(path.join(root, file.path)));
  if (clashes.length > 0) throw new UsageError(`'${clashes[0].path}' already exists in '${dir}'; init never overwrites a file`);
  for (const file of files) {
    const target = path.join(root, file.path);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.text, { flag: 'wx' });
    } catch (error) {
      throw new UsageError(`cannot create '${path.relative(process.cwd(), target) || target}': ${reasonOf(error)}`);
    }
    write(`created ${path.relative(process.cwd(), target) || target}`);
  }
  write(`\nProduction '${id}' is ready. Check it with: handoff check ${path.relative(process.cwd(), root) || '.'}`);
  return 0;
}
