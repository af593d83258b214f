// Two definitions of the same id and kind within a production. Checklist
// items and steps are scoped: they clash only within one template or runbook.
import type { ProductionModel } from '../production';
import type { SymbolDef, SymbolKind } from '../types';
import type { Rule } from './rule';

/** How a user names each kind of id, capitalised for the start of a message. */
export const SYMBOL_KIND_LABELS: Readonly<Record<SymbolKind, string>> = {
  production: 'Production',
  department: 'Department',
  calendar: 'Calendar',
  person: 'Person',
  milestone: 'Milestone',
  'color-space': 'Color space',
  format: 'Format',
  'asset-type': 'Asset type',
  metadata: 'Metadata field',
  'naming-token': 'Naming token',
  template: 'Template',
  'checklist-item': 'Checklist item',
  handoff: 'Handoff',
  runbook: 'Runbook',
  step: 'Step',
  risk: 'Risk',
  decision: 'Decision',
  postmortem: 'Post-mortem',
  unit: 'Unit',
};

/** A file as the user sees it: relative to the production's folder. */
export function displayPath(production: ProductionModel, uri: string): string {
  const prefix = `${production.key}/`;
  return production.key !== '' && uri.startsWith(prefix) ? uri.slice(prefix.length) : uri.slice(uri.lastIndexOf('/') + 1);
}

function whereIs(production: ProductionModel, def: SymbolDef): string {
  const file = production.file(def.uri);
  const line = file ? file.parsed.lines.positionAt(def.span.start).line + 1 : 1;
  return `${displayPath(production, def.uri)}:${line}`;
}

function scopeText(def: SymbolDef): string {
  if (def.scope === undefined) return '';
  return def.kind === 'step' ? ` in runbook '${def.scope}'` : ` in template '${def.scope}'`;
}

export const duplicateId: Rule = {
  id: 'duplicate-id',
  defaultSeverity: 'error',
  summary: 'Two definitions share an id within a production.',
  check(context) {
    const production = context.production;
    for (const defs of production.duplicates()) {
      const first = defs[0];
      const label = SYMBOL_KIND_LABELS[first.kind];
      const at = whereIs(production, first);
      for (const def of defs.slice(1)) {
        context.report({
          uri: def.uri,
          span: def.span,
          message: `${label} id '${def.id}'${scopeText(def)} is already defined in ${at}; rename one of them.`,
          related: [{ location: { uri: first.uri, span: first.span }, message: `First definition of '${first.id}'.` }],
        });
      }
    }
  },
};
