// One mistake, one diagnostic (DESIGN section 3). Each case plants one
// realistic mistake in the base production and lists EXACTLY the diagnostics
// a user must act on, comparing the whole list: a finding that only follows
// from another finding on the same value is not reported, and every place
// that itself needs a fix still is (the near misses).
import * as assert from 'node:assert/strict';
import { check, edit, fixtureFiles, type Result } from '../harness';

/** Every diagnostic as `rule file:line:column`, with its related places after ` ~ `. */
function listed(results: Result[]): string[] {
  return results.map((r) => `${r.rule} ${r.file}:${r.line}:${r.column}${r.related.length > 0 ? ` ~ ${r.related.map((x) => `${x.file}:${x.line}:${x.column}`).join(' ')}` : ''}`);
}

const HANDOFFS = 'sq010.handoff.yaml';
/** The template line of fx-to-comp-sq010 (line 22), told apart from fx-sim-sq010's by what follows it. */
const COMP_TEMPLATE = 'template: fx-elements\n    owner: dana\n    contact: ben\n    escalation';

/** ProRes for an asset type that takes only EXR. */
const PRORES_FOR_EXR = {
  ...edit('test.glossary.yaml', 'formats: [exr, prores4444]', 'formats: [exr]'),
  ...edit('fx-elements.template.yaml', 'format: exr', 'format: prores4444'),
};

