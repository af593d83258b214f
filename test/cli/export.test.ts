// `handoff export` on the status fixture (test/fixtures/status): a golden file
// per target, each read back by an independent parser — csv-parse for the
// CSVs, node-ical for the iCalendar — with the row count and the dates of the
// schedule (start and due of each handoff, worked out in status.test.ts).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import * as nodeIcal from 'node-ical';
import { ensureCliBundle, handoff, handoffIn, ROOT, withTempFolder } from './cliProcess';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'status');
const TODAY = '2027-01-20';
const GOLDEN = path.join(ROOT, 'test', 'cli', 'golden', 'export');

// Start and due of every handoff of the fixture, as the schedule has them.
const DATES: Record<string, [string, string]> = {
  'layout-to-anim-sq010': ['2027-01-11', '2027-01-19'],
  'anim-to-comp-sq010': ['2027-01-22', '2027-01-29'],
  'layout-to-comp-sq020': ['2027-01-04', '2027-01-08'],
  'anim-to-comp-sq030': ['2027-01-11', '2027-01-22'],
  'comp-to-layout-ref': ['2027-01-18', '2027-01-29'],
  'layout-to-anim-sq050': ['2027-01-11', '2027-01-20'],
  'anim-to-comp-sq040': ['2027-01-18', '2027-01-26'],
};

