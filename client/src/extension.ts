// The VS Code extension: starts the language client and registers the
// commands, the status-bar item and the panels. Everything it shows comes
// from the server over LSP and the custom requests of server/src/protocol.ts.
import * as vscode from 'vscode';
import { openNewProduction, registerCommands } from './commands';
import { registerHandoffsView } from './handoffsView';
import { createLanguageClient, type HandoffLanguageClient } from './languageClient';
import { registerLocationCommands } from './locations';
import { registerPanelSerializers } from './panels/restore';
import { reasonOf } from './panels/webviewHtml';
import { registerRuleDocs } from './ruleDocs';
import { ProductionStatus } from './statusBar';

let language: HandoffLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Handoff Specs', { log: true });
  language = createLanguageClient(context, log);
  const panelContext = { extensionUri: context.extensionUri, language, log, memento: context.globalState, workspaceState: context.workspaceState };
  context.subscriptions.push(
    log,
    language,
    new ProductionStatus(),
    ...registerCommands(panelContext),
    ...registerLocationCommands(language),
    ...registerHandoffsView(language, log),
    registerRuleDocs(panelContext),
    ...registerPanelSerializers(panelContext),
  );
  // The client reports a failed start itself; the log keeps the reason.
  language.client.start().catch((error) => log.error(`The language server did not start: ${reasonOf(error)}`));
  // A production New Production… made just before the window reloaded into a multi-root workspace.
  void openNewProduction(panelContext);
}

export async function deactivate(): Promise<void> {
  const stopping = language?.client.stop();
  language = undefined;
  await stopping;
}
