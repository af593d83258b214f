// The fastest road from a spec file's text to its value and spans: one pass
// over its lines, for the way specs are nearly always written — block maps
// and lists indented with spaces, `- key: value` items, one-line flow lists
// and maps of scalars, plain and quoted one-line scalars, comments on their
// own lines (indented like the line they precede) or after a value. It
// answers exactly what parseSpecFile answers — the same value, spans and
// suppressions — or nothing; anything it is not sure of (multi-line
// scalars, block scalars, anchors, tags, escapes, nested flow collections,
// keys without values, comments after the last line …) is declined, and the
// caller reads the file from yaml's concrete syntax tree or parses it whole.
//
// Spans follow the composer's rules: a scalar's from its first to its last
// character (quotes included); a collection's from its first key or dash to
// the end of its last item, a comment after that item included.
import { Document, isScalar } from 'yaml';
import { findSuppressions, skipReason, type ParsedFile } from './file';
import { childKey, plainSegment } from './pathKey';
import { LineIndex } from '../text';
import type { FileKind, NodeSpans, Span } from '../types';

/** Thrown (one instance) when the text leaves the subset read here. */
export const OUTSIDE = new Error('outside the plain subset');

export function outside(): never {
  throw OUTSIDE;
}

/**
 * White space other than spaces and line feeds (tabs, carriage returns, the
 * Unicode spaces and separators JavaScript's `\s` matches, and NEL): where
 * yaml and the span trimming draw a value's end, the fast roads do not guess.
 */
const UNUSUAL_SPACE = /[\t\r\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** Whether a text may be read without parseSpecFile at all (the same test for every fast road). */
export function plainCandidate(text: string): boolean {
  return skipReason(text) === undefined && !UNUSUAL_SPACE.test(text) && !text.includes('__proto__');
}

// ---------------------------------------------------------------------------
// Scalars

/** How parseSpecFile's parser is set up: the core schema and the options its tags resolve with. */
const SETUP = new Document(null, { uniqueKeys: true });

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

const TAGS = SETUP.schema.tags as unknown as ScalarTag[];

/** The characters a plain scalar that is not a string can start with (null, booleans, numbers, .inf, .nan). */
const TYPED_START = /^[~nNtTfF0-9+\-.]/;

/**
 * A plain scalar's value as the composer makes it from its (one-line,
 * trimmed) source: typed by the first core tag that matches, else the string.
 */
export function plainScalarValue(source: string, atKey: boolean): unknown {
  if (!TYPED_START.test(source)) return source;
  const tag = TAGS.find((candidate) => (candidate.default === true || (atKey && candidate.default === 'key')) && candidate.test?.test(source));
  if (!tag) return source;
  // Some tags make a Scalar (to keep how a boolean was written); the composer takes it as the node.
  const made = tag.resolve(source, outside, SETUP.options);
  const value = isScalar(made) ? made.value : made;
  if (typeof value === 'object' && value !== null) outside();
  return value;
}

// ---------------------------------------------------------------------------
// Lines

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;

/** The escapes of double-quoted scalars read here (JSON's); any other is left to yaml. */
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', b: '\b', f: '\f', r: '\r' };

function unescape(inner: string): string {
  return inner.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.length === 5) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? outside();
  });
}

