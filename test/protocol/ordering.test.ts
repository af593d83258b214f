// Ordering under load: 1,000 edits in bursts across 20 open files, with
// requests in flight and some of them cancelled. At the end every file shows
// what a fresh analysis of its final text gives, and no publication ever
// carries an older version of a file than one already published.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import {
  CancellationTokenSource,
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { ScheduleRequest } from '../../server/src/protocol';
import { Workspace } from '../../server/src/core/workspace';
import { applyEdit, textEdit } from '../fuzz/edits';
import { copyFolder, removeFolder, TestClient, uriOf } from './client';

const TODAY = '2027-01-15';
const EDITS = 1000;
const EXTRA_FILES = 14;
const SEED = 20270115;

/** A small seeded PRNG, so a failing order of edits can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two handoffs per file, both hanging off the base production's fx-sim-sq010 (so edits there reach every file). */
function burstFile(k: number): string {
  return [
    'handoffs:',
    `  - id: burst-${k}-a`,
    `    title: Burst ${k} first`,
    '    from: fx',
    '    to: comp',
    '    template: fx-elements',
    '    owner: dana',
    '    contact: ben',
    '    start: 2027-01-13',
    '    due: 2027-01-15',
    '    depends_on: [fx-sim-sq010]',
    '    done_when: [All shots delivered]',
    `  - id: burst-${k}-b`,
    `    title: Burst ${k} second`,
    '    from: comp',
    '    to: fx',
    '    template: fx-elements',
    '    owner: dana',
    '    contact: ben',
    '    start: 2027-01-20',
    '    due: 2027-01-22',
    `    depends_on: [burst-${k}-a]`,
    '    done_when: [All shots delivered]',
    '',
  ].join('\n');
}

/** Meaningful edits of a file's original text: broken references, moved dates, syntax errors, and the original back. */
const MUTATIONS: ((text: string, pick: () => number) => string)[] = [
  (text) => text,
  (text) => text.replace('fx-elements', 'fx-elemnts'),
  (text) => text.replace('fx-sim-sq010', 'fx-sim-sq01'),
  (text) => text.replace(/20\d\d-\d\d-\d\d/, '2027-01-02'),
  (text) => text.replace(/20\d\d-\d\d-\d\d/, '2027-01-11'),
  (text) => text.replace('dana', 'danna'),
  (text, pick) => {
    const lines = text.split('\n');
    lines.splice(Math.floor(pick() * lines.length), 0, '  - [ unclosed: {');
    return lines.join('\n');
  },
];

