// The schedule engine: ready dates, conflicts, milestone overruns, slack and
// the critical path of a production's handoffs (DESIGN §2, §7.4). Pure and
// linear in handoffs + dependencies; all arithmetic is in working days, each
// count in the calendar it belongs to: work in the `from` department's, the
// review buffer in the `to` department's, milestones in the production's.

import { WorkCalendar } from './calendar';

export interface ScheduleHandoffInput {
  id: string;
  start?: number;
  /** Working days of work ending on `due`; used only when `start` is absent. */
  work?: number;
  due?: number;
  reviewBuffer?: number;
  dependsOn: readonly string[];
  /** Lag in working days by upstream id (`{ id, lag }` entries of depends_on). */
  lags?: Readonly<Record<string, number>>;
  feeds?: string;
  /** The delivering department's calendar (work, start, due); the production calendar when absent. */
  fromCalendar?: WorkCalendar;
  /** The receiving department's calendar (the review buffer); the production calendar when absent. */
  toCalendar?: WorkCalendar;
  /** `due_time` as minutes after midnight in the sender's time zone. */
  dueTime?: number;
  /** `start: asap`: the start follows the upstreams, so a slip upstream moves it along (DESIGN §7.7 slack). */
  asap?: boolean;
  /** `earliest:` (own or the chain's) as a day: a lower bound that binds an asap start when later than every upstream. */
  earliest?: number;
}

export interface ScheduleInput {
  /** The production calendar: milestones, and every handoff that names no calendar of its own. */
  calendar: WorkCalendar;
  defaultReviewBuffer: number;
  handoffs: readonly ScheduleHandoffInput[];
  milestones: readonly { id: string; date: number }[];
}

export interface ScheduledHandoff {
  id: string;
  start?: number;
  due?: number;
  /** The receiver's delivery day (DESIGN §7.4): `due`, unless a due_time and time zones put it on another date. */
  delivery?: number;
  /** The last day of the review buffer: the day the delivery can be used downstream. */
  ready?: number;
  workDays?: number;
  bufferDays: number;
  /** Working days this handoff can slip before something downstream is late; negative = late. */
  slack?: number;
  critical: boolean;
  upstream: string[];
  downstream: string[];
}

export interface ScheduleConflict {
  handoff: string;
  upstream: string;
  /** working days the handoff starts too early */
  missingWorkingDays: number;
  earliestStart: number;
}

export interface MilestoneOverrun {
  handoff: string;
  milestone: string;
  lateWorkingDays: number;
}

/** One milestone's critical chain and slack (DESIGN §7.3, read as §7.7 says). */
export interface MilestoneSchedule {
  id: string;
  date: number;
  /** The handoff that feeds it and is ready last (ties: the lowest id); absent when no feeder has a ready date. */
  feeder?: string;
  /** That feeder's ready day. */
  ready?: number;
  /**
   * Production working days d with ready < d ≤ date; when ready is after the
   * date, minus those with date < d ≤ ready. Absent without a feeder, or when
   * a handoff upstream starts before its upstream is ready (`lateUpstream`):
   * that finding is what the user sees.
   */
  slack?: number;
  /** The handoff upstream of the milestone whose start is too early, when there is one (the first in model order). */
  lateUpstream?: string;
  /** The feeder and, repeatedly, the upstream that binds each start; upstream first, ending with the feeder. */
  chain: string[];
}

export interface ScheduleModel {
  handoffs: Map<string, ScheduledHandoff>;
  conflicts: ScheduleConflict[];
  overruns: MilestoneOverrun[];
  criticalPath: string[];
  /** The latest ready date of all handoffs. */
  end?: number;
  /** Each milestone's slack (see MilestoneSchedule.slack), for milestones that have one. */
  milestoneSlack: Map<string, number>;
  /** Every dated milestone (first definition of each id), in the order written, with its chain. */
  milestones: MilestoneSchedule[];
}

/** The dates of one handoff, from its own fields and the calendar alone. */
export interface HandoffPlan {
  start?: number;
  due?: number;
  /** The receiver's delivery day (see receiverDeliveryDay). */
  delivery?: number;
  ready?: number;
  workDays?: number;
  bufferDays: number;
}

