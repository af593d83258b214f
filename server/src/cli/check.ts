// `handoff check [dir]`: every rule over every spec file, printed like a compiler.
import { Analysis, fileKindOf, formatDate, plural, type ProductionModel } from '../core/facade';
import type { Command } from './command';
import { stringFlag } from './flags';
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
  const analysis = new Analysis(workspace, { today: options.today });
  const byUri = analysis.diagnostics();
  const diagnostics = toCli(workspace, root, byUri);
  const summary = summarize(diagnostics, workspace.size);
  if (options.format === 'json') {
    options.write(formatJson(diagnostics, summary, options.today, analysis.productions().flatMap(milestoneChains)));
  }
  else if (options.format === 'sarif') options.write(formatSarif(diagnostics, options.version));
  else {
    const sections = [formatText(diagnostics, summary, { color: options.color })];
    for (const production of analysis.productions()) {
      const milestones = milestoneChainsText(production);
      if (milestones) sections.push(milestones);
    }
    // The longest path last: one look at the end of the output shows it.
    for (const production of analysis.productions()) {
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

/** One handoff of a milestone's chain, as `check --format json` lists it. */
export interface ChainLink {
  id: string;
  start?: string;
  due?: string;
  ready?: string;
}

/** A milestone's slack and critical chain (DESIGN §7.3, §7.7), as `check --format json` lists it. */
export interface MilestoneChain {
  production: string;
  milestone: string;
  date: string;
  /** Working days of the production calendar; negative when late; absent with no feeder or a late upstream. */
  slack?: number;
  /** The feeder ready last. */
  feeder?: string;
  ready?: string;
  /** A handoff upstream that starts before its upstream is ready: its finding stands instead of the slack. */
  lateUpstream?: string;
  chain: ChainLink[];
}

/** Every dated milestone of a production with its slack and chain, in the order written. */
export function milestoneChains(production: ProductionModel): MilestoneChain[] {
  if (!production.production) return [];
  const schedule = production.schedule;
  const date = (day: number | undefined) => (day === undefined ? undefined : formatDate(day));
  return schedule.milestones.map((milestone) => {
    const chain = milestone.chain.map((id): ChainLink => {
      const h = schedule.handoffs.get(id)!;
      return withoutUndefined({ id, start: date(h.start), due: date(h.due), ready: date(h.ready) });
    });
    return withoutUndefined({
      production: production.production!.id,
      milestone: milestone.id,
      date: formatDate(milestone.date),
      slack: milestone.slack,
      feeder: milestone.feeder,
      ready: date(milestone.ready),
      lateUpstream: milestone.lateUpstream,
      chain,
    });
  });
}

/** Each milestone's slack and chain, upstream first, one handoff a line. */
export function milestoneChainsText(production: ProductionModel): string | undefined {
  const milestones = milestoneChains(production);
  if (milestones.length === 0) return undefined;
  const lines = [`Milestones of ${production.production!.id} (${milestones.length}), each with the chain that binds its last feeder:`];
  for (const milestone of milestones) {
    let state: string;
    if (milestone.feeder === undefined) state = 'no handoff with a ready date feeds it';
    else if (milestone.lateUpstream !== undefined) state = `slack not given: '${milestone.lateUpstream}' starts before its upstream is ready`;
    else if (milestone.slack! < 0) state = `late by ${plural(-milestone.slack!, 'working day')}`;
    else state = `slack ${plural(milestone.slack!, 'working day')}`;
    lines.push(`  ${milestone.milestone}  ${milestone.date}  ${state}`);
    const width = Math.max(0, ...milestone.chain.map((link) => link.id.length));
    for (const link of milestone.chain) lines.push(`    ${link.id.padEnd(width)}  ${link.start ?? '?'} → ${link.due ?? '?'}  ready ${link.ready ?? '?'}`);
  }
  return lines.join('\n');
}

function withoutUndefined<T extends object>(value: T): T {
  const copy = {} as T;
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy;
}
