// Reading a spec file straight from yaml's concrete syntax tree — the lexer's
// and parser's tokens — without composing a Document: a quarter less work
// than parseDocument, for the plain YAML spec files are written in (block
// maps and lists, one-line flow maps and lists, plain and quoted scalars,
// comments). It answers exactly what parseSpecFile answers — the same value,
// spans and suppressions — or nothing, and then the caller parses the file
// with parseSpecFile: anything else (anchors, aliases, tags, directives,
// block scalars, tabs, carriage returns, keys without values, every syntax
// error) takes that road, where yaml reports what it must.
//
// Where it answers, the value and the span of every node follow yaml's own
// rules (the composer's), step by step: scalars through yaml's CST scalar
// resolution and the core schema's tags; collection ranges from their first
// token to the end of their last item, trailing comments included.
import { CST, Parser } from 'yaml';
import { findSuppressions, type ParsedFile } from './file';
import { outside, plainCandidate, plainScalarValue, scanPlainLines } from './lineScan';
import { childKey, plainSegment } from './pathKey';
import { LineIndex } from '../text';
import type { FileKind, NodeSpans, Span } from '../types';

type Range = readonly [number, number, number];

interface Composed {
  value: unknown;
  /** Where the node ends with what follows it on its lines (comments, line breaks): range[2] in yaml. */
  end: number;
}

const TRIVIA = new Set(['space', 'newline', 'comment']);

/** Where a node is, as the key of its spans (pathKey of its path), made as the reader goes down. */
interface Place {
  key: string;
  root: boolean;
}

const ROOT: Place = { key: '', root: true };

function below(place: Place, segment: string | number): Place {
  return { key: childKey(place.key, segment, place.root), root: false };
}

export function quickParseSpecFile(uri: string, text: string, version: number, kind: FileKind): ParsedFile | undefined {
  if (!plainCandidate(text)) return undefined;
  // Most specs: one pass over their lines; the rest of plain YAML: its CST.
  return scanPlainLines(uri, text, version, kind) ?? readCstSpecFile(uri, text, version, kind);
}

/**
 * The CST road alone, for a text that passed plainCandidate (the bench times
 * each road on its own): undefined when the text is outside what it reads.
 */
export function readCstSpecFile(uri: string, text: string, version: number, kind: FileKind): ParsedFile | undefined {
  const spans = new Map<string, NodeSpans>();
  let value: unknown;
  try {
    let document: CST.Document | undefined;
    for (const token of new Parser().parse(text)) {
      if (token.type === 'document' && !document) document = token;
      else if (!TRIVIA.has(token.type)) outside();
    }
    if (!document?.value) outside();
    for (const token of [...document.start, ...(document.end ?? [])]) if (!TRIVIA.has(token.type)) outside();
    value = new Reader(text, spans).node(document.value, ROOT, undefined).value;
  } catch {
    // Outside the subset, or deeper than the stack: parseSpecFile reads it (and reports what it must).
    return undefined;
  }
  const lines = new LineIndex(text);
  return { uri, version, kind, text, lines, value, spans, syntaxFindings: [], suppressions: findSuppressions(text, lines) };
}

class Reader {
  constructor(
    private readonly text: string,
    private readonly spans: Map<string, NodeSpans>,
  ) {}

