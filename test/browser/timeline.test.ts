import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PX_PER_DAY } from '../../client/src/webview/timeline';
import { previewMove } from '../../server/src/core/features/previewMove';
import type { ScheduleView } from '../../server/src/core/features/scheduleView';
import { DEFAULT_TODAY, edit, uriOf, workspaceOf } from '../harness';
import { requireChromium, ensureWebviewBundles, launchBrowser, openInVsCode, openPage, pageFor, postFromHost, waitForPosted, type OpenPage } from './browser';
import { largeSchedule } from './largeModels';
import { baseSchedule, dayOf, nightfallSchedule } from './models';

interface BarBox {
  id: string;
  lane: string;
  start: string;
  classes: string;
  work: { x: number; y: number; width: number; height: number };
  buffer?: { x: number; y: number; width: number; height: number; fill: string };
  criticalOutline: boolean;
  ariaLabel: string;
}

/** Each bar as drawn, in chart coordinates. */
function barsOf(page: Page): Promise<BarBox[]> {
  return page.$$eval('g[data-handoff]', (groups) =>
    groups.map((group) => {
      const box = (selector: string) => {
        const element = group.querySelector(selector) as SVGGraphicsElement | null;
        if (!element) return undefined;
        const { x, y, width, height } = element.getBBox();
        return { x, y, width, height, fill: element.getAttribute('fill') ?? '' };
      };
      return {
        id: group.getAttribute('data-handoff') ?? '',
        lane: group.getAttribute('data-lane') ?? '',
        start: group.getAttribute('data-start') ?? '',
        classes: group.getAttribute('class') ?? '',
        work: box('.hs-work')!,
        buffer: box('.hs-buffer'),
        criticalOutline: group.querySelector('.hs-critical-outline') !== null,
        ariaLabel: group.getAttribute('aria-label') ?? '',
      };
    }),
  );
}

function byId(bars: BarBox[]): Map<string, BarBox> {
  return new Map(bars.map((bar) => [bar.id, bar]));
}

async function pxPerDay(page: Page): Promise<number> {
  return Number(await page.getAttribute('.hs-timeline', 'data-px-per-day'));
}

/** The first and last point of an SVG path's `d`. */
function endsOf(d: string): { x1: number; y1: number; x2: number; y2: number } {
  const numbers = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  return { x1: numbers[0], y1: numbers[1], x2: numbers[numbers.length - 2], y2: numbers[numbers.length - 1] };
}

/**
 * Conflicts and overruns: magenta (#c0168a). Changed on purpose from the
 * error red (rgb(207, 34, 46)), which red department lanes drowned (issue 17, point 11).
 */
const CONFLICT = 'rgb(192, 22, 138)';
const RED_ERROR = 'rgb(207, 34, 46)';

