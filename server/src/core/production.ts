// One production: every file it governs, linked. Symbols by kind, references,
// merged entity lists, the calendar and (lazily) the schedule.
//
// A model made from the one it replaces (`previous`) takes over that model's
// indexes and updates them for the files that changed instead of rebuilding
// them, so an edit of one file costs about that file, not the production.
// The replaced model must not be used afterwards; the workspace hands out the
// new one.
//
// How an edit is re-checked, in four kinds of memory, all owned by models:
// - what one file version gives is kept with the version (`file.memo`): a
//   file the edit did not change keeps it;
// - what one revision gives is kept with the model (`derived`);
// - what a reader keeps between revisions (sums, per-file findings) is kept
//   with the production (`memo`), and the reader asks `follow` which files
//   changed since it last looked (the readers are listed there);
// - whether an aspect (depends_on, templates, a kind's ids) may have
//   changed is told by its `generation`, which stays when no changed file
//   touched it.
import { parseDate, WorkCalendar } from './calendar';
import { ProductionCalendars } from './calendars';
import { ASPECTS, signature, type Aspect } from './fileIndex';
import type { FileModel } from './fileModel';
import { Memo, MemoKey, Sequence } from './memo';
import { ocioConfigUri, type OcioLoaded } from './ocio';
import { fileKindOf, spanOf } from './parse';
import { drain } from './steps';
import { parseTimeOfDay } from './timezones';
import {
  computeSchedule,
  moveByWorkingDays,
  planHandoff,
  type HandoffPlan,
  type MilestoneOverrun,
  type ScheduleConflict,
  type ScheduleHandoffInput,
  type ScheduleModel,
  type ScheduleProblems,
} from './schedule';
import type {
  AssetTypeSpec,
  ColorSpaceSpec,
  DecisionSpec,
  DepartmentSpec,
  FileEntities,
  FormatSpec,
  HandoffSpec,
  MetadataSpec,
  MilestoneSpec,
  NamingTokenSpec,
  PersonSpec,
  PostmortemSpec,
  ProductionSpec,
  RiskSpec,
  RunbookSpec,
  TemplateSpec,
} from './specs';
import { differenceOf, instanceEntityOf, sameAspect, type ChainStepInfo, type FileDifference } from './model/chains';
import type { UnitTable } from './model/units';
import type { Finding, Reference, SymbolDef, SymbolKind } from './types';

export const DEFAULT_REVIEW_BUFFER = 2;
export const DEFAULT_RISK_REVIEW_DAYS = 7;


type ListName = 'colorSpaces' | 'formats' | 'assetTypes' | 'metadata' | 'namingTokens' | 'templates' | 'handoffs' | 'runbooks' | 'risks' | 'decisions' | 'postmortems';
const LIST_NAMES: readonly ListName[] = ['colorSpaces', 'formats', 'assetTypes', 'metadata', 'namingTokens', 'templates', 'handoffs', 'runbooks', 'risks', 'decisions', 'postmortems'];

/** Kinds whose first definition is looked up as an entity, and the list of a file's entities that holds them (one entity per definition, in order). */
const ENTITY_LISTS: readonly [SymbolKind, ListName][] = [
  ['handoff', 'handoffs'],
  ['template', 'templates'],
  ['format', 'formats'],
  ['asset-type', 'assetTypes'],
  ['runbook', 'runbooks'],
];

/** Per file version: the entity each definition names. */
const ENTITIES_BY_DEF = new MemoKey<Map<SymbolDef, { entity: unknown }>>('entities by definition');

function entityOf(file: FileModel, def: SymbolDef): { entity: unknown } | undefined {
  // A chain file's instance is found by its definition, without a map of the file's 10,000 made per edit.
  const instance = instanceEntityOf(file, def);
  if (instance && 'entity' in instance) return instance;
  if (instance) file = instance.written;
  // Looked up for each of the 200 ids a completion offers: no closure made when the map is there.
  return (file.memo.peek(ENTITIES_BY_DEF) ?? entitiesByDef(file)).get(def);
}

function entitiesByDef(file: FileModel): Map<SymbolDef, { entity: unknown }> {
  return file.memo.get(ENTITIES_BY_DEF, () => {
    const map = new Map<SymbolDef, { entity: unknown }>();
    for (const [kind, list] of ENTITY_LISTS) {
      const entities = file.entities[list] as readonly unknown[];
      let index = 0;
      for (const symbol of file.symbols) {
        if (symbol.kind !== kind) continue;
        map.set(symbol, { entity: entities[index] });
        index++;
      }
    }
    return map;
  });
}

/** A handoff file's schedule inputs and dates, kept with the file version for one calendar. */
interface PlannedFile {
  settings: string;
  inputs: ScheduleHandoffInput[];
  plans: HandoffPlan[];
}

const PLANNED_FILE = new MemoKey<PlannedFile>('planned file');

/** Whether a file version has a handoff that starts asap. */
const HAS_ASAP = new MemoKey<boolean>('has asap');

function fileHasAsap(file: FileModel): boolean {
  return file.entities.handoffs.some((handoff) => handoff.asap);
}

function scopedId(id: string, scope: string | undefined): string {
  return scope === undefined ? id : `${scope}\u001f${id}`;
}

/** Model order: production files first, then by URI (see Workspace). */
function compareUris(a: string, b: string): number {
  const production = Number(fileKindOf(b) === 'production') - Number(fileKindOf(a) === 'production');
  return production || (a < b ? -1 : a > b ? 1 : 0);
}

/** The conflicts and overruns of one file's handoffs. */
interface FileProblems {
  conflicts: ScheduleConflict[];
  overruns: MilestoneOverrun[];
}

const NO_PROBLEMS: FileProblems = { conflicts: [], overruns: [] };

/** What the schedule rules report, kept per file and found again only for the files an edit can affect. */
interface ProblemsIndex {
  settings: string;
  milestones: string;
  byUri: Map<string, FileProblems>;
  /** The files with a conflict or an overrun. */
  found: Set<string>;
  /**
   * For a file of many handoffs (a chain file's): the handoffs with problems
   * of their own, and those problems, reused for those whose and whose
   * upstreams' dates did not move. A handoff of the file not there has none:
   * every handoff of it was looked at, and one that is new since has its id
   * among those that moved.
   */
  byHandoff: Map<string, Map<HandoffSpec, FileProblems>>;
}

/** From this many handoffs in a file, the problems of each are kept apart (see ProblemsIndex.byHandoff). */
const MANY_HANDOFFS = 500;

/**
 * The handoffs whose depends_on names one id: one handoff alone (most ids at
 * scale have one dependant, and a set each was a third of what the warm-up
 * kept at 50,000 handoffs), a short list, or a set once the list is long
 * (an edit takes dependants out, and a list would be searched).
 */
type Dependants = HandoffSpec | HandoffSpec[] | Set<HandoffSpec>;

/** The longest list of Dependants before it becomes a set. */
const DEPENDANT_LIST_MAX = 32;

/**
 * The dates of handoffs, kept by handoff object between the models of a
 * production while the settings stay: a chain file's instances that an edit
 * did not rebuild keep their dates, and an asap handoff's dates are worked
 * out again only when something upstream of it changed.
 */
interface PlanIndex {
  settings: string;
  /** A handoff's own schedule input and dates. */
  base: Map<HandoffSpec, { input: ScheduleHandoffInput; plan: HandoffPlan }>;
  /** An asap handoff's dates (undefined: none, or a cycle). */
  asap: Map<HandoffSpec, HandoffPlan | undefined>;
  /**
   * Upstream id → the handoffs whose depends_on names it: made by the warm-up
   * (dependantsSteps) or the first edit after the plans, not with them (the
   * cold analysis reads no dependants: at 10,000 handoffs, 10,000 entries kept).
   */
  dependants?: Map<string, Dependants>;
}

/**
 * File versions by URI: a map of a reader's own over one it shares with
 * every reader whose first look was at the same model and which no one
 * changes (about ten readers look at every file in the first analysis: at
 * 50,000 handoffs each made a map of 10,000 files).
 */
export class SeenFiles {
  /** This reader's own entries; undefined marks an entry of the shared map as gone. */
  private readonly own = new Map<string, FileModel | undefined>();
  private shared: ReadonlyMap<string, FileModel> | undefined;

  get(uri: string): FileModel | undefined {
    return this.own.has(uri) ? this.own.get(uri) : this.shared?.get(uri);
  }

  has(uri: string): boolean {
    return this.get(uri) !== undefined;
  }

  set(uri: string, file: FileModel): void {
    this.own.set(uri, file);
  }