/**
 * A handoff's dates, which depend on nothing but its own fields, its
 * calendars and the default review buffer — so they can be kept with the
 * file that holds the handoff and reused until that file or a calendar
 * changes.
 *
 * Work counts in the `from` calendar; the review buffer in the `to` calendar:
 * ready = the buffer-th working day of the `to` calendar strictly after the
 * receiver's delivery day, or the delivery day itself for a buffer of 0
 * (even when the receiver does not work that day; DESIGN §7.7).
 */
export function planHandoff(calendar: WorkCalendar, defaultReviewBuffer: number, source: ScheduleHandoffInput): HandoffPlan {
  const from = source.fromCalendar ?? calendar;
  const to = source.toCalendar ?? calendar;
  const bufferDays = sanitizeBuffer(source.reviewBuffer === undefined ? defaultReviewBuffer : source.reviewBuffer);
  let due = source.due;
  let start = source.start;
  let workDays: number | undefined;
  if (start === undefined && source.work !== undefined && due !== undefined) {
    workDays = Math.max(1, Math.trunc(source.work));
    start = workDays === 1 ? due : from.addWorkingDays(due, -(workDays - 1));
  } else if (start !== undefined && due === undefined && source.work !== undefined) {
    // DESIGN §7.7: due is the work-th working day counting start as day 1; from a
    // non-working start (a non-working-day finding) the count begins on the next working day.
    workDays = Math.max(1, Math.trunc(source.work));
    const first = from.onOrAfter(start);
    due = workDays === 1 ? first : from.addWorkingDays(first, workDays - 1);
  } else if (start !== undefined && due !== undefined) {
    workDays = from.countWorkingDaysInclusive(start, due);
  }
  const delivery = due === undefined ? undefined : receiverDeliveryDay(due, source.dueTime, from, to);
  const ready = delivery === undefined ? undefined : bufferDays === 0 ? delivery : to.addWorkingDays(delivery, bufferDays);
  return { start, due, delivery, ready, workDays, bufferDays };
}

/**
 * The receiver's delivery day (DESIGN §7.4): with a due_time and a time zone
 * on both calendars, the receiver's local date of the instant `due` at
 * `dueTime` in the sender's zone; otherwise `due` itself.
 */
export function receiverDeliveryDay(due: number, dueTime: number | undefined, from: WorkCalendar, to: WorkCalendar): number {
  if (dueTime === undefined || !from.timeZone || !to.timeZone) return due;
  return to.timeZone.dayOf(from.timeZone.instantOf(due, dueTime));
}

/** What the schedule rules report, without slack and the critical path (which only the editor views need). */
export interface ScheduleProblems {
  conflicts: ScheduleConflict[];
  overruns: MilestoneOverrun[];
  /** The dates of the first handoff with this id. */
  plan(id: string): HandoffPlan | undefined;
}

/** The dates, links and problems shared by computeSchedule and findScheduleProblems. */
interface Linked {
  sources: readonly ScheduleHandoffInput[];
  plans: readonly HandoffPlan[];
  indexOf: Map<string, number>;
  graph: DependencyGraph;
  startDay: Float64Array;
  readyDay: Float64Array;
  milestoneDate: Map<string, number>;
  conflicts: ScheduleConflict[];
  overruns: MilestoneOverrun[];
  end?: number;
}

/**
 * @param plans the plan of each of `input.handoffs`, when the caller kept them
 *   (planHandoff with the same calendar and default buffer); computed otherwise
 */
