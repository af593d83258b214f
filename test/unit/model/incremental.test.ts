// An edit re-expands and re-checks only what it can change (a step's
// instances, a unit's instances, what is downstream of a moved asap
// upstream). Each test edits one workspace step by step and compares it,
// after every step, with a fresh workspace of the same texts: the same
// diagnostics (places, messages, related locations) and the same schedule.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatDate } from '../../../server/src/core/calendar';
import type { Workspace } from '../../../server/src/core/workspace';
import { RULES } from '../../../server/src/core/rules';
import { resultsOf, uriOf, workspaceOf } from '../../harness';

const BREAKDOWN = [
  'units:',
  '  - { id: ep101, kind: episode }',
  '  - { id: ep102, kind: episode }',
  '  - { id: ep101_0010, kind: shot, parent: ep101, frames: 1001-1096, vendor: northlight }',
  'import:',
  '  - { csv: editorial/shots.csv, kind: shot, parent: ep101, columns: { id: Shot, parent: Episode, frames_in: In, frames_out: Out, vendor: Vendor } }',
].join('\n');

const ROWS = [
  'ep101_0020,ep101,1001,1050,northlight',
  'ep101_0030,ep101,1001,1040,northlight',
  'ep102_0010,ep102,1001,1070,northlight',
  'ep102_0020,ep102,1001,1030,harbour',
];

const csvOf = (rows: readonly string[]) => `Shot,Episode,In,Out,Vendor\r\n${rows.join('\r\n')}\r\n`;

// fx is due Thu 01-14 (ready Mon 01-18 after 2 review days); comp starts asap after it.
const CHAIN = [
  'chains:',
  '  - chain: northlight-shots',
  '    for_each: { kind: shot, where: { vendor: northlight } }',
  '    steps:',
  '      - step: fx',
  '        from: fx',
  '        to: comp',
  '        owner: ben',
  '        contact: chloe',
  '        due: 2027-01-14',
  '        done_when:',
  '          - FX elements for {unit} delivered',
  '      - step: comp',
  '        from: comp',
  '        to: fx',
  '        owner: ben',
  '        contact: chloe',
  '        depends_on: [fx]',
  '        start: asap',
  '        work: 3',
  '        feeds: picture-lock',
  '        done_when:',
  '          - Comp of {unit} in {episode} looks good in dailies',
  '      - step: review',
  '        from: fx',
  '        to: comp',
  '        owner: ben',
  '        contact: chloe',
  '        depends_on: [comp]',
  '        start: asap',
  '        work: 1',
  '        done_when:',
  '          - Notes on {unit} are written down',
].join('\n');

// Downstream of one comp instance with an explicit start: comp-ep101_0020 (3 days from Tue 01-19)
// is ready Mon 01-25, so a start on Tue 01-26 is the first allowed day; any later comp makes it a conflict.
const GRADE = [
  'handoffs:',
  '  - id: grade-ep101',
  '    from: comp',
  '    to: fx',
  '    owner: ben',
  '    contact: chloe',
  '    start: 2027-01-26',
  '    due: 2027-01-27',
  '    depends_on: [comp-ep101_0020]',
  '    done_when:',
  '      - The grade of ep101 is approved by ben',
].join('\n');

interface Texts {
  chain: string;
  breakdown: string;
  grade: string;
  csv: string;
}

const START: Texts = { chain: CHAIN, breakdown: BREAKDOWN, grade: GRADE, csv: csvOf(ROWS) };

function fresh(texts: Texts): Workspace {
  const workspace = workspaceOf({ 'show.breakdown.yaml': texts.breakdown, 'shots.handoff.yaml': texts.chain, 'grade.handoff.yaml': texts.grade });
  workspace.setImport(uriOf('editorial/shots.csv'), { text: texts.csv });
  return workspace;
}

/** Applies the texts that differ to a live workspace, as an editor and a file watcher would. */
function edit(workspace: Workspace, from: Texts, to: Texts, version: number): void {
  if (from.chain !== to.chain) workspace.setFile(uriOf('shots.handoff.yaml'), to.chain, version);
  if (from.breakdown !== to.breakdown) workspace.setFile(uriOf('show.breakdown.yaml'), to.breakdown, version);
  if (from.grade !== to.grade) workspace.setFile(uriOf('grade.handoff.yaml'), to.grade, version);
  if (from.csv !== to.csv) workspace.setImport(uriOf('editorial/shots.csv'), { text: to.csv });
}

