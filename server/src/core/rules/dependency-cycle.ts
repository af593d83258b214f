// Cycles among handoffs (`depends_on`, across files) and among the steps of
// each runbook (`after`). Strongly connected components are found with an
// iterative Tarjan walk, so a chain of 50,000 handoffs cannot overflow the
// stack; each cyclic component is reported once, as one concrete cycle.
//
// The handoff graph changes only when handoff ids or depends_on lists do; a
// graph known to be acyclic is not walked again until then. A runbook's steps
// live in one file, so its cycles are kept with that file's version.
import { MemoKey } from '../memo';
import type { FileModel } from '../fileModel';
import { dependsOnEntries } from '../fileIndex';
import { differenceOf } from '../model/chains';
import { pathKey } from '../parse';
import { FollowedFiles, type FileChanges, type ProductionModel } from '../production';
import { drain } from '../steps';
import type { HandoffSpec } from '../specs';
import type { Finding, NodePath, Reference, RelatedInfo, Span } from '../types';
import type { Rule, RuleContext } from './rule';

export interface Edge {
  to: number;
  /** The `depends_on` / `after` entry that makes the edge. */
  uri: string;
  span: Span;
}

export interface Graph {
  labels: string[];
  edges: Edge[][];
}

/** Components that contain a cycle (more than one node, or a node that points at itself), in order of their first node. */
export function cyclicComponents(graph: Graph): number[][] {
  const components: number[][] = [];
  drain(cyclicComponentSteps(graph, components, Infinity));
  return components;
}

/** `cyclicComponents` into `components`, yielding after every `movesPerStep` moves of the walk. */
function* cyclicComponentSteps(graph: Graph, components: number[][], movesPerStep: number): Generator<void> {
  const count = graph.labels.length;
  const index = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  // The walk's own stack: a node and the next of its edges to follow.
  const walkNode: number[] = [];
  const walkEdge: number[] = [];
  let next = 0;
  let moves = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    walkNode.push(root);
    walkEdge.push(0);
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (walkNode.length > 0) {
      if (++moves >= movesPerStep) {
        moves = 0;
        yield;
      }
      const top = walkNode.length - 1;
      const node = walkNode[top];
      const edges = graph.edges[node];
      if (walkEdge[top] < edges.length) {
        const to = edges[walkEdge[top]++].to;
        if (index[to] === -1) {
          index[to] = low[to] = next++;
          stack.push(to);
          onStack[to] = 1;
          walkNode.push(to);
          walkEdge.push(0);
        } else if (onStack[to]) {
          low[node] = Math.min(low[node], index[to]);
        }
        continue;
      }
      walkNode.pop();
      walkEdge.pop();
      if (walkNode.length > 0) {
        const parent = walkNode[walkNode.length - 1];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] !== index[node]) continue;
      const component: number[] = [];
      let member: number;
      do {
        member = stack.pop()!;
        onStack[member] = 0;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.some((edge) => edge.to === node)) components.push(component.sort((a, b) => a - b));
    }
  }
  components.sort((a, b) => a[0] - b[0]);
}

/**
 * A shortest cycle through the component's first node, as the edges that make
 * it (breadth-first inside the component, so linear in its size).
 */
function shortestCycle(graph: Graph, component: readonly number[]): Edge[] {
  const start = component[0];
  const inComponent = new Set(component);
  const via = new Map<number, { from: number; edge: Edge }>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const edge of graph.edges[node]) {
      if (!inComponent.has(edge.to)) continue;
      if (edge.to === start) {
        const path = [edge];
        for (let at = node; at !== start; ) {
          const step = via.get(at)!;
          path.push(step.edge);
          at = step.from;
        }
        return path.reverse();
      }
      if (via.has(edge.to)) continue;
      via.set(edge.to, { from: node, edge });
      queue.push(edge.to);
    }
  }
  return [];
}

const MAX_LISTED = 12;
const MAX_RELATED = 10;

/**
 * "a → b → c → a" starting at member `first` of the cycle, shortened in the
 * middle for very long cycles (so each message costs O(1), not O(cycle)).
 */
