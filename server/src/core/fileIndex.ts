// Facts about one file version that the incremental analysis compares and
// reuses. Each is computed on first use and kept in the FileModel's memo (a
// new version of a file is a new FileModel), so a file that did not change
// costs nothing the next time round.
import { MemoKey } from './memo';
import type { FileModel } from './fileModel';
import { pathKey } from './parse';
import type { Reference, SymbolKind } from './types';

export const SYMBOL_KINDS: readonly SymbolKind[] = [
  'production',
  'department',
  'calendar',
  'person',
  'milestone',
  'color-space',
  'format',
  'asset-type',
  'metadata',
  'naming-token',
  'template',
  'checklist-item',
  'handoff',
  'runbook',
  'step',
  'risk',
  'decision',
  'postmortem',
];

/**
 * What a cached result can depend on besides its own file:
 * - `kind:<kind>`: which ids (with their scope) of a kind are defined;
 * - `depends-on`: the handoff graph (handoff ids and their depends_on lists);
 * - `handoff-templates`: which template each handoff names;
 * - `templates`: anything in a file that defines a template.
 */
export type Aspect = `kind:${SymbolKind}` | 'depends-on' | 'handoff-templates' | 'templates';

export const ASPECTS: readonly Aspect[] = [...SYMBOL_KINDS.map((kind): Aspect => `kind:${kind}`), 'depends-on', 'handoff-templates', 'templates'];

interface Facts {
  signatures?: Map<Aspect, string>;
  dependsOn?: Map<string, Reference[]>;
  referencesByKind?: Map<SymbolKind, number[]>;
}

const FACTS = new MemoKey<Facts>('file facts');

function factsOf(file: FileModel): Facts {
  return file.memo.get(FACTS, () => ({}));
}

/** A string that is equal for two versions of a file exactly when they agree on the aspect. */
export function signature(file: FileModel, aspect: Aspect): string {
  const known = factsOf(file);
  if (!known.signatures) known.signatures = computeSignatures(file);
  return known.signatures.get(aspect) ?? '';
}

function computeSignatures(file: FileModel): Map<Aspect, string> {
  const byKind = new Map<SymbolKind, string[]>();
  for (const symbol of file.symbols) {
    const key = symbol.scope === undefined ? symbol.id : `${symbol.scope}\u001f${symbol.id}`;
    const list = byKind.get(symbol.kind);
    if (list) list.push(key);
    else byKind.set(symbol.kind, [key]);
  }
  const signatures = new Map<Aspect, string>();
  for (const [kind, keys] of byKind) signatures.set(`kind:${kind}`, keys.join('\n'));
  const handoffs = file.entities.handoffs;
  if (handoffs.length > 0) {
    signatures.set('depends-on', handoffs.map((handoff) => `${handoff.id}\u001f${handoff.dependsOn.join('\u001f')}`).join('\n'));
    signatures.set('handoff-templates', handoffs.map((handoff) => `${handoff.id}\u001f${handoff.template ?? ''}`).join('\n'));
  }
  // Anything in a template can matter: two versions agree on templates only when their text is the same.
  if (file.entities.templates.length > 0) signatures.set('templates', file.parsed.text);
  return signatures;
}

/**
 * A file with fewer references than this is searched in place for a
 * handoff's depends_on entries: a map kept with each file version (2 MB at
 * 10,000 handoffs, made by the cold analysis) would cost more than the search.
 */
const SEARCH_IN_PLACE = 256;

/** The `depends_on` entries of a handoff of this file, in order, with their exact spans. */
export function dependsOnEntries(file: FileModel, handoffPath: readonly (string | number)[]): readonly Reference[] {
  if (file.references.length < SEARCH_IN_PLACE) return dependsOnIn(file.references, handoffPath);
  const known = factsOf(file);
  if (!known.dependsOn) {
    const byOwner = new Map<string, Reference[]>();
    for (const reference of file.references) {
      const path = reference.path;
      if (reference.kind !== 'handoff' || path.length < 2 || path[path.length - 2] !== 'depends_on') continue;
      const owner = pathKey(path.slice(0, -2));
      const list = byOwner.get(owner);
      if (list) list.push(reference);
      else byOwner.set(owner, [reference]);
    }
    known.dependsOn = byOwner;
  }
  return known.dependsOn.get(pathKey(handoffPath)) ?? [];
}

/** The references at `handoffPath`.depends_on.<n>, in order (the same as the map's list for the handoff's key). */
function dependsOnIn(references: readonly Reference[], handoffPath: readonly (string | number)[]): Reference[] {
  const found: Reference[] = [];
  const depth = handoffPath.length;
  for (const reference of references) {
    const path = reference.path;
    if (reference.kind !== 'handoff' || path.length !== depth + 2 || path[depth] !== 'depends_on') continue;
    let at = 0;
    while (at < depth && (path[at] === handoffPath[at] || String(path[at]) === String(handoffPath[at]))) at++;
    if (at === depth) found.push(reference);
  }
  return found;
}

/** Indexes into file.references, in order, grouped by `keyOf` of each reference. */
function groupReferences<K>(file: FileModel, keyOf: (reference: FileModel['references'][number]) => K): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  file.references.forEach((reference, index) => {
    const key = keyOf(reference);
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  });
  return groups;
}

/** Indexes into file.references, in order, by the kind of id referenced (built for every file by the referencer indexes). */
export function referencesByKind(file: FileModel): ReadonlyMap<SymbolKind, readonly number[]> {
  const known = factsOf(file);
  known.referencesByKind ??= groupReferences(file, (reference) => reference.kind);
  return known.referencesByKind;
}

