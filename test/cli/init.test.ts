import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCliBundle, handoff, withTempFolder } from './cliProcess';

const TODAY = '2027-01-15';
const KINDS = ['glossary', 'handoff', 'production', 'risks', 'runbook', 'template'];

/** Every file under `folder`, relative and with `/` separators, sorted. */
function filesUnder(folder: string): string[] {
  const found: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else found.push(child);
    }
  };
  visit('');
  return found.sort();
}

function kindOf(file: string): string | undefined {
  return /\.(production|glossary|template|handoff|runbook|risks)\.ya?ml$/.exec(file)?.[1];
}

function assertOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n');
  assert.equal(lines.length, 2, `expected one line on stderr, got:\n${stderr}`);
  assert.equal(lines[1], '');
  assert.match(lines[0], /^handoff: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(stderr, /internal error/);
}

describe('cli: handoff init', function () {
  before(ensureCliBundle);

  it('creates one spec file of each of the six kinds in a fresh folder', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'my-show');
      const { status, stdout, stderr } = handoff('init', target, '--today', TODAY);
      assert.equal(status, 0, stderr);
      assert.equal(stderr, '');
      const files = filesUnder(target);
      assert.equal(files.length, 6, files.join('\n'));
      assert.deepEqual(files.map(kindOf).sort(), KINDS);
      // The folder's name is the production's id.
      assert.ok(files.includes('my-show.production.yaml'), files.join('\n'));
      assert.match(readFileSync(path.join(target, 'my-show.production.yaml'), 'utf8'), /^production: my-show$/m);
      // It says what it created, one line a file, and how to check it.
      const created = stdout.split('\n').filter((line) => line.startsWith('created '));
      assert.equal(created.length, 6, stdout);
      for (const file of files) assert.ok(created.some((line) => line.endsWith(file)), `'${file}' is not announced:\n${stdout}`);
      assert.match(stdout, /Production 'my-show' is ready\. Check it with: handoff check \S+/);
    });
  });

  it('creates a production that checks clean on the same day', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'my-show');
      assert.equal(handoff('init', target, '--today', TODAY).status, 0);

      const text = handoff('check', target, '--today', TODAY);
      assert.equal(text.status, 0, text.stdout + text.stderr);
      assert.equal(text.stderr, '');
      assert.ok(text.stdout.startsWith('0 errors, 0 warnings, 0 infos in 6 files.\n'), text.stdout);
      assert.match(text.stdout, /^Critical path of my-show \(2 handoffs, ready \d{4}-\d\d-\d\d\):$/m);

      const json = handoff('check', target, '--today', TODAY, '--format', 'json');
      assert.equal(json.status, 0);
      const report = JSON.parse(json.stdout) as { summary: unknown; diagnostics: unknown[] };
      assert.deepEqual(report.diagnostics, [], 'not even a suppressed finding');
      assert.deepEqual(report.summary, { errors: 0, warnings: 0, infos: 0, suppressed: 0, files: 6 });
    });
  });

  it('with --series adds a breakdown, a CSV shot list and a chain, and checks clean', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'my-series');
      const { status, stderr } = handoff('init', target, '--series', '--today', TODAY);
      assert.equal(status, 0, stderr);
      const files = filesUnder(target);
      for (const file of ['my-series.breakdown.yaml', 'editorial/shots.csv', 'handoffs/shots.handoff.yaml']) assert.ok(files.includes(file), files.join('\n'));
      assert.equal(files.length, 9, files.join('\n'));
      const check = handoff('check', target, '--today', TODAY);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.ok(check.stdout.startsWith('0 errors, 0 warnings, 0 infos in 8 files.\n'), check.stdout);
      // Four shots, two steps: eight instances. The first Monday two weeks after Fri 01-15 is
      // Mon 02-01, the pilot's turnover: render Mon 1, Tue 2; review Wed 3, Thu 4; comp asap
      // from Fri 02-05, 3 days: Fri 5, Mon 8, Tue 9.
      const schedule = handoff('schedule', target, '--format', 'csv');
      const rows = schedule.stdout.trimEnd().split('\n').filter((line) => line.includes(',shots,'));
      assert.equal(rows.length, 8, schedule.stdout);
      assert.ok(rows.includes('my-series,render-ep101_0010,2027-02-01,2027-02-02,2027-02-04,11,false,,ep101_0010,shots,render'), schedule.stdout);
      assert.ok(rows.some((row) => row.startsWith('my-series,comp-ep101_0010,2027-02-05,2027-02-09,2027-02-11,')), schedule.stdout);
      // Near miss: without --series there is no chain.
      const plain = path.join(folder, 'plain');
      assert.equal(handoff('init', plain, '--today', TODAY).status, 0);
      assert.ok(!filesUnder(plain).some((file) => file.endsWith('.breakdown.yaml')));
    });
  });

  it('takes the production id from --name', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'Season 2');
      const { status, stderr } = handoff('init', target, '--name', 'nightfall-s2', '--today', TODAY);
      assert.equal(status, 0, stderr);
      assert.ok(filesUnder(target).includes('nightfall-s2.production.yaml'), filesUnder(target).join('\n'));
      const check = handoff('check', target, '--today', TODAY);
      assert.equal(check.status, 0, check.stdout);
      assert.match(check.stdout, /^Critical path of nightfall-s2 /m);
    });
  });

  it('refuses to overwrite: a second init exits 2 and changes nothing', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'my-show');
      assert.equal(handoff('init', target, '--today', TODAY).status, 0);
      // An edit the user made after the first init.
      const production = path.join(target, 'my-show.production.yaml');
      writeFileSync(production, `${readFileSync(production, 'utf8')}# edited\n`);
      const before = new Map(filesUnder(target).map((file) => [file, readFileSync(path.join(target, file), 'utf8')]));

      const again = handoff('init', target, '--today', '2027-03-01');
      assert.equal(again.status, 2);
      assert.equal(again.stdout, '');
      assertOneClearLine(again.stderr, /'my-show\.production\.yaml' already exists in '.*'; init never overwrites a file$/);
      const after = new Map(filesUnder(target).map((file) => [file, readFileSync(path.join(target, file), 'utf8')]));
      assert.deepEqual(after, before);
    });
  });

  it('rejects a --name that is not a kebab-case id, creating nothing', () => {
    withTempFolder('handoff-init-', (folder) => {
      const target = path.join(folder, 'show');
      const { status, stdout, stderr } = handoff('init', target, '--name', 'Bad_Name', '--today', TODAY);
      assert.equal(status, 2);
      assert.equal(stdout, '');
      assertOneClearLine(stderr, /'Bad_Name' is not a usable production id; pass --name with a kebab-case id such as 'nightfall'$/);
      assert.equal(existsSync(target), false, 'init created the folder anyway');
    });
  });

  it('exits 2 with one clear line when the target is a file', () => {
    withTempFolder('handoff-init-', (folder) => {
      const file = path.join(folder, 'notes.txt');
      writeFileSync(file, 'not a folder\n');
      const { status, stderr } = handoff('init', file, '--name', 'my-show', '--today', TODAY);
      assert.equal(status, 2);
      assertOneClearLine(stderr, /notes\.txt/);
      assert.ok(statSync(file).isFile());
    });
  });

  it('creates a production that checks clean when --name is a word YAML reads as null or a boolean', () => {
    withTempFolder('handoff-init-', (folder) => {
      const unclean: string[] = [];
      for (const name of ['null', 'true', 'false']) {
        const target = path.join(folder, name);
        assert.equal(handoff('init', target, '--name', name, '--today', TODAY).status, 0, name);
        const check = handoff('check', target, '--today', TODAY);
        if (check.status !== 0 || !check.stdout.startsWith('0 errors, 0 warnings, 0 infos in 6 files.\n')) {
          unclean.push(`--name ${name}:\n${check.stdout.split('\n\n')[0]}`);
        }
      }
      assert.deepEqual(unclean, []);
    });
  });
});
