// The one front door of the analysis core. The language server, the CLI and
// the tests ask an Analysis (a workspace plus the options every answer
// depends on: today, severity overrides) for what they show; each method
// hands the question to the feature module that answers it and returns the
// core's own data (offsets and spans, never LSP or terminal types).
//
// It keeps nothing itself: what is worked out once per file version or
// production revision is kept in that model's Memo, which the workspace owns.
// Hosts also find here the few values and helpers they need beside the
// methods (the workspace they fill, file kinds, dates, the rule catalogue),
// so that a host imports from the core this module and nothing else.
import { todayDay, type AnalysisOptions } from './analysis';
import { auditDelivery, type AuditInput, type AuditResult } from './audit';
import { formatDate, parseDate } from './calendar';
import { codeActions, type CodeAction } from './features/codeActions';
import { codeLenses, type CodeLens } from './features/codeLenses';
import { completeList, type CompletionList, type Snippets } from './features/completion';
import { exportModel, type ExportModel } from './features/exportTasks';
import { graphForFile, handoffGraph, type Graph, type HandoffGraphOptions } from './features/graph';
import { hover, type Hover } from './features/hover';
import { moveHandoff, type HandoffMove, type MoveResult } from './features/moveHandoff';
import { previewMove } from './features/previewMove';
import { definition, prepareRename, references, rename, type PrepareRenameResult, type RenameResult } from './features/navigation';
import { renderReportPage, type ReportPageOptions } from './features/reportPage';
import { scheduleView, type ScheduleView } from './features/scheduleView';
import { entitySourceRef, type SourceRef } from './features/sourceRef';
import { statusPeriod, statusSummary, type StatusPeriod, type StatusSummary } from './features/status';
import { documentSymbols, workspaceSymbols, type DocumentSymbol, type WorkspaceSymbol } from './features/symbols';
import type { ProductionModel } from './production';
import { deliveryReport, type DeliveryReport } from './report';
import { scaffoldProduction, type ScaffoldFile, type ScaffoldOptions } from './scaffold';
import { compareProductions, type ScheduleSlip } from './slip';
import type { Diagnostic, Location, Span } from './types';
import type { Workspace } from './workspace';

/** The period a status covers: an ISO week, or from/to days; the current week when neither is given. */
export interface StatusRange {
  week?: string;
  from?: number;
  to?: number;
}

export class Analysis {
  private readonly optionsOf: () => AnalysisOptions;

  /**
   * @param workspace the files and productions to answer about; the host keeps it current.
   * @param options today and severity overrides, or a function giving the current ones (a server whose settings change).
   */
  constructor(
    readonly workspace: Workspace,
    options: AnalysisOptions | (() => AnalysisOptions) = {},
  ) {
    this.optionsOf = typeof options === 'function' ? options : () => options;
  }

  get options(): AnalysisOptions {
    return this.optionsOf();
  }

  /** "Today" as a day number: the option when given, else the real date. */
  today(): number {
    return todayDay(this.options);
  }

  // ── Productions and findings ───────────────────────────────────────────

  /** Every production of the workspace (the '' key holds the files no production governs). */
  productions(): ProductionModel[] {
    return this.workspace.productions();
  }

  /** The productions that have a production file, in key order. */
  governedProductions(): ProductionModel[] {
    return this.productions().filter((production) => production.production !== undefined);
  }

  /**
   * The production the views (timeline, report, status) show for a file: the
   * one it belongs to, or, for a file the workspace does not hold, the first
   * production with a production file.
   */
  productionFor(uri: string): ProductionModel | undefined {
    return this.workspace.productionOf(uri) ?? this.productions().find((production) => production.production);
  }

  /** Diagnostics of every file, by URI (files with none included); the workspace's own map, updated by the next call: copy it to keep it. */
  diagnostics(): ReadonlyMap<string, Diagnostic[]> {
    return this.workspace.diagnostics(this.options);
  }

  // ── Editor features (offsets in, spans out) ────────────────────────────

  hover(uri: string, offset: number, loading?: string): Hover | undefined {
    return hover(this.workspace, uri, offset, loading);
  }

  /** Completion items at an offset: at most `limit` of them, with whether more fit. */
  completion(uri: string, offset: number, snippets: Snippets = {}, limit = Infinity): CompletionList {
    return completeList(this.workspace, uri, offset, snippets, limit, () => this.today());
  }

  definition(uri: string, offset: number): Location[] {
    return definition(this.workspace, uri, offset);
  }

  references(uri: string, offset: number, includeDeclaration: boolean): Location[] {
    return references(this.workspace, uri, offset, includeDeclaration);
  }

  prepareRename(uri: string, offset: number): PrepareRenameResult {
    return prepareRename(this.workspace, uri, offset);
  }

  rename(uri: string, offset: number, newName: string): RenameResult {
    return rename(this.workspace, uri, offset, newName);
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    return documentSymbols(this.workspace, uri);
  }

  workspaceSymbols(query: string): WorkspaceSymbol[] {
    return workspaceSymbols(this.workspace, query);
  }

  /** Quick fixes and refactorings for a range, given the diagnostics last published for the file. */
  codeActions(uri: string, span: Span, diagnostics: readonly Diagnostic[]): CodeAction[] {
    return codeActions(this.workspace, uri, span, diagnostics);
  }

