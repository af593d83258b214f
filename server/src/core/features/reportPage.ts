// The delivery report as one standalone HTML page a producer can open or
// attach to an email: inline SVG bar charts, no script, nothing loaded from
// anywhere (CSP `default-src 'none'` with a nonce for the one style element).
// Every text that comes from a spec goes through escapeHtml. Pure: the caller
// passes the nonce. In the core because two hosts render it: `handoff report`
// writes it to a file, and the server answers the editor's report panel with it.
import { formatNumber, type DeliveryFigures, type DeliveryReport, type StageFigures } from '../report';

/** A rate as a whole percentage ('91%'), or '–' when there is nothing to measure. */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** A count of working days ('1.5'), or '–'. */
export function days(value: number | null): string {
  return value === null ? '–' : formatNumber(value);
}

export interface ReportPageOptions {
  /** Base64 nonce of the style element, fresh for every page. */
  nonce: string;
  /** Also allow `data:` images in the policy, as the VS Code webview's page does; the standalone page needs none. */
  dataImages?: boolean;
  /**
   * One palette whatever the system's preference; `editor` takes the colours
   * of the VS Code theme the page is shown in (its CSS variables).
   */
  colorScheme?: 'light' | 'dark' | 'editor';
  /** A link for a handoff id in the late and at-risk lists (the editor's page opens its YAML); plain text without. */
  handoffHref?: (handoff: string) => string | undefined;
}

