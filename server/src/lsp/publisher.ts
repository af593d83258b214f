// Publishing diagnostics: after each analysis, which files' diagnostics go to
// the client, in what order, and never for text older than the editor's.
//
// One message at a time: the documents just edited or opened go before the
// rest, and a file's newer diagnostics take the place of its older ones still
// waiting. Renaming a department that a thousand files refer to changes the
// diagnostics of all of them; the next edit's diagnostics need not wait
// behind those, nor are outdated ones sent.
import type { Diagnostic as LspDiagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Diagnostic, FileModel } from '../core/facade';
import { omittedProblemsMessage } from '../protocol';

/**
 * At most this many diagnostics are published for one file, and a last one
 * says how many more there are. A file of 200,000 bare entries has 800,000
 * findings: sent whole, they took the server past 2 GB and no editor can show
 * them; `handoff check` lists them all.
 */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/** What the publisher needs of the server around it. */
export interface PublisherHost {
  /** The editor's version of a document it has open; undefined when it is not open. */
  openVersion(uri: string): number | undefined;
  /** The file model the diagnostics were found in (for positions). */
  file(uri: string): FileModel | undefined;
  /** A diagnostic in LSP terms. */
  convert(file: FileModel, diagnostic: Diagnostic): LspDiagnostic;
  send(params: PublishDiagnosticsParams): Promise<void>;
  error(message: string): void;
  /** Called when every diagnostic posted has gone out (work that waits for the client to have them may go on). */
  idle?(): void;
}

/** Diagnostics of one file on their way to the client. */
interface Outgoing {
  uri: string;
  /** The document's version they are for; undefined for a file the editor does not have open. */
  version: number | undefined;
  diagnostics: readonly Diagnostic[];
  /** The model they were found in; undefined to clear the file's diagnostics. */
  file: FileModel | undefined;
}

export class DiagnosticsPublisher {
  private readonly published = new Map<string, { diagnostics: readonly Diagnostic[]; version: number | undefined }>();
  /** Files whose diagnostics must be sent even when unchanged (just opened, or closed back to the disk's text). */
  private readonly mustPublish = new Set<string>();
  /** Files left unsent for a version the editor does not hold (yet): looked at again with the next analysis. */
  private readonly retry = new Set<string>();
  private readonly urgentOutbox = new Map<string, Outgoing>();
  private readonly outbox = new Map<string, Outgoing>();
  private sending = false;
  /** The file whose diagnostics are being written to the client right now. */
  private inFlight: string | undefined;

  constructor(private readonly host: PublisherHost) {}

  /** Whether diagnostics are on their way out (work that can wait, waits for them). */
  get busy(): boolean {
    return this.sending;
  }

  /** Whether diagnostics of the file are waiting to be sent or being sent (the client has not got them yet). */
  unsent(uri: string): boolean {
    return this.inFlight === uri || this.urgentOutbox.has(uri) || this.outbox.has(uri);
  }

  /** Sends the file's diagnostics after the next analysis even when they did not change. */
  republish(uri: string): void {
    this.mustPublish.add(uri);
  }

  /**
   * Publishes the diagnostics of an analysis: those of files in `first` (the
   * documents just edited or opened) go first; files whose diagnostics are
   * the same as last sent are skipped; files gone from `latest` are cleared.
   * @param changed when known, the files whose entry in `latest` changed (or
   *   left it) since the last publication: only they, `first`, the files to
   *   republish and those left unsent are looked at, not every file
   */
  publish(latest: ReadonlyMap<string, readonly Diagnostic[]>, first: ReadonlySet<string>, changed?: ReadonlySet<string>): void {
    // The first ones are posted (and the first of them sent) before the rest are looked at.
    for (const uri of first) {
      const diagnostics = latest.get(uri);
      if (diagnostics) this.consider(uri, diagnostics, true);
    }
    if (changed) {
      const rest = new Set<string>([...changed, ...this.mustPublish, ...this.retry]);
      for (const uri of rest) {
        if (first.has(uri)) continue;
        const diagnostics = latest.get(uri);
        if (diagnostics) this.consider(uri, diagnostics, false);
        else {
          // Left the workspace: what was shown for it is cleared.
          this.retry.delete(uri);
          if (this.published.delete(uri)) this.post({ uri, version: undefined, diagnostics: [], file: undefined }, false);
        }
      }
      return;
    }
    for (const [uri, diagnostics] of latest) if (!first.has(uri)) this.consider(uri, diagnostics, false);
    // Files that left the workspace: clear what was shown for them.
    for (const uri of this.published.keys()) {
      if (!latest.has(uri)) {
        this.published.delete(uri);
        this.post({ uri, version: undefined, diagnostics: [], file: undefined }, false);
      }
    }
  }

