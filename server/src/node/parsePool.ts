// Parsing spec files on worker threads, for the language server's workspace
// scan. yaml's parser is most of what a cold start costs; two workers (one
// per core) parse (from the CST where they can, see core/parse/),
// schema-check and index while the main thread links what arrives and stays
// free to answer requests.
//
// What crosses the thread boundary is cheap to copy: the text, the plain
// value (structured clone), the spans as one Int32Array plus their keys as one
// string (transferred, not copied), the spans that indexing read (keyed by
// their node's path), and the few findings. The main thread indexes the file
// again from its value with those spans; the map of every node's spans and the
// LineIndex are only built when something asks for them (an editor feature, a
// finding to place), which for most files of a large workspace is never.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import { buildFileModel, spanReader, type FileModel, type SpanReader } from '../core/fileModel';
import { fileKindOf, isKeyOf, keyDepth, parseSpecText, pathKey, type ParsedFile, type Suppression } from '../core/parse';
import { validateSchema } from '../core/schema';
import { LineIndex } from '../core/text';
import type { FileKind, Finding, NodePath, NodeSpans, Span } from '../core/types';
import { pathOfUri } from './files';

/** A file to parse: its text when the caller has it, else it is read from disk. */
export interface ParseRequest {
  uri: string;
  text?: string;
  version?: number;
}

interface Encoded {
  uri: string;
  kind: FileKind;
  version: number;
  text: string;
  /** The text holds something whose value a structured clone would not keep as the parser made it: parse it on the main thread. */
  parseHere?: boolean;
  value?: unknown;
  /** The keys of the spans map, one after another; their lengths are in `spans`. */
  keys?: string;
  /** Per span: key length, key start, key end (-1 when there is no key), value start, value end. */
  spans?: Int32Array;
  /** The paths whose spans indexing read (keys as in `keys`), one after another; their lengths are in `reads`. */
  readKeys?: string;
  /** Per span indexing read: path key length, 1 for a key span or 0 for a value span, start, end. */
  reads?: Int32Array;
  syntaxFindings?: Finding[];
  suppressions?: Suppression[];
  schemaFindings?: Finding[];
}

interface Batch {
  id: number;
  files: ParseRequest[];
}

interface Done {
  id: number;
  results: (Encoded | undefined)[];
}

/**
 * Text whose value cannot be cloned faithfully: a `__proto__` key (a plain
 * object copy loses what it did) and explicit tags or a YAML 1.1 directive
 * (which can make Maps, Sets, Dates and byte arrays). Specs never hold them.
 */
function cloneUnsafe(text: string): boolean {
  return text.includes('__proto__') || text.includes('!!') || text.includes('%YAML');
}

function encode(uri: string, kind: FileKind, version: number, text: string): { encoded: Encoded; transfer: ArrayBuffer[] } {
  if (cloneUnsafe(text)) return { encoded: { uri, kind, version, text, parseHere: true }, transfer: [] };
  // The same result as parseSpecFile, the fastest way the text allows.
  const parsed = parseSpecText(uri, text, version, kind);
  const schemaFindings = validateSchema(parsed);
  const read: number[] = [];
  const readKeys: string[] = [];
  const map = spanReader(parsed);
  const record = (path: NodePath, ofKey: boolean, span: Span) => {
    const key = pathKey(path);
    readKeys.push(key);
    read.push(key.length, ofKey ? 1 : 0, span.start, span.end);
    return span;
  };
  buildFileModel(parsed, schemaFindings, { value: (path) => record(path, false, map.value(path)), key: (path) => record(path, true, map.key(path)) });
  const reads = Int32Array.from(read);
  const keys: string[] = [];
  const spans = new Int32Array(parsed.spans.size * 5);
  let at = 0;
  for (const [key, node] of parsed.spans) {
    // Thousands of nested levels are more than a structured clone can copy: such a file is parsed on the main thread.
    if (key.length > MAX_CLONED_DEPTH && keyDepth(key) > MAX_CLONED_DEPTH) return { encoded: { uri, kind, version, text, parseHere: true }, transfer: [] };
    keys.push(key);
    spans[at++] = key.length;
    spans[at++] = node.key ? node.key.start : -1;
    spans[at++] = node.key ? node.key.end : -1;
    spans[at++] = node.value.start;
    spans[at++] = node.value.end;
  }
  return {
    encoded: {
      uri,
      kind,
      version,
      text,
      value: parsed.value,
      keys: keys.join(''),
      spans,
      readKeys: readKeys.join(''),
      reads,
      syntaxFindings: parsed.syntaxFindings,
      suppressions: parsed.suppressions,
      schemaFindings,
    },
    transfer: [spans.buffer as ArrayBuffer, reads.buffer as ArrayBuffer],
  };
}