  node(token: CST.Token, place: Place, key: Span | undefined): Composed {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar': {
        const { value, range } = this.scalar(token, false);
        this.record(place.key, key, range[0], range[1]);
        return { value, end: range[2] };
      }
      case 'block-map':
        return this.blockMap(token, place, key);
      case 'block-seq':
        return this.blockSeq(token, place, key);
      case 'flow-collection':
        return this.flow(token, place, key);
      default:
        return outside();
    }
  }

  /** A scalar's value as the composer makes it: the CST's string, typed by the first core tag that matches a plain scalar. */
  private scalar(token: CST.FlowScalar, atKey: boolean): { value: unknown; range: Range } {
    if (token.type === 'alias' || (token.type === 'scalar' && token.source === '')) outside();
    const resolved = CST.resolveAsScalar(token, true, outside);
    const value = token.type === 'scalar' ? plainScalarValue(resolved.value, atKey) : resolved.value;
    return { value, range: resolved.range };
  }

  /** Like the walker's record: the value's span without trailing white space, the key's as it is. */
  private record(at: string, key: Span | undefined, start: number, end: number): void {
    let trimmed = end;
    while (trimmed > start && /\s/.test(this.text[trimmed - 1])) trimmed--;
    const value = { start, end: trimmed };
    this.spans.set(at, key ? { key, value } : { value });
  }

  /**
   * A collection's own span goes before its items' (the walker records it
   * first): keep its place now, and fill it in once its end is known.
   */
  private reserve(place: Place): { at: string; held: NodeSpans } {
    const at = place.key;
    const held = { value: { start: 0, end: 0 } };
    this.spans.set(at, held);
    return { at, held };
  }

  /** Fills a kept place, unless an item's span took it since (an empty key's path is its map's: the walker's later record wins). */
  private fill({ at, held }: { at: string; held: NodeSpans }, key: Span | undefined, start: number, end: number): void {
    if (this.spans.get(at) === held) this.record(at, key, start, end);
  }

  /** A key of a map: a one-line scalar; its name as the walker writes it. */
  private key(token: CST.Token | null | undefined): { name: string; value: unknown; span: Span; start: number } {
    if (!token || (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar')) return outside();
    if (token.source.includes('\n') || token.end?.some((end) => end.type === 'newline')) outside();
    const { value, range } = this.scalar(token, true);
    const name = String(value);
    if (!plainSegment(name)) outside();
    return { name, value, span: { start: range[0], end: range[1] }, start: token.offset };
  }

  private blockMap(map: CST.BlockMap, place: Place, key: Span | undefined): Composed {
    const at = this.reserve(place);
    const result: Record<string, unknown> = {};
    const keys = new Set<unknown>();
    let offset = map.offset;
    let commentEnd: number | undefined;
    for (const item of map.items) {
      const startEnd = trivia(item.start, true, offset);
      if (!item.key && !item.sep && !item.value && !item.explicitKey) {
        // Comment lines after the last pair.
        commentEnd = startEnd;
        continue;
      }
      if (commentEnd !== undefined || item.explicitKey || !item.sep || !item.value) outside();
      const keyToken = item.key;
      if (keyToken && 'indent' in keyToken && keyToken.indent !== map.indent) outside();
      const name = this.key(keyToken);
      const indicator = separator(item.sep);
      if (indicator.offset - name.start > 1000) outside();
      if (item.value.type === 'block-map' && !item.sep.some((token) => token.type === 'newline')) outside();
      // Map keys must be unique (yaml compares the values of scalar keys with ===).
      if (keys.has(name.value)) outside();
      keys.add(name.value);
      const child = this.node(item.value, below(place, name.name), name.span);
      result[name.name] = child.value;
      offset = child.end;
    }
    this.fill(at, key, map.offset, offset);
    return { value: result, end: commentEnd ?? offset };
  }

  private blockSeq(seq: CST.BlockSequence, place: Place, key: Span | undefined): Composed {
    const at = this.reserve(place);
    const result: unknown[] = [];
    let offset = seq.offset;
    let commentEnd: number | undefined;
    for (const item of seq.items) {
      const dashes = item.start.filter((token) => token.type === 'seq-item-ind').length;
      if (dashes === 0 && !item.value) {
        commentEnd = trivia(item.start, true, offset);
        continue;
      }
      if (commentEnd !== undefined || dashes !== 1 || !item.value) outside();
      let hasSpace = true;
      for (const token of item.start) {
        if (token.type === 'seq-item-ind') hasSpace = false;
        else if (token.type === 'space' || token.type === 'newline') hasSpace = true;
        else if (token.type !== 'comment' || !hasSpace) outside();
      }
      const child = this.node(item.value, below(place, result.length), undefined);
      result.push(child.value);
      offset = child.end;
    }
    this.fill(at, key, seq.offset, offset);
    return { value: result, end: commentEnd ?? offset };
  }

  /** A flow map or list on one line, of scalars and flow collections. */
  private flow(flow: CST.FlowCollection, place: Place, key: Span | undefined): Composed {
    const isMap = flow.start.source === '{';
    const at = this.reserve(place);
    const map: Record<string, unknown> = {};
    const list: unknown[] = [];
    const keys = new Set<unknown>();
    flow.items.forEach((item, index) => {
      // `start`: spaces, and the comma before every item but the first.
      let commas = 0;
      for (const token of item.start) {
        if (token.type === 'comma') commas++;
        else if (token.type !== 'space') outside();
      }
      if (commas !== (index === 0 ? 0 : 1) || !item.value || !(isFlowScalar(item.value) || item.value.type === 'flow-collection')) outside();
      if (!isMap) {
        if (item.key || item.sep) outside();
        const child = this.node(item.value, below(place, list.length), undefined);
        list.push(child.value);
        return;
      }
      if (!item.sep) return outside();
      const name = this.key(item.key);
      const indicator = separator(item.sep);
      if (item.sep.some((token) => token.type !== 'space' && token !== indicator)) outside();
      if (keys.has(name.value)) outside();
      keys.add(name.value);
      map[name.name] = this.node(item.value, below(place, name.name), name.span).value;
    });
    const [close, ...after] = flow.end;
    if (close?.source !== (isMap ? '}' : ']')) outside();
    const closed = close.offset + close.source.length;
    this.fill(at, key, flow.offset, closed);
    return { value: isMap ? map : list, end: trivia(after, false, closed, true) };
  }
}

function isFlowScalar(token: CST.Token): token is CST.FlowScalar {
  return (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') && !token.source.includes('\n');
}

/**
 * Checks that tokens are white space, line breaks and comments (a comment
 * after white space, as yaml requires) and returns where they end.
 * @param atLineStart the tokens begin a line (white space before the first is given)
 * @param spaceFirst a comment needs a space before it even as the first token (yaml's strict end of a node)
 */
function trivia(tokens: readonly CST.SourceToken[], atLineStart: boolean, offset: number, spaceFirst = false): number {
  let hasSpace = atLineStart || !spaceFirst;
  let end = offset;
  for (const token of tokens) {
    if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type === 'comment') {
      if (!hasSpace) outside();
    } else outside();
    end = token.offset + token.source.length;
  }
  return end;
}

/** The `:` of a block or flow map's pair, with only white space, line breaks and comments (after white space) around it. */
function separator(tokens: readonly CST.SourceToken[]): CST.SourceToken {
  let indicator: CST.SourceToken | undefined;
  let hasSpace = false;
  for (const token of tokens) {
    if (token.type === 'map-value-ind') {
      if (indicator) outside();
      indicator = token;
      hasSpace = false;
    } else if (token.type === 'space' || token.type === 'newline') hasSpace = true;
    else if (token.type !== 'comment' || !hasSpace || !indicator) outside();
  }
  return indicator ?? outside();
}
