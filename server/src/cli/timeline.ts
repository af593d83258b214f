// `handoff timeline [dir]`: the schedule of a production as a standalone HTML
// page, drawn by the same renderer as the VS Code timeline (read-only there).
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, closest, type ProductionModel } from '../core/facade';
import { reasonOf } from '../node/files';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { standalonePage, webviewAssets } from './page';
import { UsageError } from './usage';

export const DEFAULT_TIMELINE_OUT = 'timeline.html';

export const timelineCommand: Command = {
  name: 'timeline',
  usage: [
    'timeline [dir]  Write the schedule of each production under dir as a standalone HTML page',
    '--out <file>               the page to write (default: timeline.html; - for stdout)',
    '--production <id>          only this production; without it, several productions',
    '                           get one page each, named like timeline-<id>.html',
  ],
  flags: { out: { type: 'string' }, production: { type: 'string' } },
  maxPositionals: 1,
  run: (context) =>
    runTimeline({
      dir: context.positionals[0] ?? '.',
      out: stringFlag(context.flags.out) ?? DEFAULT_TIMELINE_OUT,
      production: stringFlag(context.flags.production),
      today: context.today,
      write: context.write,
      progress: context.progress,
    }),
};

export interface TimelineOptions {
  dir: string;
  /** A file path, or '-' for stdout. */
  out: string;
  production?: string;
  today: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

export function runTimeline(options: TimelineOptions): number {
  if (options.out === '') throw new UsageError(`--out needs a file name, e.g. --out ${DEFAULT_TIMELINE_OUT}`);
  const { workspace, unreadable } = loadFolder(options.dir, options.progress);
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);

  const analysis = new Analysis(workspace, { today: options.today });
  let productions = analysis.governedProductions();
  if (productions.length === 0) {
    throw new UsageError(`no *.production.yaml under '${options.dir}': a timeline needs a production's calendar; run 'handoff init ${options.dir}' to start one`);
  }
  if (options.production !== undefined) {
    const wanted = options.production;
    const ids = productions.map((p) => p.production!.id);
    productions = productions.filter((p) => p.production!.id === wanted);
    if (productions.length === 0) {
      const suggestion = closest(wanted, ids);
      throw new UsageError(`no production '${wanted}' under '${options.dir}'${suggestion ? `; did you mean '${suggestion}'?` : `; it holds ${ids.join(', ')}`}`);
    }
  }
  if (options.out === '-' && productions.length > 1) {
    const ids = productions.map((p) => p.production!.id).join(', ');
    throw new UsageError(`'${options.dir}' holds several productions (${ids}); pick one with --production to print its page`);
  }

  const assets = webviewAssets('timeline');
  const targets = outFiles(options.out, productions);
  productions.forEach((production, index) => {
    const model = analysis.schedule(production)!;
    const name = production.production!.title ?? production.production!.id;
    const page = standalonePage({ title: `${name} — timeline`, script: assets.script, css: assets.css, model, root: options.dir });
    if (options.out === '-') {
      options.write(page);
      return;
    }
    const target = targets[index];
    try {
      writeFileSync(target, page);
    } catch (error) {
      throw new UsageError(`cannot write '${target}': ${reasonOf(error)}`);
    }
    const conflicts = model.handoffs.filter((h) => (h.conflict?.length ?? 0) > 0).length;
    options.write(`wrote ${target} (${production.production!.id}: ${model.handoffs.length} handoff${model.handoffs.length === 1 ? '' : 's'}, ${conflicts} in conflict)`);
  });
  return 0;
}

/** One file for one production; `<name>-<production>.<ext>` each when there are several. */
function outFiles(out: string, productions: readonly ProductionModel[]): string[] {
  if (productions.length === 1) return [out];
  const ext = path.extname(out);
  const stem = out.slice(0, out.length - ext.length);
  const used = new Map<string, number>();
  return productions.map((production) => {
    const id = production.production!.id;
    const count = (used.get(id) ?? 0) + 1;
    used.set(id, count);
    return `${stem}-${id}${count > 1 ? `-${count}` : ''}${ext || '.html'}`;
  });
}
