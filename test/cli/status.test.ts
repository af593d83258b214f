// `handoff status` on a hand-worked week. The fixture (test/fixtures/status)
// is read as of Wednesday 2027-01-20; the week 2027-W03 runs from Monday
// 2027-01-18 to Sunday 2027-01-24. Calendar mon–fri, no holidays, review
// buffer 2, risk_review_days 7.
//
// Worked by hand:
// - layout-to-anim-sq010: due Tue 01-19 (in the week), ready Thu 01-21; not
//   submitted on 01-20, one working day (01-20) after its due: at risk,
//   behind schedule. It binds the start of anim-to-comp-sq010 (Fri 01-22, the
//   first working day after 01-21), whose ready Tue 02-02 is the `lock`
//   milestone: both critical, and sq010 is the only critical handoff due in
//   the week, so the only touchpoint. Who: lou (layout lead and contact), ana
//   (anim lead), pat (owner). Open risk r-cams.
// - layout-to-comp-sq020: due Fri 01-08, ready Tue 01-12, submitted 01-08 and
//   undecided: late by the working days in (01-12, 01-20] = 13,14,15,18,19,20 =
//   6, in #layout; awaiting review in #comp (the receiver).
// - anim-to-comp-sq030: due Fri 01-22 (in the week), rejected Mon 01-18: due
//   and rejected in #anim; ready 01-26, so not late.
// - comp-to-layout-ref: blocked, in #comp (and not repeated under at risk).
// - layout-to-anim-sq050: due Wed 01-20, accepted 01-19: due, marked accepted.
// - anim-to-comp-sq040: planned, start Mon 01-18: still planned 2 working days
//   (01-19, 01-20) after its start: at risk in #anim.
// - risks: r-cams reviewed 01-12 → review by 01-19 ≤ 01-24: listed (owner lou,
//   #layout); r-blur reviewed 01-18 → 01-25 > 01-24: not listed; r-old
//   mitigated: not listed; r-never never reviewed: listed (owner cal, #comp).
// - journal: pm-sq005's action for ana due Fri 01-15 and not done: open and
//   overdue in #anim; its done action (lou) is not listed.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isoWeek, isoWeekOf, type StatusSummary } from '../../server/src/core/features/status';
import { formatDate, parseDate } from '../../server/src/core/calendar';
import { ensureCliBundle, handoff, ROOT } from './cliProcess';

const FIXTURE = 'test/fixtures/status';
const TODAY = '2027-01-20';
const GOLDEN = path.join(ROOT, 'test', 'cli', 'golden', 'status.md');

