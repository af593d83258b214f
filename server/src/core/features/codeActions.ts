// Code actions: the fixes rules attach to their findings (did-you-mean, next
// working day, contingency skeleton ...), plus "create the missing entry" for
// an unknown format, color space, asset type or metadata field, which appends
// an entry to the glossary in the style its list is already written in.
import type { FileModel } from '../fileModel';
import { pathKey, type ParsedFile } from '../parse';
import type { ProductionModel } from '../production';
import { displayPath } from '../rules/duplicate-id';
import type { Diagnostic, Span, SymbolKind, TextEdit } from '../types';
import type { Workspace } from '../workspace';
import { kindName } from './idSlots';
import { isObj, touches, valueAt } from './locate';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
  preferred?: boolean;
  /** The diagnostic the action fixes. */
  diagnostic?: Diagnostic;
}

/** The glossary list each kind of entry lives in. */
const GLOSSARY_LISTS: Partial<Record<SymbolKind, string>> = {
  format: 'formats',
  'color-space': 'color_spaces',
  'asset-type': 'asset_types',
  metadata: 'metadata',
};

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function codeActions(workspace: Workspace, uri: string, span: Span, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const titles = new Set<string>();
  const add = (action: CodeAction) => {
    if (titles.has(action.title)) return;
    titles.add(action.title);
    actions.push(action);
  };
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  for (const diagnostic of diagnostics) {
    if (diagnostic.uri !== uri || diagnostic.suppressed || !overlaps(diagnostic.span, span)) continue;
    for (const fix of diagnostic.fixes ?? []) {
      add({ title: fix.title, kind: 'quickfix', edits: fix.edits, preferred: fix.preferred, diagnostic });
    }
    if (diagnostic.rule === 'unknown-reference' && file && production) {
      const action = createGlossaryEntry(file, production, diagnostic);
      if (action) add(action);
    }
  }
  return actions;
}

function createGlossaryEntry(file: FileModel, production: ProductionModel, diagnostic: Diagnostic): CodeAction | undefined {
  const reference = file.references.find((ref) => touches(ref.span, diagnostic.span.start) && overlaps(ref.span, diagnostic.span));
  if (!reference) return undefined;
  const list = GLOSSARY_LISTS[reference.kind];
  if (!list || !ID_PATTERN.test(reference.id) || production.resolve(reference)) return undefined;
  const glossaries = production.files.filter((candidate) => candidate.parsed.kind === 'glossary');
  const glossary = glossaries.find((candidate) => Array.isArray(valueAt(candidate.parsed, [list]))) ?? glossaries[0];
  if (!glossary) return undefined;
  const edit = appendEntry(glossary.parsed, list, reference.id);
  if (!edit) return undefined;
  return {
    title: `Create ${kindName(reference.kind)} '${reference.id}' in ${displayPath(production, glossary.parsed.uri)}`,
    kind: 'quickfix',
    edits: [edit],
    diagnostic,
  };
}

/** An edit that adds `{ id: <id> }` to the list `list` of a glossary, creating the list when it is missing. */
export function appendEntry(file: ParsedFile, list: string, id: string): TextEdit | undefined {
  const { text, lines, uri } = file;
  if (file.value !== undefined && file.value !== null && !isObj(file.value)) return undefined;
  const spans = file.spans.get(pathKey([list]));
  const value = valueAt(file, [list]);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (!spans || !spans.key) {
    if (isObj(file.value) && text[file.spans.get('')?.value.start ?? 0] === '{') return undefined; // a flow-style root: leave it to the user
    const lead = text === '' || text.endsWith('\n') ? '' : eol;
    const indent = rootListIndent(file);
    return { uri, span: { start: text.length, end: text.length }, newText: `${lead}${list}:${eol}${indent}- { id: ${id} }${eol}` };
  }
  const keyColumn = lines.positionAt(spans.key.start).character;
  if (value === null || value === undefined) {
    const at = lines.lineEnd(lines.positionAt(spans.key.end).line);
    return { uri, span: { start: at, end: at }, newText: `${eol}${' '.repeat(keyColumn + 2)}- { id: ${id} }` };
  }
  if (!Array.isArray(value)) return undefined;
  const open = text[spans.value.start];
  if (open === '[') {
    const last = value.length > 0 ? file.spans.get(pathKey([list, value.length - 1])) : undefined;
    if (!last) return { uri, span: { start: spans.value.start + 1, end: spans.value.start + 1 }, newText: `{ id: ${id} }` };
    return { uri, span: { start: last.value.end, end: last.value.end }, newText: `, { id: ${id} }` };
  }
  // A block list: a new item at the dash column, after the last line of the list.
  const dashColumn = lines.positionAt(spans.value.start).character;
  const lastItem = value.length > 0 ? file.spans.get(pathKey([list, value.length - 1])) : undefined;
  const flowItems = lastItem ? text[lastItem.value.start] === '{' : true;
  const at = lines.lineEnd(lines.positionAt(spans.value.end).line);
  const entry = flowItems ? `- { id: ${id} }` : `- id: ${id}`;
  return { uri, span: { start: at, end: at }, newText: `${eol}${' '.repeat(dashColumn)}${entry}` };
}

/** How the glossary's other lists indent their items (two spaces when it has none). */
function rootListIndent(file: ParsedFile): string {
  if (isObj(file.value)) {
    for (const key of Object.keys(file.value)) {
      const spans = file.spans.get(pathKey([key]));
      if (Array.isArray(file.value[key]) && spans && file.text[spans.value.start] === '-') {
        return ' '.repeat(file.lines.positionAt(spans.value.start).character);
      }
    }
  }
  return '  ';
}
