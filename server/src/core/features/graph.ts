// Dependency graphs as plain data: the handoff DAG of a production, the step
// graph of a runbook with what its steps touch, and the neighbourhood of a
// template. The graph webview and `handoff graph` draw them; cycles are found
// here so that every renderer marks the same edges.
import { MemoKey } from '../memo';
import type { ProductionModel } from '../production';
import type { HandoffSpec, RunbookSpec, TemplateSpec } from '../specs';
import type { SymbolKind } from '../types';
import type { Workspace } from '../workspace';
import { spanOf, type ParsedFile } from '../parse';
import { entitySourceRef, sourceRef, type SourceRef } from './sourceRef';

export type GraphKind = 'handoffs' | 'runbook' | 'template';

export type GraphNodeKind =
  | 'handoff'
  | 'step'
  | 'template'
  | 'runbook'
  | 'checklist-item'
  | 'metadata'
  | 'format'
  | 'color-space'
  | 'asset-type'
  | 'milestone';

/** Named after the YAML key that makes the link (`uses` is a handoff's `template`). */
export type GraphEdgeKind =
  | 'depends_on'
  | 'after'
  | 'qa'
  | 'verify'
  | 'handoff'
  | 'uses'
  | 'applies_to'
  | 'feeds'
  | 'accepts'
  | 'format'
  | 'color_space'
  | 'asset_type'
  | 'metadata';

export interface GraphNode {
  /** Unique within the graph: `<kind>:<id>` (`checklist-item:<template>/<id>` for checklist items). */
  id: string;
  /** The id as written in the specs. */
  ref: string;
  /** Text to show on the node. */
  label: string;
  kind: GraphNodeKind;
  /** A second line a user recognises the thing by: a title, a step's `do`, a check. */
  detail?: string;
  /** The department a handoff is delivered `from`. */
  group?: string;
  /** That department's color, as written in the production. */
  color?: string;
  status?: string;
  critical?: boolean;
  source?: SourceRef;
  /** Neighbours left out of a focused graph, so a view can offer to expand. */
  more?: { upstream: number; downstream: number };
}

export interface GraphEdge {
  /** Node ids; dependencies point from the upstream to the dependant. */
  from: string;
  to: string;
  kind: GraphEdgeKind;
  /** Both ends lie in one dependency cycle. */
  inCycle: boolean;
  /** A dependency the dependant starts too early for: how many working days (the schedule-conflict the timeline shows). */
  conflict?: number;
}

export interface Graph {
  kind: GraphKind;
  title: string;
  /** Id of the production the graph belongs to ('' for files no production governs). */
  production: string;
  /** Set when a handoff graph shows only the neighbourhood of one handoff. */
  focus?: { handoff: string; depth: number };
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Node ids of each dependency cycle (strongly connected component), in file order. */
  cycles: string[][];
}

export interface HandoffGraphOptions {
  /** Show only this handoff and its neighbours. */
  focus?: string;
  /** Hops up and down from the focused handoff (default 1). */
  depth?: number;
}

/** Past this many handoffs, a handoff file's graph focuses on the handoff under the cursor. */
export const LARGE_HANDOFF_GRAPH = 200;

export const DEFAULT_FOCUS_DEPTH = 1;

/** Edges that order things, and so can form cycles. */
const ORDERING_EDGES: ReadonlySet<GraphEdgeKind> = new Set(['depends_on', 'after']);

export const nodeIdOf = (kind: GraphNodeKind, id: string): string => `${kind}:${id}`;

const conflictKey = (upstream: string, dependant: string): string => `${upstream}\u001f${dependant}`;

/** The schedule's conflicts by dependency: how many working days each dependant starts before its upstream is ready. */
function conflictsOf(production: ProductionModel): Map<string, number> {
  const conflicts = new Map<string, number>();
  for (const conflict of production.scheduleProblems.conflicts) conflicts.set(conflictKey(conflict.upstream, conflict.handoff), conflict.missingWorkingDays);
  return conflicts;
}

