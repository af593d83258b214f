// One spec file's text → plain JS value plus the span of every node, so that
// schema errors and rule findings can point at the exact key or value.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { LineIndex } from './text';
import type { FileKind, Finding, NodePath, NodeSpans, Span } from './types';

export interface Suppression {
  /** Line of the comment (0-based). */
  line: number;
  /** Line whose findings it silences (0-based): the next line with content. */
  targetLine: number;
  rules: string[];
  reason: string;
  span: Span;
}

export interface ParsedFile {
  uri: string;
  version: number;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  /** Plain JS value of the document; undefined for an empty file. */
  value: unknown;
  /** Spans by `pathKey(path)`. */
  spans: Map<string, NodeSpans>;
  /** yaml-syntax findings; when there are any, `value` holds what could be read. */
  syntaxFindings: Finding[];
  suppressions: Suppression[];
}

const KIND_PATTERN = /\.(production|glossary|template|handoff|runbook|risks)\.ya?ml$/i;

/** The kind of spec a file holds, from its name; undefined for any other file. */
export function fileKindOf(uri: string): FileKind | undefined {
  const match = KIND_PATTERN.exec(uri);
  return match ? (match[1].toLowerCase() as FileKind) : undefined;
}

const SEP = '\u001f';

export function pathKey(path: NodePath): string {
  return path.join(SEP);
}

/**
 * Span of the node at `path`: its key when `part` is 'key' and it has one,
 * else its value; falls back to the nearest ancestor that exists.
 */
export function spanOf(file: ParsedFile, path: NodePath, part: 'key' | 'value' = 'value'): Span {
  for (let n = path.length; n >= 0; n--) {
    const spans = file.spans.get(pathKey(path.slice(0, n)));
    if (!spans) continue;
    if (n < path.length) return spans.key ?? spans.value;
    return part === 'key' && spans.key ? spans.key : spans.value;
  }
  return firstContentSpan(file.text);
}

/** The first line with content: where a finding about a whole file points. */
export function firstContentSpan(text: string): Span {
  const match = /\S[^\r\n]*/.exec(text);
  return match ? { start: match.index, end: match.index + match[0].length } : { start: 0, end: 0 };
}

/**
 * Past this size a file is not parsed. The YAML parser needs about a second
 * and 100 MB of memory per MB of spec; at 5 MB (some 10,000 handoffs, far
 * beyond any real file) one file costs under 5 s and 600 MB, and a larger one
 * would hold up every other file of the workspace.
 */
export const MAX_SPEC_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Why a file is not parsed at all, and where to say so: it is too large, or
 * it holds binary data (a NUL, which YAML never allows in its text).
 */
export function skipReason(text: string): { message: string; span: Span } | undefined {
  // A UTF-16 unit takes at most 3 bytes of UTF-8: most files need no count.
  const bytes = text.length * 3 <= MAX_SPEC_FILE_BYTES ? 0 : utf8Length(text);
  if (bytes > MAX_SPEC_FILE_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
    return {
      message: `This file is ${mb(bytes)}; spec files over ${mb(MAX_SPEC_FILE_BYTES)} are not analysed. Split it into several smaller files.`,
      span: firstContentSpan(text.slice(0, 200)),
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    return {
      message: 'This file holds binary data (a NUL character), not YAML text; it is not analysed. Is it really a spec file?',
      span: { start: nul, end: nul + 1 },
    };
  }
  return undefined;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Past this many nodes (aliases expanded) a file is an alias bomb, not a spec. */
function nodeBudget(text: string): number {
  return 50_000 + text.length;
}

export function parseSpecFile(uri: string, text: string, version: number, kind: FileKind): ParsedFile {
  const lines = new LineIndex(text);
  const spans = new Map<string, NodeSpans>();
  const syntaxFindings: Finding[] = [];
  const skipped = skipReason(text);
  if (skipped !== undefined) {
    spans.set('', { value: firstContentSpan(text.slice(0, 200)) });
    syntaxFindings.push({ rule: 'yaml-syntax', uri, span: skipped.span, message: skipped.message });
    return { uri, version, kind, text, lines, value: undefined, spans, syntaxFindings, suppressions: [] };
  }
  // YAML counts a lone CR as a line break, as LineIndex and editors do, but the
  // parser does not; the same length keeps every offset.
  // Duplicate keys are found below, in one pass: yaml's own check compares each key with every
  // earlier one, and a map of 300,000 keys took minutes.
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false });
  const errors = [...doc.errors.map((error) => ({ code: error.code as string, message: error.message, pos: error.pos })), ...duplicateKeys(doc)];
  if (errors.length > doc.errors.length) errors.sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of errors) {
    const start = Math.max(0, Math.min(error.pos[0], text.length));
    const end = Math.max(start, Math.min(error.pos[1], text.length));
    syntaxFindings.push({ rule: 'yaml-syntax', uri, span: widenEmpty({ start, end }, text), message: describeYamlError(error.code, error.message) });
  }
  let value: unknown;
  const walker = new Walker(doc, spans, nodeBudget(text), text);
  try {
    value = doc.contents ? walker.walk(doc.contents as Node, []) : undefined;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    value = undefined;
    spans.clear();
    syntaxFindings.push({
      rule: 'yaml-syntax',
      uri,
      span: walker.aliasSpan ?? firstContentSpan(text),
      message: 'Aliases expand this document past a safe size (an "alias bomb"); write the values out or use fewer nested aliases.',
    });
  }
  if (!spans.has('') ) spans.set('', { value: firstContentSpan(text) });
  return { uri, version, kind, text, lines, value, spans, syntaxFindings, suppressions: findSuppressions(text, lines) };
}

