// Per-file analysis that depends on nothing else: the entities a file defines,
// its symbols and its references. Built once per file version and cached, so a
// workspace re-links files without re-reading them.
import { Memo } from './memo';
import { pathKey, type ParsedFile } from './parse';
import type {
  ActionSpec,
  AssetTypeSpec,
  CalendarSpec,
  ChecklistItemSpec,
  ClosureSpec,
  FileEntities,
  HandoffSpec,
  HistoryEventSpec,
  ProductionSpec,
  RequiredFileSpec,
  RiskSpec,
  RunbookSpec,
  StepSpec,
  TemplateSpec,
} from './specs';
import { validateSchema } from './schema';
import type { Finding, NodePath, Reference, Span, SymbolDef, SymbolKind } from './types';

export interface FileModel {
  parsed: ParsedFile;
  entities: FileEntities;
  symbols: SymbolDef[];
  references: Reference[];
  /** Findings of the schema rule: they depend on this file alone, so they are cached with it. */
  schemaFindings: Finding[];
  /** What the analysis works out about this file version, kept with it (see memo.ts). */
  readonly memo: Memo;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return undefined;
}

/** Ids and dates may be typed as numbers or booleans by YAML; read them as written. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** An integer field as a handoff reads it (work, review_buffer): anything else is none. */
export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strList(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}

/**
 * Where indexing reads the spans of ids and references. By default the parsed
 * file's spans; a host that parsed the file on another thread and indexed it
 * there too can hand over just the spans read, by path, so that this thread
 * need not build the file's whole span map (see server/src/node/parsePool.ts).
 */
export interface SpanReader {
  /** The span of the value at `path` ({0, 0} when there is none). */
  value(path: NodePath): Span;
  /** The span of the key at `path`, or of its value when it has no key ({0, 0} when there is none). */
  key(path: NodePath): Span;
}

export function spanReader(file: ParsedFile): SpanReader {
  return {
    value(path) {
      const spans = file.spans.get(pathKey(path));
      return spans ? spans.value : { start: 0, end: 0 };
    },
    key(path) {
      const spans = file.spans.get(pathKey(path));
      return spans ? (spans.key ?? spans.value) : { start: 0, end: 0 };
    },
  };
}

export class Indexer {
  readonly symbols: SymbolDef[] = [];
  readonly references: Reference[] = [];

  constructor(
    private readonly file: ParsedFile,
    private readonly spans: SpanReader,
  ) {}

  span(path: NodePath): Span {
    return this.spans.value(path);
  }

  keySpan(path: NodePath): Span {
    return this.spans.key(path);
  }

  /** Records the definition named by `entity.id` and returns the id, or undefined when it has none. */
  define(kind: SymbolKind, entity: Obj, path: NodePath, idKey = 'id', scope?: string, detail?: string): string | undefined {
    const id = scalarText(entity[idKey]);
    if (id === undefined || id === '') return undefined;
    this.symbols.push({ kind, id, uri: this.file.uri, span: this.span([...path, idKey]), path, scope, detail });
    return id;
  }

  /** Records a reference at `path` when the value there is an id. */
  ref(kind: SymbolKind, value: unknown, path: NodePath, scopes?: string[]): string | undefined {
    const id = scalarText(value);
    if (id === undefined || id === '') return undefined;
    this.references.push({ kind, id, uri: this.file.uri, span: this.span(path), path, scopes });
    return id;
  }

  refs(kind: SymbolKind, value: unknown, path: NodePath, scopes?: string[]): string[] {
    const ids: string[] = [];
    list(value).forEach((item, index) => {
      const id = this.ref(kind, item, [...path, index], scopes);
      if (id !== undefined) ids.push(id);
    });
    return ids;
  }
}

function emptyEntities(): FileEntities {
  return { colorSpaces: [], formats: [], assetTypes: [], metadata: [], namingTokens: [], templates: [], handoffs: [], runbooks: [], risks: [], decisions: [], postmortems: [] };
}

/**
 * @param schemaFindings the schema rule's findings when they were already
 *   found (a host that parses off the main thread validates there too)
 * @param spans where ids and references find their spans (see SpanReader)
 */
