import * as assert from 'node:assert/strict';
import { check, DEFAULT_TODAY, edit, fixtureFiles, uriOf, where, workspaceOf, type Result } from '../../harness';
import { parseNamingPattern } from '../../../server/src/core/naming';
import type { Diagnostic } from '../../../server/src/core/types';

const RULE = 'naming-invalid';
const TEMPLATE = 'fx-elements.template.yaml';
const NAMING = 'naming: "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"';

function findings(results: Result[]): Result[] {
  return results.filter((r) => r.rule === RULE);
}

function only(results: Result[]): Result {
  const found = findings(results);
  assert.equal(found.length, 1, `expected one ${RULE} finding, got ${JSON.stringify(found)}`);
  return found[0];
}

function diagnosticsOf(changes: Record<string, string | null>): Diagnostic[] {
  return (workspaceOf(changes).diagnostics({ today: DEFAULT_TODAY }).get(uriOf(TEMPLATE)) ?? []).filter((d) => d.rule === RULE);
}

/** The text a finding covers, to check the offset inside the YAML string. */
function covered(changes: Record<string, string>, diagnostic: Diagnostic): string {
  return changes[TEMPLATE].slice(diagnostic.span.start, diagnostic.span.end);
}

describe('naming patterns', () => {
  it('reads tokens with and without width, and the extension', () => {
    const pattern = parseNamingPattern('{show}_{shot}_v{version:3}.{frame:4}.exr');
    assert.deepEqual(pattern.tokens, [
      { name: 'show', start: 0, end: 6 },
      { name: 'shot', start: 7, end: 13 },
      { name: 'version', width: 3, start: 15, end: 26 },
      { name: 'frame', width: 4, start: 27, end: 36 },
    ]);
    assert.deepEqual(pattern.errors, []);
    assert.equal(pattern.extension, 'exr');
    assert.equal(pattern.extensionStart, 37);
  });

  it('has no extension when a token follows the last dot', () => {
    assert.equal(parseNamingPattern('{shot}.{ext}').extension, undefined);
    assert.equal(parseNamingPattern('vault://{show}/to-{to}/').extension, undefined);
    assert.equal(parseNamingPattern('plate.tar.gz').extension, 'gz');
  });

  it('reports bad syntax with its place', () => {
    const at = (text: string): string[] => parseNamingPattern(text).errors.map((e) => `${e.start}-${e.end}: ${e.message}`);
    assert.deepEqual(at('{shot}_{}'), ["7-9: Naming pattern has an empty token '{}'; put a token name inside the braces, such as '{shot}'."]);
    assert.deepEqual(at('{shot'), ["0-5: Naming pattern has an unclosed '{' in '{shot'; close the token with '}'."]);
    assert.deepEqual(at('{sh{shot}'), ["0-3: Naming pattern has an unclosed '{' in '{sh'; close the token with '}'."]);
    assert.deepEqual(at('shot}.exr'), ["4-5: Naming pattern has a '}' without a matching '{'; remove it or add the opening '{'."]);
    assert.deepEqual(at('{frame:x}'), ["0-9: Naming token '{frame:x}' has an invalid width 'x'; write a positive whole number of digits, such as '{frame:4}'."]);
    assert.deepEqual(at('{frame:}'), ["0-8: Naming token '{frame:}' has an invalid width ''; write a positive whole number of digits, such as '{frame:4}'."]);
    assert.deepEqual(at('{frame:0}'), ["0-9: Naming token '{frame:0}' has width 0; the width must be at least 1, such as '{frame:4}', or drop it: '{frame}'."]);
    assert.deepEqual(at('{sh ot}'), ["0-7: Naming token 'sh ot' is not a valid name; use letters, digits, '_' or '-' with no spaces, such as '{shot}'."]);
    assert.deepEqual(parseNamingPattern('{shot}_{}.exr').tokens.map((t) => t.name), ['shot']);
  });
});

