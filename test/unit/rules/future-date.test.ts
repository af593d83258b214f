import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

// Today is 2027-01-15 unless a test says otherwise.
const RULE = 'future-date';
const HANDOFFS = 'sq010.handoff.yaml';
const RISKS = 'test.risks.yaml';

describe('rule future-date', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an acceptance dated after today at its date', () => {
    const results = check(edit(HANDOFFS, 'date: 2027-01-11, event: accepted', 'date: 2027-01-18, event: accepted'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:17:17']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "History event 'accepted' of 'fx-sim-sq010' is dated 2027-01-18, after today (2027-01-15); a log records what has happened, so correct the date or add the entry once it happens.",
    );
    assert.equal(finding.severity, 'error');
  });

  it('accepts an acceptance dated exactly today', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, 'date: 2027-01-11, event: accepted', 'date: 2027-01-15, event: accepted')), RULE), []);
  });

  it("reports a risk's review dated after today at its reviewed value, and not one reviewed today", () => {
    const results = check(edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-16'));
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:9:15']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /^The review of risk 'sim-convergence' is dated 2027-01-16, after today \(2027-01-15\);/);
    assert.deepEqual(where(check(edit(RISKS, 'reviewed: 2027-01-12', 'reviewed: 2027-01-15')), RULE), []);
  });

  it('follows the today it is given', () => {
    assert.deepEqual(where(check({}, { today: '2027-01-10' }), RULE), ['sq010.handoff.yaml:17:17', 'test.risks.yaml:9:15']);
  });
});
