// Messages between the extension host and its webviews (timeline, graph),
// typed once for both sides. The standalone pages of the CLI use the same
// renderers without a host: they only render and never post.
import type { Graph, ScheduleView, SourceRef } from '../../../server/src/protocol';

/**
 * A model as the panels post it: its packed text (packModel in the protocol),
 * which crosses postMessage as one string and unpacks several times faster
 * than tens of thousands of objects are cloned. The views take either form.
 */
export type PackedText = string;

/** Host → webview. */
export type HostMessage =
  | { type: 'schedule'; model: ScheduleView | PackedText }
  /** Timeline: the schedule as the server works it out with a dropped bar's new dates, before the edit is written. */
  | { type: 'preview'; model: ScheduleView | PackedText }
  | { type: 'graph'; graph: Graph | PackedText }
  /** Scroll to and highlight one handoff ("show in timeline" from a code lens). */
  | { type: 'focus'; handoff: string }
  /** The production could not be analysed (no production, empty workspace). */
  | { type: 'empty'; message: string };

/** Webview → host. */
export type ViewMessage =
  | { type: 'ready' }
  /** Open the YAML at this place (a click on a bar, a node, a milestone). */
  | { type: 'reveal'; source: SourceRef }
  /** A bar dragged: new dates, already snapped to working days by the view. */
  | { type: 'move'; handoff: string; start?: string; due?: string }
  /** Graph: show more around a node of a focused graph. */
  | { type: 'expand'; handoff: string; depth: number }
  /** Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y) pressed in a view: undo or redo in the document it edited. */
  | { type: 'undo' }
  | { type: 'redo' };

/** What a webview keeps across being hidden and shown (vscode.setState). */
export interface ViewState {
  zoom?: 'days' | 'weeks' | 'months';
  scrollLeft?: number;
  scrollTop?: number;
  /** Timeline: lanes the user collapsed, and the filter in force. */
  collapsed?: string[];
  filter?: TimelineFilter;
  /** Timeline: the lane-name column folded to make room (narrow splits). */
  labelsFolded?: boolean;
  /** Graph: the zoom and pan the user chose. */
  transform?: { k: number; x: number; y: number };
  /** Timeline: the production the place (scroll) belongs to; another production's place is not restored. */
  production?: string;
}

/** What the timeline's filter box narrows to; empty fields do not filter. */
export interface TimelineFilter {
  text?: string;
  department?: string;
  /** A breakdown unit (episode, sequence, shot): its handoffs and those of the units under it. */
  unit?: string;
  status?: string;
  late?: boolean;
  critical?: boolean;
}