describe('echoes: one mistake, one diagnostic', () => {
  it('the base production has none', () => {
    assert.deepEqual(listed(check()), []);
  });

  describe('an unknown template', () => {
    it('is one unknown-reference at the template, none on the checklist items it would define', () => {
      // Before: two more "Checklist item ... cannot be looked up" at 32:17 and 32:30.
      const results = check(edit(HANDOFFS, COMP_TEMPLATE, COMP_TEMPLATE.replace('fx-elements', 'fx-element')));
      assert.deepEqual(listed(results), ['unknown-reference sq010.handoff.yaml:22:15 ~ fx-elements.template.yaml:1:11']);
      assert.equal(results[0].message, "Unknown template 'fx-element'. Did you mean 'fx-elements'?");
    });

    it('near miss: with the template right, an item it lacks is still reported', () => {
      const results = check(edit(HANDOFFS, 'checklist: [frame-range, colorspace]', 'checklist: [frame-range, colourspace]'));
      assert.deepEqual(listed(results), ['unknown-reference sq010.handoff.yaml:32:30 ~ fx-elements.template.yaml:13:11']);
    });
  });

  describe('a format the asset type does not allow (ProRes for EXR)', () => {
    it('is one format-not-allowed at the template format: no color space, extension or accepts echoes', () => {
      // Before: also naming-invalid at 5:55 and 8:51 (.exr is not a .mov) and
      // incompatible-handoff at sq010.handoff.yaml:28:18 (the downstream accepts only exr).
      const results = check(PRORES_FOR_EXR);
      assert.deepEqual(listed(results), ['format-not-allowed fx-elements.template.yaml:3:9 ~ test.glossary.yaml:8:65']);
      assert.match(results[0].message, /^Format 'prores4444' is not allowed for asset type 'fx-element' \(allowed: exr\); use 'exr'/);
    });

    it('near miss: a mistake of its own in the same template is still reported', () => {
      const template = PRORES_FOR_EXR['fx-elements.template.yaml'].replace('naming: "{show}_{shot}_{layer}', 'naming: "{show}_{shto}_{layer}');
      const results = check({ ...PRORES_FOR_EXR, 'fx-elements.template.yaml': template });
      assert.deepEqual(listed(results).map((line) => line.split(' ~ ')[0]), [
        'format-not-allowed fx-elements.template.yaml:3:9',
        'naming-invalid fx-elements.template.yaml:5:17',
      ]);
    });
  });

  describe('a dependency cycle', () => {
    const CYCLE = edit(HANDOFFS, '    history:\n      - { date: 2027-01-08', '    depends_on: [fx-to-comp-sq010]\n    history:\n      - { date: 2027-01-08');

    it('is one dependency-cycle at the entry written first, the other entry related; no conflict or order echoes', () => {
      // Before: a second dependency-cycle at 29:18, a schedule-conflict at 9:12
      // (fx-sim-sq010 starts before fx-to-comp-sq010 is ready) and a
      // history-order at 17:17 (submitted before its upstream was).
      const results = check(CYCLE);
      assert.deepEqual(listed(results), ['dependency-cycle sq010.handoff.yaml:15:18 ~ sq010.handoff.yaml:29:18']);
    });

    it('near miss: a handoff outside the cycle that starts too early is still a schedule-conflict', () => {
      // fx-to-comp-sq010 is due Fri 2027-01-22, + 2 review days: ready Tue 2027-01-26.
      // lookdev starts Mon 2027-01-25: first allowed day Wed 2027-01-27, 2 working days early.
      const lookdev = `handoffs:
  - id: lookdev-sq010
    from: comp
    to: fx
    owner: dana
    contact: chloe
    start: 2027-01-25
    due: 2027-01-29
    depends_on: [fx-to-comp-sq010]
    done_when:
      - Lookdev turntables for the 12 shots delivered
`;
      const results = check({ ...CYCLE, 'lookdev.handoff.yaml': lookdev });
      assert.deepEqual(listed(results).map((line) => line.split(' ~ ')[0]), [
        'schedule-conflict lookdev.handoff.yaml:7:12',
        'dependency-cycle sq010.handoff.yaml:15:18',
      ]);
    });
  });

  describe('a file that does not parse', () => {
    it('a glossary with an unclosed { is one plain yaml-syntax finding; the formats it defines are not unknown elsewhere', () => {
      // Before: also unknown-reference 'exr' at fx-elements.template.yaml:3:9 and 10:22.
      const results = check(edit('test.glossary.yaml', '  - { id: exr, extensions: [exr], color_spaces: [acescg] }', '  - { id: exr, extensions: [exr], color_spaces: [acescg]'));
      assert.deepEqual(listed(results), ['yaml-syntax test.glossary.yaml:5:5']);
      assert.equal(results[0].message, 'The mapping opened with { on this line is not closed: add } at its end.');
    });

    it("a glossary with a stray '[' before its list is one plain yaml-syntax finding; its formats are not unknown elsewhere", () => {
      // Before: also unknown-reference 'exr' at fx-elements.template.yaml:3:9 and 10:22, and the parser's
      // own words ("Block collections are not allowed within flow collections").
      const results = check(edit('test.glossary.yaml', 'formats:\n', 'formats: [\n'));
      assert.deepEqual(listed(results), ['yaml-syntax test.glossary.yaml:5:3']);
      assert.match(results[0].message, /^YAML reads this line as inside a \[ … \] or \{ … \} opened above/);
    });

    it('a handoff file with a tab is one finding: no unknown handoffs in the risks or runbook, no unused people or templates', () => {
      const results = check({
        ...edit(HANDOFFS, '  - id: fx-sim-sq010', '\t- id: fx-sim-sq010'),
        'slap.template.yaml': 'template: slap\nasset_type: fx-element\nformat: exr\ncolor_space: acescg\n',
        [HANDOFFS]: fixtureFiles()[HANDOFFS].replace('  - id: fx-sim-sq010', '\t- id: fx-sim-sq010').replace('    template: fx-elements\n    owner: dana\n    contact: ben\n    start', '    template: slap\n    owner: dana\n    contact: ben\n    start'),
      });
      assert.deepEqual(listed(results), ['yaml-syntax sq010.handoff.yaml:2:1']);
    });

    it('near miss: a misspelt id that the broken file does not even mention is still unknown', () => {
      const results = check({
        ...edit('test.glossary.yaml', '  - { id: exr, extensions: [exr], color_spaces: [acescg] }', '  - { id: exr, extensions: [exr], color_spaces: [acescg]'),
        ...edit('fx-elements.template.yaml', 'format: exr', 'format: exrr'),
      });
      // Its did-you-mean points into the part of the glossary that was read; what the
      // downstream template accepts only follows from the unknown format (no incompatible-handoff).
      assert.deepEqual(listed(results), ['unknown-reference fx-elements.template.yaml:3:9 ~ test.glossary.yaml:5:11', 'yaml-syntax test.glossary.yaml:5:5']);
    });
  });
});
