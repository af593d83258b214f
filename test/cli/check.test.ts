import * as assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../server/src/core/rules';
import { BASE_VARIANTS, materialiseFixture } from '../harness';
import { ensureCliBundle, FIXTURES, handoff, handoffIn, ROOT, withTempFolder, type CliRun } from './cliProcess';

const TODAY = '2027-01-15';
const BASE = path.join(FIXTURES, 'base');
const BROKEN_GOLDEN = path.join(ROOT, 'test', 'cli', 'golden', 'broken.txt');

/** The base production plus each variant's own files, written to temporary folders for the CLI to check. */
const VARIANTS: Record<string, string> = {};
function fixture(name: 'broken' | 'suppressed' | 'duplicate-id'): string {
  const folder = VARIANTS[name];
  assert.ok(folder, `the ${name} fixture is written before the tests run`);
  return folder;
}

/** The rule catalogue, from its one source. */
const RULE_IDS = RULES.map((rule) => rule.id);

interface Position {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface JsonDiagnostic extends Position {
  severity: 'error' | 'warning' | 'info';
  rule: string;
  message: string;
  related: (Position & { message: string })[];
  suppressed?: { reason: string };
}

interface JsonReport {
  today: string;
  summary: { errors: number; warnings: number; infos: number; suppressed: number; files: number };
  diagnostics: JsonDiagnostic[];
}

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region: SarifRegion;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: SarifPhysicalLocation }[];
  relatedLocations?: { id: number; message: { text: string }; physicalLocation: SarifPhysicalLocation }[];
  suppressions?: { kind: string; justification: string }[];
}

interface SarifLog {
  $schema?: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version?: string; rules: { id: string; helpUri: string; shortDescription?: { text: string } }[] } };
    originalUriBaseIds?: Record<string, { uri?: string }>;
    results: SarifResult[];
  }[];
}

function checkJson(dir: string): { run: CliRun; report: JsonReport } {
  const run = handoff('check', dir, '--today', TODAY, '--format', 'json');
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch (error) {
    assert.fail(`--format json printed something that is not JSON (${String(error)}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

function checkSarif(dir: string): { run: CliRun; log: SarifLog } {
  const run = handoff('check', dir, '--today', TODAY, '--format', 'sarif');
  let log: SarifLog;
  try {
    log = JSON.parse(run.stdout) as SarifLog;
  } catch (error) {
    assert.fail(`--format sarif printed something that is not JSON (${String(error)}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, log };
}

/** `file:line:col`, the way the text output and a reader name a place. */
const at = (p: Position): string => `${p.file}:${p.line}:${p.column}`;

function assertPosition(p: Position, what: string): void {
  assert.equal(typeof p.file, 'string', `${what}: file`);
  assert.ok(p.file.length > 0, `${what}: empty file`);
  assert.ok(!path.isAbsolute(p.file) && !p.file.startsWith('..') && !p.file.includes('\\'), `${what}: '${p.file}' is not relative to the folder checked`);
  for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) {
    assert.ok(Number.isInteger(p[key]) && p[key] >= 1, `${what}: ${key} ${p[key]} is not a 1-based whole number`);
  }
  assert.ok(p.endLine > p.line || (p.endLine === p.line && p.endColumn >= p.column), `${what}: the range ends before it starts`);
}

/** Relative, forward-slashed, and neither a URI with a scheme nor a path leaving the folder checked. */
function assertRelativeUri(uri: string, what: string): void {
  assert.ok(uri.length > 0, `${what}: empty uri`);
  assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(uri), `${what}: '${uri}' has a scheme`);
  assert.ok(!uri.startsWith('/') && !uri.startsWith('../') && !uri.includes('\\'), `${what}: '${uri}' is not a relative path below the folder checked`);
}

function assertRegion(region: SarifRegion, what: string): void {
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) {
    assert.ok(Number.isInteger(region[key]) && region[key] >= 1, `${what}: ${key} ${region[key]} is not a 1-based whole number`);
  }
}