function describeCycle(labels: readonly string[], first: number): string {
  const count = labels.length;
  const at = (offset: number): string => labels[(first + offset) % count];
  const shown: string[] = [];
  if (count <= MAX_LISTED) {
    for (let i = 0; i < count; i++) shown.push(at(i));
  } else {
    for (let i = 0; i < 8; i++) shown.push(at(i));
    shown.push(`… ${count - 11} more …`);
    for (let i = count - 3; i < count; i++) shown.push(at(i));
  }
  shown.push(at(0));
  return shown.join(' → ');
}

interface Wording {
  /** "Handoff" or "Step". */
  noun: string;
  /** "depends_on" or "after". */
  key: string;
  /** " of runbook 'x'" or "". */
  where: string;
}

type Report = (finding: Omit<Finding, 'rule'>) => void;

function reportCycles(context: { report: Report }, graph: Graph, wording: Wording): void {
  for (const component of cyclicComponents(graph)) {
    const cycle = shortestCycle(graph, component);
    if (cycle.length === 0) continue;
    // cycle[k] leaves member k for member k + 1; members[k] is its source.
    const members = cycle.map((_, k) => (k === 0 ? component[0] : cycle[k - 1].to));
    const memberLabels = members.map((node) => graph.labels[node]);
    const others = component.length - cycle.length;
    const verb = wording.key === 'after' ? 'comes after' : 'depends on';
    const alsoCaught = others > 0 ? ` ${others} more ${others === 1 ? wording.noun.toLowerCase() : `${wording.noun.toLowerCase()}s`} in the same tangle ${others === 1 ? 'depends' : 'depend'} on these too.` : '';
    // One cycle, one diagnostic (DESIGN §3): at the entry written first (by
    // file, then place in it); the cycle's other entries are its related
    // locations, since removing any one of them breaks it.
    let k = 0;
    cycle.forEach((edge, j) => {
      const first = cycle[k];
      if (edge.uri < first.uri || (edge.uri === first.uri && edge.span.start < first.span.start)) k = j;
    });
    const edge = cycle[k];
    const self = graph.labels[members[k]];
    if (cycle.length === 1) {
      context.report({
        uri: edge.uri,
        span: edge.span,
        message: `${wording.noun} '${self}'${wording.where} ${verb} itself (${self} → ${self}); remove '${self}' from its ${wording.key}.`,
      });
      continue;
    }
    const related: RelatedInfo[] = [];
    for (let j = 1; j < cycle.length && related.length < MAX_RELATED; j++) {
      const other = cycle[(k + j) % cycle.length];
      const from = graph.labels[members[(k + j) % cycle.length]];
      related.push({ location: { uri: other.uri, span: other.span }, message: `'${from}' ${verb} '${graph.labels[other.to]}' here.` });
    }
    context.report({
      uri: edge.uri,
      span: edge.span,
      message:
        `${wording.noun} '${self}'${wording.where} is in a dependency cycle: ${describeCycle(memberLabels, k)}; ` +
        `remove one of these ${wording.key} entries to break it.${alsoCaught}`,
      related,
    });
  }
}

/**
 * The handoffs that are in a depends_on cycle, each with the number of its
 * cycle: a conflict or a submission order between two handoffs of one cycle
 * only follows from the cycle, which is reported instead (DESIGN §3).
 */
export function handoffCycles(production: ProductionModel): ReadonlyMap<string, number> {
  drain(handoffCycleSteps(production, Infinity));
  return production.memo(handoffCycles, newCycles).cycles;
}

/**
 * `handoffCycles` as steps of about `perStep` handoffs each, for a warm-up
 * that must not hold its host for long; the cycles are kept when the last
 * step ends. The caller runs each step only while `production` is still its
 * production's current model.
 */
export function* handoffCycleSteps(production: ProductionModel, perStep: number): Generator<void> {
  const known = production.memo(handoffCycles, newCycles);
  const generation = production.generation('depends-on');
  if (known.generation === generation) return;
  const graph: Graph = { labels: [], edges: [] };
  yield* handoffGraphSteps(production, false, graph, perStep);
  const components: number[][] = [];
  yield* cyclicComponentSteps(graph, components, perStep);
  keepCycles(production, generation, graph, components);
}

/** Keeps the cycles of the handoff graph of this generation for `handoffCycles`. */
function keepCycles(production: ProductionModel, generation: number, graph: Graph, components: readonly number[][]): void {
  const cycles = new Map<string, number>();
  components.forEach((component, n) => {
    for (const node of component) cycles.set(graph.labels[node], n);
  });
  const known = production.memo(handoffCycles, newCycles);
  known.generation = generation;
  known.cycles = cycles;
}

