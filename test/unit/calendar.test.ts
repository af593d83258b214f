import * as assert from 'node:assert/strict';
import { WorkCalendar, Weekday, WEEKDAYS, formatDate, parseDate, weekdayName, weekdayOf } from '../../server/src/core/calendar';

/** A day number from an ISO date the test knows to be valid. */
function day(iso: string): number {
  const parsed = parseDate(iso);
  if (parsed === undefined) throw new Error(`bad test date ${iso}`);
  return parsed;
}

// January 2027 for reference:
//   Fri 1 | Mon 4 .. Fri 8 | Mon 11 .. Fri 15 | Mon 18 .. Fri 22 | Mon 25 .. Fri 29
// 2026-12-24 is a Thursday, 2026-12-25 a Friday.

describe('calendar: dates', () => {
  it('parses strict ISO dates to days since 1970-01-01', () => {
    assert.equal(parseDate('1970-01-01'), 0);
    assert.equal(parseDate('1970-01-02'), 1);
    assert.equal(parseDate('1969-12-31'), -1);
    assert.equal(parseDate('2027-01-04'), 20822);
    assert.equal(parseDate('2028-02-29'), 21243); // leap year
    assert.equal(parseDate('2000-02-29'), 11016); // divisible by 400: leap
  });

  it('rejects malformed text and dates that do not exist', () => {
    for (const text of [
      '',
      '2027-1-04',
      '2027-01-4',
      '27-01-04',
      ' 2027-01-04',
      '2027-01-04 ',
      '2027-01-04T00:00:00Z',
      '2027/01/04',
      '2027-00-10',
      '2027-13-01',
      '2027-01-00',
      '2027-01-32',
      '2027-02-29', // not a leap year
      '1900-02-29', // divisible by 100 but not 400: not leap
      '2027-04-31',
      '２０２７-01-04',
    ]) {
      assert.equal(parseDate(text), undefined, JSON.stringify(text));
    }
  });

  it('handles years below 100 literally', () => {
    const early = day('0050-03-01');
    assert.equal(formatDate(early), '0050-03-01');
  });

  it('formats day numbers back to ISO', () => {
    assert.equal(formatDate(0), '1970-01-01');
    assert.equal(formatDate(-1), '1969-12-31');
    for (const iso of ['2026-12-25', '2027-01-01', '2028-02-29', '2099-12-31', '1999-01-01']) {
      assert.equal(formatDate(day(iso)), iso);
    }
  });

  it('names weekdays (1970-01-01 was a Thursday)', () => {
    assert.equal(weekdayOf(0), 'thu');
    assert.equal(weekdayOf(-1), 'wed');
    assert.equal(weekdayOf(day('2027-01-04')), 'mon');
    assert.equal(weekdayOf(day('2027-01-10')), 'sun');
    assert.equal(weekdayName(day('2027-01-01')), 'Friday');
    assert.equal(weekdayName(day('2027-01-09')), 'Saturday');
    assert.equal(weekdayName(day('1969-12-29')), 'Monday');
  });
});