/** Runs the export into a temp folder and returns every file written, by name. */
function exported(...args: string[]): Record<string, string> {
  return withTempFolder('handoff-export-', (folder) => {
    const run = handoffIn(folder, 'export', FIXTURE, '--today', TODAY, ...args);
    assert.equal(run.status, 0, run.stderr);
    const files: Record<string, string> = {};
    for (const name of readdirSync(folder)) files[name] = readFileSync(path.join(folder, name), 'utf8');
    return files;
  });
}

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  // Review the diff of a golden file line by line before committing it.
  if (process.env.HANDOFF_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from its golden file`);
}

const vevents = (text: string): nodeIcal.VEvent[] =>
  Object.values(nodeIcal.sync.parseICS(text)).filter((entry): entry is nodeIcal.VEvent => entry !== undefined && entry.type === 'VEVENT');

const records = (text: string): Record<string, string>[] => parse(text, { columns: true, skip_empty_lines: true });

describe('handoff export', () => {
  before(ensureCliBundle);

  it('writes ShotGrid task CSVs with the dependencies beside them', () => {
    const files = exported('--to', 'shotgrid');
    assert.deepEqual(Object.keys(files).sort(), ['shotgrid-tasks-dependencies.csv', 'shotgrid-tasks.csv']);
    golden('shotgrid-tasks.csv', files['shotgrid-tasks.csv']);
    golden('shotgrid-tasks-dependencies.csv', files['shotgrid-tasks-dependencies.csv']);
    const rows = records(files['shotgrid-tasks.csv']);
    assert.equal(rows.length, 7);
    for (const row of rows) assert.deepEqual([row['Start Date'], row['Due Date']], DATES[row['Task Name']], row['Task Name']);
    const byName = new Map(rows.map((row) => [row['Task Name'], row]));
    assert.equal(byName.get('comp-to-layout-ref')!.Status, 'hld');
    assert.equal(byName.get('layout-to-anim-sq050')!.Status, 'fin');
    assert.equal(byName.get('comp-to-layout-ref')!['Pipeline Step'], 'Compositing and Final Colour Finishing Department');
    assert.deepEqual(records(files['shotgrid-tasks-dependencies.csv']).map((row) => [row['Task Name'], row['Upstream Task Name']]), [['anim-to-comp-sq010', 'layout-to-anim-sq010']]);
  });

  it('writes a Kitsu shot CSV with one status column per task type, dates in the schedule file', () => {
    const files = exported('--to', 'kitsu');
    golden('kitsu-shots.csv', files['kitsu-shots.csv']);
    golden('kitsu-shots-dependencies.csv', files['kitsu-shots-dependencies.csv']);
    const rows = records(files['kitsu-shots.csv']);
    assert.equal(rows.length, 7);
    const sq030 = rows.find((row) => row.Name === 'anim-to-comp-sq030')!;
    assert.equal(sq030.Animation, 'retake');
    assert.equal(sq030.Layout, '', 'only its own task type is filled');
    const schedule = records(files['kitsu-shots-dependencies.csv']);
    assert.equal(schedule.length, 7);
    for (const row of schedule) assert.deepEqual([row['Start date'], row['Due date']], DATES[row.Name], row.Name);
    assert.equal(schedule.find((row) => row.Name === 'anim-to-comp-sq010')!['Depends on'], 'layout-to-anim-sq010');
  });

  it('writes ftrack task CSVs', () => {
    const files = exported('--to', 'ftrack');
    golden('ftrack-tasks.csv', files['ftrack-tasks.csv']);
    golden('ftrack-tasks-dependencies.csv', files['ftrack-tasks-dependencies.csv']);
    const rows = records(files['ftrack-tasks.csv']);
    assert.equal(rows.length, 7);
    for (const row of rows) assert.deepEqual([row['Start date'], row['Due date']], DATES[row.Name], row.Name);
    assert.equal(rows.find((row) => row.Name === 'layout-to-comp-sq020')!.Status, 'Pending review');
    assert.equal(rows.find((row) => row.Name === 'layout-to-anim-sq010')!.Assignees, 'lou@example.com');
  });

  it('writes a plain CSV with the late and at-risk flags', () => {
    const files = exported('--to', 'csv');
    golden('handoffs.csv', files['handoffs.csv']);
    const rows = records(files['handoffs.csv']);
    assert.equal(rows.length, 7);
    for (const row of rows) assert.deepEqual([row.start, row.due], DATES[row.handoff], row.handoff);
    assert.deepEqual(rows.filter((row) => row.late === 'true').map((row) => row.handoff), ['layout-to-comp-sq020']);
    assert.deepEqual(
      rows.filter((row) => row.at_risk === 'true').map((row) => row.handoff),
      ['layout-to-anim-sq010', 'comp-to-layout-ref', 'anim-to-comp-sq040'],
    );
  });

  it('writes an iCalendar of dues, review ends and milestones that a calendar parser reads', () => {
    const files = exported('--to', 'ics');
    golden('handoffs.ics', files['handoffs.ics']);
    const events = vevents(files['handoffs.ics']);
    // 7 dues, 7 review ends (every buffer is 2 days, so ready ≠ due), 1 milestone.
    assert.equal(events.length, 15);
    const day = (event: nodeIcal.VEvent) => {
      const start = event.start as Date;
      return `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
    };
    for (const [id, [, due]] of Object.entries(DATES)) {
      const event = events.find((entry) => entry.uid === `${id}-due@statusprod.handoff`);
      assert.ok(event, id);
      assert.equal(event.datetype, 'date');
      assert.equal(day(event), due, id);
    }
    const review = events.find((entry) => entry.uid === 'layout-to-anim-sq010-review@statusprod.handoff')!;
    assert.equal(day(review), '2027-01-21');
    const lock = events.find((entry) => entry.uid === 'lock-milestone@statusprod.handoff')!;
    assert.equal(lock.summary, 'Milestone: Lock');
    assert.equal(day(lock), '2027-02-02');
  });

  it('writes one calendar per department on request', () => {
    const files = exported('--to', 'ics', '--per-department', '--out', 'plan.ics');
    assert.deepEqual(Object.keys(files).sort(), ['plan-anim.ics', 'plan-comp.ics', 'plan-layout.ics', 'plan.ics']);
    const uids = (name: string) =>
      vevents(files[name])
        .map((event) => event.uid)
        .filter((uid) => uid.endsWith('-due@statusprod.handoff'))
        .sort();
    // comp delivers comp-to-layout-ref and receives sq010, sq020, sq030 and sq040.
    assert.deepEqual(uids('plan-comp.ics'), [
      'anim-to-comp-sq010-due@statusprod.handoff',
      'anim-to-comp-sq030-due@statusprod.handoff',
      'anim-to-comp-sq040-due@statusprod.handoff',
      'comp-to-layout-ref-due@statusprod.handoff',
      'layout-to-comp-sq020-due@statusprod.handoff',
    ]);
  });

  it('refuses an unknown target with the list of targets', () => {
    const run = handoff('export', 'test/fixtures/status', '--to', 'kitzu', '--today', TODAY);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown --to 'kitzu'; did you mean 'kitsu'\? Targets: shotgrid, kitsu, ftrack, ics, csv/);
  });
});
