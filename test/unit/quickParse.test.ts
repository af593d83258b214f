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
import { fileKindOf, parseSpecFile, type ParsedFile } from '../../server/src/core/parse';
import { quickParseSpecFile } from '../../server/src/core/quickParse';
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

/** Whether the fast path answered; when it did, its answer must be parseSpecFile's. */
function agrees(text: string, kind: FileKind, uri = `file:///quick/spec.${kind}.yaml`): boolean {
  const quick = quickParseSpecFile(uri, text, 1, kind);
  if (!quick) return false;
  assert.deepStrictEqual(comparable(quick), comparable(parseSpecFile(uri, text, 1, kind)));
  return true;
}

describe('quick parse from the CST', function () {
  this.timeout(120_000);

  it('reads the example production and the generated workspace itself, exactly as parseSpecFile does', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'handoff-quick-'));
    try {
      generateWorkspace(folder, 1000);
      const files = [...specFiles(path.join(REPO, 'examples')), ...specFiles(folder)];
      const declined = files.filter((file) => !agrees(readFileSync(file, 'utf8'), fileKindOf(file)!, `file://${file}`));
      assert.deepEqual(declined, []);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('agrees with parseSpecFile on every test fixture it reads', () => {
    let read = 0;
    for (const file of specFiles(path.join(REPO, 'test', 'fixtures'))) if (agrees(readFileSync(file, 'utf8'), fileKindOf(file)!, `file://${file}`)) read++;
    assert.ok(read > 20, `read ${read} fixtures`);
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
        if (agrees(text, 'handoff')) read++;
      }),
      fuzzParameters(fuzzRuns(400, 20_000)),
    );
    throwIfFailed(details);
    assert.ok(read > 50, `the fast path read ${read} of the generated documents`);
  });

  it('agrees with parseSpecFile on the fuzz corpus under random edits', () => {
    const corpus = Object.entries(fuzzCorpus());
    const details = fc.check(
      fc.property(fc.nat(), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (pick, edits) => {
        const [name, original] = corpus[pick % corpus.length];
        let text = original;
        for (const edit of edits) text = applyEdit(text, edit);
        agrees(text, fileKindOf(name)!);
      }),
      fuzzParameters(fuzzRuns(400, 20_000)),
    );
    throwIfFailed(details);
  });
});
