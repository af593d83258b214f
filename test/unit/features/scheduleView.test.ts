import * as assert from 'node:assert/strict';
import { formatDate } from '../../../server/src/core/calendar';
import { scheduleView, UNKNOWN_DEPARTMENT_LANE, type ScheduleView } from '../../../server/src/core/features/scheduleView';
import { sourceRef } from '../../../server/src/core/features/sourceRef';
import type { ProductionModel } from '../../../server/src/core/production';
import { DEFAULT_TODAY, edit, uriOf, workspaceOf } from '../../harness';

function productionWith(changes: Record<string, string | null> = {}): ProductionModel {
  return workspaceOf(changes).productionOf(uriOf('test.production.yaml'))!;
}

function viewOf(changes: Record<string, string | null> = {}): ScheduleView {
  return scheduleView(productionWith(changes), DEFAULT_TODAY);
}

const handoffIn = (view: ScheduleView, id: string) => view.handoffs.find((handoff) => handoff.id === id)!;

describe('scheduleView', () => {
  it('describes the base production: calendar, lanes, handoffs, milestones, critical path and range', () => {
    const view = viewOf();
    assert.deepEqual(view.production, {
      id: 'testprod',
      title: 'Test Production',
      source: { uri: uriOf('test.production.yaml'), range: { start: { line: 0, character: 12 }, end: { line: 0, character: 20 } } },
    });
    assert.equal(view.today, DEFAULT_TODAY);
    assert.deepEqual(view.calendar, { workdays: ['mon', 'tue', 'wed', 'thu', 'fri'], holidays: ['2027-01-01'] });
    assert.deepEqual(
      view.departments.map(({ id, name, color }) => ({ id, name, color })),
      [
        { id: 'fx', name: 'FX', color: '#61afef' },
        { id: 'comp', name: 'Compositing', color: '#98c379' },
      ],
    );
    assert.equal(view.departments[0].source!.range.start.line, 8);

    const sim = handoffIn(view, 'fx-sim-sq010');
    assert.deepEqual(
      { ...sim, source: undefined },
      {
        id: 'fx-sim-sq010',
        title: 'FX sim caches for sq010',
        from: 'fx',
        to: 'comp',
        lane: 'fx',
        start: '2027-01-04',
        due: '2027-01-08',
        ready: '2027-01-12',
        workDays: 5,
        bufferDays: 2,
        slack: sim.slack,
        critical: sim.critical,
        status: 'accepted',
        dependsOn: [],
        template: 'fx-elements',
        source: undefined,
      },
    );
    assert.deepEqual(sim.source, { uri: uriOf('sq010.handoff.yaml'), range: { start: { line: 1, character: 8 }, end: { line: 1, character: 20 } } });

    const comp = handoffIn(view, 'fx-to-comp-sq010');
    assert.equal(comp.start, '2027-01-13');
    assert.equal(comp.due, '2027-01-22');
    assert.equal(comp.ready, '2027-01-26');
    assert.deepEqual(comp.dependsOn, ['fx-sim-sq010']);
    assert.equal(comp.feeds, 'picture-lock');
    assert.equal(comp.riskLevel, 'high');
    assert.equal(comp.status, 'in_progress');
    assert.equal(comp.conflict, undefined);
    assert.equal(comp.overrun, undefined);

    assert.deepEqual(
      view.milestones.map(({ source, ...rest }) => rest),
      [{ id: 'picture-lock', title: 'Picture lock', date: '2027-02-05', slack: comp.slack }],
    );
    assert.equal(view.milestones[0].source.uri, uriOf('test.production.yaml'));
    assert.deepEqual(view.range, { first: '2027-01-04', last: '2027-02-05' });
    assert.deepEqual(view.criticalPath, ['fx-sim-sq010', 'fx-to-comp-sq010']);
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view, 'plain JSON data');
  });

  it('carries the dates, slack and critical flags of the schedule model', () => {
    const production = productionWith({
      'more.handoff.yaml': [
        'handoffs:',
        '  - { id: by-work, from: comp, to: di, work: 3, due: 2027-02-02, depends_on: [fx-to-comp-sq010], review_buffer: 0 }',
        '  - { id: no-dates, from: comp, to: di }',
        '',
      ].join('\n'),
    });
    const view = scheduleView(production, DEFAULT_TODAY);
    const schedule = production.schedule;
    assert.equal(view.handoffs.length, schedule.handoffs.size);
    const iso = (day: number | undefined) => (day === undefined ? undefined : formatDate(day));
    for (const handoff of view.handoffs) {
      const model = schedule.handoffs.get(handoff.id)!;
      assert.equal(handoff.start, iso(model.start), handoff.id);
      assert.equal(handoff.due, iso(model.due), handoff.id);
      assert.equal(handoff.ready, iso(model.ready), handoff.id);
      assert.equal(handoff.workDays, model.workDays, handoff.id);
      assert.equal(handoff.bufferDays, model.bufferDays, handoff.id);
      assert.equal(handoff.slack, model.slack, handoff.id);
      assert.equal(handoff.critical, model.critical, handoff.id);
    }
    // `work: 3` ending Tuesday 2 February: Friday 29, Monday 1, Tuesday 2.
    assert.equal(handoffIn(view, 'by-work').start, '2027-01-29');
    assert.equal(handoffIn(view, 'by-work').ready, '2027-02-02');
    assert.equal(handoffIn(view, 'no-dates').start, undefined);
    assert.ok(!('start' in handoffIn(view, 'no-dates')), 'absent dates are left out, not null');
    assert.deepEqual(view.criticalPath, schedule.criticalPath);
  });

  it('reports conflicts and milestone overruns on the handoff', () => {
    const view = viewOf({
      ...edit('sq010.handoff.yaml', 'start: 2027-01-13', 'start: 2027-01-11'),
      ...edit('test.production.yaml', 'date: 2027-02-05', 'date: 2027-01-20'),
    });
    const comp = handoffIn(view, 'fx-to-comp-sq010');
    // fx-sim is ready Tuesday 12, so the earliest start is Wednesday 13: Monday 11 is 2 working days early.
    assert.deepEqual(comp.conflict, [{ upstream: 'fx-sim-sq010', missingWorkingDays: 2, earliestStart: '2027-01-13' }]);
    // Ready Tuesday 26 against Wednesday 20: Thursday 21, Friday 22, Monday 25, Tuesday 26.
    assert.deepEqual(comp.overrun, { milestone: 'picture-lock', lateWorkingDays: 4 });
  });

  it('puts handoffs without a known department in one synthetic lane, last', () => {
    const view = viewOf({
      'more.handoff.yaml': [
        'handoffs:',
        '  - { id: orphan, to: comp, due: 2027-02-01 }',
        '  - { id: stranger, from: lighting, to: comp, due: 2027-02-01 }',
        '',
      ].join('\n'),
    });
    assert.deepEqual(view.departments.map((department) => department.id), ['fx', 'comp', UNKNOWN_DEPARTMENT_LANE]);
    const lane = view.departments[2];
    assert.equal(lane.synthetic, true);
    assert.equal(lane.source, undefined);
    assert.equal(handoffIn(view, 'orphan').lane, UNKNOWN_DEPARTMENT_LANE);
    assert.equal(handoffIn(view, 'stranger').lane, UNKNOWN_DEPARTMENT_LANE);
    assert.equal(handoffIn(view, 'stranger').from, 'lighting');
    assert.equal(viewOf().departments.some((department) => department.synthetic), false);
  });

  it('works for files no production governs', () => {
    const workspace = workspaceOf({ 'test.production.yaml': null });
    const view = scheduleView(workspace.productionOf(uriOf('sq010.handoff.yaml'))!, DEFAULT_TODAY);
    assert.equal(view.production.id, '');
    assert.deepEqual(view.calendar.holidays, []);
    assert.equal(view.handoffs.length, 2);
    assert.ok(view.handoffs.every((handoff) => handoff.lane === UNKNOWN_DEPARTMENT_LANE));
  });
});

describe('sourceRef', () => {
  it('turns a span into zero-based UTF-16 lines and characters', () => {
    const production = productionWith({ 'ünï.handoff.yaml': 'handoffs:\n  - id: 🎬-x\n    title: "é"\n' });
    const uri = uriOf('ünï.handoff.yaml');
    const text = production.file(uri)!.parsed.text;
    const start = text.indexOf('title');
    assert.deepEqual(sourceRef(production, uri, { start, end: start + 5 }), {
      uri,
      range: { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } },
    });
    const after = text.indexOf('-x');
    // The clapper board is two UTF-16 code units.
    assert.deepEqual(sourceRef(production, uri, { start: after, end: after + 2 }).range.start, { line: 1, character: 10 });
    assert.deepEqual(sourceRef(production, 'file:///elsewhere.handoff.yaml', { start: 3, end: 4 }).range, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    });
  });
});
