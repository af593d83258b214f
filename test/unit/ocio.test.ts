// The studio's OCIO config (DESIGN §7.4, §7.7): a real ACES config's names,
// aliases and roles, and the ocio-unknown / ocio-duplicate rules.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ocioConfigUri, parseOcioConfig, resolveOcioName, type OcioConfig } from '../../server/src/core/ocio';
import { Workspace } from '../../server/src/core/workspace';
import { readOcioConfig } from '../../server/src/node/files';
import { resultsOf, uriOf } from '../harness';

const ACES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ocio', 'cg-config-v2.2.0_aces-v1.3_ocio-v2.4.ocio');

function acesConfig(): OcioConfig {
  const loaded = parseOcioConfig(readFileSync(ACES, 'utf8'));
  assert.ok('config' in loaded, 'the ACES config parses');
  return loaded.config;
}

describe('OCIO config: names, aliases and roles of a real ACES config', () => {
  it('resolves lin_ap1 (an alias), scene_linear (a role) and acescg (a name, any case) to ACEScg', () => {
    const config = acesConfig();
    const alias = resolveOcioName(config, 'lin_ap1')!;
    assert.deepEqual([alias.kind, alias.name, alias.colorSpace?.name], ['alias', 'lin_ap1', 'ACEScg']);
    const role = resolveOcioName(config, 'scene_linear')!;
    assert.deepEqual([role.kind, role.name, role.colorSpace?.name], ['role', 'scene_linear', 'ACEScg']);
    const name = resolveOcioName(config, 'acescg')!;
    assert.deepEqual([name.kind, name.name, name.colorSpace?.name], ['color space', 'ACEScg', 'ACEScg']);
    assert.equal(name.colorSpace?.family, 'ACES');
    assert.equal(name.colorSpace?.encoding, 'scene-linear');
    assert.deepEqual(name.colorSpace?.aliases, ['ACES - ACEScg', 'lin_ap1', 'lin_ap1_scene']);
  });

  it('counts display color spaces, and not named transforms, views or looks', () => {
    const config = acesConfig();
    assert.equal(resolveOcioName(config, 'srgb_display')?.colorSpace?.display, true);
    // 'sRGB - Curve' is a named transform; 'ACES 1.0 - SDR Video' a view; neither is a color space name.
    assert.equal(resolveOcioName(config, 'sRGB - Curve'), undefined);
    assert.equal(resolveOcioName(config, 'ACES 1.0 - SDR Video'), undefined);
  });

  it('says when a text is not YAML, or YAML but no config', () => {
    const broken = parseOcioConfig('roles:\n  scene_linear: [ACEScg\n');
    assert.ok('problem' in broken && /is not YAML/.test(broken.problem));
    const other = parseOcioConfig('handoffs: []\n');
    assert.ok('problem' in other && /not an OCIO config/.test(other.problem));
  });

  it('resolves ocio: next to the production file; $OCIO and ocio:// name no file', () => {
    assert.deepEqual(ocioConfigUri('file:///show/show.production.yaml', 'color/config.ocio'), { uri: 'file:///show/color/config.ocio' });
    assert.deepEqual(ocioConfigUri('file:///show/show.production.yaml', '../studio/config.ocio'), { uri: 'file:///studio/config.ocio' });
    assert.match((ocioConfigUri('file:///show/show.production.yaml', '$OCIO') as { problem: string }).problem, /environment variable, not a file/);
    assert.match((ocioConfigUri('file:///show/show.production.yaml', 'ocio://cg-config-latest') as { problem: string }).problem, /built into OpenColorIO, not a file/);
  });
});

