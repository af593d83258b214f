import * as assert from 'node:assert/strict';
import { check, edit, where } from '../../harness';

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
});
