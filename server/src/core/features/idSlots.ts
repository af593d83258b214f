// Where the spec language expects an id, by file kind and node path: what
// completion offers in a value that is still empty, before the file model has
// a reference there. Mirrors the references the file model records.
import { SYMBOL_KIND_LABELS } from '../rules/duplicate-id';
import type { FileKind, NodePath, SymbolKind } from '../types';

export interface IdSlot {
  kind: SymbolKind;
  /** Scoped kinds: how the scope is found from the slot's path. */
  scope?: 'handoff-template' | 'runbook-templates' | 'runbook';
}

/** `#` stands for any sequence index. */
const SLOTS: Record<FileKind, [string, IdSlot][]> = {
  handoff: [
    ['handoffs.#.from', { kind: 'department' }],
    ['handoffs.#.to', { kind: 'department' }],
    ['handoffs.#.template', { kind: 'template' }],
    ['handoffs.#.owner', { kind: 'person' }],
    ['handoffs.#.contact', { kind: 'person' }],
    ['handoffs.#.escalation.#', { kind: 'person' }],
    ['handoffs.#.depends_on.#', { kind: 'handoff' }],
    ['handoffs.#.depends_on.#.id', { kind: 'handoff' }],
    ['handoffs.#.unit', { kind: 'unit' }],
    ['chains.#.units.#', { kind: 'unit' }],
    ['chains.#.steps.#.depends_on.#', { kind: 'handoff' }],
    ['chains.#.steps.#.depends_on.#.id', { kind: 'handoff' }],
    ['handoffs.#.feeds', { kind: 'milestone' }],
    ['handoffs.#.checklist.#', { kind: 'checklist-item', scope: 'handoff-template' }],
    ['handoffs.#.checklist.#.verify', { kind: 'metadata' }],
    ['handoffs.#.history.#.by', { kind: 'person' }],
    ['handoffs.#.risk.contingency.alternate_format', { kind: 'format' }],
  ],
  production: [
    ['departments.#.lead', { kind: 'person' }],
    ['people.#.department', { kind: 'department' }],
  ],
  glossary: [
    ['formats.#.color_spaces.#', { kind: 'color-space' }],
    ['asset_types.#.formats.#', { kind: 'format' }],
    ['asset_types.#.metadata.#', { kind: 'metadata' }],
  ],
  template: [
    ['asset_type', { kind: 'asset-type' }],
    ['format', { kind: 'format' }],
    ['color_space', { kind: 'color-space' }],
    ['required_files.#.format', { kind: 'format' }],
    ['metadata.#', { kind: 'metadata' }],
    ['accepts.formats.#', { kind: 'format' }],
    ['accepts.color_spaces.#', { kind: 'color-space' }],
    ['checklist.#.verify', { kind: 'metadata' }],
  ],
  runbook: [
    ['owner', { kind: 'person' }],
    ['applies_to.#', { kind: 'template' }],
    ['steps.#.qa.#', { kind: 'checklist-item', scope: 'runbook-templates' }],
    ['steps.#.verify.#', { kind: 'metadata' }],
    ['steps.#.handoff', { kind: 'handoff' }],
    ['steps.#.after.#', { kind: 'step', scope: 'runbook' }],
  ],
  breakdown: [['units.#.parent', { kind: 'unit' }]],
  risks: [
    ['risks.#.handoff', { kind: 'handoff' }],
    ['risks.#.handoffs.#', { kind: 'handoff' }],
    ['risks.#.contingency.alternate_format', { kind: 'format' }],
    ['risks.#.owner', { kind: 'person' }],
  ],
  journal: [
    ['decisions.#.by', { kind: 'person' }],
    ['decisions.#.affects.#', { kind: 'handoff' }],
    ['decisions.#.supersedes', { kind: 'decision' }],
    ['postmortems.#.handoffs.#', { kind: 'handoff' }],
    ['postmortems.#.actions.#.owner', { kind: 'person' }],
    ['postmortems.#.actions.#.updates', { kind: 'template' }],
  ],
};

function pathPattern(path: NodePath): string {
  return path.map((segment) => (typeof segment === 'number' ? '#' : segment)).join('.');
}

const BY_PATTERN = new Map<FileKind, Map<string, IdSlot>>(
  (Object.keys(SLOTS) as FileKind[]).map((kind) => [kind, new Map(SLOTS[kind])]),
);

/** The kind of id a value at `path` holds, if any. */
export function idSlotAt(fileKind: FileKind, path: NodePath): IdSlot | undefined {
  return BY_PATTERN.get(fileKind)?.get(pathPattern(path));
}

/** Paths of strings that hold a naming pattern (where `{token}` placeholders go). */
const NAMING_PATHS = new Set(['naming', 'required_files.#', 'required_files.#.pattern', 'delivery.location']);

export function holdsNamingPattern(fileKind: FileKind, path: NodePath): boolean {
  return fileKind === 'template' && NAMING_PATHS.has(pathPattern(path));
}

/** How a user names a kind of id, in running text ("color space"). */
export function kindName(kind: SymbolKind): string {
  return SYMBOL_KIND_LABELS[kind].toLowerCase();
}
