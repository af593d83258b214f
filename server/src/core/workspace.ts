// The workspace model: every spec file by URI, grouped into productions (the
// nearest *.production.yaml up the folder tree governs a file). Files are
// parsed and indexed once per version; an edit re-links and re-checks only the
// production the file belongs to, and the new production model is made from
// the one it replaces so that what the edit did not touch is not checked again.
import { analyzeProductionChanges, type AnalysisOptions } from './analysis';
import { buildFileModel, type FileModel } from './fileModel';
import { parseOcioConfig, type OcioLoaded, type OcioSource } from './ocio';
import { fileKindOf, parseSpecText } from './parse';
import { SYMBOL_KINDS } from './fileIndex';
import { ChainInstances, expandChains, hasChains, withImportedUnits, type ChainStepInfo } from './model/chains';
import { buildUnits, importsOf, type ImportedText, type UnitTable } from './model/units';
import { ProductionModel, type ProductionExtras } from './production';
import { handoffCycleSteps } from './rules/dependency-cycle';
import { Sequence } from './memo';
import { validateSchema } from './schema';
import { FILE_KINDS, type Diagnostic, type FileKind, type Finding, type SymbolKind } from './types';

/**
 * How much a warm-up step reads: a few milliseconds' work at most, so that a
 * document opened or a request sent while the server warms up waits no longer.
 */
const WARM_STEP = { filesPerStep: 50, handoffsPerStep: 1000 };

/** The kinds whose referrers the warm-up indexes: units too, since a shot list changed brings units that come or go, whose referrers are looked up. */
const REFERENCED_KINDS: readonly SymbolKind[] = [...SYMBOL_KINDS, 'unit'];

/** The largest file whose validation warms its kind's schema validator (a step stays a few milliseconds). */
const WARM_VALIDATION_BYTES = 16_384;

interface Group {
  uris: Set<string>;
  /** The governed files in model order (production files first, then by URI); undefined after a file came or went. */
  order?: string[];
  /** The files the last model was made from (before expansion), kept while the same files are governed; see BaseFiles. */
  base?: BaseFiles;
  /** The URIs of files that have another version since the last model was made. */
  dirty: Set<string>;
  model?: ProductionModel;
  /** The last model, kept after a change until the next one is made from it. */
  previous?: ProductionModel;
  /** The production's diagnostics by file (the analysis's own map), undefined while they need to be found again. */
  diagnostics?: ReadonlyMap<string, Diagnostic[]>;
  optionsKey?: string;
  /** The units and chain instances last built for this production (DESIGN §7.1–7.2), reused while their inputs stay. */
  expansion?: GroupExpansion;
  /** Per chain file: the instances its last expansion built, reused for the steps and units an edit did not change. */
  instances?: Map<string, ChainInstances>;
  /** The model of the last good schedule while a file does not parse, with the files it was made from. */
  lastGood?: { inputs: FileModel[]; model: ProductionModel };
}

/** A production as its schedule should be shown: the last good one, marked stale, while some of its files do not parse. */
export interface ScheduleSource {
  production: ProductionModel;
  /** Set when `production` is made from the last version that parsed of these files (URIs), which do not parse now. */
  stale?: string[];
}

/**
 * A production's governed files in model order, as the last model was made
 * from them: an edit puts its files' new versions in their places instead of
 * looking every file up again, and the files that expansion replaces
 * (breakdowns, chain files) are known without looking at every file.
 */
interface BaseFiles {
  /** The order they are in (the group's order array while no file came or went). */
  order: string[];
  files: FileModel[];
  /** Each URI's place in files. */
  at: Map<string, number>;
  /** The places of breakdown files. */
  breakdowns: number[];
  /** The places of files with chains. */
  chains: Set<number>;
}

interface GroupExpansion {
  breakdowns: FileModel[];
  imports: (ImportedText | undefined)[];
  table: UnitTable;
  /** Per file version: the file with its imported units or chain instances. */
  derived: Map<FileModel, { file: FileModel; steps: ChainStepInfo[]; findings: Finding[] }>;
}

export function folderOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash < 0 ? '' : uri.slice(0, slash);
}

