// Chains (DESIGN §7.2): one pipeline written once, built into one handoff per
// step for every unit it selects. The instances are ordinary handoffs that
// carry their origin; rules, the schedule and the views never learn about
// chains. Expanded once per production revision (see workspace.ts).
import { Memo } from '../memo';
import { copyHandoff, Indexer, int, readHandoff, spanReader, type FileModel } from '../fileModel';
import { spanOf, type ParsedFile } from '../parse';
import type { FileEntities, HandoffSpec, UnitSpec } from '../specs';
import type { Finding, NodePath, Reference, Span, SymbolDef } from '../types';
import type { Aspect } from '../fileIndex';
import { ancestorsOf, type UnitTable } from './units';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One step of a chain and the instances it built. */
export interface ChainStepInfo {
  uri: string;
  chain: string;
  step: string;
  /** Path of the step's map. */
  path: NodePath;
  /** Span of the step's name. */
  span: Span;
  /** How many units the chain selects. */
  unitCount: number;
  instances: { id: string; unit: string }[];
}

export interface ChainExpansion {
  /** The file with its instances added to its handoffs, symbols and references. */
  file: FileModel;
  steps: ChainStepInfo[];
  /** chain-invalid findings (and schema findings of asap without any start bound). */
  findings: Finding[];
}

const TOKEN = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** The values of every token a unit defines (DESIGN §7.7). */
export function tokensOf(units: ReadonlyMap<string, UnitSpec>, unit: UnitSpec, ancestors: readonly UnitSpec[] = ancestorsOf(units, unit)): Map<string, string> {
  const tokens = new Map<string, string>();
  // {<kind>}: the nearest ancestor of that kind; a field of the same name wins below.
  for (const ancestor of ancestors) if (!tokens.has(ancestor.kind)) tokens.set(ancestor.kind, ancestor.id);
  tokens.set('unit', unit.id);
  tokens.set('kind', unit.kind);
  if (unit.parent !== undefined) tokens.set('parent', unit.parent);
  for (const [key, value] of Object.entries(unit.fields)) tokens.set(key, Array.isArray(value) ? value.join(', ') : value);
  return tokens;
}

/** Does a unit match `where` (all keys; a list field matches when it holds the value)? */
function matches(unit: UnitSpec, where: Obj): boolean {
  for (const [key, wanted] of Object.entries(where)) {
    const text = String(wanted);
    const value = key === 'parent' ? unit.parent : key === 'kind' ? unit.kind : key === 'id' ? unit.id : unit.fields[key];
    if (Array.isArray(value) ? !value.includes(text) : value !== text) return false;
  }
  return true;
}

/** A file's chains, if it has any. */
export function hasChains(file: FileModel): boolean {
  const root = file.parsed.value;
  return file.parsed.kind === 'handoff' && isObj(root) && Array.isArray(root.chains) && root.chains.length > 0;
}

/** A chain file as the one-file rules may read it: the file as written, and each step's instances apart. */
export interface InstanceParts {
  /** The file as written (its own handoffs, no instances). */
  base: FileModel;
  /** Per step, in order: a file that holds only that step's instances (nothing else of the file). */
  steps: FileModel[];
}

const NO_ENTITIES: FileEntities = { colorSpaces: [], formats: [], assetTypes: [], metadata: [], namingTokens: [], templates: [], handoffs: [], runbooks: [], risks: [], decisions: [], postmortems: [] };

/** One step's instances as a file of their own, read through the chain file's text. */
class StepInstancesFile implements FileModel {
  readonly memo = new Memo();
  readonly entities: FileEntities;
  readonly symbols: SymbolDef[] = [];
  readonly references: Reference[] = [];
  readonly schemaFindings: Finding[] = [];

  constructor(
    readonly parsed: ParsedFile,
    handoffs: HandoffSpec[],
    /** Per handoff, the handoff as the one-file rules read it (see BuiltInstance.readAs). */
    readonly readAs?: readonly HandoffSpec[],
  ) {
    this.entities = { ...NO_ENTITIES, handoffs };
  }
}

/**
 * Per handoff of a step's instances (as InstanceParts.steps gives them), the
 * handoff as the one-file rules read it: itself, or the one it was retouched
 * from (see retouchSegment), whose findings it shares. Undefined for any other file.
 */
export function readAsOf(file: FileModel): readonly HandoffSpec[] | undefined {
  return file instanceof StepInstancesFile ? file.readAs : undefined;
}

/** Some instances of a step as a file of their own (as InstanceParts.steps gives them), for the one-file rules. */
export function instancesFileOf(parsed: ParsedFile, handoffs: HandoffSpec[]): FileModel {
  return new StepInstancesFile(parsed, handoffs);
}

/** What an expanded file holds in all: the file's own entities, symbols and references with those of its instances, each made on first use. */
interface ExpandedLists {
  entities: () => FileEntities;
  symbols: () => SymbolDef[];
  references: () => Reference[];
}

/** A file model with extra handoffs, symbols and references; the rest is the file's own. */
class ExpandedFile implements FileModel {
  /** Its own: what is derived from the expanded file differs from what is derived from the file as written. */
  readonly memo = new Memo();
  private madeEntities?: FileEntities;
  private madeSymbols?: SymbolDef[];
  private madeReferences?: Reference[];

  constructor(
    private readonly base: FileModel,
    /**
     * Makes each list on first use: a chain file's hold some 10,000 handoffs
     * and 70,000 references, which an edit that reads only the difference
     * (see differenceOf) need not copy.
     */
    private readonly make: ExpandedLists,
    /** The handoffs each step added, in order, and each as the one-file rules read it (a chain file's; absent for a breakdown's). */
    private readonly stepHandoffs?: { handoffs: HandoffSpec[]; readAs: HandoffSpec[] }[],
    /** The instances added, in order (a chain file's). */
    readonly built?: readonly BuiltInstance[],
    /** What this expansion built anew and dropped, against the one before it from the same instances. */
    readonly delta?: ExpansionDelta,
    /** The instances it was made from (a chain file's). */
    private readonly kept?: ChainInstances,
    /** The definitions of the units imported into it (a breakdown's). */
    readonly imported?: readonly SymbolDef[],
  ) {}

