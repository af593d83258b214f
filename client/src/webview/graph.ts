// The dependency graph: a layered left-to-right DAG laid out by dagre, nodes
// colored by department (or group), cycles in red, critical handoffs
// emphasised, "+N" expanders on nodes of a focused graph whose neighbours are
// hidden, zoom with the wheel and pan by dragging the background.
//
// Plain browser code fed the Graph as data: the VS Code webview, the CLI's
// standalone page and the browser tests all run this one renderer.
import type * as Dagre from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
import type { Graph, GraphEdge, GraphNode, SourceRef } from '../../../server/src/protocol';
import type { ViewState } from './messages';
import { Presses } from './presses';
import { html, PALETTE, safeColor, svg, textMeasurer, tooltip, uniquePrefix } from './svg';

// dagre ships as an ES module with a CommonJS twin; this file compiles to
// CommonJS for the type check, so its types come in as a type-only import and
// the value through require, which esbuild resolves to the CommonJS build.
const dagre = require('@dagrejs/dagre') as typeof Dagre;

export interface GraphOptions {
  /** A node was clicked or activated with the keyboard. Without it, clicks do nothing. */
  onReveal?(source: SourceRef): void;
  /**
   * A "+N" expander was used: show the graph around this handoff, this many
   * hops deep (the focused graph's depth, at least 1), which brings in the
   * neighbours the node was hiding.
   */
  onExpand?(handoff: string, depth: number): void;
  /** The zoom and pan to open at (kept by the host while the view is hidden). */
  state?: ViewState;
  /** The user zoomed or panned: what to keep. */
  onState?(state: ViewState): void;
}

export interface GraphView {
  /** Draws a new graph, keeping the zoom and pan the user chose. */
  update(graph: Graph): void;
  /** Centers and focuses a handoff's node; false when the graph does not show it. */
  focus(handoff: string): boolean;
  destroy(): void;
}

/** Conflicts named one by one under the title; past this many, a count. */
const MAX_CONFLICT_NOTES = 5;
const NODE_PADDING_X = 12;
const NODE_MIN_WIDTH = 90;
const NODE_MAX_DETAIL = 190;
const LABEL_SIZE = 12;
const DETAIL_SIZE = 11;
const STRIPE = 5;
const MIN_SCALE = 0.1;
/** The smallest scale a graph opens at: labels stay legible. */
const READABLE_SCALE = 0.75;
const MAX_SCALE = 3;
/**
 * Past this many handoffs, a handoff graph with no handoff in focus is drawn
 * as the departments and the handoffs between them (never thousands of nodes);
 * a search or a click on a department puts a handoff in focus, and the view
 * lays out its neighbourhood, as deep as the depth box says.
 */
export const SUMMARY_ABOVE = 200;

const STATUS_MARKS: Record<string, { glyph: string; className: string }> = {
  accepted: { glyph: '✓', className: 'hs-status-ok' },
  rejected: { glyph: '✗', className: 'hs-status-bad' },
  blocked: { glyph: '⊘', className: 'hs-status-bad' },
  submitted: { glyph: '↑', className: 'hs-status-info' },
  in_progress: { glyph: '▸', className: 'hs-status-info' },
};

const KIND_NAMES: Record<GraphNode['kind'], string> = {
  handoff: 'handoff',
  step: 'step',
  template: 'template',
  runbook: 'runbook',
  'checklist-item': 'checklist item',
  metadata: 'metadata field',
  format: 'format',
  'color-space': 'color space',
  'asset-type': 'asset type',
  milestone: 'milestone',
};

interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  detail?: string;
  color: string;
}

interface Transform {
  k: number;
  x: number;
  y: number;
}

