// References to ids that are not defined in the production, with the nearest
// defined id of the same kind (and scope) as a did-you-mean fix.
import { closest } from '../suggest';
import type { ProductionModel } from '../production';
import type { Fix, Reference, SymbolKind } from '../types';
import { displayPath, SYMBOL_KIND_LABELS } from './duplicate-id';
import type { Rule, RuleContext } from './rule';

/**
 * Suggestions compare the unknown id with every candidate; past this many
 * comparisons in one run (a workspace full of broken references) the rule stops
 * suggesting, so it stays linear in the number of references.
 */
const SUGGESTION_BUDGET = 2_000_000;

/** Where each kind of id is defined, for the message when nothing is close. */
function howToDefine(production: ProductionModel, kind: SymbolKind, id: string): string {
  const productionFile = production.production ? displayPath(production, production.production.uri) : 'the *.production.yaml';
  const glossaryModel = production.files.find((file) => file.parsed.kind === 'glossary');
  const glossary = glossaryModel ? displayPath(production, glossaryModel.parsed.uri) : 'a *.glossary.yaml';
  switch (kind) {
    case 'department':
      return `Define it under departments: in ${productionFile}.`;
    case 'person':
      return `Define it under people: in ${productionFile}.`;
    case 'milestone':
      return `Define it under milestones: in ${productionFile}.`;
    case 'color-space':
      return `Define it under color_spaces: in ${glossary}.`;
    case 'format':
      return `Define it under formats: in ${glossary}.`;
    case 'asset-type':
      return `Define it under asset_types: in ${glossary}.`;
    case 'metadata':
      return `Define it under metadata: in ${glossary}.`;
    case 'naming-token':
      return `Define it under naming_tokens: in ${glossary}.`;
    case 'template':
      return `Create ${id}.template.yaml with 'template: ${id}'.`;
    case 'handoff':
      return 'Define it under handoffs: in a *.handoff.yaml file.';
    case 'runbook':
      return `Create ${id}.runbook.yaml with 'runbook: ${id}'.`;
    default:
      return 'Define it first.';
  }
}

function lowerLabel(kind: SymbolKind): string {
  return SYMBOL_KIND_LABELS[kind].toLowerCase();
}

/** The replacement text for a value span, keeping the quotes it was written with. */
function replacement(text: string, newId: string): string {
  const quote = text[0];
  return quote === '"' || quote === "'" ? `${quote}${newId}${quote}` : newId;
}

class Checker {
  private budget = SUGGESTION_BUDGET;
  private readonly idsByKey = new Map<string, string[]>();
  private scopedIndex?: Map<string, string[]>;

  constructor(private readonly context: RuleContext) {}

  private get production(): ProductionModel {
    return this.context.production;
  }

  /** Ids of a kind; for scoped kinds, the ids defined in any of the scopes. */
  private candidates(kind: SymbolKind, scopes?: readonly string[]): string[] {
    if (!scopes) {
      let ids = this.idsByKey.get(kind);
      if (!ids) this.idsByKey.set(kind, (ids = this.production.ids(kind)));
      return ids;
    }
    if (!this.scopedIndex) {
      this.scopedIndex = new Map();
      for (const scopedKind of ['checklist-item', 'step'] as const) {
        for (const defs of this.production.symbols.get(scopedKind)?.values() ?? []) {
          const def = defs[0];
          const key = `${scopedKind}\u001f${def.scope ?? ''}`;
          const list = this.scopedIndex.get(key);
          if (list) list.push(def.id);
          else this.scopedIndex.set(key, [def.id]);
        }
      }
    }
    const out = new Set<string>();
    for (const scope of scopes) for (const id of this.scopedIndex.get(`${kind}\u001f${scope}`) ?? []) out.add(id);
    return [...out];
  }

  private suggest(word: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0 || this.budget < candidates.length) return undefined;
    this.budget -= candidates.length;
    return closest(word, candidates);
  }

  check(reference: Reference): void {
    if (this.production.resolve(reference)) return;
    if (reference.kind === 'checklist-item') this.checkChecklistItem(reference);
    else if (reference.kind === 'step') this.reportUnknown(reference, reference.scopes ?? [], ` in runbook '${(reference.scopes ?? [])[0] ?? ''}'`, 'Add a step with that id to the runbook, or remove this entry.');
    else this.reportUnknown(reference, undefined, '', howToDefine(this.production, reference.kind, reference.id));
  }

  private checkChecklistItem(reference: Reference): void {
    const scopes = reference.scopes ?? [];
    const known = scopes.filter((scope) => this.production.lookup('template', scope) !== undefined);
    const inRunbook = this.production.file(reference.uri)?.parsed.kind === 'runbook';
    if (known.length === 0) {
      let why: string;
      if (scopes.length === 0) {
        why = inRunbook
          ? "its runbook applies to no template; list the template that defines it under applies_to:."
          : "its handoff has no template; add the template that defines it with template:, or write the item inline as { id, check }.";
      } else {
        const names = scopes.map((scope) => `'${scope}'`).join(', ');
        why = scopes.length === 1
          ? `template ${names} is not defined; fix the ${inRunbook ? 'runbook\'s applies_to' : 'handoff\'s template'} first.`
          : `none of the templates ${names} is defined; fix the runbook's applies_to first.`;
      }
      this.context.report({
        uri: reference.uri,
        span: reference.span,
        message: `Checklist item '${reference.id}' cannot be looked up: ${why}`,
      });
      return;
    }
    const where = known.length === 1 ? ` in template '${known[0]}'` : ` in templates ${known.map((scope) => `'${scope}'`).join(', ')}`;
    this.reportUnknown(reference, known, where, `Add it to the checklist: of ${known.length === 1 ? 'that template' : 'one of them'}, or remove this entry.`);
  }

  private reportUnknown(reference: Reference, scopes: readonly string[] | undefined, where: string, howToFix: string): void {
    const suggestion = this.suggest(reference.id, this.candidates(reference.kind, scopes));
    const label = SYMBOL_KIND_LABELS[reference.kind];
    const subject = `Unknown ${lowerLabel(reference.kind)} '${reference.id}'${where}.`;
    if (suggestion === undefined) {
      this.context.report({ uri: reference.uri, span: reference.span, message: `${subject} ${howToFix}` });
      return;
    }
    const text = this.production.file(reference.uri)?.parsed.text.slice(reference.span.start, reference.span.end) ?? '';
    const fix: Fix = {
      title: `Change to '${suggestion}'`,
      edits: [{ uri: reference.uri, span: reference.span, newText: replacement(text, suggestion) }],
      preferred: true,
    };
    const definition = this.production.lookup(reference.kind, suggestion, scopes?.find((scope) => this.production.lookup(reference.kind, suggestion, scope)));
    this.context.report({
      uri: reference.uri,
      span: reference.span,
      message: `${subject} Did you mean '${suggestion}'?`,
      related: definition ? [{ location: { uri: definition.uri, span: definition.span }, message: `${label} '${suggestion}' is defined here.` }] : undefined,
      fixes: [fix],
    });
  }
}

export const unknownReference: Rule = {
  id: 'unknown-reference',
  defaultSeverity: 'error',
  summary: 'A reference to an id that is not defined; suggests the nearest id.',
  check(context) {
    // Without a production file nothing is defined; the analysis says so once per file.
    if (context.production.key === '') return;
    const checker = new Checker(context);
    for (const reference of context.production.references) checker.check(reference);
  },
};