/**
 * The keys that repeat an earlier key of their map, as yaml reports them with
 * `uniqueKeys` (scalar keys with the same value; other keys are never equal),
 * at the same place: the start of the repeated key.
 */
function duplicateKeys(doc: Document): { code: string; message: string; pos: [number, number] }[] {
  const found: { code: string; message: string; pos: [number, number] }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        // NaN is not equal to itself, for yaml as for ===.
        if (Number.isNaN(value)) continue;
        if (seen.has(value)) {
          const start = pair.key.range?.[0] ?? 0;
          found.push({ code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [start, start + 1] });
        } else seen.add(value);
      }
    },
  });
  return found;
}

function widenEmpty(span: Span, text: string): Span {
  if (span.end > span.start) return span;
  if (span.start < text.length && text[span.start] !== '\n' && text[span.start] !== '\r') return { start: span.start, end: span.start + 1 };
  return span;
}

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'TAB_AS_INDENT':
      return `${firstLine}. YAML indentation must use spaces: replace the tab with spaces.`;
    case 'DUPLICATE_KEY':
      return `${firstLine}: remove or rename one of the keys.`;
    case 'RESOURCE_EXHAUSTION':
      if (/call stack/.test(firstLine)) return 'The YAML nests too deeply to be read (hundreds of levels); a spec needs only a few: flatten it.';
      return firstLine;
    case 'MULTIPLE_DOCS':
      return `${firstLine}: a spec file holds one document; split it into separate files.`;
    default:
      return firstLine;
  }
}

class BudgetExceeded extends Error {}

class Walker {
  aliasSpan: Span | undefined;

  constructor(
    private readonly doc: Document,
    private readonly spans: Map<string, NodeSpans>,
    private budget: number,
    private readonly text: string,
  ) {}

  walk(node: Node, path: (string | number)[], keySpan?: Span, aliasOuter?: Span): unknown {
    if (--this.budget < 0) throw new BudgetExceeded();
    if (isAlias(node)) {
      const outer = aliasOuter ?? rangeSpan(node.range);
      this.aliasSpan ??= outer;
      const target = node.resolve(this.doc);
      if (!target) {
        this.record(path, keySpan, outer);
        return null;
      }
      return this.walk(target as Node, path, keySpan, outer);
    }
    this.record(path, keySpan, aliasOuter ?? rangeSpan(node.range));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
        const ks = aliasOuter ?? (keyNode?.range ? rangeSpan(keyNode.range) : undefined);
        const child = [...path, key];
        if (pair.value === null || pair.value === undefined) {
          result[key] = null;
          const at = ks ? { start: ks.end, end: ks.end } : { start: 0, end: 0 };
          this.record(child, ks, at);
        } else {
          result[key] = this.walk(pair.value as Node, child, ks, aliasOuter);
        }
      }
      return result;
    }
    if (isSeq(node)) {
      const result: unknown[] = [];
      node.items.forEach((item, index) => {
        result.push(item === null || item === undefined ? null : this.walk(item as Node, [...path, index], undefined, aliasOuter));
      });
      return result;
    }
    if (isScalar(node)) return node.value;
    return null;
  }

  private record(path: (string | number)[], key: Span | undefined, value: Span): void {
    // Block collections end after their trailing line break; point at the content.
    let end = value.end;
    while (end > value.start && /\s/.test(this.text[end - 1])) end--;
    value = end === value.end ? value : { start: value.start, end };
    this.spans.set(pathKey(path), key ? { key, value } : { value });
  }
}

function rangeSpan(range: readonly number[] | null | undefined): Span {
  if (!range) return { start: 0, end: 0 };
  return { start: range[0], end: range[1] };
}

const DIRECTIVE = /#\s*handoff-disable-next-line\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*(?::\s*(.*?))?\s*$/;

export function findSuppressions(text: string, lines: LineIndex): Suppression[] {
  if (!text.includes('handoff-disable-next-line')) return [];
  const found: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    const match = DIRECTIVE.exec(content);
    if (!match) continue;
    let target = line + 1;
    while (target < lines.lineCount && /^\s*(#.*)?$/.test(lines.lineText(target))) target++;
    const start = lines.lineStart(line) + match.index;
    found.push({
      line,
      targetLine: target,
      rules: match[1].split(',').map((rule) => rule.trim()),
      reason: match[2] ?? '',
      span: { start, end: start + match[0].length },
    });
  }
  return found;
}