export function renderGraph(root: HTMLElement, graph: Graph, options: GraphOptions = {}): GraphView {
  const ids = uniquePrefix('graph');
  let current = graph;
  let transform: Transform = { k: 1, x: 0, y: 0 };
  let size = { width: 0, height: 0 };
  /** Once the user zoomed or panned, updates keep their view instead of fitting. */
  let userMoved = false;
  let pan: { pointerId: number; x: number; y: number; from: Transform } | undefined;
  let placed = new Map<string, PlacedNode>();
  /** A handoff this view focuses on in a large graph it holds whole (no server round trip). */
  let localFocus: string | undefined;
  let localDepth = 1;
  /** Department summary: handoffs counted on each edge, by `from\u0000to` node ids. */
  let edgeCounts: Map<string, number> | undefined;

  const view = html('div', 'hs-view hs-graph', root);
  const toolbar = html('div', 'hs-toolbar', view);
  const heading = html('h1', 'hs-title', toolbar);
  const summary = html('span', 'hs-summary', toolbar);
  const zoomGroup = html('div', 'hs-zoom', toolbar);
  zoomGroup.setAttribute('role', 'group');
  zoomGroup.setAttribute('aria-label', 'Zoom');
  for (const [label, name, action] of [
    ['−', 'Zoom out', () => zoomBy(1 / 1.25)],
    ['+', 'Zoom in', () => zoomBy(1.25)],
    ['Fit', 'Fit the graph to the view', () => fit()],
  ] as const) {
    const button = html('button', 'hs-zoom-button', zoomGroup, label);
    button.type = 'button';
    button.title = name;
    button.setAttribute('aria-label', name);
    button.addEventListener('click', action);
  }
  const legendBox = html('div', 'hs-legend', toolbar);
  const finder = html('div', 'hs-graph-find', view);
  finder.setAttribute('role', 'search');
  const search = html('input', 'hs-graph-search', finder);
  search.type = 'search';
  search.placeholder = 'Focus on handoff… (Enter)';
  search.setAttribute('aria-label', 'Focus the graph on a handoff: type its id or title and press Enter');
  const depthLabel = html('label', 'hs-check', finder);
  html('span', '', depthLabel, 'depth');
  const depthInput = html('input', 'hs-graph-depth', depthLabel);
  depthInput.type = 'number';
  depthInput.min = '1';
  depthInput.max = '6';
  depthInput.value = '1';
  const overviewButton = html('button', 'hs-zoom-button hs-graph-overview', finder, 'Departments');
  overviewButton.type = 'button';
  overviewButton.title = 'Back to the summary of departments';
  search.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const ref = findNode(current, search.value);
    search.classList.toggle('hs-not-found', ref === undefined);
    if (ref !== undefined) focusOn(ref);
  });
  depthInput.addEventListener('change', () => {
    localDepth = Math.max(1, Math.min(6, Math.round(Number(depthInput.value) || 1)));
    depthInput.value = String(localDepth);
    if (localFocus !== undefined) focusOn(localFocus);
    else if (current.focus && options.onExpand) options.onExpand(current.focus.handoff, localDepth);
  });
  overviewButton.addEventListener('click', () => {
    localFocus = undefined;
    redraw(true);
  });

  /** Lays out the neighbourhood of a handoff: here when the graph is held whole, else through the host. */
  function focusOn(ref: string): void {
    if (current.nodes.some((node) => node.kind === 'handoff' && node.ref === ref) && isLarge(current)) {
      localFocus = ref;
      redraw(true);
      return;
    }
    if (options.onExpand) options.onExpand(ref, localDepth);
    else api.focus(ref);
  }

  function redraw(fitAfter: boolean): void {
    bounds = draw();
    if (fitAfter) fit(true);
  }
  const notes = html('div', 'hs-notes', view);
  const canvas = html('div', 'hs-canvas', view);
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-label', 'Dependency graph: arrow keys pan, + and - zoom');
  const surface = svg('svg', { class: 'hs-graph-svg', width: '100%', height: '100%' }, canvas);
  const defs = svg('defs', {}, surface);
  for (const [name, className] of [['arrow', 'hs-arrowhead'], ['arrow-cycle', 'hs-arrowhead hs-cycle'], ['arrow-conflict', 'hs-arrowhead hs-conflict'], ['arrow-critical', 'hs-arrowhead hs-critical']]) {
    const marker = svg('marker', { id: ids + name, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto' }, defs);
    svg('path', { class: className, d: 'M0 0L10 5L0 10z' }, marker);
  }
  const viewport = svg('g', { class: 'hs-viewport' }, surface);

  const measureLabel = textMeasurer(view, LABEL_SIZE, '600');
  const measureDetail = textMeasurer(view, DETAIL_SIZE);

  let bounds = draw();
  if (options.state?.transform && Number.isFinite(options.state.transform.k)) {
    transform = { ...options.state.transform };
    userMoved = true;
  } else fit(true);

  canvas.addEventListener('wheel', onWheel, { passive: false });
  // A node pressed while a new graph is drawn still reveals its YAML (a "+N" badge asks for a new graph itself).
  const presses = new Presses(canvas, (target) => {
    const node = target.closest('[data-expand]') ? null : target.closest<SVGGElement>('[data-node]');
    return node ? `[data-node="${CSS.escape(node.dataset.node ?? '')}"]` : undefined;
  });
  canvas.addEventListener('pointerdown', (event) => presses.down(event));
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerup', (event) => {
    const lost = presses.lostClick(event);
    if (lost) activate(lost);
  });
  canvas.addEventListener('pointerup', endPan);
  canvas.addEventListener('pointercancel', endPan);
  canvas.addEventListener('click', onClick);
  canvas.addEventListener('keydown', onKeyDown);

  function draw(): { width: number; height: number } {
    const whole = current;
    const large = isLarge(whole);
    finder.hidden = !(large || whole.focus !== undefined) || whole.kind !== 'handoffs';
    overviewButton.hidden = !(large && localFocus !== undefined);
    edgeCounts = undefined;
    view.dataset.mode = 'graph';
    let shown = whole;
    if (large && localFocus !== undefined && whole.nodes.some((node) => node.ref === localFocus)) {
      shown = neighbourhood(whole, localFocus, localDepth);
      view.dataset.mode = 'neighbourhood';
    } else if (large) {
      localFocus = undefined;
      const summary = departmentSummary(whole);
      shown = summary.graph;
      edgeCounts = summary.counts;
      view.dataset.mode = 'departments';
    }
    return drawGraph(shown, whole);
  }

  function drawGraph(current: Graph, whole: Graph): { width: number; height: number } {
    heading.textContent = whole.title;
    const cycleCount = current.cycles.length;
    // Conflicts are counted over the whole graph, as the timeline counts them, whatever part is drawn.
    const conflictEdges = whole.edges.filter((edge) => edge.conflict !== undefined);
    const conflictText = conflictEdges.length > 0 ? [`${conflictEdges.length} conflict${conflictEdges.length === 1 ? '' : 's'}`] : [];
    // Milestones are nodes too, but not handoffs.
    const handoffCount = whole.nodes.filter((node) => node.kind === 'handoff').length;
    summary.textContent = edgeCounts
      ? [`${handoffCount} handoffs in ${current.nodes.length} departments`, ...conflictText, 'search a handoff to see its neighbourhood'].join(' · ')
      : [
      `${current.nodes.length} node${current.nodes.length === 1 ? '' : 's'}`,
      `${current.edges.length} link${current.edges.length === 1 ? '' : 's'}`,
      ...(cycleCount > 0 ? [`${cycleCount} cycle${cycleCount === 1 ? '' : 's'}`] : []),
      ...conflictText,
    ].join(' · ');
    notes.replaceChildren();
    const labelOf = new Map(current.nodes.map((node) => [node.id, node.label]));
    for (const cycle of current.cycles) {
      const line = html('div', 'hs-cycle-note', notes);
      html('strong', '', line, 'Dependency cycle: ');
      html('span', '', line, [...cycle, cycle[0]].map((id) => labelOf.get(id) ?? id).join(' → '));
    }
    const wholeLabelOf = new Map(whole.nodes.map((node) => [node.id, node.label]));
    for (const edge of conflictEdges.slice(0, MAX_CONFLICT_NOTES)) {
      const line = html('div', 'hs-conflict-note', notes);
      html('strong', '', line, 'Schedule conflict: ');
      const days = edge.conflict!;
      html('span', '', line, `${wholeLabelOf.get(edge.to) ?? edge.to} starts ${days} working day${days === 1 ? '' : 's'} before ${wholeLabelOf.get(edge.from) ?? edge.from} is ready`);
    }
    if (conflictEdges.length > MAX_CONFLICT_NOTES) html('div', 'hs-conflict-note', notes, `… and ${conflictEdges.length - MAX_CONFLICT_NOTES} more schedule conflicts.`);
    if (current.nodes.length === 0) html('div', 'hs-empty-note', notes, 'Nothing to draw.');
    if (current.focus && current !== whole) html('div', 'hs-focus-note', notes, `Around ${current.focus.handoff}, ${current.focus.depth} hop${current.focus.depth === 1 ? '' : 's'} deep: ${current.nodes.length} of ${handoffCount} handoffs.`);

    const colors = groupColors(current.nodes);
    drawLegend(colors);
    const layout = layoutOf(current, colors);
    placed = layout.nodes;
    viewport.replaceChildren();
    const edgeLayer = svg('g', { class: 'hs-edges', 'aria-hidden': 'true' }, viewport);
    const nodeLayer = svg('g', { class: 'hs-nodes', role: 'group', 'aria-label': current.title }, viewport);
    const cycleNodes = new Set(current.cycles.flat());
    for (const { edge, points } of layout.edges) drawEdge(edgeLayer, edge, points);
    for (const node of placed.values()) {
      const element = drawNode(node, cycleNodes.has(node.node.id), current);
      if (edgeCounts) {
        element.classList.add('hs-department');
        element.setAttribute('aria-label', `Department ${node.node.label}: ${node.node.detail ?? ''}`);
      }
      nodeLayer.appendChild(element);
    }
    return { width: layout.width, height: layout.height };
  }

  function drawLegend(colors: Map<string, string>): void {
    legendBox.replaceChildren();
    for (const [group, color] of colors) {
      const item = html('span', 'hs-legend-item', legendBox);
      const swatch = html('span', 'hs-legend-swatch', item);
      swatch.style.setProperty('--hs-node', color);
      html('span', '', item, group);
    }
  }

  function drawEdge(layer: SVGGElement, edge: GraphEdge, points: { x: number; y: number }[]): void {
    if (points.length < 2) return;
    const from = placed.get(edge.from)?.node;
    const to = placed.get(edge.to)?.node;
    const ordering = edge.kind === 'depends_on' || edge.kind === 'after';
    const critical = ordering && from?.critical === true && to?.critical === true;
    const kind = edge.inCycle ? 'cycle' : edge.conflict !== undefined ? 'conflict' : critical ? 'critical' : '';
    const classes = ['hs-edge', `hs-edge-${edge.kind.replace(/_/g, '-')}`];
    if (!ordering) classes.push('hs-link');
    if (kind) classes.push(`hs-${kind}`);
    svg('path', {
      class: classes.join(' '),
      d: curveThrough(points),
      'marker-end': `url(#${ids}arrow${kind ? `-${kind}` : ''})`,
      'data-from': edge.from,
      'data-to': edge.to,
      'data-kind': edge.kind,
    }, layer);
    const count = edgeCounts?.get(`${edge.from}\u0000${edge.to}`);
    if (count !== undefined) {
      const middle = points[Math.floor(points.length / 2)];
      const label = svg('text', { class: 'hs-edge-label hs-edge-count', x: middle.x, y: middle.y - 4, 'text-anchor': 'middle' }, layer);
      label.textContent = String(count);
    } else if (!ordering) {
      const middle = points[Math.floor(points.length / 2)];
      const label = svg('text', { class: 'hs-edge-label', x: middle.x, y: middle.y - 4, 'text-anchor': 'middle' }, layer);
      label.textContent = edge.kind.replace(/_/g, ' ');
    }
  }

  function drawNode(p: PlacedNode, inCycle: boolean, current: Graph): SVGGElement {
    const { node } = p;
    const classes = ['hs-node', `hs-kind-${node.kind}`];
    if (node.critical) classes.push('hs-critical');
    if (inCycle) classes.push('hs-cycle');
    if (current.focus && node.kind === 'handoff' && node.ref === current.focus.handoff) classes.push('hs-focused');
    if (node.status) classes.push(`hs-status-${node.status.replace(/[^a-z_]/g, '')}`);
    const group = svg('g', {
      class: classes.join(' '),
      transform: `translate(${round(p.x - p.width / 2)} ${round(p.y - p.height / 2)})`,
      'data-node': node.id,
      'data-kind': node.kind,
      tabindex: 0,
      role: 'button',
      'aria-label': ariaLabelOf(node, inCycle),
    });
    group.style.setProperty('--hs-node', p.color);
    tooltip(group, tooltipOf(node, inCycle));
    svg('path', { class: 'hs-node-ground', d: shapeOf(node.kind, p.width, p.height) }, group);
    svg('path', { class: 'hs-node-shape', d: shapeOf(node.kind, p.width, p.height) }, group);
    if (node.kind === 'handoff' || node.kind === 'step') svg('rect', { class: 'hs-node-stripe', x: 0, y: 0, width: STRIPE, height: p.height, rx: 2 }, group);
    const left = node.kind === 'milestone' ? p.height / 2 : NODE_PADDING_X;
    const label = svg('text', { class: 'hs-node-label', x: left, y: p.detail ? 17 : p.height / 2 + 4 }, group);
    const status = node.status === undefined ? undefined : STATUS_MARKS[node.status];
    if (status) {
      const mark = svg('tspan', { class: `hs-status-mark ${status.className}` }, label);
      mark.textContent = `${status.glyph} `;
    }
    const text = svg('tspan', {}, label);
    text.textContent = node.label;
    if (p.detail) {
      const detail = svg('text', { class: 'hs-node-detail', x: left, y: 33 }, group);
      detail.textContent = p.detail;
    }
    if (node.more) {
      // Expanding shows the graph around this node, at least one hop deep.
      const depth = Math.max(1, current.focus?.depth ?? 1);
      if (node.more.upstream > 0) expander(group, node, 'upstream', node.more.upstream, 0, p.height / 2, depth);
      if (node.more.downstream > 0) expander(group, node, 'downstream', node.more.downstream, p.width, p.height / 2, depth);
    }
    return group;
  }

  function expander(parent: SVGGElement, node: GraphNode, side: 'upstream' | 'downstream', count: number, cx: number, cy: number, depth: number): void {
    const label = `${count} more ${side} of ${node.ref}`;
    const badge = svg('g', { class: `hs-more hs-more-${side}`, 'data-expand': node.ref, 'data-depth': depth, 'aria-label': options.onExpand ? `Show ${label}` : label }, parent);
    if (options.onExpand) {
      badge.setAttribute('tabindex', '0');
      badge.setAttribute('role', 'button');
    }
    tooltip(badge, [options.onExpand ? `Show ${label}` : `${label} (not shown)`]);
    const text = `+${count}`;
    const width = Math.max(20, measureDetail(text) + 10);
    svg('rect', { class: 'hs-more-pill', x: round(cx - width / 2), y: cy - 9, width: round(width), height: 18, rx: 9 }, badge);
    const t = svg('text', { class: 'hs-more-text', x: cx, y: cy + 4, 'text-anchor': 'middle' }, badge);
    t.textContent = text;
  }

  function layoutOf(g: Graph, colors: Map<string, string>): { nodes: Map<string, PlacedNode>; edges: { edge: GraphEdge; points: { x: number; y: number }[] }[]; width: number; height: number } {
    const layout = new dagre.graphlib.Graph<Dagre.GraphLabel, Dagre.NodeLabel, Dagre.EdgeLabel>({ multigraph: true });
    layout.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 44, edgesep: 10, marginx: 20, marginy: 20 });
    const nodes = new Map<string, PlacedNode>();
    for (const node of g.nodes) {
      if (nodes.has(node.id)) continue;
      const detail = node.detail ? truncate(node.detail.replace(/\s+/g, ' '), NODE_MAX_DETAIL, measureDetail) : undefined;
      const statusWidth = node.status && STATUS_MARKS[node.status] ? measureLabel(`${STATUS_MARKS[node.status].glyph} `) : 0;
      const textWidth = Math.max(statusWidth + measureLabel(node.label), detail ? measureDetail(detail) : 0);
      const extra = node.kind === 'milestone' ? 0 : NODE_PADDING_X * 2;
      const height = detail ? 44 : 30;
      const width = Math.ceil(Math.max(NODE_MIN_WIDTH, textWidth + extra + (node.kind === 'milestone' ? height : 0)));
      const color = safeColor(node.color) ?? (node.group !== undefined ? colors.get(node.group) : undefined) ?? 'var(--hs-neutral)';
      nodes.set(node.id, { node, x: 0, y: 0, width, height, detail, color });
      layout.setNode(node.id, { width, height });
    }
    const kept = g.edges.filter((edge) => nodes.has(edge.from) && nodes.has(edge.to));
    kept.forEach((edge, index) => {
      // Links that are not dependencies (feeds, uses, qa...) pull less on the ranking.
      const ordering = edge.kind === 'depends_on' || edge.kind === 'after';
      layout.setEdge(edge.from, edge.to, { weight: ordering ? 2 : 1, minlen: 1 }, `e${index}`);
    });
    dagre.layout(layout);
    for (const [id, p] of nodes) {
      const laid = layout.node(id);
      p.x = laid.x ?? 0;
      p.y = laid.y ?? 0;
    }
    const edges = kept.map((edge, index) => ({ edge, points: (layout.edge({ v: edge.from, w: edge.to, name: `e${index}` })?.points ?? []).map((point: Dagre.Point) => ({ x: point.x, y: point.y })) }));
    const label = layout.graph();
    return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
  }

  function apply(): void {
    if (userMoved) options.onState?.({ transform: { k: Math.round(transform.k * 1000) / 1000, x: Math.round(transform.x), y: Math.round(transform.y) } });
    viewport.setAttribute('transform', `translate(${round(transform.x)} ${round(transform.y)}) scale(${Math.round(transform.k * 1000) / 1000})`);
    view.dataset.scale = String(Math.round(transform.k * 1000) / 1000);
  }

  function measure(): void {
    size = { width: canvas.clientWidth, height: canvas.clientHeight };
  }

  /**
   * The whole graph in view. With `readable`, never below READABLE_SCALE: a
   * large graph then opens at its upstream end, and the user pans or fits.
   */
  function fit(readable = false): void {
    measure();
    if (size.width === 0 || size.height === 0 || bounds.width === 0) {
      transform = { k: 1, x: 0, y: 0 };
    } else {
      const whole = Math.min(size.width / bounds.width, size.height / bounds.height, 1.25);
      const k = clamp(readable ? Math.max(whole, READABLE_SCALE) : whole, MIN_SCALE, MAX_SCALE);
      const centered = { x: (size.width - bounds.width * k) / 2, y: (size.height - bounds.height * k) / 2 };
      transform = { k, x: Math.max(0, centered.x), y: bounds.height * k <= size.height ? centered.y : 0 };
      if (!readable) transform = { k, ...centered };
    }
    userMoved = false;
    apply();
  }

  function zoomAt(factor: number, cx: number, cy: number): void {
    const k = clamp(transform.k * factor, MIN_SCALE, MAX_SCALE);
    const ratio = k / transform.k;
    transform = { k, x: cx - (cx - transform.x) * ratio, y: cy - (cy - transform.y) * ratio };
    userMoved = true;
    apply();
  }

  function zoomBy(factor: number): void {
    measure();
    zoomAt(factor, size.width / 2, size.height / 2);
  }

  function onWheel(event: WheelEvent): void {
    event.preventDefault();
    const box = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }

  function onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || !(event.target instanceof Element) || event.target.closest('[data-node]')) return;
    pan = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, from: transform };
    canvas.setPointerCapture(event.pointerId);
    canvas.classList.add('hs-panning');
  }

  function onPointerMove(event: PointerEvent): void {
    if (!pan || event.pointerId !== pan.pointerId) return;
    transform = { k: pan.from.k, x: pan.from.x + event.clientX - pan.x, y: pan.from.y + event.clientY - pan.y };
    userMoved = true;
    apply();
  }

  function endPan(event: PointerEvent): void {
    if (!pan || event.pointerId !== pan.pointerId) return;
    pan = undefined;
    if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
    canvas.classList.remove('hs-panning');
  }

  /** What a click or Enter on `target` does: expand a "+N", or reveal a node's YAML. */
  function activate(target: EventTarget | null): boolean {
    if (!(target instanceof Element)) return false;
    const expand = target.closest<SVGGElement>('[data-expand]');
    if (expand) {
      if (!options.onExpand) return false;
      options.onExpand(expand.dataset.expand ?? '', Number(expand.dataset.depth ?? '1'));
      return true;
    }
    const element = target.closest<SVGGElement>('[data-node]');
    const source = element ? placed.get(element.dataset.node ?? '')?.node.source : undefined;
    if (!source || !options.onReveal) return false;
    options.onReveal(source);
    return true;
  }

  function onClick(event: MouseEvent): void {
    activate(event.target);
  }

  function onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ' ') {
      if (activate(event.target)) event.preventDefault();
      return;
    }
    if (event.target !== canvas) return;
    const step = 40;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[event.key]) {
      event.preventDefault();
      transform = { ...transform, x: transform.x + moves[event.key][0], y: transform.y + moves[event.key][1] };
      userMoved = true;
      apply();
    } else if (event.key === '+' || event.key === '=') {
      zoomBy(1.25);
    } else if (event.key === '-') {
      zoomBy(1 / 1.25);
    } else if (event.key === '0') {
      fit();
    }
  }

  apply();

  const api: GraphView = {
    update(next) {
      current = next;
      if (localFocus !== undefined && !next.nodes.some((node) => node.ref === localFocus)) localFocus = undefined;
      const keep = userMoved;
      bounds = draw();
      if (keep) apply();
      else fit(true);
    },
    focus(handoff) {
      let p = [...placed.values()].find((candidate) => candidate.node.kind === 'handoff' && candidate.node.ref === handoff && !edgeCounts);
      if (!p && isLarge(current) && current.nodes.some((node) => node.kind === 'handoff' && node.ref === handoff)) {
        localFocus = handoff;
        redraw(true);
        p = [...placed.values()].find((candidate) => candidate.node.kind === 'handoff' && candidate.node.ref === handoff);
      }
      if (!p) return false;
      measure();
      transform = { k: transform.k, x: size.width / 2 - p.x * transform.k, y: size.height / 2 - p.y * transform.k };
      userMoved = true;
      apply();
      viewport.querySelector<SVGGElement>(`[data-node="${CSS.escape(p.node.id)}"]`)?.focus({ preventScroll: true });
      return true;
    },
    destroy() {
      view.remove();
    },
  };
  return api;
}

