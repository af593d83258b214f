// What every road from a spec file's text gives: the parsed file (value plus
// the span of every node, so that schema errors and rule findings can point at
// the exact key or value), and the few facts about a file all roads share.
import { pathKey } from './pathKey';
import type { LineIndex } from '../text';
import type { FileKind, Finding, NodePath, NodeSpans, Span } from '../types';

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

const KIND_PATTERN = /\.(production|glossary|template|handoff|runbook|risks|journal|breakdown)\.ya?ml$/i;

/** The kind of spec a file holds, from its name; undefined for any other file. */
export function fileKindOf(uri: string): FileKind | undefined {
  const match = KIND_PATTERN.exec(uri);
  return match ? (match[1].toLowerCase() as FileKind) : undefined;
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
