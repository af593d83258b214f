import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompletionRequest, HoverRequest, DocumentSymbolRequest, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol';
import { ScheduleRequest } from '../../server/src/protocol';
import { findSpecFiles } from '../../server/src/node/files';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

describe('protocol: the example production and broken files', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = copyFolder('examples/nightfall');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
  });

  after(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it('publishes clean diagnostics for all of examples/nightfall', async () => {
    const files = findSpecFiles(folder).files;
    assert.equal(files.length, 23);
    await client.waitFor('every file', () => files.every((file) => client.latest(uriOf(file))));
    const findings = files.flatMap((file) => client.latest(uriOf(file))!.diagnostics.map((d) => `${path.basename(file)}: ${String(d.message)}`));
    assert.deepEqual(findings, []);
    const schedule = (await client.connection.sendRequest(ScheduleRequest.method, { uri: uriOf(files[0]) })) as { criticalPath: string[] };
    assert.equal(schedule.criticalPath.at(-1), 'deliverables-to-production-imf');
  });

  it('keeps answering on a file whose YAML is broken mid-edit', async () => {
    const file = path.join(folder, 'handoffs', '3-shots.handoff.yaml');
    const uri = uriOf(file);
    const text = readFileSync(file, 'utf8');
    // Half-typed: an unclosed flow sequence and a dangling key.
    const broken = text.replace(/depends_on: \[([^\]]*)\]/, 'depends_on: [$1,').concat('\n  - id: half\n    from: \n');
    await client.open(uri, broken);
    const published = await client.waitFor('yaml-syntax for the broken file', () => {
      const latest = client.latest(uri);
      return latest?.version === 1 && latest.diagnostics.length > 0 ? latest : undefined;
    });
    assert.ok(published.diagnostics.every((d) => d.code === 'yaml-syntax'), 'only syntax errors are reported for a file that does not parse');
    const lines = broken.split('\n');
    const last = lines.length - 2;
    const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: last, character: lines[last].length } });
    const labels = (Array.isArray(completion) ? completion : ((completion as CompletionList | null)?.items ?? [])).map((item) => item.label);
    assert.ok(labels.includes('comp') && labels.includes('fx'), `departments offered after 'from: ' in a broken file: ${labels.join(', ')}`);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 10 } });
    assert.ok(hover === null || typeof (hover.contents as MarkupContent).value === 'string');
    const outline = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(outline));
    // Other files keep their full analysis.
    const other = uriOf(path.join(folder, 'handoffs', '4-finishing.handoff.yaml'));
    assert.deepEqual(client.latest(other)!.diagnostics, []);
  });
});
