// Templates, asset types and people that nothing points at: a handoff or a
// runbook's applies_to uses a template, a template uses an asset type, and
// any person field (owner, contact, escalation, lead, history `by`, ...) uses
// a person.
import type { SymbolKind } from '../types';
import type { Rule } from './rule';
import { mentions, unreadableFiles } from './unreadable';

const CHECKED: readonly { kind: SymbolKind; message: (id: string) => string }[] = [
  {
    kind: 'template',
    message: (id) => `Template '${id}' is not used by any handoff or runbook; reference it with 'template: ${id}' or applies_to:, or delete it.`,
  },
  {
    kind: 'asset-type',
    message: (id) => `Asset type '${id}' is not used by any template; reference it with 'asset_type: ${id}', or remove it from the glossary.`,
  },
  {
    kind: 'person',
    message: (id) => `Person '${id}' is not referenced anywhere; make them an owner, contact, lead or escalation, or remove them from people:.`,
  },
];

/** The kinds counted, in one pass over the references. */
const COUNTED = CHECKED.map(({ kind }) => kind);

export const unusedDefinition: Rule = {
  id: 'unused-definition',
  defaultSeverity: 'info',
  summary: 'A template, asset type or person nothing refers to.',
  check(context) {
    const production = context.production;
    // A use may sit in the part of a broken file the parser could not read (see unreadable.ts).
    const unreadable = unreadableFiles(production);
    for (const { kind, message } of CHECKED) {
      for (const [id, defs] of production.symbols.get(kind) ?? []) {
        if (production.referenceCount(kind, id, COUNTED) > 0) continue;
        if (unreadable.some((file) => mentions(file.text, id))) continue;
        // Further definitions of the same id are duplicate-id's finding.
        const def = defs[0];
        context.report({ uri: def.uri, span: def.span, message: message(id) });
      }
    }
  },
};