  delete(uri: string): boolean {
    if (!this.has(uri)) return false;
    if (this.shared?.has(uri)) this.own.set(uri, undefined);
    else this.own.delete(uri);
    return true;
  }

  clear(): void {
    this.own.clear();
    this.shared = undefined;
  }

  /** Starts again from `files`, which it shares and never changes. */
  share(files: ReadonlyMap<string, FileModel>): void {
    this.own.clear();
    this.shared = files;
  }

  get size(): number {
    let size = this.shared?.size ?? 0;
    for (const [uri, file] of this.own) {
      const inShared = this.shared?.has(uri) === true;
      if (file && !inShared) size++;
      else if (!file && inShared) size--;
    }
    return size;
  }

  *[Symbol.iterator](): IterableIterator<[string, FileModel]> {
    for (const [uri, file] of this.own) if (file) yield [uri, file];
    if (this.shared) for (const entry of this.shared) if (!this.own.has(entry[0])) yield entry;
  }
}

/**
 * The file versions a reader of a production last looked at, and the
 * revision of the model they were from: what `ProductionModel.follow` tells
 * changes against. A reader keeps one with the production (see `memo`).
 */
export class FollowedFiles {
  /** The file versions looked at, by URI. */
  readonly seen = new SeenFiles();
  /** The revision of the model they are from; undefined before the first look and after `reset`. */
  revision?: number;

  /** Forgets every file: the next follow tells every file of the model as new. */
  reset(): void {
    this.seen.clear();
    this.revision = undefined;
  }
}

/** What differs between the files a reader looked at and a model's: new and other versions ([before, after]), and URIs gone. */
export interface FileChanges {
  readonly changed: readonly (readonly [before: FileModel | undefined, after: FileModel])[];
  readonly removed: readonly (readonly [uri: string, before: FileModel])[];
  /** The reader's first look (or its first after `reset`): every file is in `changed`, as new, and nothing needs telling apart. */
  readonly first: boolean;
}

/** Nothing changed (shared: the lists are read only). */
const NO_FILE_CHANGES: FileChanges = { changed: [], removed: [], first: false };

/** A sum over a production's files, as `ProductionModel.totalOf` keeps it between models. */
interface KeptTotal<S> {
  files: FollowedFiles;
  total: S;
}

/** How `ProductionModel.totalOf` sums: a file version's part, and how a part is put in (+1) or taken out (-1). */
export interface FileSum<P, S> {
  empty(): S;
  part(file: FileModel): P;
  add(total: S, part: P, sign: 1 | -1, file: FileModel): void;
  /**
   * The sum of every file's part, made from the model at once for a first
   * look (cheaper than file by file, and no part is kept with the files).
   */
  whole?(model: ProductionModel): S;
}

/** The files of which a test holds, and their list in model order once asked for. */
interface FilesWhere {
  holding: Map<string, FileModel>;
  list?: FileModel[];
}

/** Per key, the values counted with it: how many handoffs pair each value with the key. */
type PairCounts = Map<string, Map<string, number>>;

/**
 * A sum over the files of pairs read from their handoffs (a key and a value,
 * one list a file, not a pair a handoff), counted by key and value; made at
 * once from the model's list of handoffs on a first look (at 50,000 handoffs
 * 15 ms against 40-60 file by file).
 */
function handoffPairsSum(pair: (handoff: HandoffSpec) => readonly [string | undefined, string | undefined]): FileSum<string[], PairCounts> {
  const pairsOf = (handoffs: readonly HandoffSpec[]): string[] => {
    const pairs: string[] = [];
    for (const handoff of handoffs) {
      const [key, value] = pair(handoff);
      if (key !== undefined && value !== undefined) pairs.push(key, value);
    }
    return pairs;
  };
  return {
    empty: () => new Map(),
    part: (file) => pairsOf(file.entities.handoffs),
    add: (total, pairs, sign) => addPairs(total, pairs, sign),
    whole: (model) => {
      const total: PairCounts = new Map();
      addPairs(total, pairsOf(model.handoffs), 1);
      return total;
    },
  };
}

function addPairs(total: PairCounts, pairs: readonly string[], sign: 1 | -1): void {
  for (let at = 0; at < pairs.length; at += 2) {
    const key = pairs[at];
    const value = pairs[at + 1];
    let counts = total.get(key);
    if (!counts) total.set(key, (counts = new Map()));
    const count = (counts.get(value) ?? 0) + sign;
    if (count > 0) counts.set(value, count);
    else counts.delete(value);
  }
}

/** Per delivering department, the templates its handoffs use. */
const TEMPLATES_FROM = new MemoKey<string[]>('templates by delivering department');
const TEMPLATES_FROM_SUM = handoffPairsSum((handoff) => [handoff.from, handoff.template]);

/** Per receiving department, the ids of the handoffs delivering to it. */
const HANDOFFS_TO = new MemoKey<string[]>('handoffs by receiving department');
const HANDOFFS_TO_SUM = handoffPairsSum((handoff) => [handoff.to, handoff.id]);

/**
 * The files that refer to one id. Made as a list with a file's URI once for
 * each of its references (at 50,000 handoffs a third of the memory of a map
 * of counts for each id, and a third less time to make), or the URI alone
 * while there is one reference (most handoff ids: a list each was a third of
 * what the warm-up kept at 50,000 handoffs). An edit that takes
 * references out of a long list makes it a map of how many references each
 * file makes (once): the people, departments and checklist items that
 * thousands of files name have lists of 5,000-50,000 entries, which every
 * edit would search.
 */
type Referrers = string | string[] | Map<string, number>;

/** The longest list of Referrers an edit searches rather than makes counts of. */
const REFERRER_LIST_MAX = 32;

/** The indexes a model hands over to the model that replaces it. */
interface SharedIndexes {
  byUri: Map<string, FileModel>;
  symbols: Map<SymbolKind, Map<string, SymbolDef[]>>;
  /** `kind \u001f scoped id` of every id defined more than once. */
  duplicates: Set<string>;
  /** Kind → id → the files that refer to it (see Referrers); built for a kind on first use and kept up to date after. */
  referencers: Map<SymbolKind, Map<string, Referrers>>;
  /** Kind → id → how many references name it; likewise. */
  counts: Map<SymbolKind, Map<string, number>>;
  problems?: ProblemsIndex;
  plans?: PlanIndex;
  /** What rules keep between the models of this production (see memo). */
  memos: Map<object, unknown>;
}

/** What the host read besides spec files, looked up by URI. */
export interface ProductionExternals {
  /** An OCIO config as read and parsed; undefined when the host has not read it (yet). */
  ocio(uri: string): OcioLoaded | undefined;
  /** The workspace's numbering of revisions and generations (a fresh one when absent). */
  sequence?: Sequence;
}

/** The production's OCIO config: where `ocio:` points and what was read there. */
export interface OcioState {
  /** The config's URI; absent when `ocio:` names no file ($OCIO, ocio://). */
  uri?: string;
  /** The config, or the one problem reading it; undefined while the host has not read it. */
  loaded?: OcioLoaded;
}
/** What the workspace built from breakdowns and chains for a production (DESIGN §7.1–7.2). */
export interface ProductionExtras {
  units: UnitTable;
  chainSteps: ChainStepInfo[];
  /** Findings of imports and chains: schema (imports) and chain-invalid. */
  expansionFindings: Finding[];
}

const NO_UNITS: UnitTable = { byId: new Map(), all: [], importedSymbols: new Map(), findings: [], importUris: [] };

export class ProductionModel {
  /** The breakdown's units (written out and imported). */
  readonly units: UnitTable;
  /** Every chain step and the instances it built. */
  readonly chainSteps: readonly ChainStepInfo[];
  readonly expansionFindings: readonly Finding[];
  /** asap dates, worked out for this model (they follow the upstreams'). */
  private readonly asapFiles = new Map<FileModel, PlannedFile>();
  private hasAsapCache?: boolean;
  readonly production?: ProductionSpec;
  readonly departments: DepartmentSpec[] = [];
  readonly people: PersonSpec[] = [];
  readonly milestones: MilestoneSpec[] = [];
  /** The production calendar: milestones, and departments without a calendar of their own. */
  readonly calendar: WorkCalendar;
  /** Every calendar of the production and which one each department works by. */
  readonly calendars: ProductionCalendars;
  /**
   * What the calendar, the default review buffer and the risk review days
   * are, as one string: results that depend on them are reused while it stays.
   */
  readonly settingsKey: string;
  private indexes: SharedIndexes;
  private handedOver = false;
  private readonly lists = new Map<ListName, unknown[]>();
  private scheduleCache?: ScheduleModel;
  private problemsCache?: ScheduleProblems;
  private referencesCache?: Reference[];
  /** Every file as new, and every file by URI, for a reader's first look (see follow). */
  private allNew?: readonly (readonly [undefined, FileModel])[];
  private allSeen?: ReadonlyMap<string, FileModel>;
  private readonly smallLookups = new Map<SymbolKind, Map<string, unknown>>();
  private readonly generations = new Map<Aspect, number>();
  /** Numbers revisions and generations; one per workspace, so that a number kept with one model never matches another's by accident. */
  private readonly sequence: Sequence;
  /** This model's number; a reader keeps it (in `FollowedFiles`) to ask what changed since (see `follow`). */
  readonly revision: number;
  /** What the analysis works out about this revision (see memo.ts). */
  readonly derived = new Memo();
  /** Day numbers of the dates written in handoffs: a production has thousands of handoffs and few distinct dates. */
  private readonly dayNumbers = new Map<string, number | undefined>();
  /** The revision of the model this one was made from, and the files that differ from it. */
  private readonly basedOn?: number;
  private readonly changes?: readonly [FileModel | undefined, FileModel | undefined][];

