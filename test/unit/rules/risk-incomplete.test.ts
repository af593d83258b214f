import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

// sim-convergence has impact high, an owner (ben) and a mitigation.
const RULE = 'risk-incomplete';
const RISKS = 'test.risks.yaml';

describe('rule risk-incomplete', () => {
  it('accepts a high risk with owner and mitigation (the base fixture)', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a high risk without owner and mitigation at its id', () => {
    const results = check(edit(RISKS, '    owner: ben\n    mitigation: Cache a low-res sim in parallel\n', ''));
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:2:9']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Risk 'sim-convergence' has impact high but no owner and no mitigation; add 'owner:' with the id of the person who watches it and 'mitigation:' saying what is done to make it smaller.",
    );
    assert.equal(finding.severity, 'error');
  });

  it('reports a high likelihood without a mitigation', () => {
    const changed = edit(RISKS, '    likelihood: medium\n    impact: high\n    owner: ben\n    mitigation: Cache a low-res sim in parallel\n', '    likelihood: high\n    impact: low\n    owner: ben\n');
    const results = check(changed);
    assert.deepEqual(where(results, RULE), ['test.risks.yaml:2:9']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /has likelihood high but no mitigation;/);
  });

  it('leaves a medium risk without owner or mitigation alone', () => {
    assert.deepEqual(where(check(edit(RISKS, '    impact: high\n    owner: ben\n    mitigation: Cache a low-res sim in parallel\n', '    impact: medium\n')), RULE), []);
  });
});
