// The workspace scan parses and indexes files on worker threads and ships the
// result back; the model the main thread rebuilds from it must be the one it
// would have built itself, for every file of the example production.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildFileModel, type FileModel } from '../../server/src/core/fileModel';
import { fileKindOf, parseSpecText } from '../../server/src/core/parse';
import { ParsePool, shippedReader } from '../../server/src/node/parsePool';
import { uriOfPath } from '../../server/src/node/files';

const ROOT = path.join(__dirname, '..', '..', '..');
const WORKER = path.join(ROOT, 'dist', 'parseWorker.js');

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return specFiles(full);
    return fileKindOf(full) ? [full] : [];
  });
}

/** What a user's features read of a model: ids, references and findings, with their places. */
function summary(model: FileModel | undefined): unknown {
  if (!model) return undefined;
  return {
    kind: model.parsed.kind,
    symbols: model.symbols,
    references: model.references,
    schema: model.schemaFindings,
    syntax: model.parsed.syntaxFindings,
    spans: [...model.parsed.spans.entries()],
  };
}

describe('parse workers', function () {
  this.timeout(60_000);
  let pool: ParsePool;
  before(function () {
    // The worker script is bundled beside the server.
    assert.ok(existsSync(WORKER), `${WORKER} is built by npm test's pretest`);
    pool = new ParsePool(WORKER, 2);
  });
  after(() => pool.stop());

  it('ship every example file back as the model the main thread builds itself', async () => {
    const files = specFiles(path.join(ROOT, 'examples'));
    assert.ok(files.length > 20, `${files.length} example files`);
    const shipped = new Map<string, FileModel | undefined>();
    await pool.parse(files.map((file) => ({ uri: uriOfPath(file) })), (uri, model) => shipped.set(uri, model));
    assert.equal(shipped.size, files.length);
    for (const file of files) {
      const uri = uriOfPath(file);
      const text = readFileSync(file, 'utf8');
      const here = buildFileModel(parseSpecText(uri, text, 0, fileKindOf(uri)!));
      assert.deepEqual(summary(shipped.get(uri)), summary(here), path.relative(ROOT, file));
    }
  });

  it('ship edited texts, broken ones included, with their places', async () => {
    const uri = uriOfPath(path.join(ROOT, 'examples', 'nightfall', 'scratch.handoff.yaml'));
    const texts = [
      'handoff: a\nfrom: comp\nto: color\ntemplate: comp-exr\ndepends_on: [b, c]\ndue: 2027-01-20\n',
      // Keys in another order: the worker read the same paths in another order than the text holds them.
      'due: 2027-01-20\ndepends_on:\n  - c\n  - b\ntemplate: comp-exr\nto: color\nfrom: comp\nhandoff: a\n',
      'handoff: a\nfrom: [comp\n',
    ];
    for (const text of texts) {
      let got: FileModel | undefined;
      await pool.parse([{ uri, text, version: 3 }], (_uri, model) => (got = model));
      assert.deepEqual(summary(got), summary(buildFileModel(parseSpecText(uri, text, 3, 'handoff'))), text);
      assert.equal(got?.parsed.version, 3);
    }
  });

  it('hand indexing the shipped spans by path, in the order read or not', () => {
    // As the worker ships them: handoffs.0.id (value 10-12), handoffs.0 key span (4-9), handoffs.0.depends_on.1 (value 40-41).
    const keys = ['handoffs\u001f0\u001fid', 'handoffs\u001f0', 'handoffs\u001f0\u001fdepends_on\u001f1'];
    const reads = Int32Array.from([keys[0].length, 0, 10, 12, keys[1].length, 1, 4, 9, keys[2].length, 0, 40, 41]);
    const inOrder = shippedReader(keys.join(''), reads);
    assert.deepEqual(inOrder.value(['handoffs', 0, 'id']), { start: 10, end: 12 });
    assert.deepEqual(inOrder.key(['handoffs', 0]), { start: 4, end: 9 });
    assert.deepEqual(inOrder.value(['handoffs', 0, 'depends_on', 1]), { start: 40, end: 41 });
    assert.equal(inOrder.complete(), true);

    const otherOrder = shippedReader(keys.join(''), reads);
    assert.deepEqual(otherOrder.value(['handoffs', 0, 'depends_on', 1]), { start: 40, end: 41 });
    assert.deepEqual(otherOrder.value(['handoffs', 0, 'id']), { start: 10, end: 12 });
    // The key span of a path, not its value's: handoffs.0 was shipped as a key span only.
    assert.deepEqual(otherOrder.key(['handoffs', 0]), { start: 4, end: 9 });
    assert.equal(otherOrder.complete(), true);

    // Near misses: a path that only starts like a shipped key (depends_on.10), and a value asked where a key span was shipped.
    const missing = shippedReader(keys.join(''), reads);
    assert.deepEqual(missing.value(['handoffs', 0, 'id']), { start: 10, end: 12 });
    assert.deepEqual(missing.value(['handoffs', 0]), { start: 0, end: 0 });
    assert.equal(missing.complete(), false);
    const prefix = shippedReader(keys.join(''), reads);
    assert.deepEqual(prefix.value(['handoffs', 0, 'id']), { start: 10, end: 12 });
    assert.deepEqual(prefix.key(['handoffs', 0]), { start: 4, end: 9 });
    // Asked where depends_on.1 is next: compared, not matched, and not found among the others either.
    assert.deepEqual(prefix.value(['handoffs', 0, 'depends_on', 10]), { start: 0, end: 0 });
    assert.equal(prefix.complete(), false);
  });
});
