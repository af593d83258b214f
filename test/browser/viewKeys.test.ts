// Webviews that behave like editors: Ctrl+Z / Ctrl+Shift+Z in the timeline go
// to the document (text boxes keep their own undo), Ctrl+wheel zooms the
// timeline, the lane names fold for narrow splits, and the graph keeps its
// zoom and pan across being hidden (the host's saved state).
import * as assert from 'node:assert/strict';
import { browserSuite, openInVsCode } from './browser';
import { baseGraph, nightfallSchedule } from './models';


describe('browser: views behave like editors', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  it('forwards Ctrl+Z and Ctrl+Shift+Z from the timeline to the document, not from its text boxes', async () => {
    const opened = await openInVsCode(suite.browser, 'timeline', { type: 'schedule', model: nightfallSchedule() });
    suite.track(opened);
    const { page } = opened;
    await page.waitForSelector('g[data-handoff]');
    await page.focus('g[data-handoff]');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'undo'));
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'redo'));
    // After a drop the bars are drawn again and the focus falls back to the page's body: the keys still reach the document.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'undo').length === 2);
    await page.fill('.hs-filter-text', 'abc');
    await page.focus('.hs-filter-text');
    await page.keyboard.press('Control+z');
    await page.waitForTimeout(100);
    const undos = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'undo').length);
    assert.equal(undos, 2, 'the filter box keeps its own undo');
  });

  it('zooms with Ctrl+wheel and folds the lane names', async () => {
    const opened = await openInVsCode(suite.browser, 'timeline', { type: 'schedule', model: nightfallSchedule() });
    suite.track(opened);
    const { page } = opened;
    await page.waitForSelector('g[data-handoff]');
    assert.equal(await page.getAttribute('.hs-timeline', 'data-zoom'), 'weeks');
    // A Ctrl+wheel over the chart (as a trackpad pinch also sends it).
    await page.$eval('.hs-scroll', (scroller) => {
      const box = scroller.getBoundingClientRect();
      scroller.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, ctrlKey: true, clientX: box.left + 400, clientY: box.top + 80, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.querySelector('.hs-timeline')?.getAttribute('data-zoom') === 'days');
    const labelWidth = () => page.$eval('.hs-lane-label', (label) => label.getBoundingClientRect().width);
    const wide = await labelWidth();
    await page.click('.hs-fold-labels');
    await page.waitForFunction(() => document.querySelector('.hs-timeline')?.classList.contains('hs-labels-folded'));
    assert.ok((await labelWidth()) < wide / 2, 'the folded column leaves the room to the bars');
  });

  it('keeps the graph\'s zoom and pan in the webview state and opens where it was left', async () => {
    const first = await openInVsCode(suite.browser, 'graph', { type: 'graph', graph: baseGraph() });
    suite.track(first);
    await first.page.waitForSelector('g[data-node]');
    await first.page.click('button[aria-label="Zoom in"]');
    await first.page.click('button[aria-label="Zoom in"]');
    const scale = await first.page.getAttribute('.hs-graph', 'data-scale');
    const state = await first.page.waitForFunction(() => (window as unknown as { __state?: { transform?: unknown } }).__state?.transform);
    const saved = (await state.jsonValue()) as { k: number; x: number; y: number };
    assert.equal(String(saved.k), scale);
    const second = await openInVsCode(suite.browser, 'graph', { type: 'graph', graph: baseGraph() }, { state: { transform: saved } });
    suite.track(second);
    await second.page.waitForSelector('g[data-node]');
    assert.equal(await second.page.getAttribute('.hs-graph', 'data-scale'), scale);
  });
});
