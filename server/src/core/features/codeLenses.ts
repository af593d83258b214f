// Code lenses above each handoff, each its own link as in GitLens and the
// References lens: "N upstream" and "N downstream" peek those handoffs, the
// slack (or the critical path) says how much the handoff may slip, and "show
// in timeline" opens the timeline on its bar.
import type { Location, Span } from '../types';
import type { Workspace } from '../workspace';
import { stepSummary } from './chainSteps';
import { innerSpan } from './locate';

export interface CodeLens {
  /** The handoff's id. */
  span: Span;
  title: string;
  command?: { id: string; arguments: unknown[] };
  /** Handoffs to peek at, in place, when the lens is clicked (the edge turns this into the editor's peek command). */
  peek?: Location[];
  /** From the last good schedule, while a file of the production does not parse. */
  stale?: true;
}

export const SHOW_IN_TIMELINE_COMMAND = 'handoff.showInTimeline';

export function codeLenses(workspace: Workspace, uri: string): CodeLens[] {
  const file = workspace.file(uri);
  const production = workspace.productionOf(uri);
  if (!file || !production || file.parsed.kind !== 'handoff') return [];
  const lenses: CodeLens[] = [];
  // While a file does not parse, the last good schedule speaks (marked stale), not the parser's guess at the broken text.
  const source = workspace.scheduleSource(production);
  const scheduling = source.production;
  const stale = source.stale !== undefined;
  const schedule = scheduling.schedule;
  const locationOf = (id: string): Location[] => {
    // Where the handoff is now when it is still found, else where it was in the last good text.
    for (const model of [production, scheduling]) {
      const def = model.handoff(id) ? model.lookup('handoff', id) : undefined;
      if (def) return [{ uri: def.uri, span: def.span }];
    }
    return [];
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
    const mark = stale ? { stale: true as const } : {};
    const upstream = unique(scheduled.upstream).flatMap(locationOf);
    const downstream = unique(scheduled.downstream).flatMap(locationOf);
    lenses.push({ span: def.span, title: `${scheduled.upstream.length} upstream`, ...(upstream.length > 0 ? { peek: upstream } : {}), ...mark });
    lenses.push({ span: def.span, title: `${scheduled.downstream.length} downstream`, ...(downstream.length > 0 ? { peek: downstream } : {}), ...mark });
    const suffix = stale ? ' (stale)' : '';
    if (scheduled.critical) lenses.push({ span: def.span, title: `critical path${suffix}`, ...mark });
    else if (scheduled.slack !== undefined) lenses.push({ span: def.span, title: `slack ${scheduled.slack} d${suffix}`, ...mark });
    else lenses.push({ span: def.span, title: `no due date${suffix}`, ...mark });
    lenses.push({ span: def.span, title: 'show in timeline', command: { id: SHOW_IN_TIMELINE_COMMAND, arguments: [def.id] } });
  }
  // A chain step: one lens for all its instances ("40 shots · 3 late"), which peeks the late ones' units.
  for (const step of scheduling.chainSteps) {
    if (step.uri !== uri) continue;
    const span = innerSpan(file.parsed.text, step.span);
    const mark = stale ? { stale: true as const } : {};
    const summary = stepSummary(scheduling, step);
    const lateUnits = summary.late.flatMap((instance) => {
      const unit = scheduling.units.byId.get(instance.unit);
      return unit ? [{ uri: unit.uri, span: unit.span }] : [];
    });
    const suffix = stale ? ' (stale)' : '';
    lenses.push({ span, title: `${summary.count} ${summary.units} · ${summary.late.length} late${suffix}`, ...(lateUnits.length > 0 ? { peek: lateUnits } : {}), ...mark });
    if (step.instances.length > 0) lenses.push({ span, title: 'show in timeline', command: { id: SHOW_IN_TIMELINE_COMMAND, arguments: [step.instances[0].id] } });
  }
  return lenses;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