  /**
   * @param key the folder the production governs (its file's folder), or '' for files no production governs
   * @param files every file governed, the production file first when there is one
   * @param previous the model this one replaces, for the same folder: its
   *   indexes are taken over and updated for the files that differ, and the
   *   generations of what those files did not change are carried over
   * @param edited with `previous`, when the same files (by URI, in the same
   *   order) are governed: the files that may differ from previous's (a
   *   superset; the others are not looked at). Without it every file is compared.
   */
  constructor(
    readonly key: string,
    readonly files: readonly FileModel[],
    previous?: ProductionModel,
    private readonly externals?: ProductionExternals,
    extras?: ProductionExtras,
    edited?: readonly FileModel[],
  ) {
    this.sequence = externals?.sequence ?? previous?.sequence ?? new Sequence();
    this.revision = this.sequence.next();
    this.units = extras?.units ?? NO_UNITS;
    this.chainSteps = extras?.chainSteps ?? [];
    this.expansionFindings = extras?.expansionFindings ?? [];
    for (const file of files) {
      if (file.parsed.kind !== 'production') break;
      if (file.entities.production) {
        this.production = file.entities.production;
        break;
      }
    }
    if (this.production) {
      // Not push(...list): past some 100,000 entries the spread overflows the stack.
      for (const department of this.production.departments) this.departments.push(department);
      for (const person of this.production.people) this.people.push(person);
      for (const milestone of this.production.milestones) this.milestones.push(milestone);
    }
    // Calendars are built once per version of the production file: region holidays are computed as queries reach their years.
    // A production-file edit that leaves every calendar as it was (a department renamed) keeps them, and what they worked out.
    this.calendars =
      previous && (previous.production === this.production || previous.calendars.key === ProductionCalendars.keyOf(this.production)) ? previous.calendars : new ProductionCalendars(this.production);
    this.calendar = this.calendars.production;
    this.settingsKey = [this.calendars.key, this.reviewBuffer, this.riskReviewDays].join('|');

    const usable = previous !== undefined && previous.key === key && !previous.handedOver;
    if (!usable) {
      this.indexes = buildIndexes(files);
      for (const aspect of ASPECTS) this.generations.set(aspect, this.sequence.next());
      return;
    }
    const changed: [FileModel | undefined, FileModel | undefined][] = [];
    let added = 0;
    // An edit's files only, when the workspace says which they are (the rest are the same objects as before).
    for (const file of edited && previous.files.length === files.length ? edited : files) {
      const before = previous.indexes.byUri.get(file.parsed.uri);
      if (before !== file) changed.push([before, file]);
      if (!before) added++;
    }
    // Files gone: only looked for when the counts say there are some.
    if (previous.files.length + added > files.length) {
      const uris = new Set(files.map((file) => file.parsed.uri));
      for (const before of previous.files) if (!uris.has(before.parsed.uri)) changed.push([before, undefined]);
    }
    for (const aspect of ASPECTS) {
      const differs = changed.some(([before, after]) => {
        // Two expansions of a chain file: told by the instances an edit rebuilt, not by signatures of all 10,000.
        const same = before && after ? sameAspect(before, after, aspect, (file) => signature(file, aspect)) : undefined;
        if (same !== undefined) return !same;
        return (before ? signature(before, aspect) : '') !== (after ? signature(after, aspect) : '');
      });
      this.generations.set(aspect, differs ? this.sequence.next() : previous.generation(aspect));
    }
    this.indexes = previous.indexes;
    previous.handedOver = true;
    this.basedOn = previous.revision;
    this.changes = changed;
    const differences = changed.map(([before, after]) => differenceOf(before, after));
    changed.forEach(([before, after], k) => this.replaceFile(before, after, differences[k]));
    for (const list of LIST_NAMES) {
      const cached = previous.lists.get(list);
      if (cached && !changed.some(([before, after]) => (before?.entities[list].length ?? 0) + (after?.entities[list].length ?? 0) > 0)) this.lists.set(list, cached);
    }
    this.updateProblems(changed, differences, this.updatePlans(differences));
  }

  /** Takes one file's definitions out of the indexes and puts its new version's in. */
  private replaceFile(before: FileModel | undefined, after: FileModel | undefined, difference: FileDifference): void {
    const { byUri, symbols, duplicates, referencers, counts } = this.indexes;
    const uri = (after ?? before)!.parsed.uri;
    if (after) byUri.set(uri, after);
    else byUri.delete(uri);

    const mine = new Map<SymbolKind, Map<string, SymbolDef[]>>();
    const touch = (kind: SymbolKind, key: string) => {
      let keys = mine.get(kind);
      if (!keys) mine.set(kind, (keys = new Map()));
      if (!keys.has(key)) keys.set(key, []);
      return keys.get(key)!;
    };
    // Only the ids whose definitions differ (by object): a chain file's instances that an edit did not rebuild stay as they are.
    const [goneDefs, newDefs] = difference.symbols;
    for (const def of goneDefs) touch(def.kind, scopedId(def.id, def.scope));
    for (const def of newDefs) touch(def.kind, scopedId(def.id, def.scope));
    if (!difference.partial || !after || !this.onlyNewDefinitions(mine, uri, goneDefs, newDefs)) {
      for (const def of after?.symbols ?? []) mine.get(def.kind)?.get(scopedId(def.id, def.scope))?.push(def);
    }
    for (const [kind, keys] of mine) {
      let byId = symbols.get(kind);
      if (!byId) symbols.set(kind, (byId = new Map()));
      for (const [key, defs] of keys) {
        const kept = (byId.get(key) ?? []).filter((def) => def.uri !== uri);
        let next: SymbolDef[];
        if (defs.length === 0) next = kept;
        else if (kept.length === 0) next = defs;
        else {
          // Definitions stay in model order: the first one is the one that counts.
          let at = 0;
          while (at < kept.length && compareUris(kept[at].uri, uri) < 0) at++;
          next = [...kept.slice(0, at), ...defs, ...kept.slice(at)];
        }
        // Setting an existing key keeps its place, so ids keep the order a fresh model would give them.
        if (next.length === 0) byId.delete(key);
        else byId.set(key, next);
        const duplicate = `${kind}\u001f${key}`;
        if (next.length > 1) duplicates.add(duplicate);
        else duplicates.delete(duplicate);
      }
      if (byId.size === 0) symbols.delete(kind);
    }

    if (referencers.size === 0 && counts.size === 0) return;
    const [goneReferences, newReferences] = difference.references;
    for (const [kind, byId] of referencers) {
      removeReferencers(byId, uri, goneReferences, kind);
      for (const reference of newReferences) if (reference.kind === kind) addReferencer(byId, uri, reference.id);
    }
    for (const [kind, byId] of counts) {
      countReferences(byId, goneReferences, kind, -1);
      countReferences(byId, newReferences, kind, 1);
    }
  }

  /**
   * For a difference that is part of a file (a chain file's rebuilt
   * instances): when the file keeps no other definition of an id that
   * differs, its definitions of that id are the new ones, in order, and
   * are put in `mine` without reading the whole file's. False, with `mine`
   * untouched, when it keeps some.
   */
  private onlyNewDefinitions(mine: Map<SymbolKind, Map<string, SymbolDef[]>>, uri: string, goneDefs: readonly SymbolDef[], newDefs: readonly SymbolDef[]): boolean {
    const gone = new Set(goneDefs);
    for (const [kind, keys] of mine) {
      const byId = this.indexes.symbols.get(kind);
      if (!byId) continue;
      for (const key of keys.keys()) for (const def of byId.get(key) ?? []) if (def.uri === uri && !gone.has(def)) return false;
    }
    for (const def of newDefs) mine.get(def.kind)!.get(scopedId(def.id, def.scope))!.push(def);
    return true;
  }

