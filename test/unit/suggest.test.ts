import * as assert from 'node:assert/strict';
import { closest, editDistance } from '../../server/src/core/suggest';

describe('did you mean', () => {
  it('counts a swap of two neighbouring letters as one typo', () => {
    assert.equal(editDistance('sonud', 'sound'), 1);
    assert.equal(closest('sonud', ['story', 'sound', 'color']), 'sound');
  });

  it('still counts insertions, deletions and substitutions', () => {
    assert.equal(editDistance('comp', 'compo'), 1);
    assert.equal(editDistance('fx', 'x'), 1);
    assert.equal(editDistance('layout', 'layuot'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('offers nothing when no id is close', () => {
    assert.equal(closest('deliverables', ['fx', 'comp', 'story']), undefined);
  });
});
