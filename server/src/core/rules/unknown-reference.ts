// References to ids that are not defined in the production, with the nearest
// defined id of the same kind (and scope) as a did-you-mean fix.
//
// Whether a reference resolves depends on its file and on which ids of its
// kind are defined, nothing else. So the rule keeps, per file, which of its
// references did not resolve, and looks up again all the references of a
// changed file but, in the files that refer to an id a changed file defined
// or stopped defining, only their references to such ids (found through each
// file version's index of references by kind). Verdicts are worked out again on
// every run (they point at definitions in other files, whose spans move with
// edits) and kept as the same objects while they read the same, and with them
// the finding about each reference.
import type { FileModel } from '../fileModel';
import { referencesByKind } from '../fileIndex';
import { MemoKey } from '../memo';
import { closest } from '../suggest';
import { FollowedFiles, type ProductionModel } from '../production';
import { differenceOf, rebuiltReferences, type KeptReferences, type ReferenceRun } from '../model/chains';
import type { Diagnostic, FileKind, Finding, Fix, Reference, RelatedInfo, Severity, SymbolDef, SymbolKind } from '../types';
import { displayPath, SYMBOL_KIND_LABELS } from './duplicate-id';
import type { Rule, RuleContext } from './rule';
import { KINDS_DEFINED_BY, mentions, unreadableFiles } from './unreadable';

/**
 * Suggestions compare the unknown id with every candidate; past this many
 * comparisons in one run (a workspace full of broken references) the rule stops
 * suggesting, so it stays linear in the number of references.
 */
const SUGGESTION_BUDGET = 2_000_000;

/** The files a message tells the user to define an id in. */
interface DefinitionPlaces {
  productionFile: string;
  glossary: string;
}

/** Whether a file is a glossary (kept with the file version, so the first one is found without looking at every file). */
const GLOSSARY = new MemoKey<boolean>('is a glossary');

function definitionPlaces(production: ProductionModel): DefinitionPlaces {
  const glossaryModel = production.filesWhere(GLOSSARY, (file) => file.parsed.kind === 'glossary')[0];
  return {
    productionFile: production.production ? displayPath(production, production.production.uri) : 'the *.production.yaml',
    glossary: glossaryModel ? displayPath(production, glossaryModel.parsed.uri) : 'a *.glossary.yaml',
  };
}

