import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

// fx-sim-sq010 is delivered by fx to comp; ben is in fx, chloe in comp, dana in no department.
const RULE = 'wrong-approver';
const HANDOFFS = 'sq010.handoff.yaml';

describe('rule wrong-approver', () => {
  it('accepts an acceptance by a person of the receiving department (the base fixture)', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an acceptance by a person of the delivering department at its by value', () => {
    const results = check(edit(HANDOFFS, 'event: accepted, by: chloe', 'event: accepted, by: ben'));
    //       - { date: 2027-01-11, event: accepted, by: ben }  → 'ben' starts at column 50
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:17:50']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "'ben' belongs to 'fx', the department that delivers 'fx-sim-sq010', and cannot accept it; set 'by' to the person of 'comp' who reviewed it (its lead is 'chloe').",
    );
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}`), ['test.production.yaml:12']);
  });

  it('reports a rejection by the delivering department too', () => {
    const results = check(
      edit(HANDOFFS, '      - { date: 2027-01-11, event: accepted, by: chloe }', '      - { date: 2027-01-11, event: rejected, by: ben, reason: Missing shots }'),
    );
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:17:50']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /cannot reject it/);
  });

  it('leaves a person without a department alone (a producer may sign off)', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, 'event: accepted, by: chloe', 'event: accepted, by: dana')), RULE), []);
  });
});
