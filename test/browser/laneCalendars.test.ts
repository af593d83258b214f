// The timeline shades each lane's own days off (DESIGN §7.4): a department
// that works by a London calendar and one that works by the production's
// British Columbia calendar get different days shaded, worked out by hand
// from the governments' published holidays. At scale only the days of the
// window in view are shaded.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { scheduleView, type ScheduleView } from '../../server/src/core/features/scheduleView';
import { edit, workspaceOf } from '../harness';
import { browserSuite, openPage, pageFor } from './browser';
import { largeSchedule } from './largeModels';

/**
 * test/fixtures/calendars: comp works by the production calendar (region
 * CA-BC), northlight by `london` (region GB-ENG). comp-sq010 is made to run to
 * Friday 2027-05-28; its ready date (two working days of northlight, the
 * receiver, after it) is Wednesday 2027-06-02 since Monday 31 May is a bank
 * holiday in England, so the view runs from March to June 2027.
 */
function twoCalendars(): ScheduleView {
  const changes = edit('plates.handoff.yaml', 'due: 2027-04-08', 'due: 2027-05-28', 'calendars');
  const workspace = workspaceOf(changes, 'calendars');
  const production = workspace.productions().find((p) => p.production !== undefined)!;
  return scheduleView(production, '2027-03-01');
}

/** The days each lane shades, as `lane → set of ISO dates`, read from the drawn rectangles. */
async function shadedDays(page: Page): Promise<Map<string, Set<string>>> {
  const runs = await page.$$eval('rect.hs-day-off', (rects) =>
    rects.map((rect) => ({ lane: rect.getAttribute('data-lane') ?? '', from: rect.getAttribute('data-from') ?? '', to: rect.getAttribute('data-to') ?? '' })),
  );
  const days = new Map<string, Set<string>>();
  for (const run of runs) {
    let set = days.get(run.lane);
    if (!set) days.set(run.lane, (set = new Set()));
    for (let day = Date.parse(`${run.from}T00:00:00Z`); day <= Date.parse(`${run.to}T00:00:00Z`); day += 86_400_000) {
      set.add(new Date(day).toISOString().slice(0, 10));
    }
  }
  return days;
}

describe('browser: each lane shades its own days off', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  async function standalone(model: ScheduleView): Promise<Page> {
    const opened = suite.track(await openPage(suite.browser, pageFor('timeline', model)));
    await opened.page.waitForSelector('rect.hs-day-off');
    return opened.page;
  }

  it('shades bank holidays in the London lane and statutory holidays in the British Columbia lane', async () => {
    const model = twoCalendars();
    assert.equal(model.departments.find((d) => d.id === 'northlight')?.calendar?.label, 'GB-ENG');
    const page = await standalone(model);
    const shaded = await shadedDays(page);
    const london = shaded.get('northlight')!;
    const vancouver = shaded.get('comp')!;
    // Good Friday 2027-03-26 (Easter Sunday is 28 March 2027): a holiday on both sides.
    assert.ok(london.has('2027-03-26') && vancouver.has('2027-03-26'), 'Good Friday is off in both lanes');
    // Easter Monday 2027-03-29: a bank holiday in England (gov.uk), a working day in BC.
    assert.ok(london.has('2027-03-29'), 'Easter Monday is off in London');
    assert.ok(!vancouver.has('2027-03-29'), 'Easter Monday is a working day in British Columbia');
    // Victoria Day 2027-05-24 (the Monday before 25 May): statutory in BC, a working day in England.
    assert.ok(vancouver.has('2027-05-24'), 'Victoria Day is off in British Columbia');
    assert.ok(!london.has('2027-05-24'), 'Victoria Day is a working day in London');
    // Spring bank holiday 2027-05-31 (the last Monday of May): England only.
    assert.ok(london.has('2027-05-31') && !vancouver.has('2027-05-31'), 'the spring bank holiday is off in London only');
    // Weekends in both, ordinary weekdays in neither: Saturday 3 April, Tuesday 6 April 2027.
    assert.ok(london.has('2027-04-03') && vancouver.has('2027-04-03'));
    assert.ok(!london.has('2027-04-06') && !vancouver.has('2027-04-06'));

    // Each rectangle lies within its own lane's band.
    const misplaced = await page.$$eval('rect.hs-day-off', (rects) =>
      rects.filter((rect) => {
        const band = document.querySelector(`rect.hs-lane[data-lane="${rect.getAttribute('data-lane')}"]`)!;
        const y = Number(rect.getAttribute('y'));
        const height = Number(rect.getAttribute('height'));
        return y !== Number(band.getAttribute('y')) || height !== Number(band.getAttribute('height'));
      }).length,
    );
    assert.equal(misplaced, 0);
    // The London lane's Easter Monday sits at that day's place on the axis.
    const px = Number(await page.getAttribute('.hs-timeline', 'data-px-per-day'));
    const easter = await page.$eval('rect.hs-day-off[data-lane="northlight"][data-to="2027-03-29"]', (rect) => ({ x: Number(rect.getAttribute('x')), from: rect.getAttribute('data-from') }));
    assert.equal(easter.from, '2027-03-26', 'Good Friday to Easter Monday is one run of four days off');
    const goodFridayInComp = await page.$eval('rect.hs-day-off[data-lane="comp"][data-from="2027-03-26"]', (rect) => ({ x: Number(rect.getAttribute('x')), width: Number(rect.getAttribute('width')) }));
    assert.equal(goodFridayInComp.x, easter.x, 'both runs begin on Good Friday');
    assert.equal(goodFridayInComp.width, 3 * px, 'in BC the run ends on Sunday 28 March');
  });

  it('shades only the days of the window in view at 10,000 bars', async () => {
    const page = await standalone(largeSchedule(10_000));
    // At the days zoom the year of the show is many screens wide.
    await page.click('.hs-zoom-button[data-zoom="days"]');
    await page.waitForFunction(() => document.querySelector('.hs-timeline')?.getAttribute('data-zoom') === 'days');
    const runs = await page.$$eval('rect.hs-day-off', (rects) => rects.map((rect) => ({ x: Number(rect.getAttribute('x')), width: Number(rect.getAttribute('width')) })));
    const view = await page.$eval('.hs-scroll', (scroller) => ({ left: scroller.scrollLeft, width: scroller.clientWidth }));
    const chartWidth = Number(await page.$eval('.hs-chart-svg', (chart) => chart.getAttribute('width')));
    // The drawn window reaches half a screen beyond each side of the view, no further.
    for (const run of runs) {
      assert.ok(run.x + run.width >= view.left - view.width, `a run at ${run.x} lies far left of the view`);
      assert.ok(run.x <= view.left + 2 * view.width, `a run at ${run.x} lies far right of the view`);
    }
    assert.ok(chartWidth > 3 * view.width, 'the chart is wider than the window, so the check above means something');
    // Scrolling to the far end shades the weekends found there.
    await page.$eval('.hs-scroll', (scroller) => {
      scroller.scrollLeft = scroller.scrollWidth;
    });
    await page.waitForFunction((width) => Array.from(document.querySelectorAll('rect.hs-day-off')).some((rect) => Number(rect.getAttribute('x')) > width - 2000), chartWidth);
  });
});
