// `handoff check [dir]`: every rule over every spec file, printed like a compiler.
import { formatDate } from '../core/calendar';
import { fileKindOf } from '../core/parse';
import type { Command } from './command';
import { stringFlag } from './flags';
import type { ProductionModel } from '../core/production';
import { toCli, summarize } from './diagnostics';
import { formatJson, formatSarif, formatText } from './formats';
import { loadFolder } from './load';
import { UsageError } from './usage';

export const checkCommand: Command = {
  name: 'check',
  usage: [
    'check [dir]     Check every spec file under dir (default: .)',
    '--format text|json|sarif   output format (default: text)',
    '--no-color                 plain text output',
  ],
  flags: { format: { type: 'string' }, 'no-color': { type: 'boolean' } },
  maxPositionals: 1,
  run: (context) =>
    runCheck({
      dir: context.positionals[0] ?? '.',
      format: stringFlag(context.flags.format) ?? 'text',
      today: context.today,
      color: !context.flags['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR,
      version: context.version,
      write: context.write,
      progress: context.progress,
    }),
};

export interface CheckOptions {
  dir: string;
  format: string;
  today: string;
  color: boolean;
  version: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

const FORMATS = ['text', 'json', 'sarif'];

/** Returns the exit code: 1 when any error is reported, else 0. */
export function runCheck(options: CheckOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  const { root, workspace, unreadable } = loadFolder(options.dir, options.progress, { allowConflictingProductions: true });
  if (![...workspace.uris()].some((uri) => fileKindOf(uri) === 'production')) {
    throw new UsageError(`no *.production.yaml under '${options.dir}': every spec file needs one in its folder or above; run 'handoff init ${options.dir}' to start one`);
  }
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);
  const byUri = workspace.diagnostics({ today: options.today });
  const diagnostics = toCli(workspace, root, byUri);
  const summary = summarize(diagnostics, workspace.size);
  if (options.format === 'json') options.write(formatJson(diagnostics, summary, options.today));
  else if (options.format === 'sarif') options.write(formatSarif(diagnostics, options.version));
  else {
    const sections = [formatText(diagnostics, summary, { color: options.color })];
    for (const production of workspace.productions()) {
      const path = criticalPathText(production);
      if (path) sections.push(path);
    }
    options.write(sections.join('\n\n'));
  }
  return summary.errors > 0 ? 1 : 0;
}

/** The production's critical path, one handoff a line with its dates. */
export function criticalPathText(production: ProductionModel): string | undefined {
  if (!production.production) return undefined;
  const schedule = production.schedule;
  if (schedule.criticalPath.length === 0) return undefined;
  const rows = schedule.criticalPath.map((id) => {
    const h = schedule.handoffs.get(id)!;
    const date = (day: number | undefined) => (day === undefined ? '?' : formatDate(day));
    return { id, start: date(h.start), due: date(h.due), ready: date(h.ready), slack: h.slack };
  });
  const width = Math.max(...rows.map((row) => row.id.length));
  const last = rows[rows.length - 1];
  const lines = [`Critical path of ${production.production.id} (${rows.length} handoff${rows.length === 1 ? '' : 's'}, ready ${last.ready}):`];
  for (const row of rows) lines.push(`  ${row.id.padEnd(width)}  ${row.start} → ${row.due}  ready ${row.ready}  slack ${row.slack ?? '?'}`);
  return lines.join('\n');
}