/** Lone surrogates do not survive the UTF-8 transport of JSON-RPC; an editor cannot hold them either. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function tuples(published: PublishDiagnosticsParams | undefined): string[] | undefined {
  return published?.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`);
}

function freshAnalysis(texts: Map<string, string>): Map<string, string[]> {
  const workspace = new Workspace();
  for (const [uri, text] of texts) workspace.setFile(uri, text, 1);
  const result = new Map<string, string[]>();
  for (const [uri, diagnostics] of workspace.diagnostics({ today: TODAY })) {
    const lines = workspace.file(uri)!.parsed.lines;
    result.set(
      uri,
      diagnostics.filter((d) => !d.suppressed).map((d) => {
        const at = lines.positionAt(d.span.start);
        return `${at.line}:${at.character} ${d.rule} ${d.message}`;
      }),
    );
  }
  return result;
}

describe('protocol: ordering under load', function () {
  this.timeout(180_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = copyFolder('test/fixtures/base');
    for (let k = 1; k <= EXTRA_FILES; k++) writeFileSync(path.join(folder, `burst-${String(k).padStart(2, '0')}.handoff.yaml`), burstFile(k));
    client = await TestClient.start(folder, { settings: { today: TODAY } });
  });

  after(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it(`${EDITS} edits in bursts across 20 files, with cancelled requests: the last word is a fresh analysis of the final texts`, async () => {
    const names = [
      'test.production.yaml',
      'test.glossary.yaml',
      'fx-elements.template.yaml',
      'sq010.handoff.yaml',
      'fx-delivery.runbook.yaml',
      'test.risks.yaml',
      ...Array.from({ length: EXTRA_FILES }, (_, i) => `burst-${String(i + 1).padStart(2, '0')}.handoff.yaml`),
    ];
    assert.equal(names.length, 20);
    const uris = names.map((name) => uriOf(path.join(folder, name)));
    const original = new Map(uris.map((uri, i) => [uri, readFileSync(path.join(folder, names[i]), 'utf8')]));
    assert.deepEqual([...freshAnalysis(original).values()].flat(), [], 'the 20 files start clean');
    await client.waitFor('the scan', () => uris.every((uri) => client.latest(uri)));

    const current = new Map(original);
    /** Text of every version sent, to check each publication against the text it was computed for. */
    const sent = new Map<string, Map<number, string>>(uris.map((uri) => [uri, new Map([[1, original.get(uri)!]])]));
    for (const uri of uris) await client.open(uri, original.get(uri)!);

    const pick = random(SEED);
    const randomEdits = fc.sample(textEdit, { seed: SEED, numRuns: EDITS });
    const requests: Promise<string>[] = [];
    let cancelled = 0;
    let bursts = 0;
    const started = process.hrtime.bigint();
    for (let done = 0; done < EDITS; bursts++) {
      const size = Math.min(EDITS - done, 1 + Math.floor(pick() * 40));
      for (let i = 0; i < size; i++, done++) {
        const uri = uris[Math.floor(pick() * uris.length)];
        const text =
          pick() < 0.6
            ? MUTATIONS[Math.floor(pick() * MUTATIONS.length)](original.get(uri)!, pick)
            : wellFormed(applyEdit(current.get(uri)!, randomEdits[done]));
        current.set(uri, text);
        const version = await client.change(uri, text);
        sent.get(uri)!.set(version, text);
        if (pick() < 0.3) {
          // A request about the file just edited; half of them cancelled at once or a moment later.
          const source = new CancellationTokenSource();
          const target = uris[Math.floor(pick() * uris.length)];
          const position = { line: Math.floor(pick() * 10), character: Math.floor(pick() * 12) };
          const kind = Math.floor(pick() * 5);
          const request =
            kind === 0
              ? client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: target }, position }, source.token)
              : kind === 1
                ? client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: target }, position }, source.token)
                : kind === 2
                  ? client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: target } }, source.token)
                  : kind === 3
                    ? client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: target } }, source.token)
                    : client.connection.sendRequest(ScheduleRequest, { uri: target }, source.token);
          requests.push(
            request.then(
              () => 'answered',
              (error: { code?: number; message?: string }) => (error.code === -32800 ? 'cancelled' : `failed: ${error.message}`),
            ),
          );
          const roll = pick();
          if (roll < 0.25) {
            source.cancel();
            cancelled++;
          } else if (roll < 0.5) {
            setTimeout(() => source.cancel(), Math.floor(pick() * 20));
            cancelled++;
          }
        }
      }
      // Pauses around the server's 30 ms debounce: some bursts merge, some are analysed on their own.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(pick() * 80)));
    }
    const editMs = Number(process.hrtime.bigint() - started) / 1e6;

    let timer: NodeJS.Timeout | undefined;
    const outcomes = await Promise.race([
      Promise.all(requests),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('a request never settled')), 30_000))),
    ]).finally(() => clearTimeout(timer));
    const failed = outcomes.filter((outcome) => outcome.startsWith('failed'));
    assert.deepEqual(failed, [], 'requests answered with an error');

    const finalVersions = new Map(uris.map((uri) => [uri, Math.max(...sent.get(uri)!.keys())]));
    await client.waitFor('the final version of every file', () => uris.every((uri) => client.latest(uri)?.version === finalVersions.get(uri)), 30_000);
    const expected = freshAnalysis(current);
    const agrees = () => uris.every((uri) => JSON.stringify(tuples(client.latest(uri))) === JSON.stringify(expected.get(uri)));
    try {
      await client.waitFor('the published diagnostics to settle on a fresh analysis', agrees, 10_000);
    } catch {
      // The assertions below show which file differs.
    }
    for (const uri of uris) assert.deepEqual(tuples(client.latest(uri)), expected.get(uri), `final diagnostics of ${uri}`);

    // Versions never go back, and each publication fits the text of the version it names.
    let publications = 0;
    for (const uri of uris) {
      const mine = client.published.filter((p) => p.uri === uri && p.version !== undefined);
      publications += mine.length;
      const versions = mine.map((p) => p.version!);
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1], `${uri}: version ${versions[i]} published after ${versions[i - 1]}`);
      for (const p of mine) {
        const text = sent.get(uri)!.get(p.version!);
        assert.ok(text !== undefined, `${uri}: published version ${p.version} was never sent`);
        const lines = text.split(/\r\n|\r|\n/);
        for (const d of p.diagnostics) {
          for (const end of [d.range.start, d.range.end]) {
            assert.ok(end.line < lines.length && end.character <= lines[end.line].length, `${uri} v${p.version}: ${d.code} at ${end.line}:${end.character} is outside the text`);
          }
        }
      }
    }
    const answered = outcomes.filter((outcome) => outcome === 'answered').length;
    console.log(
      `      ${EDITS} edits in ${bursts} bursts over ${editMs.toFixed(0)} ms; ${publications} publications; ` +
        `${requests.length} requests (${cancelled} cancelled by the client, ${answered} answered, ${outcomes.length - answered} reported cancelled)`,
    );
  });
});
