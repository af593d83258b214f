// The status request behind the editor's Handoffs view: the summary `handoff
// status` prints (the same core function), of the file's production, for the
// week of the configured today unless the params name another period. The
// hand-worked week is test/fixtures/status (see test/cli/status.test.ts).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseDate } from '../../server/src/core/calendar';
import { statusPeriod, statusSummary, type StatusSummary } from '../../server/src/core/features/status';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../server/src/node/files';
import { StatusRequest } from '../../server/src/protocol';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

const TODAY = '2027-01-20';

/** The summary the core gives for the folder on disk, without the server, as it arrives over the wire. */
function summaryOnDisk(folder: string, week?: string): StatusSummary {
  const workspace = new Workspace();
  for (const file of findSpecFiles(folder).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
  const production = workspace.productions().find((candidate) => candidate.production)!;
  const today = parseDate(TODAY)!;
  return JSON.parse(JSON.stringify(statusSummary(production, today, statusPeriod(today, week ? { week } : undefined)!))) as StatusSummary;
}

describe('protocol: handoff/status', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const uri = (name: string) => uriOf(path.join(folder, name));

  before(async () => {
    folder = copyFolder('test/fixtures/status');
    client = await TestClient.start(folder, { settings: { today: TODAY } });
    await client.waitFor('diagnostics of the handoff file', () => client.latest(uri('sq.handoff.yaml')));
  });

  after(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it("answers with the core's summary of the week of today, as `handoff status` prints it", async () => {
    const summary = await client.connection.sendRequest(StatusRequest, { uri: uri('sq.handoff.yaml') });
    assert.ok(summary);
    assert.deepEqual(summary.period, { from: '2027-01-18', to: '2027-01-24', label: '2027-W03' });
    assert.deepEqual(summary, summaryOnDisk(folder));
    assert.deepEqual(summary.channels[0].late.map((entry) => entry.handoff), ['layout-to-comp-sq020']);
  });

  it('takes another week, and refuses a malformed one with a message saying how to write it', async () => {
    const next = await client.connection.sendRequest(StatusRequest, { uri: uri('sq.handoff.yaml'), week: '2027-W04' });
    assert.deepEqual(next, summaryOnDisk(folder, '2027-W04'));
    await assert.rejects(
      client.connection.sendRequest(StatusRequest, { uri: uri('sq.handoff.yaml'), week: '2027-03' }),
      /week '2027-03' is not an ISO week; write it as YYYY-Www, e.g. 2027-W03/,
    );
  });
});
