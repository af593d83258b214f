import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

// sim-convergence (open) is on fx-to-comp-sq010 (in progress); fx-sim-sq010 is accepted.
const RULE = 'risk-on-closed-handoff';
const RISKS = 'test.risks.yaml';
const ON_ACCEPTED = edit(RISKS, 'handoff: fx-to-comp-sq010', 'handoff: fx-sim-sq010');

describe('rule risk-on-closed-handoff', () => {
  it('accepts an open risk on a handoff still in work (the base fixture)', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an open risk on an accepted handoff at its handoff value, with a fix that closes it', () => {
    const results = check(ON_ACCEPTED);
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:3:14']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Open risk 'sim-convergence' is on handoff 'fx-sim-sq010', which is already accepted; set its status to 'closed' (or 'mitigated'), or point it at a handoff still in work.",
    );
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}:${r.column}`), ['sq010.handoff.yaml:14:13']);
  });

  it('reports a risk over several handoffs only when all of them are accepted, at its handoffs value', () => {
    const both = edit(RISKS, 'handoff: fx-to-comp-sq010', 'handoffs: [fx-sim-sq010, fx-to-comp-sq010]');
    assert.deepEqual(where(check(both), RULE), []);
    const results = check({ ...both, ...edit('sq010.handoff.yaml', 'status: in_progress', 'status: accepted') });
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:3:15']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /is on handoffs 'fx-sim-sq010', 'fx-to-comp-sq010', which are all already accepted;/);
  });

  it('leaves a closed or mitigated risk on an accepted handoff alone', () => {
    const text = ON_ACCEPTED[RISKS];
    assert.deepEqual(where(check({ [RISKS]: text.replace('status: open', 'status: closed') }), RULE), []);
    assert.deepEqual(where(check({ [RISKS]: text.replace('status: open', 'status: mitigated') }), RULE), []);
  });
});
