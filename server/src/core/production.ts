// One production: every file it governs, linked. Symbols by kind, references,
// merged entity lists, the calendar and (lazily) the schedule.
import { parseDate, WorkCalendar, type Weekday } from './calendar';
import type { FileModel } from './fileModel';
import { computeSchedule, type ScheduleModel } from './schedule';
import type {
  AssetTypeSpec,
  ColorSpaceSpec,
  DepartmentSpec,
  FormatSpec,
  HandoffSpec,
  MetadataSpec,
  MilestoneSpec,
  NamingTokenSpec,
  PersonSpec,
  ProductionSpec,
  RiskSpec,
  RunbookSpec,
  TemplateSpec,
} from './specs';
import type { Reference, SymbolDef, SymbolKind } from './types';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const DEFAULT_REVIEW_BUFFER = 2;
export const DEFAULT_RISK_REVIEW_DAYS = 7;

export class ProductionModel {
  /** Definitions by kind, then id; more than one definition is a duplicate. */
  readonly symbols = new Map<SymbolKind, Map<string, SymbolDef[]>>();
  readonly references: Reference[] = [];
  readonly production?: ProductionSpec;
  readonly departments: DepartmentSpec[] = [];
  readonly people: PersonSpec[] = [];
  readonly milestones: MilestoneSpec[] = [];
  readonly colorSpaces: ColorSpaceSpec[] = [];
  readonly formats: FormatSpec[] = [];
  readonly assetTypes: AssetTypeSpec[] = [];
  readonly metadata: MetadataSpec[] = [];
  readonly namingTokens: NamingTokenSpec[] = [];
  readonly templates: TemplateSpec[] = [];
  readonly handoffs: HandoffSpec[] = [];
  readonly runbooks: RunbookSpec[] = [];
  readonly risks: RiskSpec[] = [];
  readonly calendar: WorkCalendar;
  private readonly byUri = new Map<string, FileModel>();
  private scheduleCache?: ScheduleModel;
  private readonly firstById = new Map<SymbolKind, Map<string, unknown>>();

  /**
   * @param key the folder the production governs (its file's folder), or '' for files no production governs
   * @param files every file governed, the production file first when there is one
   */
  constructor(
    readonly key: string,
    readonly files: readonly FileModel[],
  ) {
    for (const file of files) {
      this.byUri.set(file.parsed.uri, file);
      for (const symbol of file.symbols) {
        let byId = this.symbols.get(symbol.kind);
        if (!byId) this.symbols.set(symbol.kind, (byId = new Map()));
        const id = scopedId(symbol.id, symbol.scope);
        const defs = byId.get(id);
        if (defs) defs.push(symbol);
        else byId.set(id, [symbol]);
      }
      for (const reference of file.references) this.references.push(reference);
      const entities = file.entities;
      if (entities.production && !this.production) {
        this.production = entities.production;
        this.departments.push(...entities.production.departments);
        this.people.push(...entities.production.people);
        this.milestones.push(...entities.production.milestones);
      }
      this.colorSpaces.push(...entities.colorSpaces);
      this.formats.push(...entities.formats);
      this.assetTypes.push(...entities.assetTypes);
      this.metadata.push(...entities.metadata);
      this.namingTokens.push(...entities.namingTokens);
      this.templates.push(...entities.templates);
      this.handoffs.push(...entities.handoffs);
      this.runbooks.push(...entities.runbooks);
      this.risks.push(...entities.risks);
    }
    this.calendar = makeCalendar(this.production);
  }

  file(uri: string): FileModel | undefined {
    return this.byUri.get(uri);
  }

  /** The first definition of an id (in a scope, for checklist items and steps). */
  lookup(kind: SymbolKind, id: string, scope?: string): SymbolDef | undefined {
    return this.symbols.get(kind)?.get(scopedId(id, scope))?.[0];
  }

  /** Resolves a reference to its definition, trying each scope it allows. */
  resolve(reference: Reference): SymbolDef | undefined {
    if (!reference.scopes) return this.lookup(reference.kind, reference.id);
    for (const scope of reference.scopes) {
      const def = this.lookup(reference.kind, reference.id, scope);
      if (def) return def;
    }
    return undefined;
  }

  /** Every id of a kind (in a scope for scoped kinds). */
  ids(kind: SymbolKind, scope?: string): string[] {
    const byId = this.symbols.get(kind);
    if (!byId) return [];
    const ids: string[] = [];
    for (const defs of byId.values()) {
      const def = defs[0];
      if (scope === undefined || def.scope === scope) ids.push(def.id);
    }
    return ids;
  }

  get reviewBuffer(): number {
    return this.production?.reviewBuffer ?? DEFAULT_REVIEW_BUFFER;
  }

  get riskReviewDays(): number {
    return this.production?.riskReviewDays ?? DEFAULT_RISK_REVIEW_DAYS;
  }

  /** First entity with an id, by kind. */
  handoff(id: string): HandoffSpec | undefined {
    return this.first('handoff', this.handoffs, id);
  }

  template(id: string): TemplateSpec | undefined {
    return this.first('template', this.templates, id);
  }

  format(id: string): FormatSpec | undefined {
    return this.first('format', this.formats, id);
  }

  assetType(id: string): AssetTypeSpec | undefined {
    return this.first('asset-type', this.assetTypes, id);
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
    return this.first('runbook', this.runbooks, id);
  }

  private first<T extends { id: string }>(kind: SymbolKind, items: readonly T[], id: string): T | undefined {
    let byId = this.firstById.get(kind) as Map<string, T> | undefined;
    if (!byId) {
      byId = new Map();
      for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
      this.firstById.set(kind, byId);
    }
    return byId.get(id);
  }

  get schedule(): ScheduleModel {
    if (!this.scheduleCache) {
      this.scheduleCache = computeSchedule({
        calendar: this.calendar,
        defaultReviewBuffer: this.reviewBuffer,
        handoffs: this.handoffs.map((handoff) => ({
          id: handoff.id,
          start: handoff.start === undefined ? undefined : parseDate(handoff.start),
          work: handoff.work,
          due: handoff.due === undefined ? undefined : parseDate(handoff.due),
          reviewBuffer: handoff.reviewBuffer,
          dependsOn: handoff.dependsOn,
          feeds: handoff.feeds,
        })),
        milestones: this.milestones.flatMap((milestone) => {
          const date = milestone.date === undefined ? undefined : parseDate(milestone.date);
          return date === undefined ? [] : [{ id: milestone.id, date }];
        }),
      });
    }
    return this.scheduleCache;
  }
}

function scopedId(id: string, scope: string | undefined): string {
  return scope === undefined ? id : `${scope}\u001f${id}`;
}

function makeCalendar(production: ProductionSpec | undefined): WorkCalendar {
  const workdays = production?.workdays?.filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day));
  const holidays = (production?.holidays ?? []).map(parseDate).filter((day): day is number => day !== undefined);
  // A calendar without a single workday cannot schedule anything; the schema rule reports it.
  return new WorkCalendar(workdays && workdays.length > 0 ? workdays : undefined, holidays);
}