function link(input: ScheduleInput, plans?: readonly HandoffPlan[]): Linked {
  const { calendar } = input;
  const { indexOf, sources, positions } = indexFirstDefinitions(input.handoffs);
  const count = sources.length;
  let sourcePlans: HandoffPlan[];
  if (plans) sourcePlans = positions ? positions.map((position) => plans[position]) : (plans as HandoffPlan[]);
  else sourcePlans = sources.map((source) => planHandoff(calendar, input.defaultReviewBuffer, source));

  const milestoneDate = new Map<string, number>();
  for (const milestone of input.milestones) {
    if (!milestoneDate.has(milestone.id)) milestoneDate.set(milestone.id, milestone.date);
  }

  const graph = linkDependencies(sources, indexOf);
  const { upstreamFrom, upstreamEdges } = graph;
  // Flat copies of the dates for the edge loops.
  const startDay = new Float64Array(count);
  const readyDay = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    startDay[i] = sourcePlans[i].start ?? NO_DAY;
    readyDay[i] = sourcePlans[i].ready ?? NO_DAY;
  }

  // Conflicts: a start on or before an upstream's ready date.
  const conflicts: ScheduleConflict[] = [];
  for (let i = 0; i < count; i++) {
    const start = startDay[i];
    if (start === NO_DAY) continue;
    for (let e = upstreamFrom[i]; e < upstreamFrom[i + 1]; e++) {
      const u = upstreamEdges[e];
      if (u === i || readyDay[u] === NO_DAY) continue;
      // The dependant starts by its own (from) calendar; the ready day is a plain date (DESIGN §7.7).
      const own = sources[i].fromCalendar ?? calendar;
      const ready = moveByWorkingDays(own, readyDay[u], sources[i].lags?.[sources[u].id] ?? 0);
      if (start > ready) continue;
      const earliestStart = own.after(ready);
      conflicts.push({
        handoff: sources[i].id,
        upstream: sources[u].id,
        missingWorkingDays: own.workingDaysBetween(start, earliestStart),
        earliestStart,
      });
    }
  }

  // Overruns and the end.
  const overruns: MilestoneOverrun[] = [];
  let end: number | undefined;
  for (let i = 0; i < count; i++) {
    const ready = readyDay[i];
    if (ready === NO_DAY) continue;
    if (end === undefined || ready > end) end = ready;
    const milestone = sources[i].feeds;
    const date = milestone === undefined ? undefined : milestoneDate.get(milestone);
    if (date !== undefined && ready > date) {
      // Milestones fall in the production calendar.
      overruns.push({ handoff: sources[i].id, milestone: milestone!, lateWorkingDays: calendar.workingDaysBetween(date, ready) });
    }
  }
  return { sources, plans: sourcePlans, indexOf, graph, startDay, readyDay, milestoneDate, conflicts, overruns, end };
}

/** Conflicts and milestone overruns alone: linear in handoffs + dependencies, with no per-handoff objects built. */
export function findScheduleProblems(input: ScheduleInput, plans?: readonly HandoffPlan[]): ScheduleProblems {
  const linked = link(input, plans);
  return {
    conflicts: linked.conflicts,
    overruns: linked.overruns,
    plan: (id) => {
      const index = linked.indexOf.get(id);
      return index === undefined ? undefined : linked.plans[index];
    },
  };
}

/**
 * Decisions beyond DESIGN §2:
 * - `start` wins over `work` when both are given.
 * - `work: N` counts `due` as its last day even when `due` is not a working
 *   day: start = the (N-1)-th working day before due (N ≤ 1 → start = due).
 *   workDays is then N; otherwise the working days in [start, due] (0 when
 *   start is after due).
 * - ready = the bufferDays-th working day of the `to` calendar after the
 *   receiver's delivery day (due, or the receiver's date of due + due_time),
 *   counted from it even when it is not a working day (Saturday + 1 =
 *   Monday); ready = the delivery day for 0.
 * - A conflict's missing days and earliest start count in the dependant's
 *   `from` calendar; an overrun's late days in the production calendar (the
 *   milestone's); slack against a dependant's start in that dependant's
 *   `from` calendar, against a milestone or the end in the production's.
 *   A negative or non-integer buffer is treated as 0 / truncated.
 * - Duplicate handoff or milestone ids: the first wins, later ones are ignored.
 *   Unknown depends_on ids are dropped from upstream lists; repeated ones count once.
 * - A self-dependency is kept in upstream/downstream (the cycle rule reports
 *   it) but never produces a conflict, a slack bound or a path step.
 * - Conflicts and slack use every other dependency edge, cycles included;
 *   only the critical path ignores the edges that close cycles.
 * - slack: over direct dependants with a start and the fed milestone; with
 *   none of those, against `end`. Undefined without a ready date. An asap
 *   dependant moves along (DESIGN §7.7): its room is the gap to its start
 *   plus its own slack. Counted in the dependant's calendar, as above.
 * - A milestone's slack and chain follow DESIGN §7.7 (see MilestoneSchedule).
 * - An overrun's lateWorkingDays can be 0 only when ready is a non-working
 *   day with no working day between the milestone and it (due on a weekend
 *   with review_buffer 0); it is still reported, being a calendar day late.
 *
 * @param plans as for findScheduleProblems: the handoffs' dates when the caller kept them
 */
