import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

const RULE = 'unused-definition';
const PRODUCTION = 'test.production.yaml';
const DANA = '  - { id: dana, name: Dana Wu, role: Producer }\n';

describe('rule unused-definition', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a person nothing refers to, as info', () => {
    const results = check(edit(PRODUCTION, DANA, `${DANA}  - { id: eve, name: Eve Stone, role: Coordinator }\n`));
    assert.deepEqual(where(results, RULE), ['test.production.yaml:15:11']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(finding.severity, 'info');
    assert.equal(finding.message, "Person 'eve' is not referenced anywhere; make them an owner, contact, lead or escalation, or remove them from people:.");
  });

  it('counts a department lead as a use of the person', () => {
    const changes = edit(PRODUCTION, DANA, `${DANA}  - { id: eve, name: Eve Stone, role: Coordinator }\n`);
    changes[PRODUCTION] = changes[PRODUCTION].replace('lead: chloe', 'lead: eve');
    // chloe is still the accepting reviewer in the history, so only the lead changed hands.
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('reports a template no handoff or runbook uses', () => {
    const results = check({ 'spare.template.yaml': 'template: spare\nasset_type: fx-element\nformat: exr\ncolor_space: acescg\n' });
    assert.deepEqual(where(results, RULE), ['spare.template.yaml:1:11']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Template 'spare' is not used by any handoff or runbook; reference it with 'template: spare' or applies_to:, or delete it.",
    );
  });

  it('counts a runbook applies_to as a use of the template', () => {
    const results = check({
      'spare.template.yaml': 'template: spare\nasset_type: fx-element\nformat: exr\ncolor_space: acescg\n',
      'spare.runbook.yaml': 'runbook: spare-delivery\nowner: dana\napplies_to: [spare]\nsteps:\n  - { id: send, do: Send it }\n',
    });
    assert.deepEqual(where(results, RULE), []);
  });

  it('reports an asset type no template uses', () => {
    const results = check(edit('test.glossary.yaml', 'metadata:\n', '  - { id: matte, description: Holdout mattes, formats: [exr] }\nmetadata:\n'));
    assert.deepEqual(where(results, RULE), ['test.glossary.yaml:9:11']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Asset type 'matte' is not used by any template; reference it with 'asset_type: matte', or remove it from the glossary.",
    );
  });

  it('reports an unused id once even when it is defined twice', () => {
    const results = check({
      'spare.template.yaml': 'template: spare\nasset_type: fx-element\nformat: exr\ncolor_space: acescg\n',
      'spare2.template.yaml': 'template: spare\nasset_type: fx-element\nformat: exr\ncolor_space: acescg\n',
    });
    assert.deepEqual(where(results, RULE), ['spare.template.yaml:1:11']);
  });
});
