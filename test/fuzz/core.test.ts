// Property-based tests over the analysis core: random edits to a valid
// workspace (insertions, deletions, duplicated and swapped lines, lines moved
// between files, random bytes, files removed and moved between productions)
// never make the core throw or stall, every range lies inside its document,
// and the incrementally updated workspace agrees with one built from scratch
// from the final texts.
import * as assert from 'node:assert/strict';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as fc from 'fast-check';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import { codeActions } from '../../server/src/core/features/codeActions';
import { codeLenses } from '../../server/src/core/features/codeLenses';
import { complete } from '../../server/src/core/features/completion';
import { graphForFile } from '../../server/src/core/features/graph';
import { hover } from '../../server/src/core/features/hover';
import { definition, prepareRename, references } from '../../server/src/core/features/navigation';
import { documentSymbols } from '../../server/src/core/features/symbols';
import type { Diagnostic, Span } from '../../server/src/core/types';
import { Workspace } from '../../server/src/core/workspace';
import { applyEdit, fuzzCorpus, fuzzParameters, fuzzRuns, textEdit, throwIfFailed, type TextEdit } from './edits';

const OPTIONS: AnalysisOptions = { today: '2027-01-15' };
/** One analysis of this small workspace takes milliseconds; this only catches a hang. */
const ANALYSIS_BOUND_MS = 5_000;

const CORPUS = fuzzCorpus();
const NAMES = Object.keys(CORPUS).sort();
const uriOf = (name: string): string => `file:///fuzz/${name}`;

type Step =
  | { op: 'edit'; file: number; edit: TextEdit; analyse: boolean }
  | { op: 'remove'; file: number; analyse: boolean }
  | { op: 'move'; file: number; analyse: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant('edit' as const), file: fc.nat(), edit: textEdit, analyse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), file: fc.nat(), analyse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('move' as const), file: fc.nat(), analyse: fc.boolean() }) },
);

/** The file a step works on; removed files come back (with their last text) when edited again. */
interface FileState {
  name: string;
  text: string;
  present: boolean;
}

function inside(span: Span, text: string): boolean {
  return Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length;
}

/** Every diagnostic and related location of every file lies inside its document. */
function assertRangesInside(workspace: Workspace, all: ReadonlyMap<string, Diagnostic[]>): void {
  for (const [uri, diagnostics] of all) {
    const file = workspace.file(uri);
    assert.ok(file, `diagnostics for ${uri}, which the workspace does not hold`);
    const text = file.parsed.text;
    for (const d of diagnostics) {
      assert.ok(inside(d.span, text), `${d.rule} at [${d.span.start}, ${d.span.end}) outside ${uri} (length ${text.length}): ${d.message}`);
      for (const offset of [d.span.start, d.span.end]) {
        const position = file.parsed.lines.positionAt(offset);
        assert.ok(position.line < file.parsed.lines.lineCount, `${d.rule}: line ${position.line} past the end of ${uri}`);
        const length = file.parsed.lines.lineText(position.line).length;
        assert.ok(position.character <= length, `${d.rule}: ${position.line}:${position.character} past the end of its line (${length}) in ${uri}`);
      }
      for (const related of d.related ?? []) {
        const target = workspace.file(related.location.uri);
        assert.ok(target, `${d.rule} relates to ${related.location.uri}, which the workspace does not hold`);
        assert.ok(inside(related.location.span, target.parsed.text), `${d.rule}: related location outside ${related.location.uri}`);
      }
      assert.equal(typeof d.message, 'string');
      assert.ok(d.message.length > 0, `${d.rule}: empty message`);
    }
  }
}

/** Diagnostics as comparable plain text: file, span, rule, severity, message, related places, suppression. */
function comparable(all: ReadonlyMap<string, Diagnostic[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const uri of [...all.keys()].sort()) {
    out[uri] = all.get(uri)!.map((d) =>
      JSON.stringify([
        d.span.start,
        d.span.end,
        d.rule,
        d.severity,
        d.message,
        d.suppressed?.reason ?? null,
        (d.related ?? []).map((r) => [r.location.uri, r.location.span.start, r.location.span.end, r.message]),
      ]),
    );
  }
  return out;
}

function timed<T>(what: string, run: () => T): T {
  const started = process.hrtime.bigint();
  const result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < ANALYSIS_BOUND_MS, `${what} took ${ms.toFixed(0)} ms`);
  return result;
}

/** Every editor feature at one offset: none may throw, and what they point at lies inside a document. */
function assertFeaturesAnswer(workspace: Workspace, uri: string, offset: number, diagnostics: readonly Diagnostic[]): void {
  const text = workspace.file(uri)!.parsed.text;
  const span = { start: offset, end: Math.min(text.length, offset + 3) };
  timed('hover', () => hover(workspace, uri, offset));
  timed('completion', () => complete(workspace, uri, offset));
  for (const location of timed('definition', () => definition(workspace, uri, offset))) {
    assert.ok(inside(location.span, workspace.file(location.uri)!.parsed.text), 'definition outside its document');
  }
  for (const location of timed('references', () => references(workspace, uri, offset, true))) {
    assert.ok(inside(location.span, workspace.file(location.uri)!.parsed.text), 'reference outside its document');
  }
  timed('prepareRename', () => prepareRename(workspace, uri, offset));
  timed('documentSymbols', () => documentSymbols(workspace, uri));
  timed('codeLenses', () => codeLenses(workspace, uri));
  for (const action of timed('codeActions', () => codeActions(workspace, uri, span, diagnostics))) {
    for (const edit of action.edits) {
      const target = workspace.file(edit.uri);
      if (target) assert.ok(inside(edit.span, target.parsed.text), `code action '${action.title}' edits outside ${edit.uri}`);
    }
  }
  timed('graph', () => graphForFile(workspace, uri, offset));
}

