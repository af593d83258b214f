// Code lenses above each handoff: how many handoffs it waits for and feeds,
// and its slack (or that it is on the critical path), with a command that
// shows it in the timeline.
import type { Span } from '../types';
import type { Workspace } from '../workspace';

export interface CodeLens {
  /** The handoff's id. */
  span: Span;
  title: string;
  command?: { id: string; arguments: unknown[] };
}

export const SHOW_IN_TIMELINE_COMMAND = 'handoff.showInTimeline';

export function codeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  if (!file || !production || file.parsed.kind !== 'handoff') return [];
  const lenses: CodeLens[] = [];
  const schedule = production.schedule;
  for (const def of file.symbols) {
    if (def.kind !== 'handoff') continue;
    const handoff = production.handoff(def.id);
    // Duplicates: the schedule describes the first definition only.
    if (!handoff || handoff.uri !== def.uri || handoff.path.join('.') !== def.path.join('.')) {
      lenses.push({ span: def.span, title: 'duplicate id: not scheduled' });
      continue;
    }
    const scheduled = schedule.handoffs.get(def.id);
    if (!scheduled) continue;
    const parts = [`${scheduled.upstream.length} upstream`, `${scheduled.downstream.length} downstream`];
    if (scheduled.critical) parts.push('critical path');
    else if (scheduled.slack !== undefined) parts.push(`slack ${scheduled.slack} d`);
    else parts.push('no due date');
    lenses.push({ span: def.span, title: parts.join(' · '), command: { id: SHOW_IN_TIMELINE_COMMAND, arguments: [def.id] } });
  }
  return lenses;
}
