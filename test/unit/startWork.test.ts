// A plain handoff with `start` and `work` and no `due` (DESIGN §7.7): due is
// the work-th working day of the `from` calendar counting start as day 1; a
// non-working start is a non-working-day finding and the count begins on the
// next working day. Asked through the analysis facade, as the editor and the
// CLI ask.
import * as assert from 'node:assert/strict';
import { Analysis } from '../../server/src/core/facade';
import { DEFAULT_TODAY, resultsOf, uriOf, workspaceOf } from '../harness';

const FILE = 'plan.handoff.yaml';

function handoff(id: string, dates: string[]): string[] {
  return [`  - id: ${id}`, '    from: fx', '    to: comp', '    owner: dana', '    contact: ben', '    done_when: [Plates delivered]', ...dates.map((line) => `    ${line}`)];
}

// The base production: fx works Monday to Friday, 2027-01-01 (a Friday) is a
// holiday, and the review buffer is 2 working days.
//   Dec 2026: Thu 31 | Jan 2027: Fri 1 (holiday), Sat 2, Sun 3, Mon 4, Tue 5, Wed 6, Thu 7, Fri 8, Sat 9, Sun 10, Mon 11, Tue 12, Wed 13, Thu 14
const TEXT = [
  'handoffs:',
  // Day 1 Thu 2026-12-31; Fri 1 is the holiday, skipped; day 2 Mon 4; day 3 Tue 5 → due 2027-01-05.
  // Ready: 2 working days after due: Wed 6, Thu 7 → 2027-01-07.
  ...handoff('plates-over-new-year', ['start: 2026-12-31', 'work: 3']),
  // Sat 2027-01-09 is no working day: counting begins Mon 11 (day 1), Tue 12 (day 2) → due 2027-01-12.
  // Ready: Wed 13, Thu 14 → 2027-01-14.
  ...handoff('weekend-start', ['start: 2027-01-09', 'work: 2']),
  // work: 1 on a working day: due is the start day itself, Mon 2027-01-04; ready Wed 6.
  ...handoff('one-day', ['start: 2027-01-04', 'work: 1']),
  '',
].join('\n');

describe('start + work without due (DESIGN §7.7)', () => {
  it('works the due date out in the from calendar, skipping a holiday inside the span', () => {
    const analysis = new Analysis(workspaceOf({ [FILE]: TEXT }), { today: DEFAULT_TODAY });
    const schedule = analysis.schedule(analysis.productionFor(uriOf(FILE))!)!;
    const dates = (id: string) => {
      const found = schedule.handoffs.find((h) => h.id === id)!;
      return [found.start, found.due, found.ready];
    };
    assert.deepEqual(dates('plates-over-new-year'), ['2026-12-31', '2027-01-05', '2027-01-07']);
    assert.deepEqual(dates('weekend-start'), ['2027-01-09', '2027-01-12', '2027-01-14']);
    assert.deepEqual(dates('one-day'), ['2027-01-04', '2027-01-04', '2027-01-06']);
  });

  it('reports only the non-working start, at its date, and no schema finding', () => {
    const found = resultsOf(workspaceOf({ [FILE]: TEXT })).filter((result) => result.file === FILE);
    // Line 16 is weekend-start's `start:`; the other two starts (Thu 31 Dec, Mon 4) are working days and stay silent.
    assert.deepEqual(
      found.map((result) => `${result.line}:${result.column} ${result.rule}: ${result.message}`),
      ["16:12 non-working-day: Start date '2027-01-09' of 'weekend-start' is a Saturday, not a working day; move it to Monday 2027-01-11, the next working day."],
    );
  });

  it('refuses start, work and due together, at the last of them', () => {
    const text = ['handoffs:', ...handoff('all-three', ['start: 2027-01-04', 'work: 3', 'due: 2027-01-06']), ''].join('\n');
    const found = resultsOf(workspaceOf({ [FILE]: text })).filter((result) => result.file === FILE);
    assert.deepEqual(
      found.map((result) => `${result.line}:${result.column} ${result.rule}: ${result.message}`),
      ["10:5 schema: A handoff cannot have 'start' (its start date), 'work' (its working days) and 'due' (its delivery date) together; leave one of them out."],
    );
  });

  it('moves such a handoff by its start, the due date following; a due date alone is refused', () => {
    const analysis = new Analysis(workspaceOf({ [FILE]: TEXT }), { today: DEFAULT_TODAY });
    const moved = analysis.moveHandoff(uriOf(FILE), 'weekend-start', { start: '2027-01-18', due: '2027-01-19' });
    assert.ok('edits' in moved);
    assert.deepEqual(moved.edits.map((edit) => edit.newText), ['2027-01-18'], 'only the start is written: no due beside start and work');
    const refused = analysis.moveHandoff(uriOf(FILE), 'weekend-start', { due: '2027-01-19' });
    assert.deepEqual(refused, { error: "'weekend-start' takes its due date from start and work: 2 working days; change work to make it longer or shorter." });
  });
});
