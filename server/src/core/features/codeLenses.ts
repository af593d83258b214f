// Code lenses above each handoff, each its own link as in GitLens and the
// References lens: "N upstream" and "N downstream" peek those handoffs, the
// slack (or the critical path) says how much the handoff may slip, and "show
// in timeline" opens the timeline on its bar.
import type { Location, Span } from '../types';
import type { Workspace } from '../workspace';

export interface CodeLens {
  /** The handoff's id. */
  span: Span;
  title: string;
  command?: { id: string; arguments: unknown[] };
  /** Handoffs to peek at, in place, when the lens is clicked (the edge turns this into the editor's peek command). */
  peek?: Location[];
}

export const SHOW_IN_TIMELINE_COMMAND = 'handoff.showInTimeline';

export function codeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  if (!file || !production || file.parsed.kind !== 'handoff') return [];
  const lenses: CodeLens[] = [];
  const schedule = production.schedule;
  const locationOf = (id: string): Location[] => {
    const handoff = production.handoff(id);
    const def = handoff ? production.lookup('handoff', id) : undefined;
    return def ? [{ uri: def.uri, span: def.span }] : [];
  };
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
    const upstream = unique(scheduled.upstream).flatMap(locationOf);
    const downstream = unique(scheduled.downstream).flatMap(locationOf);
    lenses.push({ span: def.span, title: `${scheduled.upstream.length} upstream`, ...(upstream.length > 0 ? { peek: upstream } : {}) });
    lenses.push({ span: def.span, title: `${scheduled.downstream.length} downstream`, ...(downstream.length > 0 ? { peek: downstream } : {}) });
    if (scheduled.critical) lenses.push({ span: def.span, title: 'critical path' });
    else if (scheduled.slack !== undefined) lenses.push({ span: def.span, title: `slack ${scheduled.slack} d` });
    else lenses.push({ span: def.span, title: 'no due date' });
    lenses.push({ span: def.span, title: 'show in timeline', command: { id: SHOW_IN_TIMELINE_COMMAND, arguments: [def.id] } });
  }
  return lenses;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
