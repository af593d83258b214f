// What the fuzz tests share: random edits to spec text as fast-check
// arbitraries, how many runs to make, and a report that says how to replay a
// failure. `npm test` runs a CI-sized sample; `npm run fuzz` a soak.
import * as fc from 'fast-check';
import { fixtureFiles } from '../harness';

/**
 * Runs of a property: HANDOFF_FUZZ_RUNS when set, else `soak` under
 * `npm run fuzz` and `ci` under `npm test`.
 */
export function fuzzRuns(ci: number, soak: number): number {
  const given = Number(process.env.HANDOFF_FUZZ_RUNS);
  if (Number.isInteger(given) && given > 0) return given;
  return process.env.npm_lifecycle_event === 'fuzz' ? soak : ci;
}

/** fast-check parameters: the run count, and a seed and path from the environment to replay a failure. */
export function fuzzParameters<T>(runs: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  const seed = Number(process.env.HANDOFF_FUZZ_SEED);
  const replay = process.env.HANDOFF_FUZZ_PATH;
  return {
    numRuns: runs,
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(replay ? { path: replay } : {}),
    ...extra,
  };
}

/**
 * Fails with fast-check's report (counterexample, seed and path) plus the
 * command that replays it, so the mocha output alone is enough to reproduce.
 */
export function throwIfFailed<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const replay = `HANDOFF_FUZZ_SEED=${details.seed} HANDOFF_FUZZ_PATH=${details.counterexamplePath ?? ''} npm run fuzz`;
  const report = fc.defaultReportMessage(details) ?? `Property failed (seed ${details.seed}, path ${details.counterexamplePath})`;
  // Without verbose mode fast-check's report leaves out what the property threw: say it, with where.
  const cause = details.errorInstance instanceof Error ? `\nThrown: ${details.errorInstance.stack ?? details.errorInstance.message}` : '';
  throw new Error(`${report}${cause}\nReplay with: ${replay}`);
}

/** The base fixture, and a second production in a sub-folder so that edits and moves regroup files. */
export function fuzzCorpus(): Record<string, string> {
  const base = fixtureFiles('base');
  return {
    ...base,
    'sub/other.production.yaml': base['test.production.yaml'].replace('production: testprod', 'production: otherprod'),
    'sub/sq020.handoff.yaml': base['sq010.handoff.yaml'].replace(/sq010/g, 'sq020'),
  };
}

/** Lines of the corpus: inserted elsewhere they make duplicates, dangling references and misplaced keys. */
const CORPUS_LINES = [...new Set(Object.values(fuzzCorpus()).flatMap((text) => text.split('\n')))];

/** Fragments that mean something to a YAML parser or to the rules. */
const YAML_TOKENS = [
  ': ', '- ', '\n', '\r\n', '\r', '\t', '  ', '{', '}', '[', ']', ',', '"', "'", '#', '? ', '|', '>-', '&a ', '*a', '<<: *a',
  '!!str ', '!!binary ', '!local ', '---\n', '...\n', '%YAML 1.2\n', '@', '`', '\\', 'null', '~', '0x1F', '.inf', '2027-02-30',
  'id: ', 'depends_on: [', 'template: ', '# handoff-disable-next-line schema: test\n', '\u00a0', '\ufeff', '\u202e', '\u200b',
  '\u2028', '\u0000', '😀', '𝒜', '\ud800', '\udc00',
];

export type TextEdit =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate-line'; line: number }
  | { op: 'swap-lines'; a: number; b: number }
  | { op: 'replace-line'; line: number; text: string };

const oneChar16 = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

/** Text to insert: YAML syntax, lines from other files, any Unicode, raw bytes read as UTF-8 or Latin-1. */
export const insertedText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...YAML_TOKENS) },
  { weight: 4, arbitrary: fc.constantFrom(...CORPUS_LINES).map((line) => `${line}\n`) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: oneChar16, maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 24 }), fc.boolean())
      .map(([bytes, utf8]) => Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1')),
  },
);

/** One edit; positions are taken modulo the text's length, so any number fits any text. */
export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: insertedText }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate-line' as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace-line' as const), line: fc.nat(), text: fc.constantFrom(...CORPUS_LINES) }) },
);

/** The edit as a replacement of [start, end) by `text`, in UTF-16 offsets (what LSP ranges count). */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

function lineBounds(text: string): { start: number; end: number }[] {
  const bounds: { start: number; end: number }[] = [];
  let start = 0;
  for (;;) {
    const next = text.indexOf('\n', start);
    if (next < 0) {
      bounds.push({ start, end: text.length });
      return bounds;
    }
    bounds.push({ start, end: next + 1 });
    start = next + 1;
  }
}

/** Where an edit lands in a given text. */
export function replacementOf(text: string, edit: TextEdit): Replacement {
  switch (edit.op) {
    case 'insert': {
      const at = edit.at % (text.length + 1);
      return { start: at, end: at, text: edit.text };
    }
    case 'delete': {
      const at = edit.at % (text.length + 1);
      return { start: at, end: Math.min(text.length, at + edit.length), text: '' };
    }
    case 'duplicate-line': {
      const lines = lineBounds(text);
      const line = lines[edit.line % lines.length];
      const content = text.slice(line.start, line.end);
      return { start: line.end, end: line.end, text: content.endsWith('\n') ? content : `\n${content}` };
    }
    case 'swap-lines': {
      const lines = lineBounds(text);
      let [a, b] = [edit.a % lines.length, edit.b % lines.length];
      if (a > b) [a, b] = [b, a];
      const strip = (s: string) => s.replace(/\n$/, '');
      const first = strip(text.slice(lines[a].start, lines[a].end));
      const second = strip(text.slice(lines[b].start, lines[b].end));
      if (a === b) return { start: lines[a].start, end: lines[a].start, text: '' };
      const middle = text.slice(lines[a].start + first.length, lines[b].start);
      return { start: lines[a].start, end: lines[b].start + second.length, text: second + middle + first };
    }
    case 'replace-line': {
      const lines = lineBounds(text);
      const line = lines[edit.line % lines.length];
      const content = text.slice(line.start, line.end);
      return { start: line.start, end: line.start + content.replace(/\n$/, '').length, text: edit.text };
    }
  }
}

export function applyReplacement(text: string, replacement: Replacement): string {
  return text.slice(0, replacement.start) + replacement.text + text.slice(replacement.end);
}

export function applyEdit(text: string, edit: TextEdit): string {
  return applyReplacement(text, replacementOf(text, edit));
}
