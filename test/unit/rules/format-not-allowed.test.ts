import * as assert from 'node:assert/strict';
import { check, DEFAULT_TODAY, edit, fixtureFiles, uriOf, where, workspaceOf, type Result } from '../../harness';
import type { Diagnostic, TextEdit } from '../../../server/src/core/types';

const RULE = 'format-not-allowed';
const TEMPLATE = 'fx-elements.template.yaml';
const GLOSSARY = 'test.glossary.yaml';

function only(results: Result[]): Result {
  const found = results.filter((r) => r.rule === RULE);
  assert.equal(found.length, 1, `expected one ${RULE} finding, got ${JSON.stringify(found)}`);
  return found[0];
}

function relatedOf(result: Result): string[] {
  return result.related.map((r) => `${r.file}:${r.line}:${r.column}`);
}

function diagnosticOf(changes: Record<string, string | null>): Diagnostic {
  const list = workspaceOf(changes).diagnostics({ today: DEFAULT_TODAY }).get(uriOf(TEMPLATE)) ?? [];
  const found = list.filter((d) => d.rule === RULE);
  assert.equal(found.length, 1);
  return found[0];
}

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** The glossary with an audio format that lists no color spaces, allowed for fx-element. */
const WITH_WAV: Record<string, string> = {
  [GLOSSARY]: fixtureFiles()[GLOSSARY]
    .replace('  - { id: prores4444,', '  - { id: wav, extensions: [wav] }\n  - { id: prores4444,')
    .replace('formats: [exr, prores4444]', 'formats: [exr, prores4444, wav]'),
};

