// The command the upstream and downstream code lenses name: peek at handoffs
// in place. LSP data arrives as plain JSON; the editor's peek command takes
// its own Uri, Position and Location.
import * as vscode from 'vscode';
import type { Location as LspLocation, Position as LspPosition } from 'vscode-languageserver-protocol';
import { PEEK_LOCATIONS_COMMAND } from '../../server/src/protocol';
import type { HandoffLanguageClient } from './languageClient';

export function registerLocationCommands(language: HandoffLanguageClient): vscode.Disposable[] {
  const converter = () => language.client.protocol2CodeConverter;
  return [
    vscode.commands.registerCommand(PEEK_LOCATIONS_COMMAND, async (uri: string, position: LspPosition, locations: LspLocation[]) => {
      const c = converter();
      await vscode.commands.executeCommand('editor.action.peekLocations', c.asUri(uri), c.asPosition(position), locations.map((location) => c.asLocation(location)), 'peek');
    }),
  ];
}
