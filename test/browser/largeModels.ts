// Views of a show-sized production, made directly as view data (no YAML):
// `count` handoffs over six departments, in chains of five where each waits
// for the one before, spread over about a year. Used by the browser tests of
// the views at scale and by the views section of the bench.
import type { Graph, GraphEdge, GraphNode } from '../../server/src/core/features/graph';
import type { ScheduleView, ScheduleViewHandoff } from '../../server/src/core/features/scheduleView';

const DEPARTMENTS = [
  { id: 'editorial', name: 'Editorial', color: '#56b6c2' },
  { id: 'layout', name: 'Layout', color: '#61afef' },
  { id: 'anim', name: 'Animation', color: '#c678dd' },
  { id: 'fx', name: 'FX', color: '#e5c07b' },
  { id: 'lighting', name: 'Lighting', color: '#98c379' },
  { id: 'comp', name: 'Compositing', color: '#d19a66' },
];

const FIRST_DAY = Math.round(Date.parse('2027-01-04T00:00:00Z') / 86_400_000);
const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** The next Monday–Friday day on or after. */
const workday = (day: number) => {
  const weekday = (((day + 3) % 7) + 7) % 7;
  return weekday === 5 ? day + 2 : weekday === 6 ? day + 1 : day;
};
const source = { uri: 'file:///show/shots.handoff.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

export function largeHandoffId(index: number): string {
  return `h${String(index).padStart(5, '0')}`;
}

export function largeSchedule(count: number, titleOf: (index: number) => string = (index) => `Shot ${index}`): ScheduleView {
  const handoffs: ScheduleViewHandoff[] = [];
  for (let index = 0; index < count; index++) {
    const chain = Math.floor(index / 5);
    const step = index % 5;
    const department = DEPARTMENTS[step];
    const start = workday(FIRST_DAY + (chain % 60) * 5 + step * 7);
    const due = workday(start + 4);
    const ready = workday(due + 2);
    handoffs.push({
      id: largeHandoffId(index),
      title: titleOf(index),
      from: department.id,
      to: DEPARTMENTS[step + 1].id,
      lane: department.id,
      start: iso(start),
      due: iso(due),
      ready: iso(ready),
      workDays: 5,
      bufferDays: 2,
      slack: step === 4 ? 0 : 3,
      critical: chain === 0,
      status: step === 0 ? 'accepted' : step === 1 ? 'in_progress' : 'planned',
      ...(chain % 7 === 3 && step === 1 ? { late: true } : {}),
      dependsOn: step === 0 ? [] : [largeHandoffId(index - 1)],
      source,
    });
  }
  return {
    production: { id: 'show', title: 'A show' },
    today: '2027-03-01',
    calendar: { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: [] },
    departments: DEPARTMENTS.map((department) => ({ ...department, source })),
    handoffs,
    milestones: [{ id: 'lock', title: 'Lock', date: '2027-06-04', source }],
    criticalPath: handoffs.filter((h) => h.critical).map((h) => h.id),
    range: { first: handoffs[0]?.start, last: '2027-06-04' },
  };
}

/** The same production as the handoff graph the server sends for a production file. */
export function largeGraph(count: number): Graph {
  const schedule = largeSchedule(count);
  const nodes: GraphNode[] = schedule.handoffs.map((h) => ({
    id: `handoff:${h.id}`,
    ref: h.id,
    label: h.id,
    kind: 'handoff',
    ...(h.title === undefined ? {} : { detail: h.title }),
    ...(h.from === undefined ? {} : { group: h.from }),
    color: DEPARTMENTS.find((d) => d.id === h.from)?.color,
    ...(h.status === undefined ? {} : { status: h.status }),
    critical: h.critical,
    source,
  }));
  const edges: GraphEdge[] = schedule.handoffs.flatMap((h) => h.dependsOn.map((up) => ({ from: `handoff:${up}`, to: `handoff:${h.id}`, kind: 'depends_on' as GraphEdge['kind'], inCycle: false })));
  return { kind: 'handoffs', title: 'A show', production: 'show', nodes, edges, cycles: [] };
}

/**
 * The same production with a breakdown: chain c (handoffs 5c..5c+4) belongs
 * to episode ep10{1 + c % 3} and, within it, sequence sq0{10 × (1 + c % 2)},
 * so every department has six unit sub-lanes (c % 6 picks one).
 */
export function largeScheduleWithUnits(count: number): ScheduleView {
  const model = largeSchedule(count);
  model.handoffs = model.handoffs.map((handoff, index) => {
    const chain = Math.floor(index / 5);
    const episode = `ep10${1 + (chain % 3)}`;
    const sequence = `sq0${10 * (1 + (chain % 2))}`;
    return {
      ...handoff,
      unit: { id: `${episode}_${sequence}_${String(chain).padStart(4, '0')}`, kind: 'shot' },
      parents: [{ id: episode, kind: 'episode', ...(chain % 3 === 0 ? { title: 'Pilot' } : {}) }, { id: `${episode}_${sequence}`, kind: 'sequence' }],
    };
  });
  return model;
}
