// The CST fast path answers exactly what parseSpecFile answers wherever it
// answers at all: on every spec file of the repository and of a generated
// workspace (where it must answer), on documents yaml writes from random
// values, and on those after random edits (where it mostly declines).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import { generateWorkspace } from '../../bench/generate';
import { fileKindOf, type ParsedFile } from '../../server/src/core/parse';
import { quickParseSpecFile } from '../../server/src/core/parse/cst';
import { parseSpecFile } from '../../server/src/core/parse/full';
import { scanSpecLines } from '../../server/src/core/parse/lineScan';
import type { FileKind } from '../../server/src/core/types';
import { applyEdit, fuzzCorpus, fuzzParameters, fuzzRuns, textEdit, throwIfFailed } from '../fuzz/edits';

const REPO = path.join(__dirname, '..', '..', '..');

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : specFiles(full);
    return fileKindOf(name) ? [full] : [];
  });
}

function comparable(file: ParsedFile) {
  return { value: file.value, spans: [...file.spans], syntaxFindings: file.syntaxFindings, suppressions: file.suppressions };
}

const roads = { lines: scanSpecLines, cst: quickParseSpecFile };

/** Whether a fast road answered; when it did, its answer must be parseSpecFile's. */
function agrees(text: string, kind: FileKind, uri = `file:///quick/spec.${kind}.yaml`, road: keyof typeof roads = 'cst'): boolean {
  const quick = roads[road](uri, text, 1, kind);
  if (!quick) return false;
  assert.deepStrictEqual(comparable(quick), comparable(parseSpecFile(uri, text, 1, kind)), `${road} on:\n${text}`);
  return true;
}

/** Both roads: the line scan (tried first) and the whole fast path. Returns which answered. */
function bothAgree(text: string, kind: FileKind, uri?: string): { lines: boolean; cst: boolean } {
  return { lines: agrees(text, kind, uri, 'lines'), cst: agrees(text, kind, uri, 'cst') };
}

