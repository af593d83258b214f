// `handoff graph [dir]`: the handoff dependency graph of each production as
// Graphviz DOT, Mermaid, JSON or a standalone HTML page (the webview's
// renderer). Labels are spec text, so every renderer escapes them and never
// lets one break the syntax around it.
import { writeFileSync } from 'node:fs';
import { reasonOf } from '../node/files';
import type { Command } from './command';
import { stringFlag } from './flags';
import { Analysis, closest, type Graph, type GraphEdge, type GraphNode, type GraphNodeKind, type ProductionModel } from '../core/facade';
import { loadFolder } from './load';
import { standalonePage, webviewAssets } from './page';
import { UsageError } from './usage';

export const graphCommand: Command = {
  name: 'graph',
  usage: [
    'graph [dir]     Print the handoff dependency graph of each production under dir',
    '--format dot|mermaid|json|html  output format (default: dot); html: a page to open',
    '--out <file>               write to this file instead of stdout',
    '--focus <handoff-id>       only the handoffs around this one',
    '--depth N                  hops up and down from --focus (default: 1)',
  ],
  flags: { format: { type: 'string' }, focus: { type: 'string' }, depth: { type: 'string' }, out: { type: 'string' } },
  maxPositionals: 1,
  run: (context) =>
    runGraph({
      dir: context.positionals[0] ?? '.',
      format: stringFlag(context.flags.format) ?? 'dot',
      focus: stringFlag(context.flags.focus),
      depth: stringFlag(context.flags.depth),
      out: stringFlag(context.flags.out),
      write: context.write,
      progress: context.progress,
    }),
};

export interface GraphCommandOptions {
  dir: string;
  format: string;
  focus?: string;
  /** As typed on the command line; validated here. */
  depth?: string;
  /** A file to write instead of stdout. */
  out?: string;
  write: (text: string) => void;
  progress: (message: string) => void;
}

const FORMATS = ['dot', 'mermaid', 'json', 'html'];

export function runGraph(options: GraphCommandOptions): number {
  if (!FORMATS.includes(options.format)) throw new UsageError(`unknown --format '${options.format}'; use one of ${FORMATS.join(', ')}`);
  if (options.out === '') throw new UsageError(`--out needs a file name, e.g. --out graph.${options.format === 'html' ? 'html' : options.format}`);
  // Before reading any spec: a missing renderer is reported as such, not after the work.
  const assets = options.format === 'html' ? webviewAssets('graph') : undefined;
  const depth = parseDepth(options.depth, options.focus);
  const { workspace, unreadable } = loadFolder(options.dir, options.progress);
  for (const entry of unreadable) options.progress(`Skipped ${entry.path}: ${entry.reason}.`);

  const analysis = new Analysis(workspace);
  let productions = analysis.productions().filter((p) => p.production !== undefined || p.handoffs.length > 0);
  if (productions.length === 0) productions = analysis.productions();
  if (options.focus !== undefined) {
    const focus = options.focus;
    const holding = productions.filter((p) => p.handoff(focus) !== undefined);
    if (holding.length === 0) throw new UsageError(`no handoff '${focus}' under '${options.dir}'${didYouMean(focus, productions)}`);
    productions = holding;
  }
  const graphs = productions.map((production) => analysis.handoffGraph(production, { focus: options.focus, depth }));

  let text: string;
  if (options.format === 'json') text = JSON.stringify(graphs, null, 2);
  else if (options.format === 'mermaid') text = graphs.map(toMermaid).join('\n\n');
  else if (assets) {
    const title = graphs.length === 1 ? graphs[0].title : `Handoffs of ${graphs.length} productions`;
    text = standalonePage({ title, script: assets.script, css: assets.css, model: graphs.length === 1 ? graphs[0] : graphs, root: options.dir });
  } else text = graphs.map(toDot).join('\n\n');
  if (options.out === undefined) {
    options.write(text);
    return 0;
  }
  try {
    writeFileSync(options.out, `${text}\n`);
  } catch (error) {
    throw new UsageError(`cannot write '${options.out}': ${reasonOf(error)}`);
  }
  options.write(`wrote ${options.out} (${graphs.length} graph${graphs.length === 1 ? '' : 's'}, ${graphs.reduce((sum, graph) => sum + graph.nodes.length, 0)} nodes)`);
  return 0;
}

function parseDepth(value: string | undefined, focus: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (focus === undefined) throw new UsageError(`--depth needs --focus <handoff-id>: it counts the hops around the focused handoff`);
  if (!/^\d+$/.test(value)) throw new UsageError(`--depth '${value}' is not a whole number of hops; write e.g. --depth 2`);
  return Number(value);
}

function didYouMean(id: string, productions: readonly ProductionModel[]): string {
  const suggestion = closest(id, productions.flatMap((p) => p.handoffs.map((h) => h.id)));
  return suggestion ? `; did you mean '${suggestion}'?` : '';
}