/** A handoff graph too large to lay out whole. */
function isLarge(graph: Graph): boolean {
  if (graph.kind !== 'handoffs' || graph.focus !== undefined) return false;
  let handoffs = 0;
  for (const node of graph.nodes) if (node.kind === 'handoff' && ++handoffs > SUMMARY_ABOVE) return true;
  return false;
}

/** The handoff a search names: the id itself, else the first whose id, then title, holds the text. */
export function findNode(graph: Graph, query: string): string | undefined {
  const text = query.trim().toLowerCase();
  if (!text) return undefined;
  const handoffs = graph.nodes.filter((node) => node.kind === 'handoff');
  return (
    handoffs.find((node) => node.ref.toLowerCase() === text) ??
    handoffs.find((node) => node.ref.toLowerCase().includes(text)) ??
    handoffs.find((node) => (node.detail ?? '').toLowerCase().includes(text))
  )?.ref;
}

/** The nodes within `depth` links of a handoff, either way, and the links among them. */
export function neighbourhood(graph: Graph, ref: string, depth: number): Graph {
  const start = graph.nodes.find((node) => node.kind === 'handoff' && node.ref === ref);
  if (!start) return graph;
  const neighbours = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    let list = neighbours.get(a);
    if (!list) neighbours.set(a, (list = []));
    list.push(b);
  };
  for (const edge of graph.edges) {
    link(edge.from, edge.to);
    link(edge.to, edge.from);
  }
  const kept = new Set([start.id]);
  let frontier = [start.id];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (kept.has(other)) continue;
        kept.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return {
    ...graph,
    focus: { handoff: ref, depth },
    nodes: graph.nodes.filter((node) => kept.has(node.id)),
    edges: graph.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to)),
    cycles: graph.cycles.filter((cycle) => cycle.every((id) => kept.has(id))),
  };
}