describe('rule format-not-allowed', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a format the asset type does not allow, pointing at the asset type', () => {
    const changes = edit(GLOSSARY, 'formats: [exr, prores4444]', 'formats: [prores4444]');
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:3:9']);
    const finding = only(results);
    assert.equal(
      finding.message,
      "Format 'exr' is not allowed for asset type 'fx-element' (allowed: prores4444); use 'prores4444', or add 'exr' to the asset type's formats.",
    );
    assert.equal(finding.severity, 'error');
    assert.deepEqual(relatedOf(finding), ['test.glossary.yaml:8:65']);
    const fix = diagnosticOf(changes).fixes![0];
    assert.equal(fix.preferred, true);
    assert.equal(apply(fixtureFiles()[TEMPLATE], fix.edits).split('\n')[2], 'format: prores4444');
  });

  it('offers no fix when the asset type allows several formats', () => {
    const changes = { [GLOSSARY]: WITH_WAV[GLOSSARY].replace('formats: [exr, prores4444, wav]', 'formats: [prores4444, wav]') };
    const results = check(changes);
    assert.equal(only(results).message, "Format 'exr' is not allowed for asset type 'fx-element' (allowed: prores4444, wav); use one of 'prores4444', 'wav', or add 'exr' to the asset type's formats.");
    assert.equal(diagnosticOf(changes).fixes, undefined);
  });

  it('reports a color space the format does not allow, pointing at the format', () => {
    const changes = edit(TEMPLATE, 'format: exr', 'format: prores4444');
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:4:14']);
    const finding = only(results);
    assert.equal(
      finding.message,
      "Color space 'acescg' is not allowed by format 'prores4444' (allowed: rec709); use 'rec709', or add 'acescg' to the format's color_spaces.",
    );
    assert.deepEqual(relatedOf(finding), ['test.glossary.yaml:6:56']);
    assert.deepEqual(diagnosticOf(changes).fixes![0].edits.map((e) => e.newText), ['rec709']);
  });

  it('accepts a color space the format allows', () => {
    assert.deepEqual(where(check(edit(TEMPLATE, 'format: exr\ncolor_space: acescg', 'format: prores4444\ncolor_space: rec709')), RULE), []);
  });

  it('requires a color space when the format lists some, with a fix that adds it', () => {
    const changes = edit(TEMPLATE, 'color_space: acescg\n', '');
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:3:9']);
    const finding = only(results);
    assert.equal(finding.message, "Template 'fx-elements' has no color_space, but format 'exr' requires one of 'acescg'; add 'color_space: acescg'.");
    assert.deepEqual(relatedOf(finding), ['test.glossary.yaml:5:49']);
    const fix = diagnosticOf(changes).fixes![0];
    assert.equal(apply(changes[TEMPLATE], fix.edits), fixtureFiles()[TEMPLATE]);
  });

  it('keeps CRLF line breaks when it adds the color space', () => {
    const crlf = fixtureFiles()[TEMPLATE].replace(/\n/g, '\r\n');
    const changes = { [TEMPLATE]: crlf.replace('color_space: acescg\r\n', '') };
    assert.equal(apply(changes[TEMPLATE], diagnosticOf(changes).fixes![0].edits), crlf);
  });

  it('does not require a color space when the format lists none', () => {
    const changes = { ...WITH_WAV, ...edit(TEMPLATE, 'format: exr\ncolor_space: acescg\n', 'format: wav\n') };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('reports a color space set for a format that lists none, with a fix that removes it', () => {
    const changes = { ...WITH_WAV, ...edit(TEMPLATE, 'format: exr', 'format: wav') };
    const results = check(changes);
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:4:14']);
    const finding = only(results);
    assert.equal(
      finding.message,
      "Color space 'acescg' cannot be set for format 'wav', which lists no color spaces; remove color_space from template 'fx-elements'.",
    );
    assert.deepEqual(relatedOf(finding), ['test.glossary.yaml:6:11']);
    const fix = diagnosticOf(changes).fixes![0];
    assert.equal(apply(changes[TEMPLATE], fix.edits), changes[TEMPLATE].replace('color_space: acescg\n', ''));
  });

  it('leaves unknown formats and color spaces to unknown-reference', () => {
    assert.deepEqual(where(check(edit(TEMPLATE, 'format: exr', 'format: dpx')), RULE), []);
    assert.deepEqual(where(check(edit(TEMPLATE, 'color_space: acescg', 'color_space: srgb')), RULE), []);
  });
  describe('formats written beside the template format', () => {
    // fx-element allows exr and prores4444; a wav format is added to the glossary.
    const WAV = edit('test.glossary.yaml', 'asset_types:', '  - { id: wav, extensions: [wav] }\nasset_types:');

    it("reports a contingency's alternate format the asset type does not allow, at the alternate_format value", () => {
      const results = check({ ...WAV, ...edit('sq010.handoff.yaml', '{ plan: Slapcomps by 2027-01-20 }', '{ plan: Slapcomps by 2027-01-20, alternate_format: wav }') });
      //       contingency: { plan: Slapcomps by 2027-01-20, alternate_format: wav }  → 'wav' at column 71
      assert.deepEqual(where(results, 'format-not-allowed'), ['sq010.handoff.yaml:35:71']);
      assert.equal(
        results.find((r) => r.rule === 'format-not-allowed')!.message,
        "Alternate format 'wav' is not allowed for asset type 'fx-element' of 'fx-to-comp-sq010' (template 'fx-elements') (allowed: exr, prores4444); use one of 'exr', 'prores4444', or add 'wav' to the asset type's formats.",
      );
      const allowed = check({ ...WAV, ...edit('sq010.handoff.yaml', '{ plan: Slapcomps by 2027-01-20 }', '{ plan: Slapcomps by 2027-01-20, alternate_format: prores4444 }') });
      assert.deepEqual(where(allowed, 'format-not-allowed'), []);
    });

    it("reports a risk-log contingency's alternate format at its value", () => {
      const risks = edit('test.risks.yaml', '    status: open', '    status: open\n    contingency: { plan: Temp mix, alternate_format: wav }');
      //     contingency: { plan: Temp mix, alternate_format: wav }  → 'wav' at column 54
    assert.deepEqual(where(check({ ...WAV, ...risks }), 'format-not-allowed'), ['test.risks.yaml:11:54']);
    });

    it("reports a required file's own format the asset type does not allow", () => {
      const template = edit('fx-elements.template.yaml', '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"\n', '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"\n  - { pattern: "{show}_{shot}_v{version:3}.wav", format: wav }\n');
      const results = check({ ...WAV, ...template });
      //   - { pattern: "{show}_{shot}_v{version:3}.wav", format: wav }  → 'wav' at column 58 of line 9
      assert.deepEqual(where(results, 'format-not-allowed'), ['fx-elements.template.yaml:9:58']);
      const fine = edit('fx-elements.template.yaml', '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"\n', '  - "{show}_{shot}_{layer}_v{version:3}.{frame:4}.exr"\n  - { pattern: "{show}_{shot}_v{version:3}.mov", format: prores4444 }\n');
      assert.deepEqual(where(check({ ...WAV, ...fine }), 'format-not-allowed'), []);
    });
  });
});
