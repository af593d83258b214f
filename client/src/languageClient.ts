// The language client: starts the bundled server over node IPC for the six
// spec suffixes only, and tells the views when the analysis may have changed.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isSpecUri, SECTION, SPEC_GLOB, SPEC_SELECTOR } from './config';
import { withBundledRuleLink } from './ruleDocs';

export interface HandoffLanguageClient extends vscode.Disposable {
  readonly client: LanguageClient;
  /**
   * Fires when what the server knows may have changed: diagnostics arrived, a
   * spec file was edited, created or deleted, or the server (re)started.
   */
  readonly onDidChangeAnalysis: vscode.Event<void>;
}

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): HandoffLanguageClient {
  const analysisChanged = new vscode.EventEmitter<void>();
  const watcher = vscode.workspace.createFileSystemWatcher(SPEC_GLOB);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SPEC_SELECTOR,
    synchronize: { configurationSection: SECTION, fileEvents: watcher },
    outputChannel: log,
    diagnosticCollectionName: SECTION,
    middleware: {
      // Listening here rather than with onNotification keeps the client's own
      // diagnostics handler (a second handler for a method would replace it).
      handleDiagnostics(uri, diagnostics, next) {
        // Rule links open the page bundled with the extension, not the web.
        next(uri, diagnostics.map(withBundledRuleLink));
        analysisChanged.fire();
      },
    },
  };
  const client = new LanguageClient(SECTION, 'Handoff Specs', serverOptions, clientOptions);

  const fire = () => analysisChanged.fire();
  const subscriptions: vscode.Disposable[] = [
    analysisChanged,
    watcher,
    watcher.onDidCreate(fire),
    watcher.onDidChange(fire),
    watcher.onDidDelete(fire),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0 && isSpecUri(event.document.uri)) fire();
    }),
    client.onDidChangeState((event) => {
      if (event.newState === State.Running) fire();
    }),
  ];

  return {
    client,
    onDidChangeAnalysis: analysisChanged.event,
    dispose: () => {
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}