export function buildFileModel(parsed: ParsedFile, schemaFindings?: Finding[], spans: SpanReader = spanReader(parsed)): FileModel {
  const indexer = new Indexer(parsed, spans);
  const entities = emptyEntities();
  const root = parsed.value;
  if (isObj(root)) {
    switch (parsed.kind) {
      case 'production':
        entities.production = readProduction(indexer, root, parsed.uri);
        break;
      case 'glossary':
        readGlossary(indexer, root, parsed.uri, entities);
        break;
      case 'template': {
        const template = readTemplate(indexer, root, [], parsed.uri);
        if (template) entities.templates.push(template);
        break;
      }
      case 'handoff':
        list(root.handoffs).forEach((item, index) => {
          const handoff = isObj(item) ? readHandoff(indexer, item, ['handoffs', index], parsed.uri) : undefined;
          if (handoff) entities.handoffs.push(handoff);
        });
        break;
      case 'runbook': {
        const runbook = readRunbook(indexer, root, parsed.uri);
        if (runbook) entities.runbooks.push(runbook);
        break;
      }
      case 'breakdown':
        list(root.units).forEach((item, index) => {
          if (!isObj(item)) return;
          const path = ['units', index];
          defineUnit(indexer, item, path);
        });
        break;
      case 'risks':
        list(root.risks).forEach((item, index) => {
          const risk = isObj(item) ? readRisk(indexer, item, ['risks', index], parsed.uri) : undefined;
          if (risk) entities.risks.push(risk);
        });
        break;
      case 'journal':
        readJournal(indexer, root, parsed.uri, entities);
        break;
    }
  }
  return new IndexedFile(parsed, entities, indexer.symbols, indexer.references, schemaFindings);
}

/**
 * A file's model. Its schema findings are worked out when the schema rule
 * first asks: a request about a document opened as the server starts
 * answers without waiting for the validators to compile.
 */
class IndexedFile implements FileModel {
  readonly memo = new Memo();

  constructor(
    readonly parsed: ParsedFile,
    readonly entities: FileEntities,
    readonly symbols: SymbolDef[],
    readonly references: Reference[],
    private checked: Finding[] | undefined,
  ) {}

  get schemaFindings(): Finding[] {
    return (this.checked ??= validateSchema(this.parsed));
  }
}

function readProduction(ix: Indexer, root: Obj, uri: string): ProductionSpec | undefined {
  const id = ix.define('production', root, [], 'production', undefined, str(root.title));
  const calendar = isObj(root.calendar) ? root.calendar : {};
  const rules: Record<string, string> = {};
  if (isObj(root.rules)) {
    for (const [rule, setting] of Object.entries(root.rules)) if (typeof setting === 'string') rules[rule] = setting;
  }
  const productionCalendar = readCalendar(calendar, ['calendar'], uri, undefined);
  const calendars: CalendarSpec[] = [];
  list(root.calendars).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['calendars', index];
    const detail = [str(item.region), str(item.timezone)].filter(Boolean).join(', ') || undefined;
    const calendarId = ix.define('calendar', item, path, 'id', undefined, detail);
    if (calendarId !== undefined) calendars.push(readCalendar(item, path, uri, calendarId));
  });
  const targets = isObj(root.targets) ? root.targets : {};
  const production: ProductionSpec = {
    uri,
    path: [],
    id: id ?? '',
    title: str(root.title),
    workdays: productionCalendar.workdays,
    holidays: productionCalendar.holidays,
    calendar: productionCalendar,
    calendars,
    ocio: str(root.ocio),
    targets: { onTimeRate: num(targets.on_time_rate), firstPassRate: num(targets.first_pass_rate), revisionCycles: num(targets.revision_cycles) },
    reviewBuffer: int(root.review_buffer),
    riskReviewDays: int(root.risk_review_days),
    rules,
    departments: [],
    people: [],
    milestones: [],
  };
  list(root.departments).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['departments', index];
    const id = ix.define('department', item, path, 'id', undefined, str(item.name));
    if (id === undefined) return;
    production.departments.push({
      uri, path, id,
      name: str(item.name),
      lead: ix.ref('person', item.lead, [...path, 'lead']),
      color: str(item.color),
      channel: str(item.channel),
      calendar: ix.ref('calendar', item.calendar, [...path, 'calendar']),
      vendor: typeof item.vendor === 'boolean' ? item.vendor : undefined,
    });
  });
  list(root.people).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['people', index];
    const detail = [str(item.name), str(item.role)].filter(Boolean).join(', ') || undefined;
    const id = ix.define('person', item, path, 'id', undefined, detail);
    if (id === undefined) return;
    production.people.push({
      uri, path, id,
      name: str(item.name),
      role: str(item.role),
      department: ix.ref('department', item.department, [...path, 'department']),
      email: str(item.email),
    });
  });
  list(root.milestones).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['milestones', index];
    const date = scalarText(item.date);
    const detail = [str(item.title), date].filter(Boolean).join(', ') || undefined;
    const id = ix.define('milestone', item, path, 'id', undefined, detail);
    if (id === undefined) return;
    production.milestones.push({ uri, path, id, date, title: str(item.title), unit: ix.ref('unit', item.unit, [...path, 'unit']) });
  });
  return production;
}