export class Workspace {
  private readonly files = new Map<string, FileModel>();
  /** Numbers every production revision of this workspace and its generations. */
  private readonly sequence = new Sequence();
  private productionFolders: string[] = [];
  private groups = new Map<string, Group>();
  private groupOf = new Map<string, string>();
  private regroupNeeded = false;
  /** OCIO configs the host read for the productions that name one, parsed, by URI. */
  private readonly ocioConfigs = new Map<string, OcioLoaded>();
  /** The shot lists breakdown files import (CSV, OTIO), as the host read them. */
  private readonly imports = new Map<string, ImportedText>();
  /**
   * The last version that parsed of each file that does not parse now: the
   * timeline and code lenses keep showing the schedule made from it (marked
   * stale) instead of what the parser guessed from the broken text.
   */
  private readonly lastParsed = new Map<string, FileModel>();
  /** The kinds whose schema validator has run on this thread (see warmValidator). */
  private readonly validatorsRun = new Set<FileKind>();
  /** How many files of each kind are held (the warm-up skips the kinds of none). */
  private readonly kindCounts = new Map<FileKind, number>();
  /** The breakdown files held. */
  private readonly breakdownUris = new Set<string>();
  /** Every file's diagnostics as diagnostics() last gave them (see there). */
  private readonly allDiagnostics = new Map<string, Diagnostic[]>();
  /** Set when files came, went or moved between productions: allDiagnostics is made again, in order. */
  private allStale = true;
  /** The URIs whose diagnostics changed since takeDiagnosticChanges; undefined: any may have. */
  private diagnosticChanges: Set<string> | undefined;

  /**
   * Sets what the host read for an imported shot list (its text, or why
   * there is none). Productions that import it are checked again.
   */
  setImport(uri: string, read: ImportedText): void {
    const existing = this.imports.get(uri);
    if (existing && existing.text === read.text && existing.error === read.error && existing.tooLarge === read.tooLarge) return;
    this.imports.set(uri, read);
    this.invalidateImporters(uri);
  }

  /** Whether the host has given what it read for this shot list. */
  hasImport(uri: string): boolean {
    return this.imports.has(uri);
  }

  /** The breakdown files that import this shot list (their import entries report on it). */
  importersOf(uri: string): string[] {
    const importers: string[] = [];
    for (const file of this.files.values()) if (importsOf(file).some((entry) => entry.uri === uri)) importers.push(file.parsed.uri);
    return importers;
  }

  removeImport(uri: string): void {
    if (this.imports.delete(uri)) this.invalidateImporters(uri);
  }

  /** The URIs of every shot list a breakdown file imports: what the host reads and watches. */
  wantedImports(): string[] {
    const uris = new Set<string>();
    // Only breakdowns import: the host asks after every analysis, which must not look at every file.
    for (const uri of this.breakdownUris) for (const { uri: imported } of importsOf(this.files.get(uri)!)) uris.add(imported);
    return [...uris];
  }

  private invalidateImporters(uri: string): void {
    for (const group of this.groups.values()) {
      // The expansion stays: it tells the new read from the one it was built with, and its CSV reads are where a changed shot list is read from.
      if (!group.expansion || group.expansion.table.importUris.includes(uri)) this.invalidate(group);
    }
  }

  /**
   * The governed files with imported units and chain instances added, and what the model needs of them.
   * @param special the places of the breakdown files and of the files with chains (found by looking at every file when not given)
   */
  private expand(group: Group, files: readonly FileModel[], special?: { breakdowns: readonly number[]; chains: ReadonlySet<number> }): { files: readonly FileModel[]; extras?: ProductionExtras; replaced: number[] } {
    special ??= placesOf(files);
    if (special.breakdowns.length === 0 && special.chains.size === 0) {
      group.expansion = undefined;
      return { files, replaced: [] };
    }
    let expansion = group.expansion;
    const breakdowns = special.breakdowns.map((at) => files[at]);
    const importUris = breakdowns.flatMap((file) => importsOf(file).map(({ uri }) => uri));
    const imports = importUris.map((uri) => this.imports.get(uri));
    const same =
      expansion !== undefined &&
      expansion.breakdowns.length === breakdowns.length &&
      expansion.breakdowns.every((file, k) => file === breakdowns[k]) &&
      expansion.imports.length === imports.length &&
      expansion.imports.every((read, k) => read === imports[k]);
    if (!same) {
      const table = buildUnits(breakdowns, (uri) => this.imports.get(uri), expansion?.table);
      expansion = { breakdowns, imports, table, derived: new Map() };
    }
    const derived = new Map<FileModel, { file: FileModel; steps: ChainStepInfo[]; findings: Finding[] }>();
    const out = files.slice();
    const steps: ChainStepInfo[] = [];
    const findings: Finding[] = [...expansion!.table.findings];
    // Only breakdowns and chain files are replaced, in model order (steps and findings follow it).
    const replaced = [...new Set([...special.breakdowns, ...special.chains])].sort((a, b) => a - b);
    const chainUris = new Set<string>();
    for (const at of replaced) {
      const file = files[at];
      let made = expansion!.derived.get(file);
      if (!made) {
        const symbols = expansion!.table.importedSymbols.get(file.parsed.uri);
        if (file.parsed.kind === 'breakdown' && symbols) made = { file: withImportedUnits(file, symbols), steps: [], findings: [] };
        else if (hasChains(file)) {
          group.instances ??= new Map();
          let kept = group.instances.get(file.parsed.uri);
          if (!kept) group.instances.set(file.parsed.uri, (kept = new ChainInstances()));
          made = expandChains(file, expansion!.table, kept);
        }
      }
      if (hasChains(file)) chainUris.add(file.parsed.uri);
      if (!made) continue;
      derived.set(file, made);
      out[at] = made.file;
      for (const step of made.steps) steps.push(step);
      for (const finding of made.findings) findings.push(finding);
    }
    expansion!.derived = derived;
    group.expansion = expansion;
    if (group.instances && group.instances.size > chainUris.size) {
      for (const uri of group.instances.keys()) if (!chainUris.has(uri)) group.instances.delete(uri);
    }
    return { files: out, extras: { units: expansion!.table, chainSteps: steps, expansionFindings: findings }, replaced };
  }

