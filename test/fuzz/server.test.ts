// Property-based test over the running language server: random edits sent as
// incremental (ranged) and whole-text changes to open documents never crash
// it or stall it past a bound, every published range lies inside the version
// of the text it names, versions never go back, and what it finally shows for
// every file is what a fresh analysis of the final texts gives.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { DidChangeTextDocumentNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/text';
import { Workspace } from '../../server/src/core/workspace';
import { removeFolder, TestClient, uriOf } from '../protocol/client';
import { applyReplacement, fuzzCorpus, fuzzParameters, fuzzRuns, replacementOf, textEdit, throwIfFailed, type Replacement, type TextEdit } from './edits';

const TODAY = '2027-01-15';
/** How long the server may take to publish after the last edit of a run before it counts as stalled. */
const SETTLE_BOUND_MS = 15_000;

interface Step {
  file: number;
  edit: TextEdit;
  /** Send the whole new text instead of the ranged change. */
  whole: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({ file: fc.nat(), edit: textEdit, whole: fc.boolean() });

const isHigh = (code: number) => code >= 0xd800 && code < 0xdc00;
const isLow = (code: number) => code >= 0xdc00 && code < 0xe000;

/** Lone surrogates do not survive JSON-RPC's UTF-8; an editor cannot hold them either. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** Moves an offset off the middle of a surrogate pair or a CRLF, where no editor position can point. */
function snap(text: string, offset: number): number {
  if (offset > 0 && offset < text.length) {
    if (isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset))) return offset - 1;
    if (text[offset - 1] === '\r' && text[offset] === '\n') return offset - 1;
  }
  return offset;
}

/** The edit as an editor would send it: well-formed text between positions an editor can name. */
function editorReplacement(text: string, edit: TextEdit): Replacement {
  const raw = replacementOf(text, edit);
  const start = snap(text, raw.start);
  const end = Math.max(start, snap(text, raw.end));
  return { start, end, text: wellFormed(raw.text) };
}

function tuples(published: PublishDiagnosticsParams | undefined): string[] {
  return (published?.diagnostics ?? []).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`);
}

function freshAnalysis(texts: Map<string, string>): Map<string, string[]> {
  const workspace = new Workspace();
  for (const [uri, text] of texts) workspace.setFile(uri, text, 1);
  const result = new Map<string, string[]>();
  for (const [uri, diagnostics] of workspace.diagnostics({ today: TODAY })) {
    const lines = workspace.file(uri)!.parsed.lines;
    result.set(
      uri,
      diagnostics.filter((d) => !d.suppressed).slice(0, 1000).map((d) => {
        const at = lines.positionAt(d.span.start);
        return `${at.line}:${at.character} ${d.rule} ${d.message}`;
      }),
    );
  }
  return result;
}

describe('fuzz: the language server under random edits', function () {
  this.timeout(0);
  const runs = fuzzRuns(100, 3_000);
  const corpus = fuzzCorpus();
  const names = Object.keys(corpus).sort();
  let folder: string;
  let client: TestClient;
  let uris: string[];

  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'handoff-fuzz-'));
    for (const name of names) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), corpus[name]);
    }
    uris = names.map((name) => uriOf(path.join(folder, name)));
    client = await TestClient.start(folder, { settings: { today: TODAY } });
    await client.waitFor('the scan', () => uris.every((uri) => client.latest(uri)));
  });

  after(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it(`stays up, in bounds, in order and in step with a fresh analysis (${runs} runs of up to 10 edits)`, async () => {
    const original = new Map(uris.map((uri, i) => [uri, corpus[names[i]]]));
    const texts = new Map(original);
    const versions = new Map<string, number>();
    const sent = new Map<string, Map<number, string>>();
    let edits = 0;

    const send = async (uri: string, text: string, change: { range?: Replacement; previous: string }): Promise<void> => {
      if (!versions.has(uri)) {
        await client.open(uri, change.previous);
        versions.set(uri, 1);
        sent.set(uri, new Map([[1, change.previous]]));
      }
      const version = versions.get(uri)! + 1;
      versions.set(uri, version);
      sent.get(uri)!.set(version, text);
      texts.set(uri, text);
      let contentChange: { text: string } | { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
      if (change.range) {
        const lines = new LineIndex(change.previous);
        contentChange = { range: { start: lines.positionAt(change.range.start), end: lines.positionAt(change.range.end) }, text: change.range.text };
      } else {
        contentChange = { text };
      }
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [contentChange] });
    };

    const details = await fc.check(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        // Each run starts from the corpus, so that a seed and path replay one run on its own.
        for (const uri of uris) if (texts.get(uri) !== original.get(uri)) await send(uri, original.get(uri)!, { previous: texts.get(uri)! });
        for (const s of steps) {
          const uri = uris[s.file % uris.length];
          const previous = texts.get(uri)!;
          const replacement = editorReplacement(previous, s.edit);
          const text = applyReplacement(previous, replacement);
          edits++;
          await send(uri, text, s.whole ? { previous } : { previous, range: replacement });
        }
        // The server's text must be ours: if a ranged change had been applied differently, nothing below would hold.
        await client.waitFor(
          'the last version of every edited file to be published',
          () => [...versions].every(([uri, version]) => client.latest(uri)?.version === version),
          SETTLE_BOUND_MS,
        );
        const expected = freshAnalysis(texts);
        const agrees = () => uris.every((uri) => JSON.stringify(tuples(client.latest(uri))) === JSON.stringify(expected.get(uri) ?? []));
        await client.waitFor('agreement with a fresh analysis', agrees, SETTLE_BOUND_MS).catch(() => undefined);
        for (const uri of uris) assert.deepEqual(tuples(client.latest(uri)), expected.get(uri) ?? [], `final diagnostics of ${uri}`);
        const failures = client.logs.filter((line) => /failed:|Internal error|Error:/.test(line));
        assert.deepEqual(failures, [], 'the server logged a failure');
      }),
      fuzzParameters(runs, { endOnFailure: true }),
    );

    // Over all the runs: versions never go back, and every range fits the text of the version it names.
    let publications = 0;
    for (const uri of uris) {
      const mine = client.published.filter((p) => p.uri === uri && p.version !== undefined);
      publications += mine.length;
      for (let i = 1; i < mine.length; i++) assert.ok(mine[i].version! >= mine[i - 1].version!, `${uri}: version ${mine[i].version} published after ${mine[i - 1].version}`);
      for (const p of mine) {
        const text = sent.get(uri)?.get(p.version!);
        assert.ok(text !== undefined, `${uri}: version ${p.version} was never sent`);
        const lines = new LineIndex(text);
        for (const d of p.diagnostics) {
          for (const end of [d.range.start, d.range.end]) {
            assert.ok(end.line < lines.lineCount && end.character <= lines.lineText(end.line).length, `${uri} v${p.version}: ${d.code} at ${end.line}:${end.character} lies outside the text`);
          }
        }
      }
    }
    console.log(`      server fuzz: ${details.numRuns} runs, ${edits} edits, ${publications} versioned publications, seed ${details.seed}`);
    throwIfFailed(details);
  });
});
