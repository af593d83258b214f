// Document sync and workspace scanning: the open documents, the files on
// disk (read by a scan, re-read when the client reports them changed), and
// when the workspace is analysed again and its diagnostics handed to the
// publisher (a debounce per document, the scan first, warm-up when idle).
import { FileChangeType, TextDocuments, type Connection, type DidChangeWatchedFilesParams, type WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf, skipReason, thousands, Workspace, type AnalysisOptions, type Diagnostic, type FileModel } from '../core/facade';
import { toDiagnostic } from './convert';
import { DiagnosticsPublisher } from './publisher';
import type { ServerHost } from './state';

/**
 * The longest a change to a document waits before it is checked, and how
 * often, at most, a burst of changes to it (a paste, an undo, several
 * cursors, typing faster than checks finish) is checked. A change that comes
 * while nothing is waiting or under way for its document is checked at once,
 * with the changes read right behind it. One that comes while a check of the
 * document waits is taken by that check. One that comes while the document's
 * last check ran, or before that check's diagnostics of the document went
 * out, belongs to a burst: it waits for the rest of DEBOUNCE_MS counted from
 * the start of that check, and the changes arriving meanwhile are checked
 * with it. So no change waits longer than this, a burst costs at most one
 * check per interval, and an edit that comes after the diagnostics of the one
 * before is never held back.
 */
export const DEBOUNCE_MS = 20;

/**
 * After this long without a change (the user has stopped typing), the whole
 * schedule (slack, the critical path) is worked out for the hovers, code
 * lenses and timeline that read it, instead of on the first of them (and,
 * once, the schema validators, which a scan on workers left uncompiled here).
 */
const IDLE_MS = 500;

/** How long the analysis that ends a scan waits for the shot lists and OCIO configs the scanned files name (see readNamedFiles). */
const READ_BEFORE_ANALYSIS_MS = 2000;

/**
 * How long the warm-up may run its steps in one turn of the event loop (a
 * message that arrives meanwhile waits for the rest of the slice: a
 * document opened right after the diagnostics of the one before, as the
 * benchmark does 51 times, waited 3-4 ms for each of the first dozen with
 * slices of at least 3 ms, and 1-2 ms with slices of 1 ms), within
 * these bounds: a millisecond per WARM_FILES_PER_MS files of the workspace,
 * or, when that would not do, what it has left to do (its steps left, at
 * the time its steps took so far) spread over what is left of WARM_TURNS
 * turns. While a user opens documents and starts editing, the warm-up gets
 * one turn after each message the editor sends, and its work grows with the
 * workspace while those messages do not (at 50,000 handoffs about 0.15 s of
 * work on a quiet machine, twice that on a busy one; at 10,000 about 0.03
 * s; the benchmark opens 51 documents before its first edit). Its pace is
 * read from the steps after the first twentieth (the validators and the
 * schedule's problems are long steps of their own), each counted as at most
 * WARM_STEP_MS (a step a garbage collection fell in says nothing of the
 * others). At 50,000 handoffs (10,000 files) slices of 5 ms (2,000 files a
 * millisecond) held each of the first 27 opens 5-6 ms, and with the
 * garbage collections of the warm-up's indexes the third slowest of the 51
 * took 11-15 ms; slices of 2 ms, which the pace lengthens when it falls
 * behind, hold them 2-3 ms (the third slowest 8-9 ms), and the first edits
 * still find the warm-up done (no slower in four runs of the benchmark).
 */
const WARM_SLICE_MS = { least: 1, most: 20 };
const WARM_FILES_PER_MS = 5000;
const WARM_TURNS = 48;
const WARM_STEP_MS = 3;

/**
 * Scans of fewer files are parsed on the server's own thread, a few files at
 * a time between requests: handing them to the workers would cost more than
 * parsing them.
 */
const PARALLEL_SCAN_FILES = 64;

