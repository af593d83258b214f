// *New Production…* asks the server for the files (handoff/scaffold); with
// `series` they are those of `handoff init --series`: a breakdown, its CSV
// shot list and a chain over the shots. Written to a folder, they check clean
// in the server and the chain's instances are on the timeline.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Analysis, fileKindOf, Workspace } from '../../server/src/core/facade';
import { ScaffoldRequest, ScheduleRequest, type ScaffoldFile } from '../../server/src/protocol';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

const TODAY = '2027-01-27';

describe('protocol: handoff/scaffold with series', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  const clients: TestClient[] = [];

  async function start(folder: string): Promise<TestClient> {
    const client = await TestClient.start(folder, { settings: { today: TODAY } });
    clients.push(client);
    return client;
  }

  function newFolder(): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'handoff-scaffold-'));
    folders.push(folder);
    return folder;
  }

  /** A server that has read its settings (today) and a production: it answers scaffold requests as the editor's would. */
  let server: TestClient;

  before(async () => {
    const folder = copyFolder('examples/nightfall');
    folders.push(folder);
    server = await start(folder);
    await server.waitFor('diagnostics of the production file', () => server.latest(uriOf(path.join(folder, 'nightfall.production.yaml'))));
  });

  after(async () => {
    for (const client of clients) await client.stop();
    for (const folder of folders) removeFolder(folder);
  });

  it('gives the files of handoff init --series, a breakdown and a chain among them; without series, neither', async () => {
    const series = await server.connection.sendRequest(ScaffoldRequest, { name: 'pilot', series: true });
    assert.deepEqual(series, new Analysis(new Workspace(), { today: TODAY }).scaffold('pilot', { series: true }));
    assert.ok(series.some((file) => fileKindOf(file.path) === 'breakdown'), 'a breakdown');
    assert.ok(series.some((file) => file.path.endsWith('.csv')), 'the shot list it imports');
    assert.ok(series.some((file) => /^chains:/m.test(file.text)), 'a chain');
    // Near miss: the film scaffold, as before.
    const film = await server.connection.sendRequest(ScaffoldRequest, { name: 'pilot' });
    assert.ok(!film.some((file) => fileKindOf(file.path) === 'breakdown' || /^chains:/m.test(file.text)));
    assert.deepEqual(film, new Analysis(new Workspace(), { today: TODAY }).scaffold('pilot'));
  });

  it('writes a series that checks clean, with one handoff per step and shot', async () => {
    const files: ScaffoldFile[] = await server.connection.sendRequest(ScaffoldRequest, { name: 'pilot', series: true });
    const folder = newFolder();
    for (const file of files) {
      const target = path.join(folder, ...file.path.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    }
    const client = await start(folder);
    const specs = files.filter((file) => fileKindOf(file.path) !== undefined).map((file) => uriOf(path.join(folder, ...file.path.split('/'))));
    await client.waitFor('diagnostics of every spec file', () => specs.every((uri) => client.latest(uri)));
    // The shot list is read after the scan: ask until the chain's instances are on the timeline.
    let instances: string[] = [];
    for (const until = Date.now() + 20_000; instances.length === 0 && Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const timeline = await client.connection.sendRequest(ScheduleRequest, { uri: specs[0] });
      instances = (timeline?.handoffs ?? []).map((handoff) => handoff.id).filter((id) => /^(render|comp)-/.test(id));
    }
    assert.ok(instances.length >= 2, "the chain's steps for each shot are handoffs");
    const found = () => specs.flatMap((uri) => (client.latest(uri)?.diagnostics ?? []).map((d) => `${path.basename(uri)}:${d.range.start.line + 1} ${String(d.code)}: ${d.message}`));
    // Diagnostics published before the shot list was read may still name its shots as unknown: the last word counts.
    await client.waitFor('clean diagnostics', () => found().length === 0, 10_000).catch(() => undefined);
    assert.deepEqual(found(), []);
  });
});
