// The full road: yaml's parser composes a Document, and a walk over it gives
// the value and the span of every node. It takes any text (and reports every
// syntax error); the fast roads (lineScan.ts, cst.ts) answer the same for the
// plain YAML most specs are written in.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { findSuppressions, firstContentSpan, skipReason, type ParsedFile } from './file';
import { pathKey } from './pathKey';
import { describeMistakes, type YamlError } from './yamlMistakes';
import { LineIndex } from '../text';
import type { FileKind, Finding, NodeSpans, Span } from '../types';

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
  const source = text.replace(/\r(?!\n)/g, '\n');
  const doc = parseDocument(source, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false });
  const all = doc.errors.map((error): YamlError => ({ code: error.code as string, message: error.message, pos: error.pos }));
  // The parser's errors about the structure become one plain-language finding per mistake.
  const structural = all.filter((error) => isStructural(error.code));
  const mistakes = describeMistakes(source, structural, reparseErrors).map((mistake) => ({ code: '', message: mistake.message, pos: [mistake.span.start, mistake.span.end] as const, plain: true }));
  const errors = [...all.filter((error) => !isStructural(error.code)), ...mistakes, ...duplicateKeys(doc)];
  errors.sort((a, b) => a.pos[0] - b.pos[0]);
  for (const error of errors) {
    const start = Math.max(0, Math.min(error.pos[0], text.length));
    const end = Math.max(start, Math.min(error.pos[1], text.length));
    const message = 'plain' in error ? error.message : describeYamlError(error.code, error.message);
    syntaxFindings.push({ rule: 'yaml-syntax', uri, span: widenEmpty({ start, end }, text), message });
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

/** Errors that say the YAML's shape is wrong (indentation, quotes, brackets), as against its size or its documents. */
function isStructural(code: string): boolean {
  return code !== 'RESOURCE_EXHAUSTION' && code !== 'MULTIPLE_DOCS' && code !== 'DUPLICATE_KEY';
}

function reparseErrors(text: string): YamlError[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  return doc.errors.filter((error) => isStructural(error.code)).map((error) => ({ code: error.code as string, message: error.message, pos: error.pos }));
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
