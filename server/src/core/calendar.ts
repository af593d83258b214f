// Dates as integer day numbers (days since 1970-01-01, UTC) and the working-day
// arithmetic of a calendar. Integers keep the schedule engine fast and free of
// time zones; ISO strings exist only at the edges. A production has one
// calendar of its own and may name more (DESIGN §7.4): every date computation
// takes the calendar it counts in explicitly.
import { TimeZone } from './timezones';

/** One public holiday: its day number and its English name (a region's holidays, see regions.ts). */
export interface NamedHoliday {
  day: number;
  name: string;
}

/** What a calendar adds to its workdays and listed holidays. */
export interface CalendarOptions {
  /** Who works by it, for messages and hovers: the region code or the calendar's id. */
  label?: string;
  /** Public holidays by year, computed when first needed. */
  region?: { readonly code: string; holidaysIn(year: number): readonly NamedHoliday[] };
  /** Names of listed holidays and closure days ('Winter break'), for hovers. */
  holidayNames?: ReadonlyMap<number, string>;
  /** An IANA zone the runtime knows (check with isTimeZone first). */
  timezone?: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** Weekdays in calendar order, Monday first. */
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The production default when a calendar names no workdays. */
export const DEFAULT_WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const MS_PER_DAY = 86_400_000;
/** Holidays spread over at most this many days (about 270 years) get an O(1) lookup table. */
const TABLE_SPAN_LIMIT = 100_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day 0 (1970-01-01) was a Thursday: index 3 in WEEKDAYS. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** A strict `YYYY-MM-DD` that names a real calendar date, as a day number; else undefined. */
export function parseDate(iso: string): number | undefined {
  const match = ISO_DATE.exec(iso);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const dayOfMonth = Number(match[3]);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 onto 1900..1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, dayOfMonth);
  // Date rolls 2027-02-30 over into March; a changed month or day means it was not real.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dayOfMonth) return undefined;
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** The day number as `YYYY-MM-DD` (years 0..9999). */
export function formatDate(day: number): string {
  const date = new Date(day * MS_PER_DAY);
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dayOfMonth = String(date.getUTCDate()).padStart(2, '0');
  return `${year}-${month}-${dayOfMonth}`;
}

export function weekdayOf(day: number): Weekday {
  return WEEKDAYS[weekdayIndex(day)];
}

/** The English weekday name ('Monday' ... 'Sunday'), for hovers and messages. */
export function weekdayName(day: number): string {
  return WEEKDAY_NAMES[weekdayIndex(day)];
}

/**
 * Working days = the calendar's workdays minus its holidays.
 *
 * Queries never walk day by day: working days are counted with weekly
 * arithmetic (whole weeks × workdays per week + a prefix table for the partial
 * week) minus the holidays before the day, read from a prefix table over the
 * holidays' span (a binary search when that span is enormous).
 *
 * A calendar without any workday is invalid: the constructor throws, since
 * "the next working day" would not exist. Callers building a calendar from a
 * spec should report the bad `workdays` and fall back to DEFAULT_WORKDAYS.
 */
export class WorkCalendar {
  /** isWorkday[o]: whether days with (day mod 7) = o are workdays (o = 0 is a Thursday). */
  private readonly isWorkday: boolean[];
  /** workdaysBefore[o]: how many of the offsets 0..o-1 of a week are workdays (length 8). */
  private readonly workdaysBefore: number[];
  /** workdayOffsets[k]: the offset within a week of its k-th workday. */
  private readonly workdayOffsets: number[];
  private readonly workdaysPerWeek: number;
  /** Sorted, unique holidays that fall on a workday (the others change nothing). */
  private readonly holidays: number[];
  private readonly holidaySet: Set<number>;
  /**
   * holidaysBeforeTable[d - firstHoliday] = holidays before day d, for d from
   * the first holiday to the last: an O(1) count where holidays are. Empty
   * when holidays span more than TABLE_SPAN_LIMIT days (binary search then).
   */
  private readonly holidaysBeforeTable: Int32Array;
  /** Region holidays and listed ones by year, when the calendar has a region (see holidaysBefore). */
  private readonly byYear?: YearlyHolidays;
  readonly label?: string;
  readonly timeZone?: TimeZone;
  private readonly holidayNames?: ReadonlyMap<number, string>;
  private readonly region?: CalendarOptions['region'];

