// The custom requests between the VS Code client (or any LSP client) and the
// server. Shared by both sides so the wire contract is typed in one place.
import { RequestType } from 'vscode-languageserver-protocol';
import type { Graph } from './core/features/graph';
import type { ScheduleView } from './core/features/scheduleView';

export interface ScheduleParams {
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

export const ScheduleRequest = new RequestType<ScheduleParams, ScheduleView | null, void>('handoff/schedule');
export const GraphRequest = new RequestType<GraphParams, Graph | null, void>('handoff/graph');

/** Settings under `handoff.*` that the server reads. */
export interface HandoffSettings {
  /** A fixed "today" (YYYY-MM-DD) for reproducible results; empty for the real date. */
  today?: string;
  /** Severity overrides that win over each production's `rules:`. */
  rules?: Record<string, string>;
  /** Glob-like folder names or paths to skip when scanning, in addition to files.exclude. */
  exclude?: string[];
}