  /**
   * Adds or replaces a file. Returns false (and keeps nothing) when the name is
   * not a spec file's. Unchanged text is not parsed again.
   */
  setFile(uri: string, text: string, version = 0): boolean {
    const kind = fileKindOf(uri);
    if (!kind) return false;
    const existing = this.files.get(uri);
    if (existing && existing.parsed.text === text) {
      if (existing.parsed.version !== version) existing.parsed.version = version;
      return true;
    }
    // The same result as parseSpecFile, the fastest way the text allows.
    return this.setModel(buildFileModel(parseSpecText(uri, text, version, kind)));
  }

  /** Puts back a file model this workspace held before (a closed editor's file as it is on disk): nothing is parsed. */
  setModel(model: FileModel): boolean {
    const uri = model.parsed.uri;
    const kind = fileKindOf(uri);
    if (!kind || kind !== model.parsed.kind) return false;
    const existing = this.files.get(uri);
    if (existing === model) return true;
    if (!parses(model)) {
      if (existing && parses(existing)) this.lastParsed.set(uri, existing);
    } else this.lastParsed.delete(uri);
    this.files.set(uri, model);
    if (!existing) this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    if (kind === 'breakdown') this.breakdownUris.add(uri);
    if (kind === 'production' && !existing) this.regroupNeeded = true;
    else this.touch(uri);
    return true;
  }

  /**
   * Sets the text of an OCIO config a production names (or why the host
   * could not read it); the productions that name it are checked again.
   */
  setOcioSource(uri: string, source: OcioSource): void {
    this.ocioConfigs.set(uri, 'text' in source ? parseOcioConfig(source.text) : { problem: source.problem });
    this.invalidateOcioUsers(uri);
  }

  removeOcioSource(uri: string): void {
    if (this.ocioConfigs.delete(uri)) this.invalidateOcioUsers(uri);
  }

  /** Whether the host gave this URI as an OCIO config. */
  hasOcioSource(uri: string): boolean {
    return this.ocioConfigs.has(uri);
  }

  /** The OCIO configs the productions name (for the host to read and watch), each once. */
  ocioUris(): string[] {
    const uris = new Set<string>();
    for (const production of this.productions()) {
      const uri = production.ocioUri;
      if (uri !== undefined) uris.add(uri);
    }
    return [...uris].sort();
  }

  private invalidateOcioUsers(uri: string): void {
    for (const group of this.groups.values()) {
      const model = group.model ?? group.previous;
      if (!model || model.ocioUri === uri) this.invalidate(group);
    }
  }

  removeFile(uri: string): boolean {
    const existing = this.files.get(uri);
    if (!existing) return false;
    this.touch(uri);
    this.files.delete(uri);
    this.kindCounts.set(existing.parsed.kind, (this.kindCounts.get(existing.parsed.kind) ?? 1) - 1);
    this.breakdownUris.delete(uri);
    this.lastParsed.delete(uri);
    this.allStale = true;
    if (existing.parsed.kind === 'production') this.regroupNeeded = true;
    else {
      const key = this.groupOf.get(uri);
      const group = key === undefined ? undefined : this.groups.get(key);
      group?.uris.delete(uri);
      if (group) group.order = undefined;
      if (group && group.uris.size === 0) this.groups.delete(key!);
      this.groupOf.delete(uri);
    }
    return true;
  }

