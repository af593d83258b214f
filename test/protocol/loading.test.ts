// While the server is still reading a large workspace, it answers at once and
// says so: a hover shows no schedule worked out from part of the files, and
// an id it has not read yet is not called unknown. Once the workspace is
// read, the same hover has the schedule.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { generateWorkspace } from '../../bench/generate';
import { removeFolder, TestClient, uriOf } from './client';

describe('protocol: requests while the workspace is being read', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient | undefined;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'handoff-loading-'));
    // 2,051 files: reading them takes the server several hundred milliseconds, a hover a few.
    generateWorkspace(folder, 10_000);
  });

  after(() => removeFolder(folder));

  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('hovers a depends_on entry without a half-read schedule, then with the schedule once read', async () => {
    const files = readdirSync(path.join(folder, 'handoffs')).sort();
    const target = path.join(folder, 'handoffs', files[files.length - 1]);
    const text = readFileSync(target, 'utf8');
    const lines = text.split('\n');
    const line = lines.findIndex((candidate) => candidate.startsWith('    depends_on: ['));
    const position = { line, character: '    depends_on: ['.length + 1 };
    const uri = uriOf(target);

    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    await client.open(uri, text);
    const early = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })) as Hover;
    const earlyText = (early.contents as MarkupContent).value;
    assert.match(earlyText, /spec files still to read|looking for spec files/);
    assert.doesNotMatch(earlyText, /ready:|Unknown handoff/);

    await client.waitFor('the whole workspace diagnosed', () => client!.published.length >= 2051, 30_000);
    const late = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })) as Hover;
    const lateText = (late.contents as MarkupContent).value;
    assert.match(lateText, /ready: \w+ \d{4}-\d{2}-\d{2}/);
    assert.doesNotMatch(lateText, /still to read/);
  });
});