/** The critical-path rows of the text output: id, start, due, ready, slack. */
function criticalPathRows(stdout: string, production: string): { header: string; rows: string[][] } {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`Critical path of ${production} (`));
  assert.ok(start >= 0, `no critical path section for '${production}' in:\n${stdout}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}([a-z][a-z0-9-]*) +(\d{4}-\d\d-\d\d) → (\d{4}-\d\d-\d\d) {2}ready (\d{4}-\d\d-\d\d) {2}slack (-?\d+)$/.exec(line);
    if (!match) break;
    rows.push(match.slice(1));
  }
  return { header: lines[start], rows };
}

describe('cli: handoff check', function () {
  before(() => {
    for (const name of BASE_VARIANTS) VARIANTS[name] = materialiseFixture(name);
  });
  after(() => {
    for (const folder of Object.values(VARIANTS)) rmSync(folder, { recursive: true, force: true });
  });
  before(ensureCliBundle);

  describe('the nightfall example', () => {
    // The chain worked out by hand in examples/nightfall/README.md ("Critical
    // path, by hand"): id, start, due, ready, and the slack the README's
    // prose gives (every step starts on the first working day after its
    // upstream is ready; one working day between the IMF and final delivery).
    const BY_HAND = [
      ['sound-to-story-scratch-dialogue', '2026-11-02', '2026-11-06', '2026-11-10', '0'],
      ['story-to-editorial-sq030', '2026-11-16', '2026-12-01', '2026-12-03', '0'],
      ['editorial-to-layout-animatic-lock', '2026-12-04', '2026-12-09', '2026-12-11', '0'],
      ['layout-to-animation-sq030', '2026-12-21', '2027-01-05', '2027-01-07', '0'],
      ['animation-to-lighting-sq030', '2027-01-08', '2027-02-12', '2027-02-17', '0'],
      ['lighting-to-comp-sq030', '2027-02-18', '2027-03-19', '2027-03-23', '0'],
      ['comp-to-color-sq030', '2027-03-24', '2027-04-02', '2027-04-06', '0'],
      ['color-to-deliverables-grade', '2027-04-07', '2027-04-15', '2027-04-20', '0'],
      ['deliverables-to-production-imf', '2027-04-21', '2027-04-27', '2027-04-29', '1'],
    ];

    it('checks clean on 2027-01-15 and exits 0', () => {
      const { status, stdout, stderr } = handoff('check', 'examples/nightfall', '--today', TODAY);
      assert.equal(status, 0, stdout + stderr);
      assert.equal(stderr, '');
      // The summary comes first: no finding is printed above it. 23 files:
      // production, glossary, risks, journal, 12 templates, 4 handoff files, 3 runbooks.
      assert.ok(stdout.startsWith('0 errors, 0 warnings, 0 infos in 23 files.\n'), stdout);
    });

    it('prints the critical path worked out by hand in its README', () => {
      const { stdout } = handoff('check', 'examples/nightfall', '--today', TODAY);
      const { header, rows } = criticalPathRows(stdout, 'nightfall');
      assert.equal(header, 'Critical path of nightfall (9 handoffs, ready 2027-04-29):');
      assert.deepEqual(rows, BY_HAND);
      // The section ends the output: no row of it was left unparsed.
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length - lines.indexOf(header) - 1, BY_HAND.length, stdout);
    });

    it('prints each milestone with its slack and the chain that binds its last feeder, in text and JSON', () => {
      // Slack = production working days after the last feeder's ready day up to the date
      // (DESIGN §7.7): animatic-lock Fri 12-11 from ready Fri 12-11: 0; layout-lock Fri 01-08
      // from Thu 01-07: 1 (Fri 8); picture-lock Fri 03-05 from Wed 03-03: 2 (Thu 4, Fri 5);
      // final-delivery Fri 04-30 from Thu 04-29: 1. layout-to-animation-sq030 starts Mon 12-21,
      // not the first day after animatic lock (Mon 12-14): nothing binds it, so the chains start there.
      const { stdout } = handoff('check', 'examples/nightfall', '--today', TODAY);
      const lines = stdout.split('\n');
      const start = lines.indexOf('Milestones of nightfall (4), each with the chain that binds its last feeder:');
      assert.ok(start > 0, stdout);
      const heads = lines.slice(start + 1).filter((line) => /^ {2}\S/.test(line)).slice(0, 4);
      assert.deepEqual(heads, [
        '  animatic-lock  2026-12-11  slack 0 working days',
        '  layout-lock  2027-01-08  slack 1 working day',
        '  picture-lock  2027-03-05  slack 2 working days',
        '  final-delivery  2027-04-30  slack 1 working day',
      ]);
      const json = JSON.parse(handoff('check', 'examples/nightfall', '--today', TODAY, '--format', 'json').stdout) as {
        milestones: { milestone: string; slack?: number; feeder?: string; chain: { id: string; ready?: string }[] }[];
      };
      const final = json.milestones.find((m) => m.milestone === 'final-delivery')!;
      assert.equal(final.slack, 1);
      assert.equal(final.feeder, 'deliverables-to-production-imf');
      assert.deepEqual(final.chain.map((link) => link.id), BY_HAND.slice(3).map((row) => row[0]));
      assert.deepEqual(final.chain.map((link) => link.ready), BY_HAND.slice(3).map((row) => row[3]));
      assert.deepEqual(json.milestones.map((m) => [m.milestone, m.slack]), [['animatic-lock', 0], ['layout-lock', 1], ['picture-lock', 2], ['final-delivery', 1]]);
    });

    it('keeps the expectation above in step with the README table', () => {
      const readme = readFileSync(path.join(ROOT, 'examples', 'nightfall', 'README.md'), 'utf8');
      const table = readme
        .split('\n')
        .map((line) => /^\| \d+ \| `([a-z0-9-]+)` \| (\S+) \| (\S+) \| \d+ \| (\S+) \|/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => match.slice(1, 5));
      assert.deepEqual(table, BY_HAND.map((row) => row.slice(0, 4)));
    });
  });

  describe('a folder with broken files (the base plus test/fixtures/broken)', () => {
    const BROKEN_FILES = ['bad-yaml.handoff.yaml', 'empty.handoff.yaml', 'tab-indent.handoff.yaml', 'wrong-types.handoff.yaml'];
    const INTACT_FILES = [
      'fx-delivery.runbook.yaml',
      'fx-elements.template.yaml',
      'sq010.handoff.yaml',
      'test.glossary.yaml',
      'test.production.yaml',
      'test.risks.yaml',
    ];

    it('prints the golden text output', () => {
      const { status, stdout, stderr } = handoff('check', fixture('broken'), '--today', TODAY);
      if (process.env.HANDOFF_UPDATE_GOLDEN === '1') {
        // Review the diff of the golden file line by line before committing it.
        writeFileSync(BROKEN_GOLDEN, stdout);
      }
      assert.equal(stdout, readFileSync(BROKEN_GOLDEN, 'utf8'));
      assert.equal(stderr, '');
      assert.equal(status, 1);
    });

    it('prints paths relative to the folder checked, wherever it is run from', () => {
      const fromRoot = handoff('check', path.relative(ROOT, fixture('broken')), '--today', TODAY);
      const fromElsewhere = handoffIn(tmpdir(), 'check', fixture('broken'), '--today', TODAY);
      const fromInside = handoffIn(fixture('broken'), 'check', '--today', TODAY);
      assert.equal(fromElsewhere.stdout, fromRoot.stdout);
      assert.equal(fromInside.stdout, fromRoot.stdout);
    });

    it('reports each broken file at the exact place, with its own rule', () => {
      const { report } = checkJson(fixture('broken'));
      const parseFindings = report.diagnostics
        .filter((d) => d.rule === 'yaml-syntax' || d.rule === 'schema')
        .map((d) => `${at(d)}-${d.endLine}:${d.endColumn} ${d.rule}`);
      assert.deepEqual(parseFindings, [
        // One diagnostic per mistake, at the first offending line: the bracket left
        // open on line 13, and the tab (not what the parser makes of the lines after it).
        'bad-yaml.handoff.yaml:13:16-13:40 yaml-syntax',
        'empty.handoff.yaml:1:1-1:1 schema',
        'tab-indent.handoff.yaml:7:1-7:2 yaml-syntax',
        // `work: "ten"` (the quoted value) and `due: 2027-02-30`.
        'wrong-types.handoff.yaml:9:11-9:16 schema',
        'wrong-types.handoff.yaml:10:10-10:20 schema',
      ]);
      const message = (where: string) => report.diagnostics.find((d) => at(d) === where)?.message ?? '';
      assert.equal(message('bad-yaml.handoff.yaml:13:16'), 'The list opened with [ on this line is not closed: add ] at its end.');
      assert.match(message('empty.handoff.yaml:1:1'), /^An empty handoff file: start with 'handoffs:'/);
      assert.match(message('tab-indent.handoff.yaml:7:1'), /^Line 7 is indented with a tab\. .*replace the tab with spaces\.$/);
      assert.equal(message('wrong-types.handoff.yaml:9:11'), "Expected a whole number for 'work', not 'ten'.");
      assert.equal(message('wrong-types.handoff.yaml:10:10'), "Date '2027-02-30' does not exist: February 2027 has 28 days.");
    });

    it('does not analyse what the parser guessed from a file whose YAML does not parse', () => {
      // After the tab in tab-indent.handoff.yaml the parser reads `owner`,
      // `contact`, the dates and `done_when` as keys of nested maps outside
      // the handoff; a rule that then says "has no owner" contradicts the text.
      const { report } = checkJson(fixture('broken'));
      const unparsable = new Set(report.diagnostics.filter((d) => d.rule === 'yaml-syntax').map((d) => d.file));
      assert.deepEqual([...unparsable].sort(), ['bad-yaml.handoff.yaml', 'tab-indent.handoff.yaml']);
      const guessed = report.diagnostics.filter((d) => unparsable.has(d.file) && d.rule !== 'yaml-syntax');
      assert.deepEqual(guessed.map((d) => `${at(d)} ${d.rule}: ${d.message}`), []);
    });

    it('keeps every finding of a broken file in that file', () => {
      const { report } = checkJson(fixture('broken'));
      for (const d of report.diagnostics.filter((d) => BROKEN_FILES.includes(d.file))) {
        for (const r of d.related) assert.equal(r.file, d.file, `${at(d)} ${d.rule} points into ${at(r)}`);
      }
      const inIntactFiles = report.diagnostics.filter((d) => INTACT_FILES.includes(d.file));
      assert.deepEqual(
        inIntactFiles.map((d) => `${at(d)} ${d.rule} -> ${d.related.map(at).join(', ')}`),
        ['sq010.handoff.yaml:26:12 schedule-conflict -> sq010.handoff.yaml:10:10'],
      );
      for (const d of report.diagnostics) assert.ok([...BROKEN_FILES, ...INTACT_FILES].includes(d.file), `${at(d)}: a file the fixture does not have`);
      assert.equal(report.summary.files, BROKEN_FILES.length + INTACT_FILES.length);
    });

    it('still schedules and fully checks the intact files', () => {
      const { report } = checkJson(fixture('broken'));
      const conflict = report.diagnostics.find((d) => d.rule === 'schedule-conflict');
      assert.ok(conflict, 'the schedule conflict of sq010.handoff.yaml is not reported');
      assert.equal(
        conflict.message,
        "Handoff 'fx-to-comp-sq010' starts 2027-01-12, 1 working day too early: upstream 'fx-sim-sq010' is ready on 2027-01-12 " +
          '(due 2027-01-08 + 2 review days); start on 2027-01-13 or later.',
      );
      const { stdout } = handoff('check', fixture('broken'), '--today', TODAY);
      const { header, rows } = criticalPathRows(stdout, 'testprod');
      assert.equal(header, 'Critical path of testprod (2 handoffs, ready 2027-01-26):');
      assert.deepEqual(rows, [
        // Ready on the day its dependant starts: one working day late.
        ['fx-sim-sq010', '2027-01-04', '2027-01-08', '2027-01-12', '-1'],
        // Ready Tuesday 01-26; picture lock is Friday 02-05, 8 working days later.
        ['fx-to-comp-sq010', '2027-01-12', '2027-01-22', '2027-01-26', '8'],
      ]);
    });
  });

  describe('--format json', () => {
    it('gives every diagnostic its place, rule, message and related locations', () => {
      for (const dir of [fixture('broken'), fixture('suppressed'), fixture('duplicate-id')]) {
        const { report } = checkJson(dir);
        assert.equal(report.today, TODAY);
        assert.ok(report.diagnostics.length > 0, dir);
        for (const d of report.diagnostics) {
          const what = `${dir}: ${at(d)} ${d.rule}`;
          assertPosition(d, what);
          assert.ok(['error', 'warning', 'info'].includes(d.severity), `${what}: severity ${d.severity}`);
          assert.ok(RULE_IDS.includes(d.rule), `${what}: unknown rule`);
          assert.equal(typeof d.message, 'string');
          assert.ok(d.message.length > 0, `${what}: empty message`);
          assert.ok(Array.isArray(d.related), `${what}: related is not a list`);
          for (const r of d.related) {
            assertPosition(r, `${what} related`);
            assert.ok(r.message.length > 0, `${what}: related without a message`);
          }
          if (d.suppressed !== undefined) assert.equal(typeof d.suppressed.reason, 'string');
        }
      }
    });

    it('counts the summary from the diagnostics, leaving suppressed ones out', () => {
      for (const dir of ['test/fixtures/base', fixture('broken'), fixture('suppressed'), fixture('duplicate-id')]) {
        const { report } = checkJson(dir);
        const live = report.diagnostics.filter((d) => d.suppressed === undefined);
        assert.deepEqual(
          report.summary,
          {
            errors: live.filter((d) => d.severity === 'error').length,
            warnings: live.filter((d) => d.severity === 'warning').length,
            infos: live.filter((d) => d.severity === 'info').length,
            suppressed: report.diagnostics.length - live.length,
            files: report.summary.files,
          },
          dir,
        );
      }
      assert.deepEqual(checkJson('test/fixtures/base').report.summary, { errors: 0, warnings: 0, infos: 0, suppressed: 0, files: 6 });
      assert.equal(checkJson(fixture('broken')).report.summary.files, 10);
    });

    it('reports a suppressed finding with its reason and does not count it', () => {
      const { run, report } = checkJson(fixture('suppressed'));
      const findings = report.diagnostics.map((d) => `${at(d)} ${d.severity} ${d.rule}${d.suppressed ? ` suppressed: ${d.suppressed.reason}` : ''}`);
      assert.deepEqual(findings, [
        'fx-plates.template.yaml:1:11 info unused-definition',
        // Saturday 2027-01-16, under `# handoff-disable-next-line non-working-day: vendor works Saturdays`.
        'vendor.handoff.yaml:11:10 warning non-working-day suppressed: vendor works Saturdays',
        // Saturday 2027-01-23, with no comment above it.
        'vendor.handoff.yaml:23:10 warning non-working-day',
      ]);
      assert.deepEqual(report.summary, { errors: 0, warnings: 1, infos: 1, suppressed: 1, files: 8 });
      assert.equal(run.status, 0, 'warnings and infos alone must not fail the check');

      const text = handoff('check', fixture('suppressed'), '--today', TODAY);
      assert.ok(!text.stdout.includes('vendor.handoff.yaml:11:'), 'the text output prints a suppressed finding');
      assert.match(text.stdout, /^0 errors, 1 warning, 1 info in 8 files \(1 suppressed\)\.$/m);
    });

    it('exits 1 exactly when there are errors', () => {
      const expected: Record<string, number> = {
        'examples/nightfall': 0,
        'test/fixtures/base': 0,
        [fixture('suppressed')]: 0,
        [fixture('duplicate-id')]: 1,
        [fixture('broken')]: 1,
      };
      for (const [dir, status] of Object.entries(expected)) {
        const { run, report } = checkJson(dir);
        assert.equal(run.status, report.summary.errors > 0 ? 1 : 0, `${dir}: exit ${run.status} with ${report.summary.errors} errors`);
        assert.equal(run.status, status, dir);
        assert.equal(run.stderr, '', dir);
        for (const format of ['text', 'sarif']) {
          assert.equal(handoff('check', dir, '--today', TODAY, '--format', format).status, status, `${dir} --format ${format}`);
        }
      }
    });
  });

  describe('--format sarif', () => {
    it('has the SARIF 2.1.0 shape with the whole rule catalogue', () => {
      const { run, log } = checkSarif(fixture('broken'));
      assert.equal(run.status, 1);
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema ?? '', /sarif.*2\.1\.0/);
      assert.equal(log.runs.length, 1);
      const driver = log.runs[0].tool.driver;
      assert.equal(driver.name, 'handoff');
      assert.deepEqual(driver.rules.map((rule) => rule.id).sort(), [...RULE_IDS].sort());
      for (const rule of driver.rules) {
        assert.match(rule.helpUri, /^https:\/\/\S+$/, `${rule.id}: helpUri`);
        assert.ok(rule.helpUri.includes(rule.id), `${rule.id}: helpUri ${rule.helpUri} does not name the rule`);
        assert.ok((rule.shortDescription?.text ?? '').length > 0, `${rule.id}: no shortDescription`);
      }
    });

    it('gives every result a rule, a level and a relative location with a region', () => {
      for (const dir of [fixture('broken'), fixture('suppressed'), fixture('duplicate-id')]) {
        const { log } = checkSarif(dir);
        const { report } = checkJson(dir);
        const run = log.runs[0];
        const rules = run.tool.driver.rules;
        assert.equal(run.results.length, report.diagnostics.length, `${dir}: one result per diagnostic, suppressed ones included`);
        run.results.forEach((result, index) => {
          const d = report.diagnostics[index];
          const what = `${dir}: result ${index} (${result.ruleId})`;
          assert.equal(result.ruleId, d.rule, what);
          if (result.ruleIndex !== undefined) assert.equal(rules[result.ruleIndex].id, result.ruleId, `${what}: ruleIndex`);
          assert.ok(['error', 'warning', 'note'].includes(result.level), `${what}: level ${result.level}`);
          assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[d.severity], `${what}: level`);
          assert.equal(result.message.text, d.message, what);
          assert.equal(result.locations.length, 1, what);
          const location = result.locations[0].physicalLocation;
          assertRelativeUri(location.artifactLocation.uri, what);
          assert.equal(location.artifactLocation.uri, d.file, what);
          if (location.artifactLocation.uriBaseId !== undefined) {
            assert.ok(run.originalUriBaseIds?.[location.artifactLocation.uriBaseId], `${what}: uriBaseId '${location.artifactLocation.uriBaseId}' is not declared`);
          }
          assertRegion(location.region, what);
          assert.deepEqual(location.region, { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn }, what);
        });
      }
    });

    it('marks a suppressed finding as suppressed in source, with the justification', () => {
      const { log } = checkSarif(fixture('suppressed'));
      const results = log.runs[0].results;
      const suppressed = results.filter((result) => result.suppressions !== undefined);
      assert.equal(suppressed.length, 1);
      assert.equal(suppressed[0].ruleId, 'non-working-day');
      assert.equal(suppressed[0].level, 'warning');
      assert.equal(suppressed[0].locations[0].physicalLocation.region.startLine, 11);
      assert.deepEqual(suppressed[0].suppressions, [{ kind: 'inSource', justification: 'vendor works Saturdays' }]);
      assert.deepEqual(
        results.map((result) => result.level),
        ['note', 'warning', 'warning'],
      );
    });

    it('gives a cross-file finding its related location in the other file', () => {
      const { run, log } = checkSarif(fixture('duplicate-id'));
      assert.equal(run.status, 1);
      const results = log.runs[0].results;
      assert.equal(results.length, 1);
      const [duplicate] = results;
      assert.equal(duplicate.ruleId, 'duplicate-id');
      assert.equal(duplicate.level, 'error');
      assert.equal(duplicate.locations[0].physicalLocation.artifactLocation.uri, 'vendor.handoff.yaml');
      assert.deepEqual(duplicate.locations[0].physicalLocation.region, { startLine: 2, startColumn: 9, endLine: 2, endColumn: 21 });
      assert.match(duplicate.message.text, /^Handoff id 'fx-sim-sq010' is already defined in sq010\.handoff\.yaml:2; rename one of them\.$/);
      assert.equal(duplicate.relatedLocations?.length, 1);
      const related = duplicate.relatedLocations![0];
      assert.equal(typeof related.id, 'number');
      assert.ok(related.message.text.length > 0);
      assert.equal(related.physicalLocation.artifactLocation.uri, 'sq010.handoff.yaml');
      assert.deepEqual(related.physicalLocation.region, { startLine: 2, startColumn: 9, endLine: 2, endColumn: 21 });
    });
  });

  describe('misuse', () => {
    // A folder with YAML and text in it, but no spec file.
    let noSpecs = '';
    before(() => {
      noSpecs = mkdtempSync(path.join(tmpdir(), 'handoff-no-specs-'));
      writeFileSync(path.join(noSpecs, 'notes.txt'), 'not a spec\n');
      writeFileSync(path.join(noSpecs, 'config.yaml'), 'key: value\n');
    });
    after(() => rmSync(noSpecs, { recursive: true, force: true }));

    const CASES: [string, () => string[], RegExp][] = [
      ['an unknown command', () => ['chek', 'test/fixtures/base'], /^handoff: unknown command 'chek'/],
      ['an unknown flag', () => ['check', 'test/fixtures/base', '--fromat', 'json'], /^handoff: .*'--fromat'/],
      ['--format xml', () => ['check', 'test/fixtures/base', '--format', 'xml'], /^handoff: unknown --format 'xml'; use one of text, json, sarif$/],
      ['--today 2027-13-01', () => ['check', 'test/fixtures/base', '--today', '2027-13-01'], /^handoff: --today '2027-13-01' is not a date; write it as YYYY-MM-DD/],
      ['--today 2027-02-29 (not a leap year)', () => ['check', 'test/fixtures/base', '--today', '2027-02-29'], /^handoff: --today '2027-02-29' is not a date/],
      ['--today without a value', () => ['check', 'test/fixtures/base', '--today'], /^handoff: .*'--today <value>' argument missing/],
      ['a missing folder', () => ['check', 'test/fixtures/no-such-folder'], /^handoff: no such folder 'test\/fixtures\/no-such-folder'$/],
      ['a file instead of a folder', () => ['check', 'test/fixtures/base/sq010.handoff.yaml'], /^handoff: 'test\/fixtures\/base\/sq010\.handoff\.yaml' is not a folder/],
      ['a folder with no spec files', () => ['check', noSpecs], /^handoff: no spec files .* under '.*'; run 'handoff init .*' to start one$/],
      ['two folders', () => ['check', 'test/fixtures/base', 'examples/nightfall'], /^handoff: 'check' takes one folder, got 2/],
    ];

    for (const [title, args, pattern] of CASES) {
      it(`exits 2 with one line on stderr for ${title}`, () => {
        const { status, stdout, stderr } = handoff(...args());
        assert.equal(status, 2, stderr);
        assert.equal(stdout, '');
        const lines = stderr.split('\n');
        assert.equal(lines.length, 2, `expected one line on stderr, got:\n${stderr}`);
        assert.equal(lines[1], '');
        assert.match(lines[0], pattern);
        assert.doesNotMatch(stderr, /internal error|\bat .+:\d+:\d+\)?$/m);
      });
    }
  });

  describe('unreadable spec files', () => {
    it('skips a dangling symlink and symlink loops and checks the rest', () => {
      withTempFolder('handoff-links-', (folder) => {
        const production = path.join(folder, 'production');
        cpSync(BASE, production, { recursive: true });
        symlinkSync('missing.handoff.yaml', path.join(production, 'dangling.handoff.yaml'));
        symlinkSync('knot.handoff.yaml', path.join(production, 'knot.handoff.yaml'));
        // A folder whose link leads back to the production folder: scanned once.
        mkdirSync(path.join(production, 'shots'));
        symlinkSync('..', path.join(production, 'shots', 'back'));
        const { status, stdout, stderr } = handoff('check', production, '--today', TODAY);
        assert.equal(status, 0, stdout + stderr);
        assert.match(stdout, /^0 errors, 0 warnings, 0 infos in 6 files\.$/m);
        assert.match(stdout, /^Critical path of testprod \(2 handoffs, ready 2027-01-26\):$/m);
        assert.match(stderr, /dangling\.handoff\.yaml: it does not exist/);
        assert.match(stderr, /knot\.handoff\.yaml: a symbolic link loops back on itself/);
        assert.doesNotMatch(stderr, /internal error/);

        const json = handoff('check', production, '--today', TODAY, '--format', 'json');
        assert.equal(json.status, 0);
        assert.deepEqual((JSON.parse(json.stdout) as JsonReport).summary, { errors: 0, warnings: 0, infos: 0, suppressed: 0, files: 6 });
      });
    });
  });

  describe('two production files in one folder', () => {
    it('reports that the folder has two productions', () => {
      withTempFolder('handoff-two-productions-', (folder) => {
        const production = path.join(folder, 'production');
        cpSync(BASE, production, { recursive: true });
        // No id shared with test.production.yaml, so no duplicate-id hides the real problem.
        writeFileSync(
          path.join(production, 'other.production.yaml'),
          'production: otherprod\ntitle: Other Production\ncalendar:\n  workdays: [mon, tue, wed, thu, fri, sat]\n',
        );
        const { status, stdout, stderr } = handoff('check', production, '--today', TODAY, '--format', 'json');
        assert.doesNotMatch(stderr, /internal error/);
        const report = JSON.parse(stdout) as JsonReport;
        const naming = report.diagnostics.filter((d) => {
          const text = [d.file, d.message, ...d.related.map((r) => r.file)].join(' ');
          return d.severity === 'error' && text.includes('test.production.yaml') && text.includes('other.production.yaml');
        });
        assert.ok(naming.length > 0, `no error names both production files; got ${JSON.stringify(report.diagnostics)}`);
        assert.equal(status, 1);
      });
    });
  });
});