function newCycles(): { generation: number; cycles: Map<string, number> } {
  return { generation: -1, cycles: new Map() };
}

/** Whether `handoff` and its upstream `upstream` wait on each other through a cycle. */
export function inOneCycle(cycles: ReadonlyMap<string, number>, handoff: string, upstream: string): boolean {
  const n = cycles.get(handoff);
  return n !== undefined && cycles.get(upstream) === n;
}

function ownerKey(uri: string, path: NodePath): string {
  return `${uri}\u001f${pathKey(path)}`;
}

/** `depends_on` / `after` entries, by the key of the entity that holds them. */
function entriesByOwner(references: readonly Reference[], kind: 'handoff' | 'step', key: string): Map<string, Reference[]> {
  const byOwner = new Map<string, Reference[]>();
  for (const reference of references) {
    if (reference.kind !== kind || reference.path.length < 2 || reference.path[reference.path.length - 2] !== key) continue;
    const owner = ownerKey(reference.uri, reference.path.slice(0, -2));
    const list = byOwner.get(owner);
    if (list) list.push(reference);
    else byOwner.set(owner, [reference]);
  }
  return byOwner;
}

/**
 * The handoff graph; without `withPlaces` its edges carry no places (enough
 * to tell whether there is a cycle at all, and cheaper: the ids are read from
 * the handoffs, not from their depends_on entries).
 */
function handoffGraph(production: ProductionModel, withPlaces: boolean): Graph {
  const graph: Graph = { labels: [], edges: [] };
  drain(handoffGraphSteps(production, withPlaces, graph, Infinity));
  return graph;
}

/** `handoffGraph` into `graph`, yielding after every `perStep` handoffs read. */
function* handoffGraphSteps(production: ProductionModel, withPlaces: boolean, graph: Graph, perStep: number): Generator<void> {
  const { labels, edges } = graph;
  const nodeOf = new Map<string, number>();
  const owners: HandoffSpec[] = [];
  let read = 0;
  // Duplicated ids are duplicate-id's business; the first definition stands for the id.
  for (const handoff of production.handoffs) {
    if (++read % perStep === 0) yield;
    if (nodeOf.has(handoff.id)) continue;
    nodeOf.set(handoff.id, labels.length);
    labels.push(handoff.id);
    owners.push(handoff);
  }
  const nowhere: Span = { start: 0, end: 0 };
  for (const handoff of owners) {
    if (++read % perStep === 0) yield;
    const out: Edge[] = [];
    edges.push(out);
    if (!withPlaces) {
      for (const id of handoff.dependsOn) {
        const to = nodeOf.get(id);
        if (to !== undefined) out.push({ to, uri: '', span: nowhere });
      }
      continue;
    }
    for (const reference of dependsOnEntries(production.file(handoff.uri)!, handoff.path)) {
      const to = nodeOf.get(reference.id);
      if (to !== undefined) out.push({ to, uri: reference.uri, span: reference.span });
    }
  }
}

/** The last generation of this production's handoff graph found to have no cycle (kept between its revisions). */
interface CycleState {
  acyclic?: number;
  /**
   * While the last graph checked had no cycle: the files it was made from
   * and the model's revision, so that the next check can look at the
   * handoffs that came or went since instead of the whole graph.
   */
  files?: FollowedFiles;
}

/** How many handoffs the look from the changed ones may visit before the whole graph is walked instead. */
const NEAR_CHECK_BUDGET = 20_000;

/**
 * Whether a graph that had no cycle has none after these handoffs came or
 * went. Every node whose out-edges or place in the graph changed is the
 * node of an id they have (the first handoff of that id), and so is every
 * node an unchanged edge now leads to instead of another; a new cycle
 * passes through one of them. So the graph has none when no such node
 * reaches itself. False also when that look grows past its budget (then
 * the whole graph is walked).
 */
function staysAcyclic(production: ProductionModel, changed: readonly HandoffSpec[]): boolean {
  const starts = new Set<HandoffSpec>();
  for (const handoff of changed) {
    const node = production.handoff(handoff.id);
    if (node) starts.add(node);
  }
  let budget = NEAR_CHECK_BUDGET;
  for (const start of starts) {
    const visited = new Set<HandoffSpec>([start]);
    const stack = [start];
    while (stack.length > 0) {
      for (const id of stack.pop()!.dependsOn) {
        const next = production.handoff(id);
        if (!next) continue;
        if (next === start || --budget < 0) return false;
        if (visited.has(next)) continue;
        visited.add(next);
        stack.push(next);
      }
    }
  }
  return true;
}