/** Where each kind of id is defined, for the message when nothing is close. */
function howToDefine({ productionFile, glossary }: DefinitionPlaces, kind: SymbolKind, id: string): string {
  switch (kind) {
    case 'department':
      return `Define it under departments: in ${productionFile}.`;
    case 'person':
      return `Define it under people: in ${productionFile}.`;
    case 'calendar':
      return `Define it under calendars: in ${productionFile}, e.g. '- { id: ${id}, region: GB-ENG }'.`;
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

/** The replacement text for a value span whose first character is given, keeping the quotes it was written with. */
function replacement(quote: string, newId: string): string {
  return quote === '"' || quote === "'" ? `${quote}${newId}${quote}` : newId;
}

/** The findings last reported about one file, with what they were made from. */
interface FileFindings {
  file: FileModel;
  /** The array of Checked.unresolved they were made for. */
  unresolved: readonly number[];
  /** The verdict key of each unresolved reference. */
  keys: string[];
  /** The verdict each was given (null: not reported; undefined: not worked out yet, for a reference new to the list). */
  verdicts: (Verdict | null | undefined)[];
  /** The finding about each (null when not reported). */
  each: (Finding | null)[];
  findings: Finding[];
}

/** What the rule last found for each file of a production. */
interface Checked {
  /** The file versions looked at, and the model they were found for. */
  files: FollowedFiles;
  /** Indexes into file.references of the references that did not resolve, in order. */
  unresolved: Map<string, readonly number[]>;
  /** The last run's findings by file, reported again as the same objects while nothing they say changed. */
  found: Map<string, FileFindings>;
  /** The last run's verdicts by key. */
  verdicts: Map<string, Verdict | null>;
  /**
   * Verdicts of earlier runs by key, kept after their references went (a
   * department renamed and back): one that reads the same again is the same
   * object again, and so are the findings made from it (see TOLD).
   */
  earlier: Map<string, Verdict>;
}

/** At most this many verdicts of earlier runs are kept per production (then they start again). */
const EARLIER_VERDICTS_LIMIT = 10_000;

/**
 * What each reference of a file version was last told, by its index in
 * file.references: its verdict key, and the verdict and finding it last
 * got (with the severity the finding was made with). Kept with the file
 * version, so a reference that is unknown again with the same verdict (a
 * department renamed, renamed back, renamed again) is reported with the
 * same finding object, which nothing downstream needs to make or convert
 * again.
 */
interface Told {
  keys: (string | undefined)[];
  verdicts: (Verdict | undefined)[];
  findings: (Finding | undefined)[];
  severity: Severity | undefined;
}

const TOLD = new MemoKey<Told>('unknown-reference: what each reference was told');

function toldOf(file: FileModel): Told {
  return file.memo.get(TOLD, (): Told => ({ keys: [], verdicts: [], findings: [], severity: undefined }));
}

/** The verdict key of the reference at `index`, worked out once per file version. */
function keyOf(file: FileModel, index: number, inRunbook: boolean): string {
  const keys = toldOf(file).keys;
  return (keys[index] ??= verdictKey(file.references[index], inRunbook));
}

/** Definitions as [kind, id], keyed by kind, scope and id (a chain edit compares thousands: no JSON). */
function definedKeys(symbols: readonly SymbolDef[]): Map<string, [SymbolKind, string]> {
  const keys = new Map<string, [SymbolKind, string]>();
  // \u0000 stands for no scope, which differs from an empty one.
  for (const symbol of symbols) keys.set(`${symbol.kind}\u001f${symbol.scope ?? '\u0000'}\u001f${symbol.id}`, [symbol.kind, symbol.id]);
  return keys;
}

/**
 * The kinds of reference that may also name an id of a kind (see
 * Reference.orKinds): a postmortem action's `updates` is a template
 * reference that a runbook of that id satisfies too.
 */
const ALSO_NAMED_BY: Partial<Record<SymbolKind, readonly SymbolKind[]>> = { runbook: ['template'] };

/** Brings the unresolved references of every file up to date with the production and returns them. */
function update(production: ProductionModel): Checked {
  const checked = production.memo(unknownReference, (): Checked => ({ files: new FollowedFiles(), unresolved: new Map(), found: new Map(), verdicts: new Map(), earlier: new Map() }));
  const { changed, removed } = production.follow(checked.files);
  // The files to look up again, each with the version looked at before (undefined: new, or not needed).
  const dirty = new Map<string, FileModel | undefined>();
  // Ids whose definitions came or went (scoped ones with their scope): every file referring to one is looked up again.
  const touched: [SymbolKind, string][] = [];
  const compare = (before: FileModel | undefined, after: FileModel | undefined) => {
    // Only the definitions that differ by object (a chain file's instances an edit did not rebuild are the same):
    // an id they name that the other side also names is defined before and after.
    const [gone, added] = differenceOf(before, after).symbols;
    const old = definedKeys(gone);
    const now = definedKeys(added);
    for (const [key, what] of old) if (!now.has(key)) touched.push(what);
    for (const [key, what] of now) if (!old.has(key)) touched.push(what);
  };
  // When most files are new (the first run, a new grouping) everything is looked up anyway.
  const everything = changed.length + removed.length > production.files.length / 2;
  for (const [before, after] of changed) {
    dirty.set(after.parsed.uri, before);
    if (!everything) compare(before, after);
  }
  for (const [uri, before] of removed) {
    checked.unresolved.delete(uri);
    if (!everything) compare(before, undefined);
  }
  if (everything) for (const file of production.files) if (!dirty.has(file.parsed.uri)) dirty.set(file.parsed.uri, undefined);
  // Files that did not change but refer to a touched id: only their references with such an id are looked up again.
  const referring = new Set<string>();
  // The touched ids, and by the kind of reference that may name them.
  const touchedIds = new Set<string>();
  const touchedByKind = new Map<SymbolKind, Set<string>>();
  const referringAny = new Set<string>();
  for (const [kind, id] of touched) {
    touchedIds.add(id);
    for (const referenceKind of [kind, ...(ALSO_NAMED_BY[kind] ?? [])]) {
      let ids = touchedByKind.get(referenceKind);
      if (!ids) touchedByKind.set(referenceKind, (ids = new Set()));
      ids.add(id);
      for (const uri of production.referencingFiles(referenceKind, id)) {
        referringAny.add(uri);
        if (!dirty.has(uri)) referring.add(uri);
      }
    }
  }
  for (const [uri, last] of dirty) {
    const file = production.file(uri)!;
    // A chain file whose edit rebuilt, dropped or added some instances: only their references are looked up
    // again, and those of the instances kept that name an id that came or went.
    const runs = last && !everything ? rebuiltReferences(last, file) : undefined;
    let unresolved: readonly number[];
    if (runs) unresolved = withRuns(checked.unresolved.get(uri) ?? [], runs, production, referringAny.has(uri) ? touchedIds : undefined);
    else {
      const all: number[] = [];
      file.references.forEach((reference, index) => {
        if (!production.resolve(reference)) all.push(index);
      });
      unresolved = all;
    }
    if (unresolved.length > 0) checked.unresolved.set(uri, unresolved);
    else checked.unresolved.delete(uri);
  }
  for (const uri of referring) {
    const file = production.file(uri)!;
    const before = checked.unresolved.get(uri) ?? [];
    const unresolved = againFor(file, touchedByKind, before, production);
    if (unresolved === before) continue;
    if (unresolved.length > 0) checked.unresolved.set(uri, unresolved);
    else checked.unresolved.delete(uri);
  }
  return checked;
}

/**
 * The unresolved references of a file that did not change, when only the ids
 * in `touched` came or went: its references to them (found through the
 * file's index of references by kind, which the referencer indexes built) are
 * looked up again, the others keep what they had. Returns `before` itself
 * when nothing changed, so the findings made from it are kept as they are.
 */
function againFor(file: FileModel, touched: ReadonlyMap<SymbolKind, ReadonlySet<string>>, before: readonly number[], production: ProductionModel): readonly number[] {
  const byKind = referencesByKind(file);
  const references = file.references;
  const again: number[] = [];
  let kinds = 0;
  // Indexed loops: this runs for every file naming a renamed id, once per edit, mostly before the JIT
  // optimises it, and a for-of there makes an iterator result per reference.
  touched.forEach((ids, kind) => {
    const indexes = byKind.get(kind);
    if (!indexes) return;
    const length = again.length;
    for (let i = 0; i < indexes.length; i++) if (ids.has(references[indexes[i]].id)) again.push(indexes[i]);
    if (again.length > length) kinds++;
  });
  // Each kind's indexes are in order and name different references: only several kinds' need sorting to merge with `before`.
  if (kinds > 1) again.sort((a, b) => a - b);
  const unresolved: number[] = [];
  let changed = false;
  let at = 0;
  for (let i = 0; i < again.length; i++) {
    const index = again[i];
    while (at < before.length && before[at] < index) unresolved.push(before[at++]);
    const was = at < before.length && before[at] === index;
    if (was) at++;
    const missing = !production.resolve(references[index]);
    if (missing) unresolved.push(index);
    if (missing !== was) changed = true;
  }
  if (!changed) return before;
  while (at < before.length) unresolved.push(before[at++]);
  return unresolved;
}

/**
 * The unresolved references of a file version from those of the version
 * before, when its references are runs kept from that version and runs new
 * in it (see rebuiltReferences): the new ones are looked up; the kept ones
 * keep what they had (at their new index), except those naming an id in
 * `touched` (by id or scope), which are looked up again.
 */
function withRuns(before: readonly number[], runs: readonly (ReferenceRun | KeptReferences)[], production: ProductionModel, touched?: ReadonlySet<string>): readonly number[] {
  const unresolved: number[] = [];
  let at = 0;
  for (const run of runs) {
    if (!('from' in run)) {
      run.references.forEach((reference, k) => {
        if (!production.resolve(reference)) unresolved.push(run.start + k);
      });
      continue;
    }
    while (at < before.length && before[at] < run.from) at++;
    const shift = run.start - run.from;
    if (!touched) {
      while (at < before.length && before[at] < run.from + run.length) unresolved.push(before[at++] + shift);
      continue;
    }
    let index = run.from;
    for (const chunk of run.chunks) {
      for (const reference of chunk) {
        const was = at < before.length && before[at] === index;
        if (was) at++;
        const again = touched.has(reference.id) || (reference.scopes !== undefined && reference.scopes.some((scope) => touched.has(scope)));
        if (again ? !production.resolve(reference) : was) unresolved.push(index + shift);
        index++;
      }
    }
  }
  return unresolved;
}

/**
 * Suggestions already worked out, by the generation of the kind's ids and the
 * word: the same unknown id in a thousand places is compared once.
 */
const SUGGESTION_MEMO_LIMIT = 10_000;

function suggestionMemo(production: RuleContext['production']): Map<string, string | undefined> {
  // Kept between the revisions of one production: its generations number them.
  return production.memo(suggestionMemo, () => new Map<string, string | undefined>());
}

/**
 * What every reference with the same kind, id and scopes (and, for checklist
 * items, in the same kind of file) is told: worked out once per run, not once
 * per reference, and kept as the same object while it reads the same.
 */
interface Verdict {
  message: string;
  /** The id the fix changes it to; undefined when nothing is close. */
  suggestion?: string;
  title?: string;
  related?: RelatedInfo[];
}

function sameVerdict(a: Verdict, b: Verdict): boolean {
  if (a.message !== b.message || a.suggestion !== b.suggestion || (a.related === undefined) !== (b.related === undefined)) return false;
  if (!a.related || !b.related) return true;
  if (a.related.length !== b.related.length) return false;
  return a.related.every((x, i) => {
    const y = b.related![i];
    return x.message === y.message && x.location.uri === y.location.uri && x.location.span.start === y.location.span.start && x.location.span.end === y.location.span.end;
  });
}

/** The verdict key of a reference: what its verdict depends on besides the production. */
function verdictKey(reference: Reference, inRunbook: boolean): string {
  const scopes = reference.kind === 'checklist-item' || reference.kind === 'step' ? (reference.scopes ?? []).join('\u001e') : '';
  return `${reference.kind}\u001f${reference.id}\u001f${scopes}${reference.kind === 'checklist-item' && inRunbook ? '\u001frunbook' : ''}`;
}

class Checker {
  private budget = SUGGESTION_BUDGET;
  private readonly idsByKey = new Map<string, string[]>();
  private scopedIndex?: Map<string, string[]>;

  constructor(
    private readonly context: RuleContext,
    /**
     * The files that do not parse, by the kinds of id they may define. An id
     * written in such a file may be defined in the part the parser could not
     * read, so a reference to it is not called unknown until the file parses
     * again (one mistake, one diagnostic: the file's yaml-syntax finding). An id
     * the file does not even mention is still reported: a broken file never
     * hides a misspelt reference elsewhere.
     */
    private readonly unreadable: readonly { kind: FileKind; text: string }[],
    private readonly places: DefinitionPlaces,
  ) {}

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

  /**
   * The budget is spent once per verdict, in the order the references come
   * in the production's files, so which references get a suggestion does not
   * depend on the memo nor on what earlier runs found.
   */
  private suggest(word: string, kind: SymbolKind, scopes: readonly string[] | undefined, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0 || this.budget < candidates.length) return undefined;
    this.budget -= candidates.length;
    const key = `${this.production.generation(`kind:${kind}`)}\u001f${kind}\u001f${(scopes ?? []).join('\u001e')}\u001f${scopes === undefined ? '' : '+'}\u001f${word}`;
    const memo = suggestionMemo(this.production);
    if (memo.has(key)) return memo.get(key);
    const suggestion = closest(word, candidates);
    if (memo.size >= SUGGESTION_MEMO_LIMIT) memo.clear();
    memo.set(key, suggestion);
    return suggestion;
  }

  private inUnreadableFile(reference: Reference): boolean {
    return this.unreadable.some((file) => KINDS_DEFINED_BY[file.kind].includes(reference.kind) && mentions(file.text, reference.id));
  }

  /** What a reference that does not resolve is told; null when it is not reported. */
  verdict(reference: Reference, inRunbook: boolean): Verdict | null {
    if (this.inUnreadableFile(reference)) return null;
    if (reference.kind === 'checklist-item') return this.checklistItemVerdict(reference, inRunbook);
    if (reference.kind === 'step') return this.unknownVerdict(reference, reference.scopes ?? [], ` in runbook '${(reference.scopes ?? [])[0] ?? ''}'`, 'Add a step with that id to the runbook, or remove this entry.');
    return this.unknownVerdict(reference, undefined, '', howToDefine(this.places, reference.kind, reference.id));
  }

  private checklistItemVerdict(reference: Reference, inRunbook: boolean): Verdict | null {
    const scopes = reference.scopes ?? [];
    const known = scopes.filter((scope) => this.production.lookup('template', scope) !== undefined);
    if (known.length === 0) {
      // An item of a template that is itself unknown only follows from that
      // reference, which is reported (one mistake, one diagnostic); the hover
      // on the item still says why it cannot be looked up.
      if (scopes.length > 0) return null;
      const why = inRunbook
        ? "its runbook applies to no template; list the template that defines it under applies_to:."
        : "its handoff has no template; add the template that defines it with template:, or write the item inline as { id, check }.";
      return { message: `Checklist item '${reference.id}' cannot be looked up: ${why}` };
    }
    const where = known.length === 1 ? ` in template '${known[0]}'` : ` in templates ${known.map((scope) => `'${scope}'`).join(', ')}`;
    return this.unknownVerdict(reference, known, where, `Add it to the checklist: of ${known.length === 1 ? 'that template' : 'one of them'}, or remove this entry.`);
  }

  private unknownVerdict(reference: Reference, scopes: readonly string[] | undefined, where: string, howToFix: string): Verdict {
    const suggestion = this.suggest(reference.id, reference.kind, scopes, this.candidates(reference.kind, scopes));
    const label = SYMBOL_KIND_LABELS[reference.kind];
    const subject = `Unknown ${lowerLabel(reference.kind)} '${reference.id}'${where}.`;
    if (suggestion === undefined) return { message: `${subject} ${howToFix}` };
    const definition = this.production.lookup(reference.kind, suggestion, scopes?.find((scope) => this.production.lookup(reference.kind, suggestion, scope)));
    return {
      message: `${subject} Did you mean '${suggestion}'?`,
      suggestion,
      title: `Change to '${suggestion}'`,
      related: definition ? [{ location: { uri: definition.uri, span: definition.span }, message: `${label} '${suggestion}' is defined here.` }] : undefined,
    };
  }
}

/**
 * The findings of a file for a new list of its unresolved references: a
 * reference that was in the last list of the same file version keeps its key,
 * verdict and finding; a new one has its key worked out and no verdict yet.
 */
function carriedOver(last: FileFindings | undefined, file: FileModel, unresolved: readonly number[]): FileFindings {
  const inRunbook = file.parsed.kind === 'runbook';
  // Made at their length: a rename carries over the lists of hundreds of files.
  const keys = new Array<string>(unresolved.length);
  const verdicts = new Array<Verdict | null | undefined>(unresolved.length);
  const each = new Array<Finding | null>(unresolved.length);
  let at = 0;
  for (let k = 0; k < unresolved.length; k++) {
    const index = unresolved[k];
    if (last) while (at < last.unresolved.length && last.unresolved[at] < index) at++;
    if (last && last.unresolved[at] === index) {
      keys[k] = last.keys[at];
      verdicts[k] = last.verdicts[at];
      each[k] = last.each[at];
    } else {
      keys[k] = keyOf(file, index, inRunbook);
      verdicts[k] = undefined;
      each[k] = null;
    }
  }
  return { file, unresolved, keys, verdicts, each, findings: [] };
}

/**
 * The files with unresolved references, in model order (production files
 * first, then by URI: see Workspace), which the suggestion budget is spent
 * in. When they are few, their URIs are sorted rather than every file of the
 * production looked up (50,000 lookups an edit at 50,000 handoffs); other
 * files may come too.
 */
function filesInOrder(production: ProductionModel, unresolved: ReadonlyMap<string, readonly number[]>): readonly FileModel[] {
  if (unresolved.size * 8 > production.files.length) return production.files;
  const sorted = [...unresolved.keys()].sort();
  const first: FileModel[] = [];
  const rest: FileModel[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const file = production.file(sorted[i]);
    if (file) (file.parsed.kind === 'production' ? first : rest).push(file);
  }
  for (let i = 0; i < rest.length; i++) first.push(rest[i]);
  return first;
}

/**
 * The finding about one reference, with its verdict (the related locations
 * are the verdict's, shared); made with the rule's severity when it has one,
 * so that it serves as the diagnostic too.
 */
function findingOf(rule: string, severity: Severity | undefined, reference: Reference, text: string, verdict: Verdict): Finding {
  const { uri, span } = reference;
  const { message, related } = verdict;
  if (verdict.suggestion === undefined) {
    if (!severity) return { uri, span, message, rule };
    const made: Diagnostic = { severity, uri, span, message, rule };
    return made;
  }
  const fixes: Fix[] = [
    {
      title: verdict.title!,
      edits: [{ uri, span, newText: replacement(span.end > span.start ? text[span.start] : '', verdict.suggestion) }],
      preferred: true,
    },
  ];
  if (!severity) return { uri, span, message, related, fixes, rule };
  const made: Diagnostic = { severity, uri, span, message, related, fixes, rule };
  return made;
}

export const unknownReference: Rule = {
  id: 'unknown-reference',
  defaultSeverity: 'error',
  summary: 'A reference to an id that is not defined; suggests the nearest id.',
  check(context) {
    // Without a production file nothing is defined; the analysis says so once per file.
    if (context.production.key === '') return;
    const checked = update(context.production);
    // Asked on every run, though used only when something is unknown: each run then costs only the files an edit changed.
    const unreadable = unreadableFiles(context.production);
    const places = definitionPlaces(context.production);
    if (checked.unresolved.size === 0) {
      checked.found.clear();
      keepEarlier(checked);
      checked.verdicts.clear();
      return;
    }
    const checker = new Checker(context, unreadable, places);
    const verdicts = new Map<string, Verdict | null>();
    const found = new Map<string, FileFindings>();
    const files = filesInOrder(context.production, checked.unresolved);
    for (let f = 0; f < files.length; f++) {
      const file = files[f];
      const uri = file.parsed.uri;
      const unresolved = checked.unresolved.get(uri);
      if (!unresolved) continue;
      let kept = checked.found.get(uri);
      // Findings kept as they are while the file version, its unresolved references and their verdicts are the same.
      let same = true;
      if (!kept || kept.file !== file || kept.unresolved !== unresolved) {
        kept = carriedOver(kept?.file === file ? kept : undefined, file, unresolved);
        same = false;
      }
      // Each distinct verdict is worked out once, in file order (the suggestion budget is spent in that order).
      const { keys } = kept;
      const now = new Array<Verdict | null>(keys.length);
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        let verdict = verdicts.get(key);
        if (verdict === undefined) {
          const reference = file.references[unresolved[k]];
          verdict = checker.verdict(reference, file.parsed.kind === 'runbook');
          // Read as it read last time (or an earlier time): the same object, so the findings made from it are too.
          const before = checked.verdicts.get(key) ?? checked.earlier.get(key);
          if (verdict && before && sameVerdict(before, verdict)) verdict = before;
          verdicts.set(key, verdict);
        }
        now[k] = verdict;
        if (same && kept.verdicts[k] !== verdict) same = false;
      }
      if (!same) {
        // A reference whose verdict is the same object keeps its finding; the others get a new one.
        const findings: Finding[] = [];
        const each = new Array<Finding | null>(now.length);
        for (let k = 0; k < now.length; k++) {
          const verdict = now[k];
          let finding: Finding | null = null;
          if (verdict) {
            finding = kept.verdicts[k] === verdict ? kept.each[k] : null;
            if (!finding) {
              const index = unresolved[k];
              const reference = file.references[index];
              // A reference of this file version told this verdict before, with this severity: that finding again.
              const own = reference.uri === uri;
              const told = own ? toldOf(file) : undefined;
              if (told && told.severity === context.severity && told.verdicts[index] === verdict) finding = told.findings[index]!;
              else {
                const text = own ? file.parsed.text : (context.production.file(reference.uri)?.parsed.text ?? '');
                finding = findingOf(context.rule, context.severity, reference, text, verdict);
                if (told) {
                  if (told.severity !== context.severity) {
                    told.severity = context.severity;
                    told.verdicts = [];
                    told.findings = [];
                  }
                  told.verdicts[index] = verdict;
                  told.findings[index] = finding;
                }
              }
            }
            findings.push(finding);
          }
          each[k] = finding;
        }
        // Written out, not spread and overridden: that copy takes several times the memory.
        kept = { file: kept.file, unresolved: kept.unresolved, keys, verdicts: now, each, findings };
      }
      found.set(uri, kept);
      for (let k = 0; k < kept.findings.length; k++) context.repeat(kept.findings[k]);
    }
    checked.found = found;
    keepEarlier(checked);
    checked.verdicts = verdicts;
  },
};

/** Keeps the last run's verdicts among the earlier ones before the next run's replace them. */
function keepEarlier(checked: Checked): void {
  if (checked.earlier.size + checked.verdicts.size > EARLIER_VERDICTS_LIMIT) checked.earlier.clear();
  checked.verdicts.forEach((verdict, key) => {
    if (verdict) checked.earlier.set(key, verdict);
  });
}
