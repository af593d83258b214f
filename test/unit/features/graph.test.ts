import * as assert from 'node:assert/strict';
import { dotString, mermaidString, toDot, toMermaid } from '../../../server/src/cli/graph';
import {
  findCycles,
  graphForFile,
  handoffGraph,
  LARGE_HANDOFF_GRAPH,
  runbookGraph,
  templateGraph,
  type Graph,
} from '../../../server/src/core/features/graph';
import type { ProductionModel } from '../../../server/src/core/production';
import type { Workspace } from '../../../server/src/core/workspace';
import { edit, uriOf, workspaceOf } from '../../harness';

function productionOf(workspace: Workspace): ProductionModel {
  return workspace.productionOf(uriOf('test.production.yaml'))!;
}

function productionWith(changes: Record<string, string | null> = {}): ProductionModel {
  return productionOf(workspaceOf(changes));
}

const nodeIds = (graph: Graph): string[] => graph.nodes.map((node) => node.id).sort();
const edgeList = (graph: Graph): string[] =>
  graph.edges.map((edge) => `${edge.from} -${edge.kind}-> ${edge.to}${edge.inCycle ? ' (cycle)' : ''}`).sort();

/** A handoff file: `id: [upstream ids]`, each handoff one working week after the one before. */
function handoffFile(handoffs: Record<string, string[]>, extra: (id: string) => string = () => ''): string {
  const lines = ['handoffs:'];
  for (const [id, dependsOn] of Object.entries(handoffs)) {
    lines.push(`  - id: ${JSON.stringify(id)}`, '    from: fx', '    to: comp', '    owner: dana', '    contact: ben');
    lines.push('    work: 2', '    due: 2027-03-05');
    if (dependsOn.length > 0) lines.push(`    depends_on: [${dependsOn.map((d) => JSON.stringify(d)).join(', ')}]`);
    const more = extra(id);
    if (more) lines.push(more);
  }
  return `${lines.join('\n')}\n`;
}