describe('rule naming-invalid', () => {
  it('reports nothing on the base fixture (glossary tokens are known)', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports an unknown token at its place inside a double-quoted string, with a fix', () => {
    const changes = edit(TEMPLATE, NAMING, NAMING.replace('{layer}', '{layr}'));
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:5:24']);
    assert.equal(only(results).message, "Unknown naming token 'layr' in the naming pattern. Did you mean 'layer'?");
    assert.equal(only(results).severity, 'error');
    const [diagnostic] = diagnosticsOf(changes);
    assert.equal(covered(changes, diagnostic), '{layr}');
    const fix = diagnostic.fixes![0];
    assert.equal(fix.preferred, true);
    assert.equal(changes[TEMPLATE].slice(fix.edits[0].span.start, fix.edits[0].span.end), 'layr');
    assert.equal(fix.edits[0].newText, 'layer');
  });

  it('finds the token inside a plain scalar', () => {
    const changes = edit(TEMPLATE, NAMING, 'naming: sq_{shot}_{layr}.exr');
    assert.deepEqual(where(check(changes), RULE), ['fx-elements.template.yaml:5:19']);
    assert.equal(covered(changes, diagnosticsOf(changes)[0]), '{layr}');
  });

  it('falls back to the whole value for a string with escapes', () => {
    const changes = edit(TEMPLATE, NAMING, "naming: 'it''s_{layr}.exr'");
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:5:9']);
    const [diagnostic] = diagnosticsOf(changes);
    assert.equal(covered(changes, diagnostic), "'it''s_{layr}.exr'");
    assert.equal(diagnostic.fixes, undefined);
  });

  it('says how to define a token that nothing resembles', () => {
    const results = check(edit(TEMPLATE, NAMING, NAMING.replace('{layer}', '{camera}')));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:5:24']);
    assert.equal(
      only(results).message,
      "Unknown naming token 'camera' in the naming pattern; use a built-in token (show, seq, shot, asset, from, to, dept, version, frame, date, ext) or define it under naming_tokens: in test.glossary.yaml.",
    );
  });

  it('accepts a token once the glossary defines it', () => {
    const changes = {
      ...edit(TEMPLATE, NAMING, NAMING.replace('{layer}', '{camera}')),
      ...edit('test.glossary.yaml', '  layer: "[a-z]+"', '  layer: "[a-z]+"\n  camera: "cam[0-9]"'),
    };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('reports bad syntax inside the string', () => {
    const results = check(edit(TEMPLATE, NAMING, 'naming: "{show}_{shot"'));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:5:17']);
    assert.equal(only(results).message, "The naming pattern has an unclosed '{' in '{shot'; close the token with '}'.");
  });

  it('reports an extension the format does not have, pointing at the format', () => {
    const changes = edit(TEMPLATE, NAMING, NAMING.replace('.exr"', '.mov"'));
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:5:55']);
    const finding = only(results);
    assert.equal(finding.message, "Extension '.mov' of the naming pattern does not match format 'exr' (.exr); change the extension, or the format.");
    assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}:${r.column}`), ['test.glossary.yaml:5:28']);
    const [diagnostic] = diagnosticsOf(changes);
    assert.equal(covered(changes, diagnostic), 'mov');
    assert.equal(diagnostic.fixes![0].edits[0].newText, 'exr');
  });

  it('accepts an extension in another case', () => {
    assert.deepEqual(where(check(edit(TEMPLATE, NAMING, NAMING.replace('.exr"', '.EXR"'))), RULE), []);
  });

  it('checks a required file against its own format', () => {
    const own = '  - { pattern: "{show}_{shot}_v{version:3}.mov", format: prores4444 }\n';
    const base = fixtureFiles()[TEMPLATE];
    const withOwn = { [TEMPLATE]: base.replace('metadata: [shot]', `${own}metadata: [shot]`) };
    assert.deepEqual(where(check(withOwn), RULE), []);

    const wrong = { [TEMPLATE]: base.replace('metadata: [shot]', `${own.replace('.mov"', '.exr"')}metadata: [shot]`) };
    const results = check(wrong);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:9:44']);
    const finding = only(results);
    assert.equal(finding.message, "Extension '.exr' of the required file pattern does not match format 'prores4444' (.mov); change the extension, or the format.");
    assert.deepEqual(finding.related.map((r) => `${r.file}:${r.line}:${r.column}`), ['test.glossary.yaml:6:35']);
  });

  it('checks a required file without its own format against the template format', () => {
    const results = check(edit(TEMPLATE, '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"', '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.dpx"'));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:8:51']);
  });

  it('checks only the tokens of the delivery location', () => {
    const results = check(edit(TEMPLATE, '"vault://{show}/to-{to}/{shot}/"', '"vault://{show}/to-{too}/{shot}.mov"'));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:6:42']);
    assert.equal(only(results).message, "Unknown naming token 'too' in the delivery location. Did you mean 'to'?");
  });
});