function readCalendar(item: Obj, path: NodePath, uri: string, id: string | undefined): CalendarSpec {
  const closures: ClosureSpec[] = [];
  list(item.closures).forEach((entry, index) => {
    if (!isObj(entry)) return;
    closures.push({ uri, path: [...path, 'closures', index], from: scalarText(entry.from), to: scalarText(entry.to), reason: str(entry.reason) });
  });
  return {
    uri, path, id,
    workdays: Array.isArray(item.workdays) ? strList(item.workdays) : undefined,
    holidays: list(item.holidays).map(scalarText).filter((d): d is string => d !== undefined),
    region: str(item.region),
    timezone: str(item.timezone),
    closures,
  };
}

function readGlossary(ix: Indexer, root: Obj, uri: string, out: FileEntities): void {
  list(root.color_spaces).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['color_spaces', index];
    const id = ix.define('color-space', item, path, 'id', undefined, str(item.name));
    if (id !== undefined) out.colorSpaces.push({ uri, path, id, name: str(item.name), ocio: str(item.ocio) });
  });
  list(root.formats).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['formats', index];
    const extensions = strList(item.extensions);
    const id = ix.define('format', item, path, 'id', undefined, extensions.length ? `.${extensions.join(', .')}` : undefined);
    if (id === undefined) return;
    out.formats.push({ uri, path, id, extensions, colorSpaces: ix.refs('color-space', item.color_spaces, [...path, 'color_spaces']) });
  });
  list(root.asset_types).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['asset_types', index];
    const id = ix.define('asset-type', item, path, 'id', undefined, str(item.description));
    if (id === undefined) return;
    const assetType: AssetTypeSpec = {
      uri, path, id,
      description: str(item.description),
      formats: ix.refs('format', item.formats, [...path, 'formats']),
      metadata: ix.refs('metadata', item.metadata, [...path, 'metadata']),
    };
    out.assetTypes.push(assetType);
  });
  list(root.metadata).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['metadata', index];
    const id = ix.define('metadata', item, path, 'id', undefined, str(item.type));
    if (id !== undefined) out.metadata.push({ uri, path, id, type: str(item.type), pattern: str(item.pattern) });
  });
  if (isObj(root.naming_tokens)) {
    for (const [token, pattern] of Object.entries(root.naming_tokens)) {
      const path = ['naming_tokens', token];
      ix.symbols.push({ kind: 'naming-token', id: token, uri, span: ix.keySpan(path), path, detail: str(pattern) });
      out.namingTokens.push({ uri, path, id: token, pattern: str(pattern) });
    }
  }
}

function readChecklistItem(ix: Indexer, item: Obj, path: NodePath, uri: string, scope?: string): ChecklistItemSpec {
  const id = scope !== undefined ? ix.define('checklist-item', item, path, 'id', scope, str(item.check)) : scalarText(item.id);
  return { uri, path, id, check: str(item.check), verify: ix.ref('metadata', item.verify, [...path, 'verify']) };
}