  /**
   * The entity a definition of this file names: an instance's handoff, or
   * for a definition of the file as written, that file to look it up in.
   * Undefined when not known this way (this expansion is not the last one
   * made from its instances, or it is no chain file's).
   */
  entityOf(def: SymbolDef): { entity: HandoffSpec } | { written: FileModel } | undefined {
    if (!this.kept || this.kept.last?.file !== this) return undefined;
    const entity = this.kept.handoffsByDef.get(def);
    return entity ? { entity } : { written: this.base };
  }

  get entities(): FileEntities {
    return (this.madeEntities ??= this.make.entities());
  }

  get symbols(): SymbolDef[] {
    return (this.madeSymbols ??= this.make.symbols());
  }

  get references(): Reference[] {
    return (this.madeReferences ??= this.make.references());
  }

  /** The last difference worked out from an earlier version (the model and several rules ask for the same one). */
  lastDifference?: { before: FileModel; difference: FileDifference };

  /** The file as written. */
  get written(): FileModel {
    return this.base;
  }

  /** The file as written and each step's instances as files of their own (see instancePartsOf). */
  get parts(): InstanceParts | undefined {
    if (!this.stepHandoffs) return undefined;
    return { base: this.base, steps: this.stepHandoffs.map(({ handoffs, readAs }) => new StepInstancesFile(this.base.parsed, handoffs, readAs)) };
  }

  get parsed(): ParsedFile {
    return this.base.parsed;
  }

  get schemaFindings(): Finding[] {
    return this.base.schemaFindings;
  }
}

/**
 * A chain file's parts, for the rules that read one file: what they find in
 * the expanded file is what they find in the file as written plus what they
 * find in each step's instances (they read one handoff at a time), so a step
 * whose instances are the same objects as before is not checked again.
 * Undefined for any other file.
 */
export function instancePartsOf(file: FileModel): InstanceParts | undefined {
  return file instanceof ExpandedFile ? file.parts : undefined;
}

/**
 * Where to find the entity a definition of a chain file names without a
 * map of all its definitions (see ExpandedFile.entityOf): the instance's
 * handoff, or the file as written to look it up in; undefined for any
 * other file, or an expansion that is no longer the last.
 */
export function instanceEntityOf(file: FileModel, def: SymbolDef): { entity: HandoffSpec } | { written: FileModel } | undefined {
  return file instanceof ExpandedFile ? file.entityOf(def) : undefined;
}

/** What differs between two versions of a file, by object: what only the first has and what only the second has. */
export interface FileDifference {
  handoffs: [readonly HandoffSpec[], readonly HandoffSpec[]];
  symbols: [readonly SymbolDef[], readonly SymbolDef[]];
  references: [readonly Reference[], readonly Reference[]];
  /**
   * Set when it is part of the file: the rest (the instances kept, and the
   * file as written unless it is in the difference) is the same objects in both.
   */
  partial?: boolean;
}

/**
 * What differs between two versions of a file (either may be absent). Two
 * versions of a file share nothing, except two expansions of a chain file:
 * they share the instances the edit did not rebuild (and the file as
 * written, when only units changed), so the difference is what was rebuilt.
 */
export function differenceOf(before: FileModel | undefined, after: FileModel | undefined): FileDifference {
  const all = (file: FileModel | undefined) => ({ handoffs: file?.entities.handoffs ?? [], symbols: file?.symbols ?? [], references: file?.references ?? [] });
  // Two versions of a breakdown as written with other imports: the units of the records kept are the same definitions.
  if (before instanceof ExpandedFile && after instanceof ExpandedFile && before.imported && after.imported && before.written === after.written) {
    if (after.lastDifference?.before === before) return after.lastDifference.difference;
    const [inBefore, inAfter] = [new Set(before.imported), new Set(after.imported)];
    const symbols: [SymbolDef[], SymbolDef[]] = [before.imported.filter((def) => !inAfter.has(def)), after.imported.filter((def) => !inBefore.has(def))];
    const difference: FileDifference = { handoffs: [[], []], symbols, references: [[], []], partial: true };
    after.lastDifference = { before, difference };
    return difference;
  }
  if (!(before instanceof ExpandedFile && after instanceof ExpandedFile && before.built && after.built)) {
    const [b, a] = [all(before), all(after)];
    return { handoffs: [b.handoffs, a.handoffs], symbols: [b.symbols, a.symbols], references: [b.references, a.references] };
  }
  if (after.lastDifference?.before === before) return after.lastDifference.difference;
  let gone: readonly BuiltInstance[];
  let added: readonly BuiltInstance[];
  if (after.delta?.before === before) ({ gone, added } = after.delta);
  else {
    const inBefore = new Set(before.built);
    const inAfter = new Set(after.built);
    gone = before.built.filter((instance) => !inAfter.has(instance));
    added = after.built.filter((instance) => !inBefore.has(instance));
  }
  const sameBase = before.written === after.written;
  // An instance retouched (see retouchSegment) shares its definitions and references with the one it replaced: they are in neither side.
  const goneLists = new Set<readonly unknown[]>();
  for (const instance of gone) goneLists.add(instance.symbols).add(instance.references);
  const shared = new Set<readonly unknown[]>();
  for (const instance of added) {
    if (goneLists.has(instance.symbols)) shared.add(instance.symbols);
    if (goneLists.has(instance.references)) shared.add(instance.references);
  }
  const side = (file: FileModel, instances: readonly BuiltInstance[]) => {
    const handoffs: HandoffSpec[] = sameBase ? [] : [...file.entities.handoffs];
    const symbols: SymbolDef[] = sameBase ? [] : [...file.symbols];
    const references: Reference[] = sameBase ? [] : [...file.references];
    for (const instance of instances) {
      if (instance.handoff) handoffs.push(instance.handoff);
      if (!shared.has(instance.symbols)) for (const symbol of instance.symbols) symbols.push(symbol);
      if (!shared.has(instance.references)) for (const reference of instance.references) references.push(reference);
    }
    return { handoffs, symbols, references };
  };
  const [b, a] = [side(before.written, gone), side(after.written, added)];
  // A step edit changes the file as written too: its own lists are in the difference whole, the instances kept are not.
  const difference: FileDifference = { handoffs: [b.handoffs, a.handoffs], symbols: [b.symbols, a.symbols], references: [b.references, a.references], partial: true };
  after.lastDifference = { before, difference };
  return difference;
}

