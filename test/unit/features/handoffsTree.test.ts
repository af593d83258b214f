// What the editor's Handoffs view lists, from the status summary of the
// hand-worked week of test/fixtures/status (see test/cli/status.test.ts for
// how each handoff lands where it does): today Wednesday 2027-01-20, week
// 2027-W03 (Monday 01-18 to Sunday 01-24).
import * as assert from 'node:assert/strict';
import { handoffsTree, type HandoffsTreeGroup } from '../../../client/src/handoffsTree';
import { parseDate } from '../../../server/src/core/calendar';
import { statusPeriod, statusSummary, type StatusSummary } from '../../../server/src/core/features/status';
import { fixtureFiles, workspaceOf } from '../../harness';

const TODAY = parseDate('2027-01-20')!;

function summaryOf(changes: Record<string, string | null> = {}, range?: { week?: string }): StatusSummary {
  const workspace = workspaceOf(changes, 'status');
  const production = workspace.productions().find((p) => p.production !== undefined)!;
  return statusSummary(production, TODAY, statusPeriod(TODAY, range)!);
}

const labels = (group: HandoffsTreeGroup | undefined) => group?.items.map((item) => item.label);
const groupOf = (groups: HandoffsTreeGroup[], id: HandoffsTreeGroup['id']) => groups.find((group) => group.id === id);

describe('Handoffs view', () => {
  it('lists this week, late, at risk and open actions of the hand-worked week', () => {
    const groups = handoffsTree(summaryOf());
    assert.deepEqual(groups.map((group) => group.label), ['This week (2027-W03)', 'Late', 'At risk', 'Open actions']);
    // Due in the week, by due date: sq010 Tue 01-19, sq050 Wed 01-20 (accepted), sq030 Fri 01-22.
    const week = groupOf(groups, 'week')!;
    assert.deepEqual(labels(week), ['layout-to-anim-sq010', 'layout-to-anim-sq050', 'anim-to-comp-sq030']);
    assert.deepEqual(week.items.map((item) => item.description), [
      'Tue 01-19 · layout → anim · Cameras for sq010',
      'Wed 01-20 · layout → anim · accepted · Cameras for sq050',
      'Fri 01-22 · anim → comp · Animation sq030',
    ]);
    assert.equal(week.items[1].done, true);
    // Late: sq020, ready Tue 01-12 and still undecided six working days on.
    const late = groupOf(groups, 'late')!;
    assert.deepEqual(labels(late), ['layout-to-comp-sq020']);
    assert.equal(late.items[0].description, 'Submitted but not accepted 6 working days after its ready date 2027-01-12.');
    assert.equal(late.items[0].warning, true);
    // At risk: sq010 (behind schedule, due 01-19), sq040 (still planned, due 01-26); then the blocked ref.
    assert.deepEqual(labels(groupOf(groups, 'atRisk')), ['layout-to-anim-sq010', 'anim-to-comp-sq040', 'comp-to-layout-ref']);
    assert.equal(groupOf(groups, 'atRisk')!.items[2].warning, true, 'blocked shows a warning');
    // The journal's one open action: ana's, due Friday 01-15, overdue on 01-20.
    const actions = groupOf(groups, 'actions')!;
    assert.deepEqual(actions.items.map((item) => [item.label, item.description, item.warning]), [['Add lens data to the camera export', 'ana · due Fri 01-15 · overdue', true]]);
  });

  it('points each entry at its YAML: a handoff at its id, an action at its entry', () => {
    const groups = handoffsTree(summaryOf());
    const text = fixtureFiles('status')['sq.handoff.yaml'];
    const lineOfId = text.split('\n').findIndex((line) => line.includes('id: layout-to-comp-sq020'));
    const late = groupOf(groups, 'late')!.items[0];
    assert.match(late.source.uri, /sq\.handoff\.yaml$/);
    assert.equal(late.source.range.start.line, lineOfId);
    const action = groupOf(groups, 'actions')!.items[0];
    assert.match(action.source.uri, /status\.journal\.yaml$/);
    const journal = fixtureFiles('status')['status.journal.yaml'].split('\n');
    assert.match(journal[action.source.range.start.line], /Add lens data to the camera export/);
  });

  it('has no open-actions group without a journal, and an empty week says so', () => {
    const groups = handoffsTree(summaryOf({ 'status.journal.yaml': null }, { week: '2027-W10' }));
    assert.deepEqual(groups.map((group) => group.id), ['week', 'late', 'atRisk']);
    assert.equal(groups[0].label, 'This week (2027-W10)');
    assert.deepEqual(groups[0].items, []);
    assert.equal(groups[0].empty, 'Nothing is due in this period.');
    // Late and at risk are as of today, whatever the week.
    assert.deepEqual(labels(groups[1]), ['layout-to-comp-sq020']);
  });
});
