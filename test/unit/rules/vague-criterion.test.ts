import * as assert from 'node:assert/strict';
import { vaguePhrasesIn } from '../../../server/src/core/rules/vague-criterion';
import { check, edit, where } from '../../harness';

const RULE = 'vague-criterion';
const HANDOFFS = 'sq010.handoff.yaml';
const TEMPLATE = 'fx-elements.template.yaml';
const DONE_WHEN = '      - All 12 shots of sq010 delivered at v001 or later';

describe('rule vague-criterion', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a done_when line at the vague phrase, as a warning', () => {
    const results = check(edit(HANDOFFS, DONE_WHEN, '      - Comp looks good'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:31:14']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "The phrase 'looks good' in done_when of 'fx-to-comp-sq010' is an opinion, not a check; " +
        'state something checkable instead (a count, a version, a file, a measurable property).',
    );
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.endColumn - finding.column, 'looks good'.length);
  });

  it('reports one finding per line, naming every vague phrase in it', () => {
    const results = check(edit(HANDOFFS, DONE_WHEN, '      - Renders look good, ASAP, etc.'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:31:17']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /^The phrase 'look good' \(also 'ASAP', 'etc\.'\) in done_when/);
  });

  it('finds the phrase inside a quoted template checklist check', () => {
    const results = check(edit(TEMPLATE, 'check: Every file is tagged ACEScg', 'check: "Colours are TBD"'));
    assert.deepEqual(where(results, RULE), ['fx-elements.template.yaml:13:43']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /^The phrase 'TBD' in checklist item 'colorspace' of template 'fx-elements' is an opinion/);
  });

  it('checks inline checklist items of a handoff', () => {
    const results = check(edit(HANDOFFS, 'checklist: [frame-range, colorspace]', 'checklist: [frame-range, { check: Grain matched as needed }]'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:32:53']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /'as needed' in the checklist of 'fx-to-comp-sq010'/);
  });

  it('marks the whole value when an escape hides the phrase in the source', () => {
    const results = check(edit(HANDOFFS, DONE_WHEN, '      - "Comp looks\\x20good"'));
    const finding = results.find((r) => r.rule === RULE)!;
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:31:9']);
    assert.equal(finding.endColumn - finding.column, '"Comp looks\\x20good"'.length);
  });

  it('matches whole words in any case, across a hyphen or a folded line', () => {
    assert.deepEqual(vaguePhrasesIn('High-Quality renders, properly named'), ['High-Quality', 'properly']);
    assert.deepEqual(vaguePhrasesIn('Plates from Venice; etching pass; notice sent'), []);
    assert.deepEqual(vaguePhrasesIn('tbc_v002.exr on asap-server'), ['asap']);
    assert.deepEqual(vaguePhrasesIn('Should be\n  fine'), ['Should be fine']);
    assert.deepEqual(vaguePhrasesIn('Approved by eye, good enough, if possible, and so on; reasonable; nice'), [
      'Approved by eye',
      'good enough',
      'if possible',
      'and so on',
      'reasonable',
      'nice',
    ]);
  });

  it('accepts checkable criteria that only resemble vague ones', () => {
    const results = check(edit(HANDOFFS, DONE_WHEN, '      - All 12 shots pass the Venice plate check at v002; grain RMS within 5% of the plate'));
    assert.deepEqual(where(results, RULE), []);
  });

  it('can be turned off by the production rules', () => {
    const changes = { ...edit(HANDOFFS, DONE_WHEN, '      - Comp looks good'), ...edit('test.production.yaml', 'review_buffer: 2', 'review_buffer: 2\nrules: { vague-criterion: off }') };
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
