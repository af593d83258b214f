// How the server keeps up with a workspace: the edited document's diagnostics
// come first, a closed editor goes back to the disk's text without reading it
// again, and a request made while the scan is still parsing is answered.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DidCloseTextDocumentNotification, DocumentSymbolRequest, type DocumentSymbol } from 'vscode-languageserver-protocol';
import { generateWorkspace } from '../../bench/generate';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

describe('protocol: incremental analysis', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it("publishes the edited document's diagnostics before the other files' it changes", async () => {
    folder = copyFolder('test/fixtures/base');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const production = uriOf(path.join(folder, 'test.production.yaml'));
    const handoffs = uriOf(path.join(folder, 'sq010.handoff.yaml'));
    await client.waitFor('first diagnostics', () => client.latest(handoffs));
    const text = readFileSync(path.join(folder, 'test.production.yaml'), 'utf8');
    await client.open(production, text);
    await client.waitFor('diagnostics of the opened file', () => client.published.find((p) => p.uri === production && p.version === 1));
    const before = client.published.length;
    const version = await client.change(production, text.replace('{ id: comp, name: Compositing', '{ id: compositing, name: Compositing'));
    await client.waitFor('unknown-reference in the handoff file', () => client.published.slice(before).find((p) => p.uri === handoffs && p.diagnostics.length > 0));
    const after = client.published.slice(before);
    assert.equal(after[0].uri, production, `first published: ${after.map((p) => p.uri.split('/').pop()).join(', ')}`);
    assert.equal(after[0].version, version);
  });

  it("puts a closed editor's file back to the disk's text as the scan read it", async () => {
    folder = copyFolder('test/fixtures/base');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const file = path.join(folder, 'sq010.handoff.yaml');
    const uri = uriOf(file);
    await client.waitFor('first diagnostics', () => client.latest(uri));
    const text = readFileSync(file, 'utf8');
    await client.open(uri, text);
    const version = await client.change(uri, text.replace('template: fx-elements', 'template: fx-elemnts'));
    await client.waitFor('the broken reference', () => client.published.find((p) => p.uri === uri && p.version === version && p.diagnostics.length > 0));
    // The disk changes behind the server's back (no watched-file event): closing must not read it.
    rmSync(file);
    const before = client.published.length;
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const closed = await client.waitFor('diagnostics after closing', () => client.published.slice(before).find((p) => p.uri === uri));
    assert.deepEqual(closed.diagnostics, [], 'back to the clean text the scan read');
    assert.equal(closed.version, undefined);
  });

  it('answers a request about an open document while the scan is still parsing the workspace', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'handoff-incremental-'));
    const generated = generateWorkspace(folder, 10_000);
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const file = path.join(folder, 'handoffs', 'f00100.handoff.yaml');
    const uri = uriOf(file);
    await client.open(uri, readFileSync(file, 'utf8'));
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const published = new Set(client.published.map((p) => p.uri)).size;
    assert.ok(published < generated.files, `the scan was over before the request (${published} of ${generated.files} files published)`);
    assert.equal(symbols.length, 5, 'the five handoffs of the file');
    await client.waitFor('every file', () => new Set(client.published.map((p) => p.uri)).size >= generated.files, 55_000);
    assert.deepEqual(client.latest(uri)!.diagnostics, []);
  });
});