/** Nesting past this is copied by the main thread's own parse, not a structured clone (whose recursion is bounded by the stack). */
const MAX_CLONED_DEPTH = 500;

/** A file parsed on a worker: its spans map and LineIndex are made on first use. */
class ShippedFile implements ParsedFile {
  private spanMap?: Map<string, NodeSpans>;
  private lineIndex?: LineIndex;

  constructor(
    readonly uri: string,
    public version: number,
    readonly kind: FileKind,
    readonly text: string,
    readonly value: unknown,
    private keys: string | undefined,
    private ints: Int32Array | undefined,
    readonly syntaxFindings: Finding[],
    readonly suppressions: Suppression[],
  ) {}

  get spans(): Map<string, NodeSpans> {
    if (!this.spanMap) {
      const spans = new Map<string, NodeSpans>();
      const keys = this.keys!;
      const ints = this.ints!;
      let from = 0;
      for (let at = 0; at < ints.length; at += 5) {
        const key = keys.slice(from, from + ints[at]);
        from += ints[at];
        const value = { start: ints[at + 3], end: ints[at + 4] };
        spans.set(key, ints[at + 1] < 0 ? { value } : { key: { start: ints[at + 1], end: ints[at + 2] }, value });
      }
      this.spanMap = spans;
      this.keys = undefined;
      this.ints = undefined;
    }
    return this.spanMap;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }
}

/**
 * Hands indexing the spans the worker's indexing read, found by path: a path
 * the worker did not read (indexing here asked for something else) marks the
 * reader incomplete, and the file is indexed again from its full span map.
 * Indexing the same value here asks for the same paths in the same order, so
 * each path is first compared with the next key shipped (nothing built); only
 * a path asked out of that order looks its key up among all of them.
 */
export function shippedReader(keys: string, reads: Int32Array): SpanReader & { complete(): boolean } {
  let next = 0;
  let from = 0;
  let byKey: [values: Map<string, Span>, keySpans: Map<string, Span>] | undefined;
  let complete = true;
  const lookUp = (path: NodePath, ofKey: 0 | 1): Span => {
    if (next < reads.length && reads[next + 1] === ofKey && isKeyOf(path, keys, from, reads[next])) {
      const span = { start: reads[next + 2], end: reads[next + 3] };
      from += reads[next];
      next += 4;
      return span;
    }
    byKey ??= spansByKey(keys, reads);
    const span = byKey[ofKey].get(pathKey(path));
    if (span) return span;
    complete = false;
    return { start: 0, end: 0 };
  };
  return { value: (path) => lookUp(path, 0), key: (path) => lookUp(path, 1), complete: () => complete };
}

/** Every span shipped, by its path's key: values first, then key spans. */
function spansByKey(keys: string, reads: Int32Array): [Map<string, Span>, Map<string, Span>] {
  const values = new Map<string, Span>();
  const keySpans = new Map<string, Span>();
  let from = 0;
  for (let at = 0; at < reads.length; at += 4) {
    const key = keys.slice(from, from + reads[at]);
    from += reads[at];
    (reads[at + 1] === 1 ? keySpans : values).set(key, { start: reads[at + 2], end: reads[at + 3] });
  }
  return [values, keySpans];
}

function decode(encoded: Encoded): FileModel {
  const { uri, kind, version, text } = encoded;
  if (encoded.parseHere || encoded.spans === undefined || encoded.keys === undefined || encoded.reads === undefined || encoded.readKeys === undefined) {
    return buildFileModel(parseSpecText(uri, text, version, kind));
  }
  const parsed = new ShippedFile(uri, version, kind, text, encoded.value, encoded.keys, encoded.spans, encoded.syntaxFindings ?? [], encoded.suppressions ?? []);
  const spans = shippedReader(encoded.readKeys, encoded.reads);
  const model = buildFileModel(parsed, encoded.schemaFindings, spans);
  // Indexing asked for other spans than on the worker: index it again from the full map.
  return spans.complete() ? model : buildFileModel(parsed, encoded.schemaFindings);
}

