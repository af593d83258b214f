// `handoff report [dir]`: on-time rate, first-pass acceptance, revision cycles
// and lead time per stage and per delivering department, and the handoffs late
// or at risk today, from the handoffs' history. Never by person.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Analysis, days, formatNumber, parseDate, percent, type DeliveryFigures, type DeliveryReport } from '../core/facade';
import { reasonOf } from '../node/files';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { UsageError } from './usage';

export const reportCommand: Command = {
  name: 'report',
  usage: [
    'report [dir]    Delivery figures by stage and department, and what is late or at risk',
    '--format text|json|html|csv  output format (default: text)',
    '--out <file>               write to a file instead of stdout',
  ],
  flags: { format: { type: 'string' }, out: { type: 'string' } },
  maxPositionals: 1,
  run: (context) =>
    runReport({
      dir: context.positionals[0] ?? '.',
      format: stringFlag(context.flags.format) ?? 'text',
      out: stringFlag(context.flags.out),
      today: context.today,
      write: context.write,
      progress: context.progress,
    }),
};

export interface ReportOptions {
  dir: string;
  format: string;
  out?: string;
  today: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

const FORMATS = ['text', 'json', 'html', 'csv'];

export function runReport(options: ReportOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  if (parseDate(options.today) === undefined) throw new UsageError(`--today '${options.today}' is not a date; write it as YYYY-MM-DD`);
  const { workspace, unreadable } = loadFolder(options.dir, options.progress);
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);
  const analysis = new Analysis(workspace, { today: options.today });
  const productions = analysis.governedProductions();
  if (productions.length === 0) throw new UsageError(`no *.production.yaml under '${options.dir}'; the report needs a production's calendar and departments`);
  const reports = productions.map((production) => analysis.report(production));

  let output: string;
  if (options.format === 'json') output = JSON.stringify({ today: options.today, productions: reports }, null, 2);
  else if (options.format === 'csv') output = reportCsv(reports);
  else if (options.format === 'html') output = analysis.reportPage(reports, { nonce: randomBytes(16).toString('base64') });
  else output = reports.map(reportText).join('\n\n');

  if (options.out !== undefined) {
    const target = path.resolve(options.out);
    try {
      writeFileSync(target, output.endsWith('\n') ? output : `${output}\n`);
    } catch (error) {
      throw new UsageError(`cannot write '${options.out}': ${reasonOf(error)}`);
    }
    options.progress(`Wrote ${options.out}`);
  } else {
    options.write(output.endsWith('\n') ? output.slice(0, -1) : output);
  }
  return 0;
}

const rate = (part: number, basis: number, value: number | null) => (value === null ? '–' : `${percent(value)} (${part}/${basis})`);

