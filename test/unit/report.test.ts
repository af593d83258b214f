// The delivery report on test/fixtures/report, as of Wednesday 2027-01-27,
// against figures worked out by hand from the fixture's history. Holidays:
// Friday 2027-01-01 and Monday 2027-01-18; review buffer 2 working days.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadFolder } from '../../server/src/cli/load';
import { parseDate } from '../../server/src/core/calendar';
import type { ProductionModel } from '../../server/src/core/production';
import { deliveryReport, median, type DeliveryFigures, type DeliveryReport } from '../../server/src/core/report';
import { fixtureFiles, workspaceOf } from '../harness';

const TODAY = parseDate('2027-01-27')!;

function production(changes: Record<string, string | null> = {}): ProductionModel {
  const [model] = workspaceOf(changes, 'report').productions();
  return model;
}

function report(today = TODAY, changes: Record<string, string | null> = {}): DeliveryReport {
  return deliveryReport(production(changes), today);
}

/** The figures without the group's name, for deepEqual. */
function figures(f: DeliveryFigures): DeliveryFigures {
  return {
    handoffs: f.handoffs,
    submitted: f.submitted,
    accepted: f.accepted,
    onTime: f.onTime,
    onTimeBasis: f.onTimeBasis,
    onTimeRate: f.onTimeRate,
    firstPass: f.firstPass,
    firstPassBasis: f.firstPassBasis,
    firstPassRate: f.firstPassRate,
    revisionCycles: f.revisionCycles,
    leadTimes: f.leadTimes,
    leadTimeMedian: f.leadTimeMedian,
    late: f.late,
    atRisk: f.atRisk,
  };
}

/** A handoff file with one handoff, for small what-if cases. */
function single(history: string[], extra: string[] = []): Record<string, string | null> {
  return {
    'shots.handoff.yaml': [
      'handoffs:',
      '  - id: solo',
      '    from: anim',
      '    to: fx',
      '    owner: pat',
      '    contact: ana',
      '    start: 2027-01-04',
      '    due: 2027-01-08',
      ...extra,
      ...(history.length > 0 ? ['    history:', ...history.map((line) => `      - ${line}`)] : []),
      '',
    ].join('\n'),
    'report.risks.yaml': null,
  };
}

