// Text values that an unquoted `,` or `:` splits inside a `{ … }` flow map
// (DESIGN §3: "quote this text"). `{ id: avid, description: Avid, ALE, AAF }`
// parses as a description 'Avid' and two keys 'ALE' and 'AAF' with no value;
// `{ description: Note: fragile }` does not parse at all. Both are one
// mistake: a text that needs quotes. This reads the map's text as written.
import type { Span } from '../types';

/** One top-level entry of a flow map: `key: value`, or a bare word with no colon. */
export interface FlowEntry {
  span: Span;
  key: Span;
  /** Absent for a bare word (no `:` at the entry's top level). */
  value?: Span;
}

/** The entries of the flow map whose `{` is at `open`, up to its `}` (or the text's end). */
export function flowEntries(text: string, open: number): FlowEntry[] {
  const entries: FlowEntry[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open + 1;
  let colon = -1;
  const close = (end: number): void => {
    const span = trim(text, start, end);
    if (span.end > span.start) {
      if (colon < 0) entries.push({ span, key: span });
      else entries.push({ span, key: trim(text, span.start, colon), value: trim(text, colon + 1, span.end) });
    }
  };
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && /(^|[\s,:{[])$/.test(text[i - 1] ?? '')) quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? '')) {
      const lineEnd = text.indexOf('\n', i);
      i = lineEnd < 0 ? text.length : lineEnd - 1;
    } else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '}' && depth === 0) {
      close(i);
      return entries;
    } else if (c === ',' && depth === 0) {
      close(i);
      start = i + 1;
      colon = -1;
    } else if (c === ':' && depth === 0 && colon < 0 && /[\s,}]/.test(text[i + 1] ?? ' ')) colon = i;
  }
  close(text.length);
  return entries;
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

/** A plain text value (not a list, map or quoted text) that an unquoted character can split. */
export function isPlainText(text: string, span: Span): boolean {
  return span.end > span.start && !/^["'[{&*!|>]/.test(text[span.start]);
}

/** A text value split at its commas: the entry whose value was cut, and the bare words that followed it. */
export interface CommaSplit {
  /** The field whose text was cut. */
  field: Span;
  /** From the start of its value to the end of the last bare word. */
  text: Span;
  /** The bare words, each parsed as a key with no value. */
  pieces: Span[];
}

/** In the flow map at `open`: every text value that unquoted commas split into bare words. */
export function commaSplits(text: string, open: number): CommaSplit[] {
  const splits: CommaSplit[] = [];
  let current: CommaSplit | undefined;
  for (const entry of flowEntries(text, open)) {
    if (entry.value === undefined && current) {
      current.pieces.push(entry.key);
      current.text = { start: current.text.start, end: entry.key.end };
      continue;
    }
    if (current && current.pieces.length > 0) splits.push(current);
    current = entry.value !== undefined && isPlainText(text, entry.value) ? { field: entry.key, text: entry.value, pieces: [] } : undefined;
  }
  if (current && current.pieces.length > 0) splits.push(current);
  return splits;
}

/** The text quoted for YAML: double quotes, with backslashes and quotes escaped. */
export function quotedText(value: string): string {
  return JSON.stringify(value);
}