export function reportText(report: DeliveryReport): string {
  const t = report.totals;
  const lines: string[] = [];
  lines.push(`Delivery report of ${report.production}${report.title && report.title !== report.production ? ` (${report.title})` : ''} as of ${report.today}`);
  lines.push('');
  lines.push(
    `${t.handoffs} handoffs, ${t.accepted} accepted. On time ${rate(t.onTime, t.onTimeBasis, t.onTimeRate)}; first pass ${rate(t.firstPass, t.firstPassBasis, t.firstPassRate)}; ` +
      `revision cycles ${days(t.revisionCycles.mean)} mean, ${t.revisionCycles.max ?? '–'} max; median lead time ${days(t.leadTimeMedian)} working day${t.leadTimeMedian === 1 ? '' : 's'}.`,
  );
  if (report.units.byHandoff.length > 0) {
    lines.push(`Units: ${report.units.accepted} accepted, ${report.units.submitted} submitted (partial deliveries by unit).`);
  }
  if (report.targets.length > 0) {
    lines.push('');
    lines.push('Against targets:');
    const shown = (figure: string, value: number | null) => (value === null ? '–' : figure === 'revision_cycles' ? formatNumber(Math.round(value * 100) / 100) : percent(value));
    const width = Math.max(...report.targets.map((t) => TARGET_NAMES[t.figure].length));
    for (const t of report.targets) {
      const verdict = t.met === null ? 'no figure yet' : t.met ? 'met' : t.better === 'higher' ? 'below target' : 'above target';
      const trend = t.trend.map((point) => `${point.month} ${shown(t.figure, point.value)}`).join(' · ');
      lines.push(`  ${TARGET_NAMES[t.figure].padEnd(width)}  ${shown(t.figure, t.actual)} (target ${shown(t.figure, t.target)}): ${verdict}${trend ? `; by month: ${trend}` : ''}`);
    }
  }
  lines.push('');
  lines.push('By stage:');
  lines.push(...table(['stage', ...FIGURE_HEADINGS], report.stages.map((stage) => [`${stage.from} → ${stage.to}`, ...figureCells(stage)])));
  lines.push('');
  lines.push('By delivering department:');
  lines.push(...table(['department', ...FIGURE_HEADINGS], report.departments.map((department) => [department.department, ...figureCells(department)])));
  if (report.byUnit && report.byUnit.length > 0) {
    lines.push('');
    lines.push('By episode and sequence:');
    // A sequence indented under its episode.
    lines.push(...table(['unit', ...FIGURE_HEADINGS], report.byUnit.map((unit) => [`${'  '.repeat(unit.path.length - 1)}${unit.unit}`, ...figureCells(unit)])));
  }
  if (report.vendors && report.vendors.length > 0) {
    lines.push('');
    lines.push('By vendor (handoffs it delivers or receives):');
    lines.push(...table(['vendor', ...FIGURE_HEADINGS], report.vendors.map((vendor) => [vendor.department, ...figureCells(vendor)])));
  }
  if (report.bottlenecks.length > 0) {
    lines.push('');
    lines.push('Where work waits (by stage):');
    for (const entry of report.bottlenecks) lines.push(`  ${entry.from} → ${entry.to}: ${entry.why}`);
  }
  lines.push('');
  lines.push(`Late (${report.late.length}):`);
  if (report.late.length === 0) lines.push('  none');
  const stageOf = (entry: { from: string; to: string }) => `${entry.from} → ${entry.to}`;
  const lateWidth = Math.max(0, ...report.late.map((entry) => entry.handoff.length));
  const lateStage = Math.max(0, ...report.late.map((entry) => stageOf(entry).length));
  for (const entry of report.late) lines.push(`  ${entry.handoff.padEnd(lateWidth)}  ${stageOf(entry).padEnd(lateStage)}  ${entry.why}`);
  lines.push('');
  lines.push(`At risk (${report.atRisk.length}):`);
  if (report.atRisk.length === 0) lines.push('  none');
  const riskWidth = Math.max(0, ...report.atRisk.map((entry) => entry.handoff.length));
  const riskStage = Math.max(0, ...report.atRisk.map((entry) => stageOf(entry).length));
  for (const entry of report.atRisk) lines.push(`  ${entry.handoff.padEnd(riskWidth)}  ${stageOf(entry).padEnd(riskStage)}  ${entry.reason}: ${entry.why}`);
  if (report.risks.length > 0) {
    lines.push('');
    lines.push(`Risks by exposure (${report.risks.length}):`);
    const width = Math.max(...report.risks.map((entry) => entry.risk.length));
    for (const entry of report.risks) {
      const exposure = entry.exposureDays === undefined ? 'exposure not given' : `${entry.exposureDays} working day${entry.exposureDays === 1 ? '' : 's'}`;
      const threatens =
        entry.threatens.length === 0
          ? 'threatens no milestone'
          : `threatens ${entry.threatens.map((m) => `${m.milestone}${m.date ? ` (${m.date}` : ' ('}${m.slack === undefined ? '' : `, slack ${m.slack}`}${m.missed ? ', would be missed' : ''})`).join(', ')}`;
      lines.push(`  ${entry.risk.padEnd(width)}  ${exposure}; ${threatens}; handoffs: ${entry.handoffs.join(', ') || '–'}`);
    }
  }
  if (report.openActions.length > 0) {
    lines.push('');
    lines.push(`Open post-mortem actions (${report.openActions.length}):`);
    for (const action of report.openActions) {
      lines.push(`  ${action.postmortem}: ${action.do ?? 'an action'}${action.owner ? ` (${action.owner})` : ''}, due ${action.due}, ${action.daysOverdue} day${action.daysOverdue === 1 ? '' : 's'} overdue${action.updates ? `; updates ${action.updates}` : ''}`);
    }
  }
  lines.push('');
  lines.push('Lead time distribution (working days):');
  const most = Math.max(1, ...report.leadTimeHistogram.map((bucket) => bucket.count));
  const labelWidth = Math.max(...report.leadTimeHistogram.map((bucket) => bucket.label.length));
  for (const bucket of report.leadTimeHistogram) {
    lines.push(`  ${bucket.label.padStart(labelWidth)}  ${'█'.repeat(Math.round((bucket.count / most) * 30)).padEnd(30)} ${bucket.count}`);
  }
  return lines.join('\n');
}

