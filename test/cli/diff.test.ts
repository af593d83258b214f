// `handoff diff` on a throwaway git repository holding the base fixture under
// specs/: commit 1 as it is, commit 2 with fx-to-comp-sq010 due a week and a
// day later (Fri 01-22 → Mon 02-01, 6 working days) and a new DI handoff.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ScheduleSlip } from '../../server/src/core/slip';
import { ensureCliBundle, FIXTURES, handoffIn, withTempFolder } from './cliProcess';

const DI = [
  'handoffs:',
  '  - id: comp-to-di-sq010',
  '    from: comp',
  '    to: fx',
  '    template: fx-elements',
  '    owner: dana',
  '    contact: ben',
  '    start: 2027-02-08',
  '    due: 2027-02-12',
  '    depends_on: [fx-to-comp-sq010]',
  '    status: planned',
  '',
].join('\n');

describe('handoff diff', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const specs = () => path.join(repo, 'specs');
  const handoffsFile = () => path.join(specs(), 'sq010.handoff.yaml');

  before(() => {
    ensureCliBundle();
    repo = mkdtempSync(path.join(tmpdir(), 'handoff-diff-'));
    git('init', '-q');
    git('config', 'user.name', 'Test Runner');
    git('config', 'user.email', 'test@example.com');
    git('config', 'commit.gpgsign', 'false');
    cpSync(path.join(FIXTURES, 'base'), specs(), { recursive: true });
    writeFileSync(path.join(repo, 'README.md'), 'not a spec\n');
    git('add', '.');
    git('commit', '-q', '-m', 'Plan');
    writeFileSync(handoffsFile(), readFileSync(handoffsFile(), 'utf8').replace('due: 2027-01-22', 'due: 2027-02-01'));
    writeFileSync(path.join(specs(), 'di.handoff.yaml'), DI);
    git('add', '.');
    git('commit', '-q', '-m', 'FX slips; DI added');
  });

  after(() => rmSync(repo, { recursive: true, force: true }));

  const json = (cwd: string, ...args: string[]): { from: string; to: string | null; productions: ScheduleSlip[] } => {
    const run = handoffIn(cwd, 'diff', ...args, '--format', 'json');
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
  };

  it('reports what slipped between two revisions', () => {
    const result = json(repo, 'HEAD~1', 'HEAD', '--dir', 'specs');
    assert.equal(result.from, 'HEAD~1');
    assert.equal(result.to, 'HEAD');
    const [slip] = result.productions;
    assert.equal(slip.production, 'testprod');
    assert.deepEqual(slip.moved, [
      {
        handoff: 'fx-to-comp-sq010',
        title: 'FX elements for sq010',
        due: { before: '2027-01-22', after: '2027-02-01', workingDays: 6 },
        ready: { before: '2027-01-26', after: '2027-02-03', workingDays: 6 },
      },
    ]);
    assert.deepEqual(slip.milestones, [{ milestone: 'picture-lock', title: 'Picture lock', slackBefore: 8, slackAfter: 2, change: -6 }]);
    assert.deepEqual(slip.added, [{ handoff: 'comp-to-di-sq010', due: '2027-02-12', ready: '2027-02-16' }]);
    assert.deepEqual(slip.newlyCritical, ['comp-to-di-sq010']);
    assert.deepEqual(slip.removed, []);
  });

  it('compares against the working tree by default, from inside the spec folder', () => {
    const original = readFileSync(handoffsFile(), 'utf8');
    try {
      writeFileSync(handoffsFile(), original.replace('due: 2027-02-01', 'due: 2027-02-03'));
      unlinkSync(path.join(specs(), 'di.handoff.yaml'));
      const result = json(specs(), 'HEAD');
      assert.equal(result.to, null);
      const [slip] = result.productions;
      assert.deepEqual(
        slip.moved.map((entry) => [entry.handoff, entry.due]),
        [['fx-to-comp-sq010', { before: '2027-02-01', after: '2027-02-03', workingDays: 2 }]],
      );
      assert.deepEqual(
        slip.removed.map((entry) => entry.handoff),
        ['comp-to-di-sq010'],
      );
      const text = handoffIn(specs(), 'diff', 'HEAD');
      assert.equal(text.status, 0, text.stderr);
      const head = git('rev-parse', '--short=7', 'HEAD').trim();
      assert.equal(
        text.stdout,
        [
          `testprod: HEAD (${head}) → the working tree`,
          '  Slipped (1):',
          '    fx-to-comp-sq010  due 2027-02-01 → 2027-02-03 (+2 working days), ready 2027-02-03 → 2027-02-05 (+2 working days)',
          '  Milestone slack shrank (1):',
          '    picture-lock      slack 2 → 0 working days (-2)',
          '  Left the critical path (1): comp-to-di-sq010',
          '  Removed (1): comp-to-di-sq010',
          '  Latest ready date: 2027-02-16 → 2027-02-05 (-7 working days)',
          '',
        ].join('\n'),
      );
    } finally {
      writeFileSync(handoffsFile(), original);
      git('checkout', '--', 'specs/di.handoff.yaml');
    }
  });

  it('writes markdown for a pull-request comment', () => {
    const run = handoffIn(repo, 'diff', 'HEAD~1', 'HEAD', '--dir', 'specs', '--format', 'markdown');
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], '### Schedule changes in testprod');
    assert.ok(lines.includes("**1 handoff slipped**; `picture-lock` lost 6 working days of slack; the last handoff is ready 2027-02-16 (+15 working days)."), run.stdout);
    assert.ok(lines.includes('| `fx-to-comp-sq010` | 2027-01-22 → 2027-02-01 (**+6**) | 2027-01-26 → 2027-02-03 (**+6**) |'), run.stdout);
    assert.ok(lines.includes('| `picture-lock` | 8 | 2 | **-6** |'), run.stdout);
    assert.ok(lines.includes('- Added: `comp-to-di-sq010` (ready 2027-02-16)'), run.stdout);
  });

  it('says so when nothing changed', () => {
    const run = handoffIn(repo, 'diff', 'HEAD', 'HEAD', '--dir', 'specs');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^testprod: HEAD \([0-9a-f]{7}\) → HEAD \([0-9a-f]{7}\)\n {2}No schedule change\.\n$/);
  });

  it('explains misuse on one line with exit 2', () => {
    const unknown = handoffIn(repo, 'diff', 'no-such-branch', '--dir', 'specs');
    assert.equal(unknown.status, 2);
    assert.equal(unknown.stderr, "handoff: unknown revision 'no-such-branch'; name a commit, branch or tag, e.g. HEAD~1\n");
    const none = handoffIn(repo, 'diff');
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^handoff: 'diff' needs a revision/);
    withTempFolder('handoff-diff-none-', (folder) => {
      const outside = handoffIn(folder, 'diff', 'HEAD');
      assert.equal(outside.status, 2);
      assert.equal(outside.stderr, "handoff: '.' is not inside a git repository\n");
    });
    const option = handoffIn(repo, 'diff', '--', '--output=x');
    assert.equal(option.status, 2);
    assert.equal(option.stderr, "handoff: '--output=x' is not a revision\n");
  });
});
