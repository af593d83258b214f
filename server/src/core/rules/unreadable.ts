// Files that do not parse, as the rules across files see them (DESIGN §3: one
// mistake, one diagnostic). Such a file is read only as far as the parser
// could guess, so an id may be defined or used in the part it could not read.
// Rules about other files then stay silent about the ids the broken file
// mentions, and still report everything else: a broken file never hides a
// misspelt reference elsewhere. Its own yaml-syntax finding is the one the
// user acts on; once it parses, the rest is checked again.
import { MemoKey } from '../memo';
import type { ProductionModel } from '../production';
import type { FileKind, SymbolKind } from '../types';

/** The kinds of id each kind of file defines (a breakdown's units make the handoffs of chains). */
export const KINDS_DEFINED_BY: Readonly<Record<FileKind, readonly SymbolKind[]>> = {
  production: ['production', 'department', 'calendar', 'person', 'milestone'],
  glossary: ['color-space', 'format', 'asset-type', 'metadata', 'naming-token'],
  template: ['template', 'checklist-item'],
  handoff: ['handoff'],
  runbook: ['runbook', 'step'],
  risks: ['risk'],
  journal: ['decision', 'postmortem'],
  breakdown: ['unit', 'handoff'],
};

/** The texts of the production's files that do not parse, with their kinds. */
export function unreadableFiles(production: ProductionModel): { kind: FileKind; text: string }[] {
  return production.filesWhere(UNREADABLE, (file) => file.parsed.syntaxFindings.length > 0).map((file) => ({ kind: file.parsed.kind, text: file.parsed.text }));
}

/** Whether a file version does not parse (kept with it, so an edit does not look at every file). */
const UNREADABLE = new MemoKey<boolean>('does not parse');

const ID_CHAR = /[A-Za-z0-9_.-]/;

/** Whether `id` is written in `text` as a word of its own (not inside a longer id). */
export function mentions(text: string, id: string): boolean {
  if (id === '') return false;
  for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
    if (!ID_CHAR.test(text[at - 1] ?? ' ') && !ID_CHAR.test(text[at + id.length] ?? ' ')) return true;
  }
  return false;
}