/** References of a file version that the version before has not, by their index in the file's references: a run of `references` from `start`. */
export interface ReferenceRun {
  start: number;
  references: readonly Reference[];
}

/**
 * References of a file version that are the version before's (the same
 * objects, in the same order): `length` of them from `start`, which stood
 * from `from` in the version before. `chunks` holds them in order (each
 * instance's list), so they can be read without the file's whole list.
 */
export interface KeptReferences {
  start: number;
  from: number;
  length: number;
  chunks: readonly (readonly Reference[])[];
}

/**
 * A chain file's expansion's references against the previous expansion's,
 * in order and covering them all: runs kept from the version before (the
 * file as written when it is the same, and every instance kept or retouched)
 * and runs of references built anew. Undefined when they cannot be told
 * apart this way (not two consecutive expansions of one file's instances,
 * or instances kept in another order).
 */
export function rebuiltReferences(before: FileModel, after: FileModel): (ReferenceRun | KeptReferences)[] | undefined {
  if (!(before instanceof ExpandedFile && after instanceof ExpandedFile && before.built && after.built)) return undefined;
  const delta = after.delta;
  if (!delta || delta.before !== before || !delta.ordered) return undefined;
  const runs: (ReferenceRun | KeptReferences)[] = [];
  let from = 0;
  let start = 0;
  const keep = (references: readonly Reference[]) => {
    if (references.length === 0) return;
    const last = runs[runs.length - 1];
    if (last && 'from' in last && last.from + last.length === from && last.start + last.length === start) {
      last.length += references.length;
      (last.chunks as (readonly Reference[])[]).push(references);
    } else runs.push({ start, from, length: references.length, chunks: [references] });
    from += references.length;
    start += references.length;
  };
  if (before.written === after.written) keep(after.written.references);
  else {
    if (after.written.references.length > 0) runs.push({ start: 0, references: after.written.references });
    from = before.written.references.length;
    start = after.written.references.length;
  }
  const gone = new Set(delta.gone);
  const added = new Set(delta.added);
  const [was, is] = [before.built, after.built];
  let i = 0;
  let j = 0;
  while (i < was.length || j < is.length) {
    const old = i < was.length ? was[i] : undefined;
    const now = j < is.length ? is[j] : undefined;
    const dropped = old !== undefined && gone.has(old);
    const built = now !== undefined && added.has(now);
    // Kept, or retouched (see retouchSegment): it shares the dropped one's references, which stand where they stood.
    if (old !== undefined && (old === now || (dropped && built && old.references === now!.references))) {
      keep(old.references);
      i++;
      j++;
    } else if (dropped) {
      from += old.references.length;
      i++;
    } else if (built) {
      if (now.references.length > 0) runs.push({ start, references: now.references });
      start += now.references.length;
      j++;
    } else return undefined;
  }
  return runs;
}

/**
 * Whether two consecutive expansions of a chain file agree on an aspect
 * (see fileIndex.signature), from what the second built anew and dropped:
 * true or false when that tells, undefined when only the signatures can.
 * They agree when the file as written agrees, every instance kept stands
 * where it stood, and each instance built anew stands where a dropped one
 * stood, with the same ids (and depends_on, template) as it.
 */
export function sameAspect(before: FileModel, after: FileModel, aspect: Aspect, written: (file: FileModel) => string): boolean | undefined {
  if (!(before instanceof ExpandedFile && after instanceof ExpandedFile && after.delta?.before === before && after.delta.ordered)) return undefined;
  if (written(before.written) !== written(after.written)) return false;
  if (aspect === 'templates') return true;
  const delta = after.delta;
  delta.aspects ??= delta.inPlace ? compareAspects(delta) : aspectsTouched(delta);
  return delta.aspects.get(aspect) ?? true;
}

/**
 * For instances kept in order but not in place (a unit came or went): an
 * aspect the rebuilt and dropped instances add nothing to is the same (the
 * kept ones add what they added, in the same order); one they add to is
 * taken to differ, which costs a look again, never a wrong answer.
 */
function aspectsTouched(delta: ExpansionDelta): Map<Aspect, boolean> {
  const touched = new Map<Aspect, boolean>();
  for (const instance of [...delta.gone, ...delta.added]) {
    if (instance.handoff) touched.set('depends-on', false).set('handoff-templates', false);
    for (const symbol of instance.symbols) touched.set(`kind:${symbol.kind}`, false);
  }
  return touched;
}

/** Per aspect the instances speak to: whether the dropped and the rebuilt ones agree on it, place by place. */
function compareAspects(delta: ExpansionDelta): Map<Aspect, boolean> {
  return compareInPlace(delta) ?? compareByKeys(delta);
}

