import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { handoffGraph } from '../../../server/src/core/features/graph';
import { packModel, unpackModel } from '../../../server/src/core/features/packedModel';
import { scheduleView } from '../../../server/src/core/features/scheduleView';
import { Workspace } from '../../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../../server/src/node/files';
import { largeGraph, largeSchedule } from '../../browser/largeModels';

const NIGHTFALL = path.join(__dirname, '..', '..', '..', '..', 'examples', 'nightfall');

function nightfall() {
  const workspace = new Workspace();
  for (const file of findSpecFiles(NIGHTFALL).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
  return workspace.productions().find((p) => p.production !== undefined)!;
}

describe('packed view models', () => {
  it('gives back the example schedule and graph exactly', () => {
    const production = nightfall();
    for (const model of [scheduleView(production, '2027-01-15'), handoffGraph(production, {})]) {
      assert.deepEqual(unpackModel(packModel(model)), JSON.parse(JSON.stringify(model)));
    }
  });

  it('writes repeated keys once and repeated strings as indexes: a show-sized schedule in under half its JSON', () => {
    for (const model of [largeSchedule(5000), largeGraph(5000)]) {
      const packed = packModel(model);
      const json = JSON.stringify(model);
      assert.deepEqual(unpackModel(packed), JSON.parse(json));
      assert.ok(packed.length < json.length / 2, `${packed.length} characters packed against ${json.length} of JSON`);
    }
  });

  it('keeps absent keys absent, nulls null, and keys that look like its own markers', () => {
    const rows = [
      { id: 'a', due: '2027-01-04', done: true, source: { uri: 'x.yaml', line: 1 } },
      { id: 'b', due: null, done: false },
      { id: 'c', done: true, tags: [], source: { uri: 'x.yaml' } },
      { id: 'd', due: '2027-01-04', done: true, source: { uri: 'x.yaml', line: 4 }, '~t': ['not', 'a', 'table'], '~d': 1 },
      { id: 'e', due: '2027-01-04', done: true, n: 2, source: {} },
      {},
    ];
    const model = { rows, empty: [], nested: [[1, 'a'], []], '~v': { '~~x': null }, objects: [{}, {}, {}, {}] };
    const back = unpackModel(packModel(model)) as typeof model;
    assert.deepEqual(back, model);
    // A near miss that must differ: a row that lacks `due` is not a row whose due is null.
    assert.equal('due' in back.rows[2], false);
    assert.equal(back.rows[1].due, null);
  });
});