/** Characters a plain scalar or key may not start with (YAML's indicators, save `-`, handled apart). */
const INDICATOR_START = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** What a plain scalar inside a flow collection may not hold, to be read here (`-` alone is a list's item). */
const FLOW_PLAIN_STOP = /[[\]{}]|^-$|^- /;

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/** A place in the value: the key of its spans (pathKey of its path); the root's is ''. */
function below(place: string, segment: string | number): string {
  return childKey(place, segment);
}

interface Ended {
  /** Where the node ends, a comment after it on its line included (trailing spaces not). */
  end: number;
}

interface Item extends Ended {
  value: unknown;
}

export function scanSpecLines(uri: string, text: string, version: number, kind: FileKind): ParsedFile | undefined {
  return plainCandidate(text) ? scanPlainLines(uri, text, version, kind) : undefined;
}

/** scanSpecLines for a text that passed plainCandidate already. */
export function scanPlainLines(uri: string, text: string, version: number, kind: FileKind): ParsedFile | undefined {
  let value: unknown;
  const spans = new Map<string, NodeSpans>();
  try {
    value = new LineScanner(text, spans).document();
  } catch (error) {
    if (error === OUTSIDE || error instanceof RangeError) return undefined;
    throw error;
  }
  const lines = new LineIndex(text);
  return { uri, version, kind, text, lines, value, spans, syntaxFindings: [], suppressions: findSuppressions(text, lines) };
}

class LineScanner {
  /** Offset of each line's first character, and of its end (its line break, or the end of the text). */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Spaces before each line's first other character. */
  private readonly indents: number[] = [];
  private readonly types: number[] = [];
  /** The next line with content at or after each line (lineCount when none). */
  private readonly nextContent: number[];

  constructor(
    private readonly text: string,
    private readonly spans: Map<string, NodeSpans>,
  ) {
    let start = 0;
    for (;;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let at = start;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      this.starts.push(start);
      this.ends.push(end);
      this.indents.push(at - start);
      this.types.push(at === end ? BLANK : text.charCodeAt(at) === HASH ? COMMENT : CONTENT);
      if (end === text.length) break;
      start = end + 1;
    }
    const count = this.starts.length;
    this.nextContent = new Array<number>(count);
    let next = count;
    for (let line = count - 1; line >= 0; line--) {
      if (this.types[line] === CONTENT) next = line;
      // A comment line belongs with the line it precedes, indented like it; any other is left to yaml.
      else if (this.types[line] === COMMENT && (next === count || this.indents[next] !== this.indents[line])) outside();
      this.nextContent[line] = next;
    }
  }

  document(): unknown {
    const first = this.nextContent[0];
    if (first === this.starts.length || this.indents[first] !== 0 || this.isDash(first, 0)) outside();
    const { value, line } = this.map(first, 0, '', undefined);
    if (line !== this.starts.length) outside();
    return value;
  }

  private isDash(line: number, column: number): boolean {
    const at = this.starts[line] + column;
    return this.text.charCodeAt(at) === DASH && (at + 1 === this.ends[line] || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** Records a node's spans (the value's without trailing white space), as the walker does. */
  private record(place: string, key: Span | undefined, start: number, end: number): void {
    const value = { start, end };
    this.spans.set(place, key ? { key, value } : { value });
  }

  /** A collection's own span goes before its items' (the walker records it first): keep its place now. */
  private reserve(place: string): NodeSpans {
    const held: NodeSpans = { value: { start: 0, end: 0 } };
    this.spans.set(place, held);
    return held;
  }

  /**
   * A block map whose first key is at `column` of `line` (further right than
   * the line's indentation for `- key: value`); its other keys start lines
   * indented by `column`. Returns the line after it.
   */
  private map(line: number, column: number, place: string, key: Span | undefined): { value: Record<string, unknown>; line: number } & Ended {
    const held = this.reserve(place);
    const result: Record<string, unknown> = {};
    const names = new Set<unknown>();
    const start = this.starts[line] + column;
    let end = start;
    for (;;) {
      const pair = this.pair(line, column, place, result, names);
      end = pair.end;
      line = pair.line;
      if (line === this.starts.length) break;
      const indent = this.indents[line];
      if (indent < column) break;
      if (indent > column || this.isDash(line, column)) outside();
    }
    held.value = { start, end };
    if (key) held.key = key;
    return { value: result, line, end };
  }

  /** One `key: value` of a map, whose key starts at `column` of `line`; returns where it ends and the next line with content. */
  private pair(line: number, column: number, place: string, into: Record<string, unknown>, names: Set<unknown>): Ended & { line: number } {
    const text = this.text;
    const lineEnd = this.ends[line];
    const keyStart = this.starts[line] + column;
    let keyEnd: number;
    let keyValue: unknown;
    let colon: number;
    const first = text.charCodeAt(keyStart);
    if (first === SINGLE || first === DOUBLE) {
      const quoted = this.quoted(keyStart, lineEnd);
      keyEnd = quoted.end;
      keyValue = quoted.value;
      colon = keyEnd;
      if (text.charCodeAt(colon) !== COLON) outside();
    } else {
      if (INDICATOR_START.has(first) || (first === DASH && text.charCodeAt(keyStart + 1) === SPACE)) outside();
      colon = text.indexOf(':', keyStart);
      if (colon < 0 || colon >= lineEnd) outside();
      keyEnd = colon;
      while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
      const source = text.slice(keyStart, keyEnd);
      if (source.includes(' #')) outside();
      keyValue = plainScalarValue(source, true);
    }
    // `:` then a space or the end of the line, and a key yaml takes as one (at most 1024 characters).
    if ((colon + 1 < lineEnd && text.charCodeAt(colon + 1) !== SPACE) || colon - keyStart > 1000) outside();
    const name = String(keyValue);
    if (name === '' || !plainSegment(name) || names.has(keyValue)) outside();
    names.add(keyValue);
    const keySpan = { start: keyStart, end: keyEnd };
    const at = below(place, name);

    let valueStart = colon + 1;
    while (valueStart < lineEnd && text.charCodeAt(valueStart) === SPACE) valueStart++;
    if (valueStart === lineEnd || (text.charCodeAt(valueStart) === HASH && valueStart > colon + 1)) {
      // Nothing after the key on its line: a block map or list on the lines below.
      const next = this.nextContent[line + 1] ?? this.starts.length;
      if (next === this.starts.length) outside();
      const indent = this.indents[next];
      let child: { value: unknown; line: number } & Ended;
      if (indent > column) child = this.isDash(next, indent) ? this.seq(next, indent, at, keySpan) : this.map(next, indent, at, keySpan);
      else if (indent === column && this.isDash(next, indent)) child = this.seq(next, indent, at, keySpan);
      else return outside();
      into[name] = child.value;
      return child;
    }
    const item = this.inline(line, valueStart, at, keySpan);
    into[name] = item.value;
    return { end: item.end, line: this.afterInline(line, column) };
  }

  /** The next line with content after a one-line value of a collection at `column`; lines deeper would continue the value. */
  private afterInline(line: number, column: number): number {
    const next = this.nextContent[line + 1] ?? this.starts.length;
    if (next < this.starts.length && this.indents[next] > column) outside();
    return next;
  }

  /** A block list whose dashes are at `column`. */
  private seq(line: number, column: number, place: string, key: Span | undefined): { value: unknown[]; line: number } & Ended {
    const held = this.reserve(place);
    const result: unknown[] = [];
    const start = this.starts[line] + column;
    let end = start;
    const text = this.text;
    for (;;) {
      const lineEnd = this.ends[line];
      let itemStart = this.starts[line] + column + 1;
      while (itemStart < lineEnd && text.charCodeAt(itemStart) === SPACE) itemStart++;
      // `-` alone, `- # comment` or `- - x`: left to yaml.
      if (itemStart === lineEnd || text.charCodeAt(itemStart) === HASH || this.isDash(line, itemStart - this.starts[line])) outside();
      const at = below(place, result.length);
      let item: { value: unknown; line: number } & Ended;
      if (this.startsPair(itemStart, lineEnd)) {
        item = this.map(line, itemStart - this.starts[line], at, undefined);
      } else {
        const inline = this.inline(line, itemStart, at, undefined);
        item = { ...inline, line: this.afterInline(line, column) };
      }
      result.push(item.value);
      end = item.end;
      line = item.line;
      if (line === this.starts.length) break;
      const indent = this.indents[line];
      if (indent < column || (indent === column && !this.isDash(line, column))) break;
      if (indent > column) outside();
    }
    held.value = { start, end };
    if (key) held.key = key;
    return { value: result, line, end };
  }

  /** Whether the text at `start` is a `key: value` (or `key:`), not a scalar or flow collection. */
  private startsPair(start: number, lineEnd: number): boolean {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === OPEN_BRACKET || first === OPEN_BRACE) return false;
    let from = start;
    if (first === SINGLE || first === DOUBLE) from = this.quoted(start, lineEnd).end;
    for (let at = from; at < lineEnd; at++) {
      const c = text.charCodeAt(at);
      if (c === HASH && text.charCodeAt(at - 1) === SPACE) return false;
      if (c === COLON && (at + 1 === lineEnd || text.charCodeAt(at + 1) === SPACE)) return true;
    }
    return false;
  }

  /** A value on one line, from `start`: a flow list or map, a quoted or a plain scalar, then perhaps a comment. */
  private inline(line: number, start: number, place: string, key: Span | undefined): Item {
    const text = this.text;
    const lineEnd = this.ends[line];
    const first = text.charCodeAt(start);
    let value: unknown;
    let end: number;
    if (first === OPEN_BRACKET || first === OPEN_BRACE) {
      const flow = this.flow(start, lineEnd, place, key);
      value = flow.value;
      end = flow.end;
    } else if (first === SINGLE || first === DOUBLE) {
      const quoted = this.quoted(start, lineEnd);
      this.record(place, key, start, quoted.end);
      value = quoted.value;
      end = quoted.end;
    } else {
      if (INDICATOR_START.has(first) || (first === DASH && (start + 1 === lineEnd || text.charCodeAt(start + 1) === SPACE))) outside();
      // A plain scalar runs to a comment (` #`) or the end of the line.
      let stop = start;
      while (stop < lineEnd && !(text.charCodeAt(stop) === HASH && text.charCodeAt(stop - 1) === SPACE)) stop++;
      let last = stop;
      while (text.charCodeAt(last - 1) === SPACE) last--;
      const source = text.slice(start, last);
      if (source.includes(': ') || source.endsWith(':')) outside();
      value = plainScalarValue(source, false);
      this.record(place, key, start, last);
      end = last;
    }
    return { value, end: this.lineRest(end, lineEnd) };
  }

  /** After a value on its line: spaces, then perhaps a comment; returns where the value with its comment ends. */
  private lineRest(end: number, lineEnd: number): number {
    const text = this.text;
    let at = end;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    if (at === lineEnd) return end;
    if (text.charCodeAt(at) !== HASH || at === end) outside();
    let last = lineEnd;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    return last;
  }

  /** A quoted scalar on one line (no escapes in double quotes): its value and where it ends, after the closing quote. */
  private quoted(start: number, lineEnd: number): { value: string; end: number } {
    const text = this.text;
    const quote = text.charCodeAt(start);
    if (quote === DOUBLE) {
      let close = start + 1;
      let escaped = false;
      for (; close < lineEnd; close++) {
        const c = text.charCodeAt(close);
        if (c === DOUBLE) break;
        if (c === BACKSLASH) {
          escaped = true;
          close++;
        }
      }
      if (close >= lineEnd) outside();
      const inner = text.slice(start + 1, close);
      return { value: escaped ? unescape(inner) : inner, end: close + 1 };
    }
    let value = '';
    let from = start + 1;
    for (;;) {
      const close = text.indexOf("'", from);
      if (close < 0 || close >= lineEnd) outside();
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) !== SINGLE) return { value, end: close + 1 };
      value += "'";
      from = close + 2;
    }
  }

  /** A flow list or map, closed on its line, then perhaps a comment. */
  private flow(start: number, lineEnd: number, place: string, key: Span | undefined): Item {
    const { value, closed } = this.flowCollection(start, lineEnd, place, key);
    return { value, end: this.lineRest(closed, lineEnd) };
  }

  /** A flow list or map of scalars and flow collections, closed on its line: its value and the offset after its closing bracket. */
  private flowCollection(start: number, lineEnd: number, place: string, key: Span | undefined): { value: unknown; closed: number } {
    const text = this.text;
    const isMap = text.charCodeAt(start) === OPEN_BRACE;
    const closer = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const held = this.reserve(place);
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    const names = new Set<unknown>();
    let at = this.skipSpaces(start + 1, lineEnd);
    if (text.charCodeAt(at) !== closer) {
      for (;;) {
        let itemKey: Span | undefined;
        let itemPlace: string;
        let keyName = '';
        if (isMap) {
          const name = this.flowScalar(at, lineEnd, true);
          keyName = String(name.value);
          if (text.charCodeAt(name.next) !== COLON || text.charCodeAt(name.next + 1) !== SPACE) outside();
          if (keyName === '' || !plainSegment(keyName) || names.has(name.value)) outside();
          names.add(name.value);
          itemKey = { start: name.start, end: name.end };
          itemPlace = below(place, keyName);
          at = this.skipSpaces(name.next + 1, lineEnd);
        } else itemPlace = below(place, list.length);
        let value: unknown;
        const first = text.charCodeAt(at);
        if (first === OPEN_BRACKET || first === OPEN_BRACE) {
          const nested = this.flowCollection(at, lineEnd, itemPlace, itemKey);
          value = nested.value;
          at = this.skipSpaces(nested.closed, lineEnd);
        } else {
          const item = this.flowScalar(at, lineEnd, false);
          this.record(itemPlace, itemKey, item.start, item.end);
          value = item.value;
          at = item.next;
        }
        if (isMap) map[keyName] = value;
        else list.push(value);
        const c = text.charCodeAt(at);
        if (c === closer) break;
        if (c !== COMMA) outside();
        at = this.skipSpaces(at + 1, lineEnd);
        // A comma may end the items.
        if (text.charCodeAt(at) === closer) break;
      }
    }
    const closed = at + 1;
    held.value = { start, end: closed };
    if (key) held.key = key;
    return { value: isMap ? map : list, closed };
  }

  private skipSpaces(at: number, lineEnd: number): number {
    while (at < lineEnd && this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** A scalar inside a flow collection: its value, span, and the next character after it and its spaces. */
  private flowScalar(start: number, lineEnd: number, atKey: boolean): { value: unknown; start: number; end: number; next: number } {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (first === SINGLE || first === DOUBLE) {
      const quoted = this.quoted(start, lineEnd);
      return { value: quoted.value, start, end: quoted.end, next: this.skipSpaces(quoted.end, lineEnd) };
    }
    if (start >= lineEnd || INDICATOR_START.has(first)) outside();
    let at = start;
    while (at < lineEnd) {
      const c = text.charCodeAt(at);
      if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === COLON || (c === HASH && text.charCodeAt(at - 1) === SPACE)) break;
      at++;
    }
    let last = at;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    const source = text.slice(start, last);
    if (FLOW_PLAIN_STOP.test(source)) outside();
    return { value: plainScalarValue(source, atKey), start, end: last, next: at };
  }
}