/**
 * The handoff DAG: an edge from each upstream to its dependant, plus the
 * milestones the shown handoffs feed. With `focus`, only the handoffs within
 * `depth` hops upstream and downstream of it; cycles are still found over the
 * whole production, so a cycle leaving the window stays red.
 */
export function handoffGraph(production: ProductionModel, options: HandoffGraphOptions = {}): Graph {
  const { specs, indexOf, upstream, downstream, cycles, cycleOf } = topologyOf(production);
  const conflicts = conflictsOf(production);
  const count = specs.length;

  const name = production.production?.title ?? production.production?.id;
  const base = { kind: 'handoffs' as const, production: production.production?.id ?? '' };
  let visible: Uint8Array;
  let focus: Graph['focus'];
  if (options.focus !== undefined) {
    const center = indexOf.get(options.focus);
    const depth = sanitizeDepth(options.depth);
    focus = { handoff: options.focus, depth };
    if (center === undefined) {
      return { ...base, title: `No handoff '${options.focus}'`, focus, nodes: [], edges: [], cycles: [] };
    }
    visible = new Uint8Array(count);
    visible[center] = 1;
    reach(center, upstream, depth, visible);
    reach(center, downstream, depth, visible);
  } else {
    visible = new Uint8Array(count).fill(1);
  }

  const builder = new GraphBuilder();
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    const node = handoffNode(production, specs[i]);
    if (focus) {
      const hiddenUp = upstream[i].filter((u) => !visible[u]).length;
      const hiddenDown = downstream[i].filter((d) => !visible[d]).length;
      if (hiddenUp > 0 || hiddenDown > 0) node.more = { upstream: hiddenUp, downstream: hiddenDown };
    }
    builder.addNode(node);
  }
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    for (const u of upstream[i]) {
      if (!visible[u]) continue;
      builder.addEdge(nodeIdOf('handoff', specs[u].id), nodeIdOf('handoff', specs[i].id), 'depends_on', cycleOf[u] >= 0 && cycleOf[u] === cycleOf[i], conflicts.get(conflictKey(specs[u].id, specs[i].id)));
    }
  }
  for (let i = 0; i < count; i++) {
    if (!visible[i]) continue;
    const feeds = specs[i].feeds;
    const milestone = feeds === undefined ? undefined : production.milestone(feeds);
    if (!milestone) continue;
    builder.addNode(omitUndefined({
      id: nodeIdOf('milestone', milestone.id),
      ref: milestone.id,
      label: milestone.id,
      kind: 'milestone' as const,
      detail: [milestone.title, milestone.date].filter(Boolean).join(', ') || undefined,
      source: entitySourceRef(production, milestone),
    }));
    builder.addEdge(nodeIdOf('handoff', specs[i].id), nodeIdOf('milestone', milestone.id), 'feeds', false);
  }

  const shownCycles = cycles
    .filter((members) => members.some((i) => visible[i]))
    .map((members) => members.map((i) => nodeIdOf('handoff', specs[i].id)));
  const title = focus ? `Handoffs around ${focus.handoff}` : `Handoffs of ${name ?? 'the workspace'}`;
  return { ...base, title, ...(focus ? { focus } : {}), nodes: builder.nodes, edges: builder.edges, cycles: shownCycles };
}

/**
 * A runbook's steps with their `after` order, and what each step touches:
 * the checklist items it runs (`qa`), the metadata it verifies, the handoff
 * it belongs to, and the templates the runbook applies to. Undefined when the
 * production has no such runbook.
 */
