import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseDate } from '../../server/src/core/calendar';
import { deliveryReport, type DeliveryReport } from '../../server/src/core/report';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../server/src/node/files';
import { REVEAL_SOURCE_COMMAND, ReportPageRequest, ReportRequest, ScaffoldRequest, type SourceRef } from '../../server/src/protocol';
import { scaffoldProduction } from '../../server/src/core/scaffold';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

const TODAY = '2027-01-27';

/** The report the core gives for the folder on disk, without the server, as it arrives over the wire. */
function reportOnDisk(folder: string): DeliveryReport {
  const workspace = new Workspace();
  for (const file of findSpecFiles(folder).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
  const production = workspace.productions().find((candidate) => candidate.production);
  assert.ok(production, 'the folder has a production');
  return JSON.parse(JSON.stringify(deliveryReport(production, parseDate(TODAY)!))) as DeliveryReport;
}

describe('protocol: handoff/report', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const uri = (name: string) => uriOf(path.join(folder, name));

  before(async () => {
    folder = copyFolder('examples/nightfall');
    client = await TestClient.start(folder, { settings: { today: TODAY } });
    await client.waitFor('diagnostics of the production file', () => client.latest(uri('nightfall.production.yaml')));
  });

  after(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it("answers with the core's report of the file's production, as of the configured today", async () => {
    const expected = reportOnDisk(folder);
    assert.ok(expected.stages.length > 1, 'the example has several stages');
    assert.ok(expected.stages.some((stage) => stage.accepted > 0), 'and some accepted handoffs to measure');
    const report = await client.connection.sendRequest(ReportRequest, { uri: uri('handoffs/3-shots.handoff.yaml') });
    assert.ok(report);
    assert.equal(report.today, TODAY);
    assert.equal(report.production, expected.production);
    assert.deepEqual(report.stages, expected.stages);
    assert.deepEqual(report, expected);
  });

  it('gives the page for the editor: its theme colours, each handoff id a link to its YAML', async () => {
    const report = reportOnDisk(folder);
    const flagged = [...new Set([...report.late, ...report.atRisk].map((entry) => entry.handoff))];
    assert.ok(flagged.length > 0, 'the example has late or at-risk handoffs on this date');
    const page = await client.connection.sendRequest(ReportPageRequest, { uri: uri('handoffs/3-shots.handoff.yaml'), nonce: 'bm9uY2U' });
    assert.ok(page);
    assert.equal(page.title, report.title ?? report.production);
    assert.match(page.html, /style-src 'nonce-bm9uY2U'/);
    assert.match(page.html, /--bg: var\(--vscode-editor-background\)/, 'the background is the theme\'s');
    assert.doesNotMatch(page.html, /<script/);
    const links = [...page.html.matchAll(/<a href="command:([^?"]+)\?([^"]+)"[^>]*><code>([^<]+)<\/code><\/a>/g)];
    const linked = new Set(links.map((link) => link[3]));
    // Every late or at-risk id is a link (other sections, such as the risks', link theirs too).
    assert.deepEqual(flagged.filter((id) => !linked.has(id)), []);
    // The link's argument is where the id is written: line and character of `id: <handoff>`.
    const [, command, argument, handoff] = links[0];
    assert.equal(command, REVEAL_SOURCE_COMMAND);
    const [source] = JSON.parse(decodeURIComponent(argument.replace(/&amp;/g, '&'))) as [SourceRef];
    const text = readSpecFile(new URL(source.uri).pathname);
    const line = text.split('\n')[source.range.start.line];
    assert.equal(line.slice(source.range.start.character, source.range.end.character), handoff);
    assert.match(line, /id: /);
  });

  it('scaffolds a new production dated from the configured today, the same files as handoff init', async () => {
    const files = await client.connection.sendRequest(ScaffoldRequest, { name: 'pilot' });
    assert.deepEqual(files, scaffoldProduction('pilot', TODAY));
    await assert.rejects(client.connection.sendRequest(ScaffoldRequest, { name: 'Pilot Show' }), /kebab-case/);
  });

  it('follows an edit that is not saved', async () => {
    const file = uri('nightfall.production.yaml');
    const before = await client.connection.sendRequest(ReportRequest, { uri: file });
    assert.ok(before);
    const text = readSpecFile(path.join(folder, 'nightfall.production.yaml'));
    assert.match(text, /^title: .*$/m);
    await client.open(file, text.replace(/^title: .*$/m, 'title: Nightfall (recut)'));
    // Messages are handled in order: the request sees the opened text.
    const after = await client.connection.sendRequest(ReportRequest, { uri: file });
    assert.equal(after?.title, 'Nightfall (recut)');
    assert.deepEqual(after.stages, before.stages);
  });
});

describe('protocol: handoff/report without a production', function () {
  this.timeout(30_000);

  it('answers null, so the view can say why there is no report', async () => {
    // Handoff files alone: no calendar, no departments.
    const folder = copyFolder('examples/nightfall/handoffs');
    const client = await TestClient.start(folder, { settings: { today: TODAY } });
    try {
      const file = uriOf(path.join(folder, '3-shots.handoff.yaml'));
      await client.waitFor('diagnostics of the handoff file', () => client.latest(file));
      assert.equal(await client.connection.sendRequest(ReportRequest, { uri: file }), null);
    } finally {
      await client.stop();
      removeFolder(folder);
    }
  });
});
