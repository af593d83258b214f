// The standalone pages of `handoff timeline` and `handoff graph --format html`
// name no absolute path of the machine they were made on: source locations
// are embedded relative to the folder the specs were read from.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCliBundle, handoffIn, ROOT, withTempFolder } from './cliProcess';

describe('standalone pages', () => {
  before(ensureCliBundle);

  for (const [name, args] of [
    ['timeline', ['timeline', path.join(ROOT, 'examples', 'nightfall'), '--out', 'page.html']],
    ['graph', ['graph', path.join(ROOT, 'examples', 'nightfall'), '--format', 'html', '--out', 'page.html']],
  ] as const) {
    it(`${name}: embeds source locations relative to the folder, no absolute path`, () => {
      withTempFolder('handoff-page-', (folder) => {
        const run = handoffIn(folder, ...args, '--today', '2027-01-15');
        assert.equal(run.status, 0, run.stderr);
        const page = readFileSync(path.join(folder, 'page.html'), 'utf8');
        assert.ok(!page.includes(ROOT), 'the repository path is not in the page');
        assert.ok(!page.includes('file:'), 'no file URI is in the page');
        // The packed model writes each file's URI once, relative to the folder.
        assert.match(page, /"handoffs\/1-preproduction\.handoff\.yaml"/);
      });
    });
  }
});
