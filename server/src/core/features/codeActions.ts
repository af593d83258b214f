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
import { formatDate, parseDate } from '../calendar';
import { replaceDate } from '../rules/non-working-day';
import { kindName } from './idSlots';
import { sourceRef, type SourceRef } from './sourceRef';
import { isObj, touches, valueAt } from './locate';

export interface CodeAction {
  title: string;
  kind: 'quickfix' | 'refactor';
  edits: TextEdit[];
  /** A place of the YAML to open instead of editing ("open the upstream"); the edge names the client's command. */
  reveal?: SourceRef;
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
    if (diagnostic.rule === 'schedule-conflict' && file && production) {
      for (const action of conflictActions(file, production, diagnostic)) add(action);
    }
  }
  // Last, after the fixes: silencing a finding is the fallback, not the fix.
  for (const diagnostic of diagnostics) {
    if (diagnostic.uri !== uri || diagnostic.suppressed || !overlaps(diagnostic.span, span) || !file) continue;
    const action = disableForLine(file.parsed, diagnostic);
    if (action) add(action);
  }
  return actions;
}

/** `# handoff-disable-next-line <rule>: <reason>` above the diagnostic's line, indented like it. */
function disableForLine(file: ParsedFile, diagnostic: Diagnostic): CodeAction | undefined {
  // A file that does not parse is not analysed: nothing to silence but the syntax error, which must be fixed.
  if (diagnostic.rule === 'yaml-syntax') return undefined;
  const { lines, text } = file;
  const line = lines.positionAt(diagnostic.span.start).line;
  const start = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(start, lines.lineEnd(line)))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Disable ${diagnostic.rule} for this line`,
    kind: 'quickfix',
    edits: [{ uri: file.uri, span: { start, end: start }, newText: `${indent}# handoff-disable-next-line ${diagnostic.rule}: reason${eol}` }],
    diagnostic,
  };
}

/**
 * For a handoff that starts before its upstream is ready: move start and
 * due together to the first allowed working day, keeping the working days
 * between them; and open the upstream handoff.
 */
function conflictActions(file: FileModel, production: ProductionModel, diagnostic: Diagnostic): CodeAction[] {
  const handoff = production.handoffs.find((candidate) => {
    if (candidate.uri !== file.parsed.uri) return false;
    const span = file.parsed.spans.get(pathKey([...candidate.path, 'start']))?.value;
    return span !== undefined && span.start === diagnostic.span.start;
  });
  if (!handoff || handoff.start === undefined || handoff.due === undefined) return [];
  const conflicts = production.scheduleProblems.conflicts.filter((conflict) => conflict.handoff === handoff.id);
  if (conflicts.length === 0) return [];
  const actions: CodeAction[] = [];
  const start = parseDate(handoff.start);
  const due = parseDate(handoff.due);
  if (start !== undefined && due !== undefined && due >= start) {
    const calendar = production.calendars.forDepartment(handoff.from);
    const target = calendar.onOrAfter(Math.max(...conflicts.map((conflict) => conflict.earliestStart)));
    const newDue = calendar.addWorkingDays(target, calendar.workingDaysBetween(start, due));
    actions.push({
      title: `Move start and due to ${formatDate(target)} → ${formatDate(newDue)}, keeping the duration`,
      kind: 'quickfix',
      edits: [
        replaceDate(file.parsed, [...handoff.path, 'start'], handoff.start, formatDate(target)),
        replaceDate(file.parsed, [...handoff.path, 'due'], handoff.due, formatDate(newDue)),
      ],
      diagnostic,
    });
  }
  for (const upstreamId of new Set(conflicts.map((conflict) => conflict.upstream))) {
    const def = production.lookup('handoff', upstreamId);
    if (!def) continue;
    actions.push({ title: `Open the upstream '${upstreamId}'`, kind: 'quickfix', edits: [], reveal: sourceRef(production, def.uri, def.span), diagnostic });
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