export function computeSchedule(input: ScheduleInput, plans?: readonly HandoffPlan[]): ScheduleModel {
  const { calendar } = input;
  const linked = link(input, plans);
  const { sources, startDay, readyDay, graph, milestoneDate, conflicts, overruns, end } = linked;
  const count = sources.length;
  const { upstreamFrom, upstreamEdges, downstreamFrom, downstreamEdges } = graph;
  const fedMilestoneDate = (i: number): number | undefined => {
    const milestone = sources[i].feeds;
    return milestone === undefined ? undefined : milestoneDate.get(milestone);
  };

  const scheduled: ScheduledHandoff[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const { start, due, delivery, ready, workDays, bufferDays } = linked.plans[i];
    const upstream = idsOf(sources, upstreamEdges, upstreamFrom[i], upstreamFrom[i + 1]);
    const downstream = idsOf(sources, downstreamEdges, downstreamFrom[i], downstreamFrom[i + 1]);
    // Every field is present from the start so that all handoffs share one object shape.
    scheduled[i] = { id: sources[i].id, start, due, delivery, ready, workDays, bufferDays, slack: undefined, critical: false, upstream, downstream };
  }

  const { order, closesCycle } = orderUpstreamFirst(graph);
  const lagOf = (dependant: number, upstream: number): number => sources[dependant].lags?.[sources[upstream].id] ?? 0;
  /** The first day a dependant may start after one upstream (DESIGN §7.3): strictly after its ready day moved by the lag. */
  const firstAllowed = (dependant: number, upstream: number): number => {
    const own = sources[dependant].fromCalendar ?? calendar;
    return own.after(moveByWorkingDays(own, readyDay[upstream], lagOf(dependant, upstream)));
  };

  // A handoff's slack (DESIGN §7.7): the largest slip of its start and due
  // that makes no explicit start of a dependant too early, no fed milestone
  // overrun, and (with nothing downstream) no ready after the production's
  // latest. An asap dependant moves along: its room is the gap before the
  // slip reaches its start, plus its own slack. Downstream first, so that a
  // dependant's slack is known; an edge closing a cycle counts as explicit.
  const slackKnown = new Uint8Array(count);
  for (let k = count - 1; k >= 0; k--) {
    const i = order[k];
    const ready = readyDay[i];
    if (ready === NO_DAY) continue;
    let slack: number | undefined;
    for (let e = downstreamFrom[i]; e < downstreamFrom[i + 1]; e++) {
      const d = downstreamEdges[e];
      const start = startDay[d];
      if (d === i || start === NO_DAY) continue;
      const own = sources[d].fromCalendar ?? calendar;
      let room: number;
      if (sources[d].asap && slackKnown[d] && scheduled[d].slack !== undefined) {
        room = own.workingDaysBetween(firstAllowed(d, i), start) + scheduled[d].slack!;
      } else {
        room = own.workingDaysBetween(moveByWorkingDays(own, ready, lagOf(d, i)), start) - 1;
      }
      if (slack === undefined || room < slack) slack = room;
    }
    const date = fedMilestoneDate(i);
    if (date !== undefined) {
      const room = calendar.workingDaysBetween(ready, date);
      if (slack === undefined || room < slack) slack = room;
    }
    if (slack === undefined && end !== undefined) slack = calendar.workingDaysBetween(ready, end);
    scheduled[i].slack = slack;
    slackKnown[i] = 1;
  }

  const criticalPath: string[] = [];
  for (const i of findCriticalPath(scheduled, readyDay, graph, order, closesCycle)) {
    scheduled[i].critical = true;
    criticalPath.push(sources[i].id);
  }

  /**
   * The upstream that binds a handoff's start (DESIGN §7.7): its first allowed
   * day equals the start; none when `earliest` is later than every upstream's
   * first allowed day. Ties: the lowest id. -1 for none.
   */
  const bindingUpstream = (i: number): number => {
    const start = startDay[i];
    if (start === NO_DAY) return -1;
    let binding = -1;
    let latestAllowed = NO_DAY;
    for (let e = upstreamFrom[i]; e < upstreamFrom[i + 1]; e++) {
      const u = upstreamEdges[e];
      if (u === i || readyDay[u] === NO_DAY) continue;
      const allowed = firstAllowed(i, u);
      if (allowed > latestAllowed) latestAllowed = allowed;
      if (allowed === start && (binding < 0 || sources[u].id < sources[binding].id)) binding = u;
    }
    const earliest = sources[i].earliest;
    if (earliest !== undefined && (sources[i].fromCalendar ?? calendar).onOrAfter(earliest) > latestAllowed) return -1;
    return binding;
  };

  // Per milestone: the feeder ready last, its binding chain, and the slack.
  const late = new Uint8Array(count);
  for (const conflict of conflicts) late[linked.indexOf.get(conflict.handoff)!] = 1;
  const feedersOf = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const milestone = sources[i].feeds;
    if (milestone === undefined || !milestoneDate.has(milestone)) continue;
    let feeders = feedersOf.get(milestone);
    if (!feeders) feedersOf.set(milestone, (feeders = []));
    feeders.push(i);
  }
  const milestoneSlack = new Map<string, number>();
  const milestones: MilestoneSchedule[] = [];
  const visited = new Int32Array(count);
  let visit = 0;
  for (const [id, date] of milestoneDate) {
    const feeders = feedersOf.get(id) ?? [];
    let feeder = -1;
    for (const i of feeders) {
      if (readyDay[i] === NO_DAY) continue;
      if (feeder < 0 || readyDay[i] > readyDay[feeder] || (readyDay[i] === readyDay[feeder] && sources[i].id < sources[feeder].id)) feeder = i;
    }
    if (feeder < 0) {
      milestones.push({ id, date, chain: [] });
      continue;
    }
    const chain: number[] = [];
    visit++;
    for (let current = feeder; current >= 0 && visited[current] !== visit; current = bindingUpstream(current)) {
      visited[current] = visit;
      chain.push(current);
    }
    // Anything upstream of the feeders starting too early?
    visit++;
    let lateUpstream = -1;
    const stack = feeders.filter((i) => readyDay[i] !== NO_DAY);
    for (const i of stack) visited[i] = visit;
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (late[i] && (lateUpstream < 0 || i < lateUpstream)) lateUpstream = i;
      for (let e = upstreamFrom[i]; e < upstreamFrom[i + 1]; e++) {
        const u = upstreamEdges[e];
        if (visited[u] === visit) continue;
        visited[u] = visit;
        stack.push(u);
      }
    }
    const slack = lateUpstream >= 0 ? undefined : calendar.workingDaysBetween(readyDay[feeder], date);
    if (slack !== undefined) milestoneSlack.set(id, slack);
    milestones.push({
      id,
      date,
      feeder: sources[feeder].id,
      ready: readyDay[feeder],
      slack,
      lateUpstream: lateUpstream >= 0 ? sources[lateUpstream].id : undefined,
      chain: chain.reverse().map((i) => sources[i].id),
    });
  }

  const handoffs = new Map<string, ScheduledHandoff>();
  for (const handoff of scheduled) handoffs.set(handoff.id, handoff);
  return { handoffs, conflicts, overruns, criticalPath, end, milestoneSlack, milestones };
}