describe('delivery report', () => {
  it('computes each stage by hand', () => {
    const r = report();
    assert.deepEqual(
      r.stages.map((stage) => `${stage.from}→${stage.to}`),
      // pipeline order: the earliest start of each stage
      ['layout→anim', 'anim→comp', 'anim→fx', 'fx→comp', 'fx→anim'],
    );
    const byKey = new Map(r.stages.map((stage) => [`${stage.from}→${stage.to}`, figures(stage)]));
    // layout-to-anim-a: submitted Wed 12-30, accepted Mon 01-04 (Fri 01-01 a holiday) → lead 2, on time (ready 01-05).
    // layout-to-anim-b: rejected twice, accepted Tue 01-19 after ready 01-12 → lead 7 (Mon 01-18 a holiday), late.
    assert.deepEqual(byKey.get('layout→anim'), {
      handoffs: 2,
      submitted: 2,
      accepted: 2,
      onTime: 1,
      onTimeBasis: 2,
      onTimeRate: 0.5,
      firstPass: 1,
      firstPassBasis: 2,
      firstPassRate: 0.5,
      revisionCycles: { mean: 1, max: 2, total: 2 },
      leadTimes: [2, 7],
      leadTimeMedian: 4.5,
      late: 0,
      atRisk: 0,
    });
    // anim-to-comp-a: ready 01-12, accepted 01-13 after one rejection; lead (01-08, 01-13] = 3.
    assert.deepEqual(byKey.get('anim→comp'), {
      handoffs: 1,
      submitted: 1,
      accepted: 1,
      onTime: 0,
      onTimeBasis: 1,
      onTimeRate: 0,
      firstPass: 0,
      firstPassBasis: 1,
      firstPassRate: 0,
      revisionCycles: { mean: 1, max: 1, total: 1 },
      leadTimes: [3],
      leadTimeMedian: 3,
      late: 0,
      atRisk: 0,
    });
    // anim-to-fx-a accepted the day it was submitted (lead 0); -b is past its ready date
    // undecided (counts against on time, not first pass); -c has no history.
    assert.deepEqual(byKey.get('anim→fx'), {
      handoffs: 3,
      submitted: 2,
      accepted: 1,
      onTime: 1,
      onTimeBasis: 2,
      onTimeRate: 0.5,
      firstPass: 1,
      firstPassBasis: 1,
      firstPassRate: 1,
      revisionCycles: { mean: 0, max: 0, total: 0 },
      leadTimes: [0],
      leadTimeMedian: 0,
      late: 1,
      atRisk: 1,
    });
    // fx-to-comp-a rejected once and not accepted: first pass 0 of 1, no on-time outcome yet (ready is today).
    assert.deepEqual(byKey.get('fx→comp'), {
      handoffs: 3,
      submitted: 1,
      accepted: 0,
      onTime: 0,
      onTimeBasis: 0,
      onTimeRate: null,
      firstPass: 0,
      firstPassBasis: 1,
      firstPassRate: 0,
      revisionCycles: { mean: null, max: null, total: 0 },
      leadTimes: [],
      leadTimeMedian: null,
      late: 0,
      atRisk: 2,
    });
    assert.equal(r.stages[0].fromName, 'Layout');
    assert.equal(r.stages[0].toName, 'Animation');
  });

  it('computes each delivering department and the totals by hand', () => {
    const r = report();
    assert.deepEqual(
      r.departments.map((department) => department.department),
      ['layout', 'anim', 'fx'],
      'in the production order; comp delivers nothing',
    );
    const anim = r.departments.find((department) => department.department === 'anim')!;
    assert.equal(anim.name, 'Animation');
    assert.equal(anim.color, '#61afef');
    // anim-to-fx-a/-b/-c and anim-to-comp-a.
    assert.deepEqual(figures(anim), {
      handoffs: 4,
      submitted: 3,
      accepted: 2,
      onTime: 1,
      onTimeBasis: 3,
      onTimeRate: 1 / 3,
      firstPass: 1,
      firstPassBasis: 2,
      firstPassRate: 0.5,
      revisionCycles: { mean: 0.5, max: 1, total: 1 },
      leadTimes: [0, 3],
      leadTimeMedian: 1.5,
      late: 1,
      atRisk: 1,
    });
    assert.deepEqual(figures(r.totals), {
      handoffs: 10,
      submitted: 6,
      accepted: 4,
      onTime: 2,
      onTimeBasis: 5,
      onTimeRate: 0.4,
      firstPass: 2,
      firstPassBasis: 5,
      firstPassRate: 0.4,
      revisionCycles: { mean: 0.75, max: 2, total: 3 },
      leadTimes: [0, 2, 3, 7],
      leadTimeMedian: 2.5,
      late: 1,
      atRisk: 4,
    });
    assert.deepEqual(
      r.leadTimeHistogram.map((bucket) => `${bucket.label}:${bucket.count}`),
      ['0:1', '1:0', '2:1', '3:1', '4–5:0', '6–10:1', '11–20:0', '21+:0'],
    );
  });

  it('lists what is late and at risk today, with why and by how many working days', () => {
    const r = report();
    assert.deepEqual(r.late, [
      {
        handoff: 'anim-to-fx-b',
        from: 'anim',
        to: 'fx',
        status: 'submitted',
        // ready Fri 01-22; 01-25, 01-26, 01-27 have passed
        days: 3,
        ready: '2027-01-22',
        why: 'Submitted but not accepted 3 working days after its ready date 2027-01-22.',
      },
    ]);
    assert.deepEqual(
      r.atRisk.map((entry) => [entry.handoff, entry.reason, entry.days]),
      [
        ['fx-to-comp-a', 'behind-schedule', 2],
        ['fx-to-comp-b', 'not-started', 2],
        ['fx-to-anim-ref', 'blocked', undefined],
        // its open risk-log entry was last reviewed 12 days ago (check: stale-risk); fx-to-comp-b's risk is
        // mitigated and fx-to-comp-c's reviewed 2 days ago, and both have a contingency plan and escalation
        ['anim-to-fx-c', 'unmitigated-risk', undefined],
      ],
    );
    assert.equal(r.atRisk[0].why, 'Rejected and not resubmitted 2 working days after its due date 2027-01-25.');
    // Says the fact check reports (stale-risk) rather than "no mitigation": the why changed on purpose.
    assert.equal(r.atRisk[3].why, "Risk level high and its risk 'sim-stale' in the risk log was last reviewed 12 days ago, more than the 7 days of risk_review_days.");
  });

  describe('a high risk counts as at risk on the facts check reports, nothing else', () => {
    const SHOTS = 'shots.handoff.yaml';
    const risks = fixtureFiles('report')['report.risks.yaml'];
    // anim-to-fx-c: level high, contingency plan and escalation [pat]; its stale risk-log entry removed.
    const withoutStaleRisk = { 'report.risks.yaml': risks.replace(/  # Reviewed 12 days before[^\n]*\n  - \{ id: sim-stale[^\n]*\n[^\n]*\n/, '') };
    const reasons = (changes: Record<string, string | null>) => report(TODAY, changes).atRisk.filter((entry) => entry.handoff === 'anim-to-fx-c').map((entry) => `${entry.reason}: ${entry.why}`);

    it('a written contingency and escalation path with no risk-log entry is not "at risk: no mitigation"', () => {
      assert.ok(!withoutStaleRisk['report.risks.yaml'].includes('sim-stale'));
      // Before: "unmitigated-risk: Risk level high and no mitigation in the risk log reviewed within 7 days."
      assert.deepEqual(reasons(withoutStaleRisk), []);
    });

    it('near miss: without an escalation path (what missing-contingency reports) it is at risk', () => {
      const shots = fixtureFiles('report')[SHOTS].replace("    escalation: [pat]\n    start: 2027-01-19\n    due: 2027-01-29", '    start: 2027-01-19\n    due: 2027-01-29');
      assert.notEqual(shots, fixtureFiles('report')[SHOTS]);
      assert.deepEqual(reasons({ ...withoutStaleRisk, [SHOTS]: shots }), ['unmitigated-risk: Risk level high and no escalation path.']);
    });
  });

  it('names the slowest stages as bottlenecks, never a person', () => {
    const r = report();
    assert.deepEqual(r.bottlenecks, [
      { from: 'layout', to: 'anim', why: 'median lead time 4.5 working days, 1 revision cycle per accepted handoff' },
      { from: 'anim', to: 'comp', why: 'median lead time 3 working days, 1 revision cycle per accepted handoff' },
      { from: 'anim', to: 'fx', why: 'median lead time 0 working days, 1 late, 1 at risk' },
    ]);
    const people = production().people.flatMap((person) => [person.id, person.name!]);
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(r);
    for (const text of strings) for (const person of people) assert.ok(!new RegExp(`\\b${person}\\b`).test(text), `'${text}' names ${person}`);
  });

  it('reads the history as it stood on an earlier day', () => {
    // On Thursday 01-14, layout-to-anim-b had been rejected twice (01-08, 01-13) and was past its ready date 01-12.
    const r = report(parseDate('2027-01-14')!);
    const stage = r.stages.find((entry) => entry.from === 'layout' && entry.to === 'anim')!;
    assert.deepEqual([stage.accepted, stage.onTime, stage.onTimeBasis, stage.firstPass, stage.firstPassBasis, stage.leadTimes], [1, 1, 2, 1, 2, [2]]);
    assert.deepEqual(
      r.late.map((entry) => [entry.handoff, entry.days, entry.why]),
      [
        ['layout-to-anim-b', 2, 'Rejected twice and not accepted 2 working days after its ready date 2027-01-12.'],
        // anim-to-comp-a, ready 01-12 too, was accepted on 01-13: late, but done.
      ],
    );
  });

  it('counts lead time in working days after the submission up to the acceptance', () => {
    const lead = (submitted: string, accepted: string) =>
      report(TODAY, single([`{ date: ${submitted}, event: submitted, version: 1 }`, `{ date: ${accepted}, event: accepted, by: fei }`], ['    status: accepted']))
        .totals.leadTimes;
    assert.deepEqual(lead('2027-01-08', '2027-01-08'), [0], 'same day');
    assert.deepEqual(lead('2027-01-08', '2027-01-11'), [1], 'Friday to Monday');
    assert.deepEqual(lead('2027-01-15', '2027-01-19'), [1], 'Friday to Tuesday over the Monday holiday');
    assert.deepEqual(lead('2027-01-16', '2027-01-18'), [0], 'Saturday to the holiday Monday: no working day');
    assert.deepEqual(lead('2026-12-31', '2027-01-11'), [6], 'over New Year: 01-04 to 01-08 and 01-11');
  });

  it('judges on time against the ready date, due plus the review buffer', () => {
    // due Fri 01-08, 2 review days: ready Tue 01-12.
    const onTime = (accepted: string, extra: string[] = []) =>
      report(TODAY, single(['{ date: 2027-01-08, event: submitted, version: 1 }', `{ date: ${accepted}, event: accepted, by: fei }`], ['    status: accepted', ...extra])).totals
        .onTime;
    assert.equal(onTime('2027-01-12'), 1);
    assert.equal(onTime('2027-01-13'), 0);
    assert.equal(onTime('2027-01-13', ['    review_buffer: 3']), 1, 'a handoff buffer overrides the default');
  });

  it('counts rejections before the first acceptance only', () => {
    const r = report(
      TODAY,
      single(
        [
          '{ date: 2027-01-05, event: submitted, version: 1 }',
          '{ date: 2027-01-06, event: rejected, by: fei, reason: One }',
          '{ date: 2027-01-07, event: submitted, version: 2 }',
          '{ date: 2027-01-08, event: accepted, by: fei }',
          '{ date: 2027-01-11, event: submitted, version: 3 }',
          '{ date: 2027-01-12, event: rejected, by: fei, reason: Redelivery }',
        ],
        ['    status: rejected'],
      ),
    );
    assert.deepEqual([r.totals.revisionCycles, r.totals.leadTimes, r.totals.firstPass, r.late.length], [{ mean: 1, max: 1, total: 1 }, [3], 0, 0]);
  });

  it('treats an accepted status without a dated event as done, with no figure', () => {
    const r = report(TODAY, single([], ['    status: accepted']));
    assert.deepEqual([r.totals.accepted, r.totals.onTimeBasis, r.late.length, r.atRisk.length], [0, 0, 0, 0]);
    const planned = report(TODAY, single([], ['    status: in_progress']));
    assert.deepEqual([planned.totals.onTimeBasis, planned.late.map((entry) => entry.days)], [1, [10]]);
  });

  it('ignores events dated after today', () => {
    const r = report(
      TODAY,
      single(['{ date: 2027-01-08, event: submitted, version: 1 }', '{ date: 2027-01-28, event: accepted, by: fei }'], ['    status: accepted']),
    );
    assert.deepEqual([r.totals.accepted, r.totals.submitted, r.late.map((entry) => entry.why)], [
      0,
      1,
      ['Submitted but not accepted 10 working days after its ready date 2027-01-12.'],
    ]);
  });

  it('reports the first definition of a duplicated id, as the schedule does', () => {
    const text = fixtureFiles('report')['shots.handoff.yaml'];
    const duplicate = text.replace('handoffs:\n', 'handoffs:\n  - { id: anim-to-fx-a, from: fx, to: comp, owner: pat, contact: fei, due: 2027-01-04 }\n');
    const r = report(TODAY, { 'shots.handoff.yaml': duplicate });
    const count = (from: string, to: string) => r.stages.find((stage) => stage.from === from && stage.to === to)!.handoffs;
    assert.deepEqual([r.totals.handoffs, count('fx', 'comp'), count('anim', 'fx')], [10, 4, 2]);
  });

  it('takes the median of an even list as the mean of the middle two', () => {
    assert.equal(median([]), null);
    assert.equal(median([5]), 5);
    assert.equal(median([1, 2, 10]), 2);
    assert.equal(median([1, 2, 3, 10]), 2.5);
  });

  it('reads the example production: a handoff rejected twice, accepted a day late over Thanksgiving', () => {
    const r = exampleReport();
    const assets = r.stages.find((stage) => stage.from === 'assets' && stage.to === 'layout')!;
    // characters: submitted 11-19, accepted 12-02, Thanksgiving 11-26/27 → 7; props 12-02→12-03 → 1; environments 12-03→12-08 → 3.
    assert.deepEqual([assets.leadTimes, assets.leadTimeMedian, assets.revisionCycles, assets.onTime, assets.onTimeBasis], [[1, 3, 7], 3, { mean: 1, max: 2, total: 3 }, 2, 3]);
  });
});

function exampleReport(): DeliveryReport {
  // examples/nightfall is not a test fixture: read it through the same folder loader as the CLI.
  const { workspace } = loadFolder(path.join(__dirname, '..', '..', '..', 'examples', 'nightfall'));
  return deliveryReport(workspace.productions().find((p) => p.production)!, parseDate('2027-01-15')!);
}

describe('delivery report roll-ups', () => {
  // A breakdown for the report fixture: episode ep101 (Pilot) holds sequence
  // ep101_sq010 with shots s1 and s2, and shot s3 directly. The two
  // layout → anim handoffs are scoped to s1 and s2, the late anim-to-fx-b to
  // s3; fx is a vendor.
  const BREAKDOWN = [
    'units:',
    '  - { id: ep101, kind: episode, title: Pilot }',
    '  - { id: ep101_sq010, kind: sequence, parent: ep101 }',
    '  - { id: s1, kind: shot, parent: ep101_sq010 }',
    '  - { id: s2, kind: shot, parent: ep101_sq010 }',
    '  - { id: s3, kind: shot, parent: ep101 }',
  ].join('\n');
  const scoped = (): Record<string, string> => {
    let shots = fixtureFiles('report')['shots.handoff.yaml'];
    for (const [id, unit] of [['layout-to-anim-a', 's1'], ['layout-to-anim-b', 's2'], ['anim-to-fx-b', 's3']]) {
      shots = shots.replace(`  - id: ${id}\n`, `  - id: ${id}\n    unit: ${unit}\n`);
    }
    const productionText = fixtureFiles('report')['report.production.yaml'].replace('{ id: fx, name: FX, lead: fei, color: "#e06c75" }', '{ id: fx, name: FX, lead: fei, color: "#e06c75", vendor: true }');
    return { 'show.breakdown.yaml': BREAKDOWN, 'shots.handoff.yaml': shots, 'report.production.yaml': productionText };
  };

  it('rolls up by episode and sequence, an episode before its sequences', () => {
    const result = report(TODAY, scoped());
    assert.deepEqual(result.byUnit?.map((unit) => [unit.path.join('/'), unit.kind, unit.title, unit.handoffs, unit.accepted, unit.late]), [
      ['ep101', 'episode', 'Pilot', 3, 2, 1],
      ['ep101/ep101_sq010', 'sequence', undefined, 2, 2, 0],
    ]);
    // The sequence holds exactly the layout → anim stage: the same figures, worked out by hand above.
    const stage = result.stages.find((entry) => entry.from === 'layout' && entry.to === 'anim')!;
    assert.deepEqual(figures(result.byUnit![1]), figures(stage));
  });

  it('rolls up by vendor: every handoff it delivers or receives', () => {
    const result = report(TODAY, scoped());
    // To fx: anim-to-fx-a (accepted), -b (late), -c; from fx: fx-to-comp-a, -b, -c, fx-to-anim-ref.
    assert.deepEqual(result.vendors?.map((vendor) => [vendor.department, vendor.name, vendor.handoffs, vendor.accepted, vendor.late]), [['fx', 'FX', 7, 1, 1]]);
  });

  it('has neither roll-up without a breakdown or vendors', () => {
    const result = report();
    assert.equal(result.byUnit, undefined);
    assert.equal(result.vendors, undefined);
  });
});
