// Per-department calendars, regions, time zones and closures (DESIGN §7.4,
// §7.7), with every date worked out by hand in the comments.
import * as assert from 'node:assert/strict';
import { formatDate, parseDate, WorkCalendar } from '../../server/src/core/calendar';
import { RegionHolidays } from '../../server/src/core/regions';
import { TimeZone } from '../../server/src/core/timezones';
import { check, resultsOf, uriOf, where } from '../harness';
import { Workspace } from '../../server/src/core/workspace';

function day(iso: string): number {
  const parsed = parseDate(iso);
  if (parsed === undefined) throw new Error(`bad test date ${iso}`);
  return parsed;
}

// The production: a studio in Vancouver (CA-BC) and vendors in London and Tokyo.
const PRODUCTION = [
  'production: cross',
  'calendar: { region: CA-BC, timezone: America/Vancouver }',
  'review_buffer: 2',
  'calendars:',
  '  - id: london',
  '    region: GB-ENG',
  '    timezone: Europe/London',
  '    closures: [{ from: 2026-12-24, to: 2027-01-01, reason: Winter break }]',
  '  - { id: tokyo, region: JP, timezone: Asia/Tokyo }',
  'departments:',
  '  - { id: comp, name: Compositing }',
  '  - { id: edit, name: Editorial }',
  '  - { id: northlight, name: Northlight, calendar: london, vendor: true }',
  '  - { id: kumo, name: Kumo, calendar: tokyo, vendor: true }',
  'people:',
  '  - { id: ana, name: Ana, department: comp }',
  'milestones:',
  '  - { id: lock, date: 2027-08-06 }',
];

interface Sketch {
  id: string;
  from: string;
  to: string;
  start?: string;
  work?: number;
  due: string;
  dueTime?: string;
  buffer?: number;
}

function handoffFile(handoffs: Sketch[]): string {
  if (handoffs.length === 0) return 'handoffs: []\n';
  const lines = ['handoffs:'];
  for (const h of handoffs) {
    lines.push(`  - id: ${h.id}`, `    from: ${h.from}`, `    to: ${h.to}`, '    owner: ana', '    contact: ana');
    if (h.start) lines.push(`    start: ${h.start}`);
    if (h.work) lines.push(`    work: ${h.work}`);
    lines.push(`    due: ${h.due}`);
    if (h.dueTime) lines.push(`    due_time: "${h.dueTime}"`);
    if (h.buffer !== undefined) lines.push(`    review_buffer: ${h.buffer}`);
    lines.push('    done_when: [All shots delivered]');
  }
  return lines.join('\n') + '\n';
}

function workspace(handoffs: Sketch[], production = PRODUCTION): Workspace {
  const ws = new Workspace();
  ws.setFile(uriOf('cross.production.yaml'), production.join('\n') + '\n', 1);
  ws.setFile(uriOf('shots.handoff.yaml'), handoffFile(handoffs), 1);
  return ws;
}

function dates(ws: Workspace, id: string): { start?: string; due?: string; delivery?: string; ready?: string } {
  const scheduled = ws.productionOf(uriOf('shots.handoff.yaml'))!.schedule.handoffs.get(id)!;
  const iso = (d: number | undefined) => (d === undefined ? undefined : formatDate(d));
  return { start: iso(scheduled.start), due: iso(scheduled.due), delivery: iso(scheduled.delivery), ready: iso(scheduled.ready) };
}

function results(ws: Workspace, rule: string): { at: string; message: string }[] {
  return resultsOf(ws, { today: '2027-01-15' })
    .filter((r) => r.rule === rule)
    .map((r) => ({ at: `${r.file}:${r.line}:${r.column}`, message: r.message }));
}

