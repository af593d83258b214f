// A real LSP client for protocol tests: starts the bundled server as a child
// process and talks JSON-RPC to it over stdio, the way any editor would.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type ClientCapabilities,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.join(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface StartOptions {
  /** Settings answered to workspace/configuration for the `handoff` section. */
  settings?: Record<string, unknown>;
  /** What the client says it can do with completion lists (VS Code: shared edit ranges, resolving details and documentation). */
  completion?: NonNullable<ClientCapabilities['textDocument']>['completion'];
  /** Whether the client advertises window/workDoneProgress. */
  progress?: boolean;
}

/** Copies a fixture folder (relative to the repository) into a fresh temporary folder. */
/** The LSP position of `needle` in `text` (plus `offsetInNeedle` characters). */
export function positionOf(text: string, needle: string, offsetInNeedle = 0): { line: number; character: number } {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `'${needle}' in text`);
  const before = text.slice(0, index + offsetInNeedle).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function copyFolder(relative: string): string {
  const target = mkdtempSync(path.join(tmpdir(), 'handoff-protocol-'));
  cpSync(path.join(REPO, relative), target, { recursive: true });
  return target;
}

export function removeFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

export const uriOf = (file: string): string => pathToFileURL(file).href;

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: unknown[] = [];
  readonly logs: string[] = [];
  /** window/showMessage notifications: what the editor shows the user. */
  readonly messages: { type: number; message: string }[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
    readonly folder: string,
  ) {}

  static async start(folder: string, options: StartOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(connection, child, folder);
    child.stderr!.on('data', (chunk: Buffer) => client.logs.push(chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      client.published.push(params);
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      client.logs.push(params.message);
    });
    connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
      client.messages.push(params);
    });
    connection.onNotification('$/progress', (params: unknown) => {
      client.progress.push(params);
    });
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => (item.section === 'handoff' ? (options.settings ?? {}) : item.section === 'files.exclude' ? {} : null)),
    );
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: path.basename(folder) }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: options.progress !== false },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true }, ...(options.completion ? { completion: options.completion } : {}) },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Polls until `predicate` holds, or fails after `timeout` ms with `what`. */
  async waitFor<T>(what: string, predicate: () => T | undefined | false, timeout = 15_000): Promise<T> {
    const until = Date.now() + timeout;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** The last diagnostics published for a file. */
  latest(uri: string): PublishDiagnosticsParams | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  /** Replaces the whole text of an open document; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    this.connection.dispose();
    this.child.kill();
  }
}
