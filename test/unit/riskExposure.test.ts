// Risks over several handoffs, with a contingency and an exposure (DESIGN
// §7.5): the schema takes them, and the report ranks them by exposure with
// the milestones each threatens.
//
// Base fixture: fx-sim-sq010 (Mon 2027-01-04 .. Fri 01-08, ready Tue 01-12)
// → fx-to-comp-sq010 (Wed 01-13 .. Fri 01-22; buffer 2: Mon 25, Tue 26 →
// ready Tue 2027-01-26), which feeds picture-lock on Fri 2027-02-05. Slack
// of picture-lock: working days in (01-26, 02-05] = Wed 27, Thu 28, Fri 29,
// Mon 1, Tue 2, Wed 3, Thu 4, Fri 5 = 8.
import * as assert from 'node:assert/strict';
import { parseDate } from '../../server/src/core/calendar';
import { deliveryReport } from '../../server/src/core/report';
import { check, where, workspaceOf } from '../harness';

const RISKS = `risks:
  - id: sim-convergence
    handoff: fx-to-comp-sq010
    description: Water sim may not converge
    likelihood: medium
    impact: high
    owner: ben
    mitigation: Cache a low-res sim in parallel
    reviewed: 2027-01-12
    status: open
  - id: network-spec
    handoffs: [fx-sim-sq010, fx-to-comp-sq010]
    description: The network may change its delivery spec
    likelihood: low
    impact: high
    owner: dana
    mitigation: Ask the network for the spec freeze date
    reviewed: 2027-01-12
    status: open
    exposure_days: 10
    contingency: { plan: Re-render from the caches within two days, ready_within_hours: 48, expedited_review: true }
  - id: slow-review
    handoffs: [fx-to-comp-sq010]
    owner: chloe
    reviewed: 2027-01-12
    status: mitigated
    exposure_days: 3
  - id: old-one
    handoffs: [fx-sim-sq010]
    reviewed: 2027-01-12
    status: closed
    exposure_days: 20
`;

describe('risks over several handoffs', () => {
  it('the schema takes handoffs, contingency and exposure_days; the ids resolve', () => {
    const results = check({ 'test.risks.yaml': RISKS });
    assert.deepEqual(results.filter((r) => r.file === 'test.risks.yaml').map((r) => `${r.rule} ${r.line}:${r.column}`), []);
  });

  it('handoff and handoffs together is a schema finding; an unknown id in handoffs an unknown reference', () => {
    const both = check({ 'test.risks.yaml': RISKS.replace('    handoffs: [fx-sim-sq010, fx-to-comp-sq010]', '    handoff: fx-sim-sq010\n    handoffs: [fx-sim-sq010, fx-to-comp-sq010]') });
    // Reported once, at the second of the two keys (line 13).
    assert.deepEqual(
      both.filter((r) => r.file === 'test.risks.yaml').map((r) => [r.rule, `${r.line}:${r.column}`, r.message]),
      [['schema', '13:5', "A risk cannot have both 'handoff' (its handoff) and 'handoffs' (its handoffs); keep one of them."]],
    );
    const unknown = check({ 'test.risks.yaml': RISKS.replace('handoffs: [fx-sim-sq010, fx-to-comp-sq010]', 'handoffs: [fx-sim-sq010, fx-to-comp-sq011]') });
    assert.deepEqual(where(unknown, 'unknown-reference'), ['test.risks.yaml:12:30']);
  });

  it('the report ranks open and mitigated risks by exposure and names the milestone each threatens', () => {
    const [production] = workspaceOf({ 'test.risks.yaml': RISKS }).productions();
    const report = deliveryReport(production, parseDate('2027-01-15')!);
    assert.deepEqual(
      report.risks.map((entry) => [entry.risk, entry.exposureDays, entry.threatens.map((m) => `${m.milestone} ${m.date} slack ${m.slack}${m.missed ? ' missed' : ''}`)]),
      [
        // 10 working days lost > 8 of slack: picture-lock would be missed.
        ['network-spec', 10, ['picture-lock 2027-02-05 slack 8 missed']],
        ['slow-review', 3, ['picture-lock 2027-02-05 slack 8']],
        // No exposure given: last. The closed old-one is left out.
        ['sim-convergence', undefined, ['picture-lock 2027-02-05 slack 8']],
      ],
    );
    assert.equal(report.risks[0].contingency, 'Re-render from the caches within two days');
  });
});
