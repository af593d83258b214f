// The timeline at the size of a real show (test/browser/largeModels.ts: chains
// of five handoffs, one per department, each waiting for the one before):
// windowed drawing, the filter box, collapsible lanes, search-and-jump, arrows
// for the selected chain only, the overview strip, and hostile text inert in
// every new control.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ALL_ARROWS_UP_TO, WINDOWED_ABOVE } from '../../client/src/webview/timeline';
import type { ScheduleView } from '../../server/src/core/features/scheduleView';
import { browserSuite, openPage, pageFor } from './browser';
import { largeHandoffId, largeSchedule } from './largeModels';

const COUNT = 2000;

describe('browser: timeline at scale', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  async function standalone(model: ScheduleView): Promise<Page> {
    const opened = await openPage(suite.browser, pageFor('timeline', model));
    suite.track(opened);
    await opened.page.waitForSelector('g[data-handoff]');
    return opened.page;
  }

  const drawnBars = (page: Page) => page.$$eval('g[data-handoff]', (groups) => groups.map((g) => g.getAttribute('data-handoff') ?? ''));
  const arrowCount = (page: Page) => page.$$eval('.hs-arrow', (paths) => paths.length);

  it('draws only the bars around the window in view, and the overview strip shows them all', async () => {
    assert.ok(COUNT > WINDOWED_ABOVE);
    const page = await standalone(largeSchedule(COUNT));
    const drawn = await drawnBars(page);
    assert.ok(drawn.length > 0 && drawn.length < COUNT / 4, `drew ${drawn.length} of ${COUNT} bars`);
    assert.equal(await page.getAttribute('.hs-minimap', 'data-bars'), String(COUNT));
    // A click at the right end of the strip scrolls there and draws the bars found there.
    const before = await page.$eval('.hs-scroll', (s) => s.scrollLeft);
    const box = (await page.$('.hs-minimap'))!.boundingBox();
    const strip = (await box)!;
    await page.mouse.click(strip.x + strip.width * 0.9, strip.y + strip.height / 2);
    await page.waitForFunction((left) => document.querySelector('.hs-scroll')!.scrollLeft > left + 100, before);
    await page.waitForFunction((first) => !document.querySelector(`g[data-handoff="${first}"]`), drawn[0]);
    assert.ok((await drawnBars(page)).length > 0);
  });

  it('scrolling past the drawn window keeps the focused bar, draws each bar and run of days off once, in Tab order', async () => {
    const page = await standalone(largeSchedule(COUNT));
    const scrollBy = (dx: number) => page.$eval('.hs-scroll', (scroller, by) => {
      scroller.scrollLeft += by;
    }, dx);
    // A bar well inside the view, focused and marked, so that a new element in its place would show.
    const kept = await page.evaluate(() => {
      const view = document.querySelector('.hs-scroll')!.getBoundingClientRect();
      const bar = Array.from(document.querySelectorAll<SVGGElement>('g[data-handoff]')).find((g) => {
        const box = g.querySelector('.hs-work')!.getBoundingClientRect();
        return box.left > view.left + 250 && box.right < view.left + 600 && box.top > view.top + 100 && box.bottom < view.bottom;
      });
      if (!bar) return undefined;
      bar.focus({ preventScroll: true });
      (bar as unknown as { marked: boolean }).marked = true;
      return bar.getAttribute('data-handoff');
    });
    assert.ok(kept, 'a bar in the middle of the view');
    const drawnBefore = await drawnBars(page);
    // A third of the view to the left: past a quarter of it, so the window is drawn again, with the bar still in it.
    const width = await page.$eval('.hs-scroll', (scroller) => scroller.clientWidth);
    await scrollBy(-Math.round(width / 3));
    await page.waitForFunction((before) => {
      const ids = Array.from(document.querySelectorAll('g[data-handoff]'), (g) => g.getAttribute('data-handoff'));
      return ids.join() !== before.join();
    }, drawnBefore);
    const after = await page.evaluate((id) => {
      const bar = document.querySelector(`g[data-handoff="${id}"]`) as (SVGGElement & { marked?: boolean }) | null;
      return { same: bar?.marked === true, focused: document.activeElement === bar };
    }, kept);
    assert.deepEqual(after, { same: true, focused: true }, 'the bar still in the window is the one drawn before, with the focus');
    // Back and forth a few times: no bar and no run of days off twice, and Tab order lane by lane, earliest start first.
    for (const dx of [width, width, -2 * width, width / 2]) {
      await scrollBy(Math.round(dx));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    }
    const ids = await drawnBars(page);
    assert.equal(new Set(ids).size, ids.length, 'each bar once');
    const runs = await page.$$eval('rect.hs-day-off', (rects) => rects.map((r) => `${r.getAttribute('data-lane')} ${r.getAttribute('data-from')}`));
    assert.ok(runs.length > 0);
    assert.equal(new Set(runs).size, runs.length, 'each run of days off once');
    const order = await page.$$eval('g.hs-lane-bars', (groups) => groups.map((g) => Array.from(g.querySelectorAll('g[data-handoff]'), (bar) => bar.getAttribute('data-start') ?? '')));
    for (const starts of order) assert.deepEqual(starts, [...starts].sort(), 'earliest start first within a lane');
  });

  it('filters by text, department, status, late and critical, and says how many are shown', async () => {
    const page = await standalone(largeSchedule(COUNT));
    await page.fill('.hs-filter-text', largeHandoffId(1234));
    await page.waitForFunction(() => document.querySelectorAll('g[data-handoff]').length === 1);
    assert.deepEqual(await drawnBars(page), [largeHandoffId(1234)]);
    assert.equal(await page.textContent('.hs-filter-count'), `1 of ${COUNT} shown`);
    await page.fill('.hs-filter-text', '');
    // Critical: the first chain (h00000..h00004), one bar per department.
    await page.check('.hs-filter-critical');
    await page.waitForFunction(() => document.querySelectorAll('g[data-handoff]').length === 5);
    assert.deepEqual((await drawnBars(page)).sort(), [0, 1, 2, 3, 4].map(largeHandoffId));
    await page.uncheck('.hs-filter-critical');
    // Late: step 1 (Layout) of every chain c with c % 7 = 3; 400 chains → 57 late.
    await page.check('.hs-filter-late');
    await page.waitForFunction(() => /^57 of/.test(document.querySelector('.hs-filter-count')!.textContent ?? ''));
    for (const id of await drawnBars(page)) assert.equal(Number(id.slice(1)) % 5, 1, id);
    await page.uncheck('.hs-filter-late');
    await page.selectOption('.hs-filter-department', 'fx');
    await page.waitForFunction((count) => document.querySelector('.hs-filter-count')!.textContent === `${count / 5} of ${count} shown`, COUNT);
    for (const lane of await page.$$eval('g[data-handoff]', (gs) => gs.map((g) => g.getAttribute('data-lane')))) assert.equal(lane, 'fx');
    await page.selectOption('.hs-filter-department', '');
    await page.selectOption('.hs-filter-status', 'accepted');
    await page.waitForFunction((count) => document.querySelector('.hs-filter-count')!.textContent === `${count / 5} of ${count} shown`, COUNT);
  });

  it('collapses and expands a lane from its label', async () => {
    const page = await standalone(largeSchedule(200));
    const toggle = '.hs-lane-label[data-lane="editorial"] .hs-lane-toggle';
    assert.equal(await page.getAttribute(toggle, 'aria-expanded'), 'true');
    const heightBefore = await page.$eval('.hs-lane-label[data-lane="editorial"]', (l) => l.getBoundingClientRect().height);
    await page.click(toggle);
    await page.waitForFunction(() => !document.querySelector('g[data-lane="editorial"][data-handoff]'));
    assert.equal(await page.getAttribute(toggle, 'aria-expanded'), 'false');
    assert.equal(await page.textContent('.hs-lane-label[data-lane="editorial"] .hs-lane-count'), '40 hidden');
    const heightAfter = await page.$eval('.hs-lane-label[data-lane="editorial"]', (l) => l.getBoundingClientRect().height);
    assert.ok(heightAfter < heightBefore, `${heightAfter} < ${heightBefore}`);
    // The other lanes keep their bars; the collapse button keeps the focus.
    assert.ok((await drawnBars(page)).length > 0);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('hs-lane-toggle')), true);
    await page.keyboard.press('Enter');
    await page.waitForSelector('g[data-lane="editorial"][data-handoff]');
  });

  it('jumps to a handoff found by id or title, expanding its lane, and selects it', async () => {
    const page = await standalone(largeSchedule(COUNT, (index) => (index === 1777 ? 'The harbour crane shot' : `Shot ${index}`)));
    await page.click('.hs-lane-label[data-lane="anim"] .hs-lane-toggle');
    await page.fill('.hs-search', 'harbour crane');
    await page.press('.hs-search', 'Enter');
    const target = largeHandoffId(1777);
    await page.waitForFunction((id) => document.activeElement?.getAttribute('data-handoff') === id, target);
    assert.match((await page.getAttribute(`g[data-handoff="${target}"]`, 'class')) ?? '', /hs-selected/);
    // 1777 % 5 = 2: an Animation handoff, in the lane collapsed above, expanded to show it.
    assert.equal(await page.getAttribute('.hs-lane-label[data-lane="anim"] .hs-lane-toggle', 'aria-expanded'), 'true');
    // In view: the bar's box lies inside the scroller's.
    const inView = await page.evaluate((id) => {
      const bar = document.querySelector(`g[data-handoff="${id}"] .hs-work`)!.getBoundingClientRect();
      const view = document.querySelector('.hs-scroll')!.getBoundingClientRect();
      return bar.left >= view.left && bar.right <= view.right && bar.top >= view.top && bar.bottom <= view.bottom;
    }, target);
    assert.ok(inView);
    await page.fill('.hs-search', 'no such handoff');
    await page.press('.hs-search', 'Enter');
    assert.match((await page.getAttribute('.hs-search', 'class')) ?? '', /hs-not-found/);
  });

  it('draws arrows only for the selected handoff\'s chain, all of them on request', async () => {
    const count = ALL_ARROWS_UP_TO + 50;
    const page = await standalone(largeSchedule(count));
    assert.equal(await arrowCount(page), 0, 'past the threshold no arrow is drawn before a selection');
    // h00012 is step 2 of chain 2 (h00010..h00014): 4 links in its chain.
    await page.focus(`g[data-handoff="${largeHandoffId(12)}"]`);
    await page.waitForFunction(() => document.querySelectorAll('.hs-arrow').length === 4);
    const ends = await page.$$eval('.hs-arrow', (paths) => paths.map((p) => `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`).sort());
    assert.deepEqual(ends, ['h00010>h00011', 'h00011>h00012', 'h00012>h00013', 'h00013>h00014']);
    await page.check('.hs-all-arrows');
    await page.waitForFunction(() => document.querySelectorAll('.hs-arrow').length > 4);
  });

  it('keeps hostile text inert in the filter box, the search and the lane controls', async () => {
    const hostile = `<img src=x onerror="window.__pwned='img'">`;
    const model = largeSchedule(50, () => hostile);
    model.departments[0] = { ...model.departments[0], name: `<script>window.__pwned='script'</script>` };
    const page = await standalone(model);
    await page.fill('.hs-filter-text', hostile);
    await page.fill('.hs-search', hostile);
    await page.press('.hs-search', 'Enter');
    await page.click('.hs-lane-label[data-lane="editorial"] .hs-lane-toggle');
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.equal(await page.$$eval('img, .hs-view script', (elements) => elements.length), 0);
    const options = await page.$$eval('.hs-filter-department option', (list) => list.map((o) => o.textContent));
    assert.ok(options.includes(`<script>window.__pwned='script'</script>`), 'the name shows as text');
  });
});