  /** State a rule keeps between the models of this production (it is handed over with the indexes), made on first use. */
  memo<T>(owner: object, create: () => T): T {
    if (!this.indexes.memos.has(owner)) this.indexes.memos.set(owner, create());
    return this.indexes.memos.get(owner) as T;
  }

  /**
   * The files of which `test` holds, in model order. Whether it holds is kept
   * with each file version under `key`, and the list with the production, so
   * a rule that reads only some handoffs (those with a history, say) finds
   * them after an edit by looking at the files that changed, not at every handoff.
   */
  filesWhere(key: MemoKey<boolean>, test: (file: FileModel) => boolean): readonly FileModel[] {
    const where = this.totalOf(key, {
      empty: (): FilesWhere => ({ holding: new Map() }),
      part: test,
      add: (total, holds, sign, file) => {
        if (!holds) return;
        if (sign > 0) total.holding.set(file.parsed.uri, file);
        else total.holding.delete(file.parsed.uri);
        total.list = undefined;
      },
    });
    where.list ??= [...where.holding.values()].sort((a, b) => compareUris(a.parsed.uri, b.parsed.uri));
    return where.list;
  }

  /**
   * A sum over this production's files of a part read from each file version
   * (kept with the version under `key` once an edit has looked at it). The sum is kept between the models
   * of the production: after an edit only the files that changed are looked
   * at, their old part taken out and their new part put in.
   */
  totalOf<P, S>(key: MemoKey<P>, sum: FileSum<P, S>): S {
    const kept = this.memo(key, (): KeptTotal<S> => ({ files: new FollowedFiles(), total: sum.empty() }));
    if (kept.files.revision === this.revision) return kept.total;
    const { changed, removed, first } = this.follow(kept.files);
    if (first && sum.whole) return (kept.total = sum.whole(this));
    // A first look keeps no part with the files (at 50,000 handoffs, 10,000 files a key): a part is made from its
    // file version alone, so an edit makes the part of the version it replaces again, and keeps that.
    const partOf = first ? (file: FileModel) => sum.part(file) : (file: FileModel) => file.memo.get(key, () => sum.part(file));
    for (const [before, after] of changed) {
      if (before) sum.add(kept.total, partOf(before), -1, before);
      sum.add(kept.total, partOf(after), 1, after);
    }
    for (const [, before] of removed) sum.add(kept.total, partOf(before), -1, before);
    return kept.total;
  }

  /**
   * The ids of the handoffs that deliver to `department`, each once
   * (completion offers them first in a depends_on whose handoff comes from
   * it). Kept between the models like templatesFrom: an edit looks at the
   * files it changed.
   */
  handoffsTo(department: string): Iterable<string> {
    return this.totalOf(HANDOFFS_TO, HANDOFFS_TO_SUM).get(department)?.keys() ?? [];
  }

  /** The templates that the handoffs delivered by `department` use. */
  templatesFrom(department: string): Iterable<string> {
    return this.totalOf(TEMPLATES_FROM, TEMPLATES_FROM_SUM).get(department)?.keys() ?? [];
  }

  /**
   * How an edit is re-checked: each reader that keeps results per file
   * between the models of this production keeps a `FollowedFiles` with
   * them, and asks here what changed since it last looked. The answer is
   * the files that are new or have another version ([before, after]) and
   * the URIs gone ([uri, before]); `followed` then sees this model's files.
   * When it last looked at the model this one was made from, only the files
   * the edit changed are compared, so an edit costs what it changed.
   *
   * Who follows files:
   * - `totalOf` (and so `filesWhere`, `templatesFrom`): sums over the files;
   * - `checkFilesReading` (rules/rule.ts): rules that check a file against
   *   values of the production file;
   * - the rules risk-on-closed-handoff, dependency-cycle (while the graph has
   *   no cycle), unknown-reference, and incompatible-handoff (which starts
   *   over, `reset`, when what templates accept changes);
   * - the analysis (analysis.ts): which files' diagnostics to make again
   *   (every file when the settings or severities change).
   */
  follow(followed: FollowedFiles): FileChanges {
    if (followed.revision === this.revision) return NO_FILE_CHANGES;
    const first = followed.revision === undefined;
    if (first && followed.seen.size === 0) {
      // Every file is new: one list of them, and one map of them, serve the first look of every reader (about ten in the first analysis).
      followed.seen.share((this.allSeen ??= new Map(this.files.map((file) => [file.parsed.uri, file]))));
      followed.revision = this.revision;
      return { changed: (this.allNew ??= this.files.map((file) => [undefined, file] as const)), removed: [], first };
    }
    const { changed, removed } = this.changedSince(followed.seen, followed.revision);
    for (const [, after] of changed) followed.seen.set(after.parsed.uri, after);
    for (const [uri] of removed) followed.seen.delete(uri);
    followed.revision = this.revision;
    return { changed, removed, first };
  }

  /**
   * What differs between `seen` and this model's files (see `follow`).
   * @param revision the revision of the model `seen` is from: when it is
   *   the one this model was made from, only the files that changed are looked at
   */
  private changedSince(seen: SeenFiles, revision: number | undefined): Omit<FileChanges, 'first'> {
    if (revision !== undefined && revision === this.basedOn && this.changes) {
      const changed: [FileModel | undefined, FileModel][] = [];
      const removed: [string, FileModel][] = [];
      for (const [before, after] of this.changes) {
        const uri = (after ?? before)!.parsed.uri;
        const last = seen.get(uri);
        if (after && last !== after) changed.push([last, after]);
        else if (!after && last) removed.push([uri, last]);
      }
      return { changed, removed };
    }
    const changed: [FileModel | undefined, FileModel][] = [];
    for (const file of this.files) {
      const before = seen.get(file.parsed.uri);
      if (before !== file) changed.push([before, file]);
    }
    const removed: [string, FileModel][] = [];
    if (seen.size + changed.filter(([before]) => !before).length > this.files.length) {
      for (const [uri, before] of seen) if (!this.indexes.byUri.has(uri)) removed.push([uri, before]);
    }
    return { changed, removed };
  }

  /** The files that refer to an id of a kind (in any scope). */
  referencingFiles(kind: SymbolKind, id: string): Iterable<string> {
    const referrers = this.referencers(kind).get(id);
    if (!referrers) return [];
    if (typeof referrers === 'string') return [referrers];
    if (!Array.isArray(referrers)) return referrers.keys();
    return referrers.length === 1 ? referrers : new Set(referrers);
  }

  file(uri: string): FileModel | undefined {
    return this.indexes.byUri.get(uri);
  }

  /** Definitions by kind, then (scoped) id; more than one definition is a duplicate. */
  get symbols(): Map<SymbolKind, Map<string, SymbolDef[]>> {
    return this.indexes.symbols;
  }

  /** The definitions of every id defined more than once, in no particular order. */
  *duplicates(): IterableIterator<readonly SymbolDef[]> {
    for (const duplicate of this.indexes.duplicates) {
      const separator = duplicate.indexOf('\u001f');
      const defs = this.indexes.symbols.get(duplicate.slice(0, separator) as SymbolKind)?.get(duplicate.slice(separator + 1));
      if (defs && defs.length > 1) yield defs;
    }
  }

  /**
   * How many references name this id of this kind (in any scope).
   * @param together the kinds a caller is about to ask too: their counts are made in the same pass over the references
   */
  referenceCount(kind: SymbolKind, id: string, together: readonly SymbolKind[] = []): number {
    let byId = this.indexes.counts.get(kind);
    if (!byId) {
      const building = new Map<SymbolKind, Map<string, number>>([[kind, (byId = new Map())]]);
      for (const other of together) if (!building.has(other) && !this.indexes.counts.has(other)) building.set(other, new Map());
      for (const file of this.files) {
        for (const reference of file.references) {
          const counts = building.get(reference.kind);
          if (counts) counts.set(reference.id, (counts.get(reference.id) ?? 0) + 1);
        }
      }
      for (const [other, counts] of building) this.indexes.counts.set(other, counts);
    }
    return byId.get(id) ?? 0;
  }

  /**
   * Builds now what an edit would otherwise build on first use: the index of
   * the files referring to each id of a kind. A host calls it while idle, so
   * the first edit that needs it does not pay for it (at 10,000 handoffs it
   * took tens of milliseconds per kind).
   */
  indexReferencers(kind: SymbolKind): void {
    this.referencers(kind);
  }