const SAFE_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function renderReportPage(reports: readonly DeliveryReport[], options: ReportPageOptions): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(options.nonce)) throw new Error('The nonce must be base64.');
  const title = reports.length === 1 ? `Delivery report — ${reports[0].title ?? reports[0].production}` : 'Delivery report';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${options.nonce}'${options.dataImages === true ? '; img-src data:' : ''}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="color-scheme" content="${options.colorScheme === undefined || options.colorScheme === 'editor' ? 'light dark' : options.colorScheme}">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style nonce="${options.nonce}">${STYLE}${options.colorScheme === undefined ? '' : `:root { ${PALETTE[options.colorScheme]} }\n`}</style>`,
    '</head>',
    '<body>',
    ...reports.map((report) => renderProduction(report, options.handoffHref)),
    '<footer>Figures by stage and department, from the history of each handoff. Made by <code>handoff report</code>.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderProduction(report: DeliveryReport, handoffHref: ReportPageOptions['handoffHref']): string {
  const name = report.title ?? report.production;
  const t = report.totals;
  const stageLabel = (stage: StageFigures) => `${stage.fromName ?? stage.from} → ${stage.toName ?? stage.to}`;
  const stageKey = (stage: StageFigures) => `${stage.from}→${stage.to}`;
  const measured = report.stages;
  return [
    `<section class="production" data-production="${escapeHtml(report.production)}">`,
    `<header><h1>${escapeHtml(name)}</h1><p class="as-of">Delivery report as of <time datetime="${escapeHtml(report.today)}">${escapeHtml(report.today)}</time> · ${t.handoffs} handoff${t.handoffs === 1 ? '' : 's'} in ${report.stages.length} stage${report.stages.length === 1 ? '' : 's'}</p></header>`,
    '<div class="tiles">',
    tile('on-time-rate', 'On time', percent(t.onTimeRate), `${t.onTime} of ${t.onTimeBasis} accepted by their ready date`),
    tile('first-pass-rate', 'First pass', percent(t.firstPassRate), `${t.firstPass} of ${t.firstPassBasis} accepted without a rejection`),
    tile('lead-time-median', 'Median lead time', days(t.leadTimeMedian), 'working days from submission to acceptance'),
    tile('revision-cycles-mean', 'Revision cycles', days(t.revisionCycles.mean), `per accepted handoff (most: ${t.revisionCycles.max ?? '–'})`),
    tile('late', 'Late now', String(report.late.length), 'past their ready date, not accepted', report.late.length > 0 ? 'bad' : ''),
    tile('at-risk', 'At risk', String(new Set(report.atRisk.map((entry) => entry.handoff)).size), 'behind schedule or high risk unmitigated', report.atRisk.length > 0 ? 'warn' : ''),
    '</div>',
    '<div class="charts">',
    barChart({
      metric: 'on-time-rate',
      title: 'On-time rate by stage',
      note: 'accepted on or before the ready date',
      rows: measured.map((stage) => ({ key: stageKey(stage), label: stageLabel(stage), value: stage.onTimeRate, text: percent(stage.onTimeRate), detail: `${stage.onTime}/${stage.onTimeBasis}` })),
      max: 1,
      tone: (value) => (value < 0.8 ? 'warn' : ''),
    }),
    barChart({
      metric: 'first-pass-rate',
      title: 'First-pass acceptance by stage',
      note: 'accepted without a rejection',
      rows: measured.map((stage) => ({ key: stageKey(stage), label: stageLabel(stage), value: stage.firstPassRate, text: percent(stage.firstPassRate), detail: `${stage.firstPass}/${stage.firstPassBasis}` })),
      max: 1,
      tone: (value) => (value < 0.8 ? 'warn' : ''),
    }),
    barChart({
      metric: 'lead-time-median',
      title: 'Median lead time by stage',
      note: 'working days, first submission to acceptance',
      rows: measured.map((stage) => ({ key: stageKey(stage), label: stageLabel(stage), value: stage.leadTimeMedian, text: days(stage.leadTimeMedian), detail: `${stage.leadTimes.length} accepted` })),
    }),
    barChart({
      metric: 'revision-cycles-mean',
      title: 'Revision cycles by stage',
      note: 'rejections before acceptance, mean per accepted handoff',
      rows: measured.map((stage) => ({ key: stageKey(stage), label: stageLabel(stage), value: stage.revisionCycles.mean, text: days(stage.revisionCycles.mean), detail: `max ${stage.revisionCycles.max ?? '–'}` })),
      tone: (value) => (value > 0 ? 'warn' : ''),
    }),
    ...report.targets.map(targetChart),
    histogram(report),
    bottlenecks(report),
    '</div>',
    lists(report, handoffHref),
    figuresTable('stages', 'By stage', ['From', 'To'], report.stages.map((stage) => ({ key: stageKey(stage), cells: [stage.fromName ?? stage.from, stage.toName ?? stage.to], figures: stage }))),
    figuresTable(
      'departments',
      'By delivering department',
      ['Department'],
      report.departments.map((department) => ({ key: department.department, cells: [department.name ?? department.department], figures: department, color: department.color })),
    ),
    report.byUnit && report.byUnit.length > 0
      ? figuresTable(
          'units',
          'By episode and sequence',
          ['Unit'],
          report.byUnit.map((unit) => ({ key: unit.path.join('/'), cells: [`${unit.kind} ${unit.unit}${unit.title ? ` · ${unit.title}` : ''}`], figures: unit, depth: unit.path.length - 1 })),
        )
      : '',
    report.vendors && report.vendors.length > 0
      ? figuresTable(
          'vendors',
          'By vendor (handoffs it delivers or receives)',
          ['Vendor'],
          report.vendors.map((vendor) => ({ key: vendor.department, cells: [vendor.name ?? vendor.department], figures: vendor })),
        )
      : '',
    '</section>',
  ].join('\n');
}

function tile(metric: string, label: string, value: string, note: string, tone = ''): string {
  return `<div class="tile ${tone}" data-metric="${metric}"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="note">${escapeHtml(note)}</div></div>`;
}

interface BarRow {
  key: string;
  label: string;
  value: number | null;
  text: string;
  detail: string;
}

const LABEL_WIDTH = 250;
const BAR_WIDTH = 270;
const ROW_HEIGHT = 24;

