// Delivery audit on test/fixtures/audit (production `tide`): comp-render asks
// for `{show}_{shot}_comp_v{version:3}.{frame:4}.exr` frames plus a
// `{show}_{shot}_comp_v{version:3}.mov` movie; mix names files
// `{show}_{seq}_to-{to}_{date}_v{version}.wav`.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { auditDelivery, parseChecksumManifest, type AuditInput, type AuditResult, type DeliveredFile } from '../../server/src/core/audit';
import type { ProductionModel } from '../../server/src/core/production';
import { fixtureFiles, workspaceOf } from '../harness';

function production(changes: Record<string, string | null> = {}): ProductionModel {
  return workspaceOf(changes, 'audit').productions()[0];
}

const files = (...paths: string[]): DeliveredFile[] => paths.map((path) => ({ path, size: 10 }));

/** A comp delivery of shot `shot`, version `version`, frames first..last, with or without its movie. */
function comp(shot: string, version: number, first = 1001, last = 1004, movie = true): string[] {
  const v = String(version).padStart(3, '0');
  const out: string[] = [];
  for (let frame = first; frame <= last; frame++) out.push(`comp-sh010/${shot}/tide_${shot}_comp_v${v}.${frame}.exr`);
  if (movie) out.push(`comp-sh010/${shot}/tide_${shot}_comp_v${v}.mov`);
  return out;
}

const CLEAN = [...comp('sh010', 1), ...comp('sh010', 2), ...comp('sh020', 1), 'mix-r01/tide_q01_to-color_2027-01-14_v1.wav', 'mix-r01/tide_q01_to-color_20270115_v2.wav'];

function audit(input: Partial<AuditInput> & { files: DeliveredFile[] }, model = production()): AuditResult {
  return auditDelivery(model, input);
}

