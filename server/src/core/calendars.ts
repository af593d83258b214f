// The calendars of one production (DESIGN §7.4, §7.7): its own calendar and
// the named ones, one WorkCalendar each, and which one every department works
// by. Built once per version of the production file; every date computation
// asks this object for the calendar it counts in.
import { DEFAULT_WORKDAYS, WEEKDAYS, WorkCalendar, parseDate, type Weekday } from './calendar';
import { RegionHolidays, checkRegion } from './regions';
import { closest } from './suggest';
import { isTimeZone } from './timezones';
import type { CalendarSpec, ProductionSpec } from './specs';

/** Closures longer than this many days are cut short (a typo in a year must not build a table of centuries). */
const CLOSURE_DAY_LIMIT = 3660;

export class ProductionCalendars {
  readonly production: WorkCalendar;
  /** Named calendars by id (the first definition of an id). */
  readonly named = new Map<string, WorkCalendar>();
  private readonly byDepartment = new Map<string, WorkCalendar>();
  /** Changes whenever any calendar's fields change: results computed with these calendars are reused while it stays. */
  readonly key: string;

  constructor(spec?: ProductionSpec) {
    this.production = makeCalendar(spec?.calendar, spec?.calendar.region ?? 'production calendar');
    for (const calendar of spec?.calendars ?? []) {
      if (calendar.id !== undefined && !this.named.has(calendar.id)) this.named.set(calendar.id, makeCalendar(calendar, calendar.region ?? calendar.id));
    }
    for (const department of spec?.departments ?? []) {
      const own = department.calendar === undefined ? undefined : this.named.get(department.calendar);
      if (own && !this.byDepartment.has(department.id)) this.byDepartment.set(department.id, own);
    }
    this.key = ProductionCalendars.keyOf(spec);
  }

  /** The key calendars built from this production file's entities would have: equal keys, equal calendars. */
  static keyOf(spec: ProductionSpec | undefined): string {
    return JSON.stringify([
      spec ? calendarKey(spec.calendar) : '',
      (spec?.calendars ?? []).map(calendarKey),
      (spec?.departments ?? []).filter((department) => department.calendar !== undefined).map((department) => [department.id, department.calendar]),
    ]);
  }

  /** The calendar a department works by: its named calendar, else the production calendar (also for unknown or absent departments). */
  forDepartment(id: string | undefined): WorkCalendar {
    return (id === undefined ? undefined : this.byDepartment.get(id)) ?? this.production;
  }

  /** Whether any department works by a calendar other than the production's. */
  get several(): boolean {
    return this.byDepartment.size > 0;
  }
}

function calendarKey(calendar: CalendarSpec): unknown {
  return [calendar.id, calendar.workdays, calendar.holidays, calendar.region, calendar.timezone, calendar.closures.map((closure) => [closure.from, closure.to, closure.reason])];
}

/**
 * One calendar from its fields, reading only what is valid: unknown weekdays,
 * an unknown region, a zone the runtime does not know and a closure that ends
 * before it starts are left out (the schema rule reports each of them).
 */
export function makeCalendar(spec: CalendarSpec | undefined, label: string): WorkCalendar {
  const workdays = spec?.workdays?.filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day));
  const holidays: number[] = [];
  const holidayNames = new Map<number, string>();
  for (const text of spec?.holidays ?? []) {
    const day = parseDate(text);
    if (day !== undefined) holidays.push(day);
  }
  for (const closure of spec?.closures ?? []) {
    const from = closure.from === undefined ? undefined : parseDate(closure.from);
    const to = closure.to === undefined ? undefined : parseDate(closure.to);
    if (from === undefined || to === undefined || to < from) continue;
    const last = Math.min(to, from + CLOSURE_DAY_LIMIT - 1);
    for (let day = from; day <= last; day++) {
      holidays.push(day);
      if (!holidayNames.has(day)) holidayNames.set(day, closure.reason ?? 'closure');
    }
  }
  const region = spec?.region === undefined ? undefined : RegionHolidays.of(spec.region);
  const timezone = spec?.timezone !== undefined && isTimeZone(spec.timezone) ? spec.timezone : undefined;
  // A calendar without a single workday cannot schedule anything; the schema rule reports it.
  return new WorkCalendar(workdays && workdays.length > 0 ? workdays : DEFAULT_WORKDAYS, holidays, {
    label: region?.code ?? label,
    region,
    holidayNames,
    timezone,
  });
}

/** A value of a calendar field that the schema's patterns cannot judge: a region without holiday data, a zone the runtime does not know. */
export interface CalendarFieldProblem {
  path: (string | number)[];
  message: string;
  /** The did-you-mean replacement, when there is one. */
  suggestion?: string;
}

/** The region and time zone values of every calendar of a production that name nothing real. */
export function calendarFieldProblems(spec: ProductionSpec): CalendarFieldProblem[] {
  const problems: CalendarFieldProblem[] = [];
  for (const calendar of [spec.calendar, ...spec.calendars]) {
    const where = calendar.id === undefined ? 'the production calendar' : `calendar '${calendar.id}'`;
    if (calendar.region !== undefined && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(calendar.region)) {
      const checked = checkRegion(calendar.region);
      if (!checked.known) {
        const hint = checked.suggestion ? `did you mean '${checked.suggestion}'?` : "use an ISO country code or country-region code with holiday data, such as 'GB-ENG' or 'CA-BC'.";
        problems.push({ path: [...calendar.path, 'region'], message: `Region '${calendar.region}' of ${where}: ${checked.problem}; ${hint}`, suggestion: checked.suggestion });
      }
    }
    if (calendar.timezone !== undefined && calendar.timezone !== '' && !isTimeZone(calendar.timezone)) {
      const suggestion = closestTimeZone(calendar.timezone);
      const hint = suggestion ? `did you mean '${suggestion}'?` : "use an IANA zone name such as 'Europe/London' or 'America/Vancouver'.";
      problems.push({ path: [...calendar.path, 'timezone'], message: `Time zone '${calendar.timezone}' of ${where} is not an IANA time zone; ${hint}`, suggestion });
    }
  }
  return problems;
}

function closestTimeZone(name: string): string | undefined {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const lower = name.toLowerCase().replace(/ /g, '_');
  const exact = zones.find((zone) => zone.toLowerCase() === lower);
  return exact ?? closest(name.replace(/ /g, '_'), zones);
}
