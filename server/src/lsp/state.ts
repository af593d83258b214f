// What the request handlers get from the server (its state, and runSafe to
// run them), apart from the server itself so that neither imports the other.
import type { CancellationToken, ClientCapabilities, Connection, ResponseError, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisOptions, Diagnostic, FileModel, ImportedText, OcioSource, Workspace } from '../core/facade';

export interface ServerHost {
  /** Spec files under a folder, as URIs; `exclude` holds glob patterns relative to the folder. */
  findSpecFiles(folderUri: string, exclude: readonly string[]): Promise<{ uris: string[]; skipped: { uri: string; reason: string }[] }>;
  /** A file's text, or undefined when it cannot be read (deleted, unreadable). */
  readFile(uri: string): Promise<string | undefined>;
  /** Snippet bodies offered in spec files. */
  snippets(): Record<string, { prefix: string; body: string[]; description: string }>;
  /**
   * Reads (when no text is given), parses and indexes spec files off the main
   * thread, calling `onParsed` here with each file's model as it is ready
   * (undefined when it cannot be read). Without it the server reads and
   * parses on its own thread.
   */
  parseFiles?(files: readonly { uri: string; text?: string; version?: number }[], onParsed: (uri: string, model: FileModel | undefined) => void): Promise<void>;
  /** An OCIO config a production names: its text, or why it cannot be read. Without it, OCIO names are not checked. */
  readOcioConfig?(uri: string): Promise<OcioSource>;
  /** Reads a shot list a breakdown imports (CSV, OTIO): its text, or why there is none. */
  readImport?(uri: string): Promise<ImportedText>;
}

export interface ServerState {
  readonly connection: Connection;
  readonly host: ServerHost;
  readonly workspace: Workspace;
  readonly documents: TextDocuments<TextDocument>;
  analysisOptions(): AnalysisOptions;
  /** What the client said it supports, once it has initialized. */
  clientCapabilities(): ClientCapabilities;
  /** Brings the workspace up to date with every open document's latest text. */
  sync(): void;
  /** The core diagnostics last computed for a file (for code actions). */
  diagnosticsOf(uri: string): readonly Diagnostic[];
  /** While a scan is reading the workspace, how far it is ("1,200 spec files still to read"); undefined once it is read. */
  loading(): string | undefined;
  log(message: string): void;
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
