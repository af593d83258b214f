import { Memo } from '../../../server/src/core/memo';
import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, resultsOf, uriOf, where, workspaceOf, type Result } from '../../harness';
import type { FileModel } from '../../../server/src/core/fileModel';
import { parseSpecFile } from '../../../server/src/core/parse/full';
import { ProductionModel } from '../../../server/src/core/production';
import type { HandoffSpec } from '../../../server/src/core/specs';
import { cyclicComponents, dependencyCycle, type Graph } from '../../../server/src/core/rules/dependency-cycle';
import { makeContext } from '../../../server/src/core/rules/rule';
import type { Finding, Reference } from '../../../server/src/core/types';

const RULE = 'dependency-cycle';
const HANDOFFS = 'sq010.handoff.yaml';
const RUNBOOK = 'fx-delivery.runbook.yaml';

function findings(results: Result[]): Result[] {
  return results.filter((r) => r.rule === RULE);
}

function relatedOf(result: Result): string[] {
  return result.related.map((r) => `${r.file}:${r.line}:${r.column}`);
}

/** The base handoffs with a depends_on line added to fx-sim-sq010 (after its due date). */
function simDependsOn(entries: string): Record<string, string> {
  return edit(HANDOFFS, '    due: 2027-01-08\n', `    due: 2027-01-08\n    depends_on: [${entries}]\n`);
}

