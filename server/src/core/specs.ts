// Typed views of the entities in spec files, read tolerantly: a field of the
// wrong type reads as absent (the schema rule reports it), so every rule can
// work on whatever is well-formed while the user is still typing.
import type { NodePath, Span } from './types';

export interface Entity {
  uri: string;
  /** Path of the entity's map node in its file. */
  path: NodePath;
}

export interface DepartmentSpec extends Entity {
  id: string;
  name?: string;
  lead?: string;
  color?: string;
  channel?: string;
  /** Id of the named calendar it works by; the production calendar when absent. */
  calendar?: string;
  vendor?: boolean;
}

export interface PersonSpec extends Entity {
  id: string;
  name?: string;
  role?: string;
  department?: string;
  email?: string;
}

export interface MilestoneSpec extends Entity {
  id: string;
  date?: string;
  title?: string;
  /** The breakdown unit the milestone belongs to (DESIGN §7.1). */
  unit?: string;
}

/** `{ from, to }`: closed days, both ends included. */
export interface ClosureSpec extends Entity {
  from?: string;
  to?: string;
  reason?: string;
}

/** The fields of a calendar: the production's own (`calendar:`) or a named one (`calendars:`). */
export interface CalendarSpec extends Entity {
  /** A named calendar's id; undefined for the production calendar. */
  id?: string;
  workdays?: string[];
  holidays: string[];
  region?: string;
  timezone?: string;
  closures: ClosureSpec[];
}

export interface ProductionSpec extends Entity {
  id: string;
  title?: string;
  workdays?: string[];
  holidays: string[];
  /** The production calendar in full (workdays and holidays above are its first fields). */
  calendar: CalendarSpec;
  calendars: CalendarSpec[];
  /** The OCIO config path as written (relative to the production file). */
  ocio?: string;
  targets: { onTimeRate?: number; firstPassRate?: number; revisionCycles?: number };
  reviewBuffer?: number;
  riskReviewDays?: number;
  rules: Record<string, string>;
  departments: DepartmentSpec[];
  people: PersonSpec[];
  milestones: MilestoneSpec[];
}

export interface ColorSpaceSpec extends Entity {
  id: string;
  name?: string;
  /** The name in the production's OCIO config (a color space, alias or role). */
  ocio?: string;
}

export interface FormatSpec extends Entity {
  id: string;
  extensions: string[];
  colorSpaces: string[];
}

export interface AssetTypeSpec extends Entity {
  id: string;
  description?: string;
  formats: string[];
  metadata: string[];
}

export interface MetadataSpec extends Entity {
  id: string;
  type?: string;
  pattern?: string;
}

export interface NamingTokenSpec extends Entity {
  id: string;
  pattern?: string;
}

export interface ChecklistItemSpec extends Entity {
  id?: string;
  check?: string;
  verify?: string;
}

export interface RequiredFileSpec extends Entity {
  pattern?: string;
  format?: string;
}

export interface TemplateSpec extends Entity {
  id: string;
  assetType?: string;
  format?: string;
  colorSpace?: string;
  naming?: string;
  deliveryLocation?: string;
  deliveryMethod?: string;
  requiredFiles: RequiredFileSpec[];
  metadata: string[];
  accepts?: { formats?: string[]; colorSpaces?: string[] };
  checklist: ChecklistItemSpec[];
}

export interface HistoryEventSpec extends Entity {
  /** Units (episodes, shots) a partial submission or acceptance covers. */
  units: string[];
  date?: string;
  event?: string;
  version?: number;
  by?: string;
  reason?: string;
}

export interface ContingencySpec extends Entity {
  plan?: string;
  alternateFormat?: string;
  expeditedReview?: boolean;
}