function summary(...extra: string[]): StatusSummary {
  const run = handoff('status', FIXTURE, '--today', TODAY, '--format', 'json', ...extra);
  assert.equal(run.status, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { productions: StatusSummary[] };
  assert.equal(parsed.productions.length, 1);
  return parsed.productions[0];
}

const ids = (list: readonly { handoff: string }[]) => list.map((entry) => entry.handoff);

describe('handoff status', () => {
  before(ensureCliBundle);

  it('summarises the week of today per department channel, every section', () => {
    const status = summary();
    assert.deepEqual(status.period, { from: '2027-01-18', to: '2027-01-24', label: '2027-W03' });
    assert.deepEqual(
      status.channels.map((channel) => channel.channel),
      ['#layout', '#anim', '#comp'],
    );
    const [layout, anim, comp] = status.channels;
    assert.deepEqual(ids(layout.due), ['layout-to-anim-sq010', 'layout-to-anim-sq050']);
    assert.deepEqual(layout.due.map((entry) => entry.done), [false, true]);
    assert.deepEqual(ids(layout.late), ['layout-to-comp-sq020']);
    assert.equal(layout.late[0].why, 'Submitted but not accepted 6 working days after its ready date 2027-01-12.');
    assert.deepEqual(ids(layout.atRisk), ['layout-to-anim-sq010']);
    assert.equal(layout.atRisk[0].reason, 'behind-schedule');
    assert.deepEqual(layout.risksForReview.map((risk) => [risk.risk, risk.reviewBy]), [['r-cams', '2027-01-19']]);
    assert.deepEqual(ids(layout.awaitingReview), [], 'the deliverer does not review its own submission');

    assert.deepEqual(ids(anim.due), ['anim-to-comp-sq030']);
    assert.deepEqual(ids(anim.rejected), ['anim-to-comp-sq030']);
    assert.equal(anim.rejected[0].why, 'Rejected on 2027-01-18: Motion blur missing.');
    assert.deepEqual(ids(anim.late), [], 'sq030 is ready 01-26, not late');
    assert.deepEqual(ids(anim.atRisk), ['anim-to-comp-sq040']);
    assert.equal(anim.atRisk[0].why, 'Still planned 2 working days after its start on 2027-01-18.');
    assert.deepEqual(anim.risksForReview, [], 'r-blur is due for review on 01-25, after the week');
    assert.deepEqual(anim.openActions?.map((action) => [action.postmortem, action.do, action.due, action.overdue]), [['pm-sq005', 'Add lens data to the camera export', '2027-01-15', true]]);
    assert.deepEqual(layout.openActions, [], 'the done action of lou is not listed');

    assert.deepEqual(ids(comp.awaitingReview), ['layout-to-comp-sq020']);
    assert.deepEqual(ids(comp.blocked), ['comp-to-layout-ref']);
    assert.deepEqual(ids(comp.atRisk), [], 'blocked is its own section');
    assert.deepEqual(comp.risksForReview.map((risk) => [risk.risk, risk.reviewBy]), [['r-never', undefined]]);
    assert.equal(comp.leadName, 'Cal Moss');

    assert.equal(status.touchpoints.length, 1);
    const [touchpoint] = status.touchpoints;
    assert.equal(touchpoint.handoff, 'layout-to-anim-sq010');
    assert.deepEqual(
      touchpoint.who.map((person) => [person.id, person.roles]),
      [
        ['lou', ['from lead', 'contact']],
        ['ana', ['to lead']],
        ['pat', ['owner']],
      ],
    );
    assert.deepEqual(touchpoint.doneWhen, ['All 12 shots of sq010 delivered with cameras']);
    assert.deepEqual(touchpoint.risks.map((risk) => risk.id), ['r-cams']);
    assert.equal(status.hasJournal, true);
  });

  it('prints the golden markdown, ready to paste into a chat channel', () => {
    const run = handoff('status', FIXTURE, '--today', TODAY, '--format', 'markdown');
    assert.equal(run.status, 0, run.stderr);
    if (process.env.HANDOFF_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, run.stdout);
    assert.equal(run.stdout, readFileSync(GOLDEN, 'utf8'));
    // Each section title a paragraph of its own: never on the line right after a list item,
    // where markdown reads it as the end of that item ("… · accepted **Late (1)**").
    const lines = run.stdout.split('\n');
    const titles = lines.flatMap((line, i) => (/^\*\*[A-Z].* \(\d+\)\*\*$/.test(line) ? [i] : []));
    assert.ok(titles.length >= 8, `${titles.length} section titles`);
    for (const i of titles) assert.equal(lines[i - 1], '', `"${lines[i]}" follows "${lines[i - 1]}"`);
  });

  it('prints long department names whole in the text output', () => {
    const run = handoff('status', FIXTURE, '--today', TODAY);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Status of statusprod (Status Fixture), week 2027-W03 (2027-01-18 to 2027-01-24), as of 2027-01-20');
    assert.ok(lines.includes('#comp · Compositing and Final Colour Finishing Department, lead Cal Moss'), run.stdout);
    assert.ok(lines.includes('    Who: Lou Lane (from lead, contact); Ana Ruiz (to lead); Pat Kim (owner)'), run.stdout);
  });

  it('takes another week or a from..to period', () => {
    // 2027-W04 = Mon 01-25 .. Sun 01-31: in #anim sq040 (01-26) then sq010 (01-29); in #comp the ref (01-29).
    const next = summary('--week', '2027-W04');
    assert.deepEqual(next.period, { from: '2027-01-25', to: '2027-01-31', label: '2027-W04' });
    assert.deepEqual(
      next.channels.flatMap((channel) => ids(channel.due)),
      ['anim-to-comp-sq040', 'anim-to-comp-sq010', 'comp-to-layout-ref'],
    );
    // anim-to-comp-sq010 is critical and due 01-29: the touchpoint of that week.
    assert.deepEqual(ids(next.touchpoints), ['anim-to-comp-sq010']);
    // A period of one day, Friday 01-22: only sq030 is due; r-cams (review by 01-19) is still listed.
    const day = summary('--from', '2027-01-22', '--to', '2027-01-22');
    assert.equal(day.period.label, '2027-01-22..2027-01-22');
    assert.deepEqual(day.channels.flatMap((channel) => ids(channel.due)), ['anim-to-comp-sq030']);
    assert.deepEqual(day.touchpoints, []);
  });

  it('refuses a malformed week and a reversed period', () => {
    const week = handoff('status', FIXTURE, '--today', TODAY, '--week', '2027-03');
    assert.equal(week.status, 2);
    assert.match(week.stderr, /--week '2027-03' is not an ISO week; write it as YYYY-Www/);
    const reversed = handoff('status', FIXTURE, '--today', TODAY, '--from', '2027-01-22', '--to', '2027-01-18');
    assert.equal(reversed.status, 2);
    assert.match(reversed.stderr, /--from 2027-01-22 is after --to 2027-01-18/);
  });

  it('reads ISO weeks at year ends', () => {
    // 2026 starts on a Thursday, so it has 53 weeks; W53 runs Mon 2026-12-28 .. Sun 2027-01-03.
    const w53 = isoWeek('2026-W53')!;
    assert.deepEqual([formatDate(w53.from), formatDate(w53.to)], ['2026-12-28', '2027-01-03']);
    assert.equal(isoWeek('2027-W53'), undefined, '2027 has 52 weeks');
    assert.equal(isoWeekOf(parseDate('2027-01-03')!).label, '2026-W53');
    assert.equal(isoWeekOf(parseDate('2027-01-04')!).label, '2027-W01');
  });
});