describe('rules ocio-unknown and ocio-duplicate', () => {
  const PRODUCTION = ['production: show', 'ocio: color/config.ocio', 'departments: []', ''].join('\n');
  const GLOSSARY = (lines: string[]) => ['color_spaces:', ...lines, ''].join('\n');

  function analyse(glossary: string[], production = PRODUCTION, source: { text: string } | { problem: string } | null = { text: readFileSync(ACES, 'utf8') }) {
    const workspace = new Workspace();
    workspace.setFile(uriOf('show.production.yaml'), production, 1);
    workspace.setFile(uriOf('show.glossary.yaml'), GLOSSARY(glossary), 1);
    if (source) for (const uri of workspace.ocioUris()) workspace.setOcioSource(uri, source);
    return resultsOf(workspace).filter((r) => r.rule.startsWith('ocio-')).map((r) => ({ at: `${r.file}:${r.line}:${r.column}`, rule: r.rule, severity: r.severity, message: r.message }));
  }

  it('reports an unknown name at its value with the closest name; names, aliases and roles in any case stay silent', () => {
    const found = analyse([
      '  - { id: acescg, name: ACEScg, ocio: ACEScgg }',
      '  - { id: linear, ocio: LIN_AP1 }',
      '  - { id: timing, ocio: Color_Timing }',
    ]);
    assert.deepEqual(found.map((f) => [f.at, f.rule, f.severity]), [['show.glossary.yaml:2:39', 'ocio-unknown', 'error']]);
    assert.equal(found[0].message, "OCIO name 'ACEScgg' of color space 'acescg' is not a color space, alias or role of color/config.ocio; did you mean 'ACEScg'?");
  });

  it('two color spaces naming the same OCIO space: info at the second', () => {
    const found = analyse(['  - { id: acescg, ocio: ACEScg }', '  - { id: lin-ap1, ocio: lin_ap1 }', '  - { id: acescct, ocio: ACEScct }']);
    assert.deepEqual(found.map((f) => [f.at, f.rule, f.severity]), [['show.glossary.yaml:3:26', 'ocio-duplicate', 'info']]);
    assert.match(found[0].message, /'acescg' and 'lin-ap1' both name OCIO color space 'ACEScg'/);
  });

  it('$OCIO and ocio:// are one finding each at the production\'s ocio value, and no name is checked', () => {
    for (const value of ['$OCIO', 'ocio://cg-config-latest']) {
      const found = analyse(['  - { id: acescg, ocio: NotThere }'], PRODUCTION.replace('color/config.ocio', value), null);
      assert.deepEqual(found.map((f) => f.at), ['show.production.yaml:2:7'], value);
      assert.match(found[0].message, /not a file/);
    }
  });

  it('a config that is not YAML is one finding at the production\'s ocio value', () => {
    const found = analyse(['  - { id: acescg, ocio: ACEScg }'], PRODUCTION, { text: 'roles: [\n' });
    assert.deepEqual(found.map((f) => f.at), ['show.production.yaml:2:7']);
    assert.match(found[0].message, /^OCIO config 'color\/config.ocio' is not YAML/);
  });

  it('a color space naming OCIO without a config in the production', () => {
    const found = analyse(['  - { id: acescg, ocio: ACEScg }'], 'production: show\ndepartments: []\n', null);
    assert.deepEqual(found.map((f) => f.at), ['show.glossary.yaml:2:25']);
    assert.match(found[0].message, /the production names no OCIO config/);
  });

  describe('as the host reads the file', () => {
    let folder: string;
    beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'handoff-ocio-'))));
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('missing, a folder, an .ocioz archive, over 20 MB: one problem each; a real config reads', () => {
      assert.match((readOcioConfig(path.join(folder, 'nothing.ocio')) as { problem: string }).problem, /^does not exist/);
      assert.match((readOcioConfig(folder) as { problem: string }).problem, /^is a folder/);
      const archive = path.join(folder, 'studio.ocioz');
      writeFileSync(archive, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
      assert.match((readOcioConfig(archive) as { problem: string }).problem, /unpack it with 'ocioarchive --extract studio.ocioz'/);
      const huge = path.join(folder, 'huge.ocio');
      writeFileSync(huge, '');
      truncateSync(huge, 21 * 1024 * 1024);
      assert.match((readOcioConfig(huge) as { problem: string }).problem, /^is 21.0 MB, more than the 20 MB/);
      // Near miss: the real config is read as text.
      assert.ok('text' in readOcioConfig(ACES));
    });
  });
});