export function runbookGraph(production: ProductionModel, runbookId: string): Graph | undefined {
  const runbook = production.runbook(runbookId);
  if (!runbook) return undefined;
  const builder = new GraphBuilder();
  const runbookNode = nodeIdOf('runbook', runbook.id);
  builder.addNode(omitUndefined({
    id: runbookNode,
    ref: runbook.id,
    label: runbook.id,
    kind: 'runbook' as const,
    detail: runbook.title,
    source: entitySourceRef(production, runbook, 'runbook'),
  }));
  for (const templateId of runbook.appliesTo) {
    const node = symbolNode(production, 'template', templateId);
    if (!node) continue;
    builder.addNode(node);
    builder.addEdge(runbookNode, node.id, 'applies_to');
  }

  const steps = firstSteps(runbook);
  for (const step of steps.values()) {
    builder.addNode(omitUndefined({
      id: nodeIdOf('step', step.id),
      ref: step.id,
      label: step.id,
      kind: 'step' as const,
      detail: step.do,
      group: step.role,
      source: entitySourceRef(production, step),
    }));
  }
  for (const step of steps.values()) {
    const stepNode = nodeIdOf('step', step.id);
    for (const before of step.after) {
      if (steps.has(before)) builder.addEdge(nodeIdOf('step', before), stepNode, 'after');
    }
    for (const item of step.qa) {
      const node = checklistItemNode(production, item, runbook.appliesTo);
      if (!node) continue;
      builder.addNode(node);
      builder.addEdge(stepNode, node.id, 'qa');
    }
    for (const field of step.verify) {
      const node = symbolNode(production, 'metadata', field);
      if (!node) continue;
      builder.addNode(node);
      builder.addEdge(stepNode, node.id, 'verify');
    }
    const handoff = step.handoff === undefined ? undefined : production.handoff(step.handoff);
    if (handoff) {
      const node = handoffNode(production, handoff);
      builder.addNode(node);
      builder.addEdge(stepNode, node.id, 'handoff');
    }
  }
  return builder.finish('runbook', `Runbook ${runbook.title ?? runbook.id}`, production);
}

/**
 * A template's neighbourhood: the handoffs that use it with their direct
 * upstreams and downstreams, the runbooks that apply to it, and the glossary
 * entries it draws on. Undefined when the production has no such template.
 */
export function templateGraph(production: ProductionModel, templateId: string): Graph | undefined {
  const template = production.template(templateId);
  if (!template) return undefined;
  const conflicts = conflictsOf(production);
  const builder = new GraphBuilder();
  const templateNode = nodeIdOf('template', template.id);
  builder.addNode(omitUndefined({
    id: templateNode,
    ref: template.id,
    label: template.id,
    kind: 'template' as const,
    detail: [template.assetType, template.format].filter(Boolean).join(' · ') || undefined,
    source: entitySourceRef(production, template, 'template'),
  }));

  const schedule = production.schedule;
  const specOf = firstHandoffs(production);
  const users = [...specOf.values()].filter((handoff) => handoff.template === template.id);
  const shown = new Set<string>();
  const show = (handoff: HandoffSpec): void => {
    if (shown.has(handoff.id)) return;
    shown.add(handoff.id);
    builder.addNode(handoffNode(production, handoff));
  };
  for (const handoff of users) {
    show(handoff);
    builder.addEdge(nodeIdOf('handoff', handoff.id), templateNode, 'uses');
  }
  for (const handoff of users) {
    const scheduled = schedule.handoffs.get(handoff.id);
    for (const id of [...(scheduled?.upstream ?? []), ...(scheduled?.downstream ?? [])]) show(specOf.get(id)!);
  }
  // Every dependency between two shown handoffs, also between two of the neighbours.
  for (const id of shown) {
    for (const upstreamId of schedule.handoffs.get(id)?.upstream ?? []) {
      if (shown.has(upstreamId)) builder.addEdge(nodeIdOf('handoff', upstreamId), nodeIdOf('handoff', id), 'depends_on', false, conflicts.get(conflictKey(upstreamId, id)));
    }
  }

  for (const runbook of production.runbooks) {
    if (!runbook.appliesTo.includes(template.id) || production.runbook(runbook.id) !== runbook) continue;
    builder.addNode(omitUndefined({
      id: nodeIdOf('runbook', runbook.id),
      ref: runbook.id,
      label: runbook.id,
      kind: 'runbook' as const,
      detail: runbook.title,
      source: entitySourceRef(production, runbook, 'runbook'),
    }));
    builder.addEdge(nodeIdOf('runbook', runbook.id), templateNode, 'applies_to');
  }

  for (const [kind, id, edge] of glossaryLinks(template)) {
    const node = symbolNode(production, kind, id);
    if (!node) continue;
    builder.addNode(node);
    builder.addEdge(templateNode, node.id, edge);
  }
  return builder.finish('template', `Template ${template.id}`, production);
}