/**
 * The common case of compareAspects, without a key per instance: each rebuilt
 * instance stands where a dropped one stood, with the same definitions
 * (kind, scope, id, in order). Undefined when that is not so.
 */
function compareInPlace(delta: ExpansionDelta): Map<Aspect, boolean> | undefined {
  const { gone, added } = delta;
  if (gone.length !== added.length) return undefined;
  let dependsOn = true;
  let templates = true;
  for (let k = 0; k < gone.length; k++) {
    if (delta.gonePositions[k] !== delta.addedPositions[k]) return undefined;
    const [was, is] = [gone[k], added[k]];
    if (was.symbols.length !== is.symbols.length) return undefined;
    for (let j = 0; j < is.symbols.length; j++) {
      const [a, b] = [was.symbols[j], is.symbols[j]];
      if (a.kind !== b.kind || a.id !== b.id || a.scope !== b.scope) return undefined;
    }
    const [before, after] = [was.handoff, is.handoff];
    if (!before || !after) {
      if (before !== after) dependsOn = templates = false;
      continue;
    }
    if (before.id !== after.id) dependsOn = templates = false;
    if (before.template !== after.template) templates = false;
    if (before.dependsOn.length !== after.dependsOn.length || before.dependsOn.some((id, j) => id !== after.dependsOn[j])) dependsOn = false;
  }
  return new Map<Aspect, boolean>([
    ['depends-on', dependsOn],
    ['handoff-templates', templates],
  ]);
}

/** compareAspects by the keys each instance adds to each aspect's signature. */
function compareByKeys(delta: ExpansionDelta): Map<Aspect, boolean> {
  const gone = aspectKeys(delta.gone, delta.gonePositions);
  const added = aspectKeys(delta.added, delta.addedPositions);
  const same = new Map<Aspect, boolean>();
  for (const aspect of new Set([...gone.keys(), ...added.keys()])) same.set(aspect, (gone.get(aspect) ?? []).join('\n') === (added.get(aspect) ?? []).join('\n'));
  return same;
}

/** The keys each instance adds to each aspect's signature, with its place. */
function aspectKeys(instances: readonly BuiltInstance[], positions: readonly number[]): Map<Aspect, string[]> {
  const keys = new Map<Aspect, string[]>();
  const add = (aspect: Aspect, key: string) => {
    const list = keys.get(aspect);
    if (list) list.push(key);
    else keys.set(aspect, [key]);
  };
  instances.forEach((instance, k) => {
    const at = positions[k];
    const handoff = instance.handoff;
    if (handoff) {
      add('depends-on', `${at}\u001f${handoff.id}\u001f${handoff.dependsOn.join('\u001f')}`);
      add('handoff-templates', `${at}\u001f${handoff.id}\u001f${handoff.template ?? ''}`);
    }
    for (const symbol of instance.symbols) add(`kind:${symbol.kind}`, `${at}\u001f${symbol.scope ?? ''}\u001f${symbol.id}`);
  });
  return keys;
}

/** A breakdown file with the unit symbols of its imports added. */
export function withImportedUnits(file: FileModel, symbols: readonly SymbolDef[]): FileModel {
  return new ExpandedFile(file, { entities: () => file.entities, symbols: () => [...file.symbols, ...symbols], references: () => file.references }, undefined, undefined, undefined, undefined, symbols);
}

/** One instance as built from its step and unit: what it adds to the file. */
interface BuiltInstance {
  handoff?: HandoffSpec;
  symbols: SymbolDef[];
  references: Reference[];
  findings: Finding[];
  /** The definition of its handoff's id (the handoff's one symbol of kind handoff). */
  handoffDef?: SymbolDef;
  /**
   * For a retouched instance (see retouchSegment), the handoff it was first
   * built as: it differs from that one only in fields no one-file rule reads
   * (RETOUCHABLE; a test holds the rules to that), so their findings about
   * it are that one's. Absent for an instance built from its step.
   */
  readAs?: HandoffSpec;
  /** The number of the last expansion that had it (see ChainInstances.last), and its place there. */
  generation?: number;
  position?: number;
}

/** An instance as built or retouched: every field set, in one order, so that all share one hidden class. */
function builtInstance(
  handoff: HandoffSpec | undefined,
  handoffDef: SymbolDef | undefined,
  readAs: HandoffSpec | undefined,
  symbols: SymbolDef[],
  references: Reference[],
  findings: Finding[],
): BuiltInstance {
  return { handoff, symbols, references, findings, handoffDef, readAs, generation: undefined, position: undefined };
}

/** What one expansion of a chain file built anew and dropped against the one before it. */
interface ExpansionDelta {
  before: ExpandedFile;
  /** Dropped, in the order of the expansion before, with their places there. */
  gone: BuiltInstance[];
  gonePositions: number[];
  /** Built anew, in order, with their places. */
  added: BuiltInstance[];
  addedPositions: number[];
  /** Whether every instance kept stands where it stood (then the rebuilt ones stand where dropped ones stood, or at the end). */
  inPlace: boolean;
  /** Whether the instances kept stand in the order they stood in (in place or moved by those that came or went). */
  ordered: boolean;
  /** Per aspect, whether the rebuilt instances agree with the dropped ones (worked out on first use). */
  aspects?: Map<Aspect, boolean>;
}

/**
 * The instances a chain file's last expansion built, by step and unit, kept
 * by the workspace with the production (not by this module). An instance
 * depends on its step (text, place in the file, the chain around it) and its
 * unit (id, tokens, line) alone, so an edit of one step or one unit builds
 * only that step's or that unit's instances again; the others are the same
 * objects as before, which lets what is derived from them be reused too.
 */