const TARGET_NAMES: Record<string, string> = { on_time_rate: 'on-time rate', first_pass_rate: 'first-pass rate', revision_cycles: 'revision cycles' };

const FIGURE_HEADINGS = ['handoffs', 'accepted', 'on time', 'first pass', 'cycles mean/max', 'lead time median', 'late', 'at risk'];

function figureCells(f: DeliveryFigures): string[] {
  return [
    String(f.handoffs),
    String(f.accepted),
    rate(f.onTime, f.onTimeBasis, f.onTimeRate),
    rate(f.firstPass, f.firstPassBasis, f.firstPassRate),
    `${days(f.revisionCycles.mean)}/${f.revisionCycles.max ?? '–'}`,
    days(f.leadTimeMedian),
    String(f.late),
    String(f.atRisk),
  ];
}

/** Columns padded to their widest cell; the first left-aligned, the others right-aligned. */
function table(headings: string[], rows: string[][]): string[] {
  const all = [headings, ...rows];
  const widths = headings.map((_, column) => Math.max(...all.map((row) => [...row[column]].length)));
  return all.map(
    (row) =>
      `  ${row
        .map((cell, column) => {
          const pad = ' '.repeat(widths[column] - [...cell].length);
          return column === 0 ? cell + pad : pad + cell;
        })
        .join('  ')}`,
  );
}

const CSV_COLUMNS = [
  'production',
  'scope',
  'from',
  'to',
  'department',
  'handoffs',
  'submitted',
  'accepted',
  'on_time',
  'on_time_basis',
  'on_time_rate',
  'first_pass',
  'first_pass_basis',
  'first_pass_rate',
  'revision_cycles_mean',
  'revision_cycles_max',
  'revision_cycles_total',
  'lead_time_median',
  'lead_times',
  'late',
  'at_risk',
  // The roll-up's unit path, and on the rows of single late and at-risk handoffs what a tracker needs.
  'unit',
  'handoff',
  'reason',
  'why',
  'ready',
  'days',
];

/**
 * One row per stage, delivering department, episode or sequence and vendor
 * (rates as fractions with 4 decimals), then one per late and per at-risk
 * handoff (a handoff at risk for two reasons has two rows).
 */
export function reportCsv(reports: readonly DeliveryReport[]): string {
  const rows = [CSV_COLUMNS];
  const number = (value: number | null) => (value === null ? '' : String(Math.round(value * 10_000) / 10_000));
  const figures = (f: DeliveryFigures) => [
    String(f.handoffs),
    String(f.submitted),
    String(f.accepted),
    String(f.onTime),
    String(f.onTimeBasis),
    number(f.onTimeRate),
    String(f.firstPass),
    String(f.firstPassBasis),
    number(f.firstPassRate),
    number(f.revisionCycles.mean),
    f.revisionCycles.max === null ? '' : String(f.revisionCycles.max),
    String(f.revisionCycles.total),
    f.leadTimeMedian === null ? '' : formatNumber(f.leadTimeMedian),
    f.leadTimes.join(' '),
    String(f.late),
    String(f.atRisk),
  ];
  const noFigures = CSV_COLUMNS.slice(5, CSV_COLUMNS.indexOf('unit')).map(() => '');
  const noHandoff = ['', '', '', '', ''];
  for (const report of reports) {
    for (const stage of report.stages) rows.push([report.production, 'stage', stage.from, stage.to, '', ...figures(stage), '', ...noHandoff]);
    for (const department of report.departments) rows.push([report.production, 'department', '', '', department.department, ...figures(department), '', ...noHandoff]);
    for (const unit of report.byUnit ?? []) rows.push([report.production, 'unit', '', '', '', ...figures(unit), unit.path.join('/'), ...noHandoff]);
    for (const vendor of report.vendors ?? []) rows.push([report.production, 'vendor', '', '', vendor.department, ...figures(vendor), '', ...noHandoff]);
    for (const entry of report.late) rows.push([report.production, 'late', entry.from, entry.to, entry.from, ...noFigures, '', entry.handoff, 'late', entry.why, entry.ready, String(entry.days)]);
    for (const entry of report.atRisk) {
      rows.push([report.production, 'at_risk', entry.from, entry.to, entry.from, ...noFigures, '', entry.handoff, entry.reason, entry.why, '', entry.days === undefined ? '' : String(entry.days)]);
    }
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** RFC 4180 quoting (rows end in a line feed, which spreadsheets read too), and a leading quote on text a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