/** Horizontal bars, one per stage that has a value (the others are counted below the chart). */
function barChart(chart: { metric: string; title: string; note: string; rows: BarRow[]; max?: number; tone?: (value: number) => string }): string {
  const shown = chart.rows.filter((row) => row.value !== null);
  const hidden = chart.rows.length - shown.length;
  const values = shown.map((row) => row.value ?? 0);
  const max = chart.max ?? Math.max(1, ...values);
  const height = shown.length * ROW_HEIGHT + 8;
  const width = LABEL_WIDTH + BAR_WIDTH + 90;
  const rows = shown.map((row, index) => {
    const y = 4 + index * ROW_HEIGHT;
    const length = row.value === null ? 0 : Math.max(row.value > 0 ? 2 : 0, (row.value / max) * BAR_WIDTH);
    const tone = row.value === null ? 'none' : (chart.tone?.(row.value) ?? '');
    return [
      `<g class="row" data-stage="${escapeHtml(row.key)}" data-value="${row.value === null ? '' : row.value}">`,
      `<title>${escapeHtml(`${row.label}: ${row.text} (${row.detail})`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(truncate(row.label, 38))}</text>`,
      `<rect class="track" x="${LABEL_WIDTH}" y="${y + 4}" width="${BAR_WIDTH}" height="${ROW_HEIGHT - 8}" rx="2"></rect>`,
      `<rect class="bar ${tone}" x="${LABEL_WIDTH}" y="${y + 4}" width="${length.toFixed(1)}" height="${ROW_HEIGHT - 8}" rx="2"></rect>`,
      `<text class="value" x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 16}">${escapeHtml(row.text)}</text>`,
      '</g>',
    ].join('');
  });
  return [
    `<figure class="chart" data-chart="${chart.metric}">`,
    `<figcaption>${escapeHtml(chart.title)} <span>${escapeHtml(chart.note)}</span></figcaption>`,
    shown.length === 0
      ? '<p class="empty">No stage has a figure yet.</p>'
      : [
          `<svg role="img" aria-label="${escapeHtml(chart.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
          ...rows,
          '</svg>',
        ].join('\n'),
    hidden === 0 ? '' : `<p class="hidden-rows">${hidden} stage${hidden === 1 ? '' : 's'} without a figure yet not shown.</p>`,
    '</figure>',
  ].join('\n');
}

const TARGET_TITLES: Record<string, string> = { on_time_rate: 'On-time rate', first_pass_rate: 'First-pass rate', revision_cycles: 'Revision cycles' };

/** One target: the figure by month as columns, the target as a dashed line. */
function targetChart(target: DeliveryReport['targets'][number]): string {
  const rate = target.figure !== 'revision_cycles';
  const shown = (value: number | null) => (value === null ? '–' : rate ? percent(value) : days(value));
  const column = 56;
  const plot = 120;
  const top = 16;
  const width = Math.max(1, target.trend.length) * column + 70;
  const max = rate ? 1 : Math.max(target.target, ...target.trend.map((point) => point.value), 1);
  const y = (value: number) => top + plot - (value / max) * plot;
  const bars = target.trend.map((point, index) => {
    const x = 10 + index * column;
    const good = target.better === 'higher' ? point.value >= target.target : point.value <= target.target;
    return [
      `<g class="month" data-month="${escapeHtml(point.month)}" data-value="${point.value}">`,
      `<title>${escapeHtml(`${point.month}: ${shown(point.value)} over ${point.basis} handoff${point.basis === 1 ? '' : 's'}`)}</title>`,
      `<rect class="bar ${good ? '' : 'warn'}" x="${x}" y="${y(point.value).toFixed(1)}" width="${column - 16}" height="${(top + plot - y(point.value)).toFixed(1)}" rx="2"></rect>`,
      `<text class="value" x="${x + (column - 16) / 2}" y="${(y(point.value) - 3).toFixed(1)}" text-anchor="middle">${escapeHtml(shown(point.value))}</text>`,
      `<text class="label" x="${x + (column - 16) / 2}" y="${top + plot + 14}" text-anchor="middle">${escapeHtml(point.month)}</text>`,
      '</g>',
    ].join('');
  });
  const verdict = target.met === null ? 'no figure yet' : target.met ? 'met' : 'missed';
  return [
    `<figure class="chart target" data-chart="target-${target.figure}" data-met="${target.met === null ? '' : String(target.met)}">`,
    `<figcaption>${escapeHtml(TARGET_TITLES[target.figure])}: ${escapeHtml(shown(target.actual))} against a target of ${escapeHtml(shown(target.target))} <span>${verdict}, by month</span></figcaption>`,
    target.trend.length === 0
      ? '<p class="empty">No month has a figure yet.</p>'
      : [
          `<svg role="img" aria-label="${escapeHtml(TARGET_TITLES[target.figure])} by month" viewBox="0 0 ${width} ${top + plot + 22}" width="${width}" height="${top + plot + 22}" xmlns="http://www.w3.org/2000/svg">`,
          ...bars,
          `<line class="target-line" x1="4" x2="${width - 60}" y1="${y(target.target).toFixed(1)}" y2="${y(target.target).toFixed(1)}" stroke-dasharray="4 3"></line>`,
          `<text class="label" x="${width - 56}" y="${(y(target.target) + 4).toFixed(1)}">target</text>`,
          '</svg>',
        ].join('\n'),
    '</figure>',
  ].join('\n');
}

function histogram(report: DeliveryReport): string {
  const buckets = report.leadTimeHistogram;
  const width = LABEL_WIDTH + BAR_WIDTH + 90;
  const plotHeight = 140;
  const top = 20;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const slot = (width - 40) / buckets.length;
  const bars = buckets.map((bucket, index) => {
    const x = 20 + index * slot;
    const h = (bucket.count / max) * plotHeight;
    const y = top + plotHeight - h;
    return [
      `<g class="bucket" data-bucket="${escapeHtml(bucket.label)}" data-value="${bucket.count}">`,
      `<title>${escapeHtml(`${bucket.label} working day${bucket.label === '1' ? '' : 's'}: ${bucket.count} handoff${bucket.count === 1 ? '' : 's'}`)}</title>`,
      `<rect class="bar" x="${(x + 6).toFixed(1)}" y="${y.toFixed(1)}" width="${(slot - 12).toFixed(1)}" height="${h.toFixed(1)}" rx="2"></rect>`,
      `<text class="value" x="${(x + slot / 2).toFixed(1)}" y="${(y - 5).toFixed(1)}" text-anchor="middle">${bucket.count}</text>`,
      `<text class="label" x="${(x + slot / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">${escapeHtml(bucket.label)}</text>`,
      '</g>',
    ].join('');
  });
  const height = top + plotHeight + 28;
  return [
    '<figure class="chart" data-chart="lead-time-histogram">',
    `<figcaption>Lead time distribution <span>accepted handoffs by working days from first submission to acceptance (${report.totals.leadTimes.length} in all)</span></figcaption>`,
    `<svg role="img" aria-label="Lead time distribution" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<line class="axis" x1="20" y1="${top + plotHeight}" x2="${width - 20}" y2="${top + plotHeight}"></line>`,
    ...bars,
    '</svg>',
    '</figure>',
  ].join('\n');
}

function bottlenecks(report: DeliveryReport): string {
  const name = (id: string) => report.stages.find((stage) => stage.from === id)?.fromName ?? report.stages.find((stage) => stage.to === id)?.toName ?? id;
  return [
    '<section class="chart bottlenecks"><h2>Where work waits <span>the slowest stages, by median lead time, then revision cycles</span></h2>',
    report.bottlenecks.length === 0
      ? '<p class="empty">No stage stands out yet.</p>'
      : `<ol>${report.bottlenecks.map((entry) => `<li data-stage="${escapeHtml(`${entry.from}→${entry.to}`)}"><strong>${escapeHtml(`${name(entry.from)} → ${name(entry.to)}`)}</strong><br>${escapeHtml(entry.why)}</li>`).join('')}</ol>`,
    '</section>',
  ].join('\n');
}

function lists(report: DeliveryReport, handoffHref: ReportPageOptions['handoffHref']): string {
  const stage = (from: string, to: string) => `${from} → ${to}`;
  const id = (handoff: string) => {
    const href = handoffHref?.(handoff);
    const code = `<code>${escapeHtml(handoff)}</code>`;
    return href === undefined ? code : `<a href="${escapeHtml(href)}" title="Open ${escapeHtml(handoff)} in its spec file">${code}</a>`;
  };
  const late = report.late.map(
    (entry) =>
      `<tr data-handoff="${escapeHtml(entry.handoff)}"><td>${id(entry.handoff)}</td><td>${escapeHtml(stage(entry.from, entry.to))}</td><td class="num">${entry.days}</td><td>${escapeHtml(entry.why)}</td></tr>`,
  );
  const risky = report.atRisk.map(
    (entry) =>
      `<tr data-handoff="${escapeHtml(entry.handoff)}"><td>${id(entry.handoff)}</td><td>${escapeHtml(stage(entry.from, entry.to))}</td><td>${escapeHtml(entry.reason)}</td><td>${escapeHtml(entry.why)}</td></tr>`,
  );
  return [
    '<div class="lists">',
    `<section class="late"><h2>Late now <span class="count">${report.late.length}</span></h2>`,
    late.length === 0 ? '<p class="empty">No handoff is past its ready date.</p>' : `<table><thead><tr><th>Handoff</th><th>Stage</th><th class="num">Working days late</th><th>Why</th></tr></thead><tbody>${late.join('')}</tbody></table>`,
    '</section>',
    `<section class="at-risk"><h2>At risk <span class="count">${report.atRisk.length}</span></h2>`,
    risky.length === 0 ? '<p class="empty">No handoff is behind schedule or carries an unmitigated high risk.</p>' : `<table><thead><tr><th>Handoff</th><th>Stage</th><th>Reason</th><th>Why</th></tr></thead><tbody>${risky.join('')}</tbody></table>`,
    '</section>',
    '</div>',
    riskTable(report, id),
    actionTable(report),
  ].join('\n');
}

/** Post-mortem actions past their due date and not done. */
function actionTable(report: DeliveryReport): string {
  if (report.openActions.length === 0) return '';
  const rows = report.openActions.map(
    (action) =>
      `<tr data-postmortem="${escapeHtml(action.postmortem)}"><td><code>${escapeHtml(action.postmortem)}</code></td><td>${escapeHtml(action.do ?? '')}</td>` +
      `<td>${escapeHtml(action.owner ?? '')}</td><td>${escapeHtml(action.due)}</td><td class="num">${action.daysOverdue}</td><td>${action.updates ? `<code>${escapeHtml(action.updates)}</code>` : ''}</td></tr>`,
  );
  return [
    `<section class="open-actions"><h2>Open post-mortem actions <span class="count">${report.openActions.length}</span></h2>`,
    `<table><thead><tr><th>Post-mortem</th><th>Action</th><th>Owner</th><th>Due</th><th class="num">Days overdue</th><th>Updates</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

/** The risk log by exposure, each risk with the milestones it threatens. */
function riskTable(report: DeliveryReport, id: (handoff: string) => string): string {
  if (report.risks.length === 0) return '';
  const rows = report.risks.map((entry) => {
    const threatens = entry.threatens
      .map((m) => `<span class="${m.missed ? 'bad' : ''}">${escapeHtml(m.milestone)}${m.date ? ` ${escapeHtml(m.date)}` : ''}${m.slack === undefined ? '' : ` (slack ${m.slack}${m.missed ? ', would be missed' : ''})`}</span>`)
      .join(', ');
    return (
      `<tr data-risk="${escapeHtml(entry.risk)}"><td><code>${escapeHtml(entry.risk)}</code></td><td class="num">${entry.exposureDays ?? '–'}</td>` +
      `<td>${threatens || 'none'}</td><td>${entry.handoffs.map(id).join(', ')}</td><td>${escapeHtml(entry.description ?? '')}</td></tr>`
    );
  });
  return [
    `<section class="risks"><h2>Risks by exposure <span class="count">${report.risks.length}</span></h2>`,
    `<table><thead><tr><th>Risk</th><th class="num">Exposure (working days)</th><th>Threatens</th><th>Handoffs</th><th>What</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function figuresTable(kind: string, title: string, headings: string[], rows: { key: string; cells: string[]; figures: DeliveryFigures; color?: string; depth?: number }[]): string {
  const head = [...headings, 'Handoffs', 'Accepted', 'On time', 'First pass', 'Revision cycles (mean / max)', 'Median lead time', 'Late', 'At risk'];
  const body = rows.map(({ key, cells, figures: f, color, depth }) => {
    const swatch = color !== undefined && SAFE_COLOR.test(color) ? `<svg class="swatch" width="10" height="10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="${color}"></rect></svg> ` : '';
    return [
      `<tr data-key="${escapeHtml(key)}">`,
      // A name wraps rather than being cut; a sequence is indented under its episode.
      ...cells.map((cell, index) => `<td class="name${index === 0 && depth ? ` depth-${Math.min(depth, 3)}` : ''}">${index === 0 ? swatch : ''}${escapeHtml(cell)}</td>`),
      `<td class="num">${f.handoffs}</td>`,
      `<td class="num">${f.accepted}</td>`,
      `<td class="num" data-metric="on-time-rate">${percent(f.onTimeRate)} <span class="of">${f.onTime}/${f.onTimeBasis}</span></td>`,
      `<td class="num" data-metric="first-pass-rate">${percent(f.firstPassRate)} <span class="of">${f.firstPass}/${f.firstPassBasis}</span></td>`,
      `<td class="num" data-metric="revision-cycles">${days(f.revisionCycles.mean)} / ${f.revisionCycles.max ?? '–'}</td>`,
      `<td class="num" data-metric="lead-time-median">${days(f.leadTimeMedian)}</td>`,
      `<td class="num">${f.late}</td>`,
      `<td class="num">${f.atRisk}</td>`,
      '</tr>',
    ].join('');
  });
  return [
    `<section class="table" data-table="${kind}"><h2>${escapeHtml(title)}</h2>`,
    `<table><thead><tr>${head.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

const PALETTE = {
  // The editor's own colours, so the page follows the theme (and a change of theme) by itself.
  editor:
    '--fg: var(--vscode-editor-foreground); --muted: var(--vscode-descriptionForeground); --bg: var(--vscode-editor-background); --panel: var(--vscode-sideBar-background, var(--vscode-editor-background)); --line: var(--vscode-panel-border, var(--vscode-widget-border, #8884)); --bar: var(--vscode-charts-blue); --warn: var(--vscode-charts-orange); --bad: var(--vscode-charts-red); --track: var(--vscode-editorWidget-background, #8882); --link: var(--vscode-textLink-foreground);',
  light: '--fg: #1f2328; --muted: #656d76; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de; --bar: #3f7fbf; --warn: #d08a1c; --bad: #c8423a; --track: #eaeef2;',
  dark: '--fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #30363d; --bar: #5b9bd5; --warn: #e0a33a; --bad: #e5534b; --track: #21262d;',
};

const STYLE = `
:root { ${PALETTE.light} }
@media (prefers-color-scheme: dark) {
  :root { ${PALETTE.dark} }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 24px 32px 40px; font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.as-of { color: var(--muted); margin: 4px 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 12px; margin-bottom: 16px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile .value { font-size: 26px; font-weight: 600; margin: 2px 0; }
.tile .note { color: var(--muted); font-size: 12px; }
.tile.warn .value { color: var(--warn); }
.tile.bad .value { color: var(--bad); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(600px, 1fr)); gap: 12px 24px; }
.target-line { stroke: var(--text, currentColor); stroke-width: 1.5; }
figure.chart, section.chart { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figcaption span { font-weight: normal; color: var(--muted); font-size: 12px; margin-left: 6px; }
svg text { font: 12px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg text.value { fill: var(--muted); }
svg .track { fill: var(--track); }
svg .bar { fill: var(--bar); }
svg .bar.warn { fill: var(--warn); }
svg .axis { stroke: var(--line); }
.lists { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.name { overflow-wrap: anywhere; min-width: 8em; }
td.depth-1 { padding-left: 24px; }
td.depth-2 { padding-left: 40px; }
td.depth-3 { padding-left: 56px; }
td .of { color: var(--muted); font-size: 11px; }
.count { color: var(--muted); font-weight: normal; }
.empty, .hidden-rows { color: var(--muted); }
.hidden-rows { font-size: 12px; margin: 4px 0 0; }
.bottlenecks h2 { font-size: 14px; margin: 0 0 8px; }
.bottlenecks h2 span { font-weight: normal; color: var(--muted); font-size: 12px; margin-left: 6px; }
.bottlenecks ol { margin: 0; padding-left: 20px; }
.bottlenecks li { margin-bottom: 8px; }
.swatch { vertical-align: -1px; }
a { color: var(--link, inherit); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .tiles { grid-template-columns: repeat(2, 1fr); } .lists { grid-template-columns: 1fr; } }
@media print { body { max-width: none; padding: 0; } figure.chart, .tile { break-inside: avoid; } }
`;

/** Text made safe for HTML content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
