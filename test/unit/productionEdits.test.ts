// An edit re-checks only the files it can change. Each test edits one live
// workspace step by step and compares it, after every step, with a fresh
// workspace of the same texts (places, messages, related locations), and
// checks which files kept their diagnostics as the same array (so they are
// neither made nor published again).
import * as assert from 'node:assert/strict';
import { handoffCycles } from '../../server/src/core/rules/dependency-cycle';
import type { Diagnostic } from '../../server/src/core/types';
import type { Workspace } from '../../server/src/core/workspace';
import { fixtureFiles, resultsOf, uriOf, workspaceOf } from '../harness';

const BASE = fixtureFiles();

// A third department, lighting, led by lena; ivan works in it too (listed last, after dana).
const PRODUCTION = BASE['test.production.yaml']
  .replace('people:\n', '  - { id: lighting, name: Lighting, lead: lena, color: "#e5c07b", channel: "#lighting" }\npeople:\n  - { id: lena, name: Lena Novak, role: Lighting Lead, department: lighting }\n')
  .replace('milestones:\n', '  - { id: ivan, name: Ivan Berg, role: Lighter, department: lighting }\nmilestones:\n');

// comp delivers to lighting; ivan (lighting, the receiving side) is the contact and accepted it.
const LIGHT = [
  'handoffs:',
  '  - id: light-sq010',
  '    title: Comps to lighting for sq010',
  '    from: comp',
  '    to: lighting',
  '    template: fx-elements',
  '    owner: dana',
  '    contact: ivan',
  '    start: 2027-01-25',
  '    due: 2027-01-29',
  '    depends_on: [fx-to-comp-sq010]',
  '    done_when:',
  '      - All 12 shots of sq010 delivered at v001 or later',
  '    status: accepted',
  '    history:',
  '      - { date: 2027-01-29, event: submitted, version: 1 }',
  '      - { date: 2027-02-01, event: accepted, by: ivan }',
  '',
].join('\n');

// comp delivers to fx; its contact lena is in neither (a contact-department finding all along).
const THIRD = [
  'handoffs:',
  '  - id: comp-notes-sq010',
  '    title: Comp notes for sq010',
  '    from: comp',
  '    to: fx',
  '    template: fx-elements',
  '    owner: dana',
  '    contact: lena',
  '    start: 2027-01-25',
  '    due: 2027-01-29',
  '    done_when:',
  '      - Notes for all 12 shots of sq010 are filed',
  '    status: planned',
  '',
].join('\n');

type Texts = Record<string, string>;

const START: Texts = { ...BASE, 'test.production.yaml': PRODUCTION, 'light.handoff.yaml': LIGHT, 'third.handoff.yaml': THIRD };

const ivanIn = (department: string) => (texts: Texts): Texts => ({
  ...texts,
  'test.production.yaml': texts['test.production.yaml'].replace(/(id: ivan, .*department: )[a-z-]+/, `$1${department}`),
});

