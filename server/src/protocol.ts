// The custom requests between the VS Code client (or any LSP client) and the
// server. Shared by both sides so the wire contract is typed in one place.
import { RequestType, type TextEdit } from 'vscode-languageserver-protocol';
import type { Graph } from './core/features/graph';
import type { ScheduleView } from './core/features/scheduleView';
import type { DeliveryReport } from './core/report';

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

export const ScheduleRequest = new RequestType<ScheduleParams, ScheduleView | null, void>('handoff/schedule');
/** The delivery report (as of the server's today) of the production governing `uri`, else of the workspace's first one; null when there is none. */
export const ReportRequest = new RequestType<ReportParams, DeliveryReport | null, void>('handoff/report');
export const GraphRequest = new RequestType<GraphParams, Graph | null, void>('handoff/graph');
/** The edit that moves a handoff's dates (a dragged timeline bar); null when the file is unknown. Fails with a message when the move cannot be written. */
export const MoveHandoffRequest = new RequestType<MoveHandoffParams, WorkspaceEditLike | null, void>('handoff/moveHandoff');

/** Settings under `handoff.*` that the server reads. */
export interface HandoffSettings {
  /** A fixed "today" (YYYY-MM-DD) for reproducible results; empty for the real date. */
  today?: string;
  /** Severity overrides that win over each production's `rules:`. */
  rules?: Record<string, string>;
  /** Glob-like folder names or paths to skip when scanning, in addition to files.exclude. */
  exclude?: string[];
}
