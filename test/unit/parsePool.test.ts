// The workspace scan parses and indexes files on worker threads and ships the
// result back; the model the main thread rebuilds from it must be the one it
// would have built itself, for every file of the example production.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { buildFileModel, type FileModel } from '../../server/src/core/fileModel';
import { fileKindOf, parseSpecText } from '../../server/src/core/parse';
import { ParsePool } from '../../server/src/node/parsePool';
import { uriOfPath } from '../../server/src/node/files';

const ROOT = path.join(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');

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
    // The worker script is the bundled server (it serves both roles).
    assert.ok(existsSync(SERVER), `${SERVER} is built by npm test's pretest`);
    pool = new ParsePool(SERVER, 2);
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
});