  constructor(workdays: readonly Weekday[] = DEFAULT_WORKDAYS, holidays: readonly number[] = [], options: CalendarOptions = {}) {
    this.label = options.label;
    this.holidayNames = options.holidayNames;
    this.region = options.region;
    if (options.timezone !== undefined) this.timeZone = new TimeZone(options.timezone);
    const chosen = new Set(workdays);
    this.isWorkday = [];
    this.workdaysBefore = [0];
    this.workdayOffsets = [];
    for (let offset = 0; offset < 7; offset++) {
      const working = chosen.has(WEEKDAYS[weekdayIndex(offset)]);
      this.isWorkday.push(working);
      if (working) this.workdayOffsets.push(offset);
      this.workdaysBefore.push(this.workdayOffsets.length);
    }
    this.workdaysPerWeek = this.workdayOffsets.length;
    if (this.workdaysPerWeek === 0) {
      throw new RangeError('A work calendar needs at least one workday (mon..sun); none was given.');
    }
    const onWorkdays = holidays.filter((day) => Number.isInteger(day) && this.isWorkday[mod7(day)]);
    this.holidays = [...new Set(onWorkdays)].sort((a, b) => a - b);
    this.holidaySet = new Set(this.holidays);
    this.holidaysBeforeTable = new Int32Array(0);
    const span = this.holidays.length === 0 ? 0 : this.holidays[this.holidays.length - 1] - this.holidays[0] + 1;
    if (span > 0 && span <= TABLE_SPAN_LIMIT) {
      const table = new Int32Array(span);
      let passed = 0;
      for (let offset = 0; offset < span; offset++) {
        table[offset] = passed;
        if (this.holidays[passed] === this.holidays[0] + offset) passed++;
      }
      this.holidaysBeforeTable = table;
    }
    if (options.region) this.byYear = new YearlyHolidays(this.holidays, options.region, (day) => this.isWorkday[mod7(day)]);
  }

  /** The region code whose public holidays this calendar keeps, if any. */
  get regionCode(): string | undefined {
    return this.region?.code;
  }

  /**
   * Why a day is not a working day: 'Saturday', a holiday's name ('Good
   * Friday', 'Winter break'), or 'holiday'; undefined on a working day.
   */
  dayOffReason(day: number): string | undefined {
    if (!this.isWorkday[mod7(day)]) return weekdayName(day);
    if (!this.isHoliday(day)) return undefined;
    const named = this.holidayNames?.get(day);
    if (named !== undefined) return named;
    const regional = this.byYear?.regionalName(day);
    return regional ?? 'holiday';
  }

  /** The workdays of this calendar, Monday first. */
  get workdays(): Weekday[] {
    return WEEKDAYS.filter((_, index) => this.isWorkday[mod7(index - 3)]);
  }

  isWorkingDay(day: number): boolean {
    return this.isWorkday[mod7(day)] && !this.isHoliday(day);
  }

  private isHoliday(day: number): boolean {
    return this.byYear ? this.byYear.has(day) : this.holidaySet.has(day);
  }

  /** The first working day on or after `day`. */
  onOrAfter(day: number): number {
    return this.isWorkingDay(day) ? day : this.workingDayAt(this.workingDaysBefore(day));
  }

  /** The first working day strictly after `day`. */
  after(day: number): number {
    return this.workingDayAt(this.workingDaysBefore(day + 1));
  }

  /** The last working day on or before `day`. */
  onOrBefore(day: number): number {
    return this.isWorkingDay(day) ? day : this.workingDayAt(this.workingDaysBefore(day + 1) - 1);
  }

  /** The last working day strictly before `day`. */
  before(day: number): number {
    return this.workingDayAt(this.workingDaysBefore(day) - 1);
  }

  /** Same as onOrAfter: `day` itself when it is a working day. */
  nextWorkingDay(day: number): number {
    return this.onOrAfter(day);
  }

  /** Same as onOrBefore: `day` itself when it is a working day. */
  previousWorkingDay(day: number): number {
    return this.onOrBefore(day);
  }

  /**
   * The n-th working day strictly after `day` (n > 0), the |n|-th working day
   * strictly before it (n < 0), or `day` itself (n = 0). From a non-working
   * day this counts as if from the working day before it when going forward
   * (Saturday + 1 = Monday) and from the one after it when going back
   * (Saturday - 1 = Friday), so workingDaysBetween(day, result) = n always.
   */
  addWorkingDays(day: number, n: number): number {
    if (n > 0) return this.workingDayAt(this.workingDaysBefore(day + 1) + n - 1);
    if (n < 0) return this.workingDayAt(this.workingDaysBefore(day) + n);
    return day;
  }

  /** Working days in the half-open interval (a, b]; negative (minus those in (b, a]) when b < a. */
  workingDaysBetween(a: number, b: number): number {
    return this.workingDaysBefore(b + 1) - this.workingDaysBefore(a + 1);
  }

  /** Working days in [a, b]; 0 when b < a. */
  countWorkingDaysInclusive(a: number, b: number): number {
    return b < a ? 0 : this.workingDaysBefore(b + 1) - this.workingDaysBefore(a);
  }

  /**
   * Working days in [0, day) — or minus those in [day, 0) when day < 0. Only
   * differences of this count mean anything; it numbers the working days.
   */
  private workingDaysBefore(day: number): number {
    return this.workdaysOnlyBefore(day) - this.holidaysBefore(day);
  }

