import * as assert from 'node:assert/strict';
import { fileKindOf } from '../../server/src/core/parse';
import { parseSpecFile } from '../../server/src/core/parse/full';
import { scaffoldProduction } from '../../server/src/core/scaffold';
import type { FileKind } from '../../server/src/core/types';

const TODAY = '2027-01-15'; // a Friday

describe('scaffold: handoff init', () => {
  it('returns one file of each of the six kinds, named after the production', () => {
    const files = scaffoldProduction('my-show', TODAY);
    const kinds = files.map((file) => fileKindOf(file.path));
    assert.deepEqual([...kinds].sort(), ['glossary', 'handoff', 'production', 'risks', 'runbook', 'template']);
    assert.ok(files.some((file) => file.path === 'my-show.production.yaml'));
    for (const file of files) {
      assert.ok(!file.path.startsWith('/') && !file.path.includes('\\'), `${file.path} is a relative path with / separators`);
    }
  });

  it('writes YAML that parses without syntax errors', () => {
    for (const file of scaffoldProduction('my-show', TODAY)) {
      const parsed = parseSpecFile(file.path, file.text, 1, fileKindOf(file.path) as FileKind);
      assert.deepEqual(parsed.syntaxFindings, [], file.path);
      assert.equal(typeof parsed.value, 'object', file.path);
    }
  });

  it('uses the name as the production id and a title made from it', () => {
    const production = byKind(scaffoldProduction('night-shift-2', TODAY), 'production');
    assert.match(production, /^production: night-shift-2$/m);
    assert.match(production, /^title: "Night Shift 2"$/m);
  });

  it('starts the plan on the first Monday at least two weeks after today and reviews risks today', () => {
    const files = scaffoldProduction('my-show', TODAY);
    // 2027-01-15 + 14 days = Friday 2027-01-29; the next Monday is 2027-02-01.
    assert.match(byKind(files, 'handoff'), /start: 2027-02-01\b/);
    assert.match(byKind(files, 'risks'), /reviewed: 2027-01-15\b/);
  });

  it('counts a Monday exactly two weeks ahead as the first one', () => {
    assert.match(byKind(scaffoldProduction('my-show', '2027-01-18'), 'handoff'), /start: 2027-02-01\b/);
  });

  it('quotes a name that YAML would read as a boolean or null', () => {
    assert.match(byKind(scaffoldProduction('true', TODAY), 'production'), /^production: "true"$/m);
  });

  it('rejects a name that is not kebab-case', () => {
    for (const name of ['My Show', 'my_show', '1st-show', 'Show', '-show', '']) {
      assert.throws(() => scaffoldProduction(name, TODAY), /not kebab-case/, name);
    }
  });

  it('rejects a today that is not an ISO date', () => {
    for (const today of ['15/01/2027', '2027-02-30', '']) {
      assert.throws(() => scaffoldProduction('my-show', today), /not an ISO date/, today);
    }
  });
});

function byKind(files: { path: string; text: string }[], kind: FileKind): string {
  const file = files.find((candidate) => fileKindOf(candidate.path) === kind);
  assert.ok(file, `no ${kind} file`);
  return file.text;
}
