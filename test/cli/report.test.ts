import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DeliveryReport } from '../../server/src/core/report';
import { escapeHtml } from '../../server/src/core/facade';
import { csvCell } from '../../server/src/cli/report';
import { parse } from 'csv-parse/sync';
import { ensureCliBundle, FIXTURES, handoff, withTempFolder } from './cliProcess';

const TODAY = '2027-01-27';
const FIXTURE = 'test/fixtures/report';

function json(dir = FIXTURE, today = TODAY): { today: string; productions: DeliveryReport[] } {
  const run = handoff('report', dir, '--today', today, '--format', 'json');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  return JSON.parse(run.stdout);
}

describe('handoff report', () => {
  before(ensureCliBundle);

  it('prints the figures per stage and department, late and at-risk handoffs', () => {
    const run = handoff('report', FIXTURE, '--today', TODAY);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'Delivery report of reportprod (Report Fixture) as of 2027-01-27');
    assert.ok(
      lines.includes('10 handoffs, 4 accepted. On time 40% (2/5); first pass 40% (2/5); revision cycles 0.75 mean, 2 max; median lead time 2.5 working days.'),
      run.stdout,
    );
    assert.ok(lines.includes('  layout → anim         2         2  50% (1/2)   50% (1/2)              1/2               4.5     0        0'), run.stdout);
    assert.ok(lines.includes('  anim               4         2  33% (1/3)   50% (1/2)            0.5/1               1.5     1        1'), run.stdout);
    assert.ok(lines.includes('  anim-to-fx-b  anim → fx  Submitted but not accepted 3 working days after its ready date 2027-01-22.'), run.stdout);
    assert.ok(lines.includes('  fx-to-anim-ref  fx → anim  blocked: Blocked.'), run.stdout);
    assert.ok(lines.includes('   6–10  ██████████████████████████████ 1'), run.stdout);
    assert.ok(!/Ana Ruiz|Lou Lane|\bpat\b/.test(run.stdout), 'the report names no person');
  });

  it('gives the same numbers as JSON', () => {
    const report = json();
    assert.equal(report.today, TODAY);
    const [production] = report.productions;
    assert.equal(production.production, 'reportprod');
    assert.deepEqual(
      production.stages.map((stage) => [stage.from, stage.to, stage.onTimeRate, stage.firstPassRate, stage.revisionCycles.mean, stage.leadTimeMedian]),
      [
        ['layout', 'anim', 0.5, 0.5, 1, 4.5],
        ['anim', 'comp', 0, 0, 1, 3],
        ['anim', 'fx', 0.5, 1, 0, 0],
        ['fx', 'comp', null, 0, null, null],
        ['fx', 'anim', null, null, null, null],
      ],
    );
    assert.deepEqual(
      production.late.map((entry) => [entry.handoff, entry.days]),
      [['anim-to-fx-b', 3]],
    );
    assert.equal(production.atRisk.length, 4);
  });

  it('writes CSV with a row per stage and per department, then one per late and per at-risk handoff', () => {
    const run = handoff('report', FIXTURE, '--today', TODAY, '--format', 'csv');
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trimEnd().split('\n');
    // 5 stages, 3 departments, 1 late handoff, 4 at-risk entries.
    assert.equal(rows.length, 1 + 5 + 3 + 1 + 4);
    assert.equal(
      rows[0],
      'production,scope,from,to,department,handoffs,submitted,accepted,on_time,on_time_basis,on_time_rate,first_pass,first_pass_basis,first_pass_rate,revision_cycles_mean,revision_cycles_max,revision_cycles_total,lead_time_median,lead_times,late,at_risk,unit,handoff,reason,why,ready,days',
    );
    assert.equal(rows[1], 'reportprod,stage,layout,anim,,2,2,2,1,2,0.5,1,2,0.5,1,2,2,4.5,2 7,0,0,,,,,,');
    assert.equal(rows[7], 'reportprod,department,,,anim,4,3,2,1,3,0.3333,1,2,0.5,0.5,1,1,1.5,0 3,1,1,,,,,,');
    // Parsed back as a spreadsheet would: the late and at-risk handoffs with why, ready and working days.
    const records = parse(run.stdout, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      records.filter((record) => record.scope === 'late').map((record) => [record.handoff, record.from, record.to, record.reason, record.ready, record.days]),
      [['anim-to-fx-b', 'anim', 'fx', 'late', '2027-01-22', '3']],
    );
    assert.deepEqual(
      records.filter((record) => record.scope === 'at_risk').map((record) => [record.handoff, record.reason, record.days]),
      [
        ['fx-to-comp-a', 'behind-schedule', '2'],
        ['fx-to-comp-b', 'not-started', '2'],
        ['fx-to-anim-ref', 'blocked', ''],
        ['anim-to-fx-c', 'unmitigated-risk', ''],
      ],
    );
    assert.equal(records.find((record) => record.handoff === 'fx-to-anim-ref')?.why, 'Blocked.');
  });

  it('rolls up the series example by episode, sequence and vendor in every format', () => {
    // examples/saltmarsh: four episodes of three sequences each; northlight and harbourfx are vendors.
    const run = handoff('report', 'examples/saltmarsh', '--today', TODAY, '--format', 'html');
    assert.equal(run.status, 0, run.stderr);
    const units = /<section class="table" data-table="units">([\s\S]*?)<\/section>/.exec(run.stdout)?.[1] ?? '';
    const keys = [...units.matchAll(/<tr data-key="([^"]+)">/g)].map((match) => match[1]);
    assert.equal(keys.filter((key) => !key.includes('/')).join(' '), 'ep101 ep102 ep103 ep104');
    assert.equal(keys.length, 4 + 4 * 3);
    assert.ok(keys.indexOf('ep101') < keys.indexOf('ep101/ep101_hbr') && keys.indexOf('ep101/ep101_hbr') < keys.indexOf('ep102'), 'a sequence follows its episode');
    assert.match(units, /<tr data-key="ep101\/ep101_hbr"><td class="name depth-1">/);
    const vendors = /<section class="table" data-table="vendors">([\s\S]*?)<\/section>/.exec(run.stdout)?.[1] ?? '';
    assert.deepEqual([...vendors.matchAll(/<tr data-key="([^"]+)">/g)].map((match) => match[1]), ['northlight', 'harbourfx']);
    const text = handoff('report', 'examples/saltmarsh', '--today', TODAY);
    assert.ok(text.stdout.includes('\nBy episode and sequence:\n') && text.stdout.includes('\nBy vendor (handoffs it delivers or receives):\n'), text.stdout);
    const csv = parse(handoff('report', 'examples/saltmarsh', '--today', TODAY, '--format', 'csv').stdout, { columns: true }) as Record<string, string>[];
    assert.deepEqual(csv.filter((record) => record.scope === 'vendor').map((record) => record.department), ['northlight', 'harbourfx']);
    assert.ok(csv.some((record) => record.scope === 'unit' && record.unit === 'ep104/ep104_tide'));
  });

  it('quotes CSV cells and defuses formulas', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('-3'), '-3');
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  });

  it('writes a standalone HTML page with a strict policy and no script', () => {
    withTempFolder('handoff-report-', (folder) => {
      const out = path.join(folder, 'report.html');
      const run = handoff('report', FIXTURE, '--today', TODAY, '--format', 'html', '--out', out);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '');
      const html = readFileSync(out, 'utf8');
      const csp = /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)'">/.exec(html);
      assert.ok(csp, 'a strict CSP');
      assert.ok(html.includes(`<style nonce="${csp[1]}">`));
      assert.ok(!/<script|<link|<img|https?:\/\/(?!www\.w3\.org\/2000\/svg|json\.schemastore|github\.com)/i.test(html), 'nothing to run or load');
      assert.equal((html.match(/<figure class="chart"/g) ?? []).length, 5);
      const again = handoff('report', FIXTURE, '--today', TODAY, '--format', 'html');
      assert.notEqual(/nonce-([^']+)/.exec(again.stdout)![1], csp[1], 'a fresh nonce per page');
    });
  });

  it('escapes hostile spec text in the HTML page', () => {
    assert.equal(escapeHtml(`<script>alert('x')</script> & "q"`), '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;');
    withTempFolder('handoff-report-', (folder) => {
      const hostile = '</title><script>alert(1)</script><img src=x onerror="alert(2)">';
      const production = readFileSync(path.join(FIXTURES, 'report', 'report.production.yaml'), 'utf8')
        .replace('title: Report Fixture', `title: '${hostile}'`)
        .replace('name: Animation', `name: '${hostile}'`);
      const files: Record<string, string> = { 'report.production.yaml': production };
      for (const name of ['report.glossary.yaml', 'frames.template.yaml', 'report.risks.yaml', 'shots.handoff.yaml']) {
        files[name] = readFileSync(path.join(FIXTURES, 'report', name), 'utf8');
      }
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
      const run = handoff('report', folder, '--today', TODAY, '--format', 'html');
      assert.equal(run.status, 0, run.stderr);
      assert.ok(!run.stdout.includes('<script'), 'no script element');
      assert.ok(!run.stdout.includes('<img'), 'no image element');
      assert.ok(run.stdout.includes('&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;'));
    });
  });

  it('rejects an unknown format and a folder without a production', () => {
    const format = handoff('report', FIXTURE, '--format', 'pdf');
    assert.equal(format.status, 2);
    assert.equal(format.stderr, "handoff: unknown --format 'pdf'; use one of text, json, html, csv\n");
    withTempFolder('handoff-report-', (folder) => {
      writeFileSync(path.join(folder, 'a.handoff.yaml'), 'handoffs: []\n');
      const run = handoff('report', folder);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^handoff: no \*\.production\.yaml under '.*'; the report needs a production's calendar and departments\n$/);
    });
  });

  it('reports on the example production', () => {
    const [nightfall] = json('examples/nightfall', '2027-01-15').productions;
    assert.deepEqual(
      [nightfall.totals.handoffs, nightfall.totals.accepted, nightfall.totals.onTime, nightfall.totals.onTimeBasis, nightfall.totals.revisionCycles.max],
      [35, 11, 10, 11, 2],
    );
    assert.deepEqual(nightfall.late, []);
    // check passes the example (every high-risk handoff has its contingency plan and escalation path, no risk is
    // stale), so nothing is at risk for its risk: report uses the same facts as check. Before, its high-risk
    // handoffs without a risk-log entry were listed as 'unmitigated-risk'.
    assert.deepEqual(nightfall.atRisk, []);
  });
});