/** `rule file` per finding, for compact assertions. */
function found(result: AuditResult): string[] {
  return result.findings.map((finding) => `${finding.rule} ${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('delivery audit', () => {
  it('finds nothing wrong in a clean delivery', () => {
    const result = audit({ files: files(...CLEAN) });
    assert.deepEqual(result.findings, []);
    assert.equal(result.files, CLEAN.length);
    assert.deepEqual(result.handoffs, [
      { handoff: 'comp-sh010', template: 'comp-render', files: 15 },
      { handoff: 'mix-r01', template: 'mix', files: 2 },
    ]);
  });

  it('reports a missing frame at the frame before the hole, with the sequence', () => {
    const delivered = CLEAN.filter((path) => !path.endsWith('sh010_comp_v002.1002.exr') && !path.endsWith('sh010_comp_v002.1003.exr'));
    const result = audit({ files: files(...delivered) });
    assert.deepEqual(found(result), ['missing-frames comp-sh010/sh010/tide_sh010_comp_v002.1001.exr']);
    assert.equal(
      result.findings[0].message,
      "Sequence 'tide_sh010_comp_v002.####.exr' of 'comp-sh010' has a hole: frames 1002 to 1003 are missing between 1001 and 1004 (delivered 1001–1004, 2 frames).",
    );
    assert.equal(result.findings[0].severity, 'error');
  });

  describe('a handoff scoped to a unit (DESIGN §7.1)', () => {
    // comp-sh010 is scoped to shot sh010 (frames 1001-1006), mix-r01 to sequence q01.
    const fixture = fixtureFiles('audit')['shots.handoff.yaml']
      .replace('    template: comp-render\n', '    template: comp-render\n    unit: sh010\n')
      .replace('    template: mix\n', '    template: mix\n    unit: q01\n');
    const scoped = () =>
      production({ 'audit.breakdown.yaml': 'units:\n  - { id: q01, kind: seq }\n  - { id: sh010, kind: shot, parent: q01, frames: 1001-1006 }\n', 'shots.handoff.yaml': fixture });

    it('reports a sequence shorter than its unit\'s frame range, and is silent on the full range', () => {
      const short = audit({ files: files(...comp('sh010', 1, 1001, 1004)) }, scoped());
      assert.deepEqual(found(short), ['missing-frames comp-sh010/sh010/tide_sh010_comp_v001.1001.exr']);
      assert.equal(
        short.findings[0].message,
        "Sequence 'tide_sh010_comp_v001.####.exr' of 'comp-sh010' is short: unit 'sh010' runs 1001–1006, but frames 1005 to 1006 are not delivered (delivered 1001–1004).",
      );
      // Near miss: 1001-1006 is the whole shot.
      assert.deepEqual(found(audit({ files: files(...comp('sh010', 1, 1001, 1006)) }, scoped())), []);
    });

    it('takes the unit as the value of its tokens: a file of another shot or sequence in the folder is reported', () => {
      const result = audit({ files: files(...comp('sh010', 1, 1001, 1006), 'comp-sh010/sh020/tide_sh020_comp_v001.mov', 'mix-r01/tide_q01_to-color_2027-01-14_v1.wav', 'mix-r01/tide_q02_to-color_20270115_v2.wav') }, scoped());
      assert.deepEqual(found(result), ['unknown-token-value comp-sh010/sh020/tide_sh020_comp_v001.mov', 'unknown-token-value mix-r01/tide_q02_to-color_20270115_v2.wav']);
      assert.match(result.findings[1].message, /'q02' does not fit \{seq\}, 'q01' of unit 'q01'/);
    });
  });

  it('reports a wrong extension alone, naming the formats the template takes', () => {
    const result = audit({ files: files(...CLEAN, 'comp-sh010/sh010/tide_sh010_comp_v002.1005.tif', 'comp-sh010/sh010/README') });
    assert.deepEqual(found(result), ['wrong-extension comp-sh010/sh010/README', 'wrong-extension comp-sh010/sh010/tide_sh010_comp_v002.1005.tif']);
    assert.equal(result.findings[1].message, "'tide_sh010_comp_v002.1005.tif' has extension '.tif'; template 'comp-render' of 'comp-sh010' takes .exr (exr) and .mov (prores).");
    assert.match(result.findings[0].message, /^'README' has no extension;/);
  });

  it('reports a version gap once for frames and movie together', () => {
    const result = audit({ files: files(...comp('sh010', 1), ...comp('sh010', 3), ...comp('sh010', 4)) });
    assert.deepEqual(found(result), ['version-gap comp-sh010/sh010/tide_sh010_comp_v003.1001.exr']);
    assert.equal(result.findings[0].message, "Versions of 'comp-sh010' for shot sh010 jump from 1 to 3: version 2 is missing.");
    const wide = audit({ files: files(...comp('sh010', 2), ...comp('sh010', 6)) });
    assert.match(wide.findings[0].message, /jump from 2 to 6: versions 3 to 5 are missing\.$/);
  });

  it('reports an unknown token value, naming the token and what it allows', () => {
    const result = audit({
      files: files(
        ...CLEAN,
        'comp-sh010/x/tide_shot10_comp_v001.1001.exr', // glossary token shot: sh[0-9]+
        'comp-sh010/x/tide_sh1234_comp_v001.1001.exr', // fits the token, not metadata field shot ^sh[0-9]{3}$
        'comp-sh010/x/tidal_sh030_comp_v001.1001.exr', // {show} must be the production id
        'comp-sh010/x/tide_sh030_comp_v01.1001.exr', // {version:3}
        'mix-r01/tide_q1_to-color_2027-01-14_v1.wav', // seq from the metadata field: ^q[0-9]{2}$
        'mix-r01/tide_q02_to-sound_2027-01-14_v1.wav', // {to} is the handoff's department
        'mix-r01/tide_q03_to-color_2027-02-30_v1.wav', // not a real date
      ),
    });
    const messages = result.findings.map((finding) => `${finding.rule}: ${finding.message}`);
    assert.deepEqual(messages, [
      "unknown-token-value: 'tidal_sh030_comp_v001.1001.exr' fits '{show}_{shot}_comp_v{version:3}.{frame:4}.exr' except token {show}: 'tidal' does not fit {show}, the production id 'tide'.",
      "unknown-token-value: 'tide_sh030_comp_v01.1001.exr' fits '{show}_{shot}_comp_v{version:3}.{frame:4}.exr' except token {version}: '01' does not fit {version:3}, exactly 3 digits.",
      "unknown-token-value: 'tide_sh1234_comp_v001.1001.exr': token {shot} is 'sh1234', which does not match the pattern of metadata field 'shot' (^sh[0-9]{3}$).",
      "unknown-token-value: 'tide_shot10_comp_v001.1001.exr' fits '{show}_{shot}_comp_v{version:3}.{frame:4}.exr' except token {shot}: 'shot10' does not fit naming token 'shot' (sh[0-9]+).",
      "unknown-token-value: 'tide_q02_to-sound_2027-01-14_v1.wav' fits '{show}_{seq}_to-{to}_{date}_v{version}.wav' except token {to}: 'sound' does not fit {to}, department 'color' of the handoff.",
      "unknown-token-value: 'tide_q03_to-color_2027-02-30_v1.wav': token {date} is '2027-02-30', which is not a real date.",
      "unknown-token-value: 'tide_q1_to-color_2027-01-14_v1.wav' fits '{show}_{seq}_to-{to}_{date}_v{version}.wav' except token {seq}: 'q1' does not fit metadata field 'seq' (^q[0-9]{2}$).",
    ]);
    assert.ok(result.findings.every((finding) => finding.handoff !== undefined));
  });

  it('reports a name that fits no pattern', () => {
    const result = audit({ files: files(...CLEAN, 'comp-sh010/sh010/final_FINAL_v2.exr') });
    assert.deepEqual(found(result), ['naming-mismatch comp-sh010/sh010/final_FINAL_v2.exr']);
    assert.equal(
      result.findings[0].message,
      "'final_FINAL_v2.exr' fits no naming pattern of template 'comp-render' ('{show}_{shot}_comp_v{version:3}.{frame:4}.exr' and '{show}_{shot}_comp_v{version:3}.mov'); rename it to follow one of them.",
    );
  });

  it('reports a required file missing for the shot and version that need it, by its expected name', () => {
    const result = audit({ files: files(...comp('sh010', 1), ...comp('sh020', 1, 1001, 1004, false), 'comp-sh010/sh030/tide_sh030_comp_v001.mov') });
    assert.deepEqual(found(result), [
      'missing-required-file comp-sh010/sh020/tide_sh020_comp_v001.mov',
      // a movie without its frames: the frame pattern has a token ({frame}) the movie cannot fill in
      'missing-required-file comp-sh010/sh030/',
    ]);
    assert.equal(
      result.findings[0].message,
      "Required file 'tide_sh020_comp_v001.mov' of 'comp-sh010' is missing: template 'comp-render' asks for '{show}_{shot}_comp_v{version:3}.mov' for shot sh020, version 001, as 'tide_sh020_comp_v001.1001.exr' was delivered.",
    );
    assert.equal(
      result.findings[1].message,
      "Required file '{show}_{shot}_comp_v{version:3}.{frame:4}.exr' for shot sh030, version 001 of 'comp-sh010' is missing (next to 'tide_sh030_comp_v001.mov').",
    );
  });

  describe('stems required by literal name', () => {
    // A stems delivery: the naming pattern is general ({stem}); required_files
    // lists each stem by its literal name. Each delivered stem also fits the
    // naming pattern, which is listed first.
    const STEMS_TEMPLATE = [
      'template: stems',
      'asset_type: mix',
      'format: wav',
      'naming: "{show}_{episode}_{stem}_{channels}_v{version:3}.wav"',
      'required_files:',
      ...['dx', 'mx', 'fx', 'mix'].map((stem) => `  - "{show}_{episode}_${stem}_{channels}_v{version:3}.wav"`),
      '',
    ].join('\n');
    const model = (): ProductionModel =>
      production({
        'stems.template.yaml': STEMS_TEMPLATE,
        'audit.glossary.yaml': `${workspaceOf({}, 'audit').productions()[0].files.find((file) => file.parsed.kind === 'glossary')!.parsed.text.trimEnd()}\n  episode: "ep[0-9]{3}"\n  stem: "[a-z]+"\n  channels: "(20|51)"\n`,
        'stems.handoff.yaml': [
          'handoffs:',
          '  - { id: stems-ep101, from: sound, to: color, template: stems, owner: sol, contact: sol, start: 2027-01-04, due: 2027-01-15, done_when: [Four stems delivered] }',
          '',
        ].join('\n'),
      });
    const stems = (...names: string[]) => files(...names.map((stem) => `stems-ep101/tide_ep101_${stem}_51_v001.wav`));

    it('a correct delivery of the four stems has no missing required file', () => {
      // Before the fix: four "Required file 'tide_ep101_dx_51_v001.wav' ... is missing ... as '…' was delivered".
      const result = audit({ files: stems('dx', 'mx', 'fx', 'mix') }, model());
      assert.deepEqual(found(result), []);
    });

    it('near miss: a stem left out is reported by its expected name, once', () => {
      const result = audit({ files: stems('dx', 'mx', 'mix') }, model());
      assert.deepEqual(found(result), ['missing-required-file stems-ep101/tide_ep101_fx_51_v001.wav']);
    });
  });

  it('reports an empty handoff folder content against every required file', () => {
    const result = audit({ files: files('comp-sh010/notes.txt.exr') });
    assert.deepEqual(found(result), ['missing-required-file comp-sh010/', 'missing-required-file comp-sh010/', 'naming-mismatch comp-sh010/notes.txt.exr']);
    assert.match(result.findings[0].message, /^The folder of 'comp-sh010' holds 1 file, none of them named after a pattern of template 'comp-render'; required file /);
  });

  it('verifies checksums: a mismatch, a listed file not delivered, an unlisted file, a bad line', () => {
    const delivered = files(...CLEAN);
    const [first, second, ...rest] = delivered;
    const manifest = [
      `${sha256('frame one')}  ${first.path}`,
      `${sha256('frame two')} *./${second.path}`,
      ...rest.slice(1).map((file) => `${sha256(file.path)}  ${file.path}`),
      `${sha256('gone')}  comp-sh010/sh010/tide_sh010_comp_v001.0999.exr`,
      'd41d8cd98f00b204e9800998ecf8427e  comp-sh010/sh010/tide_sh010_comp_v001.mov',
      '',
    ].join('\n');
    const hashes = new Map<string, string>([
      [first.path, sha256('frame one')],
      [second.path, sha256('frame two, damaged')],
      ...rest.slice(1).map((file): [string, string] => [file.path, sha256(file.path)]),
    ]);
    const result = audit({ files: delivered, manifest: { path: 'manifest.sha256', text: manifest }, hashes });
    assert.deepEqual(found(result), [
      `checksum-mismatch ${second.path}`,
      `checksum-unlisted ${rest[0].path}`,
      `checksum-missing-file manifest.sha256:${manifest.split('\n').length - 2}`,
      `manifest-syntax manifest.sha256:${manifest.split('\n').length - 1}`,
    ]);
    assert.equal(
      result.findings[0].message,
      `'${second.path}' hashes to sha256 ${sha256('frame two, damaged')}, but the manifest (line 2) says ${sha256('frame two')}: the file changed or was damaged in transfer.`,
    );
    assert.match(result.findings[3].message, /\(32 hex digits: an MD5 sum; make the manifest with sha256sum\)/);
    assert.deepEqual(
      result.findings.map((finding) => finding.severity),
      ['error', 'warning', 'error', 'error'],
    );
  });

  it("parses sha256sum's manifest format, escaped names included", () => {
    const hex = 'a'.repeat(64);
    const { entries, errors } = parseChecksumManifest(
      `${hex}  plain.exr\r\n${hex.toUpperCase()} *./binary.exr\n\\${hex}  back\\\\slash\\nnewline.exr\n\nnot a line\n${hex}  sh010\\windows.exr\n`,
    );
    assert.deepEqual(entries, [
      { path: 'plain.exr', sha256: hex, line: 1 },
      { path: 'binary.exr', sha256: hex, line: 2 },
      { path: 'back\\slash\nnewline.exr', sha256: hex, line: 3 },
      { path: 'sh010/windows.exr', sha256: hex, line: 6 },
    ]);
    assert.deepEqual(errors.map((error) => error.line), [5]);
  });

  it('reports a top-level folder that names no handoff once, with the nearest id', () => {
    const result = audit({ files: files(...CLEAN, 'comp-sh01/a.exr', 'comp-sh01/b.exr', 'misc/a.exr') });
    assert.deepEqual(found(result), ['unknown-handoff comp-sh01/', 'unknown-handoff misc/']);
    assert.equal(result.findings[0].message, "Folder 'comp-sh01' (2 files) names no handoff of production 'tide'; did you mean 'comp-sh010'?");
    assert.match(result.findings[1].message, /name each top-level folder after the handoff it delivers\.$/);
  });

  it('reports a file outside every handoff folder with the templates its name fits', () => {
    const result = audit({ files: files(...CLEAN, 'tide_sh040_comp_v001.mov', 'readme.txt') });
    assert.deepEqual(found(result), ['unassigned-file readme.txt', 'unassigned-file tide_sh040_comp_v001.mov']);
    assert.equal(
      result.findings[1].message,
      "'tide_sh040_comp_v001.mov' is in no handoff folder, its name fits template 'comp-render' (used by comp-sh010); move it into the folder named after its handoff.",
    );
    assert.match(result.findings[0].message, /and its name fits no template's naming pattern;/);
    assert.equal(result.findings[0].severity, 'warning');
  });

  it('checks every file against one handoff when the delivery folder is that handoff', () => {
    const inside = comp('sh010', 1).map((path) => path.replace('comp-sh010/', ''));
    assert.deepEqual(audit({ files: files(...inside), handoff: 'comp-sh010' }).findings, []);
    const gap = audit({ files: files(...inside.filter((path) => !path.endsWith('.1002.exr'))), handoff: 'comp-sh010' });
    assert.deepEqual(found(gap), ['missing-frames sh010/tide_sh010_comp_v001.1001.exr']);
  });

  it('warns about a handoff without a template and an empty file', () => {
    const result = audit({ files: [...files(...CLEAN), { path: 'notes/todo.txt', size: 3 }, { path: 'comp-sh010/sh010/tide_sh010_comp_v001.1005.exr', size: 0 }] });
    assert.deepEqual(found(result), ['empty-file comp-sh010/sh010/tide_sh010_comp_v001.1005.exr', 'no-template notes/']);
    assert.equal(result.findings[1].message, "Handoff 'notes' has no template, so its 1 delivered file cannot be checked.");
  });

  it('checks a token that repeats in a pattern for one value', () => {
    const model = production({ 'comp-render.template.yaml': 'template: comp-render\nasset_type: comp\nformat: exr\ncolor_space: acescg\nnaming: "{shot}/{show}_{shot}.{frame:4}.exr"\n' });
    // A pattern with '/' never matches a file name: only names are matched.
    const result = audit({ files: files('comp-sh010/tide_sh010.1001.exr') }, model);
    assert.deepEqual(found(result), ['missing-required-file comp-sh010/', 'naming-mismatch comp-sh010/tide_sh010.1001.exr']);
    const twice = production({ 'comp-render.template.yaml': 'template: comp-render\nasset_type: comp\nformat: exr\ncolor_space: acescg\nnaming: "{show}_{shot}_{shot}.{frame:4}.exr"\n' });
    const mixed = audit({ files: files('comp-sh010/tide_sh010_sh020.1001.exr', 'comp-sh010/tide_sh010_sh010.1002.exr') }, twice);
    assert.deepEqual(
      mixed.findings.map((finding) => finding.message),
      ["'tide_sh010_sh020.1001.exr': token {shot} is 'sh010' and 'sh020' in one name."],
    );
  });

  // How long this takes is a bench row (`npm run bench`: handoff audit of 20,000 delivered files).
  it('audits 20,000 frames of 20 shots and finds nothing wrong with them', () => {
    const many: string[] = [];
    for (let shot = 0; shot < 20; shot++) {
      const id = `sh${String(shot).padStart(3, '0')}`;
      many.push(...comp(id, 1, 1001, 2000));
    }
    const result = audit({ files: files(...many) });
    assert.deepEqual(result.findings, []);
    const gap = audit({ files: files(...many.filter((name) => !name.endsWith('sh007_comp_v001.1500.exr'))) });
    // The finding sits on the last frame before the gap and names the missing one.
    assert.deepEqual(found(gap), ['missing-frames comp-sh010/sh007/tide_sh007_comp_v001.1499.exr']);
    assert.match(gap.findings[0].message, /1500/);
  });
});
