import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity, DidChangeWorkspaceFoldersNotification } from 'vscode-languageserver-protocol';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

describe('protocol: settings and workspace folders', function () {
  this.timeout(30_000);
  const folders: string[] = [];
  let client: TestClient | undefined;

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    for (const folder of folders.splice(0)) removeFolder(folder);
  });

  function conflictingCopy(): string {
    const folder = copyFolder('test/fixtures/base');
    folders.push(folder);
    const file = path.join(folder, 'sq010.handoff.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('start: 2027-01-13', 'start: 2027-01-12'));
    return folder;
  }

  it('applies severity overrides from the handoff.rules setting over the defaults', async () => {
    const folder = conflictingCopy();
    client = await TestClient.start(folder, { settings: { today: '2027-01-15', rules: { 'schedule-conflict': 'warning' } } });
    const uri = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    const published = await client.waitFor('the conflict', () => client!.latest(uri)?.diagnostics.find((d) => d.code === 'schedule-conflict'));
    assert.equal(published.severity, DiagnosticSeverity.Warning);
    assert.equal(published.range.start.line + 1, 26);
  });

  it('without the override the same conflict is an error', async () => {
    const folder = conflictingCopy();
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const uri = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    const published = await client.waitFor('the conflict', () => client!.latest(uri)?.diagnostics.find((d) => d.code === 'schedule-conflict'));
    assert.equal(published.severity, DiagnosticSeverity.Error);
  });

  it('follows workspace folders being added and removed', async () => {
    const first = copyFolder('test/fixtures/base');
    const second = conflictingCopy();
    folders.push(first);
    client = await TestClient.start(first, { settings: { today: '2027-01-15' } });
    await client.waitFor('the first folder', () => client!.latest(uriOf(path.join(first, 'sq010.handoff.yaml'))));
    const added = uriOf(path.join(second, 'sq010.handoff.yaml'));
    assert.equal(client.latest(added), undefined);

    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [{ uri: uriOf(second), name: 'second' }], removed: [] },
    });
    await client.waitFor('the added folder analysed', () => client!.latest(added)?.diagnostics.some((d) => d.code === 'schedule-conflict'));

    await client.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, {
      event: { added: [], removed: [{ uri: uriOf(second), name: 'second' }] },
    });
    await client.waitFor('the removed folder cleared', () => client!.latest(added)?.diagnostics.length === 0);
  });
});
