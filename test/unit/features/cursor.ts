// Fixtures for editor-feature tests: a spec file's text with one `|` marking
// the cursor, placed into the base fixture workspace.
import type { Span, TextEdit } from '../../../server/src/core/types';
import type { Workspace } from '../../../server/src/core/workspace';
import { fixtureFiles, uriOf, workspaceOf } from '../../harness';

export interface Cursor {
  workspace: Workspace;
  uri: string;
  offset: number;
  /** The file's text without the marker. */
  text: string;
}

/** Strips the single `|` from `marked` and returns its offset. */
export function cursorOffset(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error('The fixture text needs exactly one | cursor marker.');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The base fixture with `file` set to `marked` (minus the marker) and any other changes; the cursor in `file`. */
export function atCursor(file: string, marked: string, changes: Record<string, string | null> = {}): Cursor {
  const { text, offset } = cursorOffset(marked);
  const workspace = workspaceOf({ ...changes, [file]: text });
  return { workspace, uri: uriOf(file), offset, text };
}

/** A base fixture file with the cursor placed at the first `find`, at the `|` inside it (`find` holds one `|`). */
export function inBaseFile(file: string, find: string, changes: Record<string, string | null> = {}): Cursor {
  const { text: plain } = cursorOffset(find);
  const text = fixtureFiles()[file];
  if (text === undefined) throw new Error(`No fixture file ${file}`);
  const at = text.indexOf(plain);
  if (at < 0) throw new Error(`'${plain}' is not in ${file}`);
  const marked = text.slice(0, at) + find + text.slice(at + plain.length);
  return atCursor(file, marked, changes);
}

/** The text a span covers in a file of the workspace. */
export function textAt(workspace: Workspace, uri: string, span: Span): string {
  return workspace.file(uri)!.parsed.text.slice(span.start, span.end);
}

/** 1-based `line:column` of an offset, for readable assertions. */
export function lineColumn(workspace: Workspace, uri: string, offset: number): string {
  const at = workspace.file(uri)!.parsed.lines.positionAt(offset);
  return `${at.line + 1}:${at.character + 1}`;
}

/** Applies edits to the files of a workspace; returns the new texts by URI. */
export function applyEdits(workspace: Workspace, edits: readonly TextEdit[]): Map<string, string> {
  const byUri = new Map<string, TextEdit[]>();
  for (const edit of edits) byUri.set(edit.uri, [...(byUri.get(edit.uri) ?? []), edit]);
  const result = new Map<string, string>();
  for (const [uri, list] of byUri) {
    let text = workspace.file(uri)!.parsed.text;
    const sorted = [...list].sort((a, b) => b.span.start - a.span.start);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].span.end > sorted[i - 1].span.start) throw new Error(`Overlapping edits in ${uri}`);
    }
    for (const edit of sorted) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    result.set(uri, text);
  }
  return result;
}
