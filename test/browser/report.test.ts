// The HTML delivery report in headless Chromium: the page `handoff report
// --format html` writes draws every chart, shows the same numbers as
// `--format json`, applies its stylesheet under its strict policy, loads
// nothing, and shows hostile spec text as text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { days, percent } from '../../server/src/core/facade';
import { requireChromium } from './browser';
import type { DeliveryReport } from '../../server/src/core/report';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'report');
const TODAY = '2027-01-27';

function handoff(...args: string[]): string {
  if (!existsSync(CLI)) assert.equal(spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT }).status, 0, 'the CLI bundle did not build');
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
  close(): Promise<void>;
}

async function open(browser: Browser, html: string): Promise<Opened> {
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-report-page-'));
  const file = path.join(folder, 'report.html');
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: { width: 1320, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(pathToFileURL(file).href);
  return {
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

interface Row {
  key: string;
  value: string;
  text: string;
  label: string;
  barWidth: number;
  trackWidth: number;
}

function chartRows(page: Page, chart: string): Promise<Row[]> {
  return page.$$eval(`figure[data-chart="${chart}"] g.row`, (rows) =>
    rows.map((row) => ({
      key: row.getAttribute('data-stage') ?? '',
      value: row.getAttribute('data-value') ?? '',
      text: row.querySelector('text.value')?.textContent ?? '',
      label: row.querySelector('text.label')?.textContent ?? '',
      barWidth: (row.querySelector('rect.bar') as SVGGraphicsElement).getBBox().width,
      trackWidth: (row.querySelector('rect.track') as SVGGraphicsElement).getBBox().width,
    })),
  );
}

describe('browser: delivery report page', function () {
  let browser: Browser;
  let report: DeliveryReport;
  let opened: Opened;

  before(async function () {
    requireChromium();
    report = JSON.parse(handoff('report', FIXTURE, '--today', TODAY, '--format', 'json')).productions[0];
    const html = handoff('report', FIXTURE, '--today', TODAY, '--format', 'html');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    opened = await open(browser, html);
  });

  after(async () => {
    await opened?.close();
    await browser?.close();
  });

  it('draws the four stage charts and the lead-time distribution as SVG', async () => {
    const charts = await opened.page.$$eval('figure.chart', (figures) =>
      figures.map((figure) => ({ chart: figure.getAttribute('data-chart'), svg: figure.querySelectorAll('svg').length, height: figure.getBoundingClientRect().height })),
    );
    assert.deepEqual(
      charts.map((chart) => [chart.chart, chart.svg]),
      [
        ['on-time-rate', 1],
        ['first-pass-rate', 1],
        ['lead-time-median', 1],
        ['revision-cycles-mean', 1],
        ['lead-time-histogram', 1],
      ],
    );
    for (const chart of charts) assert.ok(chart.height > 80, `${chart.chart} is drawn (${chart.height}px)`);
  });

  it('shows the numbers of the JSON output in the stage charts, bars to scale', async () => {
    const key = (stage: { from: string; to: string }) => `${stage.from}→${stage.to}`;
    const checks: [string, (stage: DeliveryReport['stages'][number]) => number | null, (value: number | null) => string, number | undefined][] = [
      ['on-time-rate', (stage) => stage.onTimeRate, percent, 1],
      ['first-pass-rate', (stage) => stage.firstPassRate, percent, 1],
      ['lead-time-median', (stage) => stage.leadTimeMedian, days, undefined],
      ['revision-cycles-mean', (stage) => stage.revisionCycles.mean, days, undefined],
    ];
    for (const [chart, metric, format, scale] of checks) {
      const rows = await chartRows(opened.page, chart);
      const expected = report.stages.filter((stage) => metric(stage) !== null);
      assert.deepEqual(
        rows.map((row) => [row.key, Number(row.value), row.text]),
        expected.map((stage) => [key(stage), metric(stage), format(metric(stage))]),
        chart,
      );
      const max = scale ?? Math.max(1, ...expected.map((stage) => metric(stage)!));
      for (const row of rows) {
        assert.ok(Math.abs(row.barWidth / row.trackWidth - Number(row.value) / max) < 0.01 || (Number(row.value) > 0 && row.barWidth === 2), `${chart} ${row.key}: bar ${row.barWidth}/${row.trackWidth}`);
      }
    }
    // The labels are the departments' names.
    assert.equal((await chartRows(opened.page, 'on-time-rate'))[0].label, 'Layout → Animation');
  });

  it('draws the lead-time distribution of the JSON output', async () => {
    const buckets = await opened.page.$$eval('figure[data-chart="lead-time-histogram"] g.bucket', (groups) =>
      groups.map((group) => ({
        label: group.getAttribute('data-bucket'),
        count: Number(group.getAttribute('data-value')),
        shown: group.querySelector('text.value')?.textContent,
        height: (group.querySelector('rect.bar') as SVGGraphicsElement).getBBox().height,
      })),
    );
    assert.deepEqual(
      buckets.map((bucket) => [bucket.label, bucket.count, bucket.shown]),
      report.leadTimeHistogram.map((bucket) => [bucket.label, bucket.count, String(bucket.count)]),
    );
    const most = Math.max(...buckets.map((bucket) => bucket.count));
    const tallest = Math.max(...buckets.map((bucket) => bucket.height));
    for (const bucket of buckets) assert.ok(Math.abs(bucket.height - (bucket.count / most) * tallest) < 0.5, `${bucket.label}: ${bucket.height}`);
  });

  it('shows the totals, the tables and the late and at-risk lists of the JSON output', async () => {
    const tiles = await opened.page.$$eval('.tile', (elements) => Object.fromEntries(elements.map((tile) => [tile.getAttribute('data-metric'), tile.querySelector('.value')?.textContent])));
    const t = report.totals;
    assert.deepEqual(tiles, {
      'on-time-rate': percent(t.onTimeRate),
      'first-pass-rate': percent(t.firstPassRate),
      'lead-time-median': days(t.leadTimeMedian),
      'revision-cycles-mean': days(t.revisionCycles.mean),
      late: String(report.late.length),
      'at-risk': String(new Set(report.atRisk.map((entry) => entry.handoff)).size),
    });
    assert.deepEqual(tiles, { 'on-time-rate': '40%', 'first-pass-rate': '40%', 'lead-time-median': '2.5', 'revision-cycles-mean': '0.75', late: '1', 'at-risk': '4' });

    const stageRows = await opened.page.$$eval('section[data-table="stages"] tbody tr', (rows) =>
      rows.map((row) => [row.getAttribute('data-key'), row.querySelector('[data-metric="on-time-rate"]')?.textContent, row.querySelector('[data-metric="lead-time-median"]')?.textContent]),
    );
    assert.deepEqual(
      stageRows,
      report.stages.map((stage) => [`${stage.from}→${stage.to}`, `${percent(stage.onTimeRate)} ${stage.onTime}/${stage.onTimeBasis}`, days(stage.leadTimeMedian)]),
    );
    const departments = await opened.page.$$eval('section[data-table="departments"] tbody tr', (rows) => rows.map((row) => row.getAttribute('data-key')));
    assert.deepEqual(
      departments,
      report.departments.map((department) => department.department),
    );

    const late = await opened.page.$$eval('section.late tbody tr', (rows) => rows.map((row) => [row.getAttribute('data-handoff'), row.querySelector('td.num')?.textContent]));
    assert.deepEqual(
      late,
      report.late.map((entry) => [entry.handoff, String(entry.days)]),
    );
    const risky = await opened.page.$$eval('section.at-risk tbody tr', (rows) => rows.map((row) => row.getAttribute('data-handoff')));
    assert.deepEqual(
      risky,
      report.atRisk.map((entry) => entry.handoff),
    );
    const bottlenecks = await opened.page.$$eval('section.bottlenecks li', (items) => items.map((item) => item.getAttribute('data-stage')));
    assert.deepEqual(
      bottlenecks,
      report.bottlenecks.map((entry) => `${entry.from}→${entry.to}`),
    );
  });

  it('applies its stylesheet under the policy and loads nothing else', async () => {
    const style = await opened.page.evaluate(() => {
      const tile = document.querySelector('.tile')!;
      const bar = (stage: string) => getComputedStyle(document.querySelector(`figure[data-chart="first-pass-rate"] g[data-stage="${stage}"] rect.bar`)!).fill;
      return { display: getComputedStyle(document.querySelector('.tiles')!).display, radius: getComputedStyle(tile).borderTopLeftRadius, good: bar('anim→fx'), poor: bar('layout→anim') };
    });
    // 100% first pass in the accent colour; 50% in the warning colour.
    assert.deepEqual(style, { display: 'grid', radius: '6px', good: 'rgb(63, 127, 191)', poor: 'rgb(208, 138, 28)' });
    assert.equal(opened.requests.length, 1, opened.requests.join('\n'));
    assert.ok(opened.requests[0].startsWith('file:'));
    assert.deepEqual(opened.errors, []);
  });

  it('shows hostile spec text as text', async () => {
    const hostile = `</title><script>document.title='owned'</script><img src=x onerror="document.title='owned'">"'&`;
    const folder = mkdtempSync(path.join(tmpdir(), 'handoff-report-hostile-'));
    try {
      for (const name of ['report.glossary.yaml', 'frames.template.yaml', 'report.risks.yaml', 'shots.handoff.yaml']) {
        writeFileSync(path.join(folder, name), readFileSync(path.join(FIXTURE, name), 'utf8'));
      }
      const production = readFileSync(path.join(FIXTURE, 'report.production.yaml'), 'utf8')
        .replace('title: Report Fixture', `title: ${JSON.stringify(hostile)}`)
        .replace('name: Layout,', `name: ${JSON.stringify(hostile)},`);
      writeFileSync(path.join(folder, 'report.production.yaml'), production);
      const page = await open(browser, handoff('report', folder, '--today', TODAY, '--format', 'html'));
      try {
        const seen = await page.page.evaluate(() => ({
          title: document.title,
          heading: document.querySelector('h1')?.textContent,
          label: document.querySelector('figure[data-chart="on-time-rate"] text.label')?.textContent,
          scripts: document.querySelectorAll('script').length,
          images: document.querySelectorAll('img').length,
        }));
        assert.deepEqual(seen, {
          title: `Delivery report — ${hostile}`,
          heading: hostile,
          label: `${hostile.slice(0, 37)}…`,
          scripts: 0,
          images: 0,
        });
        assert.deepEqual(page.errors, []);
        assert.equal(page.requests.length, 1);
      } finally {
        await page.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
