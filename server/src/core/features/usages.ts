// What an id under the cursor stands for, and every place that names it: the
// shared ground of go to definition, find references and rename. References
// are indexed by kind and id once per production model (a model is rebuilt on
// every edit of its files, so the index never goes stale).
import { MemoKey } from '../memo';
import { parseNamingPattern } from '../naming';
import { pathKey, type ParsedFile } from '../parse';
import type { ProductionModel } from '../production';
import type { Location, NodePath, Reference, Span, SymbolDef, SymbolKind } from '../types';
import type { Workspace } from '../workspace';
import { holdsNamingPattern } from './idSlots';
import { innerSpan, nodeAt, referenceAt, symbolAt, valueAt } from './locate';

/** The thing an id stands for: kind, id and (for checklist items and steps) the template or runbook it lives in. */
export interface Target {
  kind: SymbolKind;
  id: string;
  scope?: string;
  /** Where the cursor is: the id's text under it. */
  span: Span;
  production: ProductionModel;
  /** Its definitions (more than one is a duplicate; none when it is not defined). */
  definitions: SymbolDef[];
}

const SCOPED: readonly SymbolKind[] = ['checklist-item', 'step'];

/** The definitions of an id of a kind (in a scope for scoped kinds). */
export function definitionsOf(production: ProductionModel, kind: SymbolKind, id: string, scope?: string): SymbolDef[] {
  const byId = production.symbols.get(kind);
  if (!byId) return [];
  if (!SCOPED.includes(kind)) return byId.get(id) ?? [];
  // Scoped kinds are few (checklist items, runbook steps): filtering them is cheap.
  const found: SymbolDef[] = [];
  for (const defs of byId.values()) for (const def of defs) if (def.id === id && def.scope === scope) found.push(def);
  return found;
}

/** The id under the cursor — a reference, a definition or a `{token}` in a naming pattern — and what it stands for. */
export function targetAt(workspace: Workspace, uri: string, offset: number): Target | undefined {
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  if (!file || !production) return undefined;
  const text = file.parsed.text;
  const reference = referenceAt(file, offset);
  const symbol = symbolAt(file, offset);
  if (reference && (!symbol || reference.span.end - reference.span.start <= symbol.span.end - symbol.span.start)) {
    const resolved = production.resolve(reference);
    const scope = resolved?.scope ?? reference.scopes?.[0];
    return {
      kind: reference.kind,
      id: reference.id,
      scope,
      span: innerSpan(text, reference.span),
      production,
      definitions: resolved ? definitionsOf(production, reference.kind, reference.id, resolved.scope) : [],
    };
  }
  if (symbol) {
    return {
      kind: symbol.kind,
      id: symbol.id,
      scope: symbol.scope,
      span: innerSpan(text, symbol.span),
      production,
      definitions: definitionsOf(production, symbol.kind, symbol.id, symbol.scope),
    };
  }
  const token = namingTokenAt(file.parsed, offset);
  if (token) {
    return { kind: 'naming-token', id: token.name, span: token.span, production, definitions: definitionsOf(production, 'naming-token', token.name) };
  }
  return undefined;
}

const REFERENCE_INDEX = new MemoKey<Map<string, Reference[]>>('references by id');

/** Every reference to an id of a kind in the production (any scope). */
export function referencesTo(production: ProductionModel, kind: SymbolKind, id: string): Reference[] {
  const index = production.derived.get(REFERENCE_INDEX, () => {
    const index = new Map<string, Reference[]>();
    for (const reference of production.references) {
      const key = `${reference.kind}\u001f${reference.id}`;
      const list = index.get(key);
      if (list) list.push(reference);
      else index.set(key, [reference]);
    }
    return index;
  });
  return index.get(`${kind}\u001f${id}`) ?? [];
}

/** Every place that names the target, definitions first when asked for; each once. */
export function usagesOf(target: Target, includeDefinitions: boolean): Location[] {
  const { production, kind, id, scope } = target;
  const locations: Location[] = [];
  const seen = new Set<string>();
  const add = (uri: string, span: Span) => {
    const key = `${uri}\u001f${span.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    locations.push({ uri, span });
  };
  const textOf = (uri: string) => production.file(uri)?.parsed.text ?? '';
  if (includeDefinitions) for (const def of target.definitions) add(def.uri, innerSpan(textOf(def.uri), def.span));
  if (kind === 'naming-token') {
    for (const location of namingTokenUses(production, id)) add(location.uri, location.span);
    return locations;
  }
  for (const reference of referencesTo(production, kind, id)) {
    if (SCOPED.includes(kind) && !refersToScope(production, reference, scope)) continue;
    add(reference.uri, innerSpan(textOf(reference.uri), reference.span));
  }
  return locations;
}

/** Whether a reference to a scoped id means the one in `scope`. */
function refersToScope(production: ProductionModel, reference: Reference, scope: string | undefined): boolean {
  const resolved = production.resolve(reference);
  if (resolved) return resolved.scope === scope;
  return scope !== undefined && (reference.scopes ?? []).includes(scope);
}

// ---------------------------------------------------------------------------
// Naming tokens are used inside naming patterns, not as references.

export interface TokenAt {
  name: string;
  /** The token's name inside the braces. */
  span: Span;
}

/** The `{token}` under the cursor in a naming pattern of a template. */
export function namingTokenAt(file: ParsedFile, offset: number): TokenAt | undefined {
  const node = nodeAt(file, offset);
  if (!node || node.part !== 'value' || typeof node.value !== 'string' || !holdsNamingPattern(file.kind, node.path)) return undefined;
  return tokensIn(file, node.span).find((token) => token.span.start <= offset && offset <= token.span.end);
}

/** The tokens of the pattern written at `span` (read from the source text, so offsets are exact). */
function tokensIn(file: ParsedFile, span: Span): TokenAt[] {
  const raw = file.text.slice(span.start, span.end);
  return parseNamingPattern(raw).tokens.map((token) => ({
    name: token.name,
    span: { start: span.start + token.start + 1, end: span.start + token.start + 1 + token.name.length },
  }));
}

/** Where templates of the production use a naming token. */
export function namingTokenUses(production: ProductionModel, name: string): Location[] {
  const locations: Location[] = [];
  for (const template of production.templates) {
    const file = production.file(template.uri)?.parsed;
    if (!file) continue;
    for (const path of namingPatternPaths(file, template.path)) {
      const spans = file.spans.get(pathKey(path));
      if (!spans || typeof valueAt(file, path) !== 'string') continue;
      for (const token of tokensIn(file, spans.value)) if (token.name === name) locations.push({ uri: template.uri, span: token.span });
    }
  }
  return locations;
}

function namingPatternPaths(file: ParsedFile, root: NodePath): NodePath[] {
  const paths: NodePath[] = [[...root, 'naming'], [...root, 'delivery', 'location']];
  for (let index = 0; file.spans.has(pathKey([...root, 'required_files', index])); index++) {
    paths.push([...root, 'required_files', index], [...root, 'required_files', index, 'pattern']);
  }
  return paths;
}