describe('calendar: working days', () => {
  const christmas = new WorkCalendar(undefined, [day('2026-12-25'), day('2027-01-01')]);

  it('defaults to Monday..Friday without holidays', () => {
    const calendar = new WorkCalendar();
    assert.deepEqual(calendar.workdays, ['mon', 'tue', 'wed', 'thu', 'fri']);
    assert.equal(calendar.isWorkingDay(day('2027-01-08')), true); // Friday
    assert.equal(calendar.isWorkingDay(day('2027-01-09')), false); // Saturday
    assert.equal(calendar.isWorkingDay(day('2027-01-10')), false); // Sunday
    assert.equal(calendar.isWorkingDay(day('2027-01-01')), true); // no holidays given
  });

  it('treats holidays as non-working days', () => {
    assert.equal(christmas.isWorkingDay(day('2026-12-25')), false);
    assert.equal(christmas.isWorkingDay(day('2026-12-24')), true);
  });

  it('finds the next and previous working days around a weekend', () => {
    const calendar = new WorkCalendar();
    const fri = day('2027-01-08');
    const sat = day('2027-01-09');
    const sun = day('2027-01-10');
    const mon = day('2027-01-11');
    assert.equal(calendar.onOrAfter(fri), fri);
    assert.equal(calendar.onOrAfter(sat), mon);
    assert.equal(calendar.nextWorkingDay(sun), mon);
    assert.equal(calendar.after(fri), mon);
    assert.equal(calendar.after(sun), mon);
    assert.equal(calendar.after(mon), day('2027-01-12'));
    assert.equal(calendar.onOrBefore(sun), fri);
    assert.equal(calendar.previousWorkingDay(mon), mon);
    assert.equal(calendar.before(mon), fri);
    assert.equal(calendar.before(sat), fri);
  });

  it('skips holidays: after Thu 2026-12-24 comes Mon 2026-12-28, after Thu 2026-12-31 comes Mon 2027-01-04', () => {
    assert.equal(christmas.after(day('2026-12-24')), day('2026-12-28'));
    assert.equal(christmas.onOrAfter(day('2026-12-25')), day('2026-12-28'));
    assert.equal(christmas.after(day('2026-12-31')), day('2027-01-04'));
    assert.equal(christmas.before(day('2027-01-04')), day('2026-12-31'));
    assert.equal(christmas.onOrBefore(day('2026-12-27')), day('2026-12-24'));
  });

  it('adds working days across weekends and holidays', () => {
    const calendar = new WorkCalendar();
    // Fri + 1 = Mon; Mon + 10 = the Monday two weeks later.
    assert.equal(calendar.addWorkingDays(day('2027-01-08'), 1), day('2027-01-11'));
    assert.equal(calendar.addWorkingDays(day('2027-01-04'), 10), day('2027-01-18'));
    assert.equal(calendar.addWorkingDays(day('2027-01-11'), -1), day('2027-01-08'));
    assert.equal(calendar.addWorkingDays(day('2027-01-18'), -10), day('2027-01-04'));
    assert.equal(calendar.addWorkingDays(day('2027-01-06'), 0), day('2027-01-06'));
    // Thu 2026-12-24 + 2 skips Fri 25 (holiday): Mon 28, Tue 29.
    assert.equal(christmas.addWorkingDays(day('2026-12-24'), 2), day('2026-12-29'));
    // Mon 2027-01-04 - 1 skips the weekend and Fri 2027-01-01: Thu 2026-12-31.
    assert.equal(christmas.addWorkingDays(day('2027-01-04'), -1), day('2026-12-31'));
  });

  it('counts from a non-working day as documented: Sat + 1 = Mon, Sat - 1 = Fri, Sat + 0 = Sat', () => {
    const calendar = new WorkCalendar();
    const sat = day('2027-01-09');
    assert.equal(calendar.addWorkingDays(sat, 1), day('2027-01-11'));
    assert.equal(calendar.addWorkingDays(sat, 2), day('2027-01-12'));
    assert.equal(calendar.addWorkingDays(sat, -1), day('2027-01-08'));
    assert.equal(calendar.addWorkingDays(sat, -2), day('2027-01-07'));
    assert.equal(calendar.addWorkingDays(sat, 0), sat);
    // On a holiday (Fri 2026-12-25): +1 = Mon 28, -1 = Thu 24.
    assert.equal(christmas.addWorkingDays(day('2026-12-25'), 1), day('2026-12-28'));
    assert.equal(christmas.addWorkingDays(day('2026-12-25'), -1), day('2026-12-24'));
  });

  it('counts working days in (a, b] and in [a, b]', () => {
    const calendar = new WorkCalendar();
    const fri = day('2027-01-08');
    const mon = day('2027-01-11');
    assert.equal(calendar.workingDaysBetween(fri, mon), 1); // only Monday
    assert.equal(calendar.workingDaysBetween(mon, fri), -1);
    assert.equal(calendar.workingDaysBetween(fri, fri), 0);
    assert.equal(calendar.workingDaysBetween(day('2027-01-04'), day('2027-01-29')), 19);
    assert.equal(calendar.countWorkingDaysInclusive(fri, mon), 2);
    assert.equal(calendar.countWorkingDaysInclusive(day('2027-01-09'), day('2027-01-10')), 0); // a weekend
    assert.equal(calendar.countWorkingDaysInclusive(mon, fri), 0); // reversed: empty
    assert.equal(calendar.countWorkingDaysInclusive(day('2027-01-04'), day('2027-01-29')), 20);
    // Dec 21..Jan 8 has 15 weekdays; two are holidays.
    assert.equal(christmas.countWorkingDaysInclusive(day('2026-12-21'), day('2027-01-08')), 13);
  });

  it('supports a six-day week (Monday..Saturday)', () => {
    const calendar = new WorkCalendar(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    const fri = day('2027-01-08');
    const sat = day('2027-01-09');
    const sun = day('2027-01-10');
    const mon = day('2027-01-11');
    assert.equal(calendar.isWorkingDay(sat), true);
    assert.equal(calendar.isWorkingDay(sun), false);
    assert.equal(calendar.addWorkingDays(fri, 1), sat);
    assert.equal(calendar.addWorkingDays(fri, 2), mon);
    assert.equal(calendar.addWorkingDays(mon, -1), sat);
    assert.equal(calendar.workingDaysBetween(fri, mon), 2);
    // Mon 4 .. Sat 16 = two full weeks = 12 working days.
    assert.equal(calendar.countWorkingDaysInclusive(day('2027-01-04'), day('2027-01-16')), 12);
  });

  it('supports a single workday per week and ignores holidays on non-working days', () => {
    const calendar = new WorkCalendar(['wed'], [day('2027-01-09'), day('2027-01-13')]);
    // Saturday 9 is no workday anyway; Wednesday 13 is a holiday.
    assert.equal(calendar.after(day('2027-01-06')), day('2027-01-20'));
    assert.equal(calendar.addWorkingDays(day('2027-01-06'), 2), day('2027-01-27'));
    assert.equal(calendar.countWorkingDaysInclusive(day('2027-01-01'), day('2027-01-31')), 3);
  });

  it('steps over a long run of consecutive holidays', () => {
    const holidays: number[] = [];
    for (let d = day('2027-07-01'); d <= day('2027-08-31'); d++) holidays.push(d);
    const calendar = new WorkCalendar(undefined, holidays);
    assert.equal(calendar.after(day('2027-06-30')), day('2027-09-01'));
    assert.equal(calendar.before(day('2027-09-01')), day('2027-06-30'));
    assert.equal(calendar.workingDaysBetween(day('2027-06-30'), day('2027-09-01')), 1);
  });

  it('gives the same answers when holidays lie centuries apart', () => {
    // The far-flung holidays exercise the binary search instead of the lookup table.
    const near = new WorkCalendar(undefined, [day('2027-01-06'), day('2027-01-07')]);
    const far = new WorkCalendar(undefined, [day('1800-01-06'), day('2027-01-06'), day('2027-01-07'), day('2300-01-05')]);
    for (const calendar of [near, far]) {
      // Tue 5 → Fri 8 skipping Wed 6 and Thu 7; Mon 4 .. Fri 15 = 10 weekdays - 2.
      assert.equal(calendar.after(day('2027-01-05')), day('2027-01-08'));
      assert.equal(calendar.addWorkingDays(day('2027-01-08'), -1), day('2027-01-05'));
      assert.equal(calendar.countWorkingDaysInclusive(day('2027-01-04'), day('2027-01-15')), 8);
    }
    assert.equal(far.isWorkingDay(day('1800-01-06')), false);
    assert.equal(far.workingDaysBetween(day('2300-01-01'), day('2300-01-10')), near.workingDaysBetween(day('2300-01-01'), day('2300-01-10')) - 1);
  });

  it('throws a clear error for a calendar without workdays', () => {
    assert.throws(() => new WorkCalendar([]), /at least one workday/);
  });

  it('agrees with a day-by-day count on random calendars', () => {
    // Cross-check every query against the naive definitions over a window that
    // spans 1970 (negative day numbers included).
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 40; round++) {
      const workdays = WEEKDAYS.filter(() => random() < 0.6);
      if (workdays.length === 0) workdays.push(WEEKDAYS[Math.floor(random() * 7)] as Weekday);
      const holidays: number[] = [];
      for (let k = 0; k < 15; k++) holidays.push(Math.floor(random() * 120) - 60);
      const calendar = new WorkCalendar(workdays, holidays);
      const holidaySet = new Set(holidays);
      const working = (d: number): boolean => workdays.includes(weekdayOf(d)) && !holidaySet.has(d);
      const naiveStep = (from: number, step: 1 | -1, n: number): number => {
        let d = from;
        for (let left = n; left > 0; ) {
          d += step;
          if (working(d)) left--;
        }
        return d;
      };
      for (let a = -50; a <= 50; a += 3) {
        assert.equal(calendar.isWorkingDay(a), working(a));
        assert.equal(calendar.after(a), naiveStep(a, 1, 1), `after ${a}`);
        assert.equal(calendar.before(a), naiveStep(a, -1, 1), `before ${a}`);
        assert.equal(calendar.onOrAfter(a), working(a) ? a : naiveStep(a, 1, 1));
        assert.equal(calendar.onOrBefore(a), working(a) ? a : naiveStep(a, -1, 1));
        for (const n of [1, 2, 5, 9]) {
          assert.equal(calendar.addWorkingDays(a, n), naiveStep(a, 1, n), `${a} + ${n}`);
          assert.equal(calendar.addWorkingDays(a, -n), naiveStep(a, -1, n), `${a} - ${n}`);
        }
        for (let b = a - 20; b <= a + 20; b += 7) {
          let inRange = 0;
          for (let d = Math.min(a, b) + 1; d <= Math.max(a, b); d++) if (working(d)) inRange++;
          assert.equal(calendar.workingDaysBetween(a, b), b >= a ? inRange : 0 - inRange || 0, `(${a}, ${b}]`);
          let inclusive = 0;
          for (let d = a; d <= b; d++) if (working(d)) inclusive++;
          assert.equal(calendar.countWorkingDaysInclusive(a, b), inclusive, `[${a}, ${b}]`);
        }
      }
    }
  });
});
