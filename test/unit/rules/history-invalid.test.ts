import * as assert from 'node:assert/strict';
import { check, fixtureFiles, where } from '../../harness';

// Base fixture: fx-sim-sq010 (status accepted) was submitted on 01-08 and accepted by chloe on 01-11.
const RULE = 'history-invalid';
const HANDOFFS = 'sq010.handoff.yaml';

/** The base handoff file with fx-sim-sq010's history (and optionally status) replaced. */
function withHistory(entries: string[], status = 'accepted'): Record<string, string> {
  const history = `    history:\n${entries.map((entry) => `      - ${entry}\n`).join('')}`;
  const text = fixtureFiles()[HANDOFFS].replace(/    history:\n(      - .*\n)+/, history).replace('status: accepted', `status: ${status}`);
  return { [HANDOFFS]: text };
}

const SUBMITTED = '{ date: 2027-01-08, event: submitted, version: 1 }';

describe('rule history-invalid', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an acceptance before any submission at its event value', () => {
    const results = check(withHistory(['{ date: 2027-01-11, event: accepted, by: chloe }']));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:16:36']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Event 'accepted' on 2027-01-11 of 'fx-sim-sq010' comes before any 'submitted' event; add the submission it decides on before it.",
    );
    assert.equal(finding.severity, 'error');
  });

  it('reports a decision that follows another without a new submission, pointing at the earlier one', () => {
    const results = check(
      withHistory([SUBMITTED, '{ date: 2027-01-11, event: rejected, by: chloe, reason: Missing shots }', '{ date: 2027-01-12, event: accepted, by: chloe }']),
    );
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:18:36']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.match(finding.message, /^Event 'accepted' on 2027-01-12 of 'fx-sim-sq010' follows 'rejected' on 2027-01-11 without a new submission;/);
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:17:36'],
    );
  });

  it('reports a rejection without a reason and a decision without a reviewer', () => {
    const results = check(withHistory([SUBMITTED, '{ date: 2027-01-11, event: rejected }'], 'rejected')).filter((r) => r.rule === RULE);
    assert.deepEqual(
      results.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:17:36', 'sq010.handoff.yaml:17:36'],
    );
    assert.deepEqual(results.map((r) => r.message).sort(), [
      "Event 'rejected' on 2027-01-11 of 'fx-sim-sq010' does not say who decided; add 'by:' with the person's id.",
      "Event 'rejected' on 2027-01-11 of 'fx-sim-sq010' has no reason; add 'reason:' saying what to fix for the next submission.",
    ]);
  });

  it('reports a status that contradicts the last event at the status value', () => {
    const results = check(withHistory([SUBMITTED, '{ date: 2027-01-11, event: rejected, by: chloe, reason: Missing shots }'], 'accepted'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:14:13']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Status 'accepted' of 'fx-sim-sq010' contradicts its last history event 'rejected' on 2027-01-11; set the status to 'rejected' or log the event that changed it.",
    );
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:17:36'],
    );
  });

  it('accepts revision cycles: resubmission after a rejection, a newer version before review, a redelivery after acceptance', () => {
    const cycle = [
      SUBMITTED,
      '{ date: 2027-01-11, event: rejected, by: chloe, reason: Missing shots }',
      '{ date: 2027-01-12, event: submitted, version: 2 }',
      '{ date: 2027-01-13, event: submitted, version: 3 }',
      '{ date: 2027-01-14, event: accepted, by: chloe, version: 3 }',
    ];
    assert.deepEqual(where(check(withHistory(cycle, 'accepted')), RULE), []);
    assert.deepEqual(where(check(withHistory([...cycle, '{ date: 2027-01-15, event: submitted, version: 4 }'], 'submitted')), RULE), []);
  });

  it('leaves statuses that any event may precede alone', () => {
    const rejected = [SUBMITTED, '{ date: 2027-01-11, event: rejected, by: chloe, reason: Missing shots }'];
    for (const status of ['in_progress', 'blocked', 'planned']) assert.deepEqual(where(check(withHistory(rejected, status)), RULE), [], status);
  });

  it('does not report events dated after today', () => {
    assert.deepEqual(where(check(withHistory(['{ date: 2027-03-01, event: submitted, version: 1 }'], 'submitted')), RULE), []);
  });

  it('can be lowered to a warning by the production rules', () => {
    const production = fixtureFiles()['test.production.yaml'].concat('rules:\n  history-invalid: warning\n');
    const results = check({ ...withHistory(['{ date: 2027-01-11, event: accepted, by: chloe }']), 'test.production.yaml': production });
    assert.deepEqual(results.filter((r) => r.rule === RULE).map((r) => r.severity), ['warning']);
  });
});