describe('graph: the handoff DAG', () => {
  it('has the base fixture handoffs, their dependency and the milestone they feed', () => {
    const production = productionWith();
    const graph = handoffGraph(production);
    assert.equal(graph.kind, 'handoffs');
    assert.equal(graph.production, 'testprod');
    assert.equal(graph.title, 'Handoffs of Test Production');
    assert.deepEqual(nodeIds(graph), ['handoff:fx-sim-sq010', 'handoff:fx-to-comp-sq010', 'milestone:picture-lock']);
    assert.deepEqual(edgeList(graph), [
      'handoff:fx-sim-sq010 -depends_on-> handoff:fx-to-comp-sq010',
      'handoff:fx-to-comp-sq010 -feeds-> milestone:picture-lock',
    ]);
    assert.deepEqual(graph.cycles, []);

    const sim = graph.nodes.find((node) => node.id === 'handoff:fx-sim-sq010')!;
    assert.equal(sim.ref, 'fx-sim-sq010');
    assert.equal(sim.label, 'fx-sim-sq010');
    assert.equal(sim.kind, 'handoff');
    assert.equal(sim.group, 'fx');
    assert.equal(sim.color, '#61afef');
    assert.equal(sim.status, 'accepted');
    assert.equal(sim.detail, 'FX sim caches for sq010');
    assert.equal(sim.more, undefined);
    // `- id: fx-sim-sq010` is the second line; the id value starts at column 8.
    assert.deepEqual(sim.source, {
      uri: uriOf('sq010.handoff.yaml'),
      range: { start: { line: 1, character: 8 }, end: { line: 1, character: 20 } },
    });
    for (const node of graph.nodes.filter((n) => n.kind === 'handoff')) {
      assert.equal(node.critical, production.schedule.handoffs.get(node.ref)!.critical, node.id);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(graph)), graph, 'plain JSON data');
  });

  it('marks the dependency a handoff starts too early for, with the working days the timeline reports', () => {
    // fx-sim-sq010 is due Fri 2027-01-08; with the two-day review buffer it is ready Tue 01-12,
    // so its dependant can start Wed 01-13. Moved to start Mon 01-11, fx-to-comp-sq010 starts
    // two working days too early (Mon 11, Tue 12).
    const early = productionWith(edit('sq010.handoff.yaml', '    start: 2027-01-13\n', '    start: 2027-01-11\n'));
    const conflict = early.scheduleProblems.conflicts.find((c) => c.handoff === 'fx-to-comp-sq010');
    assert.equal(conflict?.missingWorkingDays, 2);
    const edge = handoffGraph(early).edges.find((e) => e.kind === 'depends_on')!;
    assert.deepEqual(edge, { from: 'handoff:fx-sim-sq010', to: 'handoff:fx-to-comp-sq010', kind: 'depends_on', inCycle: false, conflict: 2 });
    // On time, as the base fixture is: no conflict on the edge.
    assert.equal(handoffGraph(productionWith()).edges.find((e) => e.kind === 'depends_on')!.conflict, undefined);
  });

  it('drops unknown and repeated dependencies and keeps the first of duplicated handoffs', () => {
    const graph = handoffGraph(productionWith({ 'zz-extra.handoff.yaml': handoffFile({ a: ['fx-sim-sq010', 'fx-sim-sq010', 'nope'], 'fx-sim-sq010': ['a'] }) }));
    assert.deepEqual(edgeList(graph).filter((edge) => edge.includes('handoff:a')), ['handoff:fx-sim-sq010 -depends_on-> handoff:a']);
    assert.equal(graph.nodes.filter((node) => node.id === 'handoff:fx-sim-sq010').length, 1);
  });

  it('finds a cycle with its members and marks only its edges', () => {
    const graph = handoffGraph(productionWith({ 'cycle.handoff.yaml': handoffFile({ a: ['c'], b: ['a'], c: ['b'], d: ['a'], self: ['self'] }) }));
    assert.deepEqual(graph.cycles, [['handoff:a', 'handoff:b', 'handoff:c'], ['handoff:self']]);
    const edges = edgeList(graph);
    for (const edge of [
      'handoff:a -depends_on-> handoff:b (cycle)',
      'handoff:b -depends_on-> handoff:c (cycle)',
      'handoff:c -depends_on-> handoff:a (cycle)',
      'handoff:self -depends_on-> handoff:self (cycle)',
      'handoff:a -depends_on-> handoff:d',
    ]) {
      assert.ok(edges.includes(edge), `${edge} in ${edges.join('\n')}`);
    }
  });

  it('shows only the neighbourhood of a focused handoff, with counts of what it hides', () => {
    // h0 → h1 → ... → h7, and side → h4.
    const chain: Record<string, string[]> = { side: [] };
    for (let i = 0; i < 8; i++) chain[`h${i}`] = i === 0 ? [] : i === 4 ? ['h3', 'side'] : [`h${i - 1}`];
    const production = productionWith({ 'chain.handoff.yaml': handoffFile(chain) });

    const one = handoffGraph(production, { focus: 'h4' });
    assert.deepEqual(one.focus, { handoff: 'h4', depth: 1 });
    assert.equal(one.title, 'Handoffs around h4');
    assert.deepEqual(nodeIds(one), ['handoff:h3', 'handoff:h4', 'handoff:h5', 'handoff:side']);
    assert.deepEqual(edgeList(one), [
      'handoff:h3 -depends_on-> handoff:h4',
      'handoff:h4 -depends_on-> handoff:h5',
      'handoff:side -depends_on-> handoff:h4',
    ]);
    const more = Object.fromEntries(one.nodes.map((node) => [node.ref, node.more]));
    assert.deepEqual(more, { h3: { upstream: 1, downstream: 0 }, h4: undefined, h5: { upstream: 0, downstream: 1 }, side: undefined });

    const two = handoffGraph(production, { focus: 'h4', depth: 2 });
    assert.deepEqual(nodeIds(two), ['handoff:h2', 'handoff:h3', 'handoff:h4', 'handoff:h5', 'handoff:h6', 'handoff:side']);

    const zero = handoffGraph(production, { focus: 'h4', depth: 0 });
    assert.deepEqual(nodeIds(zero), ['handoff:h4']);
    assert.deepEqual(zero.nodes[0].more, { upstream: 2, downstream: 1 });
    assert.deepEqual(zero.edges, []);

    // Siblings (up then down) are not neighbours: h3 → h4 ← side, but side is not two hops from h3.
    assert.ok(!nodeIds(handoffGraph(production, { focus: 'h3' })).includes('handoff:side'));

    const missing = handoffGraph(production, { focus: 'nope' });
    assert.deepEqual(missing.nodes, []);
    assert.equal(missing.title, "No handoff 'nope'");
  });

  it('adds the milestones the shown handoffs feed, and only those', () => {
    const production = productionWith({ 'chain.handoff.yaml': handoffFile({ x: ['fx-to-comp-sq010'], y: ['x'] }) });
    assert.deepEqual(nodeIds(handoffGraph(production, { focus: 'y' })), ['handoff:x', 'handoff:y']);
    assert.ok(nodeIds(handoffGraph(production, { focus: 'x' })).includes('milestone:picture-lock'));
  });

  it('stays usable on 5,000 handoffs: a focused view is small, cycles span the whole production', () => {
    const count = 5_000;
    const chain: Record<string, string[]> = {};
    for (let i = 0; i < count; i++) chain[`h${i}`] = i === 0 ? [`h${count - 1}`] : [`h${i - 1}`];
    const production = productionWith({ 'big.handoff.yaml': handoffFile(chain) });
    const graph = handoffGraph(production, { focus: 'h100', depth: 2 });
    assert.deepEqual(nodeIds(graph), ['handoff:h100', 'handoff:h101', 'handoff:h102', 'handoff:h98', 'handoff:h99']);
    assert.ok(graph.edges.every((edge) => edge.inCycle));
    assert.equal(graph.cycles.length, 1);
    assert.equal(graph.cycles[0].length, count);
  });
});