export class ChainInstances {
  /** Step key → unit key → the instance. */
  private steps = new Map<string, Map<string, BuiltInstance>>();
  private next = new Map<string, Map<string, BuiltInstance>>();
  /** The last expansion made from these instances, its instances in order, and its number. */
  last?: { file: ExpandedFile; built: readonly BuiltInstance[]; generation: number };
  /** The handoff of each instance of the last expansion, by the definition of its id; updated by what each expansion rebuilt. */
  handoffsByDef = new Map<SymbolDef, HandoffSpec>();
  /** Step key → the step's instances for all its units, as the last expansion had them. */
  private segments = new Map<string, StepSegment>();
  private nextSegments = new Map<string, StepSegment>();
  /** Step place key → the step as the last expansion read it at that place, with its instances (see retouchSegment). */
  private places = new Map<string, PlacedStep>();
  private nextPlaces = new Map<string, PlacedStep>();
  /** The units' tokens and keys, for the unit table they were read from. */
  private table?: UnitTable;
  private units = new Map<UnitSpec, UnitInfo>();
  /** Those of the table before: a unit kept (the same object) with the same ancestors has the same tokens and key. */
  private unitsBefore = new Map<UnitSpec, UnitInfo>();

  /** Called once per expansion: what it does not ask for again is forgotten. */
  begin(table: UnitTable): void {
    this.next = new Map();
    this.nextSegments = new Map();
    this.nextPlaces = new Map();
    if (table !== this.table) {
      this.table = table;
      this.unitsBefore = this.units;
      this.units = new Map();
      this.segments = new Map();
      this.places = new Map();
    }
  }

  end(): void {
    this.unitsBefore = new Map();
    this.steps = this.next;
    this.segments = this.nextSegments;
    this.places = this.nextPlaces;
  }

  /**
   * A step's instances as the last expansion built them, when the step and
   * the units it is built for (the same objects, in the same order, from the
   * same unit table) are the same: then every instance is too, and the step
   * is taken whole, without looking at its units one by one.
   */
  reuseSegment(stepKey: string, selected: readonly UnitSpec[], place: StepPlace): StepSegment | undefined {
    const last = this.segments.get(stepKey);
    if (!last || last.units.length !== selected.length) return undefined;
    for (let k = 0; k < selected.length; k++) if (last.units[k] !== selected[k]) return undefined;
    const byUnit = this.steps.get(stepKey);
    if (byUnit) this.next.set(stepKey, byUnit);
    this.keepSegment(stepKey, last, place);
    return last;
  }

  /** Keeps a step's instances for the next expansion (see reuseSegment and retouchSegment). */
  keepSegment(stepKey: string, segment: StepSegment, place: StepPlace): void {
    this.nextSegments.set(stepKey, segment);
    this.nextPlaces.set(place.key, { ...place, segment });
  }

  /**
   * A step's instances when the step at the same place differs from the one
   * the last expansion read there in one integer field the instances only
   * carry (work, review_buffer; see RETOUCHABLE), for the same units: each
   * instance is the one before with that field set anew, sharing its
   * definitions, references and findings (their ids, spans and texts are
   * the same), so nothing derived from those is looked at again. The step's
   * text must differ only inside that field's value, which stands where it
   * stood: then every other node of the step has the span it had.
   * Undefined when that is not so (the step is built unit by unit).
   */
  retouchSegment(stepKey: string, place: StepPlace, selected: readonly UnitSpec[]): StepSegment | undefined {
    const last = this.places.get(place.key);
    if (!last) return undefined;
    const field = retouchedField(last, place);
    if (field === undefined) return undefined;
    const units = last.segment.units;
    if (units.length !== selected.length) return undefined;
    for (let k = 0; k < selected.length; k++) if (units[k] !== selected[k]) return undefined;
    const { prop } = RETOUCHABLE[field];
    const value = int(place.value[RETOUCHABLE[field].key]);
    const byUnit = new Map<string, BuiltInstance>();
    const segment: StepSegment = { units, built: [], handoffs: [], readAs: last.segment.readAs, instances: last.segment.instances, findings: last.segment.findings };
    last.segment.built.forEach((was, k) => {
      let built = was;
      if (was.handoff) {
        const handoff = copyHandoff(was.handoff);
        handoff[prop] = value;
        built = builtInstance(handoff, was.handoffDef, was.readAs ?? was.handoff, was.symbols, was.references, was.findings);
        segment.handoffs.push(handoff);
      }
      segment.built.push(built);
      const unitKey = this.unit(units[k]).key;
      if (!byUnit.has(unitKey)) byUnit.set(unitKey, built);
    });
    this.next.set(stepKey, byUnit);
    this.keepSegment(stepKey, segment, place);
    return segment;
  }

  /** A unit's tokens and key, worked out once per unit table. */
  unit(unit: UnitSpec): { tokens: Map<string, string>; key: string } {
    let info = this.units.get(unit);
    if (!info) {
      const ancestors = ancestorsOf(this.table!.byId, unit);
      const was = this.unitsBefore.get(unit);
      if (was && was.ancestors.length === ancestors.length && was.ancestors.every((ancestor, k) => ancestor === ancestors[k])) info = was;
      else {
        const tokens = tokensOf(this.table!.byId, unit, ancestors);
        info = { tokens, key: unitKeyOf(unit, tokens), ancestors };
      }
      this.units.set(unit, info);
    }
    return info;
  }

  /** The instances of one step, by unit key: those built before for the same step key are reused. */
  step(stepKey: string): (unitKey: string, build: () => BuiltInstance) => BuiltInstance {
    let fresh = this.next.get(stepKey);
    if (!fresh) this.next.set(stepKey, (fresh = new Map()));
    const made = fresh;
    const before = this.steps.get(stepKey);
    return (unitKey, build) => {
      // A unit listed twice gets two instances, as from scratch: never one object twice.
      if (made.has(unitKey)) return build();
      const built = before?.get(unitKey) ?? build();
      made.set(unitKey, built);
      return built;
    };
  }
}

