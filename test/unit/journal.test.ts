// The journal (DESIGN §7.5): decisions and post-mortems in *.journal.yaml,
// open-action, references from actions, hovers and the report's open actions.
// Today is 2027-01-15 (the harness default).
import * as assert from 'node:assert/strict';
import { parseDate } from '../../server/src/core/calendar';
import { hover } from '../../server/src/core/features/hover';
import { deliveryReport } from '../../server/src/core/report';
import { check, where, workspaceOf } from '../harness';
import { inBaseFile } from './features/cursor';

const JOURNAL = `decisions:
  - { id: d-001, date: 2027-01-11, by: dana, summary: Deliver sq010 FX in two batches,
      affects: [fx-to-comp-sq010], status: approved }
  - { id: d-002, date: 2027-01-13, by: dana, summary: One batch after all, affects: [fx-to-comp-sq010],
      status: approved, supersedes: d-001 }
postmortems:
  - id: pm-sq010-sims
    date: 2027-01-12
    handoffs: [fx-sim-sq010]
    findings: [Sim caches arrived without frame ranges]
    actions:
      - { do: Add a frame-range check to the template, owner: ben, due: 2027-01-14, updates: fx-elements, done: false }
      - { do: Add a publish step to the runbook, owner: chloe, due: 2027-01-15, updates: fx-delivery }
      - { do: Tell the vendors, owner: dana, due: 2027-01-08, done: true }
`;

describe('journal', () => {
  it('a journal file checks clean: decisions, post-mortems, actions updating a template and a runbook', () => {
    const results = check({ 'test.journal.yaml': JOURNAL });
    assert.deepEqual(results.filter((r) => r.file === 'test.journal.yaml' && r.rule !== 'open-action').map((r) => `${r.rule} ${r.line}:${r.column} ${r.message}`), []);
  });

  it('open-action: due before today and not done, at the due value; due today and done ones stay silent', () => {
    const results = check({ 'test.journal.yaml': JOURNAL });
    // Line 12: the first action, due Thu 2027-01-14, the day before today, done: false.
    assert.deepEqual(where(results, 'open-action'), ['test.journal.yaml:12:73']);
    const finding = results.find((r) => r.rule === 'open-action')!;
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      "Action 'Add a frame-range check to the template' (owner ben) of post-mortem 'pm-sq010-sims' was due 2027-01-14 and is not done; do it and set 'done: true', or agree a new due date.",
    );
  });

  it('an action naming an unknown template is an unknown reference, with did-you-mean', () => {
    const results = check({ 'test.journal.yaml': JOURNAL.replace('updates: fx-elements', 'updates: fx-element') });
    assert.deepEqual(where(results, 'unknown-reference'), ['test.journal.yaml:12:94']);
    assert.match(results.find((r) => r.rule === 'unknown-reference')!.message, /fx-element.*fx-elements/);
  });

  it('an unknown decision in supersedes and an unknown handoff in affects are unknown references', () => {
    const results = check({ 'test.journal.yaml': JOURNAL.replace('supersedes: d-001', 'supersedes: d-009').replace('affects: [fx-to-comp-sq010], status: approved }', 'affects: [fx-to-comp-sq011], status: approved }') });
    assert.deepEqual(where(results, 'unknown-reference'), ['test.journal.yaml:3:17', 'test.journal.yaml:5:37']);
  });

  it('hover on a template lists the post-mortem actions that changed it', () => {
    const cursor = inBaseFile('fx-elements.template.yaml', 'template: fx-ele|ments', { 'test.journal.yaml': JOURNAL });
    const result = hover(cursor.workspace, cursor.uri, cursor.offset)!;
    assert.match(result.contents, /changed by post-mortem `pm-sq010-sims`: Add a frame\\?-range check to the template \(open, due 2027-01-14, ben\)/);
    const runbook = inBaseFile('fx-delivery.runbook.yaml', 'runbook: fx-deli|very', { 'test.journal.yaml': JOURNAL });
    assert.match(hover(runbook.workspace, runbook.uri, runbook.offset)!.contents, /changed by post-mortem `pm-sq010-sims`: Add a publish step to the runbook \(open, due 2027-01-15, chloe\)/);
  });

  it('the report lists the open actions', () => {
    const [production] = workspaceOf({ 'test.journal.yaml': JOURNAL }).productions();
    const report = deliveryReport(production, parseDate('2027-01-15')!);
    assert.deepEqual(report.openActions, [
      { postmortem: 'pm-sq010-sims', do: 'Add a frame-range check to the template', owner: 'ben', due: '2027-01-14', daysOverdue: 1, updates: 'fx-elements' },
    ]);
  });
});

describe('future-date on the journal', () => {
  it('a decision and a post-mortem dated after today, at their dates; dated today stays silent', () => {
    // Today is 2027-01-15: d-002 moved to 01-16 and the post-mortem to 01-20 are in the future; d-001 on 01-15 is not.
    const journal = JOURNAL.replace('date: 2027-01-13', 'date: 2027-01-16').replace('date: 2027-01-12', 'date: 2027-01-20').replace('date: 2027-01-11', 'date: 2027-01-15');
    const results = check({ 'test.journal.yaml': journal });
    assert.deepEqual(where(results, 'future-date'), ['test.journal.yaml:4:24', 'test.journal.yaml:8:11']);
    assert.match(results.find((r) => r.rule === 'future-date')!.message, /^Decision 'd-002' is dated 2027-01-16, after today \(2027-01-15\)/);
  });
});
