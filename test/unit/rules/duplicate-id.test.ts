import * as assert from 'node:assert/strict';
import { check, edit, where, type Result } from '../../harness';

const RULE = 'duplicate-id';
const HANDOFFS = 'sq010.handoff.yaml';
const RUNBOOK = 'fx-delivery.runbook.yaml';

/** The rules of the catalogue this group of tests covers. */
const REFERENCE_RULES = [
  'duplicate-id',
  'unknown-reference',
  'dependency-cycle',
  'format-not-allowed',
  'naming-invalid',
  'incompatible-handoff',
  'unused-definition',
];

function relatedOf(result: Result): string[] {
  return result.related.map((r) => `${r.file}:${r.line}:${r.column}`);
}

describe('rule duplicate-id', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('finds nothing at all on the base fixture for the reference, graph, format and naming rules', () => {
    assert.deepEqual(check().filter((r) => REFERENCE_RULES.includes(r.rule)), []);
  });

  it('reports a handoff id defined again in another file, pointing at the first', () => {
    const results = check({
      'sq020.handoff.yaml': `handoffs:
  - id: fx-sim-sq010
    from: fx
    to: comp
    owner: dana
    contact: ben
    due: 2027-01-29
`,
    });
    assert.deepEqual(where(results, RULE), ['sq020.handoff.yaml:2:9']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(finding.message, "Handoff id 'fx-sim-sq010' is already defined in sq010.handoff.yaml:2; rename one of them.");
    assert.equal(finding.severity, 'error');
    assert.deepEqual(relatedOf(finding), ['sq010.handoff.yaml:2:9']);
  });

  it('reports every definition after the first', () => {
    const person = '  - { id: dana, name: Dana Wu, role: Producer }\n';
    const results = check(edit('test.production.yaml', person, person + person + person));
    assert.deepEqual(where(results, RULE), ['test.production.yaml:15:11', 'test.production.yaml:16:11']);
    for (const finding of results.filter((r) => r.rule === RULE)) {
      assert.equal(finding.message, "Person id 'dana' is already defined in test.production.yaml:14; rename one of them.");
      assert.deepEqual(relatedOf(finding), ['test.production.yaml:14:11']);
    }
  });

  it('reports a step id repeated within one runbook, naming the runbook', () => {
    const results = check(edit(RUNBOOK, '{ id: meta,', '{ id: qa,'));
    assert.deepEqual(where(results, RULE), ['fx-delivery.runbook.yaml:8:11']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Step id 'qa' in runbook 'fx-delivery' is already defined in fx-delivery.runbook.yaml:7; rename one of them.",
    );
  });

  it('reports a checklist item id repeated within one template', () => {
    const results = check(edit('fx-elements.template.yaml', '{ id: colorspace,', '{ id: frame-range,'));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:13:11']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /^Checklist item id 'frame-range' in template 'fx-elements' is already defined in fx-elements.template.yaml:12;/);
  });

  it('allows the same step or checklist item id in different runbooks and templates', () => {
    const results = check({
      'comp-delivery.runbook.yaml': `runbook: comp-delivery
owner: dana
applies_to: [slap]
steps:
  - { id: render, do: Render the comp }
  - { id: qa, do: Run the QA checks, qa: [frame-range], after: [render] }
`,
      'slap.template.yaml': `template: slap
asset_type: fx-element
format: exr
color_space: acescg
checklist:
  - { id: frame-range, check: Frame range equals the cut list range }
`,
    });
    assert.deepEqual(where(results, RULE), []);
  });

  it('allows the same id for different kinds', () => {
    // A department and a person may both be called 'fx'.
    const results = check(edit('test.production.yaml', '  - { id: dana, name: Dana Wu, role: Producer }\n', '  - { id: dana, name: Dana Wu, role: Producer }\n  - { id: fx, name: Fx Person, department: fx }\n'));
    assert.deepEqual(where(results, RULE), []);
  });

  it('treats productions separately', () => {
    const results = check({
      'other/other.production.yaml': 'production: other\ndepartments:\n  - { id: fx, name: FX }\npeople:\n  - { id: dana, name: Dana }\n',
      'other/sq010.handoff.yaml': 'handoffs:\n  - { id: fx-sim-sq010, from: fx, to: fx, owner: dana, contact: dana, due: 2027-01-08, done_when: [Sims cached] }\n',
    });
    assert.deepEqual(where(results, RULE), []);
  });
});