  codeLenses(uri: string): CodeLens[] {
    return codeLenses(this.workspace, uri);
  }

  /** The edits that move a handoff's start and/or due (a timeline drag), or why it cannot move. */
  moveHandoff(uri: string, handoff: string, move: HandoffMove): MoveResult {
    return moveHandoff(this.workspace, uri, handoff, move);
  }

  /** The timeline of the file's production with a handoff moved as moveHandoff would write it (nothing written), or why it cannot move. */
  previewMove(uri: string, handoff: string, move: HandoffMove): ScheduleView | { error: string } | undefined {
    return previewMove(this.workspace, uri, handoff, move, formatDate(this.today()));
  }

  /** The graph for a file: the runbook or template at the offset, else the production's handoffs. */
  graphForFile(uri: string, offset?: number, options: HandoffGraphOptions = {}): Graph | undefined {
    return graphForFile(this.workspace, uri, offset, options);
  }

  // ── Views of a production ──────────────────────────────────────────────

  /**
   * The timeline of a production. While one of its files does not parse, the
   * last good schedule, marked stale; undefined without a production file.
   */
  schedule(production: ProductionModel): ScheduleView | undefined {
    const source = this.workspace.scheduleSource(production);
    if (!source.production.production) return undefined;
    return scheduleView(source.production, formatDate(this.today()), source.stale);
  }

  handoffGraph(production: ProductionModel, options: HandoffGraphOptions = {}): Graph {
    return handoffGraph(production, options);
  }

  report(production: ProductionModel): DeliveryReport {
    return deliveryReport(production, this.today());
  }

  /** The delivery report as one standalone HTML page (several productions one after the other). */
  reportPage(reports: readonly DeliveryReport[], options: ReportPageOptions): string {
    return renderReportPage(reports, options);
  }

  /** Where a handoff is written, for a link that opens it. */
  handoffSource(production: ProductionModel, handoff: string): SourceRef | undefined {
    const found = production.handoffs.find((candidate) => candidate.id === handoff);
    return found && entitySourceRef(production, found);
  }

  /** The period a status covers, or undefined when the range is not one (a bad week, from after to). */
  statusPeriod(range: StatusRange = {}): StatusPeriod | undefined {
    return statusPeriod(this.today(), range);
  }

  status(production: ProductionModel, period: StatusPeriod): StatusSummary {
    return statusSummary(production, this.today(), period);
  }

  /** The tasks, people and milestones a tracker or calendar export writes. */
  exportTasks(production: ProductionModel): ExportModel {
    return exportModel(production, this.today());
  }

  /** A delivery folder checked against the production's handoffs. */
  audit(production: ProductionModel, input: AuditInput): AuditResult {
    return auditDelivery(production, input);
  }

  /** How the schedule moved from `before` (e.g. an older revision) to this workspace, one entry per production. */
  diffFrom(before: Analysis): ScheduleSlip[] {
    return compareProductions(before.productions(), this.productions(), this.options);
  }

  /** The files of a new production that checks clean (`handoff init`, *New Production…*). */
  scaffold(name: string, options: ScaffoldOptions = {}): ScaffoldFile[] {
    return scaffoldProduction(name, formatDate(this.today()), options);
  }
}

// What hosts use beside the methods: the workspace they fill, and small
// helpers about files, dates and the rule catalogue.
export { todayDay, type AnalysisOptions } from './analysis';
export { AUDIT_RULES, parseChecksumManifest } from './audit';
export type { AuditFinding, AuditInput, AuditResult, DeliveredFile } from './audit';
export { formatDate, parseDate };
export type { CodeAction } from './features/codeActions';
export type { CodeLens } from './features/codeLenses';
export type { CompletionItem, CompletionItemKind, CompletionList, Snippets } from './features/completion';
export type { ExportModel, ExportPerson, ExportTask } from './features/exportTasks';
export type { Graph, GraphEdge, GraphNode, GraphNodeKind, HandoffGraphOptions } from './features/graph';
export type { Hover } from './features/hover';
export type { HandoffMove, MoveResult } from './features/moveHandoff';
export { days, escapeHtml, percent, type ReportPageOptions } from './features/reportPage';
export { packModel, unpackModel } from './features/packedModel';
export type { ScheduleView } from './features/scheduleView';
export type { SourceRef } from './features/sourceRef';
export { channelIsEmpty, statusPeriod, type StatusChannel, type StatusHandoff, type StatusPeriod, type StatusSummary } from './features/status';
export type { DocumentSymbol, OutlineKind, WorkspaceSymbol } from './features/symbols';
export type { FileModel } from './fileModel';
export { MAX_IMPORT_BYTES, type ImportedText } from './model/units';
export type { OcioSource } from './ocio';
export { fileKindOf, skipReason } from './parse';
export type { ProductionModel } from './production';
export { formatNumber, type DeliveryFigures, type DeliveryReport } from './report';
export { RULES } from './rules';
export { ruleDocsUrl } from './rules/rule';
export type { ScaffoldFile, ScaffoldOptions } from './scaffold';
export { hasChanges, type DateMove, type ListedError, type MovedHandoff, type ScheduleSlip } from './slip';
export { closest } from './suggest';
export type { Diagnostic, FileKind, Location, Severity, SeveritySetting, Span, TextEdit } from './types';
export { plural, thousands } from './words';
export { Workspace } from './workspace';
