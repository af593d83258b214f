import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function handoff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli: handoff schedule', function () {
  before(function () {
    if (!existsSync(CLI)) {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `the CLI bundle did not build: ${build.stderr}`);
    }
  });

  it('checks the chains fixture clean', () => {
    const { status, stdout } = handoff('check', 'test/fixtures/chains', '--today', '2027-01-05');
    assert.equal(status, 0, stdout);
  });

  it('prints every handoff, instances included, with hand-worked dates as CSV', () => {
    // January 2027: Mon 11 .. Fri 15 | Mon 18 .. Fri 22 | Mon 25 .. Fri 29; Mon 01 .. Fri 05 February.
    // fx-<shot>: due Thu 01-14, 2 review days (Fri 15, Mon 18): ready Mon 01-18.
    // comp-<shot>: lag -1 moves that ready day to Fri 01-15, so comp starts Mon 01-18.
    //   ep101_0010, work 3: Mon 18, Tue 19, Wed 20 → due Wed 01-20, ready Fri 01-22.
    //   ep101_0020, work 5 (override): Mon 18 .. Fri 22 → due Fri 01-22, ready Tue 01-26.
    // picture-lock is Fri 02-05: slack of comp-ep101_0010 = working days after Fri 01-22 up to 02-05 = 10;
    //   of comp-ep101_0020 after Tue 01-26 = 8. fx-to-comp-sq010 (base) is due Fri 01-22, ready Tue 01-26.
    const { status, stdout, stderr } = handoff('schedule', 'test/fixtures/chains', '--format', 'csv');
    assert.equal(status, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'production,id,start,due,ready,slack,critical,milestone,unit,chain,step');
    // fx has a due date and no start. comp starts asap on Mon 01-18, the first day after fx's lagged
    // ready (Fri 01-15): a slip of fx moves comp along (DESIGN §7.7), so fx has comp's slack: 10.
    assert.ok(lines.includes('testprod,fx-ep101_0010,,2027-01-14,2027-01-18,10,false,,ep101_0010,northlight-shots,fx'), stdout);
    assert.ok(lines.includes('testprod,comp-ep101_0010,2027-01-18,2027-01-20,2027-01-22,10,false,picture-lock,ep101_0010,northlight-shots,comp'), stdout);
    assert.ok(lines.includes('testprod,comp-ep101_0020,2027-01-18,2027-01-22,2027-01-26,8,true,picture-lock,ep101_0020,northlight-shots,comp'), stdout);
    // ep101_0030 is another vendor's shot: no instance.
    assert.ok(!stdout.includes('ep101_0030'), stdout);
  });

  it('gives the same rows as JSON, and refuses an unknown format', () => {
    const { stdout } = handoff('schedule', 'test/fixtures/chains', '--format', 'json');
    const rows = (JSON.parse(stdout) as { handoffs: { id: string; unit?: string; ready?: string }[] }).handoffs;
    assert.deepEqual(rows.find((row) => row.id === 'comp-ep101_0020'), {
      production: 'testprod', id: 'comp-ep101_0020', start: '2027-01-18', due: '2027-01-22', ready: '2027-01-26', slack: 8, critical: true,
      milestone: 'picture-lock', unit: 'ep101_0020', chain: 'northlight-shots', step: 'comp',
    });
    const wrong = handoff('schedule', 'test/fixtures/chains', '--format', 'xml');
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /unknown --format 'xml'/);
  });
});
