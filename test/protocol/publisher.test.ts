// Diagnostics publishing on its own, over an in-memory connection: a server
// connection and a client connection joined by two streams in this process.
// What a user would notice: the file just edited comes first, unchanged files
// are not sent again, nothing is sent for text older than the editor's, a
// file that leaves the workspace is cleared, a reopened one is sent again.
import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createProtocolConnection, PublishDiagnosticsNotification, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from '../../server/src/core/types';
import type { Workspace } from '../../server/src/core/workspace';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { DiagnosticsPublisher } from '../../server/src/lsp/publisher';
import { DEFAULT_TODAY, edit, uriOf, workspaceOf } from '../harness';

const HANDOFFS = uriOf('sq010.handoff.yaml');
const GLOSSARY = uriOf('test.glossary.yaml');
const RISKS = uriOf('test.risks.yaml');

describe('diagnostics publishing over an in-memory connection', () => {
  let client: ProtocolConnection;
  let received: PublishDiagnosticsParams[];
  let workspace: Workspace;
  /** The versions of the documents the editor has open. */
  let open: Map<string, number>;
  let publisher: DiagnosticsPublisher;
  let dispose: () => void;

  beforeEach(() => {
    const up = new PassThrough();
    const down = new PassThrough();
    const server = createConnection(up, down);
    client = createProtocolConnection(down, up);
    received = [];
    client.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
      received.push(params);
    });
    server.listen();
    client.listen();
    open = new Map();
    workspace = workspaceOf(edit('sq010.handoff.yaml', 'template: fx-elements\n    owner: dana', 'template: fx-elemnts\n    owner: dana'));
    publisher = new DiagnosticsPublisher({
      openVersion: (uri) => open.get(uri),
      file: (uri) => workspace.file(uri),
      convert: (file, diagnostic) => toDiagnostic(workspace, file, diagnostic),
      send: (params) => server.sendDiagnostics(params),
      error: (message) => assert.fail(message),
    });
    dispose = () => {
      client.dispose();
      server.dispose();
    };
  });
  afterEach(() => dispose());

  const analyse = (): ReadonlyMap<string, Diagnostic[]> => workspace.diagnostics({ today: DEFAULT_TODAY });

  /** Waits until `count` notifications have come, then a moment more, to see that no others follow. */
  async function settle(count: number): Promise<PublishDiagnosticsParams[]> {
    const until = Date.now() + 10_000;
    while (received.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const got = received;
    received = [];
    return got;
  }

  it('sends every file once, the edited one first with its version, and the same results not again', async () => {
    open.set(HANDOFFS, 1);
    const latest = analyse();
    publisher.publish(latest, new Set([HANDOFFS]));
    const first = await settle(latest.size);
    assert.equal(first.length, latest.size);
    assert.equal(first[0].uri, HANDOFFS);
    assert.equal(first[0].version, 1);
    assert.deepEqual(
      first[0].diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`),
      ['unknown-reference 6:15'],
    );
    assert.ok(first.slice(1).every((params) => params.version === undefined), 'closed files carry no version');

    publisher.publish(analyse(), new Set());
    assert.deepEqual(await settle(0), []);
  });

  it('sends nothing for text older than the editor holds, and the newer results once they come', async () => {
    publisher.publish(analyse(), new Set());
    await settle(analyse().size);
    // The editor is at version 2; the workspace still has version 1's text.
    open.set(HANDOFFS, 2);
    publisher.publish(analyse(), new Set([HANDOFFS]));
    assert.deepEqual(await settle(0), []);
    // Version 2 arrives, with the typo fixed.
    const fixed = workspace.file(HANDOFFS)!.parsed.text.replace('fx-elemnts', 'fx-elements');
    workspace.setFile(HANDOFFS, fixed, 2);
    publisher.publish(analyse(), new Set([HANDOFFS]));
    const sent = await settle(1);
    assert.deepEqual(
      sent.map((params) => [params.uri, params.version, params.diagnostics.length]),
      [[HANDOFFS, 2, 0]],
    );
  });

  it("with the workspace's changes, looks only at the files whose diagnostics changed, and at those left unsent", async () => {
    // The first analysis: every file may have changed, and every file is sent.
    const all = analyse();
    const every = workspace.takeDiagnosticChanges();
    assert.equal(every, undefined);
    publisher.publish(all, new Set(), every);
    assert.equal((await settle(all.size)).length, all.size);
    // The typo fixed at version 2 (published with another document's analysis, so not first): only this
    // file's diagnostics changed, and only it is sent.
    open.set(HANDOFFS, 2);
    const fixed = workspace.file(HANDOFFS)!.parsed.text.replace('fx-elemnts', 'fx-elements');
    workspace.setFile(HANDOFFS, fixed, 2);
    publisher.publish(analyse(), new Set(), workspace.takeDiagnosticChanges());
    assert.deepEqual((await settle(1)).map((params) => [params.uri, params.version, params.diagnostics.length]), [[HANDOFFS, 2, 0]]);
    // The editor is at version 3 while the workspace has version 2: nothing is sent.
    open.set(HANDOFFS, 3);
    publisher.publish(analyse(), new Set([HANDOFFS]), workspace.takeDiagnosticChanges());
    assert.deepEqual(await settle(0), []);
    // Version 3 has the same text: no diagnostics changed, yet the file left unsent goes out now, for version 3.
    workspace.setFile(HANDOFFS, fixed, 3);
    const changes = (analyse(), workspace.takeDiagnosticChanges());
    assert.equal(changes?.size, 0);
    publisher.publish(analyse(), new Set(), changes);
    assert.deepEqual((await settle(1)).map((params) => [params.uri, params.version, params.diagnostics.length]), [[HANDOFFS, 3, 0]]);
  });

  it('clears a file that left the workspace and sends a reopened one again', async () => {
    publisher.publish(analyse(), new Set());
    await settle(analyse().size);
    workspace.removeFile(RISKS);
    publisher.publish(analyse(), new Set());
    assert.deepEqual((await settle(1)).map((params) => [params.uri, params.diagnostics.length]), [[RISKS, 0]]);
    publisher.republish(GLOSSARY);
    publisher.publish(analyse(), new Set());
    assert.deepEqual((await settle(1)).map((params) => params.uri), [GLOSSARY]);
  });
});