function readTemplate(ix: Indexer, root: Obj, path: NodePath, uri: string): TemplateSpec | undefined {
  const id = ix.define('template', root, path, 'template', undefined, [str(root.asset_type), str(root.format)].filter(Boolean).join(' · ') || undefined);
  if (id === undefined) return undefined;
  const delivery = isObj(root.delivery) ? root.delivery : {};
  const accepts = isObj(root.accepts) ? root.accepts : undefined;
  const requiredFiles: RequiredFileSpec[] = [];
  list(root.required_files).forEach((item, index) => {
    const itemPath = [...path, 'required_files', index];
    if (typeof item === 'string') requiredFiles.push({ uri, path: itemPath, pattern: item });
    else if (isObj(item)) {
      requiredFiles.push({ uri, path: itemPath, pattern: str(item.pattern), format: ix.ref('format', item.format, [...itemPath, 'format']) });
    }
  });
  const checklist: ChecklistItemSpec[] = [];
  list(root.checklist).forEach((item, index) => {
    if (isObj(item)) checklist.push(readChecklistItem(ix, item, [...path, 'checklist', index], uri, id));
  });
  return {
    uri, path, id,
    assetType: ix.ref('asset-type', root.asset_type, [...path, 'asset_type']),
    format: ix.ref('format', root.format, [...path, 'format']),
    colorSpace: ix.ref('color-space', root.color_space, [...path, 'color_space']),
    naming: str(root.naming),
    deliveryLocation: str(delivery.location),
    deliveryMethod: str(delivery.method),
    requiredFiles,
    metadata: ix.refs('metadata', root.metadata, [...path, 'metadata']),
    accepts: accepts && {
      formats: Array.isArray(accepts.formats) ? ix.refs('format', accepts.formats, [...path, 'accepts', 'formats']) : undefined,
      colorSpaces: Array.isArray(accepts.color_spaces) ? ix.refs('color-space', accepts.color_spaces, [...path, 'accepts', 'color_spaces']) : undefined,
    },
    checklist,
  };
}

export function readHandoff(ix: Indexer, item: Obj, path: NodePath, uri: string): HandoffSpec | undefined {
  const due = scalarText(item.due);
  const id = ix.define('handoff', item, path, 'id', undefined, [str(item.title), due && `due ${due}`].filter(Boolean).join(', ') || undefined);
  if (id === undefined) return undefined;
  const template = ix.ref('template', item.template, [...path, 'template']);
  const checklistRefs: string[] = [];
  const inlineChecklist: ChecklistItemSpec[] = [];
  list(item.checklist).forEach((entry, index) => {
    const entryPath = [...path, 'checklist', index];
    if (typeof entry === 'string') {
      const ref = ix.ref('checklist-item', entry, entryPath, template !== undefined ? [template] : []);
      if (ref !== undefined) checklistRefs.push(ref);
    } else if (isObj(entry)) {
      inlineChecklist.push(readChecklistItem(ix, entry, entryPath, uri));
    }
  });
  const risk = isObj(item.risk) ? item.risk : undefined;
  const contingencyValue = risk && isObj(risk.contingency) ? risk.contingency : undefined;
  const contingencyPath = [...path, 'risk', 'contingency'];
  const history: HistoryEventSpec[] = [];
  list(item.history).forEach((entry, index) => {
    if (!isObj(entry)) return;
    const entryPath = [...path, 'history', index];
    history.push({
      uri,
      path: entryPath,
      date: scalarText(entry.date),
      event: str(entry.event),
      version: int(entry.version),
      by: ix.ref('person', entry.by, [...entryPath, 'by']),
      reason: str(entry.reason),
      units: strList(entry.units),
    });
  });
  const dependencies = readDependsOn(ix, item.depends_on, [...path, 'depends_on']);
  // Every field written, in one order, here and in copyHandoff: all handoffs then share one
  // hidden class, and the code that reads them stays fast when an edit brings retouched copies.
  const handoff: AllFields<HandoffSpec> = {
    uri, path, id,
    title: str(item.title),
    from: ix.ref('department', item.from, [...path, 'from']),
    to: ix.ref('department', item.to, [...path, 'to']),
    template,
    owner: ix.ref('person', item.owner, [...path, 'owner']),
    contact: ix.ref('person', item.contact, [...path, 'contact']),
    escalation: ix.refs('person', item.escalation, [...path, 'escalation']),
    start: scalarText(item.start),
    work: int(item.work),
    due,
    dueTime: str(item.due_time),
    reviewBuffer: int(item.review_buffer),
    dependsOn: dependencies.dependsOn,
    lags: dependencies.lags,
    asap: item.start === 'asap' || undefined,
    earliest: scalarText(item.earliest),
    unit: ix.ref('unit', item.unit, [...path, 'unit']),
    origin: undefined,
    feeds: ix.ref('milestone', item.feeds, [...path, 'feeds']),
    doneWhen: 'done_when' in item ? strList(item.done_when) : undefined,
    checklistRefs,
    inlineChecklist,
    riskLevel: risk ? str(risk.level) : undefined,
    contingency: contingencyValue && {
      uri,
      path: contingencyPath,
      plan: str(contingencyValue.plan),
      alternateFormat: ix.ref('format', contingencyValue.alternate_format, [...contingencyPath, 'alternate_format']),
      expeditedReview: typeof contingencyValue.expedited_review === 'boolean' ? contingencyValue.expedited_review : undefined,
    },
    status: str(item.status),
    history,
  };
  return handoff;
}

