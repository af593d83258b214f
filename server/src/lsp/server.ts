// The language server: adapts the analysis core to LSP. Transport and file
// access come from the host, so the same server runs over stdio, node IPC or
// an in-memory connection in tests.
import {
  CancellationToken,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ResponseError,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions } from '../core/analysis';
import { fileKindOf, skipReason } from '../core/parse';
import type { Diagnostic, SeveritySetting } from '../core/types';
import { Workspace } from '../core/workspace';
import type { HandoffSettings } from '../protocol';
import { toDiagnostic } from './convert';
import { registerFeatures } from './features';

export interface ServerHost {
  /** Spec files under a folder, as URIs; `exclude` holds glob patterns relative to the folder. */
  findSpecFiles(folderUri: string, exclude: readonly string[]): Promise<{ uris: string[]; skipped: { uri: string; reason: string }[] }>;
  /** A file's text, or undefined when it cannot be read (deleted, unreadable). */
  readFile(uri: string): Promise<string | undefined>;
  /** Snippet bodies offered in spec files. */
  snippets(): Record<string, { prefix: string; body: string[]; description: string }>;
}

/** How long after the last keystroke diagnostics are computed. */
const DEBOUNCE_MS = 30;

export interface ServerState {
  readonly connection: Connection;
  readonly host: ServerHost;
  readonly workspace: Workspace;
  readonly documents: TextDocuments<TextDocument>;
  analysisOptions(): AnalysisOptions;
  /** Brings the workspace up to date with every open document's latest text. */
  sync(): void;
  /** The core diagnostics last computed for a file (for code actions). */
  diagnosticsOf(uri: string): readonly Diagnostic[];
  log(message: string): void;
}

