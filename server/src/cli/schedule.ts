// `handoff schedule [dir]`: the schedule as data — every handoff, chain
// instances included, with its dates, slack, whether it is critical, the
// milestone it feeds and, for instances, its unit, chain and step. A
// coordinator pastes the CSV into a spreadsheet; tests compare it with
// hand-worked figures.
import { Analysis, formatDate } from '../core/facade';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { UsageError } from './usage';

export const scheduleCommand: Command = {
  name: 'schedule',
  usage: [
    'schedule [dir]  Print every handoff of each production under dir, chain instances included, with its dates',
    '--format text|csv|json    output format (default: text)',
  ],
  flags: { format: { type: 'string' } },
  maxPositionals: 1,
  run: (context) => runSchedule({ dir: context.positionals[0] ?? '.', format: stringFlag(context.flags.format) ?? 'text', write: context.write, progress: context.progress }),
};

export interface ScheduleRow {
  production: string;
  id: string;
  start?: string;
  due?: string;
  ready?: string;
  slack?: number;
  critical: boolean;
  milestone?: string;
  unit?: string;
  chain?: string;
  step?: string;
}

const FORMATS = ['text', 'csv', 'json'];
const COLUMNS: (keyof ScheduleRow)[] = ['production', 'id', 'start', 'due', 'ready', 'slack', 'critical', 'milestone', 'unit', 'chain', 'step'];

export function runSchedule(options: { dir: string; format: string; write: (text: string) => void; progress: (message: string) => void }): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  const { workspace, unreadable } = loadFolder(options.dir, options.progress);
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);
  const rows: ScheduleRow[] = [];
  const day = (value: number | undefined) => (value === undefined ? undefined : formatDate(value));
  for (const production of new Analysis(workspace).productions()) {
    if (production.key === '') continue;
    const schedule = production.schedule;
    const seen = new Set<string>();
    for (const handoff of production.handoffs) {
      if (seen.has(handoff.id)) continue;
      seen.add(handoff.id);
      const planned = schedule.handoffs.get(handoff.id);
      rows.push({
        production: production.production?.id ?? '',
        id: handoff.id,
        start: day(planned?.start),
        due: day(planned?.due),
        ready: day(planned?.ready),
        slack: planned?.slack,
        critical: planned?.critical ?? false,
        milestone: handoff.feeds,
        unit: handoff.unit,
        chain: handoff.origin?.chain,
        step: handoff.origin?.step,
      });
    }
  }
  if (options.format === 'json') options.write(`${JSON.stringify({ handoffs: rows }, null, 2)}\n`);
  else if (options.format === 'csv') {
    const cell = (value: unknown) => {
      const text = value === undefined ? '' : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    options.write(`${[COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((column) => cell(row[column])).join(','))].join('\n')}\n`);
  } else {
    const table = [COLUMNS, ...rows.map((row) => COLUMNS.map((column) => (row[column] === undefined ? '-' : String(row[column]))))];
    const widths = COLUMNS.map((_, k) => Math.max(...table.map((line) => line[k].length)));
    options.write(`${table.map((line) => line.map((text, k) => text.padEnd(widths[k])).join('  ').trimEnd()).join('\n')}\n`);
  }
  return 0;
}
