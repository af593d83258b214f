import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

// fx-sim-sq010 runs 2027-01-04 → 01-08, submitted 01-08; fx-to-comp-sq010 starts 2027-01-13 and depends on it.
const RULE = 'history-order';
const HANDOFFS = 'sq010.handoff.yaml';

/** The base file with a history (and status) added to fx-to-comp-sq010. */
function downstreamHistory(entries: string[], status = 'submitted'): Record<string, string> {
  const text = fixtureFiles()[HANDOFFS].replace(
    '    status: in_progress\n',
    `    status: ${status}\n    history:\n${entries.map((entry) => `      - ${entry}\n`).join('')}`,
  );
  return { [HANDOFFS]: text };
}

describe('rule history-order', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('accepts a submission on the start day, after the upstream was submitted', () => {
    assert.deepEqual(where(check(downstreamHistory(['{ date: 2027-01-13, event: submitted, version: 1 }'])), RULE), []);
  });

  it("reports a submission before the handoff's start at its date", () => {
    const results = check(downstreamHistory(['{ date: 2027-01-12, event: submitted, version: 1 }']));
    // line 38 is the first history entry of fx-to-comp-sq010; the date starts at column 17
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:38:17']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Submission of 'fx-to-comp-sq010' on 2027-01-12 is before the handoff starts (2027-01-13); correct the date of the event, or the start.",
    );
  });

  it('reports a submission before any submission of an upstream handoff', () => {
    // The upstream is submitted on 2027-01-14 instead; fx-to-comp-sq010 submits on 2027-01-13.
    const changes = downstreamHistory(['{ date: 2027-01-13, event: submitted, version: 1 }']);
    changes[HANDOFFS] = changes[HANDOFFS].replace('{ date: 2027-01-08, event: submitted, version: 1 }\n      - { date: 2027-01-11,', '{ date: 2027-01-14, event: submitted, version: 1 }\n      - { date: 2027-01-14,');
    const results = check(changes, { today: '2027-01-20' });
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:38:17']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Submission of 'fx-to-comp-sq010' on 2027-01-13 comes before any submission of 'fx-sim-sq010', which it depends on; correct the date, or log the submission of 'fx-sim-sq010' it was built from.",
    );
    assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}`), ['sq010.handoff.yaml:16']);
  });

  it('reports a resubmission after a rejection that keeps the version, with a fix to the next number', () => {
    const results = check(
      downstreamHistory([
        '{ date: 2027-01-13, event: submitted, version: 1 }',
        '{ date: 2027-01-14, event: rejected, by: chloe, reason: Wrong colorspace }',
        '{ date: 2027-01-15, event: submitted, version: 1 }',
      ]),
    );
    // - { date: 2027-01-15, event: submitted, version: 1 } → the version value at column 56
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:40:56']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Resubmission of 'fx-to-comp-sq010' on 2027-01-15 after the rejection of 2027-01-14 has version 1, not higher than the 1 already submitted; set the version to 2.",
    );
  });

  it('accepts a resubmission that raises the version', () => {
    const history = [
      '{ date: 2027-01-13, event: submitted, version: 1 }',
      '{ date: 2027-01-14, event: rejected, by: chloe, reason: Wrong colorspace }',
      '{ date: 2027-01-15, event: submitted, version: 2 }',
    ];
    assert.deepEqual(where(check(downstreamHistory(history)), RULE), []);
  });
});