/**
 * The graph for what a file holds: a runbook's graph, a template's
 * neighbourhood, else the handoff DAG — focused on the handoff under `offset`
 * in a handoff file once the production has more than LARGE_HANDOFF_GRAPH
 * handoffs. An explicit `options.focus` always wins. Undefined for a file the
 * workspace does not hold.
 */
export function graphForFile(workspace: Workspace, uri: string, offset?: number, options: HandoffGraphOptions = {}): Graph | undefined {
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  if (!file || !production) return undefined;
  if (options.focus === undefined) {
    if (file.parsed.kind === 'runbook' && file.entities.runbooks.length > 0) {
      const graph = runbookGraph(production, file.entities.runbooks[0].id);
      if (graph) return graph;
    }
    if (file.parsed.kind === 'template' && file.entities.templates.length > 0) {
      const graph = templateGraph(production, file.entities.templates[0].id);
      if (graph) return graph;
    }
    if (file.parsed.kind === 'handoff' && production.handoffs.length > LARGE_HANDOFF_GRAPH) {
      const handoff = handoffAt(file.entities.handoffs, file.parsed, offset);
      if (handoff) return handoffGraph(production, { focus: handoff.id, depth: options.depth });
    }
  }
  return handoffGraph(production, options);
}

/** The handoff whose entry starts last at or before `offset`; the file's first without an offset. */
function handoffAt(handoffs: readonly HandoffSpec[], parsed: ParsedFile, offset: number | undefined): HandoffSpec | undefined {
  if (offset === undefined) return handoffs[0];
  let found: HandoffSpec | undefined;
  for (const handoff of handoffs) {
    if (spanOf(parsed, handoff.path).start <= offset) found = handoff;
    else break;
  }
  return found ?? handoffs[0];
}

/**
 * Strongly connected components that are cycles (more than one node, or one
 * node with an edge to itself), by Tarjan's algorithm with an explicit stack:
 * 50,000 handoffs in one chain must not overflow the call stack. Members of
 * each cycle are in ascending index order, cycles by their first member;
 * cycleOf[i] is the cycle node i is in, or -1.
 */
export function findCycles(count: number, successors: readonly (readonly number[])[]): { cycles: number[][]; cycleOf: Int32Array } {
  const UNSEEN = -1;
  const index = new Int32Array(count).fill(UNSEEN);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const component: number[] = [];
  // The depth-first search's own stack: a node and the next of its edges to follow.
  const callNode = new Int32Array(count);
  const callEdge = new Int32Array(count);
  const cycleOf = new Int32Array(count).fill(-1);
  const cycles: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (index[root] !== UNSEEN) continue;
    let depth = 0;
    const enter = (node: number): void => {
      index[node] = low[node] = counter++;
      component.push(node);
      onStack[node] = 1;
      callNode[depth] = node;
      callEdge[depth] = 0;
      depth++;
    };
    enter(root);
    while (depth > 0) {
      const node = callNode[depth - 1];
      const edges = successors[node];
      if (callEdge[depth - 1] < edges.length) {
        const next = edges[callEdge[depth - 1]++];
        if (index[next] === UNSEEN) enter(next);
        else if (onStack[next] && index[next] < low[node]) low[node] = index[next];
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = callNode[depth - 1];
        if (low[node] < low[parent]) low[parent] = low[node];
      }
      if (low[node] !== index[node]) continue;
      const members: number[] = [];
      let member: number;
      do {
        member = component.pop()!;
        onStack[member] = 0;
        members.push(member);
      } while (member !== node);
      if (members.length > 1 || edges.includes(node)) cycles.push(members.sort((a, b) => a - b));
    }
  }
  cycles.sort((a, b) => a[0] - b[0]);
  cycles.forEach((members, cycle) => {
    for (const member of members) cycleOf[member] = cycle;
  });
  return { cycles, cycleOf };
}