/** Renames the lighting department where it is defined (not where it is named). */
const lightingNamed = (id: string) => (texts: Texts): Texts => ({
  ...texts,
  'test.production.yaml': texts['test.production.yaml'].replace(/- \{ id: lighting[a-z-]*, name: Lighting/, `- { id: ${id}, name: Lighting`),
});

const edit = (file: string, find: string, replace: string) => (texts: Texts): Texts => {
  assert.ok(texts[file].includes(find), `'${find}' is in ${file}`);
  return { ...texts, [file]: texts[file].replace(find, replace) };
};

interface Step {
  results: string[];
  /** Per file: whether its diagnostics are the same array as before the step. */
  kept: Map<string, boolean>;
}

const short = (results: string[]) =>
  results.map((r) => JSON.parse(r) as { rule: string; file: string; line: number; column: number }).map((r) => `${r.rule} ${r.file}:${r.line}:${r.column}`);

/** Every quick fix offered, as file:offset → its edits' new texts, in a stable order. */
function fixesOf(workspace: Workspace, options: { today: string }): string[] {
  const out: string[] = [];
  for (const [uri, list] of workspace.diagnostics(options)) {
    for (const d of list) for (const fix of d.fixes ?? []) out.push(`${uri}:${d.span.start}:${d.rule} ${fix.title} → ${fix.edits.map((e) => `${e.span.start}-${e.span.end} ${e.newText}`).join(', ')}`);
  }
  return out.sort();
}

/** Edits one workspace through `steps`, checking it against a fresh workspace after each. */
function replay(steps: ((texts: Texts) => Texts)[]): Step[] {
  let texts = START;
  const live: Workspace = workspaceOf(texts);
  const options = { today: '2027-02-10' };
  // A copy: the workspace updates its own map in place.
  let before: Map<string, Diagnostic[]> = new Map(live.diagnostics(options));
  const seen: Step[] = [{ results: resultsOf(live, options).map((r) => JSON.stringify(r)), kept: new Map() }];
  steps.forEach((step, k) => {
    const next = step(texts);
    for (const file of Object.keys(next)) if (next[file] !== texts[file]) live.setFile(uriOf(file), next[file], k + 2);
    texts = next;
    const after = live.diagnostics(options);
    const kept = new Map([...after].map(([uri, list]) => [uri.replace('file:///fixture/', ''), before.get(uri) === list]));
    before = new Map(after);
    const incremental = resultsOf(live, options).map((r) => JSON.stringify(r));
    const fresh = workspaceOf(texts);
    const scratch = resultsOf(fresh, options).map((r) => JSON.stringify(r));
    assert.deepEqual(incremental, scratch, `diagnostics after step ${k + 1}`);
    assert.deepEqual(fixesOf(live, options), fixesOf(fresh, options), `fixes after step ${k + 1}`);
    seen.push({ results: incremental, kept });
  });
  return seen;
}

/** Runs a workspace's warm-up to its end; how many steps it took. */
function warmUpStepsTaken(workspace: Workspace, sizes: { filesPerStep: number; handoffsPerStep: number }): number {
  let taken = 0;
  for (const step of workspace.warmUpSteps(sizes)) {
    step();
    taken++;
  }
  return taken;
}

const of = (step: Step, rule: string) => short(step.results).filter((r) => r.startsWith(`${rule} `));

describe('production edits re-check only the files naming what changed', () => {
  it("a person's department changed: contact-department and wrong-approver follow, other files keep their diagnostics", () => {
    const seen = replay([ivanIn('comp'), ivanIn('fx'), ivanIn('lighting')]);
    // Before: only lena, contact of comp → fx, is on neither side (third.handoff.yaml line 8, the contact value).
    assert.deepEqual(of(seen[0], 'contact-department'), ['contact-department third.handoff.yaml:8:14']);
    assert.deepEqual(of(seen[0], 'wrong-approver'), []);
    // ivan in comp: he sits on the delivering side of light-sq010, which he accepted (line 17, the `by` value).
    assert.deepEqual(of(seen[1], 'wrong-approver'), ['wrong-approver light.handoff.yaml:17:50']);
    assert.deepEqual(of(seen[1], 'contact-department'), ['contact-department third.handoff.yaml:8:14']);
    // ivan in fx: neither comp nor lighting, so he is a wrong contact (line 8), and no longer a wrong approver.
    assert.deepEqual(of(seen[2], 'contact-department'), ['contact-department light.handoff.yaml:8:14', 'contact-department third.handoff.yaml:8:14']);
    assert.deepEqual(of(seen[2], 'wrong-approver'), []);
    // Back in lighting: as at the start.
    assert.deepEqual(of(seen[3], 'contact-department'), ['contact-department third.handoff.yaml:8:14']);
    assert.deepEqual(of(seen[3], 'wrong-approver'), []);
    for (const step of seen.slice(1)) {
      // ivan's line comes after lena's: her finding (with its related location at her department) is the same, and so are the arrays.
      assert.equal(step.kept.get('third.handoff.yaml'), true, 'the file naming lena keeps its diagnostics');
      assert.equal(step.kept.get('sq010.handoff.yaml'), true, 'a file naming neither keeps its diagnostics');
      assert.equal(step.kept.get('light.handoff.yaml'), false, 'the file naming ivan is checked again');
    }
  });

  it('a department renamed and renamed back: the findings appear in the files naming it and vanish again', () => {
    const seen = replay([lightingNamed('lighting-unit'), lightingNamed('lighting')]);
    // light.handoff.yaml names lighting as its `to` (line 5); the production names it as lena's and ivan's department.
    assert.deepEqual(of(seen[1], 'unknown-reference'), [
      'unknown-reference light.handoff.yaml:5:9',
      'unknown-reference test.production.yaml:13:68',
      'unknown-reference test.production.yaml:17:61',
    ]);
    assert.deepEqual(of(seen[2], 'unknown-reference'), []);
    // lena's department line moved (the rename is above it): her finding is written again, with its related location.
    assert.deepEqual(of(seen[1], 'contact-department'), ['contact-department third.handoff.yaml:8:14']);
    const related = (step: Step) =>
      step.results.map((r) => JSON.parse(r) as { rule: string; related: { file: string; line: number; column: number }[] }).find((r) => r.rule === 'contact-department')!.related;
    assert.deepEqual(related(seen[1]), [{ file: 'test.production.yaml', line: 13, column: 68, message: "'lena' is in department 'lighting'." }]);
    assert.equal(seen[1].kept.get('third.handoff.yaml'), false);
    assert.equal(seen[1].kept.get('sq010.handoff.yaml'), true);
  });

  it('a rename that many files name, to an id one of them misspelt, and back: each reference found and cleared once, quotes kept in the fix', () => {
    // Five more files deliver to lighting (one writes it quoted); one misspells it 'lightng'. They depend on
    // nothing (no schedule or history findings across files that an edit elsewhere would make again).
    const copy = (id: string, to: string) => LIGHT.replace('light-sq010', id).replace('    to: lighting', to).replace('    depends_on: [fx-to-comp-sq010]\n', '');
    const copies: Texts = {};
    for (let n = 1; n <= 5; n++) copies[`light${n}.handoff.yaml`] = copy(`light-extra${n}`, n === 3 ? '    to: "lighting"' : '    to: lighting');
    copies['typo.handoff.yaml'] = copy('light-typo', '    to: lightng');
    const named = (id: string) => (texts: Texts): Texts => ({
      ...texts,
      ...copies,
      'test.production.yaml': texts['test.production.yaml'].replace(/- \{ id: [a-z-]+, name: Lighting/, `- { id: ${id}, name: Lighting`),
    });
    let live: Workspace | undefined;
    const seen = replay([
      named('lighting'),
      named('lightng'),
      // An edit elsewhere: the files with unknown references keep their diagnostics (the same findings, not made again).
      edit('third.handoff.yaml', 'Comp notes for sq010', 'Comp notes for all of sq010'),
      named('lighting'),
    ]);
    const lighting = (step: Step) => of(step, 'unknown-reference');
    // With lighting defined, only the misspelling is unknown (line 5, the `to` value, column 9).
    assert.deepEqual(lighting(seen[1]), ['unknown-reference typo.handoff.yaml:5:9']);
    const message = (step: Step, file: string) => (JSON.parse(step.results.find((r) => r.includes(`"file":"${file}"`) && r.includes('unknown-reference'))!) as { message: string }).message;
    assert.equal(message(seen[1], 'typo.handoff.yaml'), "Unknown department 'lightng'. Did you mean 'lighting'?");
    // Renamed to the misspelling: it resolves, and every reference to lighting is unknown
    // (the six handoff files' `to`, and lena's and ivan's department in the production file, lines 13 and 17).
    assert.deepEqual(lighting(seen[2]), [
      'unknown-reference light.handoff.yaml:5:9',
      'unknown-reference light1.handoff.yaml:5:9',
      'unknown-reference light2.handoff.yaml:5:9',
      'unknown-reference light3.handoff.yaml:5:9',
      'unknown-reference light4.handoff.yaml:5:9',
      'unknown-reference light5.handoff.yaml:5:9',
      'unknown-reference test.production.yaml:13:68',
      'unknown-reference test.production.yaml:17:61',
    ]);
    assert.equal(message(seen[2], 'light3.handoff.yaml'), "Unknown department 'lighting'. Did you mean 'lightng'?");
    assert.deepEqual(lighting(seen[3]), lighting(seen[2]));
    for (const file of ['light1.handoff.yaml', 'light3.handoff.yaml', 'light5.handoff.yaml', 'test.production.yaml']) {
      assert.equal(seen[3].kept.get(file), true, `${file} keeps its diagnostics after an edit elsewhere: ${seen[3].results.filter((r) => r.includes(file)).join("\n")}`);
    }
    // And back: as at first.
    assert.deepEqual(lighting(seen[4]), ['unknown-reference typo.handoff.yaml:5:9']);
    assert.equal(seen[4].kept.get('light1.handoff.yaml'), false);
    // The fix keeps the quotes the value was written with.
    live = workspaceOf({ ...START, ...named('lightng')(START) });
    const fixes = fixesOf(live, { today: '2027-02-10' }).filter((line) => line.includes('light3.handoff.yaml') || line.includes('light1.handoff.yaml'));
    assert.equal(fixes.length, 2);
    assert.ok(fixes.some((line) => line.includes('light3.handoff.yaml') && line.endsWith(' "lightng"')), fixes.join('\n'));
    assert.ok(fixes.some((line) => line.includes('light1.handoff.yaml') && line.endsWith(' lightng')), fixes.join('\n'));
  });

  it('a rename that thirty files name, each also naming another unknown id: only the renamed references are looked up again', () => {
    // Thirty files deliver to lighting; the odd ones also misspell their template (fx-elemnts), every third
    // one its owner (dnaa), every fifth its upstream handoff (fx-to-cmp-sq010, the others depend on nothing):
    // findings that have nothing to do with the rename, about references the file model lists before and
    // after the department's. mixed.handoff.yaml comes from the misspelt department lightng and delivers to
    // lighting: both its references name an id that the renames below make or unmake.
    const copy = (id: string) => LIGHT.replace('light-sq010', id).replace('    depends_on: [fx-to-comp-sq010]\n', '');
    const files: Texts = {};
    for (let n = 1; n <= 30; n++) {
      let text = LIGHT.replace('light-sq010', `bulk${n}`).replace('depends_on: [fx-to-comp-sq010]', 'depends_on: [fx-to-cmp-sq010]');
      if (n % 5 !== 0) text = text.replace('    depends_on: [fx-to-cmp-sq010]\n', '');
      if (n % 2 === 1) text = text.replace('template: fx-elements', 'template: fx-elemnts');
      if (n % 3 === 0) text = text.replace('owner: dana', 'owner: dnaa');
      files[`bulk${n}.handoff.yaml`] = text;
    }
    files['mixed.handoff.yaml'] = copy('mixed').replace('    from: comp', '    from: lightng');
    const added = (texts: Texts): Texts => ({ ...texts, ...files });
    const named = (id: string) => (texts: Texts): Texts => ({
      ...texts,
      'test.production.yaml': texts['test.production.yaml'].replace(/- \{ id: [a-z-]+, name: Lighting/, `- { id: ${id}, name: Lighting`),
    });
    const seen = replay([added, named('lighting-unit'), named('lighting'), named('lightng'), named('lighting')]);
    const unknown = (step: Step, file: string) => of(step, 'unknown-reference').filter((r) => r.includes(` ${file}:`));
    const otherFindings = (step: Step) =>
      step.results.filter((r) => r.includes('"rule":"unknown-reference"') && (r.includes("Unknown template 'fx-elemnts'") || r.includes("Unknown person 'dnaa'") || r.includes("Unknown handoff 'fx-to-cmp-sq010'")));
    // Lighting defined: the misspelt templates (line 6, the value at column 15), owners (line 7, column 12),
    // upstream handoffs (line 11, column 18) and mixed's `from: lightng` (line 4).
    assert.deepEqual(unknown(seen[1], 'bulk1.handoff.yaml'), ['unknown-reference bulk1.handoff.yaml:6:15']);
    assert.deepEqual(unknown(seen[1], 'bulk2.handoff.yaml'), []);
    assert.deepEqual(unknown(seen[1], 'bulk3.handoff.yaml'), ['unknown-reference bulk3.handoff.yaml:6:15', 'unknown-reference bulk3.handoff.yaml:7:12']);
    assert.deepEqual(unknown(seen[1], 'mixed.handoff.yaml'), ['unknown-reference mixed.handoff.yaml:4:11']);
    assert.deepEqual(unknown(seen[1], 'bulk5.handoff.yaml'), ['unknown-reference bulk5.handoff.yaml:6:15', 'unknown-reference bulk5.handoff.yaml:11:18']);
    assert.equal(otherFindings(seen[1]).length, 15 + 10 + 6);
    // Renamed to lighting-unit: every `to` (line 5, column 9) is unknown too; the other findings read exactly as
    // before (message, place and related location; replay checks the fixes), and mixed's lightng is still unknown, now nearest to lighting-unit.
    assert.deepEqual(unknown(seen[2], 'bulk1.handoff.yaml'), ['unknown-reference bulk1.handoff.yaml:5:9', 'unknown-reference bulk1.handoff.yaml:6:15']);
    assert.deepEqual(unknown(seen[2], 'bulk3.handoff.yaml'), [
      'unknown-reference bulk3.handoff.yaml:5:9',
      'unknown-reference bulk3.handoff.yaml:6:15',
      'unknown-reference bulk3.handoff.yaml:7:12',
    ]);
    assert.deepEqual(unknown(seen[2], 'bulk30.handoff.yaml'), [
      'unknown-reference bulk30.handoff.yaml:5:9',
      'unknown-reference bulk30.handoff.yaml:7:12',
      'unknown-reference bulk30.handoff.yaml:11:18',
    ]);
    assert.equal(of(seen[2], 'unknown-reference').filter((r) => r.endsWith(':5:9')).length, 32, 'light, mixed and the thirty bulk files');
    assert.deepEqual(otherFindings(seen[2]), otherFindings(seen[1]));
    assert.deepEqual(unknown(seen[2], 'mixed.handoff.yaml'), ['unknown-reference mixed.handoff.yaml:4:11', 'unknown-reference mixed.handoff.yaml:5:9']);
    // Back: as at first, the other findings unchanged all along.
    assert.deepEqual(seen[3].results, seen[1].results);
    // Renamed to the misspelling lightng: mixed's `from` resolves, its `to` does not; the bulk files' `to` is unknown
    // with the fix to lightng, and their other findings still read as before.
    assert.deepEqual(unknown(seen[4], 'mixed.handoff.yaml'), ['unknown-reference mixed.handoff.yaml:5:9']);
    assert.deepEqual(unknown(seen[4], 'bulk7.handoff.yaml'), ['unknown-reference bulk7.handoff.yaml:5:9', 'unknown-reference bulk7.handoff.yaml:6:15']);
    const message = (step: Step, file: string, line: number) =>
      step.results.map((r) => JSON.parse(r) as { rule: string; file: string; line: number; message: string }).find((r) => r.rule === 'unknown-reference' && r.file === file && r.line === line)?.message;
    assert.equal(message(seen[4], 'bulk7.handoff.yaml', 5), "Unknown department 'lighting'. Did you mean 'lightng'?");
    assert.deepEqual(otherFindings(seen[4]), otherFindings(seen[1]));
    // And back to lighting: as at first.
    assert.deepEqual(seen[5].results, seen[1].results);
  });

  it('a department and a person renamed in one edit, then the person back: a file naming both in two handoffs follows each', () => {
    // pair.handoff.yaml holds light-sq010 twice: each handoff delivers to lighting (line 5 / 21, column 9), has ivan as
    // its contact (line 8 / 24, column 14) and was accepted by him (line 17 / 33, column 50). Its references to the
    // two renamed ids interleave by kind (department, person, person, department, person, person).
    const second = LIGHT.replace('handoffs:\n', '').replace('light-sq010', 'light-sq020');
    const pair = (texts: Texts): Texts => ({ ...texts, 'pair.handoff.yaml': `${LIGHT}${second}` });
    const production = (lighting: string, ivan: string) => (texts: Texts): Texts => ({
      ...texts,
      'test.production.yaml': texts['test.production.yaml']
        .replace(/- \{ id: [a-z-]+, name: Lighting/, `- { id: ${lighting}, name: Lighting`)
        .replace(/- \{ id: [a-z-]+, name: Ivan Berg/, `- { id: ${ivan}, name: Ivan Berg`),
    });
    const seen = replay([pair, production('lighting-unit', 'ivan-b'), production('lighting-unit', 'ivan'), production('lighting', 'ivan')]);
    const inPair = (step: Step) => of(step, 'unknown-reference').filter((r) => r.includes(' pair.handoff.yaml:'));
    assert.deepEqual(inPair(seen[1]), []);
    assert.deepEqual(inPair(seen[2]), [
      'unknown-reference pair.handoff.yaml:5:9',
      'unknown-reference pair.handoff.yaml:8:14',
      'unknown-reference pair.handoff.yaml:17:50',
      'unknown-reference pair.handoff.yaml:21:9',
      'unknown-reference pair.handoff.yaml:24:14',
      'unknown-reference pair.handoff.yaml:33:50',
    ]);
    // ivan back: only the department references stay unknown.
    assert.deepEqual(inPair(seen[3]), ['unknown-reference pair.handoff.yaml:5:9', 'unknown-reference pair.handoff.yaml:21:9']);
    assert.deepEqual(inPair(seen[4]), []);
  });

  it("a rename's findings under another severity and back, one of them suppressed: as in a fresh workspace each time", () => {
    // quiet.handoff.yaml delivers to lighting too, with the line above its `to` (now line 6) silencing the rule.
    const quiet = LIGHT.replace('light-sq010', 'light-quiet')
      .replace('    depends_on: [fx-to-comp-sq010]\n', '')
      .replace('    to: lighting\n', '    # handoff-disable-next-line unknown-reference: lighting is being renamed\n    to: lighting\n');
    const texts: Texts = { ...START, 'quiet.handoff.yaml': quiet };
    const renamed = lightingNamed('lighting-unit')(texts);
    const live = workspaceOf(texts);
    live.diagnostics({ today: '2027-02-10' });
    live.setFile(uriOf('test.production.yaml'), renamed['test.production.yaml'], 2);
    const fresh = workspaceOf(renamed);
    // The rule's findings are kept between these runs (no file changes); each run must still give its own severity.
    for (const severity of [undefined, 'warning', 'info', undefined] as const) {
      const options = { today: '2027-02-10', ...(severity ? { severityOverrides: { 'unknown-reference': severity } } : {}) };
      const results = resultsOf(live, options);
      assert.deepEqual(results, resultsOf(fresh, options), `with ${severity ?? 'the default severity'}`);
      const shown = severity ?? 'error';
      assert.deepEqual(
        results.filter((r) => r.rule === 'unknown-reference').map((r) => `${r.file}:${r.line}:${r.column} ${r.severity}${r.suppressed ? ' suppressed' : ''}`),
        [
          `light.handoff.yaml:5:9 ${shown}`,
          `quiet.handoff.yaml:6:9 ${shown} suppressed`,
          `test.production.yaml:13:68 ${shown}`,
          `test.production.yaml:17:61 ${shown}`,
        ],
      );
    }
  });

  it('a department renamed, back and again: the same findings and lists as the first time (not made again), each severity and each new name as in a fresh workspace', () => {
    const live = workspaceOf(START);
    const production = uriOf('test.production.yaml');
    const light = uriOf('light.handoff.yaml');
    const at = (severity?: 'warning') => ({ today: '2027-02-10', ...(severity ? { severityOverrides: { 'unknown-reference': severity } } : {}) });
    let version = 1;
    /** Renames lighting (or names it back), checks the live workspace against a fresh one, and returns light.handoff.yaml's unknown-reference diagnostics. */
    const step = (texts: Texts, severity?: 'warning'): Diagnostic[] => {
      live.setFile(production, texts['test.production.yaml'], ++version);
      const options = at(severity);
      const fresh = workspaceOf(texts);
      assert.deepEqual(resultsOf(live, options), resultsOf(fresh, options), `diagnostics at version ${version}`);
      assert.deepEqual(fixesOf(live, options), fixesOf(fresh, options), `fixes at version ${version}`);
      return (live.diagnostics(options).get(light) ?? []).filter((d) => d.rule === 'unknown-reference');
    };
    live.diagnostics(at());
    const unit = lightingNamed('lighting-unit')(START);
    const first = step(unit);
    const firstList = live.diagnostics(at()).get(light);
    // light.handoff.yaml's `to: lighting` (line 5, column 9), with the fix to the new id.
    assert.equal(first.length, 1);
    assert.equal(first[0].message, "Unknown department 'lighting'. Did you mean 'lighting-unit'?");
    assert.deepEqual(step(START), []);
    const again = step(unit);
    assert.equal(again[0], first[0], 'the finding of the first rename, not a new one');
    assert.equal(live.diagnostics(at()).get(light), firstList, "the file's diagnostics of the first rename, not a new list");
    step(START);
    // Under another severity: made anew with it.
    const warned = step(unit, 'warning');
    assert.notEqual(warned[0], first[0]);
    assert.equal(warned[0].severity, 'warning');
    step(START, 'warning');
    assert.equal(step(unit, 'warning')[0], warned[0]);
    step(START);
    assert.equal(step(unit)[0].severity, 'error');
    step(START);
    // Another new name: another verdict, so another finding (its message and fix name the new id).
    const team = step(lightingNamed('lighting-team')(START));
    assert.notEqual(team[0], first[0]);
    assert.equal(team[0].message, "Unknown department 'lighting'. Did you mean 'lighting-team'?");
    assert.deepEqual(team[0].fixes?.[0].edits.map((e) => e.newText), ['lighting-team']);
  });

  it("a renamed runbook: a postmortem action's `updates` naming it follows (it may name a template or a runbook)", () => {
    const journal = [
      'postmortems:',
      '  - id: pm-sq010',
      '    date: 2027-02-01',
      '    handoffs: [fx-to-comp-sq010]',
      '    findings: [Elements arrived late]',
      '    actions:',
      '      - { do: Render earlier, owner: ben, due: 2027-02-20, updates: fx-delivery }',
      '',
    ].join('\n');
    const renamed = (id: string) => (texts: Texts): Texts => ({
      ...texts,
      'fx-delivery.runbook.yaml': texts['fx-delivery.runbook.yaml'].replace(/^runbook: [a-z-]+$/m, `runbook: ${id}`),
    });
    const seen = replay([(texts) => ({ ...texts, 'test.journal.yaml': journal }), renamed('fx-deliveries'), renamed('fx-delivery')]);
    assert.deepEqual(of(seen[1], 'unknown-reference'), []);
    // The `updates` value, line 7 column 69.
    assert.deepEqual(of(seen[2], 'unknown-reference'), ['unknown-reference test.journal.yaml:7:69']);
    assert.deepEqual(of(seen[3], 'unknown-reference'), []);
  });

  it('a color space the glossary stops defining: incompatible-handoff leaves it to unknown-reference, and takes it back', () => {
    // fx-elements delivers acescg and accepts only "cescg": each depends_on between two fx-elements handoffs is refused.
    const accepts = edit('fx-elements.template.yaml', 'color_spaces: [acescg] }', 'color_spaces: [cescg] }');
    // Its first two lines swapped, the glossary's list of color spaces is a YAML error: no color space is defined.
    const undefine = edit('test.glossary.yaml', 'color_spaces:\n  - { id: acescg, name: ACEScg }\n', '  - { id: acescg, name: ACEScg }\ncolor_spaces:\n');
    const define = edit('test.glossary.yaml', '  - { id: acescg, name: ACEScg }\ncolor_spaces:\n', 'color_spaces:\n  - { id: acescg, name: ACEScg }\n');
    const seen = replay([accepts, undefine, define]);
    const refused = ['incompatible-handoff light.handoff.yaml:11:18', 'incompatible-handoff sq010.handoff.yaml:28:18'];
    assert.deepEqual(of(seen[1], 'incompatible-handoff'), refused);
    // acescg undefined: what the template delivers is unknown-reference's to report, and nothing downstream is refused.
    assert.deepEqual(of(seen[2], 'incompatible-handoff'), []);
    assert.deepEqual(of(seen[3], 'incompatible-handoff'), refused);
  });

  it('incompatible-handoff after a while with no template saying what it accepts: every refusal found again', () => {
    // fx-elements accepts only "cescg": each depends_on between two fx-elements handoffs is refused.
    const accepts = edit('fx-elements.template.yaml', 'color_spaces: [acescg] }', 'color_spaces: [cescg] }');
    const dropAccepts = edit('fx-elements.template.yaml', 'accepts: { formats: [exr], color_spaces: [cescg] }\n', '');
    // A handoff file edited while no template accepts anything: its refusal must be found when accepts comes back.
    const thirdDepends = edit('third.handoff.yaml', '    status: planned\n', '    depends_on: [fx-to-comp-sq010]\n    status: planned\n');
    const restore = (texts: Texts): Texts => ({ ...texts, 'fx-elements.template.yaml': accepts(BASE)['fx-elements.template.yaml'] });
    const seen = replay([accepts, dropAccepts, thirdDepends, restore]);
    const refused = ['incompatible-handoff light.handoff.yaml:11:18', 'incompatible-handoff sq010.handoff.yaml:28:18'];
    assert.deepEqual(of(seen[1], 'incompatible-handoff'), refused);
    assert.deepEqual(of(seen[2], 'incompatible-handoff'), []);
    assert.deepEqual(of(seen[3], 'incompatible-handoff'), []);
    assert.deepEqual(of(seen[4], 'incompatible-handoff'), [...refused, 'incompatible-handoff third.handoff.yaml:13:18'].sort());
  });

  it('history and risk findings across files follow edits of the handoffs they name', () => {
    const seen = replay([
      // fx-to-comp-sq010 accepted: the open risk on it is now on closed work.
      edit('sq010.handoff.yaml', '    status: in_progress', '    status: accepted'),
      // light-sq010 submitted before anything of fx-to-comp-sq010, which it depends on.
      edit('light.handoff.yaml', '{ date: 2027-01-29, event: submitted', '{ date: 2027-01-26, event: submitted'),
      // fx-to-comp-sq010 submitted on 01-22, before light-sq010's 01-26: in order again.
      (texts) => ({ ...texts, 'sq010.handoff.yaml': `${texts['sq010.handoff.yaml']}    history:\n      - { date: 2027-01-22, event: submitted, version: 1 }\n` }),
      edit('sq010.handoff.yaml', '    status: accepted\n    history:\n      - { date: 2027-01-22', '    status: in_progress\n    history:\n      - { date: 2027-01-22'),
    ]);
    assert.deepEqual(of(seen[0], 'risk-on-closed-handoff'), []);
    assert.deepEqual(of(seen[1], 'risk-on-closed-handoff'), ['risk-on-closed-handoff test.risks.yaml:3:14']);
    assert.deepEqual(of(seen[2], 'history-order'), ['history-order light.handoff.yaml:16:17']);
    assert.deepEqual(of(seen[3], 'history-order'), []);
    assert.deepEqual(of(seen[4], 'risk-on-closed-handoff'), []);
  });

  it('a due moved so that a conflict in another file goes and comes back, runbook cycles made and broken, a naming token misspelt: as in a fresh workspace, only the files that changed made again', () => {
    const cycle = (runbook: string) => [
      `runbook: ${runbook}`,
      'title: Hand the plates over',
      'owner: dana',
      'applies_to: [fx-elements]',
      'steps:',
      '  - { id: pull, do: Pull the plates, role: fx-artist, after: [check] }',
      '  - { id: check, do: Check the plates, role: fx-artist, after: [pull] }',
      '',
    ].join('\n');
    const seen = replay([
      // light-sq010 (another file) depends on fx-to-comp-sq010 and starts Mon 2027-01-25. Due Fri 01-22 + 2 review
      // days (Mon 25, Tue 26) makes it ready Tue 01-26: a conflict from the start. Due Wed 01-20 instead: ready
      // Fri 01-22 (Thu 21, Fri 22), before the 25th: the conflict goes.
      edit('sq010.handoff.yaml', '    due: 2027-01-22', '    due: 2027-01-20'),
      // And back: ready Tue 01-26 again, the conflict is back.
      edit('sq010.handoff.yaml', '    due: 2027-01-20', '    due: 2027-01-22'),
      // render now waits on publish, which waits (through meta and qa) on render.
      edit('fx-delivery.runbook.yaml', '{ id: render, do: Render the elements, role: fx-artist }', '{ id: render, do: Render the elements, role: fx-artist, after: [publish] }'),
      // A new runbook file, with a cycle of its own.
      (texts) => ({ ...texts, 'plates.runbook.yaml': cycle('plates') }),
      // The first cycle broken again; the new file's stays.
      edit('fx-delivery.runbook.yaml', ', after: [publish] }', ' }'),
      // A naming token misspelt in the template: the glossary that defines the tokens is named in the message.
      edit('fx-elements.template.yaml', '{show}_{shot}_{layer}_', '{show}_{shot}_{layr}_'),
      // Due Thu 01-21: ready Mon 01-25 (Fri 22, Mon 25), still not before the start; the template and runbook files keep their diagnostics.
      edit('sq010.handoff.yaml', '    due: 2027-01-22', '    due: 2027-01-21'),
    ]);
    const changedFiles = (step: Step) => [...step.kept].filter(([, same]) => !same).map(([file]) => file);
    const conflict = ['schedule-conflict light.handoff.yaml:9:12'];
    assert.deepEqual(of(seen[0], 'schedule-conflict'), conflict);
    assert.deepEqual(of(seen[1], 'schedule-conflict'), []);
    assert.deepEqual(changedFiles(seen[1]), ['light.handoff.yaml', 'sq010.handoff.yaml']);
    assert.deepEqual(of(seen[2], 'schedule-conflict'), conflict);
    assert.deepEqual(changedFiles(seen[2]), ['light.handoff.yaml', 'sq010.handoff.yaml']);
    // `publish` in render's after list (line 6, column 69); the new file's `check` in pull's (column 63).
    assert.deepEqual(of(seen[3], 'dependency-cycle'), ['dependency-cycle fx-delivery.runbook.yaml:6:69']);
    assert.deepEqual(changedFiles(seen[3]), ['fx-delivery.runbook.yaml']);
    assert.deepEqual(of(seen[4], 'dependency-cycle'), ['dependency-cycle fx-delivery.runbook.yaml:6:69', 'dependency-cycle plates.runbook.yaml:6:63']);
    assert.deepEqual(changedFiles(seen[4]), ['plates.runbook.yaml']);
    assert.deepEqual(of(seen[5], 'dependency-cycle'), ['dependency-cycle plates.runbook.yaml:6:63']);
    assert.deepEqual(changedFiles(seen[5]), ['fx-delivery.runbook.yaml']);
    // `{layr}` from column 24 of `naming: "{show}_{shot}_{layr}_…`.
    assert.deepEqual(of(seen[6], 'naming-invalid'), ['naming-invalid fx-elements.template.yaml:5:24']);
    assert.ok(seen[6].results.some((r) => r.includes("Unknown naming token 'layr' in the naming pattern. Did you mean 'layer'?")));
    assert.deepEqual(changedFiles(seen[6]), ['fx-elements.template.yaml']);
    assert.deepEqual(of(seen[7], 'schedule-conflict'), conflict);
    assert.ok(seen[7].results.some((r) => r.includes('is ready on 2027-01-25 (due 2027-01-21 + 2 review days)')), 'the conflict quotes the new dates');
    assert.deepEqual(changedFiles(seen[7]), ['light.handoff.yaml', 'sq010.handoff.yaml']);
  });

  it('an upstream with two asap dependants, then one: a moved due date moves them, then only the one left', () => {
    // An asap handoff from the start, so that dates are kept by handoff (and dependants made) in this production.
    const notes = [
      'handoffs:',
      '  - id: notes-sq010',
      '    title: Notes on the sims of sq010',
      '    from: fx',
      '    to: comp',
      '    owner: dana',
      '    contact: ben',
      '    start: asap',
      '    work: 2',
      '    depends_on: [fx-sim-sq010]',
      '    done_when:',
      '      - Notes on all 12 shots of sq010 filed',
      '    status: planned',
      '',
    ].join('\n');
    // comp-notes-sq010 (third.handoff.yaml, due Fri 01-29) has no dependants at the start.
    const seen = replay([
      (texts) => ({ ...texts, 'notes.handoff.yaml': notes }),
      // A moved date, so that the dependants are made here and the edits below update them.
      edit('third.handoff.yaml', '    due: 2027-01-29', '    due: 2027-01-28'),
      // notes-sq010 starts once comp-notes-sq010 is ready too: its one dependant.
      edit('notes.handoff.yaml', '    depends_on: [fx-sim-sq010]', '    depends_on: [fx-sim-sq010, comp-notes-sq010]'),
      // And fx-to-comp-sq010, in another file, starts as soon as both are ready: two dependants.
      edit('sq010.handoff.yaml', '    start: 2027-01-13\n    due: 2027-01-22\n    depends_on: [fx-sim-sq010]', '    start: asap\n    work: 4\n    depends_on: [fx-sim-sq010, comp-notes-sq010]'),
      // Due Wed 02-03: both dependants start later (and light-sq010, which waits on fx-to-comp-sq010, is late by more).
      edit('third.handoff.yaml', '    due: 2027-01-28', '    due: 2027-02-03'),
      // notes-sq010 no longer waits on it: one dependant again.
      edit('notes.handoff.yaml', '    depends_on: [fx-sim-sq010, comp-notes-sq010]', '    depends_on: [fx-sim-sq010]'),
      // Due Fri 01-29: fx-to-comp-sq010 moves again, notes-sq010 does not.
      edit('third.handoff.yaml', '    due: 2027-02-03', '    due: 2027-01-29'),
    ]);
    const changedFiles = (step: Step) => [...step.kept].filter(([, same]) => !same).map(([file]) => file).sort();
    const overrun = (step: Step) => step.results.find((r) => r.includes('"milestone-overrun"'));
    // fx-to-comp-sq010 now ends after picture-lock: its overrun follows comp-notes-sq010's due date.
    assert.deepEqual(changedFiles(seen[5]), ['light.handoff.yaml', 'sq010.handoff.yaml', 'third.handoff.yaml']);
    assert.notEqual(overrun(seen[5]), overrun(seen[4]));
    assert.deepEqual(changedFiles(seen[7]), ['light.handoff.yaml', 'sq010.handoff.yaml', 'third.handoff.yaml']);
    assert.notEqual(overrun(seen[7]), overrun(seen[6]));
  });

  it('an id one file names, then two, then one again, then none: the files naming it, as in a fresh workspace', () => {
    const light = uriOf('light.handoff.yaml');
    const naming = (workspace: Workspace) => [...workspace.productionOf(light)!.referencingFiles('handoff', 'fx-sim-sq010')].map((uri) => uri.replace('file:///fixture/', '')).sort();
    const both = edit('light.handoff.yaml', '    depends_on: [fx-to-comp-sq010]', '    depends_on: [fx-to-comp-sq010, fx-sim-sq010]')(START);
    const none = edit('sq010.handoff.yaml', '    depends_on: [fx-sim-sq010]', '    depends_on: []')(START);
    const lightOnly = edit('light.handoff.yaml', '    depends_on: [fx-to-comp-sq010]', '    depends_on: [fx-to-comp-sq010, fx-sim-sq010]')(none);
    const live = workspaceOf(START);
    live.diagnostics({ today: '2027-02-10' });
    // The index is made now, so that the edits below update it rather than make it again.
    assert.deepEqual(naming(live), ['sq010.handoff.yaml']);
    const steps: [Texts, string[]][] = [[both, ['light.handoff.yaml', 'sq010.handoff.yaml']], [lightOnly, ['light.handoff.yaml']], [none, []], [START, ['sq010.handoff.yaml']]];
    steps.forEach(([texts, expected], k) => {
      for (const file of ['light.handoff.yaml', 'sq010.handoff.yaml']) live.setFile(uriOf(file), texts[file], k + 2);
      assert.deepEqual(naming(live), expected, `after edit ${k + 1}`);
      assert.deepEqual(naming(workspaceOf(texts)), expected, `a fresh workspace after edit ${k + 1}`);
    });
  });

  it('the first analysis keeps the depends_on cycles it walked, which the first moved due date with a conflict asks for', () => {
    // Changed on purpose: the dependency-cycle rule walks the whole graph in the first analysis, and now keeps
    // which handoffs are in a cycle; the warm-up (or else the first edit with a conflict) used to walk it again.
    const kept = (sq010: string): ReadonlyMap<string, number> | undefined => {
      const workspace = workspaceOf({ 'sq010.handoff.yaml': sq010 });
      workspace.diagnostics({ today: '2027-02-10' });
      const production = workspace.productions().find((candidate) => candidate.key !== '')!;
      let made = false;
      const known = production.memo(handoffCycles, () => {
        made = true;
        return { generation: -1, cycles: new Map<string, number>() };
      });
      return made || known.generation !== production.generation('depends-on') ? undefined : known.cycles;
    };
    // No submissions (history-order would ask for the cycles) and no conflicts: only the rule walked the graph.
    const history = '    history:\n      - { date: 2027-01-08, event: submitted, version: 1 }\n      - { date: 2027-01-11, event: accepted, by: chloe }\n';
    assert.ok(BASE['sq010.handoff.yaml'].includes(history));
    const quiet = BASE['sq010.handoff.yaml'].replace(history, '');
    assert.deepEqual(kept(quiet) && [...kept(quiet)!], []);
    // fx-sim-sq010 now waits on fx-to-comp-sq010, which waits on it: one cycle of the two, and nothing else in it.
    const cyclic = quiet.replace('    due: 2027-01-08\n', '    due: 2027-01-08\n    depends_on: [fx-to-comp-sq010]\n');
    assert.notEqual(cyclic, quiet);
    assert.deepEqual(kept(cyclic) && [...kept(cyclic)!].sort(), [['fx-sim-sq010', 0], ['fx-to-comp-sq010', 0]]);
    // And the warm-up has no walk of its own left to do: fewer steps (one handoff a step) than without the analysis.
    const steps = (workspace: Workspace): number => warmUpStepsTaken(workspace, { filesPerStep: 1, handoffsPerStep: 1 });
    const analysed = workspaceOf({ 'sq010.handoff.yaml': quiet });
    analysed.diagnostics({ today: '2027-02-10' });
    const withWalk = steps(workspaceOf({ 'sq010.handoff.yaml': quiet }));
    const afterAnalysis = steps(analysed);
    assert.ok(afterAnalysis < withWalk, `the warm-up takes ${afterAnalysis} steps after the analysis, ${withWalk} without it`);
  });

  it('the warm-up says ahead about how many steps it takes (a host paces them by it)', () => {
    for (const sizes of [{ filesPerStep: 1, handoffsPerStep: 1 }, { filesPerStep: 2, handoffsPerStep: 3 }, { filesPerStep: 100, handoffsPerStep: 1000 }]) {
      const workspace = workspaceOf();
      workspace.diagnostics({ today: '2027-02-10' });
      const said = workspace.warmUpStepCount(sizes);
      const taken = warmUpStepsTaken(workspace, sizes);
      // Within a tenth (a phase's last step, which finds it done, is not counted ahead).
      assert.ok(Math.abs(said - taken) <= Math.max(2, taken / 10), `said ${said} steps, took ${taken} (${JSON.stringify(sizes)})`);
    }
  });

  it('a kind whose validator a scan already ran on this thread takes no warm-up step; a large file does not warm it', () => {
    const sizes = { filesPerStep: 100, handoffsPerStep: 1000 };
    const stepsOf = (workspace: Workspace) => warmUpStepsTaken(workspace, sizes);
    const cold = workspaceOf(START);
    cold.diagnostics({ today: '2027-02-10' });
    const warmed = workspaceOf(START);
    warmed.diagnostics({ today: '2027-02-10' });
    const light = warmed.file(uriOf('light.handoff.yaml'))!;
    assert.equal(warmed.warmValidator(light), true, 'the first small handoff file warms the handoff validator');
    assert.equal(warmed.warmValidator(warmed.file(uriOf('third.handoff.yaml'))!), false, 'the handoff validator runs once');
    assert.equal(warmed.warmUpStepCount(sizes), cold.warmUpStepCount(sizes) - 1);
    assert.equal(stepsOf(warmed), stepsOf(cold) - 1);

    const large = workspaceOf({ ...START, 'test.production.yaml': `${START['test.production.yaml']}\n${'# a long comment line\n'.repeat(1000)}` });
    assert.equal(large.warmValidator(large.file(uriOf('test.production.yaml'))!), false, 'a production file over 16 KB is not validated to warm');
    assert.equal(large.warmValidator(large.file(uriOf('light.handoff.yaml'))!), true);
  });

  it('a kind of which the workspace holds no file takes no warm-up step: finding none walked every file', () => {
    const sizes = { filesPerStep: 100, handoffsPerStep: 1000 };
    const stepsOf = (workspace: Workspace) => warmUpStepsTaken(workspace, sizes);
    // START holds no journal and no breakdown. One journal file adds its kind's step, one only;
    // taking it out again takes the step away.
    const journal = 'decisions:\n  - id: d-001\n    date: 2027-01-11\n    by: ben\n    summary: Comp in ACEScg\n    affects: [fx-sim-sq010]\n    status: approved\n';
    // A workspace's steps run its validators, so each count is of a workspace of its own.
    const analysed = (texts: Texts, gone?: string) => {
      const workspace = workspaceOf(texts);
      if (gone) workspace.removeFile(uriOf(gone));
      workspace.diagnostics({ today: '2027-02-10' });
      return workspace;
    };
    const withJournal = { ...START, 'week.journal.yaml': journal };
    assert.equal(analysed(withJournal).warmUpStepCount(sizes), analysed(START).warmUpStepCount(sizes) + 1);
    assert.equal(stepsOf(analysed(withJournal)), stepsOf(analysed(START)) + 1);
    assert.equal(analysed(withJournal, 'week.journal.yaml').warmUpStepCount(sizes), analysed(START).warmUpStepCount(sizes));
    assert.equal(stepsOf(analysed(withJournal, 'week.journal.yaml')), stepsOf(analysed(START)));
  });

  it('an edit between warm-up steps: what the warm-up goes on to build is of the edited files', () => {
    // One file (and one handoff) a step, so that an edit can fall inside the building of one index.
    const sizes = { filesPerStep: 1, handoffsPerStep: 1 };
    const options = { today: '2027-02-10' };
    // third.handoff.yaml now delivers to lighting too, and sq010 waits on it (a new depends_on edge).
    const edited = edit('third.handoff.yaml', '    to: fx', '    to: lighting')(START);
    const dependent = edit('sq010.handoff.yaml', '    status: in_progress', '    depends_on: [comp-notes-sq010]\n    status: in_progress')(edited);
    // Then lighting is renamed: every file naming it gets an unknown-reference, found through the referencer index.
    const renamed = lightingNamed('lighting-unit')(dependent);
    const total = warmUpStepsTaken(workspaceOf(START), sizes);
    assert.ok(total > 30, `the warm-up takes ${total} steps at one file a step`);
    const scratch = resultsOf(workspaceOf(renamed), options).map((r) => JSON.stringify(r));
    for (let cut = 0; cut <= total; cut++) {
      const live = workspaceOf(START);
      live.diagnostics(options);
      const steps = live.warmUpSteps(sizes);
      for (let k = 0; k < cut; k++) steps.next().value?.();
      for (const file of ['third.handoff.yaml', 'sq010.handoff.yaml']) live.setFile(uriOf(file), dependent[file], 2);
      live.diagnostics(options);
      for (const step of steps) step();
      live.setFile(uriOf('test.production.yaml'), renamed['test.production.yaml'], 3);
      const incremental = resultsOf(live, options).map((r) => JSON.stringify(r));
      assert.deepEqual(incremental, scratch, `an edit after ${cut} of ${total} warm-up steps`);
    }
    const findings = short(scratch).filter((r) => r.startsWith('unknown-reference'));
    assert.ok(findings.some((r) => r.startsWith('unknown-reference third.handoff.yaml:5:')), findings.join('\n'));
  });
});

describe('what names an id', () => {
  it('reference counts made in one pass for kinds asked together are those made one kind at a time', () => {
    const together = ['template', 'asset-type', 'person'] as const;
    const uri = uriOf('third.handoff.yaml');
    const one = workspaceOf(START).productionOf(uri)!;
    const all = workspaceOf(START).productionOf(uri)!;
    const asked: string[] = [];
    for (const kind of together) {
      for (const id of one.symbols.get(kind)?.keys() ?? []) {
        asked.push(`${kind} ${id}`);
        // The first question of each kind makes the counts of the others too.
        assert.equal(all.referenceCount(kind, id, together), one.referenceCount(kind, id), `${kind} ${id}`);
      }
    }
    assert.ok(one.referenceCount('template', 'fx-elements') > 0 && asked.length > 5, asked.join(', '));
  });

  it("a department forty files name: an edit taking one file's references out leaves the others listed, as in a fresh workspace", () => {
    // More files than a list of referrers is searched for: the first edit makes it counts.
    const many: Texts = { ...START };
    for (let n = 0; n < 40; n++) many[`many${n}.handoff.yaml`] = THIRD.replace('comp-notes-sq010', `comp-notes-${n}`);
    const edited = edit('many7.handoff.yaml', '    from: comp', '    from: fx')(many);
    const uri = uriOf('many7.handoff.yaml');
    const naming = (workspace: Workspace, id: string) => [...workspace.productionOf(uri)!.referencingFiles('department', id)].sort();
    const live = workspaceOf(many);
    live.diagnostics({ today: '2027-02-10' });
    assert.ok(naming(live, 'comp').length > 40 && naming(live, 'comp').includes(uri));
    [edited, many, edited].forEach((step, k) => {
      live.setFile(uri, step['many7.handoff.yaml'], k + 2);
      assert.deepEqual(naming(live, 'comp'), naming(workspaceOf(step), 'comp'), `comp after edit ${k + 1}`);
      assert.deepEqual(naming(live, 'fx'), naming(workspaceOf(step), 'fx'), `fx after edit ${k + 1}`);
    });
    assert.ok(!naming(live, 'comp').includes(uri), 'the edited file no longer names comp');
  });

  it('a file naming a department twice stays listed when one reference goes, and leaves when the other does', () => {
    // Two handoffs from comp in one file: the file names comp twice, fx once.
    const twice = THIRD + THIRD.replace('handoffs:\n', '').replace('comp-notes-sq010', 'comp-notes-sq020').replace('sq010', 'sq020');
    const texts: Texts = { ...START, 'third.handoff.yaml': twice };
    const firstOut = edit('third.handoff.yaml', '    from: comp', '    from: fx')(texts);
    const bothOut = edit('third.handoff.yaml', '    from: comp', '    from: fx')(firstOut);
    const third = uriOf('third.handoff.yaml');
    const naming = (workspace: Workspace, id: string) => [...workspace.productionOf(third)!.referencingFiles('department', id)].sort();
    const live = workspaceOf(texts);
    live.diagnostics({ today: '2027-02-10' });
    // The index is made now, so that the edits below update it rather than make it again.
    assert.ok(naming(live, 'comp').includes(third));
    assert.equal(naming(live, 'fx').filter((uri) => uri === third).length, 1, 'a file is listed once, however often it names the id');
    const expected: [Texts, boolean][] = [[firstOut, true], [bothOut, false], [firstOut, true], [texts, true]];
    expected.forEach(([step, listed], k) => {
      live.setFile(third, step['third.handoff.yaml'], k + 2);
      assert.equal(naming(live, 'comp').includes(third), listed, `after edit ${k + 1}`);
      assert.deepEqual(naming(live, 'comp'), naming(workspaceOf(step), 'comp'), `after edit ${k + 1}, as in a fresh workspace`);
      assert.deepEqual(naming(live, 'fx'), naming(workspaceOf(step), 'fx'), `fx after edit ${k + 1}`);
    });
  });
});

describe('sums over the files follow edits', () => {
  it("the templates a department's handoffs use (completion ranks by them) after edits, as in a fresh workspace", () => {
    const departments = ['fx', 'comp', 'lighting'];
    const used = (workspace: Workspace) => {
      const production = workspace.productions().find((model) => model.key !== '')!;
      return departments.map((department) => `${department}: ${[...production.templatesFrom(department)].sort().join(' ')}`);
    };
    const live = workspaceOf(START);
    assert.deepEqual(used(live), ['fx: fx-elements', 'comp: fx-elements', 'lighting: ']);
    // The first fx handoff now comes from comp with another template, the second from lighting: fx uses none.
    const moved = edit('sq010.handoff.yaml', '    from: fx\n', '    from: comp\n')(START);
    const retemplated = edit('sq010.handoff.yaml', '    template: fx-elements\n', '    template: plates\n')(moved);
    const relit = edit('sq010.handoff.yaml', '    from: fx\n', '    from: lighting\n')(retemplated);
    live.setFile(uriOf('sq010.handoff.yaml'), relit['sq010.handoff.yaml'], 2);
    assert.deepEqual(used(live), ['fx: ', 'comp: fx-elements plates', 'lighting: fx-elements']);
    assert.deepEqual(used(live), used(workspaceOf(relit)));
    // light and third (both comp, fx-elements) removed: comp keeps only plates.
    live.removeFile(uriOf('light.handoff.yaml'));
    live.removeFile(uriOf('third.handoff.yaml'));
    const { ['light.handoff.yaml']: _light, ['third.handoff.yaml']: _third, ...rest } = relit;
    assert.deepEqual(used(live), ['fx: ', 'comp: plates', 'lighting: fx-elements']);
    assert.deepEqual(used(live), used(workspaceOf(rest)));
  });
});
