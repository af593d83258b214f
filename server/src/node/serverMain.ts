// The language server's node entry: `handoff-language-server --stdio` (or
// --node-ipc, as the VS Code client starts it).
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer, type ServerHost } from '../lsp/server';
import { findSpecFiles, pathOfUri, readSpecFileAsync, uriOfPath } from './files';
import { excludeMatcher } from './exclude';
import snippets from '../../../snippets/handoff-specs.json';

const host: ServerHost = {
  async findSpecFiles(folderUri, exclude) {
    const root = pathOfUri(folderUri);
    const result = findSpecFiles(root, excludeMatcher(root, exclude));
    return {
      uris: result.files.map(uriOfPath),
      skipped: result.skipped.map((entry) => ({ uri: uriOfPath(entry.path), reason: entry.reason })),
    };
  },
  async readFile(uri) {
    try {
      return await readSpecFileAsync(pathOfUri(uri));
    } catch {
      return undefined;
    }
  },
  snippets: () => snippets,
};

export function main(): void {
  // createConnection picks --stdio, --node-ipc or --socket from the command line.
  if (!process.argv.some((arg) => /^--(stdio|node-ipc|socket|pipe)/.test(arg))) {
    process.stderr.write(
      `Usage: ${path.basename(process.argv[1] ?? 'handoff-language-server')} --stdio\n` +
        'Starts the Handoff Specs language server; an editor normally starts it for you.\n',
    );
    process.exit(2);
  }
  startServer(createConnection(ProposedFeatures.all), host);
}

main();