describe('graph: cycles on huge graphs', () => {
  it('walks a 100,000-node chain and a 100,000-node ring without overflowing the stack', () => {
    const n = 100_000;
    const chain = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : []));
    assert.deepEqual(findCycles(n, chain).cycles, []);
    const ring = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const { cycles, cycleOf } = findCycles(n, ring);
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].length, n);
    assert.equal(cycleOf[n - 1], 0);
  });

  it('separates two cycles joined by a one-way edge', () => {
    // 0 ⇄ 1 → 2 ⇄ 3, 4 alone, 5 → 5.
    const { cycles, cycleOf } = findCycles(6, [[1], [0, 2], [3], [2], [], [5]]);
    assert.deepEqual(cycles.map((c) => [...c].sort()).sort(), [[0, 1], [2, 3], [5]]);
    assert.equal(cycleOf[4], -1);
    assert.notEqual(cycleOf[1], cycleOf[2]);
  });
});

describe('graph: runbooks', () => {
  it('has the steps in order and what each one touches', () => {
    const graph = runbookGraph(productionWith(), 'fx-delivery')!;
    assert.equal(graph.kind, 'runbook');
    assert.equal(graph.title, 'Runbook Deliver FX elements to comp');
    assert.deepEqual(nodeIds(graph), [
      'checklist-item:fx-elements/frame-range',
      'handoff:fx-to-comp-sq010',
      'metadata:shot',
      'runbook:fx-delivery',
      'step:meta',
      'step:publish',
      'step:qa',
      'step:render',
      'template:fx-elements',
    ]);
    assert.deepEqual(edgeList(graph), [
      'runbook:fx-delivery -applies_to-> template:fx-elements',
      'step:meta -after-> step:publish',
      'step:meta -verify-> metadata:shot',
      'step:publish -handoff-> handoff:fx-to-comp-sq010',
      'step:qa -after-> step:meta',
      'step:qa -qa-> checklist-item:fx-elements/frame-range',
      'step:render -after-> step:qa',
    ]);
    const step = graph.nodes.find((node) => node.id === 'step:qa')!;
    assert.equal(step.detail, 'Run the QA checks');
    assert.equal(step.source!.uri, uriOf('fx-delivery.runbook.yaml'));
    assert.equal(step.source!.range.start.line, 6);
    const item = graph.nodes.find((node) => node.kind === 'checklist-item')!;
    assert.equal(item.source!.uri, uriOf('fx-elements.template.yaml'));
    assert.equal(item.detail, 'Frame range equals the cut list range');
    assert.equal(runbookGraph(productionWith(), 'nope'), undefined);
  });

  it('marks an after cycle among steps', () => {
    const runbook = [
      'runbook: loop',
      'applies_to: [fx-elements]',
      'steps:',
      '  - { id: one, after: [three] }',
      '  - { id: two, after: [one, missing] }',
      '  - { id: three, after: [two] }',
      '  - { id: four, after: [three] }',
      '',
    ].join('\n');
    const graph = runbookGraph(productionWith({ 'loop.runbook.yaml': runbook }), 'loop')!;
    assert.deepEqual(graph.cycles, [['step:one', 'step:two', 'step:three']]);
    assert.deepEqual(edgeList(graph).filter((edge) => edge.includes('-after->')), [
      'step:one -after-> step:two (cycle)',
      'step:three -after-> step:four',
      'step:three -after-> step:one (cycle)',
      'step:two -after-> step:three (cycle)',
    ]);
  });
});