/** What a user sees: every diagnostic, and every handoff's dates, slack and links; conflicts, overruns, milestones. */
function snapshot(workspace: Workspace): { results: string[]; schedule: string[] } {
  const results = resultsOf(workspace).map((r) => JSON.stringify(r)).sort();
  const production = workspace.productions()[0];
  const day = (value: number | undefined) => (value === undefined ? '-' : formatDate(value));
  const schedule = production.schedule;
  const lines = [...schedule.handoffs.values()].map(
    (h) => `${h.id} ${day(h.start)} ${day(h.due)} ${day(h.ready)} slack ${h.slack ?? '-'}${h.critical ? ' critical' : ''} up ${h.upstream.join(',')} down ${h.downstream.join(',')}`,
  );
  lines.sort();
  for (const c of schedule.conflicts) lines.push(`conflict ${c.handoff} ${c.upstream} ${c.missingWorkingDays} ${day(c.earliestStart)}`);
  for (const o of schedule.overruns) lines.push(`overrun ${o.handoff} ${o.milestone} ${o.lateWorkingDays}`);
  for (const m of schedule.milestones) lines.push(`milestone ${m.id} ${m.feeder ?? '-'} ${m.slack ?? '-'} ${m.chain.join(',')}`);
  const problems = production.scheduleProblems;
  for (const c of problems.conflicts) lines.push(`problem conflict ${c.handoff} ${c.upstream} ${c.missingWorkingDays}`);
  for (const o of problems.overruns) lines.push(`problem overrun ${o.handoff} ${o.milestone} ${o.lateWorkingDays}`);
  return { results, schedule: lines };
}

/** Edits one workspace through `steps`, checking it against a fresh workspace after each; returns the results of each step. */
function replay(steps: ((texts: Texts) => Texts)[], start: Texts = START): string[][] {
  let texts = start;
  const live = fresh(texts);
  const seen: string[][] = [snapshot(live).results];
  steps.forEach((step, k) => {
    const next = step(texts);
    edit(live, texts, next, k + 2);
    texts = next;
    const incremental = snapshot(live);
    const scratch = snapshot(fresh(texts));
    assert.deepEqual(incremental.results, scratch.results, `diagnostics after step ${k + 1}`);
    assert.deepEqual(incremental.schedule, scratch.schedule, `schedule after step ${k + 1}`);
    seen.push(incremental.results);
  });
  return seen;
}

const rules = (results: string[]) => results.map((r) => (JSON.parse(r) as { rule: string; file: string; line: number; column: number }))
  .map((r) => `${r.rule} ${r.file}:${r.line}:${r.column}`);