/** Every field of T present (an optional one may hold undefined). */
type AllFields<T> = { [K in keyof Required<T>]: T[K] };

/**
 * A copy of a handoff (a retouched chain instance), made field by field in
 * readHandoff's order rather than by a spread, whose copies the engine gives
 * another hidden class than readHandoff's.
 */
export function copyHandoff(handoff: HandoffSpec): HandoffSpec {
  const copy: AllFields<HandoffSpec> = {
    uri: handoff.uri,
    path: handoff.path,
    id: handoff.id,
    title: handoff.title,
    from: handoff.from,
    to: handoff.to,
    template: handoff.template,
    owner: handoff.owner,
    contact: handoff.contact,
    escalation: handoff.escalation,
    start: handoff.start,
    work: handoff.work,
    due: handoff.due,
    dueTime: handoff.dueTime,
    reviewBuffer: handoff.reviewBuffer,
    dependsOn: handoff.dependsOn,
    lags: handoff.lags,
    asap: handoff.asap,
    earliest: handoff.earliest,
    unit: handoff.unit,
    origin: handoff.origin,
    feeds: handoff.feeds,
    doneWhen: handoff.doneWhen,
    checklistRefs: handoff.checklistRefs,
    inlineChecklist: handoff.inlineChecklist,
    riskLevel: handoff.riskLevel,
    contingency: handoff.contingency,
    status: handoff.status,
    history: handoff.history,
  };
  return copy;
}

/** depends_on entries: plain ids, or `{ id, lag }` maps (the lag kept by id). */
function readDependsOn(ix: Indexer, value: unknown, path: NodePath): { dependsOn: string[]; lags: Record<string, number> | undefined } {
  const dependsOn: string[] = [];
  let lags: Record<string, number> | undefined;
  list(value).forEach((entry, index) => {
    if (isObj(entry)) {
      const id = ix.ref('handoff', entry.id, [...path, index, 'id']);
      if (id === undefined) return;
      dependsOn.push(id);
      const lag = int(entry.lag);
      if (lag !== undefined && lag !== 0) (lags ??= {})[id] = lag;
    } else {
      const id = ix.ref('handoff', entry, [...path, index]);
      if (id !== undefined) dependsOn.push(id);
    }
  });
  return { dependsOn, lags };
}

function defineUnit(ix: Indexer, item: Obj, path: NodePath): void {
  const kind = str(item.kind);
  ix.define('unit', item, path, 'id', undefined, [kind, str(item.title), scalarText(item.frames)].filter(Boolean).join(' · ') || undefined);
  ix.ref('unit', item.parent, [...path, 'parent']);
}