describe('graph: templates', () => {
  it('has the handoffs using it with their neighbours, the runbooks applying to it and its glossary entries', () => {
    const extra = {
      'more.handoff.yaml': [
        'handoffs:',
        '  - { id: layout-sq010, from: layout, to: fx, due: 2026-12-30 }',
        '  - { id: comp-to-di, from: comp, to: di, due: 2027-02-01, depends_on: [fx-to-comp-sq010] }',
        '  - { id: di-grade, from: di, to: editorial, due: 2027-02-03, depends_on: [comp-to-di] }',
        '',
      ].join('\n'),
      'sq010.handoff.yaml': null,
      'sq010b.handoff.yaml': [
        'handoffs:',
        '  - { id: fx-sim-sq010, template: fx-elements, due: 2027-01-08, depends_on: [layout-sq010] }',
        '  - { id: fx-to-comp-sq010, template: fx-elements, due: 2027-01-22, depends_on: [fx-sim-sq010] }',
        '',
      ].join('\n'),
    };
    const graph = templateGraph(productionWith(extra), 'fx-elements')!;
    assert.equal(graph.kind, 'template');
    assert.deepEqual(nodeIds(graph), [
      'asset-type:fx-element',
      'color-space:acescg',
      'format:exr',
      'handoff:comp-to-di',
      'handoff:fx-sim-sq010',
      'handoff:fx-to-comp-sq010',
      'handoff:layout-sq010',
      'metadata:shot',
      'runbook:fx-delivery',
      'template:fx-elements',
    ]);
    assert.deepEqual(edgeList(graph), [
      'handoff:fx-sim-sq010 -depends_on-> handoff:fx-to-comp-sq010',
      'handoff:fx-sim-sq010 -uses-> template:fx-elements',
      'handoff:fx-to-comp-sq010 -depends_on-> handoff:comp-to-di',
      'handoff:fx-to-comp-sq010 -uses-> template:fx-elements',
      'handoff:layout-sq010 -depends_on-> handoff:fx-sim-sq010',
      'runbook:fx-delivery -applies_to-> template:fx-elements',
      'template:fx-elements -accepts-> color-space:acescg',
      'template:fx-elements -accepts-> format:exr',
      'template:fx-elements -asset_type-> asset-type:fx-element',
      'template:fx-elements -color_space-> color-space:acescg',
      'template:fx-elements -format-> format:exr',
      'template:fx-elements -metadata-> metadata:shot',
      'template:fx-elements -verify-> metadata:shot',
    ]);
    const format = graph.nodes.find((node) => node.id === 'format:exr')!;
    assert.equal(format.source!.uri, uriOf('test.glossary.yaml'));
    assert.equal(templateGraph(productionWith(), 'nope'), undefined);
  });
});

describe('graph: for a file', () => {
  it('picks the graph by the kind of file', () => {
    const workspace = workspaceOf();
    assert.equal(graphForFile(workspace, uriOf('fx-delivery.runbook.yaml'))!.kind, 'runbook');
    const template = graphForFile(workspace, uriOf('fx-elements.template.yaml'))!;
    assert.equal(template.kind, 'template');
    assert.ok(nodeIds(template).includes('template:fx-elements'));
    for (const file of ['sq010.handoff.yaml', 'test.production.yaml', 'test.glossary.yaml', 'test.risks.yaml']) {
      const graph = graphForFile(workspace, uriOf(file))!;
      assert.equal(graph.kind, 'handoffs', file);
      assert.equal(graph.focus, undefined, file);
    }
    assert.equal(graphForFile(workspace, uriOf('nothing.handoff.yaml')), undefined);
  });

  it('focuses a large production on the handoff under the cursor', () => {
    const chain: Record<string, string[]> = {};
    for (let i = 0; i <= LARGE_HANDOFF_GRAPH; i++) chain[`h${i}`] = i === 0 ? [] : [`h${i - 1}`];
    const text = handoffFile(chain);
    const workspace = workspaceOf({ 'big.handoff.yaml': text });
    const uri = uriOf('big.handoff.yaml');
    const at = graphForFile(workspace, uri, text.indexOf('"h50"') + 2)!;
    assert.deepEqual(at.focus, { handoff: 'h50', depth: 1 });
    assert.deepEqual(nodeIds(at), ['handoff:h49', 'handoff:h50', 'handoff:h51']);
    // Further down the same entry still belongs to h50.
    assert.equal(graphForFile(workspace, uri, text.indexOf('- id: "h51"'))!.focus!.handoff, 'h50');
    assert.equal(graphForFile(workspace, uri)!.focus!.handoff, 'h0');
    assert.equal(graphForFile(workspace, uri, text.indexOf('"h7"'), { depth: 3 })!.nodes.length, 7);
    // The production file shows the whole DAG; an explicit focus wins everywhere.
    assert.equal(graphForFile(workspace, uriOf('test.production.yaml'))!.focus, undefined);
    assert.equal(graphForFile(workspace, uriOf('fx-delivery.runbook.yaml'), undefined, { focus: 'h9' })!.focus!.handoff, 'h9');
  });
});

