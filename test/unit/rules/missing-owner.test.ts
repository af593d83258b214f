import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

const RULE = 'missing-owner';
const HANDOFFS = 'sq010.handoff.yaml';

describe('rule missing-owner', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a handoff without an owner at its id', () => {
    const results = check(edit(HANDOFFS, '    owner: dana\n', ''));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:2:9']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(finding.message, "Handoff 'fx-sim-sq010' has no owner; add 'owner:' with the id of the one producer or coordinator accountable for it.");
    assert.equal(finding.severity, 'error');
  });

  it('reports a missing owner and a missing contact separately', () => {
    const text = fixtureFiles()[HANDOFFS].replace('    owner: dana\n    contact: ben\n    escalation', '    escalation');
    const results = check({ [HANDOFFS]: text }).filter((r) => r.rule === RULE);
    assert.deepEqual(
      results.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:18:9', 'sq010.handoff.yaml:18:9'],
    );
    assert.deepEqual(results.map((r) => r.message).sort(), [
      "Handoff 'fx-to-comp-sq010' has no contact; add 'contact:' with the id of the person to ask about it.",
      "Handoff 'fx-to-comp-sq010' has no owner; add 'owner:' with the id of the one producer or coordinator accountable for it.",
    ]);
  });

  it('treats an empty value as missing', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, '    contact: ben\n', '    contact:\n')), RULE), ['sq010.handoff.yaml:2:9']);
  });

  it('leaves an owner that names nobody known to unknown-reference', () => {
    const results = check(edit(HANDOFFS, '    owner: dana\n', '    owner: dan\n'));
    assert.deepEqual(where(results, RULE), []);
  });

  it('reads flow-style handoffs in another file too', () => {
    const other = 'handoffs:\n  - { id: fx-extra-sq010, owner: dana, start: 2027-01-04, due: 2027-01-08, done_when: [All extras at v001] }\n';
    assert.deepEqual(where(check({ 'extra.handoff.yaml': other }), RULE), ['extra.handoff.yaml:2:11']);
  });

  it('can be turned off by the production rules', () => {
    const changes = { ...edit(HANDOFFS, '    owner: dana\n', ''), ...edit('test.production.yaml', 'review_buffer: 2', 'review_buffer: 2\nrules: { missing-owner: off }') };
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
