// The wire contract between the VS Code client (or any LSP client), its
// webviews and the server: the custom requests, every type that crosses the
// wire or reaches a webview, and the few pure functions both sides share by
// design. The client imports nothing else from the server (a test in
// test/unit/architecture.test.ts says so).
//
// The data types are written where the core computes them (the core imports
// nothing outside itself) and named here; a webview bundle that imports this
// module keeps only what it uses: the requests are pure and esbuild.mjs tells
// the browser bundles that the LSP library has no side effects.
import { RequestType, type TextEdit } from 'vscode-languageserver-protocol';
import type { Graph } from './core/features/graph';
import type { ScheduleView } from './core/features/scheduleView';
import type { DeliveryReport } from './core/report';
import type { ScaffoldFile } from './core/scaffold';
import type { StatusSummary } from './core/features/status';
import { thousands } from './core/words';

export type { Graph, GraphEdge, GraphEdgeKind, GraphKind, GraphNode, GraphNodeKind } from './core/features/graph';
export type {
  ScheduleView,
  ScheduleViewCalendar,
  ScheduleViewConflict,
  ScheduleViewDepartment,
  ScheduleViewHandoff,
  ScheduleViewMilestone,
  ScheduleViewOverrun,
  ScheduleViewUnit,
} from './core/features/scheduleView';
export { UNKNOWN_DEPARTMENT_LANE } from './core/features/scheduleView';
export type { SourcePosition, SourceRange, SourceRef } from './core/features/sourceRef';
export type { AtRiskHandoff, AtRiskReason, Bottleneck, DeliveryFigures, DeliveryReport, DepartmentFigures, LateHandoff, LeadTimeBucket, StageFigures } from './core/report';
export type { ScaffoldFile } from './core/scaffold';
export type { StatusAction, StatusChannel, StatusHandoff, StatusPerson, StatusPeriod, StatusRisk, StatusSummary, Touchpoint } from './core/features/status';
/** The core's calendar, for a renderer that snaps a drag to working days: one implementation of working days. */
export { formatDate, parseDate, weekdayName, WEEKDAYS, WorkCalendar, type Weekday } from './core/calendar';
export { plural } from './core/words';
/** The compact text of a view's model that the standalone pages embed and the panels post to their webviews. */
export { packModel, unpackModel } from './core/features/packedModel';
/** The command of the code lens above each handoff (the client registers it). */
export { SHOW_IN_TIMELINE_COMMAND } from './core/features/codeLenses';

/**
 * Opens a rule's page bundled with the extension (the rule id, the one
 * argument), with no network: the client points diagnostics' rule links and
 * the settings' links at it.
 */
export const RULE_DOC_COMMAND = 'handoff.showRuleDoc';

/** A markdown link to `command:` that opens a rule's bundled page. */
export function ruleDocCommandUri(rule: string): string {
  return `command:${RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([rule]))}`;
}

/** What the diagnostics of one file left out past the server's publishing cap. */
export interface OmittedProblems {
  total: number;
  errors: number;
  warnings: number;
}