function readRunbook(ix: Indexer, root: Obj, uri: string): RunbookSpec | undefined {
  const id = ix.define('runbook', root, [], 'runbook', undefined, str(root.title));
  if (id === undefined) return undefined;
  const appliesTo = ix.refs('template', root.applies_to, ['applies_to']);
  const steps: StepSpec[] = [];
  list(root.steps).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['steps', index];
    const stepId = ix.define('step', item, path, 'id', id, str(item.do));
    if (stepId === undefined) return;
    steps.push({
      uri, path, id: stepId,
      do: str(item.do),
      role: str(item.role),
      qa: ix.refs('checklist-item', item.qa, [...path, 'qa'], appliesTo),
      verify: ix.refs('metadata', item.verify, [...path, 'verify']),
      handoff: ix.ref('handoff', item.handoff, [...path, 'handoff']),
      after: ix.refs('step', item.after, [...path, 'after'], [id]),
    });
  });
  return { uri, path: [], id, title: str(root.title), owner: ix.ref('person', root.owner, ['owner']), appliesTo, steps };
}

function readJournal(ix: Indexer, root: Obj, uri: string, out: FileEntities): void {
  list(root.decisions).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['decisions', index];
    const id = ix.define('decision', item, path, 'id', undefined, str(item.summary));
    if (id === undefined) return;
    out.decisions.push({
      uri, path, id,
      date: scalarText(item.date),
      by: ix.ref('person', item.by, [...path, 'by']),
      summary: str(item.summary),
      affects: ix.refs('handoff', item.affects, [...path, 'affects']),
      status: str(item.status),
      supersedes: ix.ref('decision', item.supersedes, [...path, 'supersedes']),
    });
  });
  list(root.postmortems).forEach((item, index) => {
    if (!isObj(item)) return;
    const path = ['postmortems', index];
    const id = ix.define('postmortem', item, path, 'id', undefined, scalarText(item.date));
    if (id === undefined) return;
    const actions: ActionSpec[] = [];
    list(item.actions).forEach((entry, at) => {
      if (!isObj(entry)) return;
      const actionPath = [...path, 'actions', at];
      const updates = ix.ref('template', entry.updates, [...actionPath, 'updates']);
      // `updates` names a template or a runbook.
      const reference = updates === undefined ? undefined : ix.references[ix.references.length - 1];
      if (reference) reference.orKinds = ['runbook'];
      actions.push({
        uri, path: actionPath,
        do: str(entry.do),
        owner: ix.ref('person', entry.owner, [...actionPath, 'owner']),
        due: scalarText(entry.due),
        updates,
        done: typeof entry.done === 'boolean' ? entry.done : undefined,
      });
    });
    out.postmortems.push({
      uri, path, id,
      date: scalarText(item.date),
      handoffs: ix.refs('handoff', item.handoffs, [...path, 'handoffs']),
      findings: strList(item.findings),
      actions,
    });
  });
}

function readRisk(ix: Indexer, item: Obj, path: NodePath, uri: string): RiskSpec | undefined {
  const id = ix.define('risk', item, path, 'id', undefined, str(item.description));
  if (id === undefined) return undefined;
  const single = ix.ref('handoff', item.handoff, [...path, 'handoff']);
  const several = ix.refs('handoff', item.handoffs, [...path, 'handoffs']);
  const contingency = isObj(item.contingency) ? item.contingency : undefined;
  return {
    uri, path, id,
    handoff: single ?? several[0],
    handoffs: single !== undefined ? [single] : several,
    contingency: contingency && {
      plan: str(contingency.plan),
      readyWithinHours: num(contingency.ready_within_hours),
      alternateFormat: ix.ref('format', contingency.alternate_format, [...path, 'contingency', 'alternate_format']),
      expeditedReview: typeof contingency.expedited_review === 'boolean' ? contingency.expedited_review : undefined,
    },
    exposureDays: int(item.exposure_days),
    description: str(item.description),
    likelihood: str(item.likelihood),
    impact: str(item.impact),
    owner: ix.ref('person', item.owner, [...path, 'owner']),
    mitigation: str(item.mitigation),
    reviewed: scalarText(item.reviewed),
    status: str(item.status),
  };
}