  private holidaysBefore(day: number): number {
    if (this.byYear) return this.byYear.before(day);
    const holidays = this.holidays;
    if (holidays.length === 0 || day <= holidays[0]) return 0;
    if (day > holidays[holidays.length - 1]) return holidays.length;
    const table = this.holidaysBeforeTable;
    return table.length > 0 ? table[day - holidays[0]] : lowerBound(holidays, day);
  }

  /** Like workingDaysBefore, ignoring holidays. */
  private workdaysOnlyBefore(day: number): number {
    const weeks = Math.floor(day / 7);
    return weeks * this.workdaysPerWeek + this.workdaysBefore[day - weeks * 7];
  }

  /** The workday (holidays ignored) whose workdaysOnlyBefore is `index`. */
  private workdayAt(index: number): number {
    const weeks = Math.floor(index / this.workdaysPerWeek);
    return weeks * 7 + this.workdayOffsets[index - weeks * this.workdaysPerWeek];
  }

  /**
   * The working day whose workingDaysBefore is `index`. Start from the workday
   * with that index and move on by the holidays passed until none is left
   * uncounted; the guess only grows and never overshoots, so this converges
   * after at most as many steps as holidays it crosses.
   */
  private workingDayAt(index: number): number {
    let day = this.workdayAt(index);
    for (;;) {
      const next = this.workdayAt(index + this.holidaysBefore(day + 1));
      if (next === day) return day;
      day = next;
    }
  }
}

/**
 * The holidays of a calendar with a region, year by year: a region's holidays
 * are endless, so they are computed for a year when a query first reaches
 * it. Counts are relative to the first day of ANCHOR_YEAR (only differences
 * of them mean anything), kept per year as they are reached.
 */
class YearlyHolidays {
  /** Sorted workday holidays (listed and regional) of each year reached. */
  private readonly years = new Map<number, { days: number[]; set: Set<number>; names: Map<number, string> }>();
  /** holidays in [1 Jan ANCHOR_YEAR, 1 Jan year), negative for years before it. */
  private readonly before1Jan = new Map<number, number>([[ANCHOR_YEAR, 0]]);
  private readonly listedByYear = new Map<number, number[]>();

  constructor(
    listed: readonly number[],
    private readonly region: NonNullable<CalendarOptions['region']>,
    private readonly onWorkday: (day: number) => boolean,
  ) {
    for (const day of listed) {
      const year = yearOf(day);
      let days = this.listedByYear.get(year);
      if (!days) this.listedByYear.set(year, (days = []));
      days.push(day);
    }
  }

  private year(year: number): { days: number[]; set: Set<number>; names: Map<number, string> } {
    let found = this.years.get(year);
    if (found) return found;
    const set = new Set<number>(this.listedByYear.get(year) ?? []);
    const names = new Map<number, string>();
    for (const holiday of this.region.holidaysIn(year)) {
      if (!this.onWorkday(holiday.day)) continue;
      set.add(holiday.day);
      names.set(holiday.day, holiday.name);
    }
    found = { days: [...set].sort((a, b) => a - b), set, names };
    this.years.set(year, found);
    return found;
  }

  has(day: number): boolean {
    return this.year(yearOf(day)).set.has(day);
  }

  regionalName(day: number): string | undefined {
    return this.year(yearOf(day)).names.get(day);
  }

  before(day: number): number {
    const year = yearOf(day);
    return this.beforeYear(year) + lowerBound(this.year(year).days, day);
  }

  private beforeYear(year: number): number {
    const known = this.before1Jan.get(year);
    if (known !== undefined) return known;
    // Walk from the anchor towards the year, keeping each count on the way.
    let count = 0;
    if (year > ANCHOR_YEAR) {
      let from = year - 1;
      while (!this.before1Jan.has(from)) from--;
      count = this.before1Jan.get(from)!;
      for (let y = from; y < year; y++) {
        count += this.year(y).days.length;
        this.before1Jan.set(y + 1, count);
      }
    } else {
      let from = year + 1;
      while (!this.before1Jan.has(from)) from++;
      count = this.before1Jan.get(from)!;
      for (let y = from - 1; y >= year; y--) {
        count -= this.year(y).days.length;
        this.before1Jan.set(y, count);
      }
    }
    return count;
  }
}

const ANCHOR_YEAR = 2000;

/** The year (proleptic Gregorian) of a day number. */
export function yearOf(day: number): number {
  // Civil-from-days over 400-year eras of 146,097 days, from 0000-03-01.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  return yearOfEra + era * 400 + (monthFromMarch >= 10 ? 1 : 0);
}

function mod7(n: number): number {
  return ((n % 7) + 7) % 7;
}

/** How many entries of the sorted array are < value. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
