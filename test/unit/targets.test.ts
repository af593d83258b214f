// Targets against the report's figures, with the trend by month, and units
// delivered (DESIGN §7.5). Base production (Mon–Fri, holiday 2027-01-01,
// review buffer 2), today Mon 2027-02-15, three handoffs worked by hand:
//   a: due Fri 01-08 → ready Tue 01-12; submitted 01-08, accepted Mon 01-11:
//      on time (Jan), first pass (decided Jan), 0 cycles (Jan).
//   b: due Fri 01-22 → ready Tue 01-26; rejected Mon 01-25, accepted Tue 02-02:
//      late (Feb), not first pass (decided Jan), 1 cycle (Feb).
//   c: due Fri 02-05 → ready Tue 02-09; accepted Mon 02-08:
//      on time (Feb), first pass (Feb), 0 cycles (Feb).
// on-time 2/3 (Jan 1/1, Feb 1/2) against 0.9: below;
// first pass 2/3 (Jan 1/2, Feb 1/1) against 0.8: below;
// revision cycles 1/3 (Jan 0, Feb 1/2) against 1.5: met (fewer is better).
import * as assert from 'node:assert/strict';
import { reportText } from '../../server/src/cli/report';
import { renderReportPage } from '../../server/src/core/features/reportPage';
import { parseDate } from '../../server/src/core/calendar';
import { deliveryReport } from '../../server/src/core/report';
import { check, edit, workspaceOf } from '../harness';

const item = (id: string, start: string, due: string, history: string[]) =>
  [
    `  - id: ${id}`,
    '    from: fx',
    '    to: comp',
    '    owner: dana',
    '    contact: ben',
    `    start: ${start}`,
    `    due: ${due}`,
    '    done_when: [All shots delivered at v001 or later]',
    '    history:',
    ...history.map((line) => `      - ${line}`),
  ].join('\n');

const HANDOFFS = [
  'handoffs:',
  item('a', '2027-01-04', '2027-01-08', ['{ date: 2027-01-08, event: submitted, version: 1, units: [ep101, ep102] }', '{ date: 2027-01-11, event: accepted, by: chloe, units: [ep101] }']),
  item('b', '2027-01-18', '2027-01-22', [
    '{ date: 2027-01-22, event: submitted, version: 1 }',
    '{ date: 2027-01-25, event: rejected, by: chloe, reason: Wrong frame range }',
    '{ date: 2027-01-27, event: submitted, version: 2 }',
    '{ date: 2027-02-02, event: accepted, by: chloe }',
  ]),
  item('c', '2027-02-01', '2027-02-05', ['{ date: 2027-02-05, event: submitted, version: 1 }', '{ date: 2027-02-08, event: accepted, by: chloe }']),
  '',
].join('\n');

const CHANGES = {
  'sq010.handoff.yaml': HANDOFFS,
  ...edit('test.production.yaml', 'review_buffer: 2', 'review_buffer: 2\ntargets: { on_time_rate: 0.9, first_pass_rate: 0.8, revision_cycles: 1.5 }'),
};

describe('targets and units in the report', () => {
  const report = () => deliveryReport(workspaceOf(CHANGES).productions()[0], parseDate('2027-02-15')!);

  it('the production file takes targets; history events take units', () => {
    const results = check(CHANGES).filter((r) => r.rule === 'schema');
    assert.deepEqual(results.map((r) => `${r.file}:${r.line}:${r.column} ${r.message}`), []);
  });

  it('each figure against its target, with its trend by month', () => {
    const round = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
    assert.deepEqual(
      report().targets.map((t) => ({ figure: t.figure, target: t.target, actual: round(t.actual), met: t.met, trend: t.trend.map((p) => `${p.month} ${round(p.value)}/${p.basis}`) })),
      [
        { figure: 'on_time_rate', target: 0.9, actual: 0.667, met: false, trend: ['2027-01 1/1', '2027-02 0.5/2'] },
        { figure: 'first_pass_rate', target: 0.8, actual: 0.667, met: false, trend: ['2027-01 0.5/2', '2027-02 1/1'] },
        { figure: 'revision_cycles', target: 1.5, actual: 0.333, met: true, trend: ['2027-01 0/1', '2027-02 0.5/2'] },
      ],
    );
  });

  it('counts the units named by submissions and acceptances', () => {
    assert.deepEqual(report().units, { submitted: 2, accepted: 1, byHandoff: [{ handoff: 'a', submitted: ['ep101', 'ep102'], accepted: ['ep101'] }] });
  });

  it('prints the targets as text and draws them in the HTML page; no targets, no section', () => {
    const text = reportText(report());
    assert.match(text, /on-time rate {5}67% \(target 90%\): below target; by month: 2027-01 100% · 2027-02 50%/);
    assert.match(text, /revision cycles {2}0\.33 \(target 1\.5\): met/);
    assert.match(text, /Units: 1 accepted, 2 submitted/);
    const page = renderReportPage([report()], { nonce: 'abc' });
    assert.match(page, /data-chart="target-on_time_rate" data-met="false"/);
    assert.match(page, /<g class="month" data-month="2027-02" data-value="0.5">/);
    const plain = deliveryReport(workspaceOf({ 'sq010.handoff.yaml': HANDOFFS }).productions()[0], parseDate('2027-02-15')!);
    assert.deepEqual(plain.targets, []);
    assert.doesNotMatch(reportText(plain), /Against targets/);
  });
});
