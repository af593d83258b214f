// The schedule of one production as plain JSON data: what the timeline
// webview and `handoff timeline` draw. Dates are ISO strings here; the
// schedule model's day numbers stay inside the core.
import { formatDate, parseDate, weekdayOf, type WorkCalendar } from '../calendar';
import { ancestorsOf } from '../model/units';
import type { ProductionModel } from '../production';
import { handoffOutcome } from '../outcome';
import { UNKNOWN_DEPARTMENT_LANE } from './lanes';
import { entitySourceRef, type SourceRef } from './sourceRef';

export { UNKNOWN_DEPARTMENT_LANE };

export interface ScheduleViewDepartment {
  id: string;
  name?: string;
  color?: string;
  /** Absent only on the synthetic lane. */
  source?: SourceRef;
  /** True on the lane that gathers handoffs without a known `from`. */
  synthetic?: boolean;
  /** The lane's own calendar, when the department works by a named one (the view's `calendar` otherwise). */
  calendar?: ScheduleViewCalendar;
}

/** A calendar as the timeline shades it. */
export interface ScheduleViewCalendar {
  /** The region code or the calendar's id, e.g. GB-ENG. */
  label?: string;
  workdays: string[];
  /** Every day off on a workday within the view's range (listed holidays, closures, region holidays), sorted ISO dates. */
  holidays: string[];
}

export interface ScheduleViewConflict {
  upstream: string;
  /** Working days the handoff starts too early. */
  missingWorkingDays: number;
  /** The first day it could start. */
  earliestStart: string;
}

export interface ScheduleViewOverrun {
  milestone: string;
  lateWorkingDays: number;
}

/** A breakdown unit as a view groups by it (DESIGN §7.1). */
export interface ScheduleViewUnit {
  id: string;
  /** episode, sequence, shot, asset or any kebab-case word. */
  kind: string;
  title?: string;
}

export interface ScheduleViewHandoff {
  id: string;
  title?: string;
  from?: string;
  to?: string;
  /** The department lane it is drawn in: `from`, or UNKNOWN_DEPARTMENT_LANE. */
  lane: string;
  start?: string;
  due?: string;
  ready?: string;
  workDays?: number;
  bufferDays: number;
  slack?: number;
  critical: boolean;
  status?: string;
  /** Not accepted and today is a working day or more after its ready date (as `handoff report` counts late). */
  late?: boolean;
  riskLevel?: string;
  /** Upstream handoffs that exist, each once, in depends_on order. */
  dependsOn: string[];
  feeds?: string;
  template?: string;
  conflict?: ScheduleViewConflict[];
  overrun?: ScheduleViewOverrun;
  /** The unit it is scoped to (a chain instance's unit, or `unit:`), when that unit is in the breakdown. */
  unit?: ScheduleViewUnit;
  /** The unit's ancestors, outermost first (episode, then sequence): the lanes a view nests it in. */
  parents?: ScheduleViewUnit[];
  /** For a chain instance: its chain and step. */
  chain?: string;
  step?: string;
  source: SourceRef;
}

export interface ScheduleViewMilestone {
  id: string;
  title?: string;
  date?: string;
  /** The least slack of the handoffs that feed it. */
  slack?: number;
  source: SourceRef;
}

export interface ScheduleView {
  production: { id: string; title?: string; source?: SourceRef };
  today: string;
  /** The production calendar (lanes of departments without a calendar of their own). */
  calendar: ScheduleViewCalendar;
  departments: ScheduleViewDepartment[];
  handoffs: ScheduleViewHandoff[];
  milestones: ScheduleViewMilestone[];
  criticalPath: string[];
  /** The earliest and latest date of any start, due, ready or milestone. */
  range: { first?: string; last?: string };
  /**
   * Set while files of the production do not parse: the view is the last
   * good schedule, made from the last version of these files (URIs) that
   * parsed, and may be out of date.
   */
  stale?: { files: string[] };
}