/**
 * The departments as nodes, and an edge from A to B counting the handoffs of
 * B that depend on a handoff of A (each handoff once per edge).
 */
export function departmentSummary(graph: Graph): { graph: Graph; counts: Map<string, number> } {
  const groupOf = new Map<string, string>();
  const nodes = new Map<string, GraphNode & { handoffs: number }>();
  for (const node of graph.nodes) {
    if (node.kind !== 'handoff') continue;
    const group = node.group ?? '(unknown)';
    groupOf.set(node.id, group);
    const id = `department:${group}`;
    const known = nodes.get(id);
    if (known) known.handoffs++;
    else nodes.set(id, { id, ref: group, label: group, kind: 'handoff', group, ...(node.color === undefined ? {} : { color: node.color }), handoffs: 1 });
  }
  // By sending group, then receiving group: no key string made per edge (tens of thousands at scale).
  const dependants = new Map<string, Map<string, Set<string>>>();
  /** The department pairs in the order first met. */
  const pairs: { from: string; to: string; handoffs: Set<string> }[] = [];
  for (const edge of graph.edges) {
    const from = groupOf.get(edge.from);
    const to = groupOf.get(edge.to);
    if (from === undefined || to === undefined || from === to) continue;
    let byTarget = dependants.get(from);
    if (!byTarget) dependants.set(from, (byTarget = new Map()));
    let handoffs = byTarget.get(to);
    if (!handoffs) {
      byTarget.set(to, (handoffs = new Set()));
      pairs.push({ from, to, handoffs });
    }
    handoffs.add(edge.to);
  }
  const counts = new Map<string, number>();
  const edges: GraphEdge[] = [];
  for (const pair of pairs) {
    const from = `department:${pair.from}`;
    const to = `department:${pair.to}`;
    counts.set(`${from}\u0000${to}`, pair.handoffs.size);
    edges.push({ from, to, kind: 'depends_on', inCycle: false });
  }
  const summaryNodes: GraphNode[] = [...nodes.values()].map(({ handoffs, ...node }) => ({ ...node, detail: `${handoffs} handoff${handoffs === 1 ? '' : 's'}` }));
  return { graph: { kind: graph.kind, title: graph.title, production: graph.production, nodes: summaryNodes, edges, cycles: [] }, counts };
}