describe('graph: DOT and Mermaid output', () => {
  const hostile = ['"] --> X[', '<script>alert(1)</script>', 'back\\slash "quoted" #35; %% {x} a|b'];
  const hostileWorkspace = (): ProductionModel =>
    productionWith({
      'hostile.handoff.yaml': handoffFile({ [hostile[0]]: [], [hostile[1]]: [hostile[0]], [hostile[2]]: [hostile[1], hostile[2]] }),
      'test.production.yaml': [
        'production: "evil\\" { prod"',
        'title: \'"] end\'',
        'departments:',
        '  - { id: fx, color: "red; } digraph x {" }',
        '',
      ].join('\n'),
    });

  /** Reads DOT's double-quoted strings back; what is left outside them must be plain DOT punctuation and words. */
  function dotStrings(dot: string): string[] {
    const found: string[] = [];
    const outside = dot.replace(/"((?:[^"\\\n]|\\.)*)"/g, (_, inner: string) => {
      found.push(inner.replace(/\\(.)/g, '$1'));
      return 'S';
    });
    assert.ok(!outside.includes('"'), `unbalanced quote in\n${dot}`);
    for (const line of outside.split('\n')) assert.match(line, /^[\w\s[\]=,;.>{}-]*$/, `unexpected DOT text: ${line}`);
    return found;
  }

  it('escapes spec text in DOT so the graph keeps its structure', () => {
    const graph = handoffGraph(hostileWorkspace());
    const dot = toDot(graph);
    assert.match(dot, /^digraph "evil\\" \{ prod" \{\n  rankdir=LR;/);
    assert.equal((dot.match(/^digraph /gm) ?? []).length, 1);
    assert.ok(dot.trimEnd().endsWith('}'));
    const strings = dotStrings(dot);
    for (const label of hostile) assert.ok(strings.includes(label), `label ${label} survives escaping`);
    assert.ok(!dot.includes('digraph x'), 'an invalid color is not written');
    assert.equal(dotString('a\nb\\'), 'a b\\\\');
    // The self-dependency of the third handoff is a cycle: red.
    assert.match(dot, /n(\d+) -> n\1 \[color=red, penwidth=2\];/);
    assert.equal(toDot(handoffGraph(productionWith())).match(/fillcolor="#61afef"/g)?.length, 2);
  });

  it('escapes spec text in Mermaid so no label can add nodes, links or markup', () => {
    const mermaid = toMermaid(handoffGraph(hostileWorkspace()));
    const lines = mermaid.split('\n');
    assert.equal(lines[0], 'flowchart LR');
    const label = String.raw`"[A-Za-z0-9 _.,:/+#;-]*(?:<br/>[A-Za-z0-9 _.,:/+#;-]*)?"`;
    const node = new RegExp(String.raw`^  n\d+(?:\[${label}\]|\(${label}\)|\{\{${label}\}\}|\[\/${label}\/\]|\[\[${label}\]\]|\(\[${label}\]\))$`);
    const link = /^  n\d+ (?:-->|-\.->\|[a-z_]+\|) n\d+$/;
    const style = /^  (?:style n\d+ [a-z0-9#:,. -]+|linkStyle [\d,]+ stroke:red,stroke-width:2px)$/;
    for (const line of lines.slice(1)) assert.ok(node.test(line) || link.test(line) || style.test(line), `unexpected Mermaid line: ${line}`);
    assert.ok(!mermaid.includes('<script'));
    assert.ok(!mermaid.includes('digraph'));
    assert.equal(mermaidString('"] --> X['), '#34;#93; --#62; X#91;');
    assert.equal(mermaidString('<b>'), '#60;b#62;');
    assert.match(mermaid, /linkStyle \d+(,\d+)* stroke:red/);
  });

  it('writes department colors, cycle links and hidden-neighbour counts', () => {
    const production = productionWith({ 'cycle.handoff.yaml': handoffFile({ a: ['b'], b: ['a'], c: ['b'], d: ['c'] }) });
    const mermaid = toMermaid(handoffGraph(production));
    assert.match(mermaid, /style n\d+ fill:#61afef/);
    const focused = toMermaid(handoffGraph(production, { focus: 'c', depth: 0 }));
    assert.match(focused, /n0\["c<br\/>\+1 upstream, \+1 downstream"\]/);
    const dot = toDot(handoffGraph(production));
    assert.equal(dot.match(/color=red/g)?.length, 2);
  });
});
