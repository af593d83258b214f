// Unit sub-lanes in the timeline: with a breakdown, each department lane is
// followed by one lane per episode and sequence its handoffs belong to
// (test/browser/largeModels.ts, largeScheduleWithUnits: chain c belongs to
// episode ep10{1 + c % 3}, sequence sq0{10 × (1 + c % 2)}), each collapsible;
// collapsing the department hides them all; the filter narrows to a unit.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ScheduleView } from '../../server/src/core/features/scheduleView';
import { browserSuite, openPage, pageFor } from './browser';
import { largeHandoffId, largeSchedule, largeScheduleWithUnits } from './largeModels';

/** 200 handoffs: 40 chains, one editorial handoff each. */
const COUNT = 200;

describe('browser: timeline unit sub-lanes', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  async function standalone(model: ScheduleView): Promise<Page> {
    const opened = suite.track(await openPage(suite.browser, pageFor('timeline', model)));
    await opened.page.waitForSelector('g[data-handoff]');
    return opened.page;
  }

  const unitLanesOf = (page: Page, department: string) =>
    page.$$eval(`.hs-lane-label.hs-unit-lane`, (labels, prefix) => labels.map((label) => label.getAttribute('data-lane') ?? '').filter((id) => id.startsWith(prefix)), `${department}/`);

  it('follows each department lane with its episode and sequence lanes, each bar in its own', async () => {
    const page = await standalone(largeScheduleWithUnits(COUNT));
    assert.deepEqual(await unitLanesOf(page, 'editorial'), [
      'editorial/ep101/ep101_sq010',
      'editorial/ep101/ep101_sq020',
      'editorial/ep102/ep102_sq010',
      'editorial/ep102/ep102_sq020',
      'editorial/ep103/ep103_sq010',
      'editorial/ep103/ep103_sq020',
    ]);
    // Labels name the sequence, its episode below (with its title), the whole path in the tooltip; the department's own label comes first.
    const label = '.hs-lane-label[data-lane="editorial/ep101/ep101_sq010"]';
    assert.equal(await page.textContent(`${label} .hs-lane-name`), 'ep101_sq010');
    assert.equal(await page.textContent(`${label} .hs-lane-id`), 'ep101 Pilot');
    assert.equal(await page.getAttribute(label, 'title'), 'Editorial: ep101 Pilot › ep101_sq010: 7 handoffs');
    const order = await page.$$eval('.hs-lane-label', (labels) => labels.map((label) => label.getAttribute('data-lane')));
    assert.ok(order.indexOf('editorial') < order.indexOf('editorial/ep101/ep101_sq010') && order.indexOf('editorial/ep103/ep103_sq020') < order.indexOf('layout'));
    // Chain 7 (7 % 3 = 1, 7 % 2 = 1): ep102, sq020; its editorial handoff is h00035.
    const lane = await page.$eval(`g[data-handoff="${largeHandoffId(35)}"]`, (bar) => bar.closest('g.hs-lane-bars')?.getAttribute('data-lane'));
    assert.equal(lane, 'editorial/ep102/ep102_sq020');
    // Without a breakdown: no sub-lanes, no unit filter.
    const plain = await standalone(largeSchedule(COUNT));
    assert.equal(await plain.$$eval('.hs-unit-lane', (lanes) => lanes.length), 0);
    assert.equal(await plain.$eval('.hs-filter-unit', (select) => (select as HTMLSelectElement).hidden), true);
  });

  it('collapses one unit lane, and the department lane with all of its unit lanes', async () => {
    const page = await standalone(largeScheduleWithUnits(COUNT));
    // ep101/sq010 holds the chains c with c % 6 = 0 below 40: 0, 6, …, 36 — seven editorial handoffs.
    const toggle = '.hs-lane-label[data-lane="editorial/ep101/ep101_sq010"] .hs-lane-toggle';
    assert.match((await page.getAttribute(toggle, 'aria-label')) ?? '', /^Collapse Editorial, ep101 Pilot › ep101_sq010 \(7 handoffs\)$/);
    await page.click(toggle);
    await page.waitForSelector('.hs-lane-label[data-lane="editorial/ep101/ep101_sq010"].hs-collapsed');
    assert.equal(await page.textContent('.hs-lane-label[data-lane="editorial/ep101/ep101_sq010"] .hs-lane-count'), '7 hidden');
    assert.equal(await page.$(`g[data-handoff="${largeHandoffId(30)}"]`), null, 'chain 6 is hidden');
    assert.notEqual(await page.$(`g[data-handoff="${largeHandoffId(35)}"]`), null, 'chain 7 (ep102) still shows');
    // The department: its 40 handoffs hidden, its unit lanes gone.
    await page.click('.hs-lane-label[data-lane="editorial"] .hs-lane-toggle');
    await page.waitForFunction(() => document.querySelectorAll('.hs-lane-label.hs-unit-lane[data-lane^="editorial/"]').length === 0);
    assert.equal(await page.textContent('.hs-lane-label[data-lane="editorial"] .hs-lane-count'), '40 hidden');
    assert.equal(await page.$$eval('g.hs-lane-bars[data-lane^="editorial"]', (groups) => groups.length), 0);
    assert.ok((await unitLanesOf(page, 'layout')).length === 6, 'other departments keep theirs');
    // Searching a hidden handoff opens both lanes.
    await page.fill('.hs-search', largeHandoffId(30));
    await page.press('.hs-search', 'Enter');
    await page.waitForSelector(`g[data-handoff="${largeHandoffId(30)}"]`);
    assert.equal(await page.getAttribute(toggle, 'aria-expanded'), 'true');
  });

  it('filters by episode or sequence', async () => {
    const page = await standalone(largeScheduleWithUnits(COUNT));
    const options = await page.$$eval('.hs-filter-unit option', (list) => list.map((option) => option.textContent));
    assert.deepEqual(options.slice(0, 3), ['All units', 'episode ep101 Pilot', 'sequence ep101_sq010']);
    // ep102: chains c with c % 3 = 1 below 40 (1, 4, …, 37): 13 chains of 5 handoffs.
    await page.selectOption('.hs-filter-unit', 'ep102');
    await page.waitForFunction((count) => document.querySelector('.hs-filter-count')?.textContent === `65 of ${count} shown`, COUNT);
    const lanes = await page.$$eval('g.hs-lane-bars', (groups) => groups.map((group) => group.getAttribute('data-lane') ?? ''));
    for (const lane of lanes) assert.match(lane, /\/ep102\//);
  });
});