/** Colors for groups the spec gives none: the first color a node of the group has, else the theme palette in order. */
function groupColors(nodes: readonly GraphNode[]): Map<string, string> {
  const colors = new Map<string, string>();
  let next = 0;
  for (const node of nodes) {
    if (node.group === undefined || colors.has(node.group)) continue;
    colors.set(node.group, safeColor(node.color) ?? PALETTE[next++ % PALETTE.length]);
  }
  return colors;
}

/** A node's outline: a diamond-ended box for milestones, pills for glossary entries, rounded boxes for the rest. */
function shapeOf(kind: GraphNode['kind'], width: number, height: number): string {
  const h = height / 2;
  if (kind === 'milestone') return `M0 ${h}L${h} 0H${width - h}L${width} ${h}L${width - h} ${height}H${h}Z`;
  const radius = kind === 'format' || kind === 'color-space' || kind === 'asset-type' || kind === 'metadata' ? h : kind === 'template' || kind === 'runbook' ? 2 : 6;
  const r = Math.min(radius, h);
  return `M${r} 0H${width - r}A${r} ${r} 0 0 1 ${width} ${r}V${height - r}A${r} ${r} 0 0 1 ${width - r} ${height}H${r}A${r} ${r} 0 0 1 0 ${height - r}V${r}A${r} ${r} 0 0 1 ${r} 0Z`;
}