/**
 * A ready day moved by a lag (DESIGN §7.7): N working days of the
 * dependant's calendar; from a non-working day, moving by N gives the N-th
 * working day strictly after (N > 0) or before (N < 0) it. 0 leaves it.
 */
export function moveByWorkingDays(calendar: WorkCalendar, day: number, n: number): number {
  let moved = day;
  for (let left = Math.abs(n), step = Math.sign(n); left > 0; ) {
    moved += step;
    if (calendar.isWorkingDay(moved)) left--;
  }
  return moved;
}

/** Marks a missing start or ready date in the flat date arrays. */
const NO_DAY = -Infinity;

/**
 * The first definition of each id and its index; everything else works on
 * indices. Without duplicates (the usual case) one Map write per handoff is
 * enough; only when the Map comes out smaller is the list filtered.
 */
function indexFirstDefinitions(handoffs: readonly ScheduleHandoffInput[]): {
  indexOf: Map<string, number>;
  sources: readonly ScheduleHandoffInput[];
  /** positions[k]: the index in `handoffs` of sources[k]; undefined when nothing was filtered. */
  positions?: number[];
} {
  const indexOf = new Map<string, number>();
  for (let i = 0; i < handoffs.length; i++) indexOf.set(handoffs[i].id, i);
  if (indexOf.size === handoffs.length) return { indexOf, sources: handoffs };
  indexOf.clear();
  const sources: ScheduleHandoffInput[] = [];
  const positions: number[] = [];
  handoffs.forEach((handoff, position) => {
    if (indexOf.has(handoff.id)) return;
    indexOf.set(handoff.id, sources.length);
    sources.push(handoff);
    positions.push(position);
  });
  return { indexOf, sources, positions };
}