export function startServer(connection: Connection, host: ServerHost): void {
  const workspace = new Workspace();
  const documents = new TextDocuments(TextDocument);
  let folders: WorkspaceFolder[] = [];
  let settings: HandoffSettings = {};
  let filesExclude: string[] = [];
  let supportsConfiguration = false;
  let supportsWatchedFileRegistration = false;
  let supportsProgress = false;
  let supportsWorkspaceFolders = false;
  /** Open documents whose latest text the workspace has not taken yet. */
  const stale = new Set<string>();
  /** Files whose diagnostics must be sent even when unchanged (just opened). */
  const mustPublish = new Set<string>();
  const published = new Map<string, { diagnostics: readonly Diagnostic[]; version: number | undefined }>();
  let latest = new Map<string, Diagnostic[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let scanning: Promise<void> = Promise.resolve();

  const log = (message: string) => connection.console.log(message);

  /** Takes a file's text; a file the core will not analyse (too large, binary) gets a diagnostic from it and a line in the log. */
  function setText(uri: string, text: string, version: number): void {
    const skipped = skipReason(text);
    if (skipped !== undefined) log(`Not analysing ${uri}: ${skipped.message}`);
    workspace.setFile(uri, text, version);
  }

  const state: ServerState = {
    connection,
    host,
    workspace,
    documents,
    analysisOptions: () => ({
      today: settings.today && settings.today.trim() !== '' ? settings.today.trim() : undefined,
      severityOverrides: settings.rules as Record<string, SeveritySetting> | undefined,
    }),
    sync,
    diagnosticsOf: (uri) => latest.get(uri) ?? [],
    log,
  };

  function sync(): void {
    for (const uri of stale) {
      const document = documents.get(uri);
      if (document) setText(uri, document.getText(), document.version);
    }
    stale.clear();
  }

  function schedule(delay = DEBOUNCE_MS): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      try {
        analyzeAndPublish();
      } catch (error) {
        connection.console.error(`Analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }, delay);
  }

  function analyzeAndPublish(): void {
    sync();
    latest = workspace.diagnostics(state.analysisOptions());
    for (const [uri, diagnostics] of latest) {
      const file = workspace.file(uri);
      if (!file) continue;
      const document = documents.get(uri);
      const version = document ? file.parsed.version : undefined;
      // Never publish results for text older than what the editor holds.
      if (document && document.version !== file.parsed.version) continue;
      const previous = published.get(uri);
      if (previous && previous.diagnostics === diagnostics && previous.version === version && !mustPublish.has(uri)) continue;
      if (previous?.version !== undefined && version !== undefined && version < previous.version) continue;
      if (previous && previous.version === version && !mustPublish.has(uri) && sameDiagnostics(previous.diagnostics, diagnostics)) {
        published.set(uri, { diagnostics, version });
        continue;
      }
      mustPublish.delete(uri);
      published.set(uri, { diagnostics, version });
      void connection.sendDiagnostics({
        uri,
        version,
        diagnostics: diagnostics.filter((d) => !d.suppressed).map((d) => toDiagnostic(workspace, file, d)),
      });
    }
    // Files that left the workspace: clear what was shown for them.
    for (const uri of [...published.keys()]) {
      if (!latest.has(uri)) {
        published.delete(uri);
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    const capabilities = params.capabilities;
    supportsConfiguration = capabilities.workspace?.configuration === true;
    supportsWatchedFileRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsProgress = capabilities.window?.workDoneProgress === true;
    supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    const options = params.initializationOptions as { settings?: HandoffSettings } | undefined;
    if (options?.settings) settings = options.settings;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '{', '[', ',', '-'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor'] },
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'handoff-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (supportsWatchedFileRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{production,glossary,template,handoff,runbook,risks}.{yaml,yml}' }],
      });
    }
    // Listening for folder changes is only allowed when the client said it sends them.
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) {
          folders = folders.filter((folder) => folder.uri !== removed.uri);
          workspace.removeFolder(removed.uri);
        }
        folders.push(...event.added);
        if (event.removed.length > 0) schedule(0);
        scanning = scanning.then(() => scan(event.added));
      });
    }
    scanning = loadSettings().then(() => scan(folders));
  });

  async function loadSettings(): Promise<void> {
    if (!supportsConfiguration) return;
    try {
      const [handoff, files] = (await connection.workspace.getConfiguration([{ section: 'handoff' }, { section: 'files.exclude' }])) as [
        HandoffSettings | null,
        Record<string, boolean> | null,
      ];
      settings = handoff ?? {};
      filesExclude = Object.entries(files ?? {})
        .filter(([, on]) => on)
        .map(([pattern]) => pattern);
    } catch (error) {
      log(`Could not read settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function scan(targets: readonly WorkspaceFolder[]): Promise<void> {
    if (targets.length === 0) return;
    const progress = supportsProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Handoff Specs', 0, 'Scanning for spec files…', false);
    const started = Date.now();
    let total = 0;
    try {
      for (const folder of targets) {
        const found = await host.findSpecFiles(folder.uri, [...filesExclude, ...(settings.exclude ?? [])]);
        for (const skipped of found.skipped) log(`Skipped ${skipped.uri}: ${skipped.reason}.`);
        const uris = found.uris.filter((uri) => !documents.get(uri));
        let done = 0;
        const batch = 64;
        for (let i = 0; i < uris.length; i += batch) {
          const slice = uris.slice(i, i + batch);
          const texts = await Promise.all(slice.map((uri) => host.readFile(uri)));
          slice.forEach((uri, index) => {
            const text = texts[index];
            if (text === undefined) log(`Skipped ${uri}: it could not be read (deleted or unreadable since the scan found it).`);
            // An open editor's text wins over the disk.
            else if (!documents.get(uri)) setText(uri, text, 0);
          });
          done += slice.length;
          progress?.report(Math.round((done / uris.length) * 100), `${done}/${uris.length} spec files`);
        }
        total += uris.length;
      }
      analyzeAndPublish();
      log(`Analysed ${total} spec files in ${Date.now() - started} ms.`);
    } finally {
      progress?.done();
    }
  }

  documents.onDidOpen((event) => {
    stale.add(event.document.uri);
    mustPublish.add(event.document.uri);
    schedule(0);
  });

  documents.onDidChangeContent((event) => {
    stale.add(event.document.uri);
    schedule();
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    stale.delete(uri);
    // The file goes back to what the disk holds (or leaves when it is gone).
    void host.readFile(uri).then((text) => {
      if (documents.get(uri)) return;
      if (text === undefined) workspace.removeFile(uri);
      else setText(uri, text, 0);
      mustPublish.add(uri);
      schedule();
    });
  });

  connection.onDidChangeWatchedFiles(async (event) => {
    for (const change of event.changes) {
      const uri = change.uri;
      if (!fileKindOf(uri) || documents.get(uri)) continue;
      if (change.type === FileChangeType.Deleted) {
        workspace.removeFile(uri);
      } else {
        const text = await host.readFile(uri);
        if (documents.get(uri)) continue;
        if (text === undefined) workspace.removeFile(uri);
        else setText(uri, text, 0);
      }
    }
    schedule();
  });

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { handoff?: HandoffSettings } | undefined)?.handoff;
    if (supportsConfiguration) await loadSettings();
    else if (pushed) settings = pushed;
    schedule(0);
  });

  registerFeatures(state);
  documents.listen(connection);
  connection.listen();
  void scanning;
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.rule !== y.rule || x.message !== y.message || x.severity !== y.severity || x.span.start !== y.span.start || x.span.end !== y.span.end) return false;
    if (Boolean(x.suppressed) !== Boolean(y.suppressed) || JSON.stringify(x.related) !== JSON.stringify(y.related)) return false;
  }
  return true;
}

/** Runs a request handler so that cancellation and defects answer cleanly instead of crashing. */
export function runSafe<T>(state: ServerState, token: CancellationToken, fallback: T, what: string, work: () => T): T | ResponseError<void> {
  if (token.isCancellationRequested) return fallback;
  try {
    state.sync();
    return work();
  } catch (error) {
    state.connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}