describe('calendars: work in the from calendar, review in the to calendar', () => {
  it('a London vendor delivering on a UK bank holiday that is a Canadian working day', () => {
    // 2027-05-03 is a Monday: England's Early May bank holiday, a working day in British Columbia
    // (whose May holiday is Victoria Day, Monday 2027-05-24).
    const ws = workspace([
      { id: 'plates', from: 'northlight', to: 'comp', start: '2027-04-26', due: '2027-05-03' },
      // Near miss: the studio's own editorial delivering the same day works by CA-BC: no finding.
      { id: 'cut', from: 'edit', to: 'comp', start: '2027-04-26', due: '2027-05-03' },
    ]);
    const found = results(ws, 'non-working-day');
    assert.deepEqual(found.map((f) => f.at), ['shots.handoff.yaml:8:10']);
    assert.equal(
      found[0].message,
      "Due date '2027-05-03' of 'plates' is a holiday (Early May bank holiday, Monday), not a working day for northlight (GB-ENG); move it to Tuesday 2027-05-04, the next working day.",
    );
    // The work counts in London: Mon 26 .. Fri 30 April = 5 days; Mon 3 May is a bank holiday.
    assert.equal(ws.productionOf(uriOf('shots.handoff.yaml'))!.schedule.handoffs.get('plates')!.workDays, 5);
    // The review counts in Vancouver, from the first BC working day after Mon 3 May: Tue 4 (1), Wed 5 (2).
    assert.deepEqual(dates(ws, 'plates'), { start: '2027-04-26', due: '2027-05-03', delivery: '2027-05-03', ready: '2027-05-05' });
  });

  it('a review buffer crossing the receiver\'s holiday', () => {
    // Canada Day 2027-07-01 is a Thursday (Jan 1 is a Friday; Jul 1 is 181 days later, 181 = 25×7 + 6).
    // London works that day. Due Wed 2027-06-30 in London; buffer 2 in CA-BC:
    // Thu 1 July (Canada Day, skipped), Fri 2 July (1), Sat/Sun, Mon 5 July (2).
    const ws = workspace([
      { id: 'comps', from: 'northlight', to: 'comp', start: '2027-06-28', due: '2027-06-30' },
      // Near miss: delivered to a London department, the same buffer ends Fri 2 July (Thu 1 (1), Fri 2 (2)).
      { id: 'notes', from: 'comp', to: 'northlight', start: '2027-06-28', due: '2027-06-30' },
    ]);
    assert.equal(dates(ws, 'comps').ready, '2027-07-05');
    assert.equal(dates(ws, 'notes').ready, '2027-07-02');
  });

  it('a delivery at 18:00 in London reaches Vancouver the same day, at 10:00 there in winter', () => {
    // January: London on GMT (UTC+0), Vancouver on PST (UTC−8). Mon 2027-01-18 18:00 GMT = 18:00 UTC
    // = 10:00 PST on Mon 2027-01-18. Delivery day in Vancouver: the 18th; buffer 2: Tue 19, Wed 20.
    const london = new TimeZone('Europe/London');
    const vancouver = new TimeZone('America/Vancouver');
    const instant = london.instantOf(day('2027-01-18'), 18 * 60);
    assert.equal(formatDate(vancouver.dayOf(instant)), '2027-01-18');
    assert.equal(vancouver.timeOf(instant), '10:00');
    const ws = workspace([{ id: 'plates', from: 'northlight', to: 'comp', work: 3, due: '2027-01-18', dueTime: '18:00' }]);
    assert.deepEqual(dates(ws, 'plates'), { start: '2027-01-14', due: '2027-01-18', delivery: '2027-01-18', ready: '2027-01-20' });
  });

  it('a delivery at 09:00 in Tokyo reaches Vancouver the day before, at 16:00 there', () => {
    // Tokyo is UTC+9 all year. Tue 2027-01-19 09:00 JST = Tue 00:00 UTC = Mon 2027-01-18 16:00 PST.
    // Delivery day in Vancouver: Mon the 18th; buffer 2: Tue 19 (1), Wed 20 (2) — a day earlier than
    // the same handoff without due_time (delivery Tue 19; Wed 20, Thu 21).
    const tokyo = new TimeZone('Asia/Tokyo');
    const vancouver = new TimeZone('America/Vancouver');
    const instant = tokyo.instantOf(day('2027-01-19'), 9 * 60);
    assert.equal(formatDate(vancouver.dayOf(instant)), '2027-01-18');
    assert.equal(vancouver.timeOf(instant), '16:00');
    const ws = workspace([
      { id: 'timed', from: 'kumo', to: 'comp', start: '2027-01-12', due: '2027-01-19', dueTime: '09:00' },
      { id: 'untimed', from: 'kumo', to: 'comp', start: '2027-01-12', due: '2027-01-19' },
    ]);
    assert.deepEqual(dates(ws, 'timed'), { start: '2027-01-12', due: '2027-01-19', delivery: '2027-01-18', ready: '2027-01-20' });
    assert.deepEqual(dates(ws, 'untimed'), { start: '2027-01-12', due: '2027-01-19', delivery: '2027-01-19', ready: '2027-01-21' });
  });

  it('buffer 0 with due_time: ready is the receiver\'s delivery day, even a Sunday', () => {
    // Mon 2027-01-18 09:00 JST = Sun 2027-01-17 16:00 PST: ready Sunday the 17th (DESIGN §7.7).
    const ws = workspace([{ id: 'timed', from: 'kumo', to: 'comp', start: '2027-01-11', due: '2027-01-18', dueTime: '09:00', buffer: 0 }]);
    assert.deepEqual(dates(ws, 'timed'), { start: '2027-01-11', due: '2027-01-18', delivery: '2027-01-17', ready: '2027-01-17' });
  });

  it('a delivery across a daylight-saving change', () => {
    // North America springs forward on Sun 2027-03-14, Europe only on Sun 2027-03-28.
    // Before: Mon 2027-03-08 07:30 GMT = 07:30 UTC = Sun 2027-03-07 23:30 PST (UTC−8): delivered Sunday,
    //   buffer 1 → Mon 8 March.
    // After: Mon 2027-03-15 07:30 GMT = 07:30 UTC = Mon 2027-03-15 00:30 PDT (UTC−7): delivered Monday,
    //   buffer 1 → Tue 16 March.
    const london = new TimeZone('Europe/London');
    const vancouver = new TimeZone('America/Vancouver');
    assert.equal(vancouver.timeOf(london.instantOf(day('2027-03-08'), 7 * 60 + 30)), '23:30');
    assert.equal(vancouver.timeOf(london.instantOf(day('2027-03-15'), 7 * 60 + 30)), '00:30');
    const ws = workspace([
      { id: 'before', from: 'northlight', to: 'comp', start: '2027-03-01', due: '2027-03-08', dueTime: '07:30', buffer: 1 },
      { id: 'after', from: 'northlight', to: 'comp', start: '2027-03-08', due: '2027-03-15', dueTime: '07:30', buffer: 1 },
    ]);
    assert.deepEqual(dates(ws, 'before'), { start: '2027-03-01', due: '2027-03-08', delivery: '2027-03-07', ready: '2027-03-08' });
    assert.deepEqual(dates(ws, 'after'), { start: '2027-03-08', due: '2027-03-15', delivery: '2027-03-15', ready: '2027-03-16' });
  });

  it('a closure across year end', () => {
    // London is closed Thu 2026-12-24 .. Fri 2027-01-01, both included.
    // Work from Mon 2026-12-21 to Mon 2027-01-04: Mon 21, Tue 22, Wed 23, then Mon 4 Jan = 4 days.
    // `work: 4` ending Mon 2027-01-04 counts back the same days: starts Mon 2026-12-21.
    const ws = workspace([
      { id: 'span', from: 'northlight', to: 'comp', start: '2026-12-21', due: '2027-01-04' },
      { id: 'counted', from: 'northlight', to: 'comp', work: 4, due: '2027-01-04' },
    ]);
    const production = ws.productionOf(uriOf('shots.handoff.yaml'))!;
    assert.equal(production.schedule.handoffs.get('span')!.workDays, 4);
    assert.equal(dates(ws, 'counted').start, '2026-12-21');
    const london = production.calendars.named.get('london')!;
    assert.equal(london.isWorkingDay(day('2026-12-31')), false);
    assert.equal(london.dayOffReason(day('2026-12-31')), 'Winter break');
    // Near miss: the day after the closure is a working day in London.
    assert.equal(london.isWorkingDay(day('2027-01-04')), true);
    // Vancouver is not closed: Thu 2026-12-31 is a working day there.
    assert.equal(production.calendar.isWorkingDay(day('2026-12-31')), true);
  });

  it('a calendars: entry stands alone: it keeps none of the production calendar\'s holidays', () => {
    const production = [...PRODUCTION];
    production[1] = 'calendar: { region: CA-BC, timezone: America/Vancouver, holidays: [2027-02-19] }';
    const ws = workspace([{ id: 'a', from: 'northlight', to: 'comp', start: '2027-02-15', due: '2027-02-19' }], production);
    // Fri 2027-02-19 is a holiday of the production calendar only: London works, so no finding.
    assert.deepEqual(results(ws, 'non-working-day'), []);
  });
});