/** A smooth path through dagre's edge points: straight to the first midpoint, quadratic curves through the bends. */
function curveThrough(points: readonly { x: number; y: number }[]): string {
  let d = `M${round(points[0].x)} ${round(points[0].y)}`;
  if (points.length === 2) return `${d}L${round(points[1].x)} ${round(points[1].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const next = points[i + 1];
    const end = i === points.length - 2 ? next : { x: (points[i].x + next.x) / 2, y: (points[i].y + next.y) / 2 };
    d += `Q${round(points[i].x)} ${round(points[i].y)} ${round(end.x)} ${round(end.y)}`;
  }
  return d;
}

function truncate(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

function ariaLabelOf(node: GraphNode, inCycle: boolean): string {
  let label = `${KIND_NAMES[node.kind]} ${node.label}`;
  if (node.detail) label += `: ${node.detail}`;
  if (node.group && node.kind === 'handoff') label += `, from ${node.group}`;
  if (node.status) label += `, ${node.status.replace(/_/g, ' ')}`;
  if (node.critical) label += ', critical path';
  if (inCycle) label += ', in a dependency cycle';
  if (node.more) label += `, ${node.more.upstream} more upstream and ${node.more.downstream} more downstream not shown`;
  return label;
}

function tooltipOf(node: GraphNode, inCycle: boolean): string[] {
  const lines = [node.detail ? `${node.label} — ${node.detail}` : node.label, KIND_NAMES[node.kind] + (node.group ? ` · ${node.group}` : '')];
  if (node.status) lines.push(`status ${node.status}`);
  if (node.critical) lines.push('critical path');
  if (inCycle) lines.push('⚠ in a dependency cycle');
  if (node.more) lines.push(`hidden: ${node.more.upstream} upstream, ${node.more.downstream} downstream`);
  return lines;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