/** The dependency structure of a production's handoffs, by index into `specs`. */
interface HandoffTopology {
  /** The first definition of each handoff id, in file order (the ones the schedule uses). */
  specs: HandoffSpec[];
  indexOf: Map<string, number>;
  upstream: number[][];
  downstream: number[][];
  cycles: number[][];
  cycleOf: Int32Array;
}

// A production model never changes once built (an edit builds a new one), so
// its topology is computed once: moving the focus in a large production then
// costs only the nodes shown.
const TOPOLOGY = new MemoKey<HandoffTopology>('handoff topology');

function topologyOf(production: ProductionModel): HandoffTopology {
  return production.derived.get(TOPOLOGY, () => computeTopology(production));
}

function computeTopology(production: ProductionModel): HandoffTopology {
  const specOf = firstHandoffs(production);
  const schedule = production.schedule;
  const specs = [...specOf.values()];
  const indexOf = new Map<string, number>();
  specs.forEach((handoff, index) => indexOf.set(handoff.id, index));
  // The schedule's upstream and downstream lists hold known ids, each once.
  const upstream = specs.map((handoff) => (schedule.handoffs.get(handoff.id)?.upstream ?? []).map((id) => indexOf.get(id)!));
  const downstream = specs.map((handoff) => (schedule.handoffs.get(handoff.id)?.downstream ?? []).map((id) => indexOf.get(id)!));
  return { specs, indexOf, upstream, downstream, ...findCycles(specs.length, downstream) };
}

/** Marks in `visible` the nodes within `depth` hops of `start` along `edges`. */
function reach(start: number, edges: readonly (readonly number[])[], depth: number, visible: Uint8Array): void {
  const reached = new Set<number>([start]);
  let frontier = [start];
  for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const neighbour of edges[node]) {
        if (reached.has(neighbour)) continue;
        reached.add(neighbour);
        visible[neighbour] = 1;
        next.push(neighbour);
      }
    }
    frontier = next;
  }
}

function sanitizeDepth(depth: number | undefined): number {
  if (depth === undefined || !Number.isFinite(depth)) return DEFAULT_FOCUS_DEPTH;
  return Math.max(0, Math.trunc(depth));
}

/** The first definition of each handoff id, in file order (what the schedule uses). */
function firstHandoffs(production: ProductionModel): Map<string, HandoffSpec> {
  const byId = new Map<string, HandoffSpec>();
  for (const handoff of production.handoffs) if (!byId.has(handoff.id)) byId.set(handoff.id, handoff);
  return byId;
}

function firstSteps(runbook: RunbookSpec): Map<string, RunbookSpec['steps'][number]> {
  const byId = new Map<string, RunbookSpec['steps'][number]>();
  for (const step of runbook.steps) if (!byId.has(step.id)) byId.set(step.id, step);
  return byId;
}

function handoffNode(production: ProductionModel, handoff: HandoffSpec): GraphNode {
  const department = handoff.from === undefined ? undefined : production.department(handoff.from);
  return omitUndefined({
    id: nodeIdOf('handoff', handoff.id),
    ref: handoff.id,
    label: handoff.id,
    kind: 'handoff' as const,
    detail: handoff.title,
    group: handoff.from,
    color: department?.color,
    status: handoff.status,
    critical: production.schedule.handoffs.get(handoff.id)?.critical ?? false,
    source: entitySourceRef(production, handoff),
  });
}

