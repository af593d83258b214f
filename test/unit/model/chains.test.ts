import * as assert from 'node:assert/strict';
import { formatDate } from '../../../server/src/core/calendar';
import { hover } from '../../../server/src/core/features/hover';
import { scheduleView } from '../../../server/src/core/features/scheduleView';
import type { Workspace } from '../../../server/src/core/workspace';
import { fixtureFiles, resultsOf, uriOf, where, workspaceOf, type Result } from '../../harness';

// January 2027: Mon 11 .. Fri 15 | Mon 18 .. Fri 22 | Mon 25 .. Fri 29. The base fixture's
// fx-to-comp-sq010 is due Fri 01-22 with 2 review days: ready Tue 01-26.
const BREAKDOWN = [
  'units:', //                                                                                  1
  '  - { id: ep101, kind: episode }', //                                                        2
  '  - { id: ep102, kind: episode }', //                                                        3
  '  - { id: ep101_0010, kind: shot, parent: ep101, frames: 1001-1096, vendor: northlight }', // 4
  'import:', //                                                                                 5
  '  - { csv: editorial/shots.csv, kind: shot, parent: ep101, columns: { id: Shot, frames_in: In, frames_out: Out, vendor: Vendor } }', // 6
].join('\n');

// A BOM, CRLF line ends, a quoted comma in a column nobody maps, a shot of another vendor.
const CSV = '\ufeffShot,In,Out,Vendor,Note\r\nep101_0020,1001,1050,northlight,"long, slow"\r\nep101_0030,1001,1040,other,\r\n';

const CHAIN = [
  'chains:', //                                        1
  '  - chain: northlight-shots', //                    2
  '    for_each: { kind: shot, where: { vendor: northlight } }', // 3
  '    steps:', //                                     4
  '      - step: fx', //                               5
  '        from: fx', //                               6
  '        to: comp', //                               7
  '        owner: ben', //                             8
  '        contact: chloe', //                         9
  '        due: 2027-01-14', //                        10  Thu; + 2 review days: ready Mon 01-18
  '        done_when:', //                             11
  '          - FX elements for {unit} delivered', //   12
  '      - step: comp', //                             13
  '        from: comp', //                             14
  '        to: fx', //                                 15
  '        owner: ben', //                             16
  '        contact: chloe', //                         17
  '        depends_on: [fx]', //                       18
  '        start: asap', //                            19
  '        work: 3', //                                20
  '        feeds: picture-lock', //                    21
  '        done_when:', //                             22
  '          - Comp of {unit} in {episode} approved by the VFX supervisor in dailies', // 23
].join('\n');

function showWith(changes: Record<string, string | null> = {}, csv: string | null = CSV): Workspace {
  const workspace = workspaceOf({ 'show.breakdown.yaml': BREAKDOWN, 'shots.handoff.yaml': CHAIN, ...changes });
  if (csv !== null) workspace.setImport(uriOf('editorial/shots.csv'), { text: csv });
  return workspace;
}

function results(workspace: Workspace): Result[] {
  return resultsOf(workspace).filter((r) => r.suppressed === undefined);
}

function datesOf(workspace: Workspace, id: string): string {
  const handoff = workspace.productions()[0].schedule.handoffs.get(id);
  assert.ok(handoff, `no handoff ${id}`);
  const show = (day: number | undefined) => (day === undefined ? '?' : formatDate(day));
  return `${show(handoff.start)} → ${show(handoff.due)} ready ${show(handoff.ready)}`;
}

const chainWith = (find: string, replace: string) => ({ 'shots.handoff.yaml': CHAIN.replace(find, replace) });