/** The property, run in a worker thread so that a hang (an endless loop) can be stopped and reported. */
function runProperty(runs: number, seed: number, report: (message: WorkerMessage) => void): void {
  let edits = 0;
  let analyses = 0;
  let index = 0;
  const details = fc.check(
    fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.nat(), (steps, probe) => {
      report({ type: 'case', index: index++, input: JSON.stringify({ steps, probe }) });
      const files: FileState[] = NAMES.map((name) => ({ name, text: CORPUS[name], present: true }));
      const workspace = new Workspace();
      for (const file of files) workspace.setFile(uriOf(file.name), file.text, 1);
      workspace.diagnostics(OPTIONS);
      let version = 1;
      for (const s of steps) {
        const file = files[s.file % files.length];
        version++;
        edits++;
        if (s.op === 'edit') {
          file.text = applyEdit(file.text, s.edit);
          file.present = true;
          workspace.setFile(uriOf(file.name), file.text, version);
        } else if (s.op === 'remove') {
          file.present = false;
          workspace.removeFile(uriOf(file.name));
        } else if (file.present) {
          // Into the sub-folder's production, or back out of it.
          workspace.removeFile(uriOf(file.name));
          file.name = file.name.startsWith('sub/') ? file.name.slice(4) : `sub/${file.name}`;
          if (files.some((other) => other !== file && other.name === file.name)) file.name = `moved-${version}-${file.name.replace('sub/', '')}`;
          workspace.setFile(uriOf(file.name), file.text, version);
        }
        if (s.analyse) {
          analyses++;
          assertRangesInside(workspace, timed('analysis', () => workspace.diagnostics(OPTIONS)));
        }
      }
      const incremental = timed('analysis', () => workspace.diagnostics(OPTIONS));
      assertRangesInside(workspace, incremental);
      const fresh = new Workspace();
      for (const file of files) if (file.present) fresh.setFile(uriOf(file.name), file.text, version);
      const full = fresh.diagnostics(OPTIONS);
      analyses += 2;
      assert.deepEqual(comparable(incremental), comparable(full), 'incremental analysis differs from a fresh one');

      const present = files.filter((file) => file.present);
      if (present.length > 0) {
        const target = present[probe % present.length];
        const uri = uriOf(target.name);
        assertFeaturesAnswer(workspace, uri, probe % (target.text.length + 1), incremental.get(uri) ?? []);
      }
    }),
    fuzzParameters(runs, { seed }),
  );
  let failure: string | undefined;
  try {
    throwIfFailed(details);
  } catch (error) {
    failure = (error as Error).message;
  }
  report({ type: 'done', summary: `${details.numRuns} runs, ${edits} edits, ${analyses} analyses, seed ${details.seed}`, failure });
}

type WorkerMessage = { type: 'case'; index: number; input: string } | { type: 'done'; summary: string; failure?: string };

/** No single run (a dozen edits on eight small files) comes near this; past it the run hangs. */
const RUN_BOUND_MS = 30_000;

if (!isMainThread) {
  const { runs, seed } = workerData as { runs: number; seed: number };
  runProperty(runs, seed, (message) => parentPort!.postMessage(message));
} else {
  describe('fuzz: the analysis core under random edits', function () {
    this.timeout(0);
    const runs = fuzzRuns(500, 20_000);

    it(`never throws, never hangs, stays in bounds and agrees with a fresh analysis (${runs} runs of up to 12 edits)`, async () => {
      const given = Number(process.env.HANDOFF_FUZZ_SEED);
      const seed = Number.isInteger(given) ? given : (Math.random() * 2 ** 31) | 0;
      const worker = new Worker(__filename, { workerData: { runs, seed } });
      const outcome = await new Promise<WorkerMessage & { type: 'done' }>((resolve, reject) => {
        let last: { index: number; input: string } | undefined;
        let watchdog: NodeJS.Timeout | undefined;
        const arm = () => {
          if (watchdog) clearTimeout(watchdog);
          watchdog = setTimeout(() => {
            void worker.terminate();
            reject(
              new Error(
                `Run ${last?.index ?? '?'} did not finish within ${RUN_BOUND_MS} ms (seed ${seed}).\n` +
                  `Input: ${last?.input ?? '?'}\nReplay with: HANDOFF_FUZZ_SEED=${seed} HANDOFF_FUZZ_PATH=${last?.index ?? 0} npm run fuzz`,
              ),
            );
          }, RUN_BOUND_MS);
        };
        arm();
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'case') {
            last = message;
            arm();
          } else {
            clearTimeout(watchdog);
            resolve(message);
          }
        });
        worker.on('error', (error) => {
          clearTimeout(watchdog);
          reject(error);
        });
      });
      await worker.terminate();
      console.log(`      core fuzz: ${outcome.summary}`);
      if (outcome.failure) assert.fail(outcome.failure);
    });
  });
}