/** The ids of edges[from .. to), in an array allocated at its final size (cheaper than growing by push). */
function idsOf(sources: readonly ScheduleHandoffInput[], edges: Int32Array, from: number, to: number): string[] {
  const ids = new Array<string>(to - from);
  for (let e = from; e < to; e++) ids[e - from] = sources[edges[e]].id;
  return ids;
}

function sanitizeBuffer(days: number): number {
  return Number.isFinite(days) && days > 0 ? Math.trunc(days) : 0;
}

/**
 * Dependencies in compressed rows: handoff i depends on
 * upstreamEdges[upstreamFrom[i] .. upstreamFrom[i + 1]) in depends_on order,
 * and downstreamEdges holds the reverse. Flat typed arrays instead of an array
 * per handoff keep 50,000 handoffs cheap for the garbage collector.
 */
interface DependencyGraph {
  upstreamFrom: Int32Array;
  upstreamEdges: Int32Array;
  downstreamFrom: Int32Array;
  downstreamEdges: Int32Array;
}

function linkDependencies(sources: readonly ScheduleHandoffInput[], indexOf: ReadonlyMap<string, number>): DependencyGraph {
  const count = sources.length;
  let listed = 0;
  for (const source of sources) listed += source.dependsOn.length;

  const upstreamFrom = new Int32Array(count + 1);
  const upstreamEdges = new Int32Array(listed);
  const dependantCount = new Int32Array(count);
  // lastListedBy[u] = 1 + the handoff that last listed u, to drop repeated depends_on ids.
  const lastListedBy = new Int32Array(count);
  let edgeCount = 0;
  for (let i = 0; i < count; i++) {
    upstreamFrom[i] = edgeCount;
    for (const id of sources[i].dependsOn) {
      const u = indexOf.get(id);
      if (u === undefined || lastListedBy[u] === i + 1) continue;
      lastListedBy[u] = i + 1;
      upstreamEdges[edgeCount++] = u;
      dependantCount[u]++;
    }
  }
  upstreamFrom[count] = edgeCount;

  const downstreamFrom = new Int32Array(count + 1);
  for (let u = 0; u < count; u++) downstreamFrom[u + 1] = downstreamFrom[u] + dependantCount[u];
  const downstreamEdges = new Int32Array(edgeCount);
  const filled = downstreamFrom.slice(0, count);
  for (let i = 0; i < count; i++) {
    for (let e = upstreamFrom[i]; e < upstreamFrom[i + 1]; e++) downstreamEdges[filled[upstreamEdges[e]]++] = i;
  }
  return { upstreamFrom, upstreamEdges: upstreamEdges.subarray(0, edgeCount), downstreamFrom, downstreamEdges };
}