  /** Drops every file under a folder (a workspace folder closed). */
  removeFolder(folderUri: string): string[] {
    const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
    const removed = [...this.files.keys()].filter((uri) => uri.startsWith(prefix));
    for (const uri of removed) this.removeFile(uri);
    return removed;
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  file(uri: string): FileModel | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  get size(): number {
    return this.files.size;
  }

  /** The production that governs a file ('' key when none does). */
  productionOf(uri: string): ProductionModel | undefined {
    this.regroup();
    const key = this.groupOf.get(uri);
    return key === undefined ? undefined : this.model(key);
  }

  productions(): ProductionModel[] {
    this.regroup();
    return [...this.groups.keys()].sort().map((key) => this.model(key));
  }

  /**
   * What the first edit of each kind would otherwise build lazily (the
   * referencer indexes, the schedule's problems, the depends_on cycles, the dates kept by handoff), as small steps a host runs one at a
   * time while idle, so that the first edit after opening a workspace is as
   * fast as the later ones. First, each kind's schema validator runs once on
   * this thread unless warmValidator ran it: they are compiled at build
   * time, but a host that parses in worker threads never ran them here, and
   * V8 compiles a function the first time it runs (the production file's
   * first edit at 10,000 handoffs spent 2 ms of its validation on that).
   */
  *warmUpSteps(sizes: { filesPerStep: number; handoffsPerStep: number } = WARM_STEP): Generator<() => void> {
    this.regroup();
    // First the validators (a step each, the longest of them some milliseconds: V8 compiles a function the first
    // time it runs), while the editor is still taking in the diagnostics of the whole workspace.
    for (const kind of this.kindsToWarm()) {
      yield () => {
        for (const file of this.files.values()) if (file.parsed.kind === kind && this.warmValidator(file)) return;
      };
    }
    for (const key of [...this.groups.keys()]) {
      if (key === '') continue;
      // Then what the first moved due date asks for (the depends_on cycles, then the schedule's problems), then the indexes of referrers.
      yield* this.whileCurrent(key, (production) => handoffCycleSteps(production, sizes.handoffsPerStep));
      yield () => {
        const production = this.currentModel(key);
        if (production && production.handoffs.length > 0) void production.scheduleProblems;
      };
      // The dependants of each handoff, which the first edit moving dates reads (the cold analysis does not).
      yield* this.whileCurrent(key, (production) => production.dependantsSteps(sizes.filesPerStep));
      yield* this.whileCurrent(key, (production) => production.indexReferencersSteps(REFERENCED_KINDS, sizes.filesPerStep));
      // Then the dates an edit keeps by handoff, which the first edit moving an asap upstream would otherwise work out upstream of it.
      yield* this.whileCurrent(key, (production) => production.planSteps(sizes.handoffsPerStep));
    }
  }

  /** The kinds of the files held whose validator has not run on this thread (a kind of no file is not looked for: a walk of every file each). */
  private kindsToWarm(): FileKind[] {
    return FILE_KINDS.filter((kind) => !this.validatorsRun.has(kind) && (this.kindCounts.get(kind) ?? 0) > 0);
  }

  /**
   * Runs the schema validator of a file's kind once on this thread, when it
   * has not run here yet and the file is small (the functions are what is
   * warmed, not the file); says whether it ran. A host parsing a scan on
   * worker threads calls it with the files as they come in, while this
   * thread waits for them, so that neither the warm-up nor the first
   * document opened of a kind pays V8's compiling of the validator (some
   * milliseconds a kind).
   */
  warmValidator(file: FileModel): boolean {
    const { kind, text } = file.parsed;
    if (this.validatorsRun.has(kind) || text.length > WARM_VALIDATION_BYTES) return false;
    this.validatorsRun.add(kind);
    validateSchema(file.parsed);
    return true;
  }

  /**
   * About how many steps warmUpSteps takes with these sizes (a host pacing
   * them reads its progress from it): a step for each kind of the files held
   * whose validator has not run on this thread, then per production
   * one for the schedule's problems and, per `filesPerStep` files, one for
   * the dependants and one for the referrers of every kind, and one per
   * `handoffsPerStep` handoffs for the dates kept by handoff when some
   * handoff starts asap (the cycles, which the first analysis keeps, take
   * none).
   */
  warmUpStepCount(sizes: { filesPerStep: number; handoffsPerStep: number } = WARM_STEP): number {
    this.regroup();
    let count = this.kindsToWarm().length;
    for (const key of this.groups.keys()) {
      if (key === '') continue;
      const production = this.model(key);
      count += 1 + 2 * Math.ceil(production.files.length / sizes.filesPerStep) + (production.hasAsap ? Math.ceil(production.handoffs.length / sizes.handoffsPerStep) : 0);
    }
    return count;
  }

  /**
   * Steps of `work` on a production's current model. Each step looks the model
   * up again: an edit between steps replaces it (and hands its indexes on to
   * the new one), so the work starts again on the new model.
   */
  private *whileCurrent(key: string, work: (production: ProductionModel) => Iterator<void>): Generator<() => void> {
    let on: ProductionModel | undefined;
    let steps: Iterator<void> | undefined;
    let done = false;
    while (!done) {
      yield () => {
        const production = this.currentModel(key);
        if (!production) {
          done = true;
          return;
        }
        if (production !== on) [on, steps] = [production, work(production)];
        done = steps!.next().done === true;
      };
    }
  }

  private currentModel(key: string): ProductionModel | undefined {
    return this.groups.has(key) ? this.model(key) : undefined;
  }

  /**
   * The model whose schedule the timeline and code lenses show for a
   * production: the production itself, or, while some of its files do not
   * parse, one made from the last version of those files that did (stale).
   * Made on demand, kept while the same file versions stay.
   */
  scheduleSource(production: ProductionModel): ScheduleSource {
    this.regroup();
    const group = this.groups.get(production.key);
    if (!group || this.model(production.key) !== production) return { production };
    const stale: string[] = [];
    const inputs = this.orderOf(group).map((uri) => {
      const good = this.lastParsed.get(uri);
      if (!good) return this.files.get(uri)!;
      stale.push(uri);
      return good;
    });
    if (stale.length === 0) {
      group.lastGood = undefined;
      return { production };
    }
    const kept = group.lastGood;
    if (kept && kept.inputs.length === inputs.length && kept.inputs.every((file, k) => file === inputs[k])) return { production: kept.model, stale };
    // A model of its own (no previous): the current model's indexes and expansion stay the current model's.
    const current = group.expansion;
    const currentInstances = group.instances;
    group.instances = undefined;
    const expanded = this.expand(group, inputs);
    group.expansion = current;
    group.instances = currentInstances;
    const model = new ProductionModel(production.key, expanded.files, undefined, { ocio: (uri) => this.ocioConfigs.get(uri) }, expanded.extras);
    group.lastGood = { inputs, model };
    return { production: model, stale };
  }

  /**
   * Diagnostics of every file, re-computed only for productions that
   * changed. The map is the workspace's own, updated in place by the next
   * call for the files whose diagnostics changed (an edit costs what it
   * changed, not a copy of every file's): copy it to keep it.
   */
  diagnostics(options: AnalysisOptions = {}): ReadonlyMap<string, Diagnostic[]> {
    this.regroup();
    const optionsKey = JSON.stringify(options);
    let rebuild = this.allStale;
    const updates: [ReadonlyMap<string, Diagnostic[]>, readonly string[]][] = [];
    for (const [key, group] of this.groups) {
      if (group.diagnostics && group.optionsKey === optionsKey) continue;
      const analysed = analyzeProductionChanges(this.model(key), options);
      group.diagnostics = analysed.diagnostics;
      group.optionsKey = optionsKey;
      if (analysed.changed) updates.push([analysed.diagnostics, analysed.changed]);
      else rebuild = true;
    }
    const all = this.allDiagnostics;
    if (rebuild) {
      // Files came, went or changed production: the map is made again in production order.
      all.clear();
      for (const group of this.groups.values()) for (const [uri, list] of group.diagnostics!) all.set(uri, list);
      this.allStale = false;
      this.diagnosticChanges = undefined;
      return all;
    }
    for (const [diagnostics, changed] of updates) {
      for (const uri of changed) {
        const list = diagnostics.get(uri);
        if (list) all.set(uri, list);
        else all.delete(uri);
        this.diagnosticChanges?.add(uri);
      }
    }
    return all;
  }

  /**
   * The URIs whose entry in the diagnostics map changed (or left it) since
   * the last call, over every diagnostics() between; undefined when any may
   * have (the map was made again). A publisher sends these, not every file.
   */
  takeDiagnosticChanges(): ReadonlySet<string> | undefined {
    const changes = this.diagnosticChanges;
    this.diagnosticChanges = new Set();
    return changes;
  }

  private model(key: string): ProductionModel {
    const group = this.groups.get(key)!;
    if (!group.model) {
      const order = this.orderOf(group);
      let base = group.base;
      // The files an edit changed, by place: looked up instead of every file (undefined: all are compared).
      let edited: number[] | undefined;
      if (base && base.order === order) {
        edited = [];
        for (const uri of group.dirty) {
          const at = base.at.get(uri);
          const file = this.files.get(uri);
          if (at === undefined || !file) {
            edited = undefined;
            break;
          }
          base.files[at] = file;
          if (hasChains(file)) base.chains.add(at);
          else base.chains.delete(at);
          edited.push(at);
        }
      }
      if (!base || !edited) group.base = base = baseFilesOf(order, this.files);
      group.dirty.clear();
      const expanded = this.expand(group, base.files, base);
      const files = expanded.files === base.files ? base.files.slice() : (expanded.files as FileModel[]);
      let changed: FileModel[] | undefined;
      if (edited) {
        const places = [...new Set([...edited, ...expanded.replaced])].sort((a, b) => a - b);
        changed = places.map((at) => files[at]);
      }
      group.model = new ProductionModel(key, files, group.previous, { ocio: (uri) => this.ocioConfigs.get(uri), sequence: this.sequence }, expanded.extras, changed);
      group.previous = undefined;
    }
    return group.model;
  }

  /** The governed files in model order: production files first, then by URI. */
  private orderOf(group: Group): string[] {
    if (!group.order) {
      const sorted = [...group.uris].sort();
      const isProduction = (uri: string) => this.files.get(uri)!.parsed.kind === 'production';
      group.order = [...sorted.filter(isProduction), ...sorted.filter((uri) => !isProduction(uri))];
    }
    return group.order;
  }

  private touch(uri: string): void {
    const key = this.groupOf.get(uri);
    if (key === undefined) {
      // A file not grouped yet (new): group it now.
      if (!this.regroupNeeded) this.assign(uri);
      return;
    }
    const group = this.groups.get(key);
    if (!group) return;
    group.dirty.add(uri);
    this.invalidate(group);
  }

  private invalidate(group: Group): void {
    if (group.model) group.previous = group.model;
    group.model = undefined;
    group.diagnostics = undefined;
  }

  private assign(uri: string): void {
    const folder = folderOf(uri);
    let key = '';
    for (const candidate of this.productionFolders) {
      if (folder === candidate || folder.startsWith(`${candidate}/`)) {
        key = candidate;
        break;
      }
    }
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { uris: new Set(), dirty: new Set() }));
    group.uris.add(uri);
    group.order = undefined;
    this.invalidate(group);
    this.groupOf.set(uri, key);
    this.allStale = true;
  }

  private regroup(): void {
    if (!this.regroupNeeded) return;
    this.regroupNeeded = false;
    const folders = new Set<string>();
    for (const [uri, file] of this.files) if (file.parsed.kind === 'production') folders.add(folderOf(uri));
    // Longest first, so the nearest production wins.
    this.productionFolders = [...folders].sort((a, b) => b.length - a.length || a.localeCompare(b));
    this.groups = new Map();
    this.groupOf = new Map();
    this.allStale = true;
    for (const uri of this.files.keys()) this.assign(uri);
  }
}

/** The places of the breakdown files and of the files with chains. */
function placesOf(files: readonly FileModel[]): { breakdowns: number[]; chains: Set<number> } {
  const breakdowns: number[] = [];
  const chains = new Set<number>();
  files.forEach((file, at) => {
    if (file.parsed.kind === 'breakdown') breakdowns.push(at);
    if (hasChains(file)) chains.add(at);
  });
  return { breakdowns, chains };
}

function baseFilesOf(order: string[], files: ReadonlyMap<string, FileModel>): BaseFiles {
  const list = order.map((uri) => files.get(uri)!);
  const at = new Map<string, number>();
  order.forEach((uri, k) => at.set(uri, k));
  return { order, files: list, at, ...placesOf(list) };
}

/** Whether a file's text parsed as YAML (the parser reported no mistake). */
function parses(file: FileModel): boolean {
  return file.parsed.syntaxFindings.length === 0;
}
