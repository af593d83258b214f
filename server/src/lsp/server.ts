// The language server: adapts the analysis core to LSP. Transport and file
// access come from the host, so the same server runs over stdio, node IPC or
// an in-memory connection in tests.
import {
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { compileSchemas, fileKindOf, skipReason, Workspace, type AnalysisOptions, type Diagnostic, type FileModel, type SeveritySetting } from '../core/facade';
import type { HandoffSettings } from '../protocol';
import { toDiagnostic } from './convert';
import { DiagnosticsPublisher } from './publisher';
import { registerFeatures } from './features';
import type { ServerHost, ServerState } from './state';

export type { ServerHost } from './state';


/**
 * How long after the last keystroke in a document its diagnostics are
 * computed: enough to take a burst of changes (a paste, an undo, several
 * cursors) as one; an edit is re-checked in milliseconds, so no longer.
 */
const DEBOUNCE_MS = 20;

/**
 * After this long without a change (the user has stopped typing), the whole
 * schedule (slack, the critical path) is worked out for the hovers, code
 * lenses and timeline that read it, instead of on the first of them (and,
 * once, the schema validators, which a scan on workers left uncompiled here).
 */
const IDLE_MS = 500;

/**
 * Scans of fewer files are parsed on the server's own thread, a few files at
 * a time between requests: handing them to the workers would cost more than
 * parsing them.
 */
const PARALLEL_SCAN_FILES = 64;


export function startServer(connection: Connection, host: ServerHost): void {
  const documents = new TextDocuments(TextDocument);
  /**
   * The workspace as the editor sees it: while a scan is parsing an open
   * document, a request about it parses it here at once rather than wait.
   */
  class EditorWorkspace extends Workspace {
    override file(uri: string): FileModel | undefined {
      if (pending.has(uri) && documents.get(uri)) {
        pending.delete(uri);
        syncDocument(uri);
      }
      return super.file(uri);
    }
  }
  const workspace: Workspace = new EditorWorkspace();
  let folders: WorkspaceFolder[] = [];
  let settings: HandoffSettings = {};
  let filesExclude: string[] = [];
  let supportsConfiguration = false;
  let supportsWatchedFileRegistration = false;
  let supportsProgress = false;
  let supportsWorkspaceFolders = false;
  let clientCapabilities: ClientCapabilities = {};
  /** Open documents whose latest text the workspace has not taken yet. */
  const stale = new Set<string>();
  let latest = new Map<string, Diagnostic[]>();
  /** One debounce per document (and '' for changes that are no document's), so typing in one does not hold back another. */
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents whose diagnostics are sent first in the next publication: the ones just edited or opened. */
  const first = new Set<string>();
  /** Documents just opened: the change event that comes with the open is not an edit. */
  const justOpened = new Set<string>();
  let scanning: Promise<void> = Promise.resolve();
  /** Scans under way; diagnostics wait for them, since a half-read production reports references to files not read yet. */
  let scans = 0;
  /** Files handed to a scan and not taken in yet. */
  const pending = new Set<string>();
  /** Models of files as the disk holds them, kept while an editor shows other text, so closing it needs no read and no parse. */
  const diskModels = new Map<string, FileModel>();
  /** Models made from the disk's text (not an editor's). */
  const fromDisk = new WeakSet<FileModel>();

  const log = (message: string) => connection.console.log(message);
  const publisher = new DiagnosticsPublisher({
    openVersion: (uri) => documents.get(uri)?.version,
    file: (uri) => workspace.file(uri),
    convert: (file, diagnostic) => toDiagnostic(workspace, file, diagnostic),
    send: (params) => connection.sendDiagnostics(params),
    error: (message) => connection.console.error(message),
  });

  /** Takes a file's text; a file the core will not analyse (too large, binary) gets a diagnostic from it and a line in the log. */
  function setText(uri: string, text: string, version: number, onDisk = false): void {
    const skipped = skipReason(text);
    if (skipped !== undefined) log(`Not analysing ${uri}: ${skipped.message}`);
    const before = workspace.file(uri);
    // The disk's version stays at hand while an editor holds other text.
    if (!onDisk && before && fromDisk.has(before) && before.parsed.text !== text) diskModels.set(uri, before);
    workspace.setFile(uri, text, version);
    if (onDisk) {
      const model = workspace.file(uri);
      if (model) fromDisk.add(model);
      diskModels.delete(uri);
    }
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
    clientCapabilities: () => clientCapabilities,
    sync,
    diagnosticsOf: (uri) => latest.get(uri) ?? [],
    loading: () => {
      if (scans === 0) return undefined;
      return pending.size === 0 ? 'looking for spec files' : `${pending.size.toLocaleString('en')} spec file${pending.size === 1 ? '' : 's'} still to read`;
    },
    log,
  };

  /** Brings one open document into the workspace (the scan would have brought it with the text it was opened with). */
  function syncDocument(uri: string): void {
    const document = documents.get(uri);
    stale.delete(uri);
    if (document) setText(uri, document.getText(), document.version);
  }

  function sync(): void {
    // A document a scan is parsing comes in with the scan's results.
    for (const uri of stale) if (!pending.has(uri)) syncDocument(uri);
  }

  let idle: ReturnType<typeof setTimeout> | undefined;

  /** Analyses and publishes `delay` ms after the last call for the same document (or for no document: ''). */
  function schedule(delay = DEBOUNCE_MS, uri = ''): void {
    if (idle) clearTimeout(idle);
    idle = undefined;
    const running = timers.get(uri);
    if (running) clearTimeout(running);
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        if (uri !== '') first.add(uri);
        try {
          analyzeAndPublish();
        } catch (error) {
          connection.console.error(`Analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
      }, delay),
    );
  }

  function analyzeAndPublish(): void {
    // After the scan, which publishes everything once it has read the workspace.
    if (scans > 0) return;
    sync();
    latest = workspace.diagnostics(state.analysisOptions());
    readOcioConfigs();
    readImports();
    // What the user is looking at goes first: the documents just edited or opened.
    publisher.publish(latest, first);
    first.clear();
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      idle = undefined;
      if (timers.size > 0 || scans > 0) return;
      try {
        // This thread's schema validators too, for the first edit (the scan validated on the workers).
        compileSchemas();
        for (const production of workspace.productions()) if (production.handoffs.length > 0) void production.schedule;
      } catch (error) {
        connection.console.error(`Schedule failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }, IDLE_MS);
  }

  /** Shot lists being read by the host. */
  const importsReading = new Set<string>();

  /** Reads the shot lists breakdowns import and the workspace does not hold yet; the analysis runs again with each. */
  function readImports(): void {
    const read = host.readImport;
    if (!read) return;
    for (const uri of workspace.wantedImports()) {
      if (workspace.hasImport(uri) || importsReading.has(uri)) continue;
      importsReading.add(uri);
      void read(uri).then((text) => {
        importsReading.delete(uri);
        workspace.setImport(uri, text);
        schedule(0);
      });
    }
  }

  /** OCIO configs being read by the host. */
  const ocioReading = new Set<string>();

  /** Reads the OCIO configs productions name and has not read yet; the analysis runs again with each. */
  function readOcioConfigs(): void {
    const read = host.readOcioConfig;
    if (!read) return;
    for (const uri of workspace.ocioUris()) {
      if (workspace.hasOcioSource(uri) || ocioReading.has(uri)) continue;
      ocioReading.add(uri);
      void read(uri).then((source) => {
        ocioReading.delete(uri);
        workspace.setOcioSource(uri, source);
        schedule(0);
      });
    }
  }

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
          workspace.removeFolder(removed.uri);
        }
        folders.push(...event.added);
        if (event.removed.length > 0) schedule(0);
        scanning = scanAfter(scanning, event.added);
      });
    }
    scanning = scanAfter(loadSettings(), folders);
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

  /**
   * Reads every spec file of the folders into the workspace. With a host that
   * parses off the main thread, this thread only links what arrives and keeps
   * answering requests meanwhile; an open document is parsed from the
   * editor's text, not read from disk.
   */
  /** Scans the folders once `before` is done; diagnostics wait from now until the scan is over. */
  function scanAfter(before: Promise<void>, targets: readonly WorkspaceFolder[]): Promise<void> {
    if (targets.length === 0) return before;
    scans++;
    const started = Date.now();
    let total = 0;
    return before
      .then(() => scan(targets))
      .then((read) => {
        total = read;
      })
      .catch((error: unknown) => connection.console.error(`Scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        scans--;
        if (scans > 0) return;
        try {
          analyzeAndPublish();
        } catch (error) {
          connection.console.error(`Analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        }
        log(`Analysed ${total} spec files in ${Date.now() - started} ms.`);
        warmUp();
      });
  }

  /** What is left to build ahead of the first edits (see Workspace.warmUpSteps). */
  let warming: Iterator<() => void> | undefined;

  /** Builds, a step per turn of the event loop, what the first edit of each kind would otherwise build. */
  function warmUp(): void {
    const idle = warming === undefined;
    warming = workspace.warmUpSteps();
    if (idle) setImmediate(warmStep);
  }

  function warmStep(): void {
    if (!warming) return;
    // Edits, scans and diagnostics on their way go first.
    if (timers.size > 0 || scans > 0 || publisher.busy) {
      setTimeout(warmStep, DEBOUNCE_MS);
      return;
    }
    const next = warming.next();
    if (next.done) {
      warming = undefined;
      return;
    }
    try {
      next.value();
    } catch (error) {
      connection.console.error(`Warming up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      warming = undefined;
      return;
    }
    setImmediate(warmStep);
  }

  /** Reads the spec files of the folders; returns how many it found. */
  async function scan(targets: readonly WorkspaceFolder[]): Promise<number> {
    const progress = supportsProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Handoff Specs', 0, 'Scanning for spec files…', false);
    let total = 0;
    try {
      for (const folder of targets) {
        const found = await host.findSpecFiles(folder.uri, [...filesExclude, ...(settings.exclude ?? [])]);
        for (const skipped of found.skipped) log(`Skipped ${skipped.uri}: ${skipped.reason}.`);
        // Files already taken in (an open document, a folder scanned before) are not read again.
        const uris = found.uris.filter((uri) => !workspace.has(uri));
        let done = 0;
        const report = () => progress?.report(Math.round((done / uris.length) * 100), `${done}/${uris.length} spec files`);
        const unreadable = (uri: string) => log(`Skipped ${uri}: it could not be read (deleted or unreadable since the scan found it).`);
        const delivered = new Set<string>();
        if (host.parseFiles && uris.length >= PARALLEL_SCAN_FILES) {
          for (const uri of uris) pending.add(uri);
          try {
            await host.parseFiles(uris.map((uri) => ({ uri })), (uri, model) => {
              delivered.add(uri);
              done++;
              if (done % 64 === 0) report();
              // A request took this document in already.
              if (!pending.delete(uri)) return;
              if (!model) unreadable(uri);
              else takeParsed(model);
            });
          } catch (error) {
            log(`Parsing on worker threads failed (${error instanceof Error ? error.message : String(error)}); reading the rest here.`);
          }
        }
        // Without a parsing host, or what it did not deliver: read and parse here, a batch at a time
        // (a request in between takes in just the document it is about, see EditorWorkspace).
        const rest = uris.filter((uri) => !delivered.has(uri));
        for (const uri of rest) pending.add(uri);
        const batch = 8;
        for (let i = 0; i < rest.length; i += batch) {
          const slice = rest.slice(i, i + batch);
          const texts = await Promise.all(slice.map((uri) => host.readFile(uri)));
          slice.forEach((uri, index) => {
            if (!pending.delete(uri)) return;
            const text = texts[index];
            const document = documents.get(uri);
            if (text === undefined) unreadable(uri);
            else if (!document) setText(uri, text, 0, true);
            // An open editor's text wins over the disk; when they agree, it is the disk's too.
            else if (document.getText() === text) {
              setText(uri, text, document.version, true);
              stale.delete(uri);
            } else stale.add(uri);
          });
          done += slice.length;
          report();
        }
        total += uris.length;
      }
    } finally {
      progress?.done();
    }
    return total;
  }

  /** A file as the scan read it from disk: the workspace takes it unless an editor shows other text. */
  function takeParsed(model: FileModel): void {
    const { uri, text } = model.parsed;
    const skipped = skipReason(text);
    if (skipped !== undefined) log(`Not analysing ${uri}: ${skipped.message}`);
    fromDisk.add(model);
    const document = documents.get(uri);
    if (document && document.getText() !== text) {
      // The editor's text wins (sync takes it); the disk's is kept for when the editor closes.
      diskModels.set(uri, model);
      stale.add(uri);
      return;
    }
    if (document) {
      model.parsed.version = document.version;
      stale.delete(uri);
    }
    if (workspace.file(uri)?.parsed.text !== text) workspace.setModel(model);
  }

  documents.onDidOpen((event) => {
    const uri = event.document.uri;
    stale.add(uri);
    publisher.republish(uri);
    justOpened.add(uri);
    // During a scan its end publishes, the documents opened first.
    if (scans > 0) first.add(uri);
    else schedule(0, uri);
  });

  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    // Opening fires this too, right after onDidOpen, which asked for diagnostics at once.
    if (justOpened.delete(uri)) return;
    stale.add(uri);
    schedule(DEBOUNCE_MS, uri);
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    stale.delete(uri);
    justOpened.delete(uri);
    const timer = timers.get(uri);
    if (timer) clearTimeout(timer);
    timers.delete(uri);
    // The file goes back to what the disk holds (or leaves when it is gone): without reading it when
    // that is known, which is while the client reports changes on disk.
    const current = workspace.file(uri);
    const disk = diskModels.get(uri);
    if (supportsWatchedFileRegistration && (disk || (current && fromDisk.has(current)))) {
      diskModels.delete(uri);
      if (disk) workspace.setModel(disk);
      else workspace.setFile(uri, current!.parsed.text, 0);
      publisher.republish(uri);
      schedule();
      return;
    }
    void host.readFile(uri).then((text) => {
      if (documents.get(uri)) return;
      if (text === undefined) workspace.removeFile(uri);
      else setText(uri, text, 0, true);
      publisher.republish(uri);
      schedule();
    });
  });

  connection.onDidChangeWatchedFiles(async (event) => {
    for (const change of event.changes) {
      const uri = change.uri;
      // A production's OCIO config: read again (a deleted one reads as missing).
      if (workspace.hasOcioSource(uri) && host.readOcioConfig) {
        workspace.setOcioSource(uri, await host.readOcioConfig(uri));
        continue;
      }
      // A shot list a breakdown imports: read again, and its production is checked again.
      if (workspace.hasImport(uri) && host.readImport) {
        workspace.setImport(uri, await host.readImport(uri));
        schedule();
        continue;
      }
      if (!fileKindOf(uri)) continue;
      // What the disk held is no longer known: a closed editor reads it again.
      diskModels.delete(uri);
      const current = workspace.file(uri);
      if (documents.get(uri)) {
        if (current && fromDisk.has(current)) fromDisk.delete(current);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        workspace.removeFile(uri);
      } else {
        const text = await host.readFile(uri);
        if (documents.get(uri)) continue;
        if (text === undefined) workspace.removeFile(uri);
        else setText(uri, text, 0, true);
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