describe('breakdown, imports and chains', () => {
  it('builds one handoff per step for every selected unit, inline and imported, and checks clean', () => {
    const workspace = showWith();
    assert.deepEqual(results(workspace), []);
    const ids = workspace.productions()[0].handoffs.map((handoff) => handoff.id).filter((id) => id.includes('ep101'));
    // ep101_0030 is another vendor's shot: not selected.
    assert.deepEqual(ids, ['fx-ep101_0010', 'fx-ep101_0020', 'comp-ep101_0010', 'comp-ep101_0020']);
    const comp = workspace.productions()[0].handoff('comp-ep101_0020')!;
    assert.deepEqual(comp.doneWhen, ['Comp of ep101_0020 in ep101 approved by the VFX supervisor in dailies']);
    assert.deepEqual(comp.origin, { chain: 'northlight-shots', step: 'comp', unit: 'ep101_0020', node: ['chains', 0, 'steps', 1] });
    assert.deepEqual(comp.dependsOn, ['fx-ep101_0020']);
  });

  it('reads CSV cells trimmed, with the BOM, CRLF and quoted commas, and unit fields as tokens', () => {
    const workspace = showWith({}, '\ufeffShot , In,Out,Vendor\r\n ep101_0020 ,1001, 1050 ,"north,light"\r\n');
    const production = workspace.productions()[0];
    const unit = production.units.byId.get('ep101_0020')!;
    assert.deepEqual(unit.frames, { first: 1001, last: 1050 });
    assert.equal(unit.fields.vendor, 'north,light');
    // Selected by nobody now: only the inline shot is northlight.
    assert.equal(production.handoff('fx-ep101_0020'), undefined);
  });

  describe('start: asap, lag and earliest (hand-worked)', () => {
    it('starts asap on the first working day after the upstream is ready', () => {
      // fx ready Mon 01-18 → comp starts Tue 01-19; 3 days: Tue, Wed, Thu 01-21; + 2 review days: Mon 01-25.
      assert.equal(datesOf(showWith(), 'comp-ep101_0010'), '2027-01-19 → 2027-01-21 ready 2027-01-25');
    });

    it('starts after the latest of several upstreams', () => {
      // fx-to-comp-sq010 is ready Tue 01-26, later than fx (Mon 01-18): start Wed 01-27, due Fri 01-29, ready Tue 02-02.
      const workspace = showWith(chainWith('depends_on: [fx]', 'depends_on: [fx, fx-to-comp-sq010]'));
      assert.equal(datesOf(workspace, 'comp-ep101_0010'), '2027-01-27 → 2027-01-29 ready 2027-02-02');
    });

    it('moves the ready day by a negative lag', () => {
      // Ready Mon 01-18 moved by -1 working day: Fri 01-15; start the first working day after it, Mon 01-18.
      const workspace = showWith(chainWith('depends_on: [fx]', 'depends_on: [{ id: fx, lag: -1 }]'));
      assert.equal(datesOf(workspace, 'comp-ep101_0010'), '2027-01-18 → 2027-01-20 ready 2027-01-22');
      assert.deepEqual(results(workspace), []);
    });

    it('counts a lag in working days across a holiday', () => {
      // Tue 01-19 is a holiday. Ready Mon 01-18 moved by +1 working day: Wed 01-20; start Thu 01-21;
      // 3 days: Thu 21, Fri 22, Mon 25; + 2 review days: Wed 01-27.
      const production = fixtureFiles()['test.production.yaml'].replace('holidays: [2027-01-01]', 'holidays: [2027-01-01, 2027-01-19]');
      const workspace = showWith({ 'test.production.yaml': production, ...chainWith('depends_on: [fx]', 'depends_on: [{ id: fx, lag: 1 }]') });
      assert.equal(datesOf(workspace, 'comp-ep101_0010'), '2027-01-21 → 2027-01-25 ready 2027-01-27');
    });

    it('moves a lag from a non-working ready day to the N-th working day strictly before or after it', () => {
      // fx due Sat 01-16 with no review: ready Sat 01-16. Lag -1: Fri 01-15, start Mon 01-18.
      // Lag +1: Mon 01-18, start Tue 01-19.
      const fxOnSaturday = (lag: number) =>
        showWith({ 'shots.handoff.yaml': CHAIN.replace('due: 2027-01-14', 'due: 2027-01-16\n        review_buffer: 0').replace('depends_on: [fx]', `depends_on: [{ id: fx, lag: ${lag} }]`) });
      assert.match(datesOf(fxOnSaturday(-1), 'comp-ep101_0010'), /^2027-01-18 → /);
      assert.match(datesOf(fxOnSaturday(1), 'comp-ep101_0010'), /^2027-01-19 → /);
    });

    it('reports a conflict of an explicit start against the lagged ready day, and none at the first allowed day', () => {
      // Lag 2: ready Mon 01-18 moved to Wed 01-20; the first allowed start is Thu 01-21.
      const at = (start: string) =>
        showWith(chainWith('depends_on: [fx]\n        start: asap\n        work: 3', `depends_on: [{ id: fx, lag: 2 }]\n        start: ${start}\n        due: 2027-01-29`));
      assert.deepEqual(where(results(at('2027-01-21')), 'schedule-conflict'), []);
      const early = results(at('2027-01-20'));
      // One diagnostic for both units, at the step's start.
      assert.deepEqual(where(early, 'schedule-conflict'), ['shots.handoff.yaml:19:16']);
      assert.match(early.find((r) => r.rule === 'schedule-conflict')!.message, /in 2 of 2 units of step 'comp': ep101_0010, ep101_0020$/);
    });

    it('lets a later earliest bind, and the upstream on a tie', () => {
      // earliest Sat 01-23 → the next working day, Mon 01-25, is later than Tue 01-19.
      const later = showWith(chainWith('start: asap', 'start: asap\n        earliest: 2027-01-23'));
      assert.match(datesOf(later, 'comp-ep101_0010'), /^2027-01-25 → /);
      const tie = showWith(chainWith('start: asap', 'start: asap\n        earliest: 2027-01-19'));
      assert.match(datesOf(tie, 'comp-ep101_0010'), /^2027-01-19 → /);
    });

    it('reports asap with no upstream and no earliest as a schema finding at start, and takes the chain earliest', () => {
      const bare = results(showWith(chainWith('        depends_on: [fx]\n', '')));
      assert.deepEqual(where(bare, 'schema'), ['shots.handoff.yaml:18:16']);
      assert.match(bare.find((r) => r.rule === 'schema')!.message, /starts asap but has no upstream .* in 2 of 2 units/);
      const chainEarliest = showWith({ 'shots.handoff.yaml': CHAIN.replace('        depends_on: [fx]\n', '').replace('    steps:', '    earliest: 2027-02-01\n    steps:') });
      assert.deepEqual(where(results(chainEarliest), 'schema'), []);
      assert.match(datesOf(chainEarliest, 'comp-ep101_0010'), /^2027-02-01 → /);
    });
  });

  describe('findings on instances', () => {
    it('reports one diagnostic for all units of a step, at the field at fault, with the units named and their lines', () => {
      // comp is ready Mon 01-25, after a picture-lock moved to Fri 01-22.
      const production = fixtureFiles()['test.production.yaml'].replace('date: 2027-02-05', 'date: 2027-01-22');
      const found = results(showWith({ 'test.production.yaml': production }));
      // The plain handoff of the base fixture (ready Tue 01-26) is late too, on its own.
      assert.deepEqual(where(found, 'milestone-overrun'), ['shots.handoff.yaml:21:16', 'sq010.handoff.yaml:29:12']);
      const overrun = found.find((r) => r.rule === 'milestone-overrun')!;
      assert.match(overrun.message, /^Handoff 'comp-ep101_0010' is ready on 2027-01-25 .* — in 2 of 2 units of step 'comp': ep101_0010, ep101_0020$/);
      assert.deepEqual(
        overrun.related.map((r) => `${r.file}:${r.line}:${r.column}`),
        ['test.production.yaml:16:31', 'show.breakdown.yaml:4:5', 'show.breakdown.yaml:6:5'],
      );
    });

    it('names the one unit when only one instance is at fault (an override)', () => {
      // ep101_0020 takes 9 days: Tue 01-19 .. Fri 01-29, ready Tue 02-02, after picture-lock on Mon 02-01.
      const production = fixtureFiles()['test.production.yaml'].replace('date: 2027-02-05', 'date: 2027-02-01');
      const chain = `${CHAIN}\n    overrides:\n      ep101_0020: { comp: { work: 9 } }`;
      const found = results(showWith({ 'test.production.yaml': production, 'shots.handoff.yaml': chain }));
      assert.deepEqual(where(found, 'milestone-overrun'), ['shots.handoff.yaml:21:16']);
      const overrun = found.find((r) => r.rule === 'milestone-overrun')!;
      assert.match(overrun.message, /^Handoff 'comp-ep101_0020' is ready on 2027-02-02 /);
      assert.deepEqual(overrun.related.map((r) => `${r.file}:${r.line}`), ['test.production.yaml:16', 'show.breakdown.yaml:6']);
    });

    it('reports a finding on a field an override sets at the override key, apart from the other units', () => {
      // ep101_0020's comp starts Mon 01-18 (override), the day its fx is ready: too early by one
      // working day; ep101_0010 stays asap and clean.
      const chain = `${CHAIN}\n    overrides:\n      ep101_0020: { comp: { start: 2027-01-18 } }`;
      const found = results(showWith({ 'shots.handoff.yaml': chain }));
      assert.deepEqual(where(found, 'schedule-conflict'), ['shots.handoff.yaml:25:29']);
      const conflict = found.find((r) => r.rule === 'schedule-conflict')!;
      assert.match(conflict.message, /comp-ep101_0020/);
      assert.ok(conflict.related.some((r) => r.file === 'show.breakdown.yaml' && r.line === 6), JSON.stringify(conflict.related));
    });

    it('reports an instance id that clashes with a plain handoff as a duplicate', () => {
      const plain = fixtureFiles()['sq010.handoff.yaml'].replace('id: fx-to-comp-sq010', 'id: fx-ep101_0010');
      const found = results(showWith({ 'sq010.handoff.yaml': plain }));
      // The chain file comes first in model order, so the plain handoff is the second definition.
      assert.deepEqual(where(found, 'duplicate-id'), ['sq010.handoff.yaml:18:9']);
      assert.deepEqual(found.find((r) => r.rule === 'duplicate-id')!.related.map((r) => `${r.file}:${r.line}:${r.column}`), ['shots.handoff.yaml:5:15']);
    });

    it('reports a dependency cycle across units', () => {
      const cycle = chainWith('        due: 2027-01-14', '        due: 2027-01-14\n        depends_on: [comp-ep101_0010]');
      const found = results(showWith(cycle));
      assert.ok(where(found, 'dependency-cycle').length > 0);
      assert.match(found.find((r) => r.rule === 'dependency-cycle')!.message, /comp-ep101_0010/);
    });
  });

  describe('chain-invalid', () => {
    it('reports an unknown token at the text holding it, once for every unit', () => {
      const found = results(showWith(chainWith('FX elements for {unit}', 'FX elements for {vendr}')));
      assert.deepEqual(where(found, 'chain-invalid'), ['shots.handoff.yaml:12:13']);
      const finding = found.find((r) => r.rule === 'chain-invalid')!;
      assert.match(finding.message, /^Unknown token '\{vendr\}' for unit 'ep101_0010'.* in 2 of 2 units of step 'fx'/);
      assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}`), ['show.breakdown.yaml:4', 'show.breakdown.yaml:6']);
    });

    it('reports a where that selects no unit, and a listed id that is no unit', () => {
      const none = results(showWith(chainWith('vendor: northlight', 'vendor: southlight')));
      assert.deepEqual(where(none, 'chain-invalid'), ['shots.handoff.yaml:3:36']);
      const listed = results(showWith(chainWith('for_each: { kind: shot, where: { vendor: northlight } }', 'units: [ep101_0010, ep101_9999]')));
      assert.deepEqual(where(listed, 'chain-invalid'), ['shots.handoff.yaml:3:25']);
      assert.match(listed.find((r) => r.rule === 'chain-invalid')!.message, /'ep101_9999', which is no unit/);
    });

    it('reports an override for a unit not selected or a step the chain does not have, at its key', () => {
      const chain = `${CHAIN}\n    overrides:\n      ep101_0030: { comp: { work: 9 } }\n      ep101_0010: { paint: { work: 9 } }\n      ep101_0020: { comp: { work: 4 } }`;
      const found = results(showWith({ 'shots.handoff.yaml': chain }));
      assert.deepEqual(where(found, 'chain-invalid'), ['shots.handoff.yaml:25:7', 'shots.handoff.yaml:26:21']);
    });
  });

  describe('imports', () => {
    const importResults = (csv: string | null) => results(showWith({}, csv)).filter((r) => r.file === 'show.breakdown.yaml');

    it('reports a bad row at the import entry with file, row and column, and drops it', () => {
      const csv = 'Shot,In,Out,Vendor\nep101_0020,1001,abc,northlight\nep101_0030,1050,1001,northlight\nep101_0040,1001,1010,northlight\n';
      const found = importResults(csv);
      assert.deepEqual(where(found, 'schema'), ['show.breakdown.yaml:6:5', 'show.breakdown.yaml:6:5']);
      assert.deepEqual(found.map((r) => r.message), [
        "'editorial/shots.csv' row 2, column 'Out': 'abc' is not a frame number; write a whole number such as 1001. The row is left out.",
        "'editorial/shots.csv' row 3, column 'Out': the frame range 1050-1001 ends before it starts; swap the frames or correct them. The row is left out.",
      ]);
      const units = showWith({}, csv).productions()[0].units.byId;
      assert.deepEqual([...units.keys()].filter((id) => id.startsWith('ep101_')), ['ep101_0010', 'ep101_0040']);
    });

    it('reports a missing column, a missing file and a file too large, each once', () => {
      assert.match(importResults('Shot,First,Out,Vendor\nep101_0020,1,2,x\n')[0].message, /^'editorial\/shots.csv' row 1 has no column 'In' \(for frames_in\)/);
      const missing = importResults(null);
      assert.deepEqual(where(missing, 'schema'), ['show.breakdown.yaml:6:5']);
      assert.match(missing[0].message, /^Cannot read 'editorial\/shots.csv'/);
      const big = workspaceOf({ 'show.breakdown.yaml': BREAKDOWN, 'shots.handoff.yaml': CHAIN });
      big.setImport(uriOf('editorial/shots.csv'), { tooLarge: 50 * 1024 * 1024 });
      const tooLarge = results(big).filter((r) => r.file === 'show.breakdown.yaml');
      assert.equal(tooLarge.length, 1);
      assert.match(tooLarge[0].message, /is 50 MB; imported shot lists over 5 MB are not read/);
    });

    it('reports a unit id both written out and imported as a duplicate', () => {
      const found = importResults('Shot,In,Out,Vendor\nep101_0010,1001,1010,northlight\n');
      // The imported one is the second definition; the written-out one is its related location.
      assert.deepEqual(where(found, 'duplicate-id'), ['show.breakdown.yaml:6:5']);
      assert.deepEqual(found.find((r) => r.rule === 'duplicate-id')!.related.map((r) => `${r.file}:${r.line}:${r.column}`), ['show.breakdown.yaml:4:11']);
    });

    it('re-checks the production when an imported file changes', () => {
      const workspace = showWith();
      assert.ok(workspace.productions()[0].handoff('fx-ep101_0020'));
      workspace.setImport(uriOf('editorial/shots.csv'), { text: 'Shot,In,Out,Vendor\nep101_0050,1,2,northlight\n' });
      assert.equal(workspace.productions()[0].handoff('fx-ep101_0020'), undefined);
      assert.ok(workspace.productions()[0].handoff('fx-ep101_0050'));
    });
  });

  describe('per-milestone critical chains and slack (DESIGN §7.7, hand-worked)', () => {
    // Each shot's comp feeds its episode's lock; the base fixture's plain
    // handoffs feed picture-lock (Fri 02-05):
    //   fx-sim-sq010      01-04 → 01-08, ready Tue 01-12
    //   fx-to-comp-sq010  01-13 → 01-22, ready Tue 01-26 (start = first day after fx-sim is ready: it binds)
    //   fx-ep101_*        due Thu 01-14, ready Mon 01-18
    //   comp-ep101_*      asap: Tue 01-19 → Thu 01-21, ready Mon 01-25
    const LOCKS = fixtureFiles()['test.production.yaml'].replace(
      '  - { id: picture-lock, date: 2027-02-05, title: Picture lock }',
      '  - { id: picture-lock, date: 2027-02-05, title: Picture lock }\n  - { id: lock-ep101, date: 2027-01-25, title: Lock ep101, unit: ep101 }',
    );
    const perEpisode = (chain = CHAIN) => ({ 'test.production.yaml': LOCKS, 'shots.handoff.yaml': chain.replace('feeds: picture-lock', 'feeds: "lock-{parent}"') });
    const milestoneOf = (workspace: Workspace, id: string) => workspace.productions()[0].schedule.milestones.find((m) => m.id === id)!;

    it('gives every milestone its own chain and slack, not only the longest path', () => {
      const workspace = showWith(perEpisode());
      assert.deepEqual(results(workspace), []);
      // picture-lock: latest feeder fx-to-comp-sq010, ready Tue 01-26; working days after it
      // up to Fri 02-05: Wed 27, Thu 28, Fri 29, Mon 1, Tue 2, Wed 3, Thu 4, Fri 5 = 8.
      const lock = milestoneOf(workspace, 'picture-lock');
      assert.equal(lock.slack, 8);
      assert.deepEqual(lock.chain, ['fx-sim-sq010', 'fx-to-comp-sq010']);
      // lock-ep101: both comps ready Mon 01-25, a tie won by the lower id; nothing after
      // Mon 01-25 up to Mon 01-25: slack 0. comp starts Tue 01-19, the first day after
      // its fx is ready (Mon 01-18): fx binds it.
      const episode = milestoneOf(workspace, 'lock-ep101');
      assert.equal(episode.feeder, 'comp-ep101_0010');
      assert.equal(episode.slack, 0);
      assert.deepEqual(episode.chain, ['fx-ep101_0010', 'comp-ep101_0010']);
      // The longest path is still picture-lock's.
      assert.deepEqual(workspace.productions()[0].schedule.criticalPath, ['fx-sim-sq010', 'fx-to-comp-sq010']);
    });

    it('is late by the working days after the date up to the feeder ready last', () => {
      // ep101_0020's comp takes 4 days: Tue 01-19 → Fri 01-22, + 2 review days: ready Tue 01-26,
      // one working day (Tue 26) after Mon 01-25: slack -1, and its fx binds it.
      const chain = `${CHAIN}\n    overrides:\n      ep101_0020: { comp: { work: 4 } }`;
      const workspace = showWith(perEpisode(chain));
      const episode = milestoneOf(workspace, 'lock-ep101');
      assert.equal(episode.slack, -1);
      assert.deepEqual(episode.chain, ['fx-ep101_0020', 'comp-ep101_0020']);
      assert.deepEqual(where(results(workspace), 'milestone-overrun'), ['shots.handoff.yaml:21:16']);
    });

    it('ends the chain at a handoff whose earliest binds, and keeps the upstream on a tie', () => {
      // earliest Wed 01-20 is later than the first day after fx (Tue 01-19): comp runs
      // Wed 01-20 → Fri 01-22, ready Tue 01-26; slack -1 and the chain is comp alone.
      const later = showWith(perEpisode(CHAIN.replace('    for_each:', '    earliest: 2027-01-20\n    for_each:')));
      assert.equal(datesOf(later, 'comp-ep101_0010'), '2027-01-20 → 2027-01-22 ready 2027-01-26');
      assert.deepEqual(milestoneOf(later, 'lock-ep101').chain, ['comp-ep101_0010']);
      // earliest Tue 01-19 ties with fx's first allowed day: fx binds.
      const tie = showWith(perEpisode(CHAIN.replace('    for_each:', '    earliest: 2027-01-19\n    for_each:')));
      assert.deepEqual(milestoneOf(tie, 'lock-ep101').chain, ['fx-ep101_0010', 'comp-ep101_0010']);
    });

    it('gives no slack while a handoff upstream starts before its upstream is ready', () => {
      // fx-to-comp-sq010 starting Mon 01-11, before fx-sim-sq010 is ready (Tue 01-12): a conflict upstream.
      const early = fixtureFiles()['sq010.handoff.yaml'].replace('start: 2027-01-13', 'start: 2027-01-11');
      const workspace = showWith({ ...perEpisode(), 'sq010.handoff.yaml': early });
      const lock = milestoneOf(workspace, 'picture-lock');
      assert.equal(lock.slack, undefined);
      assert.equal(lock.lateUpstream, 'fx-to-comp-sq010');
      assert.equal(workspace.productions()[0].schedule.milestoneSlack.has('picture-lock'), false);
      // The other episode's milestone keeps its slack.
      assert.equal(milestoneOf(workspace, 'lock-ep101').slack, 0);
    });

    it('lets the upstream of an asap handoff slip as far as the asap handoff can', () => {
      // comp-ep101_0010 feeds picture-lock (Fri 02-05) from ready Mon 01-25: 9 working days
      // (Tue 26 .. Fri 29, Mon 1 .. Fri 5). fx-ep101_0010 binds it with no gap, and comp moves
      // along when fx slips, so fx has those 9 days too.
      const schedule = showWith().productions()[0].schedule;
      assert.equal(schedule.handoffs.get('comp-ep101_0010')!.slack, 9);
      assert.equal(schedule.handoffs.get('fx-ep101_0010')!.slack, 9);
    });

    it('shows the slack and the chain in the hover of a milestone', () => {
      const workspace = showWith(perEpisode());
      const uri = uriOf('test.production.yaml');
      const at = LOCKS.indexOf('lock-ep101') + 2;
      const result = hover(workspace, uri, at);
      assert.ok(result);
      assert.match(result.contents, /slack: 0 working days/);
      assert.match(result.contents, /critical chain \(2 handoffs\): `fx-ep101_0010` → `comp-ep101_0010`/);
      assert.match(result.contents, /last feeder ready: Monday 2027-01-25/);
    });
  });

  describe('the schedule view', () => {
    it('gives each instance its unit, its parents outermost first, its chain and step; plain handoffs none', () => {
      // A sequence between the episode and the shot: the shot's lanes are ep101 > sq010.
      const breakdown = BREAKDOWN.replace(
        '  - { id: ep101_0010, kind: shot, parent: ep101,',
        '  - { id: sq010, kind: sequence, parent: ep101, title: Harbour }\n  - { id: ep101_0010, kind: shot, parent: sq010,',
      ).replace('{ id: ep101, kind: episode }', '{ id: ep101, kind: episode, title: Pilot }');
      const view = scheduleView(showWith({ 'show.breakdown.yaml': breakdown }).productions()[0], '2027-01-15');
      const bar = (id: string) => view.handoffs.find((handoff) => handoff.id === id)!;
      const comp = bar('comp-ep101_0010');
      assert.deepEqual(comp.unit, { id: 'ep101_0010', kind: 'shot' });
      assert.deepEqual(comp.parents, [{ id: 'ep101', kind: 'episode', title: 'Pilot' }, { id: 'sq010', kind: 'sequence', title: 'Harbour' }]);
      assert.equal(comp.chain, 'northlight-shots');
      assert.equal(comp.step, 'comp');
      // The imported shot's parent is the episode itself (the import entry's parent).
      assert.deepEqual(bar('fx-ep101_0020').parents, [{ id: 'ep101', kind: 'episode', title: 'Pilot' }]);
      assert.equal(bar('fx-ep101_0020').step, 'fx');
      const plain = bar('fx-to-comp-sq010');
      assert.equal(plain.unit, undefined);
      assert.equal(plain.parents, undefined);
      assert.equal(plain.chain, undefined);
    });

    it('gives a plain handoff scoped with unit: its unit and parents', () => {
      const plain = fixtureFiles()['sq010.handoff.yaml'].replace('  - id: fx-to-comp-sq010', '  - id: fx-to-comp-sq010\n    unit: ep101_0010');
      const view = scheduleView(showWith({ 'sq010.handoff.yaml': plain }).productions()[0], '2027-01-15');
      const bar = view.handoffs.find((handoff) => handoff.id === 'fx-to-comp-sq010')!;
      assert.deepEqual(bar.unit, { id: 'ep101_0010', kind: 'shot' });
      assert.deepEqual(bar.parents, [{ id: 'ep101', kind: 'episode' }]);
      assert.equal(bar.chain, undefined);
    });
  });

  describe('milestone-scope', () => {
    const withLock = (unit: string) => fixtureFiles()['test.production.yaml'].replace('title: Picture lock }', `title: Picture lock, unit: ${unit} }`);

    it('warns when an instance feeds a milestone of another unit, at feeds', () => {
      const found = results(showWith({ 'test.production.yaml': withLock('ep102') }));
      assert.deepEqual(where(found, 'milestone-scope'), ['shots.handoff.yaml:21:16']);
      assert.match(found.find((r) => r.rule === 'milestone-scope')!.message, /belongs to unit 'ep101_0010' but feeds milestone 'picture-lock' of unit 'ep102'.* in 2 of 2 units/);
    });

    it('accepts a milestone of the unit itself or of an ancestor', () => {
      assert.deepEqual(where(results(showWith({ 'test.production.yaml': withLock('ep101') })), 'milestone-scope'), []);
    });
  });
});