/** What document sync needs to know of the client and the settings, as they are at the time. */
export interface DocumentSyncOptions {
  analysisOptions(): AnalysisOptions;
  /** Glob patterns (relative to a folder) of files a scan leaves out. */
  exclude(): readonly string[];
  /** Whether the client reports changes on disk (then a closed document's disk text is known without reading it). */
  watchesFiles(): boolean;
  /** Whether the client shows work-done progress (the scan's). */
  showsProgress(): boolean;
  /** How long a burst of changes to one document is waited for (DEBOUNCE_MS unless given; tests give a long one to tell a burst from a pause). */
  readonly debounceMs?: number;
}

/**
 * The workspace as the editor sees it: while a scan is parsing an open
 * document, a request about it parses it here at once rather than wait.
 */
class EditorWorkspace extends Workspace {
  constructor(private readonly takeNow: (uri: string) => void) {
    super();
  }

  override file(uri: string): FileModel | undefined {
    this.takeNow(uri);
    return super.file(uri);
  }
}

/** A check waiting to run (a timer, or an immediate for a document just opened). */
interface Waiting {
  cancel(): void;
  /** Whether it runs at once (not after a debounce): the warm-up waits for it. */
  readonly soon: boolean;
}

/** The length of the warm-up's slices (see WARM_SLICE_MS), from how far it is and how long its steps took. */
class WarmUpPace {
  private done = 0;
  private slices = 0;
  /** Time the steps took (ms), each counted as at most WARM_STEP_MS. */
  private spent = 0;
  /** Steps done and time spent when the pace began to be read (after the first twentieth of the steps). */
  private from: { done: number; spent: number } | undefined;

  /** @param steps about how many steps the warm-up takes (Workspace.warmUpStepCount) */
  constructor(private readonly steps: number) {}

  /** How long the next slice may run (ms), in a workspace of `files` files. */
  nextSlice(files: number): number {
    const from = this.from;
    const left = from && this.done > from.done ? (Math.max(0, this.steps - this.done) * (this.spent - from.spent)) / (this.done - from.done) : 0;
    const turnsLeft = Math.max(1, WARM_TURNS - this.slices);
    this.slices++;
    return Math.min(WARM_SLICE_MS.most, Math.max(WARM_SLICE_MS.least, files / WARM_FILES_PER_MS, left / turnsLeft));
  }

  stepTook(ms: number): void {
    this.done++;
    this.spent += Math.min(WARM_STEP_MS, ms);
  }

  sliceEnded(): void {
    if (!this.from && this.done >= this.steps / 20) this.from = { done: this.done, spent: this.spent };
  }
}

export class DocumentSync {
  readonly documents = new TextDocuments(TextDocument);
  readonly workspace: Workspace = new EditorWorkspace((uri) => {
    // A request about an open document takes its text now, when a scan still reads it or has not come to it.
    if ((this.pending.has(uri) || (this.scans > 0 && this.stale.has(uri))) && this.documents.get(uri)) {
      this.pending.delete(uri);
      this.syncDocument(uri);
    }
  });
  private readonly publisher: DiagnosticsPublisher;
  /** Open documents whose latest text the workspace has not taken yet. */
  private readonly stale = new Set<string>();
  private latest: ReadonlyMap<string, Diagnostic[]> = new Map();
  /** One debounce per document (and '' for changes that are no document's), so typing in one does not hold back another. */
  private readonly timers = new Map<string, Waiting>();
  /** Documents whose diagnostics are sent first in the next publication: the ones just edited or opened. */
  private readonly first = new Set<string>();
  /** When each document's changes were last checked (performance.now()): a change during a burst waits until DEBOUNCE_MS after it. */
  private readonly checkedAt = new Map<string, number>();
  /** Documents whose check has just ended, while the messages that came in during it are handled (see markChecked). */
  private readonly justChecked = new Set<string>();
  /** Documents with a change (not an open) that the next check of the document takes. */
  private readonly changing = new Set<string>();
  /** Documents just opened: the change event that comes with the open is not an edit. */
  private readonly justOpened = new Set<string>();
  private scanning: Promise<void> = Promise.resolve();
  /** Scans under way; diagnostics wait for them, since a half-read production reports references to files not read yet. */
  private scans = 0;
  /** Files handed to a scan and not taken in yet. */
  private readonly pending = new Set<string>();
  /** Models of files as the disk holds them, kept while an editor shows other text, so closing it needs no read and no parse. */
  private readonly diskModels = new Map<string, FileModel>();
  /** Models made from the disk's text (not an editor's). */
  private readonly fromDisk = new WeakSet<FileModel>();
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** Shot lists and OCIO configs being read by the host. */
  private readonly reading = new Set<string>();
  /** What is left to build ahead of the first edits (see Workspace.warmUpSteps). */
  private warming: Iterator<() => void> | undefined;
  /** Whether the warm-up's next slice is queued (it is not while it waits for a check or for diagnostics on their way out). */
  private warmQueued = false;
  /** How long the warm-up's slices are, from how far it is. */
  private warmPace = new WarmUpPace(0);