  /**
   * `indexReferencers` for several kinds, a slice of `filesPerStep` files a
   * step, for a host that must stay responsive while it warms up: each
   * file's references are read once for all the kinds (a pass a kind read
   * every file's once per kind: at 50,000 handoffs 0.3 s against 0.2 s for
   * one pass). A kind's index is installed when the last slice is read,
   * unless something built it first. The caller runs each step only while
   * this model is still its production's current one (an edit hands these
   * indexes on to the next model and updates them).
   */
  *indexReferencersSteps(kinds: readonly SymbolKind[], filesPerStep: number): Generator<void> {
    const building = new Map<SymbolKind, Map<string, Referrers>>();
    for (const kind of kinds) if (!this.indexes.referencers.has(kind)) building.set(kind, new Map());
    for (let start = 0; start < this.files.length && building.size > 0; start += filesPerStep) {
      if (start > 0) {
        yield;
        for (const kind of building.keys()) if (this.indexes.referencers.has(kind)) building.delete(kind);
      }
      const end = Math.min(this.files.length, start + filesPerStep);
      for (let at = start; at < end; at++) {
        const file = this.files[at];
        const uri = file.parsed.uri;
        for (const reference of file.references) {
          const byId = building.get(reference.kind);
          if (byId) addReferencer(byId, uri, reference.id);
        }
      }
    }
    for (const [kind, byId] of building) if (!this.indexes.referencers.has(kind)) this.indexes.referencers.set(kind, byId);
  }

  private referencers(kind: SymbolKind): Map<string, Referrers> {
    if (!this.indexes.referencers.has(kind)) drain(this.indexReferencersSteps([kind], Infinity));
    return this.indexes.referencers.get(kind)!;
  }

  /** Every reference of every file, in file order. */
  get references(): readonly Reference[] {
    if (!this.referencesCache) {
      const all: Reference[] = [];
      for (const file of this.files) for (const reference of file.references) all.push(reference);
      this.referencesCache = all;
    }
    return this.referencesCache;
  }

  get colorSpaces(): readonly ColorSpaceSpec[] {
    return this.list('colorSpaces');
  }

  get formats(): readonly FormatSpec[] {
    return this.list('formats');
  }

  get assetTypes(): readonly AssetTypeSpec[] {
    return this.list('assetTypes');
  }

  get metadata(): readonly MetadataSpec[] {
    return this.list('metadata');
  }

  get namingTokens(): readonly NamingTokenSpec[] {
    return this.list('namingTokens');
  }

  get templates(): readonly TemplateSpec[] {
    return this.list('templates');
  }

  get handoffs(): readonly HandoffSpec[] {
    return this.list('handoffs');
  }

  get runbooks(): readonly RunbookSpec[] {
    return this.list('runbooks');
  }

  get risks(): readonly RiskSpec[] {
    return this.list('risks');
  }

  get decisions(): readonly DecisionSpec[] {
    return this.list('decisions');
  }

  get postmortems(): readonly PostmortemSpec[] {
    return this.list('postmortems');
  }

  /** Every file's entities of one list, in file order (kept from the replaced model when no changed file has any). */
  private list<L extends ListName>(name: L): FileEntities[L] {
    let all = this.lists.get(name);
    if (!all) {
      all = [];
      for (const file of this.files) for (const entity of file.entities[name]) all.push(entity);
      this.lists.set(name, all);
    }
    return all as FileEntities[L];
  }

  /**
   * A number that changes whenever the aspect may have changed between two
   * models of this production, and stays when no changed file touched it.
   */
  generation(aspect: Aspect): number {
    return this.generations.get(aspect)!;
  }

  /** The first definition of an id (in a scope, for checklist items and steps). */
  lookup(kind: SymbolKind, id: string, scope?: string): SymbolDef | undefined {
    return this.indexes.symbols.get(kind)?.get(scopedId(id, scope))?.[0];
  }

  /** Resolves a reference to its definition, trying each scope it allows. */
  resolve(reference: Reference): SymbolDef | undefined {
    if (reference.orKinds) {
      for (const kind of [reference.kind, ...reference.orKinds]) {
        const def = this.lookup(kind, reference.id);
        if (def) return def;
      }
      return undefined;
    }
    if (!reference.scopes) return this.lookup(reference.kind, reference.id);
    for (const scope of reference.scopes) {
      const def = this.lookup(reference.kind, reference.id, scope);
      if (def) return def;
    }
    return undefined;
  }

  /** Every id of a kind (in a scope for scoped kinds). */
  ids(kind: SymbolKind, scope?: string): string[] {
    const byId = this.indexes.symbols.get(kind);
    if (!byId) return [];
    const ids: string[] = [];
    for (const defs of byId.values()) {
      const def = defs[0];
      if (scope === undefined || def.scope === scope) ids.push(def.id);
    }
    return ids;
  }

  /** Where `ocio:` points, when it names a file. */
  get ocioUri(): string | undefined {
    const written = this.production?.ocio;
    if (written === undefined) return undefined;
    const target = ocioConfigUri(this.production!.uri, written);
    return 'uri' in target ? target.uri : undefined;
  }

  /** The production's OCIO config as the host read it (undefined without `ocio:`). */
  get ocio(): OcioState | undefined {
    const written = this.production?.ocio;
    if (written === undefined) return undefined;
    const target = ocioConfigUri(this.production!.uri, written);
    if ('problem' in target) return { loaded: { problem: target.problem } };
    return { uri: target.uri, loaded: this.externals?.ocio(target.uri) };
  }

  get reviewBuffer(): number {
    return this.production?.reviewBuffer ?? DEFAULT_REVIEW_BUFFER;
  }

  get riskReviewDays(): number {
    return this.production?.riskReviewDays ?? DEFAULT_RISK_REVIEW_DAYS;
  }

  /** First entity with an id, by kind. */
  handoff(id: string): HandoffSpec | undefined {
    return this.firstEntity('handoff', id) as HandoffSpec | undefined;
  }

  template(id: string): TemplateSpec | undefined {
    return this.firstEntity('template', id) as TemplateSpec | undefined;
  }

  format(id: string): FormatSpec | undefined {
    return this.firstEntity('format', id) as FormatSpec | undefined;
  }

  assetType(id: string): AssetTypeSpec | undefined {
    return this.firstEntity('asset-type', id) as AssetTypeSpec | undefined;
  }

  milestone(id: string): MilestoneSpec | undefined {
    return this.first('milestone', this.milestones, id);
  }

  department(id: string): DepartmentSpec | undefined {
    return this.first('department', this.departments, id);
  }

  person(id: string): PersonSpec | undefined {
    return this.first('person', this.people, id);
  }

  runbook(id: string): RunbookSpec | undefined {
    return this.firstEntity('runbook', id) as RunbookSpec | undefined;
  }

  /** The entity of an id's first definition: the definitions are in model order, like the entity lists. */
  private firstEntity(kind: SymbolKind, id: string): unknown {
    const def = this.indexes.symbols.get(kind)?.get(id)?.[0];
    if (!def) return undefined;
    const file = this.indexes.byUri.get(def.uri);
    return file ? entityOf(file, def)?.entity : undefined;
  }

  /** For the production file's own lists (the first production file's): a lookup built on first use. */
  private first<T extends { id: string }>(kind: SymbolKind, items: readonly T[], id: string): T | undefined {
    let byId = this.smallLookups.get(kind) as Map<string, T> | undefined;
    if (!byId) {
      byId = new Map();
      for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
      this.smallLookups.set(kind, byId);
    }
    return byId.get(id);
  }

  /** The whole schedule: dates, slack, the critical path (for hovers, lenses and the timeline). */
  get schedule(): ScheduleModel {
    if (!this.scheduleCache) {
      const inputs: ScheduleHandoffInput[] = [];
      const plans: HandoffPlan[] = [];
      for (const file of this.files) {
        if (file.entities.handoffs.length === 0) continue;
        const planned = this.planned(file);
        for (const input of planned.inputs) inputs.push(input);
        for (const plan of planned.plans) plans.push(plan);
      }
      this.scheduleCache = computeSchedule({ calendar: this.calendar, defaultReviewBuffer: this.reviewBuffer, handoffs: inputs, milestones: this.milestoneDates() }, plans);
    }
    return this.scheduleCache;
  }