describe('calendars: regional public holidays against the governments\' published dates', () => {
  function weekdayHolidays(region: string, year: number): string[] {
    const holidays = RegionHolidays.of(region)!;
    const calendar = new WorkCalendar(undefined, [], { region: holidays });
    const out: string[] = [];
    for (let d = day(`${year}-01-01`); d <= day(`${year}-12-31`); d++) {
      if (!calendar.isWorkingDay(d) && calendar.dayOffReason(d) !== undefined && !['Saturday', 'Sunday'].includes(calendar.dayOffReason(d)!)) out.push(formatDate(d));
    }
    return out;
  }

  it('GB-ENG 2027: the bank holidays in England and Wales published on gov.uk', () => {
    // gov.uk/bank-holidays, England and Wales 2027: New Year's Day Fri 1 Jan, Good Friday 26 Mar,
    // Easter Monday 29 Mar, Early May 3 May, Spring 31 May, Summer 30 Aug, Christmas Day (substitute)
    // Mon 27 Dec, Boxing Day (substitute) Tue 28 Dec (25 and 26 Dec fall on a weekend).
    assert.deepEqual(weekdayHolidays('GB-ENG', 2027), [
      '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
    ]);
  });

  it('CA-BC 2027: the statutory holidays published by the Government of British Columbia', () => {
    // gov.bc.ca, Statutory holidays in B.C.: New Year's Day, Family Day (3rd Monday of Feb: 15 Feb),
    // Good Friday 26 Mar, Victoria Day 24 May, Canada Day 1 Jul, B.C. Day 2 Aug, Labour Day 6 Sep,
    // National Day for Truth and Reconciliation 30 Sep (statutory since 2023: the table in regions.ts),
    // Thanksgiving 11 Oct, Remembrance Day 11 Nov; Christmas Day is a Saturday. Easter Monday is not one.
    assert.deepEqual(weekdayHolidays('CA-BC', 2027), [
      '2027-01-01', '2027-02-15', '2027-03-26', '2027-05-24', '2027-07-01', '2027-08-02', '2027-09-06', '2027-09-30', '2027-10-11', '2027-11-11',
    ]);
  });

  it('JP 2027: the national holidays published by the Cabinet Office of Japan', () => {
    // cao.go.jp, 国民の祝日 2027: 1 Jan, Coming of Age Day 11 Jan, 11 Feb, Emperor's Birthday 23 Feb,
    // Vernal Equinox Sun 21 Mar with the substitute holiday Mon 22 Mar, 29 Apr, 3-5 May, Marine Day 19 Jul,
    // Mountain Day 11 Aug, Respect for the Aged 20 Sep, Autumnal Equinox 23 Sep, Sports Day 11 Oct,
    // Culture Day 3 Nov, Labour Thanksgiving 23 Nov.
    assert.deepEqual(weekdayHolidays('JP', 2027), [
      '2027-01-01', '2027-01-11', '2027-02-11', '2027-02-23', '2027-03-22', '2027-04-29', '2027-05-03', '2027-05-04', '2027-05-05',
      '2027-07-19', '2027-08-11', '2027-09-20', '2027-09-23', '2027-10-11', '2027-11-03', '2027-11-23',
    ]);
  });

  it('public holidays only: Quebec\'s optional Easter Monday is a working day', () => {
    // Quebec employers give Good Friday or Easter Monday; only a calendar's `holidays` makes Monday 2027-03-29 a day off.
    const quebec = new WorkCalendar(undefined, [], { region: RegionHolidays.of('CA-QC')! });
    assert.equal(quebec.isWorkingDay(day('2027-03-29')), true);
    assert.equal(quebec.isWorkingDay(day('2027-03-26')), false);
  });
});

