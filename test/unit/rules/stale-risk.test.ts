import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

// Today is 2027-01-15 (a Friday) unless a test says otherwise; risk_review_days is 7.
const RULE = 'stale-risk';
const RISKS = 'test.risks.yaml';

describe('rule stale-risk', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an open risk reviewed more than risk_review_days ago at the reviewed value', () => {
    const results = check(edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-07'));
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:9:15']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Open risk 'sim-convergence' was last reviewed '2027-01-07', 8 days ago, more than the 7 days of risk_review_days; " +
        "review it and update 'reviewed', or set its status to mitigated or closed.",
    );
    assert.equal(finding.severity, 'warning');
  });

  it('accepts a review exactly risk_review_days ago', () => {
    assert.deepEqual(where(check(edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-08')), RULE), []);
  });

  it('counts calendar days, weekends included', () => {
    // Reviewed Fri 01-08, today Mon 01-18: 10 calendar days (only 6 working days).
    const results = check(edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-08'), { today: '2027-01-18' });
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:9:15']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /, 10 days ago,/);
  });

  it('treats a risk without a status as open and ignores mitigated and closed risks', () => {
    const old = fixtureFiles()[RISKS].replace('reviewed: 2027-01-12', 'reviewed: 2026-12-01');
    assert.deepEqual(where(check({ [RISKS]: old.replace('    status: open\n', '') }), RULE), ['test.risks.yaml:9:15']);
    assert.deepEqual(where(check({ [RISKS]: old.replace('status: open', 'status: mitigated') }), RULE), []);
    assert.deepEqual(where(check({ [RISKS]: old.replace('status: open', 'status: closed') }), RULE), []);
  });

  it('reports an open risk that was never reviewed at its id', () => {
    const results = check(edit(RISKS, '    reviewed: 2027-01-12\n', ''));
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:2:9']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Open risk 'sim-convergence' was never reviewed; review it and add 'reviewed: 2027-01-15' (the limit is 7 days, risk_review_days).",
    );
  });

  it('uses the production risk_review_days', () => {
    const changes = { ...edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-07'), ...edit('test.production.yaml', 'risk_review_days: 7', 'risk_review_days: 14') };
    assert.deepEqual(where(check(changes), RULE), []);
    const tight = { ...edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-13'), ...edit('test.production.yaml', 'risk_review_days: 7', 'risk_review_days: 1') };
    const results = check(tight);
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:9:15']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /2 days ago, more than the 1 day of risk_review_days/);
  });

  it('reads flow-style risks in another file', () => {
    const other = 'risks:\n  - { id: render-farm, description: Farm may be full, owner: ben, reviewed: 2027-01-02, status: open }\n';
    assert.deepEqual(where(check({ 'farm.risks.yaml': other }), RULE), ['farm.risks.yaml:2:77']);
  });

  it('can be turned off by the production rules', () => {
    const changes = { ...edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-01'), ...edit('test.production.yaml', 'risk_review_days: 7', 'risk_review_days: 7\nrules: { stale-risk: off }') };
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
