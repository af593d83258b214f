// The language server's node entry: `handoff-language-server --stdio` (or
// --node-ipc, as the VS Code client starts it). The parse workers of the
// workspace scan run parseWorker.js, bundled beside it.
import * as path from 'node:path';
import type { ServerHost } from '../lsp/server';
import { MAX_IMPORT_BYTES } from '../core/model/units';
import { findSpecFiles, pathOfUri, readImportedFile, readOcioConfig, readSpecFileAsync, uriOfPath } from './files';
import { excludeMatcher } from './exclude';
import { ParsePool } from './parsePool';
import snippets from '../../../snippets/handoff-specs.json';

const parsers = new ParsePool(path.join(__dirname, 'parseWorker.js'));

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
  async readOcioConfig(uri) {
    return readOcioConfig(pathOfUri(uri));
  },
  async readImport(uri) {
    return readImportedFile(uri, MAX_IMPORT_BYTES);
  },
  snippets: () => snippets,
  parseFiles: (files, onParsed) => parsers.parse(files, onParsed),
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
  // The workers load the parser and compile the schemas while the editor starts.
  parsers.warm();
  // Loaded here rather than above: the workers start loading first.
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { startServer } = require('../lsp/server') as typeof import('../lsp/server');
  startServer(createConnection(ProposedFeatures.all), host);
}

main();