describe('calendars: bad input, reported at the exact place', () => {
  const base = (lines: Record<number, string>): string[] => {
    const production = [...PRODUCTION];
    for (const [index, line] of Object.entries(lines)) production[Number(index)] = line;
    return production;
  };

  it('an unknown region code, with did-you-mean', () => {
    const ws = workspace([], base({ 5: '    region: GB-ENX' }));
    const found = results(ws, 'schema');
    assert.deepEqual(found.map((f) => f.at), ['cross.production.yaml:6:13']);
    assert.match(found[0].message, /Region 'GB-ENX' of calendar 'london': .*no region 'ENX'; did you mean 'GB-ENG'\?/);
  });

  it('UK for GB', () => {
    const found = results(workspace([], base({ 5: '    region: UK' })), 'schema');
    assert.deepEqual(found.map((f) => f.at), ['cross.production.yaml:6:13']);
    assert.match(found[0].message, /did you mean 'GB'\?/);
  });

  it('an invalid time zone, with did-you-mean; a valid one stays silent', () => {
    const found = results(workspace([], base({ 6: '    timezone: Europe/Londn' })), 'schema');
    assert.deepEqual(found.map((f) => f.at), ['cross.production.yaml:7:15']);
    assert.match(found[0].message, /Time zone 'Europe\/Londn' of calendar 'london' is not an IANA time zone; did you mean 'Europe\/London'\?/);
    assert.deepEqual(results(workspace([]), 'schema'), []);
  });

  it('a due_time that is not HH:MM', () => {
    const ws = workspace([
      { id: 'a', from: 'northlight', to: 'comp', start: '2027-01-11', due: '2027-01-15', dueTime: '6pm' },
      { id: 'b', from: 'northlight', to: 'comp', start: '2027-01-11', due: '2027-01-15', dueTime: '18:00' },
    ]);
    const found = results(ws, 'schema');
    assert.deepEqual(found.map((f) => f.at), ['shots.handoff.yaml:9:15']);
    assert.match(found[0].message, /Delivery time '6pm' must be HH:MM on a 24-hour clock, in quotes, e.g. '18:00'/);
  });

  it('a closure whose end is before its start', () => {
    const found = results(workspace([], base({ 7: '    closures: [{ from: 2027-01-01, to: 2026-12-24 }]' })), 'date-order');
    assert.deepEqual(found.map((f) => f.at), ['cross.production.yaml:8:40']);
    assert.match(found[0].message, /Closure of calendar 'london' ends on 2026-12-24, before it starts on 2027-01-01/);
    // Near miss: a one-day closure (both ends the same day) is fine.
    assert.deepEqual(results(workspace([], base({ 7: '    closures: [{ from: 2027-01-01, to: 2027-01-01 }]' })), 'date-order'), []);
  });

  it('a department naming an unknown calendar', () => {
    const found = results(workspace([], base({ 12: '  - { id: northlight, name: Northlight, calendar: londn, vendor: true }' })), 'unknown-reference');
    assert.deepEqual(found.map((f) => f.at), ['cross.production.yaml:13:51']);
    assert.match(found[0].message, /londn/);
    assert.match(found[0].message, /london/);
  });

  it('a v1 production without calendars checks as before', () => {
    assert.deepEqual(where(check(), 'schema'), []);
  });
});
