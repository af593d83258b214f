import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, where } from '../../harness';

const fixtureText = () => fixtureFiles()['sq010.handoff.yaml'];

describe('rule yaml-syntax', () => {
  it('points at a tab used as indentation and says to use spaces', () => {
    const results = check(edit('sq010.handoff.yaml', '    owner: dana\n    contact: ben\n    start: 2027-01-04', '\towner: dana\n    contact: ben\n    start: 2027-01-04'));
    const syntax = results.filter((r) => r.rule === 'yaml-syntax');
    assert.equal(where(syntax, 'yaml-syntax')[0], 'sq010.handoff.yaml:7:1');
    assert.match(syntax[0].message, /[Tt]ab.*spaces/);
    const ownFindings = results.filter((r) => r.file === 'sq010.handoff.yaml');
    assert.ok(ownFindings.every((r) => r.rule === 'yaml-syntax'), 'no rule reports on what the parser guessed');
  });

  it('reports a duplicate key at the second key', () => {
    const results = check(edit('sq010.handoff.yaml', '    contact: ben\n    start: 2027-01-04', '    contact: ben\n    contact: chloe\n    start: 2027-01-04'));
    assert.deepEqual(where(results, 'yaml-syntax'), ['sq010.handoff.yaml:9:5']);
    assert.match(results.find((r) => r.rule === 'yaml-syntax')!.message, /unique|duplicate/i);
  });

  it('stops an alias bomb with a clear message instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]', ''].join('\n');
    const results = check({ 'bomb.glossary.yaml': bomb });
    const syntax = results.filter((r) => r.file === 'bomb.glossary.yaml');
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].rule, 'yaml-syntax');
    assert.match(syntax[0].message, /alias/i);
  });

  it('near miss: a key repeated in two different handoffs, quoted colons and anchors used once are fine', () => {
    const results = check(
      edit('sq010.handoff.yaml', '    title: FX sim caches for sq010', '    title: "FX: sim caches for sq010"'),
    );
    assert.deepEqual(where(results, 'yaml-syntax'), []);
    assert.deepEqual(results, []);
  });
  describe('common mistakes: one plain-language diagnostic at the first offending line', () => {
    /** The file's findings (all of them: nothing but yaml-syntax may speak) as `line:column message`. */
    const findings = (changes: Record<string, string>) =>
      check(changes)
        .filter((r) => r.file === 'sq010.handoff.yaml')
        .map((r) => `${where([r], r.rule)[0].replace('sq010.handoff.yaml:', '')} ${r.rule} ${r.message}`);

    it('a key indented one space too far', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    escalation', '    to: comp\n     template: fx-elements\n    owner: dana\n    contact: ben\n    escalation')), [
        "22:6 yaml-syntax 'template:' is indented 1 space more than 'to:' on line 21 above, so YAML cannot tell what it belongs to: indent it by 4 spaces, like 'to:'.",
      ]);
    });

    it('a key indented one space short', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    owner: dana\n    contact: ben\n    escalation', '   owner: dana\n    contact: ben\n    escalation')), [
        "23:4 yaml-syntax 'owner:' is indented 1 space less than 'template:' on line 22 above, so YAML cannot tell what it belongs to: indent it by 4 spaces, like 'template:'.",
      ]);
    });

    it('a tab in the indentation, with the lines after it left as they are', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    owner: dana\n    contact: ben\n    start: 2027-01-04', '\towner: dana\n    contact: ben\n    start: 2027-01-04')), [
        '7:1 yaml-syntax Line 7 is indented with a tab. YAML indentation must use spaces: replace the tab with spaces.',
      ]);
    });

    it('a double quote never closed, at the quote rather than at the end of the file', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    title: FX elements for sq010', '    title: "FX elements for sq010')), [
        '19:12 yaml-syntax The quote opened here ("FX elements for sq010) is never closed, so YAML reads the lines below as part of the text: add the closing " at the end of the value.',
      ]);
    });

    it('a single quote never closed', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    title: FX sim caches for sq010', "    title: 'FX sim caches for sq010")), [
        "3:12 yaml-syntax The quote opened here ('FX sim caches for sq010) is never closed, so YAML reads the lines below as part of the text: add the closing ' at the end of the value.",
      ]);
    });

    it('a bracket never closed, at the bracket rather than at the next key', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    depends_on: [fx-sim-sq010]', '    depends_on: [fx-sim-sq010')), [
        '28:17 yaml-syntax The list opened with [ on this line is not closed: add ] at its end.',
      ]);
    });

    it('a brace never closed', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '      - { date: 2027-01-08, event: submitted, version: 1 }', '      - { date: 2027-01-08, event: submitted, version: 1')), [
        '16:9 yaml-syntax The mapping opened with { on this line is not closed: add } at its end.',
      ]);
    });

    it('no space after the colon of a key', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '    contact: ben\n    escalation', '    contact:ben\n    escalation')), [
        "24:5 yaml-syntax 'contact:ben' has no space after the colon, so YAML reads it as text instead of the key 'contact': write 'contact: ben'.",
      ]);
    });

    it('a list item at the wrong indent', () => {
      assert.deepEqual(findings(edit('sq010.handoff.yaml', '  - id: fx-to-comp-sq010', '   - id: fx-to-comp-sq010')), [
        '18:4 yaml-syntax This list item is indented 1 space more than the list item on line 2 above, so YAML cannot tell what it belongs to: indent it by 2 spaces, like the list item.',
      ]);
    });

    it('two mistakes in one file are two diagnostics, each at its own line', () => {
      const changed = edit('sq010.handoff.yaml', '    owner: dana\n    contact: ben\n    start: 2027-01-04', '     owner: dana\n    contact: ben\n    start: 2027-01-04');
      const text = changed['sq010.handoff.yaml'].replace('    title: FX elements for sq010', '    title: "FX elements for sq010');
      assert.deepEqual(findings({ 'sq010.handoff.yaml': text }).map((f) => f.split(' ').slice(0, 2).join(' ')), ['7:6 yaml-syntax', '19:12 yaml-syntax']);
    });

    it('near miss: deeper lines under a key that opens a block, quotes and brackets closed on later lines, URLs after a colon', () => {
      const text = fixtureText()
        .replace('    title: FX sim caches for sq010', '    title: "FX sim caches\n      for sq010"')
        .replace('    checklist: [frame-range]', '    checklist: [\n      frame-range]')
        .replace('    done_when:\n      - All 12 shots of sq010 have', '    done_when:\n        - All 12 shots of sq010 have');
      assert.deepEqual(findings({ 'sq010.handoff.yaml': text }), []);
    });
  });
});