/** @param stale the files that do not parse when `production` is made from their last good version */
export function scheduleView(production: ProductionModel, today: string, stale?: readonly string[]): ScheduleView {
  const spec = production.production;
  const schedule = production.schedule;
  const calendar = production.calendar;
  const iso = (day: number | undefined): string | undefined => (day === undefined ? undefined : formatDate(day));

  let first: number | undefined;
  let last: number | undefined;
  const widen = (day: number | undefined): void => {
    if (day === undefined) return;
    if (first === undefined || day < first) first = day;
    if (last === undefined || day > last) last = day;
  };

  const conflictsOf = new Map<string, ScheduleViewConflict[]>();
  for (const conflict of schedule.conflicts) {
    let list = conflictsOf.get(conflict.handoff);
    if (!list) conflictsOf.set(conflict.handoff, (list = []));
    list.push({ upstream: conflict.upstream, missingWorkingDays: conflict.missingWorkingDays, earliestStart: formatDate(conflict.earliestStart) });
  }
  const overrunOf = new Map<string, ScheduleViewOverrun>();
  for (const overrun of schedule.overruns) overrunOf.set(overrun.handoff, { milestone: overrun.milestone, lateWorkingDays: overrun.lateWorkingDays });

  const departmentIds = new Set<string>();
  const departments: ScheduleViewDepartment[] = [];
  for (const department of production.departments) {
    if (departmentIds.has(department.id)) continue;
    departmentIds.add(department.id);
    const own = production.calendars.forDepartment(department.id);
    departments.push(omitUndefined({
      id: department.id,
      name: department.name,
      color: department.color,
      source: entitySourceRef(production, department),
      calendar: own === calendar ? undefined : ({ workdays: [], holidays: [] } as ScheduleViewCalendar),
    }));
  }

  const units = production.units.byId;
  const viewUnits = new Map<string, ScheduleViewUnit>();
  const viewUnit = (id: string): ScheduleViewUnit | undefined => {
    let found = viewUnits.get(id);
    if (found) return found;
    const unit = units.get(id);
    if (!unit) return undefined;
    const title = unit.fields.title;
    found = omitUndefined({ id: unit.id, kind: unit.kind, title: typeof title === 'string' ? title : undefined });
    viewUnits.set(id, found);
    return found;
  };
  const parentsOf = (id: string): ScheduleViewUnit[] | undefined => {
    const unit = units.get(id);
    if (!unit || unit.parent === undefined) return undefined;
    return ancestorsOf(units, unit).reverse().map((ancestor) => viewUnit(ancestor.id)!);
  };

  const todayDay = parseDate(today);
  const handoffs: ScheduleViewHandoff[] = [];
  const seen = new Set<string>();
  let needsUnknownLane = false;
  for (const handoff of production.handoffs) {
    // The schedule keeps the first definition of a duplicated id; so does the view.
    if (seen.has(handoff.id)) continue;
    seen.add(handoff.id);
    const scheduled = schedule.handoffs.get(handoff.id);
    const known = handoff.from !== undefined && departmentIds.has(handoff.from);
    if (!known) needsUnknownLane = true;
    const late =
      todayDay !== undefined &&
      scheduled?.ready !== undefined &&
      calendar.workingDaysBetween(scheduled.ready, todayDay) >= 1 &&
      !handoffOutcome(handoff, scheduled.due, scheduled.ready, todayDay, production).done;
    widen(scheduled?.start);
    widen(scheduled?.due);
    widen(scheduled?.ready);
    handoffs.push(omitUndefined({
      id: handoff.id,
      title: handoff.title,
      from: handoff.from,
      to: handoff.to,
      lane: known ? handoff.from! : UNKNOWN_DEPARTMENT_LANE,
      start: iso(scheduled?.start),
      due: iso(scheduled?.due),
      ready: iso(scheduled?.ready),
      workDays: scheduled?.workDays,
      bufferDays: scheduled?.bufferDays ?? 0,
      slack: scheduled?.slack,
      critical: scheduled?.critical ?? false,
      status: handoff.status,
      late: late || undefined,
      riskLevel: handoff.riskLevel,
      dependsOn: scheduled ? [...scheduled.upstream] : [],
      feeds: handoff.feeds,
      template: handoff.template,
      conflict: conflictsOf.get(handoff.id),
      overrun: overrunOf.get(handoff.id),
      unit: handoff.unit === undefined ? undefined : viewUnit(handoff.unit),
      parents: handoff.unit === undefined ? undefined : parentsOf(handoff.unit),
      chain: handoff.origin?.chain,
      step: handoff.origin?.step,
      source: entitySourceRef(production, handoff),
    }));
  }
  if (needsUnknownLane) departments.push({ id: UNKNOWN_DEPARTMENT_LANE, name: 'Unknown department', synthetic: true });

  const milestones: ScheduleViewMilestone[] = [];
  const milestoneIds = new Set<string>();
  for (const milestone of production.milestones) {
    if (milestoneIds.has(milestone.id)) continue;
    milestoneIds.add(milestone.id);
    const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
    widen(day);
    milestones.push(omitUndefined({
      id: milestone.id,
      title: milestone.title,
      date: iso(day),
      slack: schedule.milestoneSlack.get(milestone.id),
      source: entitySourceRef(production, milestone),
    }));
  }

  const holidays = (spec?.holidays ?? []).flatMap((holiday) => {
    const day = parseDate(holiday);
    return day === undefined ? [] : [day];
  });
  for (const day of daysOff(calendar, first, last)) holidays.push(day);
  // Each lane with a calendar of its own gets that calendar's days off (filled now that the range is known).
  for (const department of departments) {
    if (!department.calendar) continue;
    const own = production.calendars.forDepartment(department.id);
    department.calendar = omitUndefined({ label: own.label, workdays: own.workdays, holidays: daysOff(own, first, last).map(formatDate) });
  }
  return {
    production: omitUndefined({
      id: spec?.id ?? '',
      title: spec?.title,
      source: spec ? entitySourceRef(production, spec, 'production') : undefined,
    }),
    today,
    calendar: omitUndefined({
      label: production.calendars.several ? calendar.label : undefined,
      workdays: calendar.workdays,
      holidays: [...new Set(holidays)].sort((a, b) => a - b).map(formatDate),
    }),
    departments,
    handoffs,
    milestones,
    criticalPath: [...schedule.criticalPath],
    range: omitUndefined({ first: iso(first), last: iso(last) }),
    ...(stale && stale.length > 0 ? { stale: { files: [...stale] } } : {}),
  };
}

/** Views longer than this many days shade days off only in their first stretch of this length. */
const DAYS_OFF_SPAN_LIMIT = 4000;

/** The workdays in [first, last] a calendar does not work (holidays, closures, region holidays). */
function daysOff(calendar: WorkCalendar, first: number | undefined, last: number | undefined): number[] {
  if (first === undefined || last === undefined) return [];
  const days: number[] = [];
  const end = Math.min(last, first + DAYS_OFF_SPAN_LIMIT - 1);
  const workdays = new Set(calendar.workdays);
  for (let day = first; day <= end; day++) {
    if (!calendar.isWorkingDay(day) && workdays.has(weekdayOf(day))) days.push(day);
  }
  return days;
}

/** Drops keys whose value is undefined, so the JSON sent to a webview carries no empty fields. */
function omitUndefined<T extends object>(value: T): T {
  // A copy rather than `delete`, which would turn every object into a slow dictionary.
  const copy = {} as T;
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy;
}
