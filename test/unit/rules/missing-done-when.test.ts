import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, resultsOf, where, workspaceOf } from '../../harness';

const RULE = 'missing-done-when';
const HANDOFFS = 'sq010.handoff.yaml';
const DONE_WHEN = '    done_when:\n      - All 12 shots of sq010 have sim caches at v001 or later\n';

describe('rule missing-done-when', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a handoff without done_when at its id, as a warning', () => {
    const results = check(edit(HANDOFFS, DONE_WHEN, ''));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:2:9']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Handoff 'fx-sim-sq010' has no done_when; add 'done_when:' with the objective criteria that make it complete (counts, versions, files).",
    );
    assert.equal(finding.severity, 'warning');
  });

  it('reports an empty done_when, or one with only blank lines', () => {
    const empty = check(edit(HANDOFFS, DONE_WHEN, '    done_when: []\n'));
    assert.deepEqual(where(empty, RULE), ['sq010.handoff.yaml:2:9']);
    assert.match(empty.find((r) => r.rule === RULE)!.message, /^Handoff 'fx-sim-sq010' has an empty done_when;/);
    assert.deepEqual(where(check(edit(HANDOFFS, DONE_WHEN, '    done_when: ["", "  "]\n')), RULE), ['sq010.handoff.yaml:2:9']);
    assert.deepEqual(where(check(edit(HANDOFFS, DONE_WHEN, '    done_when:\n')), RULE), ['sq010.handoff.yaml:2:9']);
  });

  it('accepts a single criterion, in flow style too', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, DONE_WHEN, '    done_when: [Sim caches for 12 shots at v001]\n')), RULE), []);
  });

  it('is turned off by the production rules', () => {
    const changes = { ...edit(HANDOFFS, DONE_WHEN, ''), ...edit('test.production.yaml', 'risk_review_days: 7', 'risk_review_days: 7\nrules: { missing-done-when: off }') };
    assert.deepEqual(where(check(changes), RULE), []);
    assert.deepEqual(resultsOf(workspaceOf(changes)).filter((r) => r.rule === RULE), []);
  });

  it('can be raised to an error by the production rules', () => {
    const production = fixtureFiles()['test.production.yaml'].concat('rules:\n  missing-done-when: error\n');
    const results = check({ ...edit(HANDOFFS, DONE_WHEN, ''), 'test.production.yaml': production });
    assert.deepEqual(results.filter((r) => r.rule === RULE).map((r) => r.severity), ['error']);
  });

  it('is silenced for one handoff by a disable comment above its id line', () => {
    const changes = edit(HANDOFFS, DONE_WHEN, '');
    changes[HANDOFFS] = changes[HANDOFFS].replace('  - id: fx-sim-sq010', '  # handoff-disable-next-line missing-done-when: caches are internal\n  - id: fx-sim-sq010');
    assert.deepEqual(where(check(changes), RULE), []);
    assert.deepEqual(resultsOf(workspaceOf(changes)).filter((r) => r.rule === RULE).map((r) => r.suppressed), ['caches are internal']);
  });
});
