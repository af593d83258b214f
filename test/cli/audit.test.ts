import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCliBundle, handoff, handoffIn, ROOT, withTempFolder } from './cliProcess';

const NIGHTFALL = 'examples/nightfall';
const CLEAN = 'examples/deliveries/clean';
const BROKEN = 'examples/deliveries/broken';

interface AuditJson {
  production: string;
  summary: { errors: number; warnings: number; infos: number; files: number };
  handoffs: { handoff: string; template?: string; files: number }[];
  diagnostics: { file: string; line: number; column: number; severity: string; rule: string; message: string }[];
}

function auditJson(...args: string[]): { status: number | null; report: AuditJson; stderr: string } {
  const run = handoff('audit', ...args, '--format', 'json');
  return { status: run.status, report: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('handoff audit', () => {
  before(ensureCliBundle);

  it('finds nothing wrong in the clean example delivery, checksums included', () => {
    const { status, report, stderr } = auditJson(CLEAN, '--production', NIGHTFALL, '--checksums', `${CLEAN}/manifest.sha256`);
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.deepEqual(report.diagnostics, []);
    assert.deepEqual(report.summary, { errors: 0, warnings: 0, infos: 0, suppressed: 0, files: 23 });
    assert.deepEqual(report.handoffs, [
      { handoff: 'assets-to-layout-characters', template: 'asset-publish', files: 6 },
      { handoff: 'comp-to-color-sq010', template: 'comp-render', files: 15 },
      { handoff: 'sound-to-deliverables-me-stems', template: 'sound-mix', files: 2 },
    ]);
    const text = handoff('audit', CLEAN, '--production', NIGHTFALL);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^0 errors, 0 warnings, 0 infos in 23 files\.\nAudited against production nightfall, 3 handoffs: /);
  });

  it('reports every finding of the broken example delivery with its file', () => {
    const { status, report } = auditJson(BROKEN, '--production', NIGHTFALL, '--checksums', `${BROKEN}/manifest.sha256`);
    assert.equal(status, 1);
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.rule}`),
      [
        'comp-to-color-sq010/sq010_0010/final_comp_FINAL.exr:1 error naming-mismatch',
        'comp-to-color-sq010/sq010_0010/nightfall_sq010_0010_comp_v001.1002.exr:1 error checksum-mismatch',
        'comp-to-color-sq010/sq010_0010/nightfall_sq010_0010_comp_v002.1002.exr:1 error missing-frames',
        'comp-to-color-sq010/sq010_0010/nightfall_sq010_0010_comp_v002.1003.tif:1 error wrong-extension',
        'comp-to-color-sq010/sq010_0020/nightfall_sq010_0020_comp_v003.1001.exr:1 error version-gap',
        'comp-to-color-sq010/sq010_0020/nightfall_sq010_0020_comp_v003.mov:1 error missing-required-file',
        'comp-to-color-sq010/sq010_0030/nightfall_sq01_0030_comp_v001.1001.exr:1 error unknown-token-value',
        'comp-to-colour-sq020/:1 error unknown-handoff',
        'manifest.sha256:25 error checksum-missing-file',
        'manifest.sha256:26 error manifest-syntax',
        'nightfall_sq010_0040_comp_v001.mov:1 warning unassigned-file',
        'sound-to-deliverables-me-stems/nightfall_r01_me_51_v001.wav:1 warning empty-file',
        'sound-to-deliverables-me-stems/nightfall_r02_me_51_v001.wav:1 warning checksum-unlisted',
      ],
    );
    assert.deepEqual(report.summary, { errors: 10, warnings: 3, infos: 0, suppressed: 0, files: 25 });
    const frames = report.diagnostics.find((d) => d.rule === 'missing-frames')!;
    assert.equal(
      frames.message,
      "Sequence 'nightfall_sq010_0010_comp_v002.####.exr' of 'comp-to-color-sq010' has a hole: frame 1003 is missing between 1002 and 1004 (delivered 1001–1004, 3 frames).",
    );
  });

  it('prints findings like check, and exits 1 on errors in every format', () => {
    const run = handoff('audit', BROKEN, '--production', NIGHTFALL);
    assert.equal(run.status, 1);
    const lines = run.stdout.split('\n');
    assert.ok(
      lines.includes(
        "comp-to-color-sq010/sq010_0020/nightfall_sq010_0020_comp_v003.1001.exr:1:1  error    Versions of 'comp-to-color-sq010' for shot sq010_0020 jump from 1 to 3: version 2 is missing.  [version-gap]",
      ),
      run.stdout,
    );
    assert.ok(lines.includes('7 errors, 2 warnings, 0 infos in 25 files.'), run.stdout);
    assert.equal(handoff('audit', BROKEN, '--production', NIGHTFALL, '--format', 'sarif').status, 1);
  });

  it('writes SARIF with the audit rules and relative locations', () => {
    const run = handoff('audit', BROKEN, '--production', NIGHTFALL, '--format', 'sarif', '--checksums', `${BROKEN}/manifest.sha256`);
    const log = JSON.parse(run.stdout);
    assert.equal(log.version, '2.1.0');
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'handoff audit');
    const ids: string[] = driver.rules.map((rule: { id: string }) => rule.id);
    assert.ok(ids.includes('missing-frames') && ids.includes('checksum-mismatch'));
    const result = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'manifest-syntax');
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: 'manifest.sha256', uriBaseId: 'DELIVERY' }, region: { startLine: 26 } });
    assert.equal(ids[result.ruleIndex], 'manifest-syntax');
    assert.equal(result.level, 'error');
  });

  it("audits a folder named after a handoff as that handoff's delivery", () => {
    const { status, report } = auditJson(`${CLEAN}/comp-to-color-sq010`, '--production', NIGHTFALL);
    assert.equal(status, 0);
    assert.deepEqual(report.handoffs, [{ handoff: 'comp-to-color-sq010', template: 'comp-render', files: 15 }]);
  });

  it('hashes the files of a real folder', () => {
    withTempFolder('handoff-audit-', (folder) => {
      const delivery = path.join(folder, 'delivery');
      cpSync(path.join(ROOT, CLEAN), delivery, { recursive: true });
      const frame = path.join(delivery, 'comp-to-color-sq010', 'sq010_0010', 'nightfall_sq010_0010_comp_v001.1003.exr');
      writeFileSync(frame, 'damaged');
      mkdirSync(path.join(delivery, '.cache'));
      writeFileSync(path.join(delivery, '.cache', 'ignored.bin'), 'x');
      writeFileSync(path.join(delivery, '.DS_Store'), 'x');
      const run = handoffIn(folder, 'audit', 'delivery', '--production', path.join(ROOT, NIGHTFALL), '--checksums', 'delivery/manifest.sha256', '--format', 'json');
      const report: AuditJson = JSON.parse(run.stdout);
      assert.deepEqual(
        report.diagnostics.map((d) => `${d.file} ${d.rule}`),
        ['comp-to-color-sq010/sq010_0010/nightfall_sq010_0010_comp_v001.1003.exr checksum-mismatch'],
      );
      assert.match(report.diagnostics[0].message, /hashes to sha256 [0-9a-f]{64}, but the manifest \(line \d+\) says [0-9a-f]{64}/);
      assert.equal(run.status, 1);
    });
  });

  it('explains misuse on one line with exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['audit'], /^handoff: 'audit' needs the delivery folder: handoff audit DELIVERY_DIR \[--production dir\]\n$/],
      [['audit', 'no/such/folder'], /^handoff: no such folder 'no\/such\/folder'\n$/],
      [['audit', CLEAN, '--production', NIGHTFALL, '--checksums', 'missing.sha256'], /^handoff: cannot read the checksum manifest 'missing\.sha256': it does not exist\n$/],
      [['audit', CLEAN, '--production', 'test/fixtures'], /^handoff: 'test\/fixtures' holds \d+ productions \(.*\) and the delivery's folders do not tell which one it belongs to; pass that production's folder with --production\n$/],
      [['audit', CLEAN, '--production', NIGHTFALL, '--format', 'html'], /^handoff: unknown --format 'html'; use one of text, json, sarif\n$/],
    ];
    for (const [args, expected] of cases) {
      const run = handoff(...args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, expected, args.join(' '));
    }
  });
});