export interface HandoffSpec extends Entity {
  id: string;
  title?: string;
  from?: string;
  to?: string;
  template?: string;
  owner?: string;
  contact?: string;
  escalation: string[];
  start?: string;
  work?: number;
  due?: string;
  /** `due_time` as written (HH:MM in the sender's time zone). */
  dueTime?: string;
  reviewBuffer?: number;
  dependsOn: string[];
  /** `{ id, lag }` entries of depends_on: the lag (working days) by upstream id. */
  lags?: Record<string, number>;
  /** `start: asap`: the start follows the upstreams (DESIGN §7.3). */
  asap?: boolean;
  /** Lower bound of an asap start (the handoff's own or its chain's). */
  earliest?: string;
  /** The breakdown unit the handoff is scoped to (`unit:`, or the unit a chain built it for). */
  unit?: string;
  /** Set on the handoffs a chain built (instances). */
  origin?: InstanceOrigin;
  feeds?: string;
  /** Absent when the handoff has no `done_when` key. */
  doneWhen?: string[];
  /** Checklist entries that name an item of the template. */
  checklistRefs: string[];
  /** Checklist entries written inline. */
  inlineChecklist: ChecklistItemSpec[];
  riskLevel?: string;
  contingency?: ContingencySpec;
  status?: string;
  history: HistoryEventSpec[];
}

export interface StepSpec extends Entity {
  id: string;
  do?: string;
  role?: string;
  qa: string[];
  verify: string[];
  handoff?: string;
  after: string[];
}

export interface RunbookSpec extends Entity {
  id: string;
  title?: string;
  owner?: string;
  appliesTo: string[];
  steps: StepSpec[];
}

export interface RiskSpec extends Entity {
  id: string;
  /** `handoff:` as written (the first of `handoffs` when only that list is given). */
  handoff?: string;
  /** Every handoff the risk names: `handoff`, or the `handoffs` list. */
  handoffs: string[];
  contingency?: { plan?: string; readyWithinHours?: number; alternateFormat?: string; expeditedReview?: boolean };
  /** Working days lost if it happens. */
  exposureDays?: number;
  description?: string;
  likelihood?: string;
  impact?: string;
  owner?: string;
  mitigation?: string;
  reviewed?: string;
  status?: string;
}

/** A decision of the journal (DESIGN §7.5). */
export interface DecisionSpec extends Entity {
  id: string;
  date?: string;
  by?: string;
  summary?: string;
  affects: string[];
  status?: string;
  supersedes?: string;
}

/** A follow-up action of a post-mortem. */
export interface ActionSpec extends Entity {
  do?: string;
  owner?: string;
  due?: string;
  /** The template or runbook it changes. */
  updates?: string;
  done?: boolean;
}

export interface PostmortemSpec extends Entity {
  id: string;
  date?: string;
  handoffs: string[];
  findings: string[];
  actions: ActionSpec[];
}

/** Everything one file defines. */
export interface FileEntities {
  production?: ProductionSpec;
  colorSpaces: ColorSpaceSpec[];
  formats: FormatSpec[];
  assetTypes: AssetTypeSpec[];
  metadata: MetadataSpec[];
  namingTokens: NamingTokenSpec[];
  templates: TemplateSpec[];
  handoffs: HandoffSpec[];
  runbooks: RunbookSpec[];
  risks: RiskSpec[];
  decisions: DecisionSpec[];
  postmortems: PostmortemSpec[];
}

/** Where an instance of a chain comes from: its chain, step and unit, and the step's node in the chain file. */
export interface InstanceOrigin {
  chain: string;
  step: string;
  unit: string;
  /** Path of the step's map in the chain file (the instance's `path` too). */
  node: NodePath;
}

/** One unit of the breakdown: written out, or imported from a shot list. */
export interface UnitSpec {
  id: string;
  kind: string;
  parent?: string;
  /** Inclusive frame range. */
  frames?: { first: number; last: number };
  /** Every other key, as text (lists as their items, each as text). */
  fields: Record<string, string | string[]>;
  /** Where the unit is written: its breakdown file and the span of its line (the import entry for imported units). */
  uri: string;
  span: Span;
}
