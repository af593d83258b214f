// One spec file's text → plain JS value plus the span of every node, so that
// schema errors and rule findings can point at the exact key or value.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
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

/** Past this many nodes (aliases expanded) a file is an alias bomb, not a spec. */
function nodeBudget(text: string): number {
  return 50_000 + text.length;
}

export function parseSpecFile(uri: string, text: string, version: number, kind: FileKind): ParsedFile {
  const lines = new LineIndex(text);
  const spans = new Map<string, NodeSpans>();
  const syntaxFindings: Finding[] = [];
  const doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) {
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

function findSuppressions(text: string, lines: LineIndex): Suppression[] {
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
