// The language server: adapts the analysis core to LSP. Transport and file
// access come from the host, so the same server runs over stdio, node IPC or
// an in-memory connection in tests. startServer wires the parts: document
// sync and scanning (documents.ts), which hands each analysis to the
// diagnostics publisher (publisher.ts), and the request handlers
// (features.ts); here are only the handshake and the settings.
import {
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import type { SeveritySetting } from '../core/facade';
import type { HandoffSettings } from '../protocol';
import { DocumentSync } from './documents';
import { registerFeatures } from './features';
import type { ServerHost, ServerState } from './state';

export type { ServerHost } from './state';

export function startServer(connection: Connection, host: ServerHost): void {
  let folders: WorkspaceFolder[] = [];
  let settings: HandoffSettings = {};
  let filesExclude: string[] = [];
  let supportsConfiguration = false;
  let supportsWatchedFileRegistration = false;
  let supportsProgress = false;
  let supportsWorkspaceFolders = false;
  let clientCapabilities: ClientCapabilities = {};

  const log = (message: string) => connection.console.log(message);
  const analysisOptions = () => ({
    today: settings.today && settings.today.trim() !== '' ? settings.today.trim() : undefined,
    severityOverrides: settings.rules as Record<string, SeveritySetting> | undefined,
  });
  const sync = new DocumentSync(connection, host, {
    analysisOptions,
    exclude: () => [...filesExclude, ...(settings.exclude ?? [])],
    watchesFiles: () => supportsWatchedFileRegistration,
    showsProgress: () => supportsProgress,
  });
  const workspace = sync.workspace;

  const state: ServerState = {
    connection,
    host,
    workspace,
    documents: sync.documents,
    analysisOptions,
    clientCapabilities: () => clientCapabilities,
    sync: () => sync.sync(),
    diagnosticsOf: (uri) => sync.diagnosticsOf(uri),
    loading: () => sync.loading(),
    log,
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    const capabilities = params.capabilities;
    clientCapabilities = capabilities;
    supportsConfiguration = capabilities.workspace?.configuration === true;
    supportsWatchedFileRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    supportsProgress = capabilities.window?.workDoneProgress === true;
    supportsWorkspaceFolders = capabilities.workspace?.workspaceFolders === true;
    const options = params.initializationOptions as { settings?: HandoffSettings } | undefined;
    if (options?.settings) settings = options.settings;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '{', '[', ',', '-'], resolveProvider: true },
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
        watchers: [{ globPattern: '**/*.{production,glossary,template,handoff,runbook,risks,journal,breakdown}.{yaml,yml}' }, { globPattern: '**/*.{ocio,ocioz}' }, { globPattern: '**/*.{csv,otio}' }],
      });
    }
    // Listening for folder changes is only allowed when the client said it sends them.
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) {
          folders = folders.filter((folder) => folder.uri !== removed.uri);
          sync.removeFolder(removed.uri);
        }
        folders.push(...event.added);
        if (event.removed.length > 0) sync.schedule(0);
        void sync.scan(event.added);
      });
    }
    void sync.scan(folders, loadSettings());
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

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { handoff?: HandoffSettings } | undefined)?.handoff;
    if (supportsConfiguration) await loadSettings();
    else if (pushed) settings = pushed;
    sync.schedule(0);
  });

  registerFeatures(state);
  sync.listen();
  connection.listen();
}

