// What is at an offset of a spec file: the deepest YAML node (key or value),
// the reference or definition under the cursor, and — for completion — what
// may be typed there, even in half-written YAML. The structure above the
// cursor line comes from the parsed spans, or from the indentation of the
// lines above where the YAML does not parse; the cursor line itself is read
// as text (indentation, `- `, `key:`, flow brackets), which is what stays
// reliable while a line is being typed.
import type { FileModel } from '../fileModel';
import { pathKey, type ParsedFile } from '../parse';
import type { ProductionModel } from '../production';
import type { NodePath, NodeSpans, Reference, Span, SymbolDef } from '../types';
import type { Workspace } from '../workspace';

type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the offset is inside the span or touches its end (a cursor right after a word is on it). */
export function touches(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** One node on the way from the document root down to an offset. */
export interface ChainNode {
  path: (string | number)[];
  spans: NodeSpans;
  value: unknown;
  /** The offset is on this node's key (the descent stops there). */
  onKey: boolean;
}

/** The nodes from the root down to the deepest one that holds `offset`; empty when the root does not. */
export function nodeChain(file: ParsedFile, offset: number): ChainNode[] {
  const rootSpans = file.spans.get('');
  if (!rootSpans || file.value === undefined || !touches(rootSpans.value, offset)) return [];
  const chain: ChainNode[] = [{ path: [], spans: rootSpans, value: file.value, onKey: false }];
  let current = chain[0];
  for (;;) {
    const next = childAt(file, current, offset);
    if (!next) return chain;
    chain.push(next);
    if (next.onKey) return chain;
    current = next;
  }
}

function childAt(file: ParsedFile, node: ChainNode, offset: number): ChainNode | undefined {
  const { value, path } = node;
  if (isObj(value)) {
    let best: ChainNode | undefined;
    for (const key of Object.keys(value)) {
      const childPath = [...path, key];
      const spans = file.spans.get(pathKey(childPath));
      if (!spans) continue;
      const onKey = spans.key !== undefined && touches(spans.key, offset);
      if (!onKey && !touches(spans.value, offset)) continue;
      const candidate = { path: childPath, spans, value: value[key], onKey };
      // A cursor between two adjacent nodes (`a,b`) belongs to the one it is inside of, then the later one.
      const inside = onKey ? offset < spans.key!.end : offset < spans.value.end;
      if (inside) return candidate;
      best = candidate;
    }
    return best;
  }
  if (Array.isArray(value)) {
    const index = itemAt(file, path, value.length, offset);
    if (index === undefined) return undefined;
    const childPath = [...path, index];
    const spans = file.spans.get(pathKey(childPath))!;
    return { path: childPath, spans, value: value[index], onKey: false };
  }
  return undefined;
}

/** The item of a sequence whose span holds the offset: a binary search over items in document order. */
function itemAt(file: ParsedFile, path: (string | number)[], length: number, offset: number): number | undefined {
  const spanOfItem = (index: number) => file.spans.get(pathKey([...path, index]))?.value;
  let low = 0;
  let high = length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const span = spanOfItem(mid);
    if (!span) return linearItemAt(file, path, length, offset);
    if (span.start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (found < 0) return undefined;
  // Prefer the item the offset is strictly inside of when two touch (`[a,b]`).
  const span = spanOfItem(found)!;
  if (touches(span, offset)) return found;
  if (found > 0) {
    const previous = spanOfItem(found - 1);
    if (previous && touches(previous, offset)) return found - 1;
  }
  return undefined;
}

function linearItemAt(file: ParsedFile, path: (string | number)[], length: number, offset: number): number | undefined {
  let best: number | undefined;
  for (let index = 0; index < length; index++) {
    const span = file.spans.get(pathKey([...path, index]))?.value;
    if (span && touches(span, offset)) {
      if (offset < span.end) return index;
      best = index;
    }
  }
  return best;
}

/** The number of items of the sequence at `path` that start before `offset`. */
export function itemsBefore(file: ParsedFile, path: NodePath, offset: number): number {
  const value = valueAt(file, path);
  if (!Array.isArray(value)) return 0;
  const startOf = (index: number) => file.spans.get(pathKey([...path, index]))?.value.start;
  let low = 0;
  let high = value.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const start = startOf(mid);
    if (start === undefined) {
      // An empty item (`-` alone) has no span: count linearly.
      let count = 0;
      for (let index = 0; index < value.length; index++) {
        const s = startOf(index);
        if (s !== undefined && s >= offset) break;
        if (s !== undefined) count = index + 1;
      }
      return count;
    }
    if (start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The plain value at `path` (undefined when there is none). */
export function valueAt(file: ParsedFile, path: NodePath): unknown {
  let value = file.value;
  for (const segment of path) {
    if (typeof segment === 'number') value = Array.isArray(value) ? value[segment] : undefined;
    else value = isObj(value) ? value[segment] : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

export interface NodeAt {
  path: NodePath;
  /** Whether the offset is on the node's key or on its value. */
  part: 'key' | 'value';
  /** The key's span or the value's. */
  span: Span;
  value: unknown;
}

/** The deepest node at the offset (the root's value when nothing deeper holds it). */
export function nodeAt(file: ParsedFile, offset: number): NodeAt | undefined {
  const chain = nodeChain(file, offset);
  const last = chain[chain.length - 1];
  if (!last) return undefined;
  if (last.onKey && last.spans.key) return { path: last.path, part: 'key', span: last.spans.key, value: last.value };
  return { path: last.path, part: 'value', span: last.spans.value, value: last.value };
}

/** The narrowest of the items whose span holds the offset. */
function narrowestAt<T extends { span: Span }>(items: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!touches(item.span, offset)) continue;
    if (!best || item.span.end - item.span.start < best.span.end - best.span.start) best = item;
  }
  return best;
}

export function referenceAt(file: FileModel, offset: number): Reference | undefined {
  return narrowestAt(file.references, offset);
}

export function symbolAt(file: FileModel, offset: number): SymbolDef | undefined {
  return narrowestAt(file.symbols, offset);
}

export interface Located {
  file: FileModel;
  production?: ProductionModel;
  node?: NodeAt;
  reference?: Reference;
  symbol?: SymbolDef;
}

/** Everything the editor features need to know about an offset; undefined for a file the workspace does not hold. */
export function locate(workspace: Workspace, uri: string, offset: number): Located | undefined {
  const file = workspace.file(uri);
  if (!file) return undefined;
  return {
    file,
    production: workspace.productionOf(uri),
    node: nodeAt(file.parsed, offset),
    reference: referenceAt(file, offset),
    symbol: symbolAt(file, offset),
  };
}

/** A span without the quotes of a quoted scalar: what an id's text occupies. */
export function innerSpan(text: string, span: Span): Span {
  const first = text[span.start];
  if (span.end - span.start >= 2 && (first === '"' || first === "'") && text[span.end - 1] === first) {
    return { start: span.start + 1, end: span.end - 1 };
  }
  return span;
}

// ---------------------------------------------------------------------------
// Completion context

export interface CompletionContext {
  /**
   * - `key`: a key of the map at `path` goes here;
   * - `value`: the value at `path` (its last segment is the key or the item index);
   * - `key-or-value`: after `- ` with a bare word: a key of a new map item at `path`, or a scalar item;
   * - `list-item`: a new item of the list at `path`, with no `- ` typed yet.
   */
  position: 'key' | 'value' | 'key-or-value' | 'list-item';
  path: NodePath;
  /** What is typed of the key or value before the cursor. */
  prefix: string;
  /** The text a chosen item replaces: the word around the cursor. */
  replace: Span;
  /** Keys the map already holds (for `key`). */
  existingKeys: string[];
  /** Inside `{...}` or `[...]`: insert single-line text only. */
  flow: boolean;
  /** The cursor's line starts its node with `- `. */
  afterDash: boolean;
  /** For values: the raw scalar text typed before the cursor, quotes included, and where it starts. */
  valueBefore: string;
  valueStart: number;
  /** Column of the line's content (after indentation). */
  indent: number;
  /** The line starts a new block under a key whose value is still empty: a map or a list, whichever the schema wants. */
  newBlock: boolean;
}

const WORD_CHAR = /[A-Za-z0-9_.\-]/;
const BLOCK_KEY = /^("[^"]*"|'[^']*'|[A-Za-z0-9_][^\s:#,[\]{}]*)\s*:(?=\s|$)/;

/** What may be typed at the offset; undefined in comments, block scalars and places nothing is offered. */
export function completionContext(file: ParsedFile, offset: number): CompletionContext | undefined {
  const context = rawCompletionContext(file, offset);
  // Inside quotes an id replaces what is between them, not the opening quote.
  if (context && context.position !== 'key' && /^["']/.test(context.prefix) && context.replace.start === offset - context.prefix.length) {
    return { ...context, prefix: context.prefix.slice(1), replace: { start: context.replace.start + 1, end: context.replace.end } };
  }
  return context;
}

function rawCompletionContext(file: ParsedFile, offset: number): CompletionContext | undefined {
  const text = file.text;
  const lines = file.lines;
  const { line, character } = lines.positionAt(offset);
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const before = lineText.slice(0, character);
  const indentation = /^[ ]*/.exec(lineText)![0].length;

  // Inside a flow collection that began on an earlier line: read it from its bracket.
  const flowStart = enclosingFlow(file, offset, lineStart);
  if (flowStart) return scanFlowContext(file, flowStart.start, offset, flowStart.path, indentation, false);

  if (/^\s*$/.test(before) && !/^\s*$/.test(lineText.slice(character))) return undefined; // cursor in indentation
  const blank = /^\s*$/.test(before);
  // Indentation is spaces only (YAML): a tab or a no-break space before the dash makes no list item.
  const afterDash = !blank && /^[ ]*-(?:\s+|$)/.test(before);
  const column = blank ? character : indentation;
  // Where the YAML does not parse, the parser's guess at the structure can be far off; the indentation is not.
  const container =
    file.syntaxFindings.length > 0
      ? (textualContainer(file, line, column, afterDash) ?? blockContainer(file, line, column, afterDash))
      : (blockContainer(file, line, column, afterDash) ?? textualContainer(file, line, column, afterDash));
  if (!container) return undefined;

  let path: (string | number)[] = [...container.path];
  let rest = before.slice(indentation);
  let restStart = lineStart + indentation;
  if (afterDash) {
    const dash = /^-\s*/.exec(rest)![0];
    rest = rest.slice(dash.length);
    restStart += dash.length;
    path.push(container.index ?? (container.kind === 'seq' ? itemsBefore(file, container.path, lineStart) : 0));
  }
  const base = { flow: false, afterDash, indent: indentation, newBlock: container.kind === 'new' };

  const keyMatch = BLOCK_KEY.exec(rest);
  if (keyMatch) {
    const key = unquote(keyMatch[1]);
    let valueStart = restStart + keyMatch[0].length;
    while (valueStart < offset && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
    const valueBefore = text.slice(valueStart, offset);
    path = [...path, key];
    if (valueBefore.startsWith('{') || valueBefore.startsWith('[')) return scanFlowContext(file, valueStart, offset, path, indentation, afterDash);
    if (/^[|>]/.test(valueBefore) || /\s#/.test(` ${valueBefore}`)) return undefined;
    return { ...base, position: 'value', path, prefix: valueBefore, replace: replaceSpan(text, valueStart, offset), existingKeys: [], valueBefore, valueStart };
  }
  if (rest.startsWith('#')) return undefined;
  if (rest.startsWith('{') || rest.startsWith('[')) return scanFlowContext(file, restStart, offset, path, indentation, afterDash);

  const word = /^[A-Za-z0-9_.\-]*$/.test(rest);
  if (!word) {
    // A scalar item after `- ` (a done_when line, a quoted file pattern).
    if (!afterDash || /\s#/.test(` ${rest}`)) return undefined;
    return { ...base, position: 'value', path, prefix: rest, replace: replaceSpan(text, restStart, offset), existingKeys: [], valueBefore: rest, valueStart: restStart };
  }
  const replace = replaceSpan(text, restStart, offset);
  if (afterDash) {
    return { ...base, position: 'key-or-value', path, prefix: rest, replace, existingKeys: keysOf(file, path, line), valueBefore: rest, valueStart: restStart };
  }
  if (container.kind === 'seq') {
    return { ...base, position: 'list-item', path, prefix: rest, replace, existingKeys: [], valueBefore: rest, valueStart: restStart };
  }
  const existing = new Set([...keysOf(file, path, line), ...siblingKeys(file, line, column)]);
  return { ...base, position: 'key', path, prefix: rest, replace, existingKeys: [...existing], valueBefore: '', valueStart: offset };
}

function unquote(key: string): string {
  return (key.startsWith('"') || key.startsWith("'")) && key.length >= 2 ? key.slice(1, -1) : key;
}

/** From where the key or value being typed starts (`start`) to the end of the word after the cursor. */
function replaceSpan(text: string, start: number, offset: number): Span {
  let end = offset;
  while (end < text.length && WORD_CHAR.test(text[end])) end++;
  return { start, end };
}

/** Keys the parsed map at `path` holds, leaving out the one being typed on the cursor line. */
function keysOf(file: ParsedFile, path: NodePath, cursorLine: number): string[] {
  const value = valueAt(file, path);
  if (!isObj(value)) return [];
  const keys: string[] = [];
  for (const key of Object.keys(value)) {
    const spans = file.spans.get(pathKey([...path, key]));
    if (spans?.key && file.lines.positionAt(spans.key.start).line === cursorLine) continue;
    keys.push(key);
  }
  return keys;
}

const SIBLING_SCAN_LIMIT = 400;

/**
 * Keys written at `column` in the same block map, read from the text: the
 * parser may have merged or dropped them while the cursor line is broken.
 */
function siblingKeys(file: ParsedFile, cursorLine: number, column: number): string[] {
  const keys: string[] = [];
  const lines = file.lines;
  const pattern = /^( *)(-\s+)?([A-Za-z0-9_][^\s:#]*)\s*:(?:\s|$)/;
  /** Reads one line: records its key when it sits at `column`; false once the map has ended. */
  const read = (line: number): boolean => {
    const content = lines.lineText(line);
    if (/^\s*(#|$)/.test(content)) return true;
    const match = pattern.exec(content);
    if (match && match[1].length + (match[2]?.length ?? 0) === column) keys.push(match[3]);
    return /^ */.exec(content)![0].length >= column;
  };
  // Up to the line that opens the map (an item's `- key:` line or a less indented one), down to where it ends.
  for (let line = cursorLine - 1, n = 0; line >= 0 && n < SIBLING_SCAN_LIMIT; line--, n++) if (!read(line)) break;
  for (let line = cursorLine + 1, n = 0; line < lines.lineCount && n < SIBLING_SCAN_LIMIT; line++, n++) {
    const content = lines.lineText(line);
    if (!/^\s*(#|$)/.test(content) && /^ */.exec(content)![0].length < column) break;
    read(line);
  }
  return keys;
}

interface Container {
  path: NodePath;
  /** A block map or sequence that exists, or a new block under a key whose value is empty. */
  kind: 'map' | 'seq' | 'new';
  /** For a `- ` line: its index in the sequence, when counted from the text. */
  index?: number;
}

/**
 * The block collection a line belongs to, from the structure of the previous
 * content line: the deepest block map (or, for `- ` lines, sequence) whose
 * entries start at `column`; else a key above with an empty value, which the
 * line starts a block under.
 */
function blockContainer(file: ParsedFile, cursorLine: number, column: number, dash: boolean): Container | undefined {
  const lines = file.lines;
  const text = file.text;
  const cursorLineStart = lines.lineStart(cursorLine);
  let previous: number | undefined;
  for (let line = cursorLine - 1; line >= 0; line--) {
    const content = lines.lineText(line);
    if (/^\s*(#|$)/.test(content)) continue;
    if (/^\s*---\s*$/.test(content)) break;
    // Past any `- `, so that the chain reaches into the item the line starts.
    const lead = /^\s*(?:-\s+)*/.exec(content)![0].length;
    previous = lines.lineStart(line) + (lead < content.trimEnd().length ? lead : /^\s*/.exec(content)![0].length);
    break;
  }
  if (previous === undefined) {
    if (column !== 0) return undefined;
    return { path: [], kind: Array.isArray(file.value) ? 'seq' : 'map' };
  }
  const chain = nodeChain(file, previous);
  const columnOf = (offset: number) => lines.positionAt(offset).character;
  const isBlock = (node: ChainNode) => text[node.spans.value.start] !== '{' && text[node.spans.value.start] !== '[';
  const wanted: ('map' | 'seq')[] = dash ? ['seq'] : ['map', 'seq'];
  for (const kind of wanted) {
    for (let k = chain.length - 1; k >= 0; k--) {
      const node = chain[k];
      const matchesKind = kind === 'map' ? isObj(node.value) : Array.isArray(node.value);
      if (!matchesKind || !isBlock(node)) continue;
      if (node.spans.value.start >= cursorLineStart) continue;
      if (columnOf(node.spans.value.start) === column) return { path: node.path, kind };
    }
  }
  // The first line of a new block under a key whose value is empty (or is what this line holds).
  for (let k = chain.length - 1; k >= 1; k--) {
    const node = chain[k];
    const key = node.spans.key;
    if (!key || key.start >= cursorLineStart || columnOf(key.start) >= column) continue;
    const value = node.spans.value;
    if (node.value === null || value.start >= cursorLineStart || value.end <= key.end) {
      if (dash && Array.isArray(node.value)) return { path: node.path, kind: 'seq' };
      return { path: node.path, kind: 'new' };
    }
    return undefined;
  }
  if (column === 0 && !dash) return { path: [], kind: 'map' };
  return undefined;
}

// --- Reading the structure from indentation alone, for when the parser lost it.

interface LineShape {
  indent: number;
  /** Column of the `- ` that starts the line, if any. */
  dash?: number;
  /** Column where the content after the dashes starts. */
  content: number;
  key?: string;
  keyColumn?: number;
  /** Whether the key's value is empty on this line (a block follows). */
  opensBlock: boolean;
}

const LINE_SHAPE = /^( *)((?:- +)*)(?:("[^"]*"|'[^']*'|[A-Za-z0-9_][^\s:#,[\]{}]*)\s*:(?:\s+(#.*)?|$)(.*))?/;

/** The block structure one line shows; undefined for blank and comment lines, and for lines that show none (tabs, stray text). */
function shapeOf(content: string): LineShape | undefined {
  if (/^\s*(#|$)/.test(content) || /^ *\t/.test(content)) return undefined;
  const match = LINE_SHAPE.exec(content)!;
  const indent = match[1].length;
  const dashes = match[2];
  const shape: LineShape = { indent, content: indent + dashes.length, opensBlock: false };
  if (dashes) shape.dash = indent + dashes.lastIndexOf('-');
  if (match[3] !== undefined) {
    shape.key = unquote(match[3]);
    shape.keyColumn = shape.content;
    shape.opensBlock = (match[5] ?? '').trim() === '';
  }
  if (shape.dash === undefined && shape.key === undefined) return undefined;
  return shape;
}

/** How far a text-only walk goes up before giving up. */
const TEXT_WALK_LIMIT = 20_000;

/**
 * The container of a line from indentation alone: the keys of the lines
 * above that hold it, and the positions of `- ` items counted from the text.
 */
function textualContainer(file: ParsedFile, cursorLine: number, column: number, dash: boolean): Container | undefined {
  const lines = file.lines;
  const shapes = new Map<number, LineShape | undefined>();
  const shape = (line: number) => {
    if (!shapes.has(line)) shapes.set(line, shapeOf(lines.lineText(line)));
    return shapes.get(line);
  };
  const floor = Math.max(0, cursorLine - TEXT_WALK_LIMIT);

  /** Path of the map whose keys sit at `col`, holding the line `from`. */
  const mapAt = (from: number, col: number): (string | number)[] | undefined => {
    for (let line = from - 1; line >= floor; line--) {
      const s = shape(line);
      if (!s) continue;
      if (s.dash !== undefined && s.content === col) return itemAt(line, s);
      if (s.indent >= col) continue;
      if (s.key !== undefined && s.keyColumn! < col && s.opensBlock) {
        const holder = s.dash !== undefined ? itemAt(line, s) : mapAt(line, s.keyColumn!);
        return holder && [...holder, s.key];
      }
      // A less indented `key: value` cannot hold this line: a mistyped line; look further up.
    }
    return col === 0 ? [] : undefined;
  };

  /** Path of the item a `- ` line starts. */
  const itemAt = (line: number, s: LineShape): (string | number)[] | undefined => {
    const seq = seqAt(line, s.dash!);
    return seq && [...seq.path, seq.index];
  };

  /** Path of the sequence whose dashes sit at `col`, and the index of the item on line `from`. */
  const seqAt = (from: number, col: number): { path: (string | number)[]; index: number } | undefined => {
    let index = 0;
    for (let line = from - 1; line >= floor; line--) {
      const s = shape(line);
      if (!s) continue;
      if (s.indent > col) continue;
      if (s.indent === col && s.dash !== undefined) {
        index++;
        continue;
      }
      if (s.key === undefined || !s.opensBlock || s.keyColumn! > col) return undefined;
      // `key:` with the list below it (or at its own column), either on its own line or after an item's `- `.
      const holder = s.dash !== undefined ? itemAt(line, s) : mapAt(line, s.keyColumn!);
      return holder && { path: [...holder, s.key], index };
    }
    return undefined;
  };

  if (dash) {
    const seq = seqAt(cursorLine, column);
    return seq && { path: seq.path, kind: 'seq', index: seq.index };
  }
  const path = mapAt(cursorLine, column);
  return path && { path, kind: 'map' };
}

/** The outermost flow collection holding the offset that began on an earlier line than the cursor's. */
function enclosingFlow(file: ParsedFile, offset: number, lineStart: number): { start: number; path: NodePath } | undefined {
  const chain = nodeChain(file, offset);
  for (const node of chain) {
    const span = node.spans.value;
    const open = file.text[span.start];
    if ((open !== '{' && open !== '[') || node.onKey) continue;
    if (!(isObj(node.value) || Array.isArray(node.value))) continue;
    if (span.start >= lineStart || offset <= span.start) return undefined;
    const close = open === '{' ? '}' : ']';
    if (offset >= span.end && file.text[span.end - 1] === close) return undefined;
    return { start: span.start, path: node.path };
  }
  return undefined;
}

interface FlowFrame {
  kind: 'map' | 'seq';
  path: (string | number)[];
  keys: string[];
  pendingKey?: string;
  items: number;
}

/**
 * Reads flow YAML (`{ a: b, c: [d, e` ...) from its first bracket up to the
 * cursor, tracking which map key or list index the cursor is in.
 */
function scanFlowContext(
  file: ParsedFile,
  from: number,
  offset: number,
  startPath: NodePath,
  indent: number,
  afterDash: boolean,
): CompletionContext | undefined {
  const text = file.text;
  const stack: FlowFrame[] = [];
  /** The scalar token last read in the current slot, and whether it is still open at the cursor. */
  let token: { start: number; text: string; open: boolean } | undefined;
  const slotPath = (frame: FlowFrame): (string | number)[] =>
    frame.kind === 'map' ? [...frame.path, frame.pendingKey ?? ''] : [...frame.path, frame.items];
  let i = from;
  while (i < offset) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#' && (i === from || /\s/.test(text[i - 1]))) {
      const end = text.indexOf('\n', i);
      if (end < 0 || end >= offset) return undefined;
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ kind: c === '{' ? 'map' : 'seq', path: top ? slotPath(top) : [...startPath], keys: [], items: 0 });
      token = undefined;
      i++;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return undefined;
      token = undefined;
      i++;
      continue;
    }
    if (!top) return undefined;
    if (c === ',') {
      if (top.kind === 'map') {
        if (top.pendingKey === undefined && token) top.keys.push(token.text);
        top.pendingKey = undefined;
      } else {
        top.items++;
      }
      token = undefined;
      i++;
      continue;
    }
    if (c === ':' && top.kind === 'map' && top.pendingKey === undefined && token && (i + 1 >= text.length || /[\s,[\]{}]/.test(text[i + 1]))) {
      top.pendingKey = token.text;
      top.keys.push(token.text);
      token = undefined;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let closed = false;
      while (j < offset) {
        if (c === '"' && text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") {
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        j++;
      }
      if (!closed) {
        token = { start: i, text: text.slice(i, offset), open: true };
        i = offset;
        break;
      }
      token = { start: i, text: text.slice(i + 1, j), open: false };
      i = j + 1;
      continue;
    }
    let j = i;
    while (
      j < offset &&
      !',[]{}\n'.includes(text[j]) &&
      !(text[j] === ':' && (j + 1 >= text.length || /[\s,[\]{}]/.test(text[j + 1]))) &&
      !(text[j] === '#' && /\s/.test(text[j - 1]))
    ) {
      j++;
    }
    // A `: ` the branches above did not take (in a list, after a map's key) is plain text here; without this the scan stops moving.
    if (j === i) j++;
    token = { start: i, text: text.slice(i, j).trimEnd(), open: j >= offset };
    if (j >= offset) token.text = text.slice(i, offset);
    i = j;
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const openToken = token?.open ? token : undefined;
  const prefix = openToken ? openToken.text : '';
  const start = openToken ? openToken.start : offset;
  const replace = replaceSpan(text, start, offset);
  const base = { flow: true, afterDash, indent, prefix, replace, newBlock: false };
  if (top.kind === 'map') {
    if (top.pendingKey !== undefined) {
      return { ...base, position: 'value', path: [...top.path, top.pendingKey], existingKeys: [], valueBefore: prefix, valueStart: start };
    }
    const existing = new Set([...top.keys, ...keysOf(file, top.path, -1).filter((key) => key !== prefix)]);
    return { ...base, position: 'key', path: top.path, existingKeys: [...existing], valueBefore: '', valueStart: offset };
  }
  return { ...base, position: 'value', path: [...top.path, top.items], existingKeys: [], valueBefore: prefix, valueStart: start };
}
