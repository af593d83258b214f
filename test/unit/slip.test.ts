// What slipped between two versions of the base fixture. Base: fx-sim-sq010
// works 01-04..01-08 (ready Tue 01-12); fx-to-comp-sq010 works 01-13..01-22
// (ready Tue 01-26) and feeds picture-lock on Fri 02-05. Holiday: 2027-01-01.
import * as assert from 'node:assert/strict';
import { compareProductions, hasChanges, scheduleSlip } from '../../server/src/core/slip';
import { DEFAULT_TODAY, edit, fixtureFiles, workspaceOf } from '../harness';

const HANDOFFS = 'sq010.handoff.yaml';

function slipOf(changes: Record<string, string | null>) {
  const before = workspaceOf().productions();
  const after = workspaceOf(changes).productions();
  const slips = compareProductions(before, after, { today: DEFAULT_TODAY });
  assert.equal(slips.length, 1);
  return slips[0];
}

const DI_HANDOFF = [
  'handoffs:',
  '  - id: comp-to-di-sq010',
  '    from: comp',
  '    to: fx',
  '    template: fx-elements',
  '    owner: dana',
  '    contact: ben',
  '    start: 2027-02-08',
  '    due: 2027-02-12',
  '    depends_on: [fx-to-comp-sq010]',
  '    status: planned',
  '',
].join('\n');