  /**
   * Conflicts and milestone overruns: what the schedule rules report, without
   * slack or the critical path. Kept per file; an edit finds them again only
   * for its own file, the files that depend on the handoffs it defines, and
   * the files that define the same ids (DESIGN §2: dates do not propagate,
   * so a moved due date reaches its direct dependants and no further).
   */
  get scheduleProblems(): ScheduleProblems {
    if (this.problemsCache) return this.problemsCache;
    let index = this.indexes.problems;
    if (!index) {
      index = { settings: this.settingsKey, milestones: this.milestonesKey(), byUri: new Map(), found: new Set(), byHandoff: new Map() };
      // Every file at once: the plan of each id's first handoff is looked up in one map made in passing.
      const firstPlans = new Map<string, HandoffPlan>();
      for (const file of this.files) {
        const { plans } = this.planned(file);
        file.entities.handoffs.forEach((handoff, k) => {
          if (!firstPlans.has(handoff.id)) firstPlans.set(handoff.id, plans[k]);
        });
      }
      for (const file of this.files) setProblems(index, file.parsed.uri, this.fileProblems(file, index, firstPlans));
      this.indexes.problems = index;
    }
    const conflicts: ScheduleConflict[] = [];
    const overruns: MilestoneOverrun[] = [];
    // In model order, as computeSchedule lists them.
    for (const uri of [...index.found].sort(compareUris)) {
      const found = index.byUri.get(uri)!;
      for (const conflict of found.conflicts) conflicts.push(conflict);
      for (const overrun of found.overruns) overruns.push(overrun);
    }
    this.problemsCache = { conflicts, overruns, plan: (id) => this.planOf(id) };
    return this.problemsCache;
  }