  constructor(
    private readonly connection: Connection,
    private readonly host: ServerHost,
    private readonly options: DocumentSyncOptions,
  ) {
    this.publisher = new DiagnosticsPublisher({
      openVersion: (uri) => this.documents.get(uri)?.version,
      file: (uri) => this.workspace.file(uri),
      convert: (file, diagnostic) => toDiagnostic(this.workspace, file, diagnostic),
      send: (params) => connection.sendDiagnostics(params),
      error: (message) => connection.console.error(message),
      idle: () => this.resumeWarmUp(),
    });
    this.documents.onDidOpen((event) => this.opened(event.document.uri));
    this.documents.onDidChangeContent((event) => this.changed(event.document.uri));
    this.documents.onDidClose((event) => this.closed(event.document.uri));
  }

  /** How long a burst of changes to one document is waited for. */
  private get debounce(): number {
    return this.options.debounceMs ?? DEBOUNCE_MS;
  }

  /** Starts listening for the documents' and the watched files' notifications on the connection. */
  listen(): void {
    this.connection.onDidChangeWatchedFiles((event) => this.filesChanged(event));
    this.documents.listen(this.connection);
  }

  /** The core diagnostics last computed for a file. */
  diagnosticsOf(uri: string): readonly Diagnostic[] {
    return this.latest.get(uri) ?? [];
  }

  /** While a scan is reading the workspace, how far it is ("1,200 spec files still to read"); undefined once it is read. */
  loading(): string | undefined {
    if (this.scans === 0) return undefined;
    const pending = this.pending.size;
    return pending === 0 ? 'looking for spec files' : `${thousands(pending)} spec file${pending === 1 ? '' : 's'} still to read`;
  }

  /** Brings the workspace up to date with every open document's latest text. */
  sync(): void {
    // While a scan reads the folders, the open documents come in with its results (a request takes the one it
    // is about at once, see the workspace above): a hover sent right after an editor restored 200 tabs, before
    // the scan had listed the files, parsed all 200 here first (77 ms at 1,000 handoffs, the parser still cold).
    if (this.scans > 0) return;
    for (const uri of this.stale) if (!this.pending.has(uri)) this.syncDocument(uri);
  }

  /** Scans the folders once what was asked before (a scan, the settings) is done; diagnostics wait from now until the scan is over. */
  scan(folders: readonly WorkspaceFolder[], after: Promise<void> = this.scanning): Promise<void> {
    this.scanning = this.scanAfter(after, folders);
    return this.scanning;
  }

  /** A workspace folder closed: its files leave the workspace. */
  removeFolder(uri: string): void {
    this.workspace.removeFolder(uri);
  }

  /** Analyses and publishes `delay` ms after the last call for the same document (or for no document: ''). */
  schedule(delay = this.debounce, uri = ''): void {
    this.wait(uri, (check) => {
      const timer = setTimeout(check, delay);
      return { cancel: () => clearTimeout(timer), soon: delay <= 0 };
    });
  }

  /**
   * Analyses and publishes for a document just opened, at once: two turns of
   * the event loop on (a timer of 0 ms waits a millisecond, which a document
   * opened at 1,000 handoffs otherwise spends most of its time waiting). Two
   * turns, because the connection handles one message a turn, so a change
   * sent with the open is taken too. No slice of the warm-up comes in
   * between: it waits while a check that runs at once is waiting.
   */
  private scheduleOpened(uri: string): void {
    this.wait(uri, (check) => {
      let cancelled = false;
      setImmediate(() => setImmediate(() => cancelled || check()));
      return {
        cancel: () => {
          cancelled = true;
        },
        soon: true,
      };
    });
  }

