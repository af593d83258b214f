// Misuse of every folder-reading command (check.test.ts covers the rest for
// `check`): unreadable folders and files, missing folders, a folder with no
// production, and two production files governing one folder. Each exits 2
// with one line on stderr that says why, and never a stack trace.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CLI, ensureCliBundle, FIXTURES } from './cliProcess';

const TODAY = '2027-01-15';
/** Permissions mean nothing to root: the CLI then runs as `nobody`, as a CI runner's user would. */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function handoffAt(cwd: string, args: string[]): Run {
  const result = spawnSync(process.execPath, [CLI, ...args, '--today', TODAY], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1' },
    ...(AS_ROOT ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertMisuse(run: Run, pattern: RegExp, what: string): void {
  const lines = run.stderr.split('\n');
  assert.equal(run.status, 2, `${what}: exit ${run.status}\n${run.stderr}${run.stdout}`);
  assert.equal(lines.length, 2, `${what}: expected one line on stderr, got:\n${run.stderr}`);
  assert.match(lines[0], pattern, what);
  assert.doesNotMatch(run.stderr, /internal error|\bat .+:\d+:\d+\)?$/m, `${what}: a stack trace`);
  assert.equal(run.stdout, '', `${what}: printed output`);
}

describe('cli: misuse of the folder-reading commands', function () {
  this.timeout(60_000);
  let root = '';

  // Unreadable files and folders are made with POSIX permissions (and a run as another user): the suite runs on Linux.
  before(() => {
    ensureCliBundle();
    root = mkdtempSync(path.join(tmpdir(), 'handoff-misuse-'));
    chmodSync(root, 0o755);
    const base = path.join(FIXTURES, 'base');
    // A production whose folder cannot be listed.
    cpSync(base, path.join(root, 'locked'), { recursive: true });
    // A production with one handoff file nobody may read.
    cpSync(base, path.join(root, 'one-locked'), { recursive: true });
    // Handoffs and a template, and no production anywhere.
    mkdirSync(path.join(root, 'no-production'));
    cpSync(path.join(base, 'sq010.handoff.yaml'), path.join(root, 'no-production', 'sq010.handoff.yaml'));
    cpSync(path.join(base, 'fx-elements.template.yaml'), path.join(root, 'no-production', 'fx-elements.template.yaml'));
    // Two production files in one folder.
    cpSync(base, path.join(root, 'two-productions'), { recursive: true });
    writeFileSync(path.join(root, 'two-productions', 'other.production.yaml'), 'production: otherprod\ntitle: Other Production\n');
    mkdirSync(path.join(root, 'deliveries'));
    chmodSync(path.join(root, 'one-locked', 'sq010.handoff.yaml'), 0o000);
    chmodSync(path.join(root, 'locked'), 0o000);
  });

  after(() => {
    if (!root) return;
    chmodSync(path.join(root, 'locked'), 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  const COMMANDS: [string, string[]][] = [
    ['check', []],
    ['graph', []],
    ['timeline', ['--out', 'timeline.html']],
    ['report', []],
  ];

  for (const [command, extra] of COMMANDS) {
    it(`${command}: a folder it may not read`, () => {
      assertMisuse(handoffAt(root, [command, 'locked', ...extra]), /^handoff: cannot read the folder 'locked': permission denied$/, command);
    });

    it(`${command}: a spec file it may not read (its production's results would be wrong without it)`, () => {
      assertMisuse(
        handoffAt(root, [command, 'one-locked', ...extra]),
        /^handoff: cannot read 'one-locked\/sq010\.handoff\.yaml': permission denied$/,
        command,
      );
    });

    if (command !== 'check') {
      // check's missing folder and two productions are in check.test.ts (the latter is a finding there, exit 1).
      it(`${command}: a missing folder`, () => {
        assertMisuse(handoffAt(root, [command, 'no-such-folder', ...extra]), /^handoff: no such folder 'no-such-folder'$/, command);
      });

      it(`${command}: two production files governing one folder`, () => {
        assertMisuse(
          handoffAt(root, [command, 'two-productions', ...extra]),
          /^handoff: two production files govern one folder: 'two-productions\/other\.production\.yaml' and 'two-productions\/test\.production\.yaml'; merge them or move one into its own folder/,
          command,
        );
      });
    }

    if (command !== 'graph') {
      // A graph needs no calendar: it draws handoffs that no production governs.
      it(`${command}: a folder with no production`, () => {
        assertMisuse(handoffAt(root, [command, 'no-production', ...extra]), /^handoff: no \*\.production\.yaml under 'no-production'/, command);
      });
    }
  }

  it('audit: a spec folder with two production files', () => {
    assertMisuse(handoffAt(root, ['audit', 'deliveries', '--production', 'two-productions']), /^handoff: two production files govern one folder/, 'audit');
  });

  it('audit: a spec folder it may not read', () => {
    assertMisuse(handoffAt(root, ['audit', 'deliveries', '--production', 'locked']), /^handoff: cannot read the folder 'locked': permission denied$/, 'audit');
  });
});