/** Reads a spec file as UTF-8 without its byte-order mark; undefined when it cannot be read. A worker may block: it has nothing else to do. */
function readText(uri: string): string | undefined {
  try {
    const text = readFileSync(pathOfUri(uri), 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

/** The worker's side: parse each batch it is sent and post the results back. */
export function runParseWorker(): void {
  const port = parentPort!;
  port.on('message', (batch: Batch) => {
    const results: (Encoded | undefined)[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const file of batch.files) {
      const text = file.text !== undefined ? file.text : readText(file.uri);
      const kind = fileKindOf(file.uri);
      if (text === undefined || !kind) {
        results.push(undefined);
        continue;
      }
      const version = file.version ?? 0;
      try {
        const made = encode(file.uri, kind, version, text);
        results.push(made.encoded);
        transfer.push(...made.transfer);
      } catch {
        results.push({ uri: file.uri, kind, version, text, parseHere: true });
      }
    }
    try {
      port.postMessage({ id: batch.id, results } satisfies Done, transfer);
    } catch {
      // A value too deep to copy (thousands of nested lists): the main thread parses such a batch itself.
      const texts = results.map((result) => result && { uri: result.uri, kind: result.kind, version: result.version, text: result.text, parseHere: true });
      port.postMessage({ id: batch.id, results: texts } satisfies Done);
    }
  });
}

/** Workers not given work for this long are stopped (they hold a parser's memory each); the next scan starts them again. */
const IDLE_MS = 5_000;

/** Files per message: large enough to keep the workers busy, small enough to spread the work evenly. */
const BATCH = 16;

/**
 * A pool of parse workers, started ahead of time (loading the parser and
 * compiling the schemas overlap the editor's start-up) and stopped when idle.
 */
export class ParsePool {
  private workers: Worker[] = [];
  private nextId = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** The worker script (dist/parseWorker.js, which calls runParseWorker). */
    private readonly script: string,
    // One core stays with this thread, which reads the workers' results and analyses them as they come.
    private readonly size = Math.max(1, Math.min(3, availableParallelism() - 1)),
  ) {}

  /** Starts the workers now, so that they are ready when the scan begins (and stops them if none comes). */
  warm(): void {
    while (this.workers.length < this.size) {
      const worker = new Worker(this.script);
      worker.unref();
      this.workers.push(worker);
    }
    this.stopWhenIdle(IDLE_MS);
  }

  private stopWhenIdle(ms: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), ms);
    this.idleTimer.unref();
  }

  /**
   * Parses the files on the workers, calling `onParsed` on this thread for
   * each as it arrives (undefined when it cannot be read).
   */
  async parse(files: readonly ParseRequest[], onParsed: (uri: string, model: FileModel | undefined) => void): Promise<void> {
    this.warm();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const queue: ParseRequest[][] = [];
    for (let i = 0; i < files.length; i += BATCH) queue.push(files.slice(i, i + BATCH));
    // Two batches in flight per worker: one parsing while the other's results are read here.
    await Promise.all(
      [...this.workers, ...this.workers].map(async (worker) => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) {
          const id = this.nextId++;
          const done = await new Promise<Done>((resolve, reject) => {
            const settle = () => {
              worker.off('message', onMessage);
              worker.off('error', onError);
              worker.off('messageerror', onError);
            };
            const onMessage = (message: Done) => {
              if (message.id !== id) return;
              settle();
              resolve(message);
            };
            const onError = (error: Error) => {
              settle();
              reject(error);
            };
            worker.on('message', onMessage);
            worker.on('error', onError);
            worker.on('messageerror', onError);
            worker.postMessage({ id, files: batch } satisfies Batch);
          });
          done.results.forEach((encoded, index) => onParsed(batch![index].uri, encoded && decode(encoded)));
        }
      }),
    );
    // Workers hold a parser's memory each: let them go once the scan is over.
    this.stopWhenIdle(IDLE_MS);
  }

  stop(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers = [];
  }
}
