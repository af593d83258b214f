import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

// fx-to-comp-sq010 goes from fx to comp; its contact is ben (fx). A third department, lighting, is added with lena.
const RULE = 'contact-department';
const HANDOFFS = 'sq010.handoff.yaml';
const WITH_LIGHTING = edit(
  'test.production.yaml',
  'people:\n',
  '  - { id: lighting, name: Lighting, lead: lena, color: "#e5c07b", channel: "#lighting" }\npeople:\n  - { id: lena, name: Lena Novak, role: Lighting Coordinator, department: lighting }\n',
);

describe('rule contact-department', () => {
  it('accepts contacts of the from or the to department (the base fixture)', () => {
    assert.deepEqual(where(check(WITH_LIGHTING), RULE), []);
  });

  it('reports a contact of a third department at the contact value', () => {
    const results = check({ ...WITH_LIGHTING, ...edit(HANDOFFS, '    contact: ben\n    escalation', '    contact: lena\n    escalation') });
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:24:14']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Contact 'lena' of 'fx-to-comp-sq010' is in department 'lighting', neither 'fx' nor 'comp'; make the contact someone of 'fx' or 'comp' (e.g. 'ben' or 'chloe').",
    );
    assert.equal(finding.severity, 'warning');
  });

  it('accepts a contact of the receiving department and a contact with no department', () => {
    assert.deepEqual(where(check({ ...WITH_LIGHTING, ...edit(HANDOFFS, '    contact: ben\n    escalation', '    contact: chloe\n    escalation') }), RULE), []);
    assert.deepEqual(where(check({ ...WITH_LIGHTING, ...edit(HANDOFFS, '    contact: ben\n    escalation', '    contact: dana\n    escalation') }), RULE), []);
  });

  it('leaves a handoff whose department is unknown to unknown-reference (one mistake, one diagnostic)', () => {
    const results = check({
      ...WITH_LIGHTING,
      ...edit(HANDOFFS, '    from: fx\n    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n', '    from: fxx\n    to: comp\n    template: fx-elements\n    owner: dana\n    contact: lena\n'),
    });
    assert.deepEqual(where(results, RULE), []);
    assert.ok(results.some((r) => r.rule === 'unknown-reference' && r.message.includes("'fxx'")), 'the unknown department is reported');
  });
});