  /** Posts one file's diagnostics unless the client has them already (or they are for older text). */
  private consider(uri: string, diagnostics: readonly Diagnostic[], urgent: boolean): void {
    this.retry.delete(uri);
    const previous = this.published.get(uri);
    const must = this.mustPublish.has(uri);
    const openVersion = this.host.openVersion(uri);
    // Most files of a large workspace: closed, and the same diagnostics as last time.
    if (previous && previous.diagnostics === diagnostics && previous.version === undefined && !must && openVersion === undefined) return;
    const file = this.host.file(uri);
    if (!file) return;
    const version = openVersion === undefined ? undefined : file.parsed.version;
    // Never publish results for text older than what the editor holds.
    if (openVersion !== undefined && openVersion !== file.parsed.version) {
      this.retry.add(uri);
      return;
    }
    if (previous && previous.diagnostics === diagnostics && previous.version === version && !must) return;
    if (previous?.version !== undefined && version !== undefined && version < previous.version) {
      this.retry.add(uri);
      return;
    }
    if (previous && previous.version === version && !must && sameDiagnostics(previous.diagnostics, diagnostics)) {
      this.published.set(uri, { diagnostics, version });
      return;
    }
    this.mustPublish.delete(uri);
    this.published.set(uri, { diagnostics, version });
    this.post({ uri, version, diagnostics, file }, urgent);
  }

  private post(message: Outgoing, urgent: boolean): void {
    this.urgentOutbox.delete(message.uri);
    this.outbox.delete(message.uri);
    (urgent ? this.urgentOutbox : this.outbox).set(message.uri, message);
    if (!this.sending) void this.pump();
  }

  private async pump(): Promise<void> {
    this.sending = true;
    try {
      for (;;) {
        const box = this.urgentOutbox.size > 0 ? this.urgentOutbox : this.outbox;
        const next = box.values().next();
        if (next.done) return;
        const { uri, version, diagnostics, file } = next.value;
        box.delete(uri);
        // Never results for text older than what the editor holds (its newer text is on its way to being analysed).
        const openVersion = this.host.openVersion(uri);
        if (version !== undefined && openVersion !== undefined && openVersion !== version) continue;
        // Converted as it goes out: diagnostics replaced before then cost nothing.
        this.inFlight = uri;
        await this.host.send({ uri, version, diagnostics: file ? publishable(diagnostics).map((d) => this.host.convert(file, d)) : [] });
        this.inFlight = undefined;
      }
    } catch (error) {
      this.host.error(`Publishing diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      this.inFlight = undefined;
      this.sending = false;
      this.host.idle?.();
    }
  }
}

/** The diagnostics to show for a file: not suppressed, and no more than the cap, with a last one saying what was left out. */
function publishable(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const shown = diagnostics.filter((d) => !d.suppressed);
  if (shown.length <= MAX_PUBLISHED_DIAGNOSTICS) return shown;
  // The note sits where the first diagnostic left out would have been.
  const next = shown[MAX_PUBLISHED_DIAGNOSTICS];
  const omitted = { total: shown.length - MAX_PUBLISHED_DIAGNOSTICS, errors: 0, warnings: 0 };
  for (let i = MAX_PUBLISHED_DIAGNOSTICS; i < shown.length; i++) {
    if (shown[i].severity === 'error') omitted.errors++;
    else if (shown[i].severity === 'warning') omitted.warnings++;
  }
  return [
    ...shown.slice(0, MAX_PUBLISHED_DIAGNOSTICS),
    // Its counts let the status bar show the true number (omittedProblemsIn).
    { ...next, severity: 'info', related: undefined, fixes: undefined, message: omittedProblemsMessage(omitted) },
  ];
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
