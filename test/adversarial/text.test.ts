// Hostile text in one spec file: each case gets a clear diagnostic at the
// right place (UTF-16 columns, whatever the line endings), within the bounds
// of measure.ts, and the files around it keep their full analysis. Each runs
// through the core and through the language server reading it from disk.
import * as assert from 'node:assert/strict';
import { fixtureFiles } from '../harness';
import {
  assertBaseIntact,
  assertCoreBounds,
  assertRangesInside,
  assertServerBaseIntact,
  assertServerBounds,
  coreCase,
  coreDiagnostics,
  serverCase,
  where,
} from './measure';

/** A valid handoff of the base production (no finding of its own), with extra lines at its end. */
function handoffFile(id: string, extra = ''): string {
  return [
    'handoffs:',
    `  - id: ${id}`,
    '    title: A hostile case',
    '    from: fx',
    '    to: comp',
    '    template: fx-elements',
    '    owner: dana',
    '    contact: ben',
    '    start: 2027-01-04',
    '    due: 2027-01-08',
    '    done_when: [All 12 shots delivered]',
    extra,
  ].join('\n');
}

/** Line (1-based) and column (1-based, UTF-16) of the first occurrence of `find`. */
function positionOf(text: string, find: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(find, at + 1);
  assert.ok(at >= 0, `'${find}' is not in the text`);
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** `line:col rule` of published diagnostics, 1-based. */
function publishedAt(published: { diagnostics: { range: { start: { line: number; character: number } }; code?: string | number }[] } | undefined): string[] {
  return (published?.diagnostics ?? []).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);
}

/** A seeded byte generator, so the garbage is the same on every run. */
function garbage(size: number, seed: number, allowNul: boolean): Buffer {
  const bytes = Buffer.alloc(size);
  let state = seed >>> 0;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const byte = state >>> 24;
    bytes[i] = allowNul ? byte : Math.max(1, byte);
  }
  return bytes;
}