/**
 * The integer fields of a step that its instances carry as they are, which
 * no token, definition, reference or finding reads: a change of one of them
 * alone is made on the instances before (see retouchSegment).
 */
const RETOUCHABLE = [
  { key: 'work', prop: 'work' },
  { key: 'review_buffer', prop: 'reviewBuffer' },
] as const;

/** A step as an expansion read it at its place in the file. */
interface StepPlace {
  /** The step's place: chain, index, the chain's id and earliest, where the step and its name start, the ids of the chain's steps. */
  key: string;
  value: Obj;
  /** The step's text and where it starts in the file. */
  text: string;
  start: number;
  /** The span of each RETOUCHABLE field's value, in order (undefined when the step has none). */
  fieldSpans: (Span | undefined)[];
}

/** What the last expansion read and built at a step's place. */
interface PlacedStep extends StepPlace {
  segment: StepSegment;
}

/**
 * The index in RETOUCHABLE of the one field in which a step differs from the
 * one read at its place before, with the text differing only inside that
 * field's value, of the same span, and the values numbers; undefined
 * otherwise.
 */
function retouchedField(last: StepPlace, now: StepPlace): number | undefined {
  if (last.start !== now.start || last.text.length !== now.text.length || last.text === now.text) return undefined;
  const keys = Object.keys(now.value);
  const lastKeys = Object.keys(last.value);
  if (keys.length !== lastKeys.length || keys.some((key, k) => key !== lastKeys[k])) return undefined;
  let field: number | undefined;
  for (const key of keys) {
    const [was, is] = [last.value[key], now.value[key]];
    if (was === is || (typeof was === 'object' && typeof is === 'object' && JSON.stringify(was) === JSON.stringify(is))) continue;
    const index = RETOUCHABLE.findIndex((candidate) => candidate.key === key);
    if (index < 0 || field !== undefined || typeof was !== 'number' || typeof is !== 'number') return undefined;
    field = index;
  }
  if (field === undefined) return undefined;
  const [was, is] = [last.fieldSpans[field], now.fieldSpans[field]];
  if (!was || !is || was.start !== is.start || was.end !== is.end) return undefined;
  let first = 0;
  while (last.text.charCodeAt(first) === now.text.charCodeAt(first)) first++;
  let end = now.text.length;
  while (last.text.charCodeAt(end - 1) === now.text.charCodeAt(end - 1)) end--;
  return now.start + first >= is.start && now.start + end <= is.end ? field : undefined;
}

/** One step's instances for every unit its chain selects, in order. */
interface StepSegment {
  /** The units, in order (a unit listed twice is there twice). */
  units: readonly UnitSpec[];
  built: BuiltInstance[];
  /** The handoffs of `built`, in order (an instance without an id has none). */
  handoffs: HandoffSpec[];
  /** Each of `handoffs` as the one-file rules read it (see BuiltInstance.readAs). */
  readAs: HandoffSpec[];
  instances: { id: string; unit: string }[];
  findings: Finding[];
}

/** A unit's tokens and key (see unitKeyOf), with the ancestors they were read from. */
interface UnitInfo {
  tokens: Map<string, string>;
  key: string;
  ancestors: readonly UnitSpec[];
}

/** What an instance takes from its unit: id, tokens and where the unit is written. */
function unitKeyOf(unit: UnitSpec, tokens: ReadonlyMap<string, string>): string {
  const parts = [unit.id, unit.uri, String(unit.span.start), String(unit.span.end)];
  for (const [name, value] of tokens) parts.push(name, value);
  return parts.join('\u001f');
}

/**
 * Builds a chain file's instances for the production's units.
 * @param kept the instances built for earlier versions of this file, reused where their step and unit are the same
 */