  /** Replaces the check waiting for a document (or for no document: '') with the one `start` sets going. */
  private wait(uri: string, start: (check: () => void) => Waiting): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    this.cancel(uri);
    this.timers.set(
      uri,
      start(() => {
        this.timers.delete(uri);
        if (uri !== '') {
          this.first.add(uri);
          if (this.changing.delete(uri)) this.checkedAt.set(uri, performance.now());
        }
        this.analyzeAndPublishLogged();
        if (uri !== '') this.markChecked(uri);
        this.resumeWarmUp();
      }),
    );
  }

  /** Drops the check waiting for a document (or for no document: ''). */
  private cancel(uri: string): void {
    const waiting = this.timers.get(uri);
    if (!waiting) return;
    waiting.cancel();
    this.timers.delete(uri);
  }

  /**
   * Remembers, until the messages that came in during the check of the
   * document have been handled, that it was just checked: a change among them
   * came while the check ran (the event loop reads them only once it is over),
   * so it belongs to a burst. The messages read right after a check are handled
   * in the same turn of the event loop; a change sent after the client got the
   * check's diagnostics is read in a later turn, after the second setImmediate.
   */
  private markChecked(uri: string): void {
    this.justChecked.add(uri);
    setImmediate(() => setImmediate(() => this.justChecked.delete(uri)));
  }

  private log(message: string): void {
    this.connection.console.log(message);
  }

  /** Takes a file's text; a file the core will not analyse (too large, binary) gets a diagnostic from it and a line in the log. */
  private setText(uri: string, text: string, version: number, onDisk = false): void {
    const skipped = skipReason(text);
    if (skipped !== undefined) this.log(`Not analysing ${uri}: ${skipped.message}`);
    const before = this.workspace.file(uri);
    // The disk's version stays at hand while an editor holds other text.
    if (!onDisk && before && this.fromDisk.has(before) && before.parsed.text !== text) this.diskModels.set(uri, before);
    this.workspace.setFile(uri, text, version);
    if (onDisk) {
      const model = this.workspace.file(uri);
      if (model) this.fromDisk.add(model);
      this.diskModels.delete(uri);
    }
  }

  /** Brings one open document into the workspace (the scan would have brought it with the text it was opened with). */
  private syncDocument(uri: string): void {
    const document = this.documents.get(uri);
    this.stale.delete(uri);
    if (document) this.setText(uri, document.getText(), document.version);
  }

  /** analyzeAndPublish, with a failure logged instead of thrown (the callers are timers and promise ends). */
  private analyzeAndPublishLogged(): void {
    try {
      this.analyzeAndPublish();
    } catch (error) {
      this.connection.console.error(`Analysis failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private analyzeAndPublish(): void {
    // After the scan, which publishes everything once it has read the workspace.
    if (this.scans > 0) return;
    this.sync();
    this.latest = this.workspace.diagnostics(this.options.analysisOptions());
    // What the user is looking at goes first: the documents just edited or opened. Before
    // asking what to read (that walks every file), so the edited document's diagnostics do not wait for it.
    this.publisher.publish(this.latest, this.first, this.workspace.takeDiagnosticChanges());
    this.first.clear();
    this.readNamed();
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.idle = undefined;
      if (this.timers.size > 0 || this.scans > 0) return;
      try {
        for (const production of this.workspace.productions()) if (production.handoffs.length > 0) void production.schedule;
      } catch (error) {
        this.connection.console.error(`Schedule failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }, IDLE_MS).unref();
  }

  /**
   * Reads the files the workspace asks for and does not hold yet (the shot
   * lists breakdowns import, the OCIO configs productions name), each once
   * at a time; the analysis runs again with each.
   */
  private readMissing<T>(uris: Iterable<string>, has: (uri: string) => boolean, read: ((uri: string) => Promise<T>) | undefined, take: (uri: string, value: T) => void): Promise<void>[] {
    const reads: Promise<void>[] = [];
    if (!read) return reads;
    for (const uri of uris) {
      if (has(uri) || this.reading.has(uri)) continue;
      this.reading.add(uri);
      reads.push(
        read(uri)
          .then((value) => {
            this.reading.delete(uri);
            take(uri, value);
            this.schedule(0);
          })
          // A host says why a file cannot be read rather than throw; a defect is logged, and never ends the
          // scan's wait for the other reads or the server.
          .catch((error: unknown) => {
            this.reading.delete(uri);
            this.connection.console.error(`Reading ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }),
      );
    }
    return reads;
  }

  /** Starts reading the OCIO configs and the shot lists the workspace names and does not hold yet (see readMissing). */
  private readNamed(): Promise<void>[] {
    const workspace = this.workspace;
    return [
      ...this.readMissing(workspace.ocioUris(), (uri) => workspace.hasOcioSource(uri), this.host.readOcioConfig, (uri, source) => workspace.setOcioSource(uri, source)),
      ...this.readMissing(workspace.wantedImports(), (uri) => workspace.hasImport(uri), this.host.readImport, (uri, text) => workspace.setImport(uri, text)),
    ];
  }

  /**
   * Reads the shot lists and OCIO configs the files just scanned name, before
   * the analysis that ends the scan: made without them, its diagnostics would
   * say a shot list cannot be read, that a chain selects no unit and that the
   * handoffs of its instances are unknown, until the next analysis a moment
   * later. A read that takes longer than READ_BEFORE_ANALYSIS_MS is not waited
   * for (the analysis runs again when it ends, as after any read).
   */
  private readNamedFiles(): Promise<void> {
    const reads = this.readNamed();
    if (reads.length === 0) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, READ_BEFORE_ANALYSIS_MS);
    });
    return Promise.race([Promise.all(reads).then(() => undefined), late]).finally(() => clearTimeout(timer));
  }

  /**
   * Reads every spec file of the folders into the workspace once `before` is
   * done. With a host that parses off the main thread, this thread only links
   * what arrives and keeps answering requests meanwhile; an open document is
   * parsed from the editor's text, not read from disk.
   */
  private scanAfter(before: Promise<void>, targets: readonly WorkspaceFolder[]): Promise<void> {
    if (targets.length === 0) return before;
    this.scans++;
    const started = Date.now();
    let total = 0;
    return before
      .then(() => this.readFolders(targets))
      .then((read) => {
        total = read;
      })
      .then(() => this.readNamedFiles())
      .catch((error: unknown) => this.connection.console.error(`Scan failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
      .finally(() => {
        this.scans--;
        if (this.scans > 0) return;
        this.analyzeAndPublishLogged();
        this.log(`Analysed ${total} spec files in ${Date.now() - started} ms.`);
        this.warmUp();
      });
  }

  /**
   * Builds, a slice of steps per turn of the event loop, what the first edit
   * of each kind would otherwise build. Its immediates do not keep the
   * process alive (unref): it is work ahead of need, and while diagnostics
   * cannot go out (a client that stopped reading) it waits for them.
   */
  private warmUp(): void {
    this.warming = this.workspace.warmUpSteps();
    this.warmPace = new WarmUpPace(this.workspace.warmUpStepCount());
    this.resumeWarmUp();
  }

  /**
   * Whether the warm-up waits: during a scan (which replaces the models and
   * starts it again when it ends), while a check that runs at once is waiting
   * (a document just opened, a change), and while diagnostics are on their way
   * out. The end of the check and of the publication resume it.
   */
  private warmUpWaits(): boolean {
    if (this.scans > 0 || this.publisher.busy) return true;
    for (const waiting of this.timers.values()) if (waiting.soon) return true;
    return false;
  }

  /** Queues the warm-up's next slice, unless one is queued or it waits (see warmUpWaits). */
  private resumeWarmUp(): void {
    if (!this.warming || this.warmQueued || this.warmUpWaits()) return;
    this.warmQueued = true;
    setImmediate(() => this.warmStep()).unref();
  }

  private warmStep(): void {
    this.warmQueued = false;
    // A check, a publication or a scan resumes it when it is done. Between the editor's messages it does run:
    // they come one right after another while a user opens and edits, and a warm-up that waited for a turn
    // without one would leave the first edit to build it all (a due date moved at 50,000 handoffs right after
    // the opens: 98-120 ms, against 15-17 ms with the warm-up's slices between the checks).
    if (!this.warming || this.warmUpWaits()) return;
    // Steps of a millisecond or less each, for one slice (WARM_SLICE_MS) a turn of the event loop: an edit, a
    // request or a document opened meanwhile waits no longer than that, and idle time is not left unused.
    const pace = this.warmPace;
    const until = performance.now() + pace.nextSlice(this.workspace.size);
    let now: number;
    do {
      const started = performance.now();
      const next = this.warming.next();
      if (next.done) {
        this.warming = undefined;
        return;
      }
      try {
        next.value();
      } catch (error) {
        this.connection.console.error(`Warming up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        this.warming = undefined;
        return;
      }
      now = performance.now();
      pace.stepTook(now - started);
    } while (now < until);
    pace.sliceEnded();
    // The next slice three turns on: a message read meanwhile is handled first (the connection handles it in
    // the next turn, after the first immediate queued now), and what it starts in that turn (a reply's write,
    // a check) runs in the turn after, ahead of the slice.
    this.warmQueued = true;
    setImmediate(() => setImmediate(() => setImmediate(() => this.warmStep()).unref()).unref()).unref();
  }

  /** Reads the spec files of the folders; returns how many it found. */
  private async readFolders(targets: readonly WorkspaceFolder[]): Promise<number> {
    const progress = this.options.showsProgress() ? await this.connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Handoff Specs', 0, 'Scanning for spec files…', false);
    let total = 0;
    try {
      for (const folder of targets) {
        const found = await this.host.findSpecFiles(folder.uri, this.options.exclude());
        for (const skipped of found.skipped) this.log(`Skipped ${skipped.uri}: ${skipped.reason}.`);
        // Files already taken in (an open document, a folder scanned before) are not read again.
        const uris = found.uris.filter((uri) => !this.workspace.has(uri));
        let done = 0;
        const report = () => progress?.report(Math.round((done / uris.length) * 100), `${done}/${uris.length} spec files`);
        const unreadable = (uri: string) => this.log(`Skipped ${uri}: it could not be read (deleted or unreadable since the scan found it).`);
        const delivered = new Set<string>();
        if (this.host.parseFiles && uris.length >= PARALLEL_SCAN_FILES) {
          for (const uri of uris) this.pending.add(uri);
          try {
            await this.host.parseFiles(
              uris.map((uri) => ({ uri })),
              (uri, model) => {
                delivered.add(uri);
                done++;
                if (done % 64 === 0) report();
                // A request took this document in already.
                if (!this.pending.delete(uri)) return;
                if (!model) unreadable(uri);
                else this.takeParsed(model);
              },
            );
          } catch (error) {
            this.log(`Parsing on worker threads failed (${error instanceof Error ? error.message : String(error)}); reading the rest here.`);
          }
        }
        // Without a parsing host, or what it did not deliver: read and parse here, a batch at a time
        // (a request in between takes in just the document it is about, see EditorWorkspace).
        const rest = uris.filter((uri) => !delivered.has(uri));
        for (const uri of rest) this.pending.add(uri);
        const batch = 8;
        for (let i = 0; i < rest.length; i += batch) {
          const slice = rest.slice(i, i + batch);
          const texts = await Promise.all(slice.map((uri) => this.host.readFile(uri)));
          slice.forEach((uri, index) => {
            if (!this.pending.delete(uri)) return;
            const text = texts[index];
            const document = this.documents.get(uri);
            if (text === undefined) unreadable(uri);
            else if (!document) this.setText(uri, text, 0, true);
            // An open editor's text wins over the disk; when they agree, it is the disk's too.
            else if (document.getText() === text) {
              this.setText(uri, text, document.version, true);
              this.stale.delete(uri);
            } else this.stale.add(uri);
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
  private takeParsed(model: FileModel): void {
    const { uri, text } = model.parsed;
    const skipped = skipReason(text);
    if (skipped !== undefined) this.log(`Not analysing ${uri}: ${skipped.message}`);
    this.fromDisk.add(model);
    // Parsed on a worker: this thread has time while it waits for the rest.
    this.workspace.warmValidator(model);
    const document = this.documents.get(uri);
    if (document && document.getText() !== text) {
      // The editor's text wins (sync takes it); the disk's is kept for when the editor closes.
      this.diskModels.set(uri, model);
      this.stale.add(uri);
      return;
    }
    if (document) {
      model.parsed.version = document.version;
      this.stale.delete(uri);
    }
    if (this.workspace.file(uri)?.parsed.text !== text) this.workspace.setModel(model);
  }

  private opened(uri: string): void {
    this.stale.add(uri);
    this.publisher.republish(uri);
    this.justOpened.add(uri);
    // During a scan its end publishes, the documents opened first.
    if (this.scans > 0) this.first.add(uri);
    else this.scheduleOpened(uri);
  }

  private changed(uri: string): void {
    // Opening fires this too, right after onDidOpen, which asked for diagnostics at once.
    if (this.justOpened.delete(uri)) return;
    this.stale.add(uri);
    this.changing.add(uri);
    // A check already waiting takes this text too.
    if (this.timers.has(uri)) return;
    // At once, unless the change came while the document's last check ran or before that check's diagnostics of
    // the document went out: then it came faster than checks finish (a burst), and waits for what is left of the
    // interval since that check began.
    const burst = this.justChecked.has(uri) || this.publisher.unsent(uri);
    const since = performance.now() - (this.checkedAt.get(uri) ?? Number.NEGATIVE_INFINITY);
    this.schedule(burst ? Math.max(0, this.debounce - since) : 0, uri);
  }

  private closed(uri: string): void {
    this.stale.delete(uri);
    this.checkedAt.delete(uri);
    this.justChecked.delete(uri);
    this.changing.delete(uri);
    this.justOpened.delete(uri);
    this.cancel(uri);
    // The file goes back to what the disk holds (or leaves when it is gone): without reading it when
    // that is known, which is while the client reports changes on disk.
    const current = this.workspace.file(uri);
    const disk = this.diskModels.get(uri);
    if (this.options.watchesFiles() && (disk || (current && this.fromDisk.has(current)))) {
      this.diskModels.delete(uri);
      if (disk) this.workspace.setModel(disk);
      else this.workspace.setFile(uri, current!.parsed.text, 0);
      this.publisher.republish(uri);
      this.schedule();
      return;
    }
    void this.host.readFile(uri).then((text) => {
      if (this.documents.get(uri)) return;
      if (text === undefined) this.workspace.removeFile(uri);
      else this.setText(uri, text, 0, true);
      this.publisher.republish(uri);
      this.schedule();
    });
  }

  private async filesChanged(event: DidChangeWatchedFilesParams): Promise<void> {
    // Shot lists and OCIO configs are read whole here and nothing is typed into them: when only they
    // changed there is no burst to wait out, and the breakdowns importing a shot list are published first.
    let specFileChanged = false;
    for (const change of event.changes) {
      const uri = change.uri;
      // A production's OCIO config: read again (a deleted one reads as missing).
      if (this.workspace.hasOcioSource(uri) && this.host.readOcioConfig) {
        this.workspace.setOcioSource(uri, await this.host.readOcioConfig(uri));
        continue;
      }
      // A shot list a breakdown imports: read again, and its production is checked again.
      if (this.workspace.hasImport(uri) && this.host.readImport) {
        this.workspace.setImport(uri, await this.host.readImport(uri));
        for (const breakdown of this.workspace.importersOf(uri)) this.first.add(breakdown);
        continue;
      }
      if (!fileKindOf(uri)) continue;
      specFileChanged = true;
      // What the disk held is no longer known: a closed editor reads it again.
      this.diskModels.delete(uri);
      const current = this.workspace.file(uri);
      if (this.documents.get(uri)) {
        if (current && this.fromDisk.has(current)) this.fromDisk.delete(current);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        this.workspace.removeFile(uri);
      } else {
        const text = await this.host.readFile(uri);
        if (this.documents.get(uri)) continue;
        if (text === undefined) this.workspace.removeFile(uri);
        else this.setText(uri, text, 0, true);
      }
    }
    this.schedule(specFileChanged ? this.debounce : 0);
  }
}