  /**
   * Forgets the dates the changed files can have moved: those of the handoffs
   * that changed (by object), and of the asap handoffs downstream of them, as
   * far as asap goes (DESIGN §7.3: an asap start follows its upstreams).
   * Returns the files with a handoff that depends on one whose dates may
   * have moved (their conflicts and overruns are found again) and the ids
   * whose dates may have moved; undefined when no dates were kept.
   */
  private updatePlans(differences: readonly FileDifference[]): { dirty: Set<string>; moved: ReadonlySet<string> } | undefined {
    const plans = this.indexes.plans;
    if (!plans) return undefined;
    if (plans.settings !== this.settingsKey) {
      this.indexes.plans = undefined;
      return undefined;
    }
    // Not made yet: made now from this model's files, which the edit's differences are already in.
    const made = plans.dependants === undefined;
    const dependants = (plans.dependants ??= this.dependantsOf(this.files));
    const moved: string[] = [];
    // Each id once: a rebuilt handoff's id is mostly the one it replaces, and its dependants are looked at once.
    const seen = new Set<string>();
    const move = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      moved.push(id);
    };
    for (const { handoffs: [gone, added] } of differences) {
      // The new ones first: a rebuilt handoff's upstreams then keep their sets of dependants (taking the old one out
      // first emptied each set and dropped it from the map, only for the new one to make it again: 2,000 a chain edit).
      for (const handoff of added) {
        move(handoff.id);
        if (!made) addDependant(dependants, handoff);
      }
      for (const handoff of gone) {
        move(handoff.id);
        plans.base.delete(handoff);
        plans.asap.delete(handoff);
        if (!made) removeDependant(dependants, handoff);
      }
    }
    const dirty = new Set<string>();
    while (moved.length > 0) {
      for (const handoff of listOf(dependants.get(moved.pop()!))) {
        dirty.add(handoff.uri);
        if (!handoff.asap) continue;
        plans.asap.delete(handoff);
        move(handoff.id);
      }
    }
    return { dirty, moved: seen };
  }

  /**
   * Works out, `perStep` handoffs at a time, the dates that edits keep by
   * handoff (see PlanIndex), for a production with asap handoffs: the first
   * edit that moves an asap upstream then works out only what it moved, not
   * the dates of everything upstream of it too. A host runs each step while
   * idle, and only while this model is its production's current one (the
   * dates kept are handed on to the next model).
   */
  *planSteps(perStep: number): Generator<void> {
    if (!this.hasAsap) return;
    const handoffs = this.handoffs;
    for (let k = 0; k < handoffs.length; k++) {
      if (k > 0 && k % perStep === 0) yield;
      this.datesOf(handoffs[k]);
    }
  }

  /** The dates kept between models, made on first use (and again after the settings changed). */
  private plansIndex(): PlanIndex {
    let plans = this.indexes.plans;
    if (!plans || plans.settings !== this.settingsKey) this.indexes.plans = plans = { settings: this.settingsKey, base: new Map(), asap: new Map() };
    return plans;
  }

  /** Adds the handoffs of `files` to `dependants`, as dependants of each id their depends_on names. */
  private dependantsOf(files: readonly FileModel[], dependants = new Map<string, Dependants>()): Map<string, Dependants> {
    for (const file of files) for (const handoff of file.entities.handoffs) addDependant(dependants, handoff);
    return dependants;
  }

  /**
   * Makes, `filesPerStep` files at a time, the dependants the first edit
   * after the plans would otherwise make (see PlanIndex), when dates are kept.
   * Like the other steps, run only while this model is its production's
   * current one; installed when the last slice is read, unless an edit made
   * them first.
   */
  *dependantsSteps(filesPerStep: number): Generator<void> {
    const plans = this.indexes.plans;
    if (!plans || plans.dependants || plans.settings !== this.settingsKey) return;
    const dependants = new Map<string, Dependants>();
    for (let start = 0; start < this.files.length; start += filesPerStep) {
      if (start > 0) yield;
      if (plans.dependants || this.indexes.plans !== plans) return;
      this.dependantsOf(this.files.slice(start, start + filesPerStep), dependants);
    }
    if (!plans.dependants && this.indexes.plans === plans) plans.dependants = dependants;
  }

  private updateProblems(
    changed: readonly [FileModel | undefined, FileModel | undefined][],
    differences: readonly FileDifference[],
    plans: { dirty: Set<string>; moved: ReadonlySet<string> } | undefined,
  ): void {
    const index = this.indexes.problems;
    if (!index) return;
    // Without the dates kept, an asap start can have moved anywhere downstream: everything is found again.
    if (index.settings !== this.settingsKey || index.milestones !== this.milestonesKey() || (plans === undefined && this.hasAsap)) {
      this.indexes.problems = undefined;
      return;
    }
    const dirty = new Set<string>(plans?.dirty);
    const ids = new Set<string>();
    changed.forEach(([before, after], k) => {
      dirty.add((after ?? before)!.parsed.uri);
      const [gone, added] = differences[k].handoffs;
      for (const handoff of gone) ids.add(handoff.id);
      for (const handoff of added) ids.add(handoff.id);
    });
    const definitions = this.indexes.symbols.get('handoff');
    for (const id of ids) {
      for (const uri of this.referencingFiles('handoff', id)) dirty.add(uri);
      for (const def of definitions?.get(id) ?? []) dirty.add(def.uri);
    }
    // The problems kept for handoffs a changed file no longer has are forgotten (the others are reused below).
    changed.forEach(([before, after], k) => {
      const kept = index.byHandoff.get((after ?? before)!.parsed.uri);
      if (kept) for (const handoff of differences[k].handoffs[0]) kept.delete(handoff);
    });
    for (const uri of dirty) {
      const file = this.indexes.byUri.get(uri);
      if (file) setProblems(index, uri, this.fileProblems(file, index, undefined, plans?.moved));
      else {
        index.byUri.delete(uri);
        index.found.delete(uri);
        index.byHandoff.delete(uri);
      }
    }
  }

  /**
   * The same conflicts and overruns computeSchedule finds for this file's handoffs.
   * @param index where a file of many handoffs keeps each one's problems
   * @param firstPlans the plan of each id's first handoff, when the caller has them all
   * @param moved the ids whose dates may have moved since `index` was made: a
   *   handoff kept there with neither its id nor an upstream's among them has the same problems
   */
  private fileProblems(file: FileModel, index: ProblemsIndex, firstPlans?: ReadonlyMap<string, HandoffPlan>, moved?: ReadonlySet<string>): FileProblems {
    const uri = file.parsed.uri;
    const handoffs = file.entities.handoffs;
    if (handoffs.length === 0) {
      index.byHandoff.delete(uri);
      return NO_PROBLEMS;
    }
    const keeps = handoffs.length >= MANY_HANDOFFS;
    const kept = keeps && moved ? index.byHandoff.get(uri) : undefined;
    // With each handoff's problems kept, a handoff's dates are looked up only when its problems are found again (not the file's 10,000).
    const planned = kept ? undefined : this.planned(file);
    const planOf = firstPlans ? (id: string) => firstPlans.get(id) : (id: string) => this.planOf(id);
    const keep = kept ?? (keeps ? new Map<HandoffSpec, FileProblems>() : undefined);
    let milestoneDate: Map<string, number> | undefined;
    const milestones = () => (milestoneDate ??= this.milestoneDateMap());
    const conflicts: ScheduleConflict[] = [];
    const overruns: MilestoneOverrun[] = [];
    for (let k = 0; k < handoffs.length; k++) {
      const handoff = handoffs[k];
      let own: FileProblems;
      // Kept: only the few with problems are in the map (see ProblemsIndex.byHandoff).
      if (kept && !moved!.has(handoff.id) && !dependsOnAny(handoff, moved!)) own = (kept.size > 0 ? kept.get(handoff) : undefined) ?? NO_PROBLEMS;
      else {
        if (planned) own = this.handoffProblems(handoff, planned.plans[k], planned.inputs[k], planOf, milestones);
        else {
          const dates = this.datesOf(handoff);
          own = this.handoffProblems(handoff, dates.plan, dates.input, planOf, milestones);
        }
        if (own !== NO_PROBLEMS) keep?.set(handoff, own);
        else if (kept) kept.delete(handoff);
      }
      for (const conflict of own.conflicts) conflicts.push(conflict);
      for (const overrun of own.overruns) overruns.push(overrun);
    }
    if (keep) index.byHandoff.set(uri, keep);
    else index.byHandoff.delete(uri);
    return conflicts.length === 0 && overruns.length === 0 ? NO_PROBLEMS : { conflicts, overruns };
  }

  /** One handoff's conflicts and overrun (none unless it is the first definition of its id). */
  private handoffProblems(
    handoff: HandoffSpec,
    plan: HandoffPlan,
    input: ScheduleHandoffInput,
    planOf: (id: string) => HandoffPlan | undefined,
    milestones: () => ReadonlyMap<string, number>,
  ): FileProblems {
    // Only the first definition of an id is scheduled. An id defined once, in this handoff's file, is this
    // handoff's (every handoff defines its id): then the first definition's dates need no looking up.
    const defs = this.indexes.symbols.get('handoff')?.get(handoff.id);
    const only = defs !== undefined && defs.length === 1 && defs[0].uri === handoff.uri;
    if (!only && planOf(handoff.id) !== plan) return NO_PROBLEMS;
    const calendar = this.calendar;
    let conflicts: ScheduleConflict[] | undefined;
    let overruns: MilestoneOverrun[] | undefined;
    if (plan.start !== undefined) {
      const dependsOn = handoff.dependsOn;
      for (let k = 0; k < dependsOn.length; k++) {
        const upstreamId = dependsOn[k];
        // Each upstream once.
        if (upstreamId === handoff.id || dependsOn.indexOf(upstreamId) < k) continue;
        const upstream = planOf(upstreamId);
        if (!upstream || upstream.ready === undefined) continue;
        const own = input.fromCalendar ?? calendar;
        const moved = moveByWorkingDays(own, upstream.ready, handoff.lags?.[upstreamId] ?? 0);
        if (plan.start > moved) continue;
        const earliestStart = own.after(moved);
        (conflicts ??= []).push({ handoff: handoff.id, upstream: upstreamId, missingWorkingDays: own.workingDaysBetween(plan.start, earliestStart), earliestStart });
      }
    }
    if (plan.ready !== undefined && handoff.feeds !== undefined) {
      const date = milestones().get(handoff.feeds);
      if (date !== undefined && plan.ready > date) {
        overruns = [{ handoff: handoff.id, milestone: handoff.feeds, lateWorkingDays: calendar.workingDaysBetween(date, plan.ready) }];
      }
    }
    return conflicts || overruns ? { conflicts: conflicts ?? [], overruns: overruns ?? [] } : NO_PROBLEMS;
  }

  /** The dates of the first handoff with this id. */
  private planOf(id: string): HandoffPlan | undefined {
    const def = this.indexes.symbols.get('handoff')?.get(id)?.[0];
    const file = def && this.indexes.byUri.get(def.uri);
    const at = file && entityOf(file, def!);
    return at ? this.datesOf(at.entity as HandoffSpec).plan : undefined;
  }

  /**
   * One handoff's schedule input and dates, asap resolved: what planned()
   * gives for it (the same objects), without the rest of its file.
   */
  private datesOf(handoff: HandoffSpec): { input: ScheduleHandoffInput; plan: HandoffPlan } {
    const dates = this.baseDatesOf(handoff);
    if (!handoff.asap) return dates;
    const asap = this.asapPlan(handoff, dates.input);
    return asap ? { input: dates.input, plan: asap } : dates;
  }

  /** One handoff's schedule input and its own dates (asap not resolved), kept by handoff like basePlanned's. */
  private baseDatesOf(handoff: HandoffSpec): { input: ScheduleHandoffInput; plan: HandoffPlan } {
    const kept = this.plansIndex().base;
    let dates = kept.get(handoff);
    if (!dates) {
      const input = this.inputOf(handoff);
      kept.set(handoff, (dates = { input, plan: planHandoff(this.calendar, this.reviewBuffer, input) }));
    }
    return dates;
  }

  /**
   * A file's handoffs with their dates, asap starts resolved (DESIGN §7.3):
   * an asap handoff's dates follow its upstreams', so they are kept with this
   * model, not with the file.
   */
  private planned(file: FileModel): PlannedFile {
    const base = this.basePlanned(file);
    const handoffs = file.entities.handoffs;
    if (!file.memo.get(HAS_ASAP, () => fileHasAsap(file))) return base;
    let adjusted = this.asapFiles.get(file);
    if (!adjusted) {
      adjusted = { ...base, plans: base.plans.map((plan, k) => (handoffs[k].asap ? (this.asapPlan(handoffs[k], base.inputs[k]) ?? plan) : plan)) };
      this.asapFiles.set(file, adjusted);
    }
    return adjusted;
  }

  /**
   * The dates of an asap handoff: its first allowed day is the first working
   * day of its `from` calendar strictly after every upstream's ready day
   * moved by the lag; `earliest` binds when later than all of them (on a tie
   * the upstream binds). Undefined with neither upstream dates nor earliest.
   */
  private asapPlan(handoff: HandoffSpec, input: ScheduleHandoffInput): HandoffPlan | undefined {
    const kept = this.plansIndex().asap;
    if (kept.has(handoff)) return kept.get(handoff);
    // A cycle of asap handoffs has no dates (dependency-cycle reports it).
    kept.set(handoff, undefined);
    const from = input.fromCalendar ?? this.calendar;
    let start: number | undefined;
    for (const id of handoff.dependsOn) {
      if (id === handoff.id) continue;
      const ready = this.readyForAsap(id);
      if (ready === undefined) continue;
      const allowed = from.after(moveByWorkingDays(from, ready, handoff.lags?.[id] ?? 0));
      if (start === undefined || allowed > start) start = allowed;
    }
    const earliest = handoff.earliest === undefined ? undefined : this.dayOf(handoff.earliest);
    if (earliest !== undefined) {
      const bound = from.onOrAfter(earliest);
      if (start === undefined || bound > start) start = bound;
    }
    if (start === undefined) return undefined;
    const work = Math.max(1, handoff.work ?? 1);
    const due = from.addWorkingDays(start, work - 1);
    const plan = planHandoff(this.calendar, this.reviewBuffer, { ...input, start, due, work: undefined });
    kept.set(handoff, plan);
    return plan;
  }

  /** The ready day of the first handoff with an id, for an asap dependant: its own asap dates when it is asap too. */
  private readyForAsap(id: string): number | undefined {
    const def = this.indexes.symbols.get('handoff')?.get(id)?.[0];
    const file = def && this.indexes.byUri.get(def.uri);
    const at = file && entityOf(file, def!);
    if (!at) return undefined;
    const handoff = at.entity as HandoffSpec;
    // An asap upstream without dates of its own gives none (not the dates written beside asap).
    return handoff.asap ? this.asapPlan(handoff, this.baseDatesOf(handoff).input)?.ready : this.baseDatesOf(handoff).plan.ready;
  }

  /** Whether any handoff starts asap: then dates propagate, and conflicts are found again for every file. */
  get hasAsap(): boolean {
    // By file, kept with each file version: an edit does not look at every handoff again.
    return (this.hasAsapCache ??= this.filesWhere(HAS_ASAP, fileHasAsap).length > 0);
  }

  /** asap handoffs with no upstream and no earliest (DESIGN §7.7): schema findings, at `start`. */
  get asapFindings(): Finding[] {
    const findings: Finding[] = [];
    if (!this.hasAsap) return findings;
    // File by file (not one list of every handoff: at 10,000 instances that copy was most of the walk).
    for (const file of this.filesWhere(HAS_ASAP, fileHasAsap)) {
      for (const handoff of file.entities.handoffs) {
        if (!handoff.asap || handoff.dependsOn.length > 0 || handoff.earliest !== undefined) continue;
        findings.push({
          rule: 'schema',
          uri: handoff.uri,
          span: spanOf(file.parsed, [...handoff.path, 'start']),
          message: `Handoff '${handoff.id}' starts asap but has no upstream in depends_on and no 'earliest'; add the handoffs it waits for, or 'earliest: <date>' (on the handoff or its chain).`,
        });
      }
    }
    return findings;
  }

  /** A file's handoffs as schedule inputs with their own dates, kept with the file version while the settings stay. */
  private dayOf(iso: string): number | undefined {
    if (this.dayNumbers.has(iso)) return this.dayNumbers.get(iso);
    const day = parseDate(iso);
    this.dayNumbers.set(iso, day);
    return day;
  }

  private basePlanned(file: FileModel): PlannedFile {
    let planned = file.memo.peek(PLANNED_FILE);
    if (!planned || planned.settings !== this.settingsKey) {
      const handoffs = file.entities.handoffs;
      const inputs: ScheduleHandoffInput[] = new Array(handoffs.length);
      const plans: HandoffPlan[] = new Array(handoffs.length);
      handoffs.forEach((handoff, k) => {
        // A chain file's new version holds most of the previous one's instances: their dates are kept.
        const dates = this.baseDatesOf(handoff);
        inputs[k] = dates.input;
        plans[k] = dates.plan;
      });
      planned = { settings: this.settingsKey, inputs, plans };
      file.memo.set(PLANNED_FILE, planned);
    }
    return planned;
  }

  /** A handoff as the schedule reads it: its own fields, dates as day numbers, its calendars. */
  private inputOf(handoff: HandoffSpec): ScheduleHandoffInput {
    return {
      id: handoff.id,
      start: handoff.start === undefined ? undefined : this.dayOf(handoff.start),
      work: handoff.work,
      due: handoff.due === undefined ? undefined : this.dayOf(handoff.due),
      reviewBuffer: handoff.reviewBuffer,
      dependsOn: handoff.dependsOn,
      lags: handoff.lags,
      feeds: handoff.feeds,
      fromCalendar: this.calendars.forDepartment(handoff.from),
      toCalendar: this.calendars.forDepartment(handoff.to),
      dueTime: handoff.dueTime === undefined ? undefined : parseTimeOfDay(handoff.dueTime),
      asap: handoff.asap,
      earliest: handoff.earliest === undefined ? undefined : this.dayOf(handoff.earliest),
    };
  }

  private milestoneDates(): { id: string; date: number }[] {
    return this.milestones.flatMap((milestone) => {
      const date = milestone.date === undefined ? undefined : parseDate(milestone.date);
      return date === undefined ? [] : [{ id: milestone.id, date }];
    });
  }

  /** The first dated milestone with each id, as computeSchedule reads them. */
  private milestoneDateMap(): Map<string, number> {
    const dates = new Map<string, number>();
    for (const { id, date } of this.milestoneDates()) if (!dates.has(id)) dates.set(id, date);
    return dates;
  }

  private milestonesKey(): string {
    return this.milestones.map((milestone) => `${milestone.id}\u001f${milestone.date ?? ''}`).join('\n');
  }
}