describe('schedule slip', () => {
  it('reports nothing between identical versions', () => {
    const slip = slipOf({});
    assert.equal(hasChanges(slip), false);
    assert.deepEqual(slip, { production: 'testprod', moved: [], milestones: [], newlyCritical: [], leftCritical: [], added: [], removed: [], newErrors: [], resolvedErrors: [] });
  });

  it('measures moved due and ready dates in working days, and the milestone slack they cost', () => {
    // due Fri 01-22 → Mon 02-01: 01-25..01-29 and 02-01 = 6 working days; ready 01-26 → 02-03.
    const slip = slipOf(edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-02-01'));
    assert.deepEqual(slip.moved, [
      {
        handoff: 'fx-to-comp-sq010',
        title: 'FX elements for sq010',
        due: { before: '2027-01-22', after: '2027-02-01', workingDays: 6 },
        ready: { before: '2027-01-26', after: '2027-02-03', workingDays: 6 },
      },
    ]);
    // picture-lock Fri 02-05: slack 8 (01-27..02-05) before, 2 (02-04, 02-05) after.
    assert.deepEqual(slip.milestones, [{ milestone: 'picture-lock', title: 'Picture lock', slackBefore: 8, slackAfter: 2, change: -6 }]);
    assert.deepEqual(slip.end, { before: '2027-01-26', after: '2027-02-03', workingDays: 6 });
    assert.deepEqual([slip.newlyCritical, slip.leftCritical, slip.added, slip.removed], [[], [], [], []]);
  });

  it('does not count a holiday in a move', () => {
    // fx-sim due Thu 2026-12-31 → Mon 2027-01-04 over the New Year holiday: 1 working day.
    const before = workspaceOf(edit(HANDOFFS, 'due: 2027-01-08', 'due: 2026-12-31')).productions();
    const after = workspaceOf(edit(HANDOFFS, 'due: 2027-01-08', 'due: 2027-01-04')).productions();
    const [slip] = compareProductions(before, after);
    assert.deepEqual(slip.moved[0].due, { before: '2026-12-31', after: '2027-01-04', workingDays: 1 });
    // ready: 2 working days after due: 01-05 → 01-06.
    assert.deepEqual(slip.moved[0].ready, { before: '2027-01-05', after: '2027-01-06', workingDays: 1 });
  });

  it('lists handoffs pulled in after the slips, with negative working days', () => {
    const changes = edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-27');
    changes[HANDOFFS] = changes[HANDOFFS].replace('due: 2027-01-08', 'due: 2027-01-07');
    const slip = slipOf(changes);
    assert.deepEqual(
      slip.moved.map((entry) => [entry.handoff, entry.due?.workingDays, entry.ready?.workingDays]),
      [
        ['fx-to-comp-sq010', 3, 3],
        ['fx-sim-sq010', -1, -1],
      ],
    );
  });

  it('reports added handoffs and the ones that joined or left the critical path', () => {
    const slip = slipOf({ 'di.handoff.yaml': DI_HANDOFF });
    assert.deepEqual(slip.added, [{ handoff: 'comp-to-di-sq010', due: '2027-02-12', ready: '2027-02-16' }]);
    assert.deepEqual(slip.newlyCritical, ['comp-to-di-sq010']);
    assert.deepEqual(slip.leftCritical, []);
    const back = compareProductions(workspaceOf({ 'di.handoff.yaml': DI_HANDOFF }).productions(), workspaceOf().productions())[0];
    assert.deepEqual(back.removed, [{ handoff: 'comp-to-di-sq010', due: '2027-02-12', ready: '2027-02-16' }]);
    assert.deepEqual(back.leftCritical, ['comp-to-di-sq010']);
    // (01-26, 02-16]: 3 + 5 + 5 + 2 working days.
    assert.deepEqual(back.end, { before: '2027-02-16', after: '2027-01-26', workingDays: -15 });
  });

  describe('a replan that makes a downstream start too early', () => {
    // Both versions: comp-to-di-sq010 starts Thu 2027-01-28 after fx-to-comp-sq010, which feeds picture-lock (Fri 02-05).
    // Before: fx-to-comp-sq010 due Fri 01-22, ready Tue 01-26: DI may start Wed 01-27, so Thu 01-28 is fine.
    // After: due Wed 01-27 (+3 working days), ready Fri 01-29: DI may start Mon 02-01; Thu 01-28 and
    // Fri 01-29 are 2 working days too early.
    const di = DI_HANDOFF.replace('start: 2027-02-08', 'start: 2027-01-28');
    const before = () => workspaceOf({ 'di.handoff.yaml': di }).productions();
    const after = () => workspaceOf({ 'di.handoff.yaml': di, ...edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-27') }).productions();

    it("takes the milestone's slack only from what feeds it, never from the downstream conflict", () => {
      const [slip] = compareProductions(before(), after(), { today: DEFAULT_TODAY });
      // picture-lock: working days after the feeder's ready day up to Fri 02-05:
      // before 01-27..02-05 = 8; after 02-01..02-05 = 5. Not -2 ("now late") from DI's start.
      assert.deepEqual(slip.milestones, [{ milestone: 'picture-lock', title: 'Picture lock', slackBefore: 8, slackAfter: 5, change: -3 }]);
    });

    it('lists the new schedule conflict by rule, file and line in the newer version, and as resolved the other way round', () => {
      const [slip] = compareProductions(before(), after(), { today: DEFAULT_TODAY });
      const conflict = {
        rule: 'schedule-conflict',
        file: 'di.handoff.yaml',
        line: 8,
        message:
          "Handoff 'comp-to-di-sq010' starts 2027-01-28, 2 working days too early: upstream 'fx-to-comp-sq010' is ready on 2027-01-29 (due 2027-01-27 + 2 review days); start on 2027-02-01 or later.",
      };
      assert.deepEqual(slip.newErrors, [conflict]);
      assert.deepEqual(slip.resolvedErrors, []);
      const [back] = compareProductions(after(), before(), { today: DEFAULT_TODAY });
      assert.deepEqual(back.newErrors, []);
      assert.deepEqual(back.resolvedErrors, [conflict]);
    });

    it('near miss: an error both versions share is neither new nor resolved', () => {
      const broken = (extra: Record<string, string>) => workspaceOf({ 'di.handoff.yaml': di.replace('contact: ben', 'contact: benn'), ...extra }).productions();
      const [slip] = compareProductions(broken({}), broken(edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-21')), { today: DEFAULT_TODAY });
      assert.deepEqual([slip.newErrors, slip.resolvedErrors], [[], []]);
    });
  });

  it('compares a production that exists on one side only', () => {
    const slip = scheduleSlip(undefined, workspaceOf().productions()[0]);
    assert.deepEqual(
      slip.added.map((entry) => entry.handoff),
      ['fx-sim-sq010', 'fx-to-comp-sq010'],
    );
    assert.deepEqual(slip.newlyCritical, ['fx-sim-sq010', 'fx-to-comp-sq010']);
    const removed = compareProductions(workspaceOf().productions(), []);
    assert.deepEqual(
      removed[0].removed.map((entry) => entry.handoff),
      ['fx-sim-sq010', 'fx-to-comp-sq010'],
    );
  });

  it('matches productions by id, not by folder', () => {
    const moved: Record<string, string | null> = {};
    for (const [file, text] of Object.entries(fixtureFiles())) {
      moved[file] = null;
      moved[`renamed/${file}`] = text;
    }
    const slips = compareProductions(workspaceOf().productions(), workspaceOf(moved).productions());
    assert.equal(slips.length, 1);
    assert.equal(hasChanges(slips[0]), false);
  });
});