/** A node for a defined glossary entry or template, from its definition; undefined when it is not defined. */
function symbolNode(production: ProductionModel, kind: SymbolKind & GraphNodeKind, id: string): GraphNode | undefined {
  const def = production.lookup(kind, id);
  if (!def) return undefined;
  return omitUndefined({ id: nodeIdOf(kind, id), ref: id, label: id, kind, detail: def.detail, source: sourceRef(production, def.uri, def.span) });
}

/** A checklist item of the first of `templates` that defines it. */
function checklistItemNode(production: ProductionModel, id: string, templates: readonly string[]): GraphNode | undefined {
  for (const template of templates) {
    const def = production.lookup('checklist-item', id, template);
    if (!def) continue;
    return omitUndefined({
      id: nodeIdOf('checklist-item', `${template}/${id}`),
      ref: id,
      label: id,
      kind: 'checklist-item' as const,
      detail: def.detail,
      group: template,
      source: sourceRef(production, def.uri, def.span),
    });
  }
  return undefined;
}

/** What a template draws on from the glossary, each with the key that links it. */
function glossaryLinks(template: TemplateSpec): [SymbolKind & GraphNodeKind, string, GraphEdgeKind][] {
  const links: [SymbolKind & GraphNodeKind, string, GraphEdgeKind][] = [];
  if (template.assetType !== undefined) links.push(['asset-type', template.assetType, 'asset_type']);
  if (template.format !== undefined) links.push(['format', template.format, 'format']);
  if (template.colorSpace !== undefined) links.push(['color-space', template.colorSpace, 'color_space']);
  for (const file of template.requiredFiles) if (file.format !== undefined) links.push(['format', file.format, 'format']);
  for (const field of template.metadata) links.push(['metadata', field, 'metadata']);
  for (const item of template.checklist) if (item.verify !== undefined) links.push(['metadata', item.verify, 'verify']);
  for (const format of template.accepts?.formats ?? []) links.push(['format', format, 'accepts']);
  for (const colorSpace of template.accepts?.colorSpaces ?? []) links.push(['color-space', colorSpace, 'accepts']);
  return links;
}

/** Collects nodes and edges once each; cycles are found over the ordering edges when it finishes. */
class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly nodeIds = new Set<string>();
  private readonly edgeKeys = new Set<string>();

  addNode(node: GraphNode): void {
    if (this.nodeIds.has(node.id)) return;
    this.nodeIds.add(node.id);
    this.nodes.push(node);
  }

  addEdge(from: string, to: string, kind: GraphEdgeKind, inCycle = false, conflict?: number): void {
    const key = `${from}\u001f${to}\u001f${kind}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(conflict === undefined ? { from, to, kind, inCycle } : { from, to, kind, inCycle, conflict });
  }

  finish(kind: GraphKind, title: string, production: ProductionModel): Graph {
    const indexOf = new Map<string, number>();
    this.nodes.forEach((node, index) => indexOf.set(node.id, index));
    const successors: number[][] = this.nodes.map(() => []);
    for (const edge of this.edges) {
      if (ORDERING_EDGES.has(edge.kind)) successors[indexOf.get(edge.from)!].push(indexOf.get(edge.to)!);
    }
    const { cycles, cycleOf } = findCycles(this.nodes.length, successors);
    for (const edge of this.edges) {
      if (!ORDERING_EDGES.has(edge.kind)) continue;
      const from = cycleOf[indexOf.get(edge.from)!];
      edge.inCycle = from >= 0 && from === cycleOf[indexOf.get(edge.to)!];
    }
    return {
      kind,
      title,
      production: production.production?.id ?? '',
      nodes: this.nodes,
      edges: this.edges,
      cycles: cycles.map((members) => members.map((i) => this.nodes[i].id)),
    };
  }
}

/** Drops keys whose value is undefined, so the JSON sent to a webview carries no empty fields. */
function omitUndefined<T extends object>(value: T): T {
  // A copy rather than `delete`, which would turn every object into a slow dictionary.
  const copy = {} as T;
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy;
}