/**
 * The driving chain into the latest ready date, as indices from first to
 * last. Edges that close a depends_on cycle are left out first, so the chain
 * lengths and the walk back terminate on any input.
 */
function findCriticalPath(
  scheduled: readonly ScheduledHandoff[],
  readyDay: Float64Array,
  graph: DependencyGraph,
  order: Int32Array,
  closesCycle: Uint8Array,
): number[] {
  const count = scheduled.length;
  const { upstreamFrom, upstreamEdges } = graph;

  // chain[i]: the most work + buffer working days along a chain of scheduled
  // handoffs ending at i (`order` puts upstreams first).
  const chain = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = order[k];
    if (readyDay[i] === NO_DAY) continue;
    let longestUpstream = 0;
    for (let e = upstreamFrom[i]; e < upstreamFrom[i + 1]; e++) {
      const u = upstreamEdges[e];
      if (!closesCycle[e] && readyDay[u] !== NO_DAY && chain[u] > longestUpstream) longestUpstream = chain[u];
    }
    chain[i] = (scheduled[i].workDays ?? 0) + scheduled[i].bufferDays + longestUpstream;
  }

  // Later ready first, then the longer chain, then the smaller id.
  const drivesMore = (a: number, b: number): boolean => {
    if (readyDay[a] !== readyDay[b]) return readyDay[a] > readyDay[b];
    if (chain[a] !== chain[b]) return chain[a] > chain[b];
    return scheduled[a].id < scheduled[b].id;
  };

  let last = -1;
  for (let i = 0; i < count; i++) {
    if (readyDay[i] !== NO_DAY && (last < 0 || drivesMore(i, last))) last = i;
  }
  const path: number[] = [];
  for (let current = last; current >= 0; ) {
    path.push(current);
    let driver = -1;
    for (let e = upstreamFrom[current]; e < upstreamFrom[current + 1]; e++) {
      const u = upstreamEdges[e];
      if (!closesCycle[e] && readyDay[u] !== NO_DAY && (driver < 0 || drivesMore(u, driver))) driver = u;
    }
    current = driver;
  }
  return path.reverse();
}

/**
 * An iterative depth-first search along depends_on. An edge to a handoff still
 * on the stack closes a cycle; without those edges the post-order lists every
 * handoff after all of its upstreams.
 */
function orderUpstreamFirst(graph: DependencyGraph): { order: Int32Array; closesCycle: Uint8Array } {
  const { upstreamFrom, upstreamEdges } = graph;
  const count = upstreamFrom.length - 1;
  const UNSEEN = 0;
  const ON_STACK = 1;
  const DONE = 2;
  const state = new Uint8Array(count);
  const nextEdge = upstreamFrom.slice(0, count);
  const closesCycle = new Uint8Array(upstreamEdges.length);
  const order = new Int32Array(count);
  const stack = new Int32Array(count);
  let ordered = 0;

  for (let root = 0; root < count; root++) {
    if (state[root] !== UNSEEN) continue;
    state[root] = ON_STACK;
    let depth = 0;
    stack[depth++] = root;
    while (depth > 0) {
      const node = stack[depth - 1];
      if (nextEdge[node] < upstreamFrom[node + 1]) {
        const e = nextEdge[node]++;
        const u = upstreamEdges[e];
        if (state[u] === ON_STACK) {
          closesCycle[e] = 1;
        } else if (state[u] === UNSEEN) {
          state[u] = ON_STACK;
          stack[depth++] = u;
        }
      } else {
        state[node] = DONE;
        order[ordered++] = node;
        depth--;
      }
    }
  }
  return { order, closesCycle };
}