describe('rule dependency-cycle', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a two-handoff cycle once, at the entry written first, the other entry related', () => {
    // One mistake, one diagnostic (DESIGN section 3): removing either entry breaks the cycle.
    const results = check(simDependsOn('fx-to-comp-sq010'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:11:18']);
    const [first] = findings(results);
    assert.equal(
      first.message,
      "Handoff 'fx-sim-sq010' is in a dependency cycle: fx-sim-sq010 → fx-to-comp-sq010 → fx-sim-sq010; remove one of these depends_on entries to break it.",
    );
    assert.equal(first.severity, 'error');
    assert.deepEqual(relatedOf(first), ['sq010.handoff.yaml:29:18']);
  });

  it('follows a cycle across files and points at the other members', () => {
    const results = check({
      ...simDependsOn('lookdev-sq010'),
      'lookdev.handoff.yaml': `handoffs:
  - id: lookdev-sq010
    from: comp
    to: fx
    owner: dana
    contact: chloe
    due: 2027-01-29
    depends_on: [fx-to-comp-sq010]
`,
    });
    assert.deepEqual(where(results, RULE), ['lookdev.handoff.yaml:8:18']);
    const [lookdev] = findings(results);
    assert.equal(
      lookdev.message,
      "Handoff 'lookdev-sq010' is in a dependency cycle: lookdev-sq010 → fx-to-comp-sq010 → fx-sim-sq010 → lookdev-sq010; remove one of these depends_on entries to break it.",
    );
    assert.deepEqual(relatedOf(lookdev), ['sq010.handoff.yaml:29:18', 'sq010.handoff.yaml:11:18']);
  });

  it('after a check without cycles, finds the cycle an edit closes and loses it when undone, as a fresh check does', () => {
    const lookdev = ['handoffs:', '  - id: lookdev-sq010', '    from: comp', '    to: fx', '    owner: dana', '    contact: chloe', '    due: 2027-01-29', '    depends_on: [fx-to-comp-sq010]', ''].join('\n');
    // Written in a file before sq010's, this fx-sim-sq010 is the id's first definition: the graph's node for it changes hands.
    const first = lookdev.replace('lookdev-sq010', 'fx-sim-sq010').replace('[fx-to-comp-sq010]', '[lookdev-sq010]');
    const waitsOnNothing = first.replace('    depends_on: [lookdev-sq010]\n', '');
    const steps: Record<string, string | null>[] = [
      { 'lookdev.handoff.yaml': lookdev },
      simDependsOn('lookdev-sq010'),
      // The first fx-sim-sq010 waits on nothing (no cycle); gone again, the one of sq010 that waits on lookdev is the node again.
      { 'a.handoff.yaml': waitsOnNothing },
      { 'a.handoff.yaml': null },
      { [HANDOFFS]: fixtureFiles()[HANDOFFS] },
      { 'a.handoff.yaml': first },
      { 'a.handoff.yaml': null },
      { 'lookdev.handoff.yaml': null },
    ];
    const live = workspaceOf();
    let files: Record<string, string | null> = {};
    const seen = [where(resultsOf(live), RULE)];
    steps.forEach((step, k) => {
      for (const [file, text] of Object.entries(step)) {
        if (text === null) live.removeFile(uriOf(file));
        else live.setFile(uriOf(file), text, k + 2);
      }
      files = { ...files, ...step };
      const found = where(resultsOf(live), RULE);
      assert.deepEqual(found, where(check(files), RULE), `after step ${k + 1}`);
      seen.push(found);
    });
    assert.deepEqual(seen, [[], [], ['lookdev.handoff.yaml:8:18'], [], ['lookdev.handoff.yaml:8:18'], [], ['a.handoff.yaml:8:18'], [], []]);
  });

  it('reports a self-dependency as a cycle', () => {
    const results = check(simDependsOn('fx-sim-sq010'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:11:18']);
    assert.equal(
      findings(results)[0].message,
      "Handoff 'fx-sim-sq010' depends on itself (fx-sim-sq010 → fx-sim-sq010); remove 'fx-sim-sq010' from its depends_on.",
    );
  });

  it('does not take a shared upstream (a diamond) for a cycle', () => {
    const results = check({
      'sq020.handoff.yaml': `handoffs:
  - { id: plate, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29 }
  - { id: left, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [plate] }
  - { id: right, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [plate] }
  - { id: final, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [left, right, fx-to-comp-sq010] }
`,
    });
    assert.deepEqual(where(results, RULE), []);
  });

  it('ignores depends_on entries that name no handoff', () => {
    assert.deepEqual(where(check(simDependsOn('no-such-handoff')), RULE), []);
  });

  it('reports a cycle among the steps of a runbook', () => {
    const results = check(edit(RUNBOOK, 'role: fx-artist }', 'role: fx-artist, after: [publish] }'));
    assert.deepEqual(where(results, RULE), ['fx-delivery.runbook.yaml:6:69']);
    assert.equal(
      findings(results)[0].message,
      "Step 'render' of runbook 'fx-delivery' is in a dependency cycle: render → publish → meta → qa → render; remove one of these after entries to break it.",
    );
    assert.deepEqual(relatedOf(findings(results)[0]), ['fx-delivery.runbook.yaml:9:81', 'fx-delivery.runbook.yaml:8:65', 'fx-delivery.runbook.yaml:7:65']);
  });

  it('reports a step that comes after itself', () => {
    const results = check(edit(RUNBOOK, 'after: [qa] }', 'after: [meta] }'));
    assert.deepEqual(where(results, RULE), ['fx-delivery.runbook.yaml:8:65']);
    assert.equal(
      findings(results)[0].message,
      "Step 'meta' of runbook 'fx-delivery' comes after itself (meta → meta); remove 'meta' from its after.",
    );
  });

  it('keeps the steps of different runbooks apart', () => {
    // Another runbook with the same step ids in the opposite order is no cycle.
    const results = check({
      'reverse.runbook.yaml': 'runbook: reverse\nowner: dana\napplies_to: [fx-elements]\nsteps:\n  - { id: qa, do: Check }\n  - { id: render, do: Render, after: [qa] }\n',
    });
    assert.deepEqual(where(results, RULE), []);
  });

  it('reports one cycle per tangle and says how many more handoffs are caught in it', () => {
    const text = fixtureFiles()[HANDOFFS] + `  - { id: a, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [b] }
  - { id: b, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [a, c] }
  - { id: c, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [a] }
`;
    const results = check({ [HANDOFFS]: text });
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:37:91']);
    assert.equal(
      findings(results)[0].message,
      "Handoff 'a' is in a dependency cycle: a → b → a; remove one of these depends_on entries to break it. 1 more handoff in the same tangle depends on these too.",
    );
  });

  it('shortens the listing of a long cycle in the middle', () => {
    let text = 'handoffs:\n';
    for (let i = 0; i < 20; i++) text += `  - { id: r${i}, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-29, depends_on: [r${(i + 1) % 20}] }\n`;
    const results = check({ 'ring.handoff.yaml': text });
    const ring = findings(results);
    assert.equal(ring.length, 1);
    assert.equal(
      ring[0].message,
      "Handoff 'r0' is in a dependency cycle: r0 → r1 → r2 → r3 → r4 → r5 → r6 → r7 → … 9 more … → r17 → r18 → r19 → r0; remove one of these depends_on entries to break it.",
    );
    assert.equal(ring[0].related.length, 10);
  });

  it('reports a ring of 50,000 handoffs once without quadratic work', () => {
    // Built without parsing, so the test measures the rule, not YAML reading.
    const count = 50_000;
    const uri = uriOf('ring.handoff.yaml');
    const entities = { colorSpaces: [], formats: [], assetTypes: [], metadata: [], namingTokens: [], templates: [], runbooks: [], risks: [], decisions: [], postmortems: [], handoffs: [] as HandoffSpec[] };
    const references: Reference[] = [];
    for (let i = 0; i < count; i++) {
      const path = ['handoffs', i];
      const target = `h${(i + 1) % count}`;
      entities.handoffs.push({ uri, path, id: `h${i}`, escalation: [], dependsOn: [target], checklistRefs: [], inlineChecklist: [], history: [] });
      references.push({ kind: 'handoff', id: target, uri, span: { start: i, end: i + 1 }, path: [...path, 'depends_on', 0] });
    }
    const file: FileModel = { parsed: parseSpecFile(uri, 'handoffs: []\n', 1, 'handoff'), entities, symbols: [], references, schemaFindings: [], memo: new Memo() };
    const production = new ProductionModel('file:///fixture', [file]);
    const found: Finding[] = [];
    dependencyCycle.check(makeContext(production, 0, (finding) => found.push(finding), dependencyCycle.id));
    assert.equal(found.length, 1);
    assert.equal(
      found[0].message,
      "Handoff 'h0' is in a dependency cycle: h0 → h1 → h2 → h3 → h4 → h5 → h6 → h7 → … 49989 more … → h49997 → h49998 → h49999 → h0; remove one of these depends_on entries to break it.",
    );
  });

  it('finds the cycle of a 200,000-node ring without deep recursion', () => {
    const count = 200_000;
    const span = { start: 0, end: 0 };
    const graph: Graph = {
      labels: Array.from({ length: count }, (_, i) => `h${i}`),
      edges: Array.from({ length: count }, (_, i) => [{ to: (i + 1) % count, uri: 'file:///x', span }]),
    };
    const components = cyclicComponents(graph);
    assert.equal(components.length, 1);
    assert.equal(components[0].length, count);
  });

  it('finds no cycle in a 200,000-node chain', () => {
    const count = 200_000;
    const span = { start: 0, end: 0 };
    const graph: Graph = {
      labels: Array.from({ length: count }, (_, i) => `h${i}`),
      edges: Array.from({ length: count }, (_, i) => (i + 1 < count ? [{ to: i + 1, uri: 'file:///x', span }] : [])),
    };
    assert.deepEqual(cyclicComponents(graph), []);
  });
});
