// An LSP client over stdio that drives any language server the way an editor
// does, and times it: every publishDiagnostics is recorded as it arrives, and
// waits are woken by the messages themselves (no polling), so a measured
// latency is the server's, not the client's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const uriOf = (file: string): string => pathToFileURL(file).href;

export interface ServerUnderTest {
  /** Column title in the table. */
  name: string;
  command: string;
  args: string[];
  /** The answer to one workspace/configuration item. */
  configuration(section: string | undefined): unknown;
  /** Settings pushed with workspace/didChangeConfiguration after initialized, when the server wants them. */
  pushedSettings?: unknown;
}

export interface Publication {
  /** performance.now() of the first and the latest diagnostics for the file. */
  first: number;
  last: number;
  count: number;
  version: number | undefined;
  diagnostics: number;
}

/** What an editor of the current generation announces (VS Code 1.9x). */
const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail'] } },
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      contextSupport: true,
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: true },
  },
};

interface Waiter {
  test: () => boolean;
  resolve: () => void;
}

export class LspDriver {
  /** Diagnostics received, by URI. */
  readonly publications = new Map<string, Publication>();
  /** The URI of every diagnostics message, in the order they came. */
  private readonly order: string[] = [];
  private get published(): number {
    return this.order.length;
  }
  private readonly versions = new Map<string, number>();
  private waiters: Waiter[] = [];

  private constructor(
    readonly server: ServerUnderTest,
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  static start(server: ServerUnderTest): LspDriver {
    const child = spawn(server.command, server.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.resume();
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const driver = new LspDriver(server, connection, child);
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const now = performance.now();
      driver.order.push(params.uri);
      const seen = driver.publications.get(params.uri);
      if (seen) {
        seen.last = now;
        seen.count++;
        seen.version = params.version;
        seen.diagnostics = params.diagnostics.length;
      } else {
        driver.publications.set(params.uri, { first: now, last: now, count: 1, version: params.version, diagnostics: params.diagnostics.length });
      }
      driver.wake();
    });
    connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map((item) => server.configuration(item.section) ?? null),
    );
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/codeLens/refresh', () => null);
    connection.onRequest('workspace/semanticTokens/refresh', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => null);
    connection.listen();
    return driver;
  }

  async initialize(folder: string): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [{ uri: uriOf(folder), name: path.basename(folder) }],
      capabilities: CAPABILITIES,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    if (this.server.pushedSettings !== undefined) {
      await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: this.server.pushedSettings });
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.test()) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Resolves with performance.now() at the moment `test` first holds (checked on every diagnostics message). */
  until(what: string, test: () => boolean, timeoutMs = 600_000): Promise<number> {
    if (test()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        reject(new Error(`${this.server.name}: timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const entry: Waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve(performance.now());
        },
      };
      this.waiters.push(entry);
    });
  }

  /** Waits until every URI has diagnostics; returns the time the last of them arrived. */
  async allPublished(uris: readonly string[], timeoutMs?: number): Promise<number> {
    const missing = new Set(uris.filter((uri) => !this.publications.has(uri)));
    let seen = this.published;
    await this.until(
      `diagnostics for ${uris.length} files`,
      () => {
        // Only the diagnostics received since the last look can fill a gap.
        for (; seen < this.published; seen++) missing.delete(this.order[seen]);
        return missing.size === 0;
      },
      timeoutMs,
    );
    let latest = 0;
    for (const uri of uris) latest = Math.max(latest, this.publications.get(uri)!.first);
    return latest;
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /**
   * Replaces the text of an open document and resolves with the milliseconds
   * until its diagnostics arrive: for that version when the server sends
   * versions, else the first diagnostics for the file after the change.
   */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const before = this.publications.get(uri)?.count ?? 0;
    const arrived = this.until(`diagnostics for version ${version} of ${uri}`, () => {
      const seen = this.publications.get(uri);
      return seen !== undefined && seen.count > before && (seen.version === undefined || seen.version === version);
    }, 60_000);
    const started = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await arrived) - started;
  }

  /** Opens a document and resolves with the milliseconds until its first diagnostics after the open. */
  async openAndWait(uri: string, text: string): Promise<number> {
    const before = this.publications.get(uri)?.count ?? 0;
    const arrived = this.until(`diagnostics after opening ${uri}`, () => (this.publications.get(uri)?.count ?? 0) > before, 60_000);
    const started = performance.now();
    await this.open(uri, text);
    return (await arrived) - started;
  }

  /** Sends a request and resolves with its round trip in milliseconds and the result. */
  async timed<R>(method: string, params: unknown): Promise<{ ms: number; result: R }> {
    const started = performance.now();
    const result = (await this.connection.sendRequest(method, params)) as R;
    return { ms: performance.now() - started, result };
  }

  /** Peak resident memory (MB) and CPU seconds (user + system, all threads) of the server process so far. */
  processStats(): { peakRssMb: number; cpuSeconds: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const peak = /VmHWM:\s+(\d+) kB/.exec(status);
    // Fields after the command name in /proc/<pid>/stat; utime and stime are the 14th and 15th overall.
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { peakRssMb: peak ? Number(peak[1]) / 1024 : NaN, cpuSeconds: ticks / CLOCK_TICKS };
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 5000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // Already gone: the kill below makes sure.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.connection.dispose();
    this.child.kill();
  }
}

/** USER_HZ: 100 on every Linux architecture node runs on. */
const CLOCK_TICKS = 100;