/** The handoffs that came or went with these file changes. */
function handoffsChangedIn({ changed, removed }: FileChanges): HandoffSpec[] {
  const handoffs: HandoffSpec[] = [];
  for (const [before, after] of changed) {
    const [gone, added] = differenceOf(before, after).handoffs;
    for (const handoff of gone) handoffs.push(handoff);
    for (const handoff of added) handoffs.push(handoff);
  }
  for (const [, before] of removed) for (const handoff of before.entities.handoffs) handoffs.push(handoff);
  return handoffs;
}

function checkHandoffs(context: RuleContext): void {
  const production = context.production;
  const generation = production.generation('depends-on');
  const state = production.memo(checkHandoffs, (): CycleState => ({}));
  if (state.acyclic === generation) {
    // The same graph (ids and depends_on lists): the files are only followed, for the next change.
    if (state.files) production.follow(state.files);
    return;
  }
  // A graph without a cycle before: only what the handoffs that came or went reach is looked at.
  if (state.files && staysAcyclic(production, handoffsChangedIn(production.follow(state.files)))) {
    state.acyclic = generation;
    keepCycles(production, generation, { labels: [], edges: [] }, []);
    return;
  }
  state.files = undefined;
  // Which handoffs are in a cycle is kept for the rules that ask (and for the warm-up, which would walk the graph again).
  const plain = handoffGraph(production, false);
  const components = cyclicComponents(plain);
  keepCycles(production, generation, plain, components);
  let found = components.length > 0;
  if (!found) {
    markAcyclic(state, production, generation);
    return;
  }
  const graph = handoffGraph(production, true);
  found = false;
  reportCycles(
    {
      report: (finding) => {
        found = true;
        context.report(finding);
      },
    },
    graph,
    { noun: 'Handoff', key: 'depends_on', where: '' },
  );
  if (!found) markAcyclic(state, production, generation);
}

function markAcyclic(state: CycleState, production: ProductionModel, generation: number): void {
  state.acyclic = generation;
  state.files = new FollowedFiles();
  production.follow(state.files);
}

/** Whether a file defines runbooks (kept with the file version: an edit looks only at the files it changed). */
const HAS_RUNBOOKS = new MemoKey<boolean>('defines runbooks');

/** Findings about the runbooks of one file version (reported again as the same objects: the file keeps its diagnostics). */
const RUNBOOK_FINDINGS = new MemoKey<Finding[]>('runbook cycles');

function checkRunbooks(file: FileModel, report: Report): void {
  const after = entriesByOwner(file.references, 'step', 'after');
  for (const runbook of file.entities.runbooks) {
    const labels: string[] = [];
    const nodeOf = new Map<string, number>();
    const owners: string[] = [];
    for (const step of runbook.steps) {
      if (nodeOf.has(step.id)) continue;
      nodeOf.set(step.id, labels.length);
      labels.push(step.id);
      owners.push(ownerKey(step.uri, step.path));
    }
    const edges = owners.map((owner) => {
      const out: Edge[] = [];
      for (const reference of after.get(owner) ?? []) {
        const to = nodeOf.get(reference.id);
        if (to !== undefined) out.push({ to, uri: reference.uri, span: reference.span });
      }
      return out;
    });
    reportCycles({ report }, { labels, edges }, { noun: 'Step', key: 'after', where: ` of runbook '${runbook.id}'` });
  }
}

export const dependencyCycle: Rule = {
  id: 'dependency-cycle',
  defaultSeverity: 'error',
  summary: 'Handoffs (depends_on) or runbook steps (after) wait on each other in a circle.',
  check(context) {
    checkHandoffs(context);
    for (const file of context.production.filesWhere(HAS_RUNBOOKS, (file) => file.entities.runbooks.length > 0)) {
      const findings = file.memo.get(RUNBOOK_FINDINGS, () => {
        const found: Finding[] = [];
        checkRunbooks(file, (finding) => found.push({ ...finding, rule: context.rule }));
        return found;
      });
      for (const finding of findings) context.repeat(finding);
    }
  },
};