describe('adversarial: hostile text in a spec file', function () {
  this.timeout(120_000);

  it('a YAML alias bomb ("billion laughs") is one yaml-syntax error at its first alias', async () => {
    const levels = ['x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) levels.push(`x${i}: &x${i} [${Array(9).fill(`*x${i - 1}`).join(', ')}]`);
    // 9^10 (3.4 billion) strings once every alias is expanded.
    const text = `${levels.join('\n')}\n${handoffFile('alias-bomb').replace('done_when: [All 12 shots delivered]', 'done_when: *x9')}\n`;
    const core = coreCase({ 'bomb.handoff.yaml': text });
    const found = coreDiagnostics(core, 'bomb.handoff.yaml');
    assert.deepEqual(
      found.map((d) => `${where(core, 'bomb.handoff.yaml', d.span.start)} ${d.rule}`),
      [`${positionOf(text, '*x0')} yaml-syntax`],
    );
    assert.match(found[0].message, /alias bomb/);
    assertBaseIntact(core);
    assertCoreBounds('alias bomb', core);

    const server = await serverCase({ 'bomb.handoff.yaml': text });
    try {
      assert.deepEqual(publishedAt(server.latest('bomb.handoff.yaml')), [`${positionOf(text, '*x0')} yaml-syntax`]);
      assertServerBaseIntact(server);
      assertServerBounds('alias bomb', server);
    } finally {
      await server.stop();
    }
  });

  it('100-level nesting is read and gets a schema error; 10,000 levels get a clear yaml-syntax error', async () => {
    let block = '    status:\n';
    for (let level = 0; level < 100; level++) block += `${' '.repeat(6 + 2 * level)}level${level}:\n`;
    block += `${' '.repeat(206)}bottom\n`;
    const files = {
      'block.handoff.yaml': handoffFile('nested-block', block),
      'flow.handoff.yaml': handoffFile('nested-flow', `    checklist: ${'['.repeat(100)}frame-range${']'.repeat(100)}\n`),
      'deep.handoff.yaml': handoffFile('nested-deep', `    checklist: ${'['.repeat(10_000)}frame-range${']'.repeat(10_000)}\n`),
    };
    const core = coreCase(files);
    const describe = (name: keyof typeof files) =>
      coreDiagnostics(core, name).map((d) => `${where(core, name, d.span.start)} ${d.rule}: ${d.message}`);
    assert.deepEqual(describe('block.handoff.yaml'), [
      `${positionOf(files['block.handoff.yaml'], 'status')} schema: Expected one of planned, in_progress, submitted, accepted, rejected, blocked for 'status', not a map.`,
    ]);
    assert.deepEqual(describe('flow.handoff.yaml'), [
      // Entry 1 of the checklist is the list that opens at the second bracket.
      `${positionOf(files['flow.handoff.yaml'], `${'['.repeat(99)}frame`)} schema: Expected a checklist item id or a map with 'check' for entry 1 of 'checklist', not a list.`,
    ]);
    const deep = describe('deep.handoff.yaml');
    assert.equal(deep.length, 1, deep.join('\n'));
    assert.match(deep[0], /^12:\d+ yaml-syntax: The YAML nests too deeply to be read/);
    assertBaseIntact(core);
    assertCoreBounds('100 and 10,000 levels of nesting', core);

    const server = await serverCase(files);
    try {
      assert.deepEqual(publishedAt(server.latest('block.handoff.yaml')), [`${positionOf(files['block.handoff.yaml'], 'status')} schema`]);
      assert.deepEqual(publishedAt(server.latest('flow.handoff.yaml')), [`${positionOf(files['flow.handoff.yaml'], `${'['.repeat(99)}frame`)} schema`]);
      assert.deepEqual(publishedAt(server.latest('deep.handoff.yaml')).map((d) => d.replace(/:\d+ /, ' ')), ['12 yaml-syntax']);
      assertServerBaseIntact(server);
      assertServerBounds('100 and 10,000 levels of nesting', server);
    } finally {
      await server.stop();
    }
  });

  it('binary garbage is one diagnostic at its first NUL; garbage without a NUL gets syntax errors inside the text', async () => {
    const binary = garbage(64 * 1024, 1, true);
    const text = binary.toString('utf8');
    const core = coreCase({ 'garbage.handoff.yaml': text });
    const found = coreDiagnostics(core, 'garbage.handoff.yaml');
    assert.deepEqual(
      found.map((d) => `${where(core, 'garbage.handoff.yaml', d.span.start)} ${d.rule}`),
      [`${positionOf(text, '\u0000')} yaml-syntax`],
    );
    assert.match(found[0].message, /binary data/);
    assertBaseIntact(core);
    assertCoreBounds('binary garbage', core);

    const noNul = garbage(64 * 1024, 2, false).toString('utf8');
    const textual = coreCase({ 'noise.handoff.yaml': noNul });
    const noise = coreDiagnostics(textual, 'noise.handoff.yaml');
    assert.ok(noise.length > 0, 'garbage without a NUL gets no diagnostic');
    for (const d of noise) {
      assert.ok(['yaml-syntax', 'schema'].includes(d.rule), `${d.rule}: ${d.message}`);
      assert.ok(d.span.start >= 0 && d.span.end <= noNul.length && d.span.start <= d.span.end, `${d.rule} outside the text`);
    }
    assertBaseIntact(textual);
    assertCoreBounds(`garbage without a NUL (${noise.length} diagnostics)`, textual);

    const server = await serverCase({ 'garbage.handoff.yaml': binary, 'noise.handoff.yaml': Buffer.from(noNul) });
    try {
      assert.deepEqual(publishedAt(server.latest('garbage.handoff.yaml')), [`${positionOf(text, '\u0000')} yaml-syntax`]);
      assertRangesInside(server.latest('noise.handoff.yaml')!, noNul);
      assert.ok(server.latest('noise.handoff.yaml')!.diagnostics.length > 0);
      assert.ok(server.client.logs.some((line) => /Not analysing .*garbage\.handoff\.yaml: .*binary data/.test(line)), 'the skip is logged');
      assertServerBaseIntact(server);
      assertServerBounds('binary garbage', server);
    } finally {
      await server.stop();
    }
  });

  it('a UTF-8 byte-order mark changes nothing, in the production file or before a finding', async () => {
    const base = fixtureFiles('base');
    const handoffs = handoffFile('with-bom').replace('template: fx-elements', 'template: fx-elemnts');
    const expected = [`${positionOf(handoffs, 'fx-elemnts')} unknown-reference`];
    const core = coreCase({ 'test.production.yaml': `\ufeff${base['test.production.yaml']}`, 'bom.handoff.yaml': `\ufeff${handoffs}` });
    // The core counts the mark as a character of the first line only; the finding is further down.
    assert.deepEqual(
      coreDiagnostics(core, 'bom.handoff.yaml').map((d) => `${where(core, 'bom.handoff.yaml', d.span.start)} ${d.rule}`),
      expected,
    );
    assertBaseIntact(core);
    assertCoreBounds('UTF-8 BOM', core);

    const server = await serverCase({ 'test.production.yaml': `\ufeff${base['test.production.yaml']}`, 'bom.handoff.yaml': `\ufeff${handoffs}` });
    try {
      assert.deepEqual(publishedAt(server.latest('bom.handoff.yaml')), expected);
      assertServerBaseIntact(server);
      assertServerBounds('UTF-8 BOM', server);
    } finally {
      await server.stop();
    }
  });

  it('CRLF and mixed CRLF/LF/CR line endings give the same findings at the same lines and columns as LF', async () => {
    const base = fixtureFiles('base');
    const lf = handoffFile('line-endings').replace('template: fx-elements', 'template: fx-elemnts');
    const expected = [`${positionOf(lf, 'fx-elemnts')} unknown-reference`];
    const endings = ['\r\n', '\n', '\r'];
    let count = 0;
    const mixed = lf.replace(/\n/g, () => endings[count++ % endings.length]);
    const files = {
      'test.production.yaml': base['test.production.yaml'].replace(/\n/g, '\r\n'),
      'crlf.handoff.yaml': lf.replace(/\n/g, '\r\n').replace('line-endings', 'line-endings-crlf'),
      'mixed.handoff.yaml': mixed.replace('line-endings', 'line-endings-mixed'),
    };
    const core = coreCase(files);
    for (const name of ['crlf.handoff.yaml', 'mixed.handoff.yaml'] as const) {
      assert.deepEqual(
        coreDiagnostics(core, name).map((d) => `${where(core, name, d.span.start)} ${d.rule}`),
        expected,
        name,
      );
    }
    assertBaseIntact(core);
    assertCoreBounds('CRLF and mixed line endings', core);

    const server = await serverCase(files);
    try {
      assert.deepEqual(publishedAt(server.latest('crlf.handoff.yaml')), expected);
      assert.deepEqual(publishedAt(server.latest('mixed.handoff.yaml')), expected);
      assertRangesInside(server.latest('mixed.handoff.yaml')!, files['mixed.handoff.yaml']);
      assertServerBaseIntact(server);
      assertServerBounds('CRLF and mixed line endings', server);
    } finally {
      await server.stop();
    }
  });

  it('a tab used as indentation is a yaml-syntax error at the tab; tabs elsewhere are fine', async () => {
    const indented = handoffFile('tab-indent', '\tstatus: planned\n');
    const separated = handoffFile('tab-separator', '    status:\tplanned\t# a tab before a comment\n');
    const core = coreCase({ 'indent.handoff.yaml': indented, 'separator.handoff.yaml': separated });
    const found = coreDiagnostics(core, 'indent.handoff.yaml');
    assert.equal(`${where(core, 'indent.handoff.yaml', found[0].span.start)} ${found[0].rule}`, `${positionOf(indented, '\t')} yaml-syntax`);
    assert.match(found[0].message, /replace the tab with spaces/);
    assert.deepEqual(found.map((d) => d.rule), found.map(() => 'yaml-syntax'), 'only yaml-syntax speaks for a file that does not parse');
    assert.deepEqual(coreDiagnostics(core, 'separator.handoff.yaml'), []);
    assertBaseIntact(core);
    assertCoreBounds('tabs', core);

    const server = await serverCase({ 'indent.handoff.yaml': indented, 'separator.handoff.yaml': separated });
    try {
      assert.equal(publishedAt(server.latest('indent.handoff.yaml'))[0], `${positionOf(indented, '\t')} yaml-syntax`);
      assert.deepEqual(server.latest('separator.handoff.yaml')!.diagnostics, []);
      assertServerBaseIntact(server);
      assertServerBounds('tabs', server);
    } finally {
      await server.stop();
    }
  });

  it('characters outside the BMP in titles: ranges count UTF-16 code units, as LSP does', async () => {
    // 🎬 and 𝒜 take two UTF-16 units each; 🎞️ is two plus a variation selector.
    const title = '🎬🎞️ 𝒜𝒷𝒸 第一 🇫🇷';
    const text = `handoffs:\n  - { id: emoji-title, title: "${title}", from: fxx, to: comp, template: fx-elements, owner: dana, contact: ben, start: 2027-01-04, due: 2027-01-08, done_when: [x] }\n`;
    const line = text.split('\n')[1];
    const column = line.indexOf('fxx');
    assert.ok(column > [...line.slice(0, column)].length, 'the title really has characters of two UTF-16 units');
    const core = coreCase({ 'emoji.handoff.yaml': text });
    const found = coreDiagnostics(core, 'emoji.handoff.yaml');
    assert.deepEqual(
      found.map((d) => `${where(core, 'emoji.handoff.yaml', d.span.start)}-${where(core, 'emoji.handoff.yaml', d.span.end)} ${d.rule}`),
      [`2:${column + 1}-2:${column + 4} unknown-reference`],
    );
    assertBaseIntact(core);
    assertCoreBounds('non-BMP characters', core);

    const server = await serverCase({ 'emoji.handoff.yaml': text });
    try {
      const published = server.latest('emoji.handoff.yaml')!.diagnostics;
      assert.deepEqual(
        published.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
        [['unknown-reference', 1, column, column + 3]],
      );
      assertServerBaseIntact(server);
      assertServerBounds('non-BMP characters', server);
    } finally {
      await server.stop();
    }
  });

  it('a map of 200,000 keys is read in one pass, by the fast road and by yaml (a tab sends it there)', () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `  k${i}: ${i}\n`).join('');
    for (const [road, text] of [['fast', `handoffs: []\nwide:\n${keys}`], ['yaml', `# a tab:\t\nhandoffs: []\nwide:\n${keys}`]]) {
      const name = `wide-${road}.handoff.yaml`;
      const core = coreCase({ [name]: text });
      // The schema rejects the unknown key once, at its place; the 200,000 keys under it are no finding each.
      assert.deepEqual(
        coreDiagnostics(core, name).map((d) => `${where(core, name, d.span.start)} ${d.rule}`),
        [`${positionOf(text, 'wide')} schema`],
      );
      assertBaseIntact(core);
      assertCoreBounds(`200,000 keys in one map (${road})`, core);
    }
  });

  it('a duplicate key is a yaml-syntax error at the second key', async () => {
    const text = handoffFile('duplicate-key', '    owner: ben\n');
    const core = coreCase({ 'dupkey.handoff.yaml': text });
    const found = coreDiagnostics(core, 'dupkey.handoff.yaml');
    assert.deepEqual(
      found.map((d) => `${where(core, 'dupkey.handoff.yaml', d.span.start)} ${d.rule}: ${d.message}`),
      [`${positionOf(text, 'owner', 1)} yaml-syntax: Map keys must be unique: remove or rename one of the keys.`],
    );
    assertBaseIntact(core);
    assertCoreBounds('duplicate keys', core);

    const server = await serverCase({ 'dupkey.handoff.yaml': text });
    try {
      assert.deepEqual(publishedAt(server.latest('dupkey.handoff.yaml')), [`${positionOf(text, 'owner', 1)} yaml-syntax`]);
      assertServerBaseIntact(server);
      assertServerBounds('duplicate keys', server);
    } finally {
      await server.stop();
    }
  });
});
