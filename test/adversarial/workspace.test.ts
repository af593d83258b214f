// Hostile workspaces for the language server: symbolic links that loop, and
// files deleted while the server scans or analyses them. Each is skipped with
// a logged reason within the bounds of measure.ts, and every other file ends
// with the analysis a fresh look at the disk gives.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, FileChangeType, type FileEvent } from 'vscode-languageserver-protocol';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../server/src/node/files';
import { copyFolder, TestClient, uriOf } from '../protocol/client';
import { assertServerBaseIntact, assertServerBounds, BOUND_MB, BOUND_MS, peakOf, serverCase, serverPid, TODAY } from './measure';

/** `line:col code message` of every finding a fresh workspace gives for what is on disk now, by URI. */
function analysisOfDisk(folder: string): Map<string, string[]> {
  const workspace = new Workspace();
  for (const file of findSpecFiles(folder).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
  const result = new Map<string, string[]>();
  for (const [uri, diagnostics] of workspace.diagnostics({ today: TODAY })) {
    const lines = workspace.file(uri)!.parsed.lines;
    result.set(
      uri,
      diagnostics.filter((d) => !d.suppressed).map((d) => {
        const at = lines.positionAt(d.span.start);
        return `${at.line}:${at.character} ${d.rule} ${d.message}`;
      }),
    );
  }
  return result;
}

function publishedAsTuples(client: TestClient, uri: string): string[] | undefined {
  return client.latest(uri)?.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`);
}

/** Waits until what the server shows for every file is what a fresh analysis of the disk gives, and nothing for files gone. */
async function assertMatchesDisk(client: TestClient, folder: string, gone: readonly string[]): Promise<void> {
  const expected = analysisOfDisk(folder);
  const agrees = () =>
    [...expected].every(([uri, list]) => JSON.stringify(publishedAsTuples(client, uri)) === JSON.stringify(list)) &&
    gone.every((uri) => (publishedAsTuples(client, uri) ?? []).length === 0);
  try {
    await client.waitFor('the server to agree with a fresh analysis of the disk', agrees, BOUND_MS);
  } catch {
    // Fall through to an assertion that shows the difference.
  }
  for (const [uri, list] of expected) assert.deepEqual(publishedAsTuples(client, uri), list, uri);
  for (const uri of gone) assert.deepEqual(publishedAsTuples(client, uri) ?? [], [], `${uri} was deleted but still shows diagnostics`);
}

function handoffFile(id: string): string {
  return [
    'handoffs:',
    `  - id: ${id}`,
    '    title: One of many',
    '    from: fx',
    '    to: comp',
    '    template: fx-elements',
    '    owner: dana',
    '    contact: ben',
    '    start: 2027-01-04',
    '    due: 2027-01-08',
    '    done_when: [All shots delivered]',
    '',
  ].join('\n');
}

describe('adversarial: hostile workspaces', function () {
  this.timeout(120_000);

  it('symbolic link loops are skipped with a logged reason and the scan ends', async () => {
    const server = await serverCase(
      {},
      {
        prepare: (folder) => {
          symlinkSync('.', path.join(folder, 'itself'));
          mkdirSync(path.join(folder, 'shots', 'sq010'), { recursive: true });
          symlinkSync(path.join('..', '..'), path.join(folder, 'shots', 'sq010', 'up'));
          symlinkSync('knot.handoff.yaml', path.join(folder, 'knot.handoff.yaml'));
          symlinkSync('pong.handoff.yaml', path.join(folder, 'ping.handoff.yaml'));
          symlinkSync('ping.handoff.yaml', path.join(folder, 'pong.handoff.yaml'));
        },
      },
    );
    try {
      await server.client.waitFor('the end of the scan', () => server.client.logs.some((line) => /^Analysed \d+ spec files/.test(line)));
      const logs = server.client.logs.join('\n');
      for (const name of ['knot', 'ping', 'pong']) assert.match(logs, new RegExp(`Skipped .*${name}\\.handoff\\.yaml: a symbolic link loops back on itself\\.`));
      // The base files once each, however many ways the links lead to them.
      assert.match(logs, /^Analysed 6 spec files/m);
      assert.equal(server.client.published.filter((p) => p.uri.includes('/itself/') || p.uri.includes('/up/')).length, 0, 'a file reached through a looping link was analysed twice');
      assertServerBaseIntact(server);
      assertServerBounds('symbolic link loops', server);
    } finally {
      await server.stop();
    }
  });

  it('files deleted while the server scans them are skipped with a logged reason; the rest is analysed in full', async () => {
    const count = 1500;
    const names = Array.from({ length: count }, (_, i) => `many/m${String(i).padStart(4, '0')}.handoff.yaml`);
    const files = Object.fromEntries(names.map((name, i) => [name, handoffFile(`m${String(i).padStart(4, '0')}`)]));
    // Started by hand, not by serverCase: the files go while the scan runs, not after.
    const folder = copyFolder('test/fixtures/base');
    mkdirSync(path.join(folder, 'many'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
    const started = process.hrtime.bigint();
    const client = await TestClient.start(folder, { settings: { today: TODAY } });
    const pid = serverPid();
    const doomed = names.slice(count / 2);
    try {
      // The first progress report comes after the first batch of files is read: delete the second half then.
      await client.waitFor('the scan to start reading', () => client.progress.some((p) => JSON.stringify(p).includes('"report"')), BOUND_MS);
      for (const name of doomed) rmSync(path.join(folder, name));
      await client.waitFor('the end of the scan', () => client.logs.some((line) => /^Analysed \d+ spec files/.test(line)), BOUND_MS);
      const caught = client.logs.filter((line) => /^Skipped .*: it could not be read/.test(line)).length;
      // What an editor's file watcher then says.
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: doomed.map((name): FileEvent => ({ uri: uriOf(path.join(folder, name)), type: FileChangeType.Deleted })),
      });
      await assertMatchesDisk(client, folder, doomed.map((name) => uriOf(path.join(folder, name))));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const peak = peakOf(pid);
      console.log(`      deleted during the scan: ${doomed.length} of ${count} files deleted, ${caught} of them found by the scan and gone when read (logged); ${ms.toFixed(0)} ms, server peak RSS ${peak ?? '?'} MB`);
      assert.ok(ms < BOUND_MS);
      if (peak !== undefined) assert.ok(peak < BOUND_MB);
      assert.ok(!client.logs.some((line) => /failed|Error/.test(line)), client.logs.join('\n'));
    } finally {
      await client.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a file deleted while it is open and being edited leaves with its diagnostics, and the files using it are re-checked', async () => {
    const server = await serverCase({});
    const { client, folder } = server;
    try {
      const template = path.join(folder, 'fx-elements.template.yaml');
      const uri = uriOf(template);
      const text = readFileSync(template, 'utf8');
      await client.open(uri, text);
      for (let i = 0; i < 30; i++) {
        await client.change(uri, i % 2 === 0 ? `${text}# edit ${i}\n` : text.replace('format: exr', 'format: ex'));
        if (i === 10) {
          rmSync(template);
          await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Deleted }] });
        }
      }
      // The editor still holds the text; closing it hands the file back to the disk, where it is gone.
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await assertMatchesDisk(client, folder, [uri]);
      const handoffs = client.latest(uriOf(path.join(folder, 'sq010.handoff.yaml')))!.diagnostics;
      assert.ok(handoffs.some((d) => d.code === 'unknown-reference' && /fx-elements/.test(JSON.stringify(d.message))), 'the handoffs now miss their template');
      assertServerBounds('file deleted while open', server);
    } finally {
      await server.stop();
    }
  });
});
