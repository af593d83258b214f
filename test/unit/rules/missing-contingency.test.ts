import * as assert from 'node:assert/strict';
import type { Diagnostic, TextEdit } from '../../../server/src/core/types';
import { DEFAULT_TODAY, check, edit, fixtureFiles, where, workspaceOf } from '../../harness';

// Base fixture: fx-to-comp-sq010 has risk level high, a contingency plan and escalation [ben, dana].
const RULE = 'missing-contingency';
const HANDOFFS = 'sq010.handoff.yaml';
const BASE = fixtureFiles()[HANDOFFS];

function diagnosticsOf(changes: Record<string, string>): Diagnostic[] {
  return [...workspaceOf(changes).diagnostics({ today: DEFAULT_TODAY }).values()].flat().filter((d) => d.rule === RULE);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

/** The handoff file after applying the only finding's only fix. */
function fixed(text: string): string {
  const [diagnostic] = diagnosticsOf({ [HANDOFFS]: text });
  assert.equal(diagnostic.fixes?.length, 1);
  return applyEdits(text, diagnostic.fixes![0].edits);
}

describe('rule missing-contingency', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a high risk without an escalation path at the level value, as a warning', () => {
    const results = check(edit(HANDOFFS, '    escalation: [ben, dana]\n', ''));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:33:14']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(finding.message, "Risk level 'high' of 'fx-to-comp-sq010' needs an escalation path; list the people to call, in order, in 'escalation:'.");
    assert.equal(finding.severity, 'warning');
  });

  it('treats an empty escalation list as no escalation path', () => {
    assert.deepEqual(where(check(edit(HANDOFFS, 'escalation: [ben, dana]', 'escalation: []')), RULE), ['sq010.handoff.yaml:34:14']);
  });

  it('reports a high risk without a contingency plan, or with an empty one', () => {
    const results = check(edit(HANDOFFS, '      contingency: { plan: Slapcomps by 2027-01-20 }\n', ''));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:34:14']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Risk level 'high' of 'fx-to-comp-sq010' needs a contingency plan; add 'contingency: { plan: ... }' under 'risk'.",
    );
    assert.deepEqual(where(check(edit(HANDOFFS, '{ plan: Slapcomps by 2027-01-20 }', '{ plan: "  ", alternate_format: prores4444 }')), RULE), ['sq010.handoff.yaml:34:14']);
  });

  it('names both gaps for a critical risk', () => {
    const text = BASE.replace('    escalation: [ben, dana]\n', '').replace('level: high', 'level: critical').replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '');
    assert.match(
      check({ [HANDOFFS]: text }).find((r) => r.rule === RULE)!.message,
      /^Risk level 'critical' of 'fx-to-comp-sq010' needs a contingency plan and an escalation path; add .* and list the people to call/,
    );
  });

  it('ignores low and medium risks and handoffs without a risk', () => {
    const text = BASE.replace('    escalation: [ben, dana]\n', '').replace('level: high', 'level: medium').replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '');
    assert.deepEqual(where(check({ [HANDOFFS]: text }), RULE), []);
    assert.deepEqual(where(check({ [HANDOFFS]: text.replace('level: medium', 'level: low') }), RULE), []);
  });

  it('fixes a block handoff by inserting escalation after the contact line', () => {
    const text = BASE.replace('    escalation: [ben, dana]\n', '');
    const diagnostic = diagnosticsOf({ [HANDOFFS]: text })[0];
    assert.equal(diagnostic.fixes?.[0].title, 'Add an escalation path');
    assert.equal(fixed(text), BASE.replace('    escalation: [ben, dana]\n', '    escalation: []\n'));
  });

  it('fixes a block risk map by inserting a contingency skeleton at its end', () => {
    const text = BASE.replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '');
    assert.equal(fixed(text), BASE.replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '      contingency:\n        plan: ""\n'));
  });

  it('adds the plan to a block contingency that has other fields', () => {
    const text = BASE.replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '      contingency:\n        alternate_format: prores4444  # smaller\n');
    assert.equal(fixed(text), BASE.replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '      contingency:\n        alternate_format: prores4444  # smaller\n        plan: ""\n'));
  });

  it('fixes both gaps in one action, keeping CRLF line breaks', () => {
    const text = BASE.replace('    escalation: [ben, dana]\n', '').replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '').replace(/\n/g, '\r\n');
    const diagnostic = diagnosticsOf({ [HANDOFFS]: text })[0];
    assert.equal(diagnostic.fixes?.[0].title, 'Add a contingency plan skeleton and an escalation path');
    const expected = BASE.replace('    escalation: [ben, dana]\n', '    escalation: []\n').replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '      contingency:\n        plan: ""\n');
    assert.equal(fixed(text), expected.replace(/\n/g, '\r\n'));
  });

  it('leaves flow maps alone: no fix for a flow handoff, only the escalation for a flow risk', () => {
    const flowHandoff = 'handoffs:\n  - { id: fx-extra-sq010, owner: dana, contact: ben, due: 2027-01-08, done_when: [All extras at v001], risk: { level: high } }\n';
    const [flow] = diagnosticsOf({ 'extra.handoff.yaml': flowHandoff });
    assert.equal(flow.fixes, undefined);

    const text = BASE.replace('    escalation: [ben, dana]\n', '').replace('    risk:\n      level: high\n      contingency: { plan: Slapcomps by 2027-01-20 }\n', '    risk: { level: high }\n');
    const [diagnostic] = diagnosticsOf({ [HANDOFFS]: text });
    assert.equal(diagnostic.fixes?.[0].title, 'Add an escalation path');
    assert.ok(fixed(text).includes('    contact: ben\n    escalation: []\n'));
  });

  it('can be turned off by the production rules', () => {
    const changes = { ...edit(HANDOFFS, '    escalation: [ben, dana]\n', ''), ...edit('test.production.yaml', 'review_buffer: 2', 'review_buffer: 2\nrules: { missing-contingency: off }') };
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