describe('quick parse from the CST', function () {
  this.timeout(120_000);

  it('reads the example production and the generated workspace itself, exactly as parseSpecFile does', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'handoff-quick-'));
    try {
      generateWorkspace(folder, 1000);
      const files = [...specFiles(path.join(REPO, 'examples')), ...specFiles(folder)];
      const answered = files.map((file) => ({ file, ...bothAgree(readFileSync(file, 'utf8'), fileKindOf(file)!, `file://${file}`) }));
      assert.deepEqual(answered.filter((road) => !road.cst).map((road) => road.file), []);
      // The generated files are written the plain way: the line scan reads every one of them.
      assert.deepEqual(answered.filter((road) => road.file.startsWith(folder) && !road.lines).map((road) => road.file), []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('agrees with parseSpecFile on every test fixture it reads', () => {
    let read = 0;
    let scanned = 0;
    for (const file of specFiles(path.join(REPO, 'test', 'fixtures'))) {
      const answered = bothAgree(readFileSync(file, 'utf8'), fileKindOf(file)!, `file://${file}`);
      if (answered.cst) read++;
      if (answered.lines) scanned++;
    }
    assert.ok(read > 20 && scanned > 20, `read ${read} fixtures, ${scanned} by the line scan`);
  });

  it('agrees with parseSpecFile on documents yaml writes from random values, and after random edits', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.constantFrom('true', 'False', 'null', '~', '0x1F', '0o17', '1e3', '.inf', '-.NaN', '2027-01-15', '#x', 'a: b', '- x', "it's", 'say "hi"', '[x]', '{y}', '@at', '`tick`', '%p', '|', '>'),
      fc.integer(),
      fc.double({ noNaN: false }),
      fc.boolean(),
      fc.constant(null),
    );
    const key = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('id', 'true', '1', 'null', 'a b', 'depends_on'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    })).map;
    // Comments at the end of lines or on their own lines (indented like the next one), blank lines, trailing spaces.
    const decoration = fc.record({ line: fc.nat(), kind: fc.constantFrom('end', 'own', 'blank', 'trailing') });
    const style = fc.record({ flow: fc.boolean(), decorations: fc.array(decoration, { maxLength: 4 }), edits: fc.array(textEdit, { maxLength: 2 }) });
    let read = 0;
    let scanned = 0;
    const details = fc.check(
      fc.property(value, style, (root, { flow, decorations, edits }) => {
        const lines = stringify(root, { collectionStyle: flow ? 'flow' : 'any', lineWidth: 0 }).split('\n');
        for (const { line, kind } of decorations) {
          const at = line % lines.length;
          if (kind === 'end') lines[at] += ' # note';
          else if (kind === 'trailing') lines[at] += '  ';
          else lines.splice(at, 0, kind === 'blank' ? '' : `${/^ */.exec(lines[at])![0]}# note`);
        }
        let text = lines.join('\n');
        for (const edit of edits) text = applyEdit(text, edit);
        const answered = bothAgree(text, 'handoff');
        if (answered.cst) read++;
        if (answered.lines) scanned++;
      }),
      fuzzParameters(fuzzRuns(400, 20_000)),
    );
    throwIfFailed(details);
    // Half of these are flow documents and most hold odd keys: the line scan leaves most to the CST reader.
    assert.ok(read > 50 && scanned > 10, `the fast path read ${read} of the generated documents, the line scan ${scanned}`);
  });

  it('the line scan reads spec-shaped documents written every way, with comments, exactly as parseSpecFile does', () => {
    // Written by hand rather than by yaml: block maps and lists at any indentation, `- key:` items,
    // one-line flow collections, plain, single- and double-quoted scalars, comments on their own lines and after values.
    const word = fc.constantFrom('id', 'title', 'due', 'depends_on', 'a b', 'x-1', 'true', '1', 'null', 'k#1', '-k');
    const plain = fc.constantFrom('layout', 'Deliver slapcomps first', '2027-01-15', '42', '-7', '0x1F', '1e3', '.inf', 'true', 'No', 'null', '~', 'it\'s', 'a: b', 'a:b', 'http://x', 'x #y', '@at', '- x', 'v1.2', 'say "hi"');
    const quoted = fc.oneof(
      fc.string({ maxLength: 8 }).map((text) => `'${text.replace(/'/g, "''").replace(/\n/g, ' ')}'`),
      fc.constantFrom('"a \\"b\\" c"', '"tab\\tnew\\nline"', '"\\u00e9t\\u00e9"', '"x # y"', '"odd \\q"', '"a: b"'),
    );
    const scalar = fc.oneof(plain, plain, quoted);
    const flow = fc.oneof(
      fc.array(scalar, { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      fc.uniqueArray(fc.tuple(word, scalar), { maxLength: 3, selector: ([key]) => key }).map((pairs) => `{ ${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')} }`),
      fc.constantFrom('[]', '{}', '[a, [b, c]]', '{ a: [x], b: { c: d } }', '[a,]'),
    );
    type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { leaf: string };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(scalar, flow).map((leaf): Tree => ({ leaf })),
        fc.uniqueArray(fc.tuple(word, tie('tree')), { minLength: 1, maxLength: 4, selector: ([key]) => key }).map((map): Tree => ({ map })),
        fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map((seq): Tree => ({ seq })),
      ),
    })).tree;
    const layout = fc.record({ step: fc.constantFrom(2, 4), compact: fc.boolean(), comments: fc.array(fc.nat(), { maxLength: 3 }), trailing: fc.array(fc.nat(), { maxLength: 3 }) });

    function write(root: [string, Tree][], { step, compact }: { step: number; compact: boolean }): string[] {
      const lines: string[] = [];
      const pad = (n: number) => ' '.repeat(n);
      const writeMap = (pairs: [string, Tree][], indent: number, first: string | undefined) => {
        pairs.forEach(([key, value], index) => {
          const head = index === 0 && first !== undefined ? first : pad(indent);
          if ('leaf' in value) lines.push(`${head}${key}: ${value.leaf}`);
          else {
            lines.push(`${head}${key}:`);
            if ('map' in value) writeMap(value.map, indent + step, undefined);
            else writeSeq(value.seq, compact ? indent : indent + step);
          }
        });
      };
      const writeSeq = (items: Tree[], indent: number) => {
        for (const item of items) {
          if ('leaf' in item) lines.push(`${pad(indent)}- ${item.leaf}`);
          else if ('map' in item) writeMap(item.map, indent + 2, `${pad(indent)}- `);
          else {
            lines.push(`${pad(indent)}-`);
            writeSeq(item.seq, indent + step);
          }
        }
      };
      writeMap(root, 0, undefined);
      return lines;
    }

    const runs = fuzzRuns(2000, 30_000);
    let scanned = 0;
    let declined = 0;
    const details = fc.check(
      fc.property(fc.uniqueArray(fc.tuple(word, tree), { minLength: 1, maxLength: 4, selector: ([key]) => key }), layout, (root, style) => {
        const lines = write(root, style);
        for (const at of style.trailing) lines[at % lines.length] += lines[at % lines.length].endsWith(':') ? ' # why' : '  # note';
        for (const at of style.comments) {
          const line = at % lines.length;
          lines.splice(line, 0, `${/^ */.exec(lines[line])![0]}# about the next line`);
        }
        const text = lines.join('\n');
        if (agrees(text, 'handoff', undefined, 'lines')) scanned++;
        else if (parseSpecFile('file:///x.handoff.yaml', text, 1, 'handoff').syntaxFindings.length === 0) {
          declined++;
          if (process.env.SHOW_DECLINED) process.stdout.write(`---\n${text}\n`);
        }
      }),
      fuzzParameters(runs),
    );
    throwIfFailed(details);
    // A share of random documents: over 600 the line scan read 109-165 and declined 77-110 (40 seeds), so
    // one seed in about seventy failed this; over 2,000 the margin is four standard deviations.
    assert.ok(scanned > runs / 6 && scanned > declined, `the line scan read ${scanned} of ${runs} documents, and declined ${declined} valid ones`);
  });

  it('agrees with parseSpecFile where a value ends in white space that is not a space (a fuzz find)', () => {
    for (const space of ['\u2028', '\u2029', '\u00a0', '\u3000', '\u0085', '\v', '\f']) {
      for (const text of [`handoffs:\n  - id: a\n    due: 2027-01-12${space}\n`, `handoffs:\n  - id: a${space}\n    depends_on: [b${space}, c]\n`]) {
        bothAgree(text, 'handoff');
      }
    }
  });

  it('agrees with parseSpecFile on the fuzz corpus under random edits', () => {
    const corpus = Object.entries(fuzzCorpus());
    const details = fc.check(
      fc.property(fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (pick, edits) => {
        const [name, original] = corpus[pick % corpus.length];
        let text = original;
        for (const edit of edits) text = applyEdit(text, edit);
        bothAgree(text, fileKindOf(name)!);
      }),
      fuzzParameters(fuzzRuns(400, 20_000)),
    );
    throwIfFailed(details);
  });
});