export function expandChains(file: FileModel, units: UnitTable, kept?: ChainInstances): ChainExpansion {
  const parsed = file.parsed;
  const uri = parsed.uri;
  const root = parsed.value as Obj;
  const findings: Finding[] = [];
  const steps: ChainStepInfo[] = [];
  const reader = spanReader(parsed);
  const stepHandoffs: { handoffs: HandoffSpec[]; readAs: HandoffSpec[] }[] = [];
  const builtInstances: BuiltInstance[] = [];
  const cache = kept ?? new ChainInstances();
  cache.begin(units);
  const span = (path: NodePath, part: 'key' | 'value' = 'value') => spanOf(parsed, path, part);
  const finding = (path: NodePath, message: string, unit?: UnitSpec, part: 'key' | 'value' = 'value'): Finding => ({
      rule: 'chain-invalid',
      uri,
      span: span(path, part),
      message,
      related: unit ? [{ location: { uri: unit.uri, span: unit.span }, message: `Unit '${unit.id}' (${unit.kind}).` }] : undefined,
    });
  const invalid = (path: NodePath, message: string, unit?: UnitSpec, part: 'key' | 'value' = 'value') => findings.push(finding(path, message, unit, part));

  (root.chains as unknown[]).forEach((chainValue, c) => {
    if (!isObj(chainValue)) return;
    const chainPath: NodePath = ['chains', c];
    const chainId = typeof chainValue.chain === 'string' ? chainValue.chain : `chain-${c + 1}`;
    // The units it selects.
    let selected: UnitSpec[] = [];
    if (Array.isArray(chainValue.units)) {
      chainValue.units.forEach((id, k) => {
        const unit = typeof id === 'string' ? units.byId.get(id) : undefined;
        if (unit) selected.push(unit);
        else if (typeof id === 'string') invalid([...chainPath, 'units', k], `Chain '${chainId}' lists '${id}', which is no unit of the breakdown; add it to a *.breakdown.yaml or correct the id.`);
      });
    } else if (isObj(chainValue.for_each)) {
      const kind = chainValue.for_each.kind;
      const where = isObj(chainValue.for_each.where) ? chainValue.for_each.where : {};
      selected = units.all.filter((unit) => units.byId.get(unit.id) === unit && unit.kind === kind && matches(unit, where));
      if (selected.length === 0 && typeof kind === 'string') {
        const at = isObj(chainValue.for_each.where) ? [...chainPath, 'for_each', 'where'] : [...chainPath, 'for_each'];
        const whereText = Object.entries(where).map(([key, value]) => `${key}: ${String(value)}`).join(', ');
        invalid(at, `Chain '${chainId}' selects no unit: no ${kind}${whereText ? ` has ${whereText}` : ' is in the breakdown'}; correct the kind or the values, or add the units.`);
      }
    }
    const stepValues = Array.isArray(chainValue.steps) ? chainValue.steps : [];
    const stepNames = new Set<string>();
    for (const step of stepValues) if (isObj(step) && typeof step.step === 'string') stepNames.add(step.step);
    const selectedIds = new Set(selected.map((unit) => unit.id));
    const overrides = isObj(chainValue.overrides) ? chainValue.overrides : {};
    for (const [unitId, perStep] of Object.entries(overrides)) {
      const overridePath = [...chainPath, 'overrides', unitId];
      if (!selectedIds.has(unitId)) {
        invalid(overridePath, `Override for '${unitId}', which chain '${chainId}' does not select${units.byId.has(unitId) ? '' : ' (it is no unit)'}; correct the unit id or remove the override.`, units.byId.get(unitId), 'key');
        continue;
      }
      if (!isObj(perStep)) continue;
      for (const stepName of Object.keys(perStep)) {
        if (!stepNames.has(stepName)) {
          invalid([...overridePath, stepName], `Override names step '${stepName}', which chain '${chainId}' does not have; its steps are ${[...stepNames].map((s) => `'${s}'`).join(', ')}.`, units.byId.get(unitId), 'key');
        }
      }
    }
    const chainEarliest = typeof chainValue.earliest === 'string' ? chainValue.earliest : undefined;

    stepValues.forEach((stepValue, s) => {
      if (!isObj(stepValue) || typeof stepValue.step !== 'string') return;
      const stepName = stepValue.step;
      const stepPath: NodePath = [...chainPath, 'steps', s];
      const info: ChainStepInfo = { uri, chain: chainId, step: stepName, path: stepPath, span: span([...stepPath, 'step']), unitCount: selected.length, instances: [] };
      steps.push(info);
      // Everything an instance takes from the step and the chain around it; spans included, through the step's place and text.
      const stepSpan = span(stepPath);
      const place: StepPlace = {
        key: [c, s, chainId, chainEarliest ?? '', stepSpan.start, info.span.start, JSON.stringify(stepValues.map((other) => (isObj(other) ? [other.step, other.id] : null)))].join('\u001f'),
        value: stepValue,
        text: parsed.text.slice(stepSpan.start, stepSpan.end),
        start: stepSpan.start,
        fieldSpans: RETOUCHABLE.map(({ key }) => (key in stepValue ? span([...stepPath, key]) : undefined)),
      };
      const stepKey = [place.key, place.text, JSON.stringify(stepValue)].join('\u001f');
      // Each string of the step split once at its tokens (odd places hold token names), not matched again per unit.
      const split = new Map<string, string[]>();
      const build = (unit: UnitSpec, tokens: ReadonlyMap<string, string>): BuiltInstance => {
        const indexer = new Indexer(parsed, reader);
        const own: Finding[] = [];
        const invalidHere = (path: NodePath, message: string) => own.push(finding(path, message, unit));
        const override = isObj(overrides[unit.id]) && isObj((overrides[unit.id] as Obj)[stepName]) ? ((overrides[unit.id] as Obj)[stepName] as Obj) : {};
        const merged: Obj = { ...stepValue, ...override };
        // Substitute every string, reporting unknown tokens at the text holding them.
        const substitute = (value: unknown, path: NodePath): unknown => {
          if (typeof value === 'string') {
            let parts = split.get(value);
            if (!parts) split.set(value, (parts = value.split(TOKEN)));
            if (parts.length === 1) return value;
            let out = parts[0];
            for (let k = 1; k < parts.length; k += 2) {
              const name = parts[k];
              const replacement = tokens.get(name);
              if (replacement !== undefined) out += replacement;
              else {
                const known = [...tokens.keys()].map((t) => `{${t}}`).join(', ');
                invalidHere(path, `Unknown token '{${name}}' for unit '${unit.id}': no such field, parent or ancestor kind; tokens it has are ${known}.`);
                out += `{${name}}`;
              }
              out += parts[k + 1];
            }
            return out;
          }
          if (Array.isArray(value)) return value.map((item, k) => substitute(item, [...path, k]));
          if (isObj(value)) {
            const out: Obj = {};
            for (const [key, item] of Object.entries(value)) out[key] = substitute(item, [...path, key]);
            return out;
          }
          return value;
        };
        const item: Obj = {};
        for (const [key, value] of Object.entries(merged)) {
          if (key === 'step') continue;
          const fieldPath = key in override ? [...chainPath, 'overrides', unit.id, stepName, key] : [...stepPath, key];
          item[key] = substitute(value, fieldPath);
        }
        const id = typeof item.id === 'string' ? item.id : `${stepName}-${unit.id}`;
        item.id = id;
        // depends_on names steps of the same unit first (a step name wins over a handoff id).
        if (Array.isArray(item.depends_on)) {
          const stepInstanceId = (name: unknown): unknown => {
            if (typeof name !== 'string' || !stepNames.has(name)) return name;
            const other = stepValues.find((candidate) => isObj(candidate) && candidate.step === name) as Obj;
            if (typeof other.id === 'string') return (substitute(other.id, [...stepPath, 'depends_on']) as string) || name;
            return `${name}-${unit.id}`;
          };
          item.depends_on = item.depends_on.map((entry) => (isObj(entry) ? { ...entry, id: stepInstanceId(entry.id) } : stepInstanceId(entry)));
        }
        const handoff = readHandoff(indexer, item, stepPath, uri);
        if (!handoff) return builtInstance(undefined, undefined, undefined, indexer.symbols, indexer.references, own);
        // Definition of an instance id: its step's name.
        const def = indexer.symbols[indexer.symbols.length - 1];
        if (def && def.kind === 'handoff' && def.id === id) def.span = info.span;
        handoff.unit = unit.id;
        handoff.earliest ??= chainEarliest;
        handoff.origin = { chain: chainId, step: stepName, unit: unit.id, node: stepPath };
        return builtInstance(handoff, indexer.symbols.find((symbol) => symbol.kind === 'handoff'), undefined, indexer.symbols, indexer.references, own);
      };
      // An override's spans lie outside the step: such an instance is built every time (overrides are few).
      const overridden = (unit: UnitSpec) => isObj(overrides[unit.id]) && isObj((overrides[unit.id] as Obj)[stepName]);
      const anyOverride = Object.values(overrides).some((perStep) => isObj(perStep) && isObj(perStep[stepName]));
      let segment = anyOverride ? undefined : (cache.reuseSegment(stepKey, selected, place) ?? cache.retouchSegment(stepKey, place, selected));
      if (!segment) {
        segment = { units: selected, built: [], handoffs: [], readAs: [], instances: [], findings: [] };
        const instanceOf = cache.step(stepKey);
        for (const unit of selected) {
          const { tokens, key: unitKey } = cache.unit(unit);
          const built = anyOverride && overridden(unit) ? build(unit, tokens) : instanceOf(unitKey, () => build(unit, tokens));
          segment.built.push(built);
          for (const found of built.findings) segment.findings.push(found);
          if (!built.handoff) continue;
          segment.handoffs.push(built.handoff);
          segment.readAs.push(built.readAs ?? built.handoff);
          segment.instances.push({ id: built.handoff.id, unit: unit.id });
        }
        if (!anyOverride) cache.keepSegment(stepKey, segment, place);
      }
      info.instances = segment.instances;
      stepHandoffs.push({ handoffs: segment.handoffs, readAs: segment.readAs });
      for (const built of segment.built) builtInstances.push(built);
      for (const found of segment.findings) findings.push(found);
    });
  });
  cache.end();
  const make: ExpandedLists = {
    entities: () => {
      const handoffs = [...file.entities.handoffs];
      for (const step of stepHandoffs) for (const handoff of step.handoffs) handoffs.push(handoff);
      return { ...file.entities, handoffs };
    },
    // Symbols must line up with the handoff entities (one per definition, in order).
    symbols: () => {
      const symbols = [...file.symbols];
      // The file's own handoff symbols come first, like its own handoffs.
      for (const built of builtInstances) for (const symbol of built.symbols) if (symbol.kind === 'handoff') symbols.push(symbol);
      for (const built of builtInstances) for (const symbol of built.symbols) if (symbol.kind !== 'handoff') symbols.push(symbol);
      return symbols;
    },
    references: () => {
      const references = [...file.references];
      for (const built of builtInstances) for (const reference of built.references) references.push(reference);
      return references;
    },
  };
  const generation = (cache.last?.generation ?? 0) + 1;
  const delta = deltaOf(cache.last, builtInstances, generation);
  const expanded = new ExpandedFile(file, make, stepHandoffs, builtInstances, delta, cache);
  if (delta) {
    // The new first: a retouched instance's definition is the dropped one's, and keeps its entry (set in place, not taken out and put back).
    for (const instance of delta.added) if (instance.handoffDef && instance.handoff) cache.handoffsByDef.set(instance.handoffDef, instance.handoff);
    for (const instance of delta.gone) if (instance.handoffDef && cache.handoffsByDef.get(instance.handoffDef) === instance.handoff) cache.handoffsByDef.delete(instance.handoffDef);
  } else {
    cache.handoffsByDef = new Map();
    for (const instance of builtInstances) if (instance.handoffDef && instance.handoff) cache.handoffsByDef.set(instance.handoffDef, instance.handoff);
  }
  cache.last = { file: expanded, built: builtInstances, generation };
  return { file: expanded, steps, findings };
}

/**
 * What an expansion built anew and dropped against the last one from the
 * same instances, and the places of each: an instance carries the number
 * of the last expansion that had it and its place there.
 */
function deltaOf(last: { file: ExpandedFile; built: readonly BuiltInstance[]; generation: number } | undefined, built: readonly BuiltInstance[], generation: number): ExpansionDelta | undefined {
  const added: BuiltInstance[] = [];
  const addedPositions: number[] = [];
  let inPlace = true;
  let ordered = true;
  let lastPosition = -1;
  for (let k = 0; k < built.length; k++) {
    const instance = built[k];
    if (last && instance.generation === last.generation) {
      if (instance.position !== k) inPlace = false;
      if (instance.position! < lastPosition) ordered = false;
      lastPosition = instance.position!;
    } else {
      added.push(instance);
      addedPositions.push(k);
    }
    instance.generation = generation;
    instance.position = k;
  }
  if (!last) return undefined;
  const gone: BuiltInstance[] = [];
  const gonePositions: number[] = [];
  last.built.forEach((instance, k) => {
    if (instance.generation === generation) return;
    gone.push(instance);
    gonePositions.push(k);
  });
  return { before: last.file, gone, gonePositions, added, addedPositions, inPlace, ordered };
}