describe('browser: timeline', function () {
  this.timeout(60_000);
  let browser: Browser;
  const open: OpenPage[] = [];

  before(async function () {
    requireChromium();
    ensureWebviewBundles();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    for (const page of open.splice(0)) await page.close();
  });

  async function standalone(model: ScheduleView): Promise<Page> {
    const opened = await openPage(browser, pageFor('timeline', model));
    open.push(opened);
    await opened.page.waitForSelector('g[data-handoff]');
    return opened.page;
  }

  async function inVsCode(model: ScheduleView): Promise<Page> {
    const opened = await openInVsCode(browser, 'timeline', { type: 'schedule', model });
    open.push(opened);
    await opened.page.waitForSelector('g[data-handoff]');
    return opened.page;
  }

  describe('the example production, standalone', () => {
    const model = nightfallSchedule();

    it('draws one bar per handoff in its department\'s lane', async () => {
      const page = await standalone(model);
      const bars = await barsOf(page);
      assert.deepEqual(bars.map((bar) => bar.id).sort(), model.handoffs.map((h) => h.id).sort());
      const lanes = await page.$$eval('rect.hs-lane', (rects) =>
        rects.map((rect) => {
          const { y, height } = (rect as SVGRectElement).getBBox();
          return { lane: rect.getAttribute('data-lane') ?? '', y, height };
        }),
      );
      const laneOf = new Map(lanes.map((lane) => [lane.lane, lane]));
      for (const handoff of model.handoffs) {
        const bar = bars.find((candidate) => candidate.id === handoff.id)!;
        assert.equal(bar.lane, handoff.lane, handoff.id);
        const lane = laneOf.get(handoff.lane)!;
        const middle = bar.work.y + bar.work.height / 2;
        assert.ok(middle > lane.y && middle < lane.y + lane.height, `${handoff.id} is drawn inside the ${handoff.lane} lane`);
      }
      const labels = await page.$$eval('.hs-lane-label .hs-lane-name', (names) => names.map((name) => name.textContent));
      assert.deepEqual(labels, model.departments.map((d) => d.name ?? d.id));
    });

    it('places bars left to right by start date, a day apart per px-per-day', async () => {
      const page = await standalone(model);
      const px = await pxPerDay(page);
      assert.equal(px, PX_PER_DAY.weeks, 'opens at the weeks zoom');
      const bars = (await barsOf(page)).sort((a, b) => a.start.localeCompare(b.start));
      for (let i = 1; i < bars.length; i++) {
        const [a, b] = [bars[i - 1], bars[i]];
        const days = dayOf(b.start) - dayOf(a.start);
        assert.ok(Math.abs(b.work.x - a.work.x - days * px) < 0.5, `${b.id} starts ${days} days after ${a.id}`);
        if (days > 0) assert.ok(b.work.x > a.work.x);
      }
    });

    it('hatches each review buffer from due to ready and outlines the critical path', async () => {
      const page = await standalone(model);
      const px = await pxPerDay(page);
      const bars = byId(await barsOf(page));
      assert.ok(model.criticalPath.length > 0);
      for (const handoff of model.handoffs) {
        const bar = bars.get(handoff.id)!;
        assert.equal(bar.criticalOutline, handoff.critical, `${handoff.id} is ${handoff.critical ? '' : 'not '}outlined as critical`);
        assert.equal(bar.classes.includes('hs-critical'), handoff.critical);
        if (handoff.bufferDays === 0) {
          assert.equal(bar.buffer, undefined);
          continue;
        }
        const buffer = bar.buffer!;
        assert.ok(Math.abs(buffer.x - (bar.work.x + bar.work.width)) < 0.5, `${handoff.id}: the buffer starts where the work ends`);
        const calendarDays = dayOf(handoff.ready!) - dayOf(handoff.due!);
        assert.ok(Math.abs(buffer.width - calendarDays * px) < 0.5, `${handoff.id}: the buffer runs to the ready date`);
        assert.match(buffer.fill, /^url\(#.+\)$/);
      }
      // The fill is a pattern of stripes.
      const pattern = await page.$eval('.hs-buffer', (rect) => {
        const id = (rect.getAttribute('fill') ?? '').slice(5, -1);
        const found = document.getElementById(id);
        return { tag: found?.tagName, lines: found?.querySelectorAll('line').length ?? 0, transform: found?.getAttribute('patternTransform') };
      });
      assert.deepEqual(pattern, { tag: 'pattern', lines: 1, transform: 'rotate(45)' });
    });

    it('draws an arrow from each upstream\'s ready end to its dependant\'s start', async () => {
      const page = await standalone(model);
      const bars = byId(await barsOf(page));
      const arrows = await page.$$eval('path.hs-arrow', (paths) =>
        paths.map((p) => ({ from: p.getAttribute('data-from') ?? '', to: p.getAttribute('data-to') ?? '', d: p.getAttribute('d') ?? '', classes: p.getAttribute('class') ?? '' })),
      );
      const links = model.handoffs.flatMap((h) => h.dependsOn.map((upstream) => `${upstream} -> ${h.id}`));
      assert.deepEqual(arrows.map((a) => `${a.from} -> ${a.to}`).sort(), links.sort());
      const critical = new Set(model.criticalPath.slice(1).map((id, i) => `${model.criticalPath[i]} -> ${id}`));
      for (const arrow of arrows) {
        const upstream = bars.get(arrow.from)!;
        const dependant = bars.get(arrow.to)!;
        const { x1, y1, x2, y2 } = endsOf(arrow.d);
        const readyEnd = upstream.buffer ? upstream.buffer.x + upstream.buffer.width : upstream.work.x + upstream.work.width;
        assert.ok(Math.abs(x1 - readyEnd) < 1 && Math.abs(y1 - (upstream.work.y + upstream.work.height / 2)) < 1, `${arrow.from} -> ${arrow.to} leaves the ready end`);
        assert.ok(Math.abs(x2 - dependant.work.x) < 1 && Math.abs(y2 - (dependant.work.y + dependant.work.height / 2)) < 1, `${arrow.from} -> ${arrow.to} arrives at the start`);
        assert.equal(arrow.classes.includes('hs-critical'), critical.has(`${arrow.from} -> ${arrow.to}`), `${arrow.from} -> ${arrow.to}`);
      }
    });

    it('zooms by the px-per-day of each button and says which is pressed', async () => {
      const page = await standalone(model);
      const id = model.criticalPath[0];
      const width = async () => (byId(await barsOf(page)).get(id)!).work.width;
      const weeks = await width();
      for (const zoom of ['days', 'months', 'weeks'] as const) {
        await page.click(`button[data-zoom="${zoom}"]`);
        await page.waitForSelector(`.hs-timeline[data-zoom="${zoom}"]`);
        const ratio = (await width()) / weeks;
        assert.ok(Math.abs(ratio - PX_PER_DAY[zoom] / PX_PER_DAY.weeks) < 0.01, `${zoom}: ${ratio}`);
        assert.equal(await page.getAttribute(`button[data-zoom="${zoom}"]`, 'aria-pressed'), 'true');
      }
    });

    it('shows milestones, today and a tooltip on every bar', async () => {
      const page = await standalone(model);
      const milestones = await page.$$eval('g.hs-milestone', (groups) => groups.map((g) => g.querySelector('.hs-milestone-label')?.textContent));
      assert.deepEqual(milestones, model.milestones.map((m) => m.title ?? m.id));
      assert.equal(await page.locator('.hs-chart-svg line.hs-milestone-line').count(), model.milestones.length);
      assert.equal(await page.locator('.hs-chart-svg line.hs-today-line').count(), 1);
      const tooltip = await page.$eval('g[data-handoff="fx-to-comp-sq020"] > title', (title) => title.textContent ?? '');
      const handoff = model.handoffs.find((h) => h.id === 'fx-to-comp-sq020')!;
      assert.ok(tooltip.startsWith(`${handoff.title} (fx-to-comp-sq020)\nfx → comp\nwork ${handoff.start} → ${handoff.due}`), tooltip);
      assert.match(tooltip, new RegExp(`ready ${handoff.ready}`));
      assert.match(tooltip, new RegExp(`slack ${handoff.slack} working day`));
      assert.match(tooltip, /status planned · risk high/);
    });
  });

  describe('the base fixture, standalone', () => {
    it('Tab focuses the bars in lane order with their aria-label', async () => {
      const model = baseSchedule();
      const handoff = model.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
      assert.ok(handoff.critical, 'the fixture puts fx-to-comp-sq010 on the critical path');
      const page = await standalone(model);
      const focused = async () => page.evaluate(() => document.activeElement?.getAttribute('data-handoff') ?? document.activeElement?.tagName);
      // The zoom buttons, the filter box and the lanes' collapse buttons come first.
      for (let i = 0; i < 20 && (await focused()) !== 'fx-sim-sq010'; i++) await page.keyboard.press('Tab');
      assert.equal(await focused(), 'fx-sim-sq010');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'fx-to-comp-sq010');
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
        'fx-to-comp-sq010: FX elements for sq010, 2027-01-13 to 2027-01-22, ready 2027-01-26, critical path',
      );
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'button');
    });

    it('marks conflicts and overruns in the conflict colour, risk and status beside the id', async () => {
      const model = baseSchedule({
        ...edit('sq010.handoff.yaml', 'start: 2027-01-13', 'start: 2027-01-11'),
        ...edit('test.production.yaml', 'date: 2027-02-05', 'date: 2027-01-25'),
      });
      const handoff = model.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
      assert.ok(handoff.conflict && handoff.overrun, 'the edits make a conflict and an overrun');
      const { missingWorkingDays } = handoff.conflict[0];
      const { lateWorkingDays } = handoff.overrun;
      const page = await standalone(model);
      const bar = page.locator('g[data-handoff="fx-to-comp-sq010"]');
      assert.match((await bar.getAttribute('class')) ?? '', /hs-conflict.*hs-overrun/);
      assert.equal(await bar.locator('.hs-conflict-span').count(), 1);
      assert.equal(await bar.locator('.hs-overrun-span').count(), 1);
      assert.equal(await bar.locator('.hs-problem-outline').evaluate((e) => getComputedStyle(e).stroke), CONFLICT);
      assert.equal(await page.locator('path.hs-arrow[data-to="fx-to-comp-sq010"]').evaluate((e) => getComputedStyle(e).stroke), CONFLICT);
      assert.equal(await page.locator('g.hs-milestone.hs-late').count(), 1);
      const label = await bar.locator('.hs-label').evaluate((e) => Array.from(e.children).map((child) => [child.getAttribute('class'), child.textContent]));
      assert.deepEqual(label, [
        ['hs-status-mark hs-status-info', '▸ '],
        ['hs-id', 'fx-to-comp-sq010'],
        ['hs-risk hs-risk-high', ' ▲high'],
        ['hs-problem', ` ⚠ ${missingWorkingDays}d early`],
        ['hs-problem', ` ⚠ ${lateWorkingDays}d late`],
      ]);
      assert.ok((await bar.getAttribute('aria-label'))?.endsWith(
        `, critical path, starts ${missingWorkingDays} working days before fx-sim-sq010 is ready, ready ${lateWorkingDays} working day${lateWorkingDays === 1 ? '' : 's'} after picture-lock`,
      ));
      const accepted = page.locator('g[data-handoff="fx-sim-sq010"] .hs-status-mark');
      assert.equal(await accepted.textContent(), '✓ ');
      assert.equal(await accepted.getAttribute('class'), 'hs-status-mark hs-status-ok');
    });

    it('draws conflicts in a hue apart from every department lane of the example and from the error red', async () => {
      const lanes = nightfallSchedule().departments.flatMap((d) => (d.color ? [d.color] : []));
      assert.ok(lanes.length >= 10);
      const hue = (rgb: [number, number, number]): number => {
        const [r, g, b] = rgb.map((c) => c / 255);
        const max = Math.max(r, g, b);
        const d = max - Math.min(r, g, b);
        const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
        return (h * 60 + 360) % 360;
      };
      const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
      const css = (color: string): [number, number, number] => (color.match(/\d+/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
      const apart = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
      for (const dark of [false, true]) {
        const page = await standalone(nightfallSchedule());
        if (dark) await page.evaluate(() => document.body.classList.add('vscode-dark'));
        const conflict = hue(css(await page.evaluate(() => getComputedStyle(document.querySelector('.hs-view')!).getPropertyValue('--hs-conflict').trim()).then((value) => `rgb(${hex(value).join(', ')})`)));
        // fx #e06c75 sits at 355°, comp #be5046 at 5°, story #c678dd at 286°: magenta (about 320°) keeps 30° and more from each.
        for (const lane of lanes) assert.ok(apart(conflict, hue(hex(lane))) >= 30, `conflict hue ${conflict.toFixed(0)}° vs lane ${lane}${dark ? ' (dark)' : ''}`);
        assert.ok(apart(conflict, hue(css(RED_ERROR))) >= 30, 'apart from the error red');
      }
    });

    it('is read-only: no grips, and a click posts nothing anywhere', async () => {
      const page = await standalone(baseSchedule());
      assert.equal(await page.locator('.hs-grip').count(), 0);
      assert.equal(await page.locator('.hs-editable').count(), 0);
      const before = await page.getAttribute('g[data-handoff="fx-sim-sq010"]', 'data-start');
      const work = page.locator('g[data-handoff="fx-sim-sq010"] .hs-work');
      const box = (await work.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 4 });
      await page.mouse.up();
      assert.equal(await page.getAttribute('g[data-handoff="fx-sim-sq010"]', 'data-start'), before);
    });
  });

  describe('in VS Code', () => {
    async function dragBy(page: Page, selector: string, days: number): Promise<void> {
      const px = await pxPerDay(page);
      const box = (await page.locator(selector).boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + days * px, y, { steps: 6 });
      await page.mouse.up();
    }

    it('drags a bar five days to a Saturday: moves to Monday, and its dependant shows the conflict the server works out', async () => {
      const model = baseSchedule();
      const page = await inVsCode(model);
      await page.click('button[data-zoom="days"]');
      await page.waitForSelector('.hs-timeline[data-zoom="days"]');
      await postFromHost(page, { type: 'focus', handoff: 'fx-sim-sq010' });
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-handoff') === 'fx-sim-sq010');
      assert.doesNotMatch((await page.getAttribute('g[data-handoff="fx-to-comp-sq010"]', 'class')) ?? '', /hs-conflict/);

      // Monday 2027-01-04 + 5 days = Saturday 2027-01-09 → Monday 2027-01-11; five working days of work → Friday 2027-01-15.
      await dragBy(page, 'g[data-handoff="fx-sim-sq010"] .hs-work', 5);
      const move = await waitForPosted(page, 'move');
      assert.deepEqual(move, { type: 'move', handoff: 'fx-sim-sq010', start: '2027-01-11', due: '2027-01-15' });

      const moved = page.locator('g[data-handoff="fx-sim-sq010"]');
      assert.equal(await moved.getAttribute('data-start'), '2027-01-11');
      assert.equal(await moved.getAttribute('data-ready'), '2027-01-19');
      // The view works out no conflicts itself: the dependant is not red until the host sends the server's preview.
      const dependant = page.locator('g[data-handoff="fx-to-comp-sq010"]');
      assert.doesNotMatch((await dependant.getAttribute('class')) ?? '', /hs-conflict/);

      // The host relays handoff/previewMove: the core's schedule with the move, nothing written.
      const workspace = workspaceOf();
      const text = workspace.file(uriOf('sq010.handoff.yaml'))!.parsed.text;
      const preview = previewMove(workspace, uriOf('sq010.handoff.yaml'), 'fx-sim-sq010', { start: move.start as string, due: move.due as string }, DEFAULT_TODAY);
      assert.ok(preview && !('error' in preview), 'the core previews the move');
      assert.equal(workspace.file(uriOf('sq010.handoff.yaml'))!.parsed.text, text, 'the preview wrote nothing');
      await postFromHost(page, { type: 'preview', model: preview });
      await page.waitForSelector('g[data-handoff="fx-to-comp-sq010"].hs-conflict');
      assert.equal(await moved.getAttribute('data-ready'), '2027-01-19');
      assert.equal(await dependant.locator('.hs-problem-outline').evaluate((e) => getComputedStyle(e).stroke), CONFLICT);
      assert.equal(await page.locator('path.hs-arrow[data-from="fx-sim-sq010"]').evaluate((e) => getComputedStyle(e).stroke), CONFLICT);

      // The host's answer replaces the optimistic picture.
      await postFromHost(page, { type: 'schedule', model });
      await page.waitForSelector('g[data-handoff="fx-sim-sq010"][data-start="2027-01-04"]');
      assert.doesNotMatch((await dependant.getAttribute('class')) ?? '', /hs-conflict/);
      assert.equal(await page.getAttribute('.hs-timeline', 'data-zoom'), 'days', 'an update keeps the zoom');
    });

    it('shows the last good schedule, marked stale and read-only, while a file does not parse', async () => {
      const model: ScheduleView = { ...baseSchedule(), stale: { files: ['file:///show/sq010.handoff.yaml'] } };
      const page = await inVsCode(model);
      assert.equal(
        (await page.textContent('.hs-stale-note'))?.replace(/\s+/g, ' '),
        'Stale: sq010.handoff.yaml does not parse; this is the last good schedule, read-only until the YAML is fixed.',
      );
      assert.equal(await page.locator('.hs-grip').count(), 0);
      assert.equal(await page.locator('.hs-timeline.hs-editable').count(), 0);
      await dragBy(page, 'g[data-handoff="fx-sim-sq010"] .hs-work', 5);
      assert.equal(await page.getAttribute('g[data-handoff="fx-sim-sq010"]', 'data-start'), '2027-01-04', 'the drag moved nothing');
      // Near miss: the next good model is editable again and the note goes.
      await postFromHost(page, { type: 'schedule', model: baseSchedule() });
      await page.waitForSelector('.hs-timeline.hs-editable');
      assert.equal(await page.locator('.hs-stale-note').count(), 0);
      assert.ok((await page.locator('.hs-grip').count()) > 0);
      const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type));
      assert.ok(!posted.includes('move'), posted.join(', '));
    });

    it('drags the due end alone, snapped forward to a working day', async () => {
      const page = await inVsCode(baseSchedule());
      await page.click('button[data-zoom="days"]');
      await postFromHost(page, { type: 'focus', handoff: 'fx-to-comp-sq010' });
      await page.waitForFunction(() => document.activeElement?.getAttribute('data-handoff') === 'fx-to-comp-sq010');
      // Friday 2027-01-22 + 1 day = Saturday → Monday 2027-01-25.
      await dragBy(page, 'g[data-handoff="fx-to-comp-sq010"] .hs-grip-due', 1);
      assert.deepEqual(await waitForPosted(page, 'move'), { type: 'move', handoff: 'fx-to-comp-sq010', due: '2027-01-25' });
      assert.equal(await page.getAttribute('g[data-handoff="fx-to-comp-sq010"]', 'data-start'), '2027-01-13');
    });

    it('click and Enter reveal the handoff in its YAML', async () => {
      const model = baseSchedule();
      const page = await inVsCode(model);
      await page.click('g[data-handoff="fx-to-comp-sq010"] .hs-work');
      const reveal = await waitForPosted(page, 'reveal');
      assert.deepEqual(reveal.source, model.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.source);
      assert.ok(!(await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'move'))), 'a click is not a move');

      await page.focus('g[data-handoff="fx-sim-sq010"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length === 2);
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, model.handoffs.find((h) => h.id === 'fx-sim-sq010')!.source);

      await page.click('g.hs-milestone .hs-diamond');
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length === 3);
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, model.milestones[0].source);
    });

    it('a click reveals the pressed bar when a new model redraws the chart between press and release', async () => {
      const model = baseSchedule();
      const page = await inVsCode(model);
      const selector = 'g[data-handoff="fx-to-comp-sq010"]';
      const box = await page.locator(`${selector} .hs-work`).boundingBox();
      if (!box) throw new Error('the bar of fx-to-comp-sq010 is not drawn');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      // The server's next schedule arrives while the button is held: every bar is drawn anew.
      const pressedBar = await page.locator(selector).elementHandle();
      await postFromHost(page, { type: 'schedule', model: baseSchedule() });
      await page.waitForFunction((element) => !element?.isConnected, pressedBar);
      await page.mouse.up();
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, model.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.source);
      assert.equal(await page.locator(`${selector}.hs-selected`).count(), 1, 'the clicked bar is selected');

      // Near miss: pressed on the bar, released on empty chart far from it: nothing is revealed.
      const posted = () => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length);
      const before = await posted();
      const other = await page.locator('g[data-handoff="fx-sim-sq010"] .hs-work').boundingBox();
      if (!other) throw new Error('the bar of fx-sim-sq010 is not drawn');
      await page.mouse.move(other.x + other.width / 2, other.y + other.height / 2);
      await page.mouse.down();
      await postFromHost(page, { type: 'schedule', model: baseSchedule() });
      await page.mouse.move(other.x + other.width / 2, other.y + other.height * 4, { steps: 4 });
      await page.mouse.up();
      await page.waitForTimeout(200);
      assert.equal(await posted(), before, 'a press that moved away is no click on the bar');
    });

    it('keeps zoom and scroll in the webview state and opens where it was left', async () => {
      const model = nightfallSchedule();
      const first = await inVsCode(model);
      await first.click('button[data-zoom="days"]');
      await first.waitForFunction(() => (window as unknown as { __state?: { zoom?: string } }).__state?.zoom === 'days');
      await first.$eval('.hs-scroll', (scroller) => {
        scroller.scrollLeft = 640;
        scroller.scrollTop = 120;
      });
      await first.waitForFunction(() => {
        const state = (window as unknown as { __state?: { scrollLeft?: number; scrollTop?: number } }).__state;
        return state?.scrollLeft === 640 && state.scrollTop === 120;
      });

      const second = await openInVsCode(browser, 'timeline', { type: 'schedule', model }, { state: { zoom: 'days', scrollLeft: 640, scrollTop: 120 } });
      open.push(second);
      await second.page.waitForSelector('.hs-timeline[data-zoom="days"] g[data-handoff]');
      assert.deepEqual(await second.page.$eval('.hs-scroll', (s) => [s.scrollLeft, s.scrollTop]), [640, 120]);
    });

    it("opens another production's timeline on its today, and keeps the place on a new model of the same one", async () => {
      const page = await inVsCode(nightfallSchedule());
      const far = await page.$eval('.hs-scroll', (scroller) => {
        scroller.scrollLeft = scroller.scrollWidth;
        scroller.scrollTop = 80;
        return scroller.scrollLeft;
      });
      // The same production again (an edit): the view stays where it was.
      await postFromHost(page, { type: 'schedule', model: nightfallSchedule() });
      await page.waitForFunction((left) => document.querySelector('.hs-scroll')!.scrollLeft === left, far);
      // Another production (the editor moved to one of its files): 2027-03-01 a third of the way into the bars' area.
      const other = largeSchedule(600);
      await postFromHost(page, { type: 'schedule', model: other });
      await page.waitForFunction(() => document.querySelector('.hs-minimap')?.getAttribute('data-bars') === '600');
      const place = await page.evaluate(() => {
        const scroller = document.querySelector('.hs-scroll')!;
        const today = document.querySelector('.hs-chart-svg .hs-today-line')!;
        const labels = document.querySelector('.hs-lanes')!.getBoundingClientRect().width;
        return { left: scroller.scrollLeft, top: scroller.scrollTop, todayX: Number(today.getAttribute('x1')), visible: scroller.clientWidth - labels };
      });
      assert.equal(place.top, 0);
      assert.ok(place.left < far, `scrolled back from ${far} to ${place.left}`);
      // Today's line (mid-day) sits a third of the way in, within a day.
      const px = await pxPerDay(page);
      assert.ok(Math.abs(place.todayX - place.left - place.visible / 3) <= px, `today at ${place.todayX - place.left} px of ${place.visible}`);
      assert.ok((await page.$$('g[data-handoff]')).length > 0, 'bars around today drawn');
      // A page rebuilt on that production's model with the first one's saved place opens on today too.
      await page.waitForFunction(() => (window as unknown as { __state?: { production?: string } }).__state?.production === 'show');
      const rebuilt = await openInVsCode(browser, 'timeline', { type: 'schedule', model: other }, { state: { zoom: 'weeks', scrollLeft: far, scrollTop: 80, production: 'nightfall' } });
      open.push(rebuilt);
      await rebuilt.page.waitForSelector('g[data-handoff]');
      assert.deepEqual(await rebuilt.page.$eval('.hs-scroll', (s) => [s.scrollLeft, s.scrollTop]), [place.left, 0]);
    });

    it('Alt+→ moves the focused bar by one working day', async () => {
      const page = await inVsCode(baseSchedule());
      await page.focus('g[data-handoff="fx-to-comp-sq010"]');
      await page.keyboard.press('Alt+ArrowRight');
      assert.deepEqual(await waitForPosted(page, 'move'), { type: 'move', handoff: 'fx-to-comp-sq010', start: '2027-01-14', due: '2027-01-25' });
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-handoff')), 'fx-to-comp-sq010');
    });
  });
});