describe('incremental re-expansion and re-scheduling', () => {
  it("changing a step's work gives what a fresh analysis gives, and the downstream conflict follows", () => {
    const comp = (work: number) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(/work: \d\n        feeds/, `work: ${work}\n        feeds`) });
    const seen = replay([comp(4), comp(3), comp(5), comp(3)]);
    // comp 3 days: grade starts on its first allowed day; 4 or 5 days: a conflict at the grade's start (line 7).
    const conflicts = seen.map((results) => rules(results).filter((r) => r.startsWith('schedule-conflict')));
    assert.deepEqual(conflicts, [[], ['schedule-conflict grade.handoff.yaml:7:12'], [], ['schedule-conflict grade.handoff.yaml:7:12'], []]);
    // The vague done_when of comp is one finding for all its instances, at the phrase, in every version.
    for (const results of seen) assert.deepEqual(rules(results).filter((r) => r.startsWith('vague-criterion')), ['vague-criterion shots.handoff.yaml:23:41']);
  });

  it('a CSV row changed, added or removed re-expands that unit and gives what a fresh analysis gives', () => {
    const rows = (change: (rows: string[]) => string[]) => (texts: Texts) => ({ ...texts, csv: csvOf(change([...ROWS])) });
    const seen = replay([
      // Frames reversed: the row is left out, a finding at the import entry.
      rows((r) => [r[0].replace('1001,1050', '1050,1001'), ...r.slice(1)]),
      rows((r) => r),
      // Another vendor: ep101_0030 leaves the chain; then a new northlight shot comes.
      rows((r) => [r[0], r[1].replace('northlight', 'harbour'), ...r.slice(2)]),
      rows((r) => [...r, 'ep102_0030,ep102,1001,1020,northlight']),
      rows((r) => r.slice(1)),
    ]);
    assert.deepEqual(rules(seen[1]).filter((r) => r.startsWith('schema')), ['schema show.breakdown.yaml:6:5']);
    assert.deepEqual(rules(seen[2]).filter((r) => r.startsWith('schema')), []);
    // Without ep101_0020 the grade names an id that is no handoff.
    assert.deepEqual(rules(seen[5]).filter((r) => r.startsWith('unknown-reference')), ['unknown-reference grade.handoff.yaml:9:18']);
  });

  it('a unit left out and back: the instances kept move, their unknown references and references to the dropped ones give what a fresh analysis gives', () => {
    // comp's owner misspelt (line 16, column 16) in every instance; review of every unit also waits on comp-ep101_0020 (line 29),
    // which is no handoff while the row of ep101_0020 is left out (its frames reversed).
    const start: Texts = {
      ...START,
      chain: CHAIN.replace(/(- step: comp\n(?:.*\n){2})        owner: ben/, '$1        owner: benn').replace('depends_on: [comp]', 'depends_on: [comp, comp-ep101_0020]'),
    };
    const rows = (change: (rows: string[]) => string[]) => (texts: Texts) => ({ ...texts, csv: csvOf(change([...ROWS])) });
    const seen = replay(
      [
        rows((r) => [r[0].replace('1001,1050', '1050,1001'), ...r.slice(1)]),
        rows((r) => r),
        // A unit in the middle left out, then one added at the end, then both back as they were.
        rows((r) => [r[0], r[1].replace('1001,1040', '1040,1001'), ...r.slice(2)]),
        rows((r) => [r[0], r[1].replace('1001,1040', '1040,1001'), ...r.slice(2), 'ep102_0030,ep102,1001,1020,northlight']),
        rows((r) => r),
      ],
      start,
    );
    // One finding per instance: how many at each place, with the unit each names in its related location.
    const unknown = seen.map((results) => {
      const found = results.map((r) => JSON.parse(r) as { rule: string; line: number; column: number; message: string }).filter((r) => r.rule === 'unknown-reference');
      const counts = new Map<string, number>();
      for (const r of found) counts.set(`${r.line}:${r.column} ${r.message.split('.')[0]}`, (counts.get(`${r.line}:${r.column} ${r.message.split('.')[0]}`) ?? 0) + 1);
      return [...counts].map(([place, n]) => `${place} ×${n}`).sort();
    });
    const owner = (n: number) => `16:16 Unknown person 'benn' ×${n}`;
    // The dropped comp-ep101_0020 named by the review of each of the 3 other units (line 29, column 28), and by the grade.
    const dropped = ["29:28 Unknown handoff 'comp-ep101_0020' ×3", "9:18 Unknown handoff 'comp-ep101_0020' ×1"];
    assert.deepEqual(unknown, [[owner(4)], [owner(3), ...dropped], [owner(4)], [owner(3)], [owner(4)], [owner(4)]]);
  });

  it('a unit added whose instances close a depends_on cycle, then left out, gives what a fresh analysis gives', () => {
    // fx of every unit waits on review-ep102_0030, which waits on comp-ep102_0030, which waits on fx-ep102_0030:
    // a cycle as soon as the unit ep102_0030 is there, none while it is not (an unknown handoff instead).
    const start: Texts = { ...START, chain: CHAIN.replace('        due: 2027-01-14\n', '        due: 2027-01-14\n        depends_on: [review-ep102_0030]\n') };
    const rows = (extra: string[]) => (texts: Texts) => ({ ...texts, csv: csvOf([...ROWS, ...extra]) });
    const seen = replay([rows(['ep102_0030,ep102,1001,1020,northlight']), rows([]), rows(['ep102_0030,ep102,1001,1020,northlight', 'ep102_0040,ep102,1001,1020,northlight']), rows(['ep102_0040,ep102,1001,1020,northlight'])], start);
    const found = seen.map((results) => [...new Set(rules(results).filter((r) => r.startsWith('dependency-cycle') || r.startsWith('unknown-reference')))].sort());
    // The cycle is reported at the fx step's depends_on entry (line 11, column 22); the unknown id at the same place.
    const cycle = ['dependency-cycle shots.handoff.yaml:11:22'];
    const unknown = ['unknown-reference shots.handoff.yaml:11:22'];
    assert.deepEqual(found, [unknown, cycle, unknown, cycle, unknown]);
  });

  it('the same shot list under a changed import entry, or under a changed parent unit, gives what a fresh analysis gives', () => {
    // Each change keeps the import entry's place and width: the rows read are the same, what they make is not.
    const entry = (from: string, to: string) => (texts: Texts) => ({ ...texts, breakdown: texts.breakdown.replace(from, to) });
    const seen = replay([
      // The vendor column mapped to another key: no imported shot is northlight's, the chain keeps the written-out one.
      entry('vendor: Vendor', 'vendoX: Vendor'),
      entry('vendoX: Vendor', 'vendor: Vendor'),
      // Another kind: the chain (for_each kind shot) selects the written-out shot alone.
      entry('kind: shot, parent: ep101, columns', 'kind: shoX, parent: ep101, columns'),
      entry('kind: shoX, parent: ep101, columns', 'kind: shot, parent: ep101, columns'),
    ]);
    const unknown = seen.map((results) => rules(results).filter((r) => r.startsWith('unknown-reference')));
    // Without comp-ep101_0020 the grade's depends_on names no handoff (line 9, column 18).
    assert.deepEqual(unknown, [[], ['unknown-reference grade.handoff.yaml:9:18'], [], ['unknown-reference grade.handoff.yaml:9:18'], []]);

    // The import entry written above the units: an episode's kind changed (same width) leaves the imported rows where they are,
    // and their {episode} token goes with the kind (comp's done_when, line 23, names it).
    const importFirst = [BREAKDOWN.split('\n').slice(4).join('\n'), ...BREAKDOWN.split('\n').slice(0, 4)].join('\n');
    const episodes = replay([entry('{ id: ep101, kind: episode }', '{ id: ep101, kind: episodX }'), entry('{ id: ep101, kind: episodX }', '{ id: ep101, kind: episode }')], { ...START, breakdown: importFirst });
    const tokens = episodes.map((results) => [...new Set(rules(results).filter((r) => r.startsWith('chain-invalid')))]);
    assert.deepEqual(tokens, [[], ['chain-invalid shots.handoff.yaml:23:13'], []]);
  });

  it('a CSV row that repeats a unit id, then changed and removed, gives what a fresh analysis gives (the unit definitions follow)', () => {
    const rows = (extra: string[]) => (texts: Texts) => ({ ...texts, csv: csvOf([...ROWS, ...extra]) });
    const seen = replay([
      // ep101_0010 is written out in the breakdown too: a duplicate id.
      rows(['ep101_0010,ep101,1001,1010,harbour']),
      rows(['ep101_0011,ep101,1001,1010,harbour']),
      rows(['ep101_0011,ep101,1001,1010,harbour', 'ep102_0020,ep102,1001,1010,harbour']),
      rows([]),
    ]);
    const duplicates = seen.map((results) => rules(results).filter((r) => r.startsWith('duplicate-id')));
    // At the import entry (line 6, column 5) that brings the second definition.
    const entry = ['duplicate-id show.breakdown.yaml:6:5'];
    assert.deepEqual(duplicates, [[], entry, [], entry, []]);
  });

  it('a shot list read by row difference gives what a fresh analysis gives: quoted commas, CRLF and LF, rows moved', () => {
    const crlf = (rows: readonly string[]) => csvOf(rows);
    const lf = (rows: readonly string[]) => `Shot,Episode,In,Out,Vendor\n${rows.join('\n')}\n`;
    const csv = (text: string) => (texts: Texts) => ({ ...texts, csv: text });
    const BAD = 'ep102_0050,ep102,10x1,1020,northlight';
    const seen = replay([
      // A quoted vendor with a comma: no longer northlight, so ep101_0030 leaves the chain (its where reads vendor).
      csv(crlf([ROWS[0], 'ep101_0030,ep101,1001,1040,"northlight, ltd"', ...ROWS.slice(2)])),
      // Back, with the first row's frames reversed in the same change.
      csv(crlf([ROWS[0].replace('1001,1050', '1050,1001'), ...ROWS.slice(1)])),
      // A bad row at the end (file line 6), then a row above it removed: its problem names line 5.
      csv(crlf([...ROWS, BAD])),
      csv(crlf([...ROWS.slice(1), BAD])),
      // The same rows with LF line ends (the whole file differs), then a row added in the middle.
      csv(lf([...ROWS.slice(1), BAD])),
      csv(lf([ROWS[1], 'ep101_0040,ep101,1001,1012,northlight', ...ROWS.slice(2), BAD])),
      // A quoted vendor across two lines (a record of two lines), then one line again.
      csv(lf([ROWS[1], 'ep101_0040,ep101,1001,1012,"north\nlight"', ...ROWS.slice(2), BAD])),
      csv(lf([ROWS[1], 'ep101_0040,ep101,1001,1012,northlight', ...ROWS.slice(2), BAD])),
      // The same with CRLF line ends, where csv-parse counts the break inside the quotes as two lines.
      csv(crlf([ROWS[1], 'ep101_0040,ep101,1001,1012,northlight', ...ROWS.slice(2), BAD])),
      csv(crlf([ROWS[1], 'ep101_0040,ep101,1001,1012,"north\r\nlight"', ...ROWS.slice(2), BAD])),
      csv(crlf([ROWS[1], 'ep101_0040,ep101,1001,1012,northlight', ...ROWS.slice(2), BAD])),
      // A quote left open, then closed again.
      csv(lf([ROWS[1], 'ep101_0040,ep101,1001,1012,"northlight', ...ROWS.slice(2), BAD])),
      csv(lf([ROWS[1], 'ep101_0040,ep101,1001,1012,northlight', ...ROWS.slice(2), BAD])),
      // The header changed: the column Out is gone.
      csv(lf([...ROWS.slice(1), BAD]).replace('Shot,Episode,In,Out,Vendor', 'Shot,Episode,In,Last,Vendor')),
      csv(lf([...ROWS.slice(1), BAD])),
    ]);
    const schema = (results: string[]) => results.map((r) => JSON.parse(r) as { rule: string; line: number; column: number; message: string }).filter((r) => r.rule === 'schema').map((r) => `${r.line}:${r.column} ${r.message}`);
    // show.breakdown.yaml line 6: "  - { csv: editorial/shots.csv, … }", the entry from column 5.
    assert.deepEqual(schema(seen[2]), ["6:5 'editorial/shots.csv' row 2, column 'Out': the frame range 1050-1001 ends before it starts; swap the frames or correct them. The row is left out."]);
    assert.deepEqual(schema(seen[3]), ["6:5 'editorial/shots.csv' row 6, column 'In': '10x1' is not a frame number; write a whole number such as 1001. The row is left out."]);
    assert.deepEqual(schema(seen[4]), ["6:5 'editorial/shots.csv' row 5, column 'In': '10x1' is not a frame number; write a whole number such as 1001. The row is left out."]);
    assert.deepEqual(schema(seen[6]), ["6:5 'editorial/shots.csv' row 6, column 'In': '10x1' is not a frame number; write a whole number such as 1001. The row is left out."]);
    assert.equal(schema(seen[12]).length, 1);
    assert.match(schema(seen[12])[0], /^6:5 'editorial\/shots.csv' is not a CSV file that can be read: /);
    assert.match(schema(seen[14])[0], /^6:5 'editorial\/shots.csv' row 1 has no column 'Out'/);
    // csv-parse counts the quoted CRLF as two lines: the bad row is on line 8 by its count, as a fresh read says.
    assert.deepEqual(schema(seen[10]), ["6:5 'editorial/shots.csv' row 8, column 'In': '10x1' is not a frame number; write a whole number such as 1001. The row is left out."]);
  });

  it('a unit added and removed in the breakdown, and text moved above the steps, give what a fresh analysis gives', () => {
    replay([
      (texts) => ({ ...texts, breakdown: texts.breakdown.replace('\nimport:', '\n  - { id: ep102_0090, kind: shot, parent: ep102, frames: 1001-1010, vendor: northlight }\nimport:') }),
      // Every step moves down two lines: spans of reused instances would be wrong.
      (texts) => ({ ...texts, chain: texts.chain.replace('    steps:', '    # the pipeline\n    # of every shot\n    steps:') }),
      (texts) => ({ ...texts, breakdown: texts.breakdown.replace(/\n  - \{ id: ep101_0010[^\n]*/, '') }),
      // An unknown token in one step only.
      (texts) => ({ ...texts, chain: texts.chain.replace('Notes on {unit}', 'Notes on {unit} for {reviewer}') }),
    ]);
  });

  it('an override added, edited and removed gives what a fresh analysis gives', () => {
    const override = (body: string | undefined) => (texts: Texts) => ({
      ...texts,
      chain: CHAIN.replace('    steps:\n', body === undefined ? '    steps:\n' : `    overrides:\n      ep101_0020:\n${body}    steps:\n`),
    });
    const seen = replay([
      // comp of ep101_0020 5 days (Tue 01-19 .. Mon 01-25, ready Wed 01-27): the grade on Tue 01-26 starts a day early.
      override('        comp: { work: 5 }\n'),
      // 2 days (.. Wed 01-20, ready Fri 01-22): the grade is clear again.
      override('        comp: { work: 2 }\n'),
      // An override of another step, and one for a step the chain does not have.
      override('        review: { work: 2 }\n        nosuch: { work: 1 }\n'),
      override(undefined),
    ]);
    const found = seen.map((results) => rules(results).filter((r) => r.startsWith('schedule-conflict') || r.startsWith('chain-invalid')));
    assert.deepEqual(found, [[], ['schedule-conflict grade.handoff.yaml:7:12'], [], ['chain-invalid shots.handoff.yaml:7:9'], []]);
  });

  it('in a chain file of 600 instances (problems kept per handoff), edits give what a fresh analysis gives', () => {
    // 201 northlight shots (one written out) × 3 steps; ep101_0020 stays the grade's upstream.
    const many = [...ROWS, ...Array.from({ length: 197 }, (_, k) => `ep102_${String(1000 + k * 10)},ep102,1001,${1010 + (k % 7)},northlight`)];
    // Review starts on a fixed day, Tue 01-26: the first allowed day after a 3-day comp, a conflict in every unit after a longer one.
    const review = CHAIN.replace('        start: asap\n        work: 1', '        start: 2027-01-26\n        work: 1');
    const big: Texts = { ...START, chain: review, csv: csvOf(many) };
    const comp = (work: number) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(/work: \d\n        feeds/, `work: ${work}\n        feeds`) });
    const rows = (change: (rows: string[]) => string[]) => (texts: Texts) => ({ ...texts, csv: csvOf(change([...many])) });
    const fxDue = (due: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(/due: 2027-01-\d\d/, `due: ${due}`) });
    const seen = replay(
      [
        comp(4),
        comp(3),
        rows((r) => [r[0].replace('1001,1050', '1050,1001'), ...r.slice(1)]),
        rows((r) => r),
        fxDue('2027-01-15'),
        fxDue('2027-01-14'),
        rows((r) => [...r.slice(0, 100), ...r.slice(101)]),
      ],
      big,
    );
    const conflicts = seen.map((results) => rules(results).filter((r) => r.startsWith('schedule-conflict')));
    const conflict = ['schedule-conflict grade.handoff.yaml:7:12', 'schedule-conflict shots.handoff.yaml:30:16'];
    assert.deepEqual(conflicts, [[], conflict, [], [], [], conflict, [], []]);
    // One finding for the review step, counting the units whose review starts too early.
    const reviewConflict = seen[1].map((r) => JSON.parse(r) as { rule: string; message: string }).find((r) => r.rule === 'schedule-conflict' && r.message.includes('units of step'));
    assert.match(reviewConflict!.message, /in 201 of 201 units of step 'review'/);
  });

  it('the units a chain selects changed while its steps stay (same count, other units, other order) give what a fresh analysis gives', () => {
    const units = (list: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(/    (for_each|units): [^\n]*/, `    units: [${list}]`) });
    const seen = replay([units('ep101_0010, ep101_0020'), units('ep101_0010, ep101_0030'), units('ep101_0030, ep101_0010'), units('ep101_0020, ep101_0010')]);
    // Without ep101_0020 the grade's upstream comp-ep101_0020 is no handoff (line 9, column 18 of the grade file).
    const unknown = seen.map((results) => rules(results).filter((r) => r.startsWith('unknown-reference')));
    assert.deepEqual(unknown, [[], [], ['unknown-reference grade.handoff.yaml:9:18'], ['unknown-reference grade.handoff.yaml:9:18'], []]);
  });

  it('a step that builds the ids of another, edited, and a written-out handoff beside the chain give what a fresh analysis gives', () => {
    const written = [
      'handoffs:',
      '  - id: comp-ep101_0030',
      '    from: comp',
      '    to: fx',
      '    owner: ben',
      '    contact: chloe',
      '    start: 2027-01-19',
      '    due: 2027-01-20',
      '    done_when:',
      '      - The written-out comp is in dailies',
    ].join('\n');
    const seen = replay([
      // review builds comp-{unit} too: every comp id is defined twice in one file.
      (texts) => ({ ...texts, chain: texts.chain.replace('      - step: review\n', '      - step: review\n        id: comp-{unit}\n') }),
      // The duplicates rebuilt, the comp instances kept.
      (texts) => ({ ...texts, chain: texts.chain.replace('        work: 1\n', '        work: 2\n') }),
      (texts) => ({ ...texts, chain: texts.chain.replace('        id: comp-{unit}\n', '') }),
      // A handoff written out above the chain with an instance's id, then its dates moved, then the steps edited under it.
      (texts) => ({ ...texts, chain: `${written}\n${texts.chain}` }),
      (texts) => ({ ...texts, chain: texts.chain.replace('    due: 2027-01-20', '    due: 2027-01-21') }),
      (texts) => ({ ...texts, chain: texts.chain.replace(/work: \d\n        feeds/, 'work: 4\n        feeds') }),
      (texts) => ({ ...texts, chain: CHAIN }),
    ]);
    const duplicates = seen.map((results) => rules(results).filter((r) => r.startsWith('duplicate-id')).length);
    // 4 comp ids twice (one diagnostic per definition, grouped by step: 2 per step), none without the id; the written-out one clashes with one instance.
    assert.deepEqual(duplicates.map((n) => n > 0), [false, true, true, false, true, true, true, false]);
  });

  it('unknown references in steps kept and in steps rebuilt give what a fresh analysis gives', () => {
    const review = (from: string, to: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(`      - step: review\n${from}`, `      - step: review\n${to}`) });
    const seen = replay([
      // review's delivering department misspelt (line 25, column 15), then comp's work edited: review's instances are kept.
      review('        from: fx', '        from: fxx'),
      (texts) => ({ ...texts, chain: texts.chain.replace(/work: \d\n        feeds/, 'work: 4\n        feeds') }),
      // review rebuilt with its owner misspelt too (line 27, column 16), then both fixed.
      review('        from: fxx\n        to: comp\n        owner: ben', '        from: fxx\n        to: comp\n        owner: benn'),
      review('        from: fxx\n        to: comp\n        owner: benn', '        from: fx\n        to: comp\n        owner: ben'),
    ]);
    // Where they are reported (one per instance: the four northlight shots).
    const unknown = seen.map((results) => [...new Set(rules(results).filter((r) => r.startsWith('unknown-reference')))]);
    const from = 'unknown-reference shots.handoff.yaml:25:15';
    const owner = 'unknown-reference shots.handoff.yaml:27:16';
    assert.deepEqual(unknown, [[], [from], [from], [from, owner], []]);
  });

  it('the files naming a department follow the steps rebuilt: a chain file still naming it in steps kept stays listed', () => {
    const review = (from: string, to: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(`      - step: review\n${from}`, `      - step: review\n${to}`) });
    const shots = uriOf('shots.handoff.yaml');
    const naming = (workspace: Workspace, id: string) => [...workspace.productions()[0].referencingFiles('department', id)].sort();
    // review's instances name fx as their delivering department, and so do fx's; then review's name fxx, then fx again.
    const steps = [review('        from: fx', '        from: fxx'), review('        from: fxx', '        from: fx')];
    let texts = START;
    const live = fresh(texts);
    snapshot(live);
    // The index is made before the edits, which update it (only review's instances are rebuilt).
    assert.ok(naming(live, 'fx').includes(shots));
    steps.forEach((step, k) => {
      const next = step(texts);
      edit(live, texts, next, k + 2);
      texts = next;
      resultsOf(live);
      assert.ok(naming(live, 'fx').includes(shots), `the fx step's instances still name fx after step ${k + 1}`);
      for (const id of ['fx', 'fxx', 'comp']) assert.deepEqual(naming(live, id), naming(fresh(texts), id), `${id} after step ${k + 1}`);
    });
    assert.ok(!naming(live, 'fxx').includes(shots), 'no step names fxx at the end');
  });

  it("a step's depends_on changed in place (a cycle across steps made and undone) gives what a fresh analysis gives", () => {
    const fxAfter = (upstream: string | undefined) => (texts: Texts) => ({
      ...texts,
      chain: CHAIN.replace('        due: 2027-01-14\n', upstream === undefined ? '        due: 2027-01-14\n' : `        due: 2027-01-14\n        depends_on: [${upstream}]\n`),
    });
    const seen = replay([fxAfter('review'), fxAfter('comp'), fxAfter(undefined)]);
    const cycles = seen.map((results) => rules(results).some((r) => r.startsWith('dependency-cycle')));
    assert.deepEqual(cycles, [false, true, true, false]);
  });

  it("a step's work or review_buffer changed alone, or with more, gives what a fresh analysis gives", () => {
    const set = (from: RegExp | string, to: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(from, to) });
    const compWork = (text: string) => set(/work: [^\n]*\n        feeds/, `work: ${text}\n        feeds`);
    const seen = replay([
      // comp's owner misspelt (line 16, column 16): its instances carry the unknown reference through the work edits below.
      set(/(- step: comp\n(?:.*\n){2})        owner: ben/, '$1        owner: benn'),
      // The same width (the instances before, with new dates), a wider one, and the wider one again.
      compWork('4'),
      compWork('10'),
      compWork('12'),
      // work and owner at once: the owner is read again.
      (texts) => compWork('3')(set('owner: benn', 'owner: ben')(texts)),
      // review_buffer added to comp, then changed alone (4 days: comp ready later, the grade conflicts; 1 day: ready earlier).
      set('        start: asap\n        work: 3', '        start: asap\n        review_buffer: 2\n        work: 3'),
      set('review_buffer: 2', 'review_buffer: 4'),
      set('review_buffer: 4', 'review_buffer: 1'),
      set('owner: ben\n        contact: chloe\n        depends_on: [fx]', 'owner: benn\n        contact: chloe # ab\n        depends_on: [fx]'),
      // work changed, and a space added above the owner and a character taken from the comment below it:
      // work's value stays where it was, the owner's moves by one (same line and column, one character further).
      (texts) => compWork('4')(set('# ab', '# a')(set('- step: comp\n        from: comp', '- step: comp\n        from:  comp')(texts))),
      // review's work, the last step, on which no other handoff depends.
      set(/work: 1\n/, 'work: 2\n'),
    ]);
    const found = seen.map((results) => [...new Set(rules(results).filter((r) => r.startsWith('schedule-conflict') || r.startsWith('unknown-reference')))].sort());
    const owner = 'unknown-reference shots.handoff.yaml:16:16';
    const grade = 'schedule-conflict grade.handoff.yaml:7:12';
    // fx is ready Mon 01-18, comp starts Tue 01-19. 3 days, 2 review days: ready Mon 01-25, the grade's start on Tue 01-26 is clear.
    // 4, 10 or 12 days, or 3 days with 4 review days (ready Wed 01-27), are not; 3 or 4 days with 1 review day (ready Fri 01-22 or Mon 01-25) are.
    assert.deepEqual(found, [[], [owner], [grade, owner], [grade, owner], [grade, owner], [], [], [grade], [], [owner], [owner], [owner]]);
  });

  it('no one-file rule reads work or review_buffer: a retouched instance keeps the findings of the one before', () => {
    // A step whose work or review_buffer alone changed keeps its instances' one-file findings (their chunks stay);
    // a one-file rule that read either field would need them found again.
    const rulesDir = path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'core', 'rules');
    const fileRules = RULES.filter((rule) => rule.checkFile);
    assert.ok(fileRules.some((rule) => rule.id === 'vague-criterion'), 'the one-file rules are found');
    const readers = fileRules.filter((rule) => /\.(work|reviewBuffer)\b|\b(work|reviewBuffer)\s*[,}]/.test(readFileSync(path.join(rulesDir, `${rule.id}.ts`), 'utf8')));
    assert.deepEqual(readers.map((rule) => rule.id), []);
  });

  it('what the warm-up builds ahead (dates, referrers of units), with an edit between its steps, gives what a fresh analysis gives', () => {
    const sizes = { filesPerStep: 1, handoffsPerStep: 3 };
    // The grade names its shot (a unit reference). comp 4 days, then fx due Wed 01-13 (ready Fri 01-15): every asap date
    // downstream moves a day earlier; and the grade's shot leaves the shot list (its frames reversed): its unit is unknown.
    const start: Texts = { ...START, grade: GRADE.replace('    depends_on:', '    unit: ep101_0020\n    depends_on:') };
    const comp4 = CHAIN.replace(/work: \d\n        feeds/, 'work: 4\n        feeds');
    const last: Texts = { ...start, chain: comp4.replace('due: 2027-01-14', 'due: 2027-01-13'), csv: csvOf([ROWS[0].replace('1001,1050', '1050,1001'), ...ROWS.slice(1)]) };
    const warm = fresh(start);
    snapshot(warm);
    let total = 0;
    for (const step of warm.warmUpSteps(sizes)) {
      step();
      total++;
    }
    assert.ok(total > 10, `the warm-up takes ${total} steps`);
    const scratch = snapshot(fresh(last));
    assert.ok(rules(scratch.results).includes('unknown-reference grade.handoff.yaml:9:11'), 'the unit the grade names is unknown');
    for (let cut = 0; cut <= total; cut += 2) {
      const live = fresh(start);
      snapshot(live);
      const steps = live.warmUpSteps(sizes);
      for (let k = 0; k < cut; k++) steps.next().value?.();
      live.setFile(uriOf('shots.handoff.yaml'), comp4, 2);
      resultsOf(live);
      for (const step of steps) step();
      edit(live, { ...start, chain: comp4 }, last, 3);
      assert.deepEqual(snapshot(live), scratch, `an edit after ${cut} of ${total} warm-up steps`);
    }
  });

  it('an asap upstream moved moves everything downstream of it, and only that', () => {
    const fxDue = (due: string) => (texts: Texts) => ({ ...texts, chain: texts.chain.replace(/due: 2027-01-\d\d/, `due: ${due}`) });
    const seen = replay([fxDue('2027-01-13'), fxDue('2027-01-15'), fxDue('2027-01-14'), (texts) => ({ ...texts, grade: texts.grade.replace('start: 2027-01-26', 'start: 2027-01-25') })]);
    // fx due Fri 01-15: ready Tue 01-19, comp Wed 01-20 .. Fri 01-22, ready Tue 01-26: the grade on 01-26 is a day early.
    assert.deepEqual(rules(seen[2]).filter((r) => r.startsWith('schedule-conflict')), ['schedule-conflict grade.handoff.yaml:7:12']);
    assert.deepEqual(rules(seen[4]).filter((r) => r.startsWith('schedule-conflict')), ['schedule-conflict grade.handoff.yaml:7:12']);
  });
});