/** Whether a handoff's depends_on names any of these ids. */
function dependsOnAny(handoff: HandoffSpec, ids: ReadonlySet<string>): boolean {
  for (const id of handoff.dependsOn) if (ids.has(id)) return true;
  return false;
}

/** Adds a handoff as a dependant of each id its depends_on names. */
function addDependant(dependants: Map<string, Dependants>, handoff: HandoffSpec): void {
  for (const id of handoff.dependsOn) {
    const now = dependants.get(id);
    if (now === undefined) dependants.set(id, handoff);
    else if (now instanceof Set) now.add(handoff);
    else if (!Array.isArray(now)) {
      if (now !== handoff) dependants.set(id, [now, handoff]);
    } else if (!now.includes(handoff)) {
      if (now.length < DEPENDANT_LIST_MAX) now.push(handoff);
      else dependants.set(id, new Set([...now, handoff]));
    }
  }
}

/** Takes a handoff away as a dependant of each id its depends_on names. */
function removeDependant(dependants: Map<string, Dependants>, handoff: HandoffSpec): void {
  for (const id of handoff.dependsOn) {
    const now = dependants.get(id);
    if (now === handoff) dependants.delete(id);
    else if (now instanceof Set) {
      now.delete(handoff);
      if (now.size === 0) dependants.delete(id);
    } else if (Array.isArray(now)) {
      const at = now.indexOf(handoff);
      if (at < 0) continue;
      now.splice(at, 1);
      if (now.length === 1) dependants.set(id, now[0]);
    }
  }
}

/** The handoffs an entry of the dependants holds. */
function listOf(dependants: Dependants | undefined): Iterable<HandoffSpec> {
  if (dependants === undefined) return [];
  return dependants instanceof Set || Array.isArray(dependants) ? dependants : [dependants];
}

function setProblems(index: ProblemsIndex, uri: string, problems: FileProblems): void {
  index.byUri.set(uri, problems);
  if (problems === NO_PROBLEMS) index.found.delete(uri);
  else index.found.add(uri);
}

/** Adds (or takes away) references of a kind to the reference counts of that kind. */
function countReferences(byId: Map<string, number>, references: readonly Reference[], kind: SymbolKind, delta: 1 | -1): void {
  for (const reference of references) {
    if (reference.kind !== kind) continue;
    const count = (byId.get(reference.id) ?? 0) + delta;
    if (count > 0) byId.set(reference.id, count);
    else byId.delete(reference.id);
  }
}

/** Counts one more reference to `id` from the file `uri` in a referencers index. */
function addReferencer(byId: Map<string, Referrers>, uri: string, id: string): void {
  const referrers = byId.get(id);
  if (referrers === undefined) byId.set(id, uri);
  else if (typeof referrers === 'string') byId.set(id, [referrers, uri]);
  else if (Array.isArray(referrers)) referrers.push(uri);
  else referrers.set(uri, (referrers.get(uri) ?? 0) + 1);
}

/** Takes references of a kind, all of one file, out of the referencers index of that kind. */
function removeReferencers(byId: Map<string, Referrers>, uri: string, references: readonly Reference[], kind: SymbolKind): void {
  let gone: Map<string, number> | undefined;
  for (const reference of references) {
    if (reference.kind !== kind) continue;
    gone ??= new Map();
    gone.set(reference.id, (gone.get(reference.id) ?? 0) + 1);
  }
  for (const [id, count] of gone ?? []) {
    let referrers = byId.get(id);
    if (!referrers) continue;
    if (typeof referrers === 'string') {
      if (referrers === uri) byId.delete(id);
      continue;
    }
    if (Array.isArray(referrers) && referrers.length > REFERRER_LIST_MAX) byId.set(id, (referrers = countsOf(referrers)));
    if (Array.isArray(referrers)) {
      // A short list: one pass, keeping the file's other references.
      let left = count;
      let kept = 0;
      for (const listed of referrers) {
        if (left > 0 && listed === uri) left--;
        else referrers[kept++] = listed;
      }
      referrers.length = kept;
      if (kept === 0) byId.delete(id);
      else if (kept === 1) byId.set(id, referrers[0]);
      continue;
    }
    const left = (referrers.get(uri) ?? 0) - count;
    if (left > 0) referrers.set(uri, left);
    else referrers.delete(uri);
    if (referrers.size === 0) byId.delete(id);
  }
}

/** How many times each URI is listed; a file's are next to each other in a list made file by file. */
function countsOf(uris: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let at = 0; at < uris.length; ) {
    const uri = uris[at];
    let end = at + 1;
    while (end < uris.length && uris[end] === uri) end++;
    counts.set(uri, (counts.get(uri) ?? 0) + end - at);
    at = end;
  }
  return counts;
}

function buildIndexes(files: readonly FileModel[]): SharedIndexes {
  const byUri = new Map<string, FileModel>();
  const symbols = new Map<SymbolKind, Map<string, SymbolDef[]>>();
  const duplicates = new Set<string>();
  for (const file of files) {
    byUri.set(file.parsed.uri, file);
    for (const symbol of file.symbols) {
      let byId = symbols.get(symbol.kind);
      if (!byId) symbols.set(symbol.kind, (byId = new Map()));
      const id = scopedId(symbol.id, symbol.scope);
      const defs = byId.get(id);
      if (defs) {
        defs.push(symbol);
        duplicates.add(`${symbol.kind}\u001f${id}`);
      } else byId.set(id, [symbol]);
    }
  }
  return { byUri, symbols, duplicates, referencers: new Map(), counts: new Map(), memos: new Map() };
}
