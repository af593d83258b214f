// The outline of a spec file and the workspace-wide "go to symbol".
import type { FileModel } from '../fileModel';
import { pathKey } from '../parse';
import type { Location, Span, SymbolDef, SymbolKind } from '../types';
import type { Workspace } from '../workspace';
import { fileNameOf } from './markdown';

/** The kinds of the outline: every kind of id, plus the lists that group them (`departments:`, `formats:` ...). */
export type OutlineKind = SymbolKind | 'section';

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole entry. */
  span: Span;
  /** Its id. */
  selectionSpan: Span;
  children: DocumentSymbol[];
}

/** Lists shown as a group in the outline of production and glossary files. */
const SECTIONS: Record<string, string> = {
  departments: 'departments',
  people: 'people',
  milestones: 'milestones',
  color_spaces: 'color spaces',
  formats: 'formats',
  asset_types: 'asset types',
  metadata: 'metadata',
  naming_tokens: 'naming tokens',
};

/** Kinds that sit inside another definition of the same file: checklist items in templates, steps in runbooks. */
const PARENT_KIND: Partial<Record<SymbolKind, SymbolKind>> = { 'checklist-item': 'template', step: 'runbook' };

export function documentSymbols(workspace: Workspace, uri: string): DocumentSymbol[] {
  const file = workspace.file(uri);
  if (!file) return [];
  const top: DocumentSymbol[] = [];
  const sections = new Map<string, DocumentSymbol>();
  const owners = new Map<string, DocumentSymbol>();
  const kind = file.parsed.kind;
  let root: DocumentSymbol | undefined;

  for (const def of file.symbols) {
    const symbol = outlineEntry(file, def);
    const parentKind = PARENT_KIND[def.kind];
    if (parentKind && def.scope !== undefined) {
      const owner = owners.get(`${parentKind}\u001f${def.scope}`);
      if (owner) {
        owner.children.push(symbol);
        continue;
      }
    }
    if (def.kind === 'template' || def.kind === 'runbook') owners.set(`${def.kind}\u001f${def.id}`, symbol);
    if (def.kind === 'production') {
      root = symbol;
      top.push(symbol);
      continue;
    }
    const list = typeof def.path[0] === 'string' ? def.path[0] : undefined;
    if ((kind === 'production' || kind === 'glossary') && list !== undefined && SECTIONS[list]) {
      let section = sections.get(list);
      if (!section) {
        section = sectionEntry(file, list);
        sections.set(list, section);
        if (root) root.children.push(section);
        else top.push(section);
      }
      section.children.push(symbol);
      continue;
    }
    top.push(symbol);
  }
  const bySpan = (a: DocumentSymbol, b: DocumentSymbol) => a.span.start - b.span.start;
  const sort = (list: DocumentSymbol[]) => {
    list.sort(bySpan);
    for (const item of list) sort(item.children);
  };
  sort(top);
  return top;
}

function outlineEntry(file: FileModel, def: SymbolDef): DocumentSymbol {
  const spans = file.parsed.spans.get(pathKey(def.path));
  let span = spans ? spans.value : def.span;
  if (spans?.key) span = { start: Math.min(spans.key.start, span.start), end: Math.max(spans.key.end, span.end) };
  span = { start: Math.min(span.start, def.span.start), end: Math.max(span.end, def.span.end) };
  return { name: def.id, detail: def.detail, kind: def.kind, span, selectionSpan: def.span, children: [] };
}

function sectionEntry(file: FileModel, list: string): DocumentSymbol {
  const spans = file.parsed.spans.get(pathKey([list]));
  const key = spans?.key ?? spans?.value ?? { start: 0, end: 0 };
  const end = Math.max(key.end, spans?.value.end ?? key.end);
  return { name: SECTIONS[list], kind: 'section', span: { start: key.start, end }, selectionSpan: key, children: [] };
}

export interface WorkspaceSymbol {
  name: string;
  kind: SymbolKind;
  detail?: string;
  /** The template or runbook a checklist item or step belongs to, else the file's name. */
  containerName: string;
  location: Location;
}

export const WORKSPACE_SYMBOL_LIMIT = 500;

/**
 * Definitions whose id holds the query's characters in order (`fxcmp` finds
 * `fx-to-comp-sq010`), best matches first: exact, prefix, substring, then
 * scattered; at most WORKSPACE_SYMBOL_LIMIT.
 */
export function workspaceSymbols(workspace: Workspace, query: string): WorkspaceSymbol[] {
  const needle = query.trim().toLowerCase();
  const matches: { score: number; def: SymbolDef }[] = [];
  for (const production of workspace.productions()) {
    for (const byId of production.symbols.values()) {
      for (const defs of byId.values()) {
        for (const def of defs) {
          const score = matchScore(needle, def.id.toLowerCase());
          if (score !== undefined) matches.push({ score, def });
        }
      }
    }
  }
  matches.sort((a, b) => a.score - b.score || compare(a.def.id, b.def.id) || compare(a.def.uri, b.def.uri) || a.def.span.start - b.def.span.start);
  return matches.slice(0, WORKSPACE_SYMBOL_LIMIT).map(({ def }) => ({
    name: def.id,
    kind: def.kind,
    detail: def.detail,
    containerName: def.scope ?? fileNameOf(def.uri),
    location: { uri: def.uri, span: def.span },
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lower is better; undefined when the query's characters are not all in the id, in order. */
function matchScore(needle: string, id: string): number | undefined {
  if (needle === '') return 3;
  if (id === needle) return 0;
  if (id.startsWith(needle)) return 1;
  if (id.includes(needle)) return 2;
  let at = 0;
  let gaps = 0;
  for (const c of needle) {
    const found = id.indexOf(c, at);
    if (found < 0) return undefined;
    if (found > at) gaps++;
    at = found + 1;
  }
  return 3 + gaps / (gaps + 1);
}
