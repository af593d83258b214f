import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScheduleRequest, MoveHandoffRequest, PreviewMoveRequest, type WorkspaceEditLike } from '../../server/src/protocol';
import type { ScheduleView } from '../../server/src/core/features/scheduleView';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

describe('protocol: handoff/moveHandoff', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const uri = (name: string) => uriOf(path.join(folder, name));

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/base');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    await client.waitFor('initial diagnostics', () => client.latest(uri('sq010.handoff.yaml')));
  });

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it('answers a dragged bar with a snapped edit of the YAML, and the schedule then shows the conflict downstream', async () => {
    const handoffs = uri('sq010.handoff.yaml');
    // Saturday 2027-01-09 snaps to Monday 2027-01-11.
    const edit = (await client.connection.sendRequest(MoveHandoffRequest.method, {
      uri: uri('test.production.yaml'),
      handoff: 'fx-sim-sq010',
      due: '2027-01-09',
    })) as WorkspaceEditLike;
    assert.deepEqual(edit, {
      changes: { [handoffs]: [{ range: { start: { line: 9, character: 9 }, end: { line: 9, character: 19 } }, newText: '2027-01-11' }] },
    });

    const text = readFileSync(path.join(folder, 'sq010.handoff.yaml'), 'utf8');
    const lines = text.split('\n');
    lines[9] = lines[9].slice(0, 9) + '2027-01-11' + lines[9].slice(19);
    await client.open(handoffs, lines.join('\n'));
    const view = (await client.connection.sendRequest(ScheduleRequest.method, { uri: handoffs })) as ScheduleView;
    const downstream = view.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
    assert.deepEqual(downstream.conflict, [{ upstream: 'fx-sim-sq010', missingWorkingDays: 1, earliestStart: '2027-01-14' }]);
  });

  it('previews a dragged bar: the schedule with the move, the conflict downstream, nothing written', async () => {
    const handoffs = uri('sq010.handoff.yaml');
    const before = readFileSync(path.join(folder, 'sq010.handoff.yaml'), 'utf8');
    // Due Saturday 2027-01-09 snaps to Monday 2027-01-11; two review days (Tue 12, Wed 13) make it ready on the 13th,
    // so fx-to-comp-sq010, starting Wednesday the 13th, starts one working day early: earliest start Thursday the 14th.
    const preview = (await client.connection.sendRequest(PreviewMoveRequest.method, { uri: handoffs, handoff: 'fx-sim-sq010', due: '2027-01-09' })) as ScheduleView;
    const moved = preview.handoffs.find((h) => h.id === 'fx-sim-sq010')!;
    assert.deepEqual([moved.due, moved.ready], ['2027-01-11', '2027-01-13']);
    assert.deepEqual(preview.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.conflict, [{ upstream: 'fx-sim-sq010', missingWorkingDays: 1, earliestStart: '2027-01-14' }]);

    // Near miss: nothing was written, and the schedule as it stands has no such conflict.
    assert.equal(readFileSync(path.join(folder, 'sq010.handoff.yaml'), 'utf8'), before);
    const view = (await client.connection.sendRequest(ScheduleRequest.method, { uri: handoffs })) as ScheduleView;
    assert.notEqual(view.handoffs.find((h) => h.id === 'fx-sim-sq010')!.due, '2027-01-11');
    assert.equal(view.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.conflict, undefined);
    await assert.rejects(client.connection.sendRequest(PreviewMoveRequest.method, { uri: handoffs, handoff: 'nope', due: '2027-01-09' }), /There is no handoff 'nope'/);
  });

  it('fails with a message for a handoff that does not exist', async () => {
    await assert.rejects(
      client.connection.sendRequest(MoveHandoffRequest.method, { uri: uri('sq010.handoff.yaml'), handoff: 'nope', start: '2027-01-04' }),
      /There is no handoff 'nope'/,
    );
  });
});