const count = (n: number, noun: string): string => `${thousands(n)} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The message of the last diagnostic published for a file that has more than
 * the cap: how many more there are, errors and warnings counted, so that the
 * status bar (omittedProblemsIn) can show the true count.
 */
export function omittedProblemsMessage(omitted: OmittedProblems): string {
  return `${count(omitted.total, 'more problem')} in this file ${omitted.total === 1 ? 'is' : 'are'} not shown from here on (${count(omitted.errors, 'error')}, ${count(omitted.warnings, 'warning')}); run 'handoff check' to list them all.`;
}

/** The counts an omittedProblemsMessage carries; undefined for any other message. */
export function omittedProblemsIn(message: string): OmittedProblems | undefined {
  const match = /^([\d,]+) more problems? in this file (?:is|are) not shown from here on \(([\d,]+) errors?, ([\d,]+) warnings?\); run 'handoff check'/.exec(message);
  if (!match) return undefined;
  const number = (text: string) => Number(text.replace(/,/g, ''));
  return { total: number(match[1]), errors: number(match[2]), warnings: number(match[3]) };
}

/** Opens a place of the YAML (a SourceRef, the one argument); links in the report page use it. */
export const REVEAL_SOURCE_COMMAND = 'handoff.revealSource';

export interface ScheduleParams {
  /** Any spec file of the production (the active editor's). */
  uri: string;
}

export interface ReportParams {
  /** Any spec file of the production (the active editor's). */
  uri: string;
}

export interface GraphParams {
  uri: string;
  /** Cursor offset in the file, to focus large handoff graphs on the handoff under it. */
  position?: { line: number; character: number };
  /** Focus on this handoff with `depth` levels up and down (large graphs). */
  focus?: string;
  depth?: number;
}

export interface MoveHandoffParams {
  /** Any spec file of the production the handoff belongs to. */
  uri: string;
  handoff: string;
  /** New first day (YYYY-MM-DD); the server snaps it to the working day on or after it. */
  start?: string;
  /** New due date (YYYY-MM-DD), snapped the same way. */
  due?: string;
}

/** A workspace edit as plain data: text edits by file URI. */
export interface WorkspaceEditLike {
  changes: Record<string, TextEdit[]>;
}

export interface ReportPageParams {
  /** Any spec file of the production (the active editor's). */
  uri: string;
  /** Base64 nonce for the page's style element, fresh for every page. */
  nonce: string;
}

/** The report as a page for an editor's webview: in the editor's theme colours, handoff ids linked to their YAML. */
export interface ReportPage {
  title: string;
  html: string;
}

/** The period of a status summary: a week, a from..to range, or (neither) the week of the server's today. */
export interface StatusParams {
  /** Any spec file of the production (the active editor's). */
  uri: string;
  /** An ISO week, `2027-W03`. */
  week?: string;
  /** First and last day (YYYY-MM-DD, inclusive); one alone is a one-day period. */
  from?: string;
  to?: string;
}

export interface ScaffoldParams {
  /** The production's id (kebab-case); it also names the files. */
  name: string;
  /** A series with shots: also a breakdown, a CSV shot list and a chain over its shots (as `handoff init --series`). */
  series?: boolean;
}

// Pure: a bundle that does not use a request drops it.
export const ScheduleRequest = /* @__PURE__ */ new RequestType<ScheduleParams, ScheduleView | null, void>('handoff/schedule');
/** The delivery report (as of the server's today) of the production governing `uri`, else of the workspace's first one; null when there is none. */
export const ReportRequest = /* @__PURE__ */ new RequestType<ReportParams, DeliveryReport | null, void>('handoff/report');
/** The same report as a page (the one renderer of `handoff report --format html`); null when there is no production. */
export const ReportPageRequest = /* @__PURE__ */ new RequestType<ReportPageParams, ReportPage | null, void>('handoff/reportPage');
/**
 * The status summary `handoff status` prints (the same core function), of the
 * production governing `uri`: the editor's Handoffs view lists it. Null when
 * there is no production; fails with a message for a malformed period.
 */
export const StatusRequest = /* @__PURE__ */ new RequestType<StatusParams, StatusSummary | null, void>('handoff/status');
export const GraphRequest = /* @__PURE__ */ new RequestType<GraphParams, Graph | null, void>('handoff/graph');
/** The edit that moves a handoff's dates (a dragged timeline bar); null when the file is unknown. Fails with a message when the move cannot be written. */
export const MoveHandoffRequest = /* @__PURE__ */ new RequestType<MoveHandoffParams, WorkspaceEditLike | null, void>('handoff/moveHandoff');
/**
 * The schedule of the production governing `uri` as it would be with the
 * handoff moved (the same edit handoff/moveHandoff makes, not written): what
 * the timeline shows for a dropped bar until the edited file's schedule
 * comes. Null when there is no production; fails with a message when the
 * move cannot be made.
 */
export const PreviewMoveRequest = /* @__PURE__ */ new RequestType<MoveHandoffParams, ScheduleView | null, void>('handoff/previewMove');
/** The files of a new production named `name`, dated from the server's today (`handoff init` in the editor). Fails with a message when the name is not kebab-case. */
export const ScaffoldRequest = /* @__PURE__ */ new RequestType<ScaffoldParams, ScaffoldFile[], void>('handoff/scaffold');

/**
 * Peeks at places in the editor's peek view: arguments `[uri, position,
 * locations]` in LSP types (the client converts them); the upstream and
 * downstream code lenses use it.
 */
export const PEEK_LOCATIONS_COMMAND = 'handoff.peekLocations';

/** Settings under `handoff.*` that the server reads. */
export interface HandoffSettings {
  /** A fixed "today" (YYYY-MM-DD) for reproducible results; empty for the real date. */
  today?: string;
  /** Severity overrides that win over each production's `rules:`. */
  rules?: Record<string, string>;
  /** Glob-like folder names or paths to skip when scanning, in addition to files.exclude. */
  exclude?: string[];
}
