// DESIGN §3: an unquoted `,` or `:` inside a `{ … }` flow mapping that splits
// a text value gets one hint, "quote this text", at the text, instead of an
// unknown field for each piece or the parser's own words.
import * as assert from 'node:assert/strict';
import { check, edit } from '../harness';

/** Every finding as `rule file:line:column message`. */
const listed = (changes: Record<string, string>): string[] => check(changes).map((r) => `${r.rule} ${r.file}:${r.line}:${r.column} ${r.message}`);

const ASSET_TYPE = '  - { id: fx-element, description: FX element renders, formats: [exr, prores4444], metadata: [shot] }';

describe('quote this text: commas and colons inside { … }', () => {
  it('a comma-split description is one schema finding at the text, with the quoting fix', () => {
    const changes = edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: Avid bins, ALE, AAF, formats: [exr, prores4444], metadata: [shot] }');
    assert.deepEqual(listed(changes), [
      // "  - { id: fx-element, description: " is 35 characters: the text starts at column 36.
      `schema test.glossary.yaml:8:36 The text 'Avid bins, ALE, AAF' of 'description' is cut at its commas: inside { … } a comma ends a value, so YAML reads 'ALE' and 'AAF' as fields. Quote this text: description: "Avid bins, ALE, AAF".`,
    ]);
    const [finding] = check(changes);
    assert.equal(finding.endColumn, 36 + 'Avid bins, ALE, AAF'.length);
  });

  it('the text in quotes, as the hint says, is clean', () => {
    const changes = edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: "Avid bins, ALE, AAF", formats: [exr, prores4444], metadata: [shot] }');
    assert.deepEqual(listed(changes), []);
  });

  it('near miss: a bare word after a list is an unknown field, not a cut text', () => {
    const changes = edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: FX element renders, formats: [exr, prores4444], ALE, metadata: [shot] }');
    assert.deepEqual(listed(changes), [
      "schema test.glossary.yaml:8:84 Unknown field 'ALE' in an asset type; remove it or use one of id, name, description, formats, metadata.",
    ]);
  });

  it("a ': ' inside a text of a { … } line is one yaml-syntax finding saying to quote it, and nothing else in the file", () => {
    const changes = edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: Note: renders, formats: [exr, prores4444], metadata: [shot] }');
    assert.deepEqual(listed(changes), [
      `yaml-syntax test.glossary.yaml:8:36 The text 'Note: renders' holds ': ', which inside { … } starts another key, so YAML cannot read this line. Quote this text: description: "Note: renders".`,
    ]);
  });

  it("near miss: a quoted ': ' and a time like 18:00 are fine", () => {
    assert.deepEqual(listed(edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: "Note: renders at 18:00", formats: [exr, prores4444], metadata: [shot] }')), []);
    assert.deepEqual(listed(edit('test.glossary.yaml', ASSET_TYPE, '  - { id: fx-element, description: Renders at 18:00, formats: [exr, prores4444], metadata: [shot] }')), []);
  });
});
