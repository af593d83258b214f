import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

const RULE = 'date-order';
const HANDOFFS = 'sq010.handoff.yaml';

describe('rule date-order', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a start after the due date at the start value', () => {
    const results = check(edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-25'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:26:12']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Start '2027-01-25' of 'fx-to-comp-sq010' is after its due date 2027-01-22; move the start to 2027-01-22 or earlier, or move the due date.",
    );
    assert.equal(finding.severity, 'error');
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:27:10'],
    );
  });

  it('accepts a start on the due date (one day of work)', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-22')), RULE), []);
  });

  it('compares calendar dates, so a weekend start after a Friday due is still after it', () => {
    const text = fixtureFiles()[HANDOFFS].replace('start: 2027-01-04', 'start: 2027-01-09');
    assert.deepEqual(where(check({ [HANDOFFS]: text }), RULE), ['sq010.handoff.yaml:9:12']);
  });

  it('reports a history entry dated before the entry above it, at its date', () => {
    const results = check(edit(HANDOFFS, '{ date: 2027-01-11, event: accepted', '{ date: 2027-01-07, event: accepted'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:17:17']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "History date '2027-01-07' of 'fx-sim-sq010' comes before the previous entry's 2027-01-08; list history events in the order they happened, or correct the date.",
    );
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:16:17'],
    );
  });

  it('accepts history entries on the same day', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, '{ date: 2027-01-11, event: accepted', '{ date: 2027-01-08, event: accepted')), RULE), []);
  });

  it('reports one entry out of place once, not every entry after it', () => {
    const history = `    history:
      - { date: 2027-01-08, event: submitted, version: 1 }
      - { date: 2027-01-20, event: rejected, by: chloe, reason: Wrong frame range }
      - { date: 2027-01-12, event: submitted, version: 2 }
      - { date: 2027-01-13, event: accepted, by: chloe }
`;
    const text = fixtureFiles()[HANDOFFS].replace(/    history:\n(      - .*\n)+/, history);
    assert.deepEqual(where(check({ [HANDOFFS]: text }), RULE), ['sq010.handoff.yaml:18:17']);
  });

  it('skips history entries without a readable date', () => {
    const history = `    history:
      - { date: 2027-01-08, event: submitted, version: 1 }
      - { event: rejected, by: chloe, reason: Wrong frame range }
      - { date: 2027-01-11, event: submitted, version: 2 }
`;
    const text = fixtureFiles()[HANDOFFS].replace(/    history:\n(      - .*\n)+/, history).replace('status: accepted', 'status: submitted');
    assert.deepEqual(where(check({ [HANDOFFS]: text }), RULE), []);
  });

  it('can be lowered to a warning by the production rules', () => {
    const changes = {
      ...edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-25'),
      ...edit('test.production.yaml', 'review_buffer: 2', 'review_buffer: 2\nrules: { date-order: warning }'),
    };
    assert.deepEqual(
      check(changes).filter((r) => r.rule === RULE).map((r) => r.severity),
      ['warning'],
    );
  });
});
