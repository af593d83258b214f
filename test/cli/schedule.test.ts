import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

  describe('the saltmarsh series example', () => {
    it('checks clean: 240 shots from the CSV, two vendors, 1,200 instances', () => {
      const check = handoff('check', 'examples/saltmarsh', '--today', '2027-01-15');
      assert.equal(check.status, 0, check.stdout);
      assert.ok(check.stdout.startsWith('0 errors, 0 warnings, 0 infos in 3 files.\n'), check.stdout);
      const rows = (JSON.parse(handoff('schedule', 'examples/saltmarsh', '--format', 'json').stdout) as { handoffs: { id: string; unit?: string; step?: string }[] }).handoffs;
      assert.equal(rows.length, 1200);
      assert.equal(new Set(rows.map((row) => row.unit)).size, 240);
      const csv = readFileSync(path.join(ROOT, 'examples', 'saltmarsh', 'editorial', 'saltmarsh-shots.csv'), 'utf8');
      const vendors = new Set(csv.trimEnd().split('\n').slice(1).map((line) => line.split(',')[4]));
      assert.deepEqual([...vendors].sort(), ['harbourfx', 'northlight']);
    });

    it('prints exactly the dates its README works out by hand for one shot', () => {
      // The table "One shot's chain, by hand" in examples/saltmarsh/README.md: a London shot
      // across Good Friday and Easter Monday, reviewed in Vancouver.
      const readme = readFileSync(path.join(ROOT, 'examples', 'saltmarsh', 'README.md'), 'utf8');
      const byHand = readme
        .split('\n')
        .map((line) => /^\| \d \| `([a-z0-9_-]+)` \| (\S+) \| (\S+) \| (\S+) \|/.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => match.slice(1, 5));
      assert.deepEqual(byHand, [
        ['plates-ep104_return_0010', '2027-03-18', '2027-03-19', '2027-03-23'],
        ['temp-comp-ep104_return_0010', '2027-03-24', '2027-03-30', '2027-04-01'],
        ['notes-ep104_return_0010', '2027-04-02', '2027-04-02', '2027-04-02'],
        ['final-comp-ep104_return_0010', '2027-04-05', '2027-04-08', '2027-04-12'],
        ['conform-ep104_return_0010', '2027-04-12', '2027-04-12', '2027-04-14'],
      ]);
      const { stdout } = handoff('schedule', 'examples/saltmarsh', '--format', 'csv');
      const printed = stdout.split('\n').filter((line) => line.includes(',ep104_return_0010,'));
      // Slack 2: lock-ep104 is Fri 04-16, two working days after the conform is ready; every step moves along.
      assert.deepEqual(printed, byHand.map(([id, start, due, ready]) => {
        const step = id.replace('-ep104_return_0010', '');
        return `saltmarsh,${id},${start},${due},${ready},2,true,${step === 'conform' ? 'lock-ep104' : ''},ep104_return_0010,vendor-shots,${step}`;
      }));
    });
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
