import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

// January 2027: Mon 18 .. Fri 22 | Mon 25 .. Fri 29. Base fixture: fx-to-comp-sq010 is due
// Fri 01-22 with 2 review days, so it is ready Tue 01-26; it feeds picture-lock (2027-02-05).
const RULE = 'milestone-overrun';
const PRODUCTION = 'test.production.yaml';
const HANDOFFS = 'sq010.handoff.yaml';

function withMilestone(date: string): Record<string, string> {
  return edit(PRODUCTION, 'date: 2027-02-05', `date: ${date}`);
}

describe('rule milestone-overrun', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a handoff ready after its milestone at the feeds value, with the milestone date as related', () => {
    const results = check(withMilestone('2027-01-25'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:29:12']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Handoff 'fx-to-comp-sq010' is ready on 2027-01-26 (due 2027-01-22 + 2 review days), 1 working day after milestone " +
        "'picture-lock' on 2027-01-25; make it due by 2027-01-21 or feed a later milestone.",
    );
    assert.equal(finding.severity, 'error');
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['test.production.yaml:16:31'],
    );
  });

  it('accepts a milestone met with zero slack', () => {
    assert.deepEqual(where(check(withMilestone('2027-01-26')), RULE), []);
  });

  it('counts working days late to a milestone on a weekend', () => {
    // Milestone Sun 01-24: Mon 25 and Tue 26 are late; the last working day before it is Fri 22.
    const results = check(withMilestone('2027-01-24'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:29:12']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /2 working days after milestone 'picture-lock' on 2027-01-24; make it due by 2027-01-20 /);
  });

  it('lets a holiday inside the review buffer push the ready date past the milestone', () => {
    // With Mon 01-25 off the review days are Tue 26 and Wed 27: one working day late for Tue 01-26.
    const text = fixtureFiles()[PRODUCTION].replace('holidays: [2027-01-01]', 'holidays: [2027-01-01, 2027-01-25]').replace('date: 2027-02-05', 'date: 2027-01-26');
    const results = check({ [PRODUCTION]: text });
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:29:12']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /ready on 2027-01-27 .* 1 working day after milestone 'picture-lock' on 2027-01-26; make it due by 2027-01-21 /);
  });

  it('uses the handoff review_buffer over the production default', () => {
    const text = fixtureFiles()[HANDOFFS].replace('    due: 2027-01-22\n', '    due: 2027-01-22\n    review_buffer: 0\n');
    assert.deepEqual(where(check({ [HANDOFFS]: text, ...withMilestone('2027-01-22') }), RULE), []);
    const late = check({ [HANDOFFS]: text, ...withMilestone('2027-01-21') });
    assert.deepEqual(where(late, RULE), ['sq010.handoff.yaml:30:12']);
    assert.match(late.find((r) => r.rule === RULE)!.message, /ready on 2027-01-22 \(due 2027-01-22, no review buffer\), 1 working day after .* due by 2027-01-21 /);
  });

  it('reports a handoff in another file against the production milestone', () => {
    const other = `handoffs:
  - { id: grade-sq010, owner: dana, contact: ben, start: 2027-02-01, due: 2027-02-05, feeds: picture-lock, done_when: [Graded at v001] }
`;
    const results = check({ 'grade.handoff.yaml': other });
    assert.deepEqual(where(results, RULE), ['grade.handoff.yaml:2:94']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /^Handoff 'grade-sq010' is ready on 2027-02-09 .* 2 working days after milestone 'picture-lock' on 2027-02-05;/);
  });

  it('can be turned off by the production rules', () => {
    const changes = { [PRODUCTION]: fixtureFiles()[PRODUCTION].replace('date: 2027-02-05', 'date: 2027-01-25').concat('rules: { milestone-overrun: off }\n') };
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