/** Accepts `#rgb`, `#rrggbb`, `#rrggbbaa` and plain color names; anything else is not drawn. */
export function safeColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  if (/^#(?:[0-9a-f]{6}|[0-9a-f]{8})$/i.test(color)) return color.toLowerCase();
  if (/^[a-z]{3,20}$/i.test(color)) return color.toLowerCase();
  return undefined;
}

/** The lines a node shows: its label, and how many neighbours a focused graph leaves out. */
function nodeLines(node: GraphNode): string[] {
  const lines = [node.label];
  if (node.more) lines.push(`+${node.more.upstream} upstream, +${node.more.downstream} downstream`);
  return lines;
}

// ---- DOT ----------------------------------------------------------------

/** Text for inside a DOT double-quoted string: backslashes and quotes escaped, no raw line breaks or control characters. */
export function dotString(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '');
}

const DOT_SHAPES: Record<GraphNodeKind, string> = {
  handoff: 'box',
  step: 'box',
  template: 'note',
  runbook: 'folder',
  'checklist-item': 'box',
  metadata: 'ellipse',
  format: 'ellipse',
  'color-space': 'ellipse',
  'asset-type': 'ellipse',
  milestone: 'diamond',
};

export function toDot(graph: Graph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = [
    `digraph "${dotString(graph.production || graph.kind)}" {`,
    '  rankdir=LR;',
    `  label="${dotString(graph.title)}";`,
    '  labelloc=t;',
    '  node [shape=box, style="rounded,filled", fillcolor="#f0f0f0", fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of graph.nodes) {
    const attributes = [`label="${nodeLines(node).map(dotString).join('\\n')}"`];
    if (DOT_SHAPES[node.kind] !== 'box') attributes.push(`shape=${DOT_SHAPES[node.kind]}`);
    const color = safeColor(node.color);
    if (color) attributes.push(`fillcolor="${color}"`);
    if (node.critical) attributes.push('penwidth=2.5');
    if (node.more) attributes.push('peripheries=2');
    if (node.detail) attributes.push(`tooltip="${dotString(node.detail)}"`);
    lines.push(`  ${ids.get(node.id)} [${attributes.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const attributes = edgeAttributes(edge);
    lines.push(`  ${ids.get(edge.from)} -> ${ids.get(edge.to)}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n');
}

function edgeAttributes(edge: GraphEdge): string[] {
  const attributes: string[] = [];
  if (!isOrdering(edge)) attributes.push('style=dashed', `label="${edge.kind}"`);
  if (edge.inCycle) attributes.push('color=red', 'penwidth=2');
  return attributes;
}

function isOrdering(edge: GraphEdge): boolean {
  return edge.kind === 'depends_on' || edge.kind === 'after';
}

// ---- Mermaid --------------------------------------------------------------

/**
 * Text for inside a Mermaid `"..."` label: every character outside a small
 * safe set becomes an entity code (`#34;` for `"`), so quotes, brackets,
 * `<`, `>`, `#`, `%` and the like never reach Mermaid's parser or its HTML.
 */
export function mermaidString(text: string): string {
  let out = '';
  for (const char of text.replace(/\s+/g, ' ')) {
    out += /^[A-Za-z0-9 _.,:\/+-]$/.test(char) ? char : `#${char.codePointAt(0)};`;
  }
  return out;
}

const MERMAID_SHAPES: Record<GraphNodeKind, [string, string]> = {
  handoff: ['[', ']'],
  step: ['(', ')'],
  template: ['[/', '/]'],
  runbook: ['[[', ']]'],
  'checklist-item': ['[', ']'],
  metadata: ['([', '])'],
  format: ['([', '])'],
  'color-space': ['([', '])'],
  'asset-type': ['([', '])'],
  milestone: ['{{', '}}'],
};

export function toMermaid(graph: Graph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const [open, close] = MERMAID_SHAPES[node.kind];
    lines.push(`  ${ids.get(node.id)}${open}"${nodeLines(node).map(mermaidString).join('<br/>')}"${close}`);
  }
  const cycleLinks: number[] = [];
  graph.edges.forEach((edge, index) => {
    const arrow = isOrdering(edge) ? '-->' : `-.->|${edge.kind}|`;
    lines.push(`  ${ids.get(edge.from)} ${arrow} ${ids.get(edge.to)}`);
    if (edge.inCycle) cycleLinks.push(index);
  });
  for (const node of graph.nodes) {
    const styles: string[] = [];
    const color = safeColor(node.color);
    if (color) styles.push(`fill:${color}`);
    if (node.critical) styles.push('stroke-width:3px');
    if (node.more) styles.push('stroke-dasharray:4 2');
    if (styles.length > 0) lines.push(`  style ${ids.get(node.id)} ${styles.join(',')}`);
  }
  if (cycleLinks.length > 0) lines.push(`  linkStyle ${cycleLinks.join(',')} stroke:red,stroke-width:2px`);
  return lines.join('\n');
}
