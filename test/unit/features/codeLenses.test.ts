import * as assert from 'node:assert/strict';
import { codeLenses, SHOW_IN_TIMELINE_COMMAND } from '../../../server/src/core/features/codeLenses';
import { uriOf, workspaceOf } from '../../harness';
import { textAt } from './cursor';

describe('code lenses', () => {
  it('shows upstream and downstream counts and the critical path above each handoff id', () => {
    const workspace = workspaceOf();
    const uri = uriOf('sq010.handoff.yaml');
    const lenses = codeLenses(workspace, uri);
    assert.deepEqual(lenses.map((lens) => [textAt(workspace, uri, lens.span), lens.title]), [
      ['fx-sim-sq010', '0 upstream · 1 downstream · critical path'],
      ['fx-to-comp-sq010', '1 upstream · 0 downstream · critical path'],
    ]);
    assert.deepEqual(lenses[0].command, { id: SHOW_IN_TIMELINE_COMMAND, arguments: ['fx-sim-sq010'] });
    assert.equal(SHOW_IN_TIMELINE_COMMAND, 'handoff.showInTimeline');
  });

  it('shows the slack of a handoff off the critical path', () => {
    const extra = [
      'handoffs:',
      '  - { id: edit-prep, from: fx, to: comp, start: 2027-01-04, due: 2027-01-05, feeds: picture-lock }',
      '  - { id: conform, from: comp, to: fx, start: 2027-01-13, due: 2027-01-14, depends_on: [edit-prep, fx-sim-sq010] }',
      '  - { id: unscheduled, from: fx, to: comp }',
      '',
    ].join('\n');
    const workspace = workspaceOf({ 'extra.handoff.yaml': extra });
    const uri = uriOf('extra.handoff.yaml');
    assert.deepEqual(codeLenses(workspace, uri).map((lens) => lens.title), [
      // edit-prep is ready on Thursday 2027-01-07 and conform starts on Wednesday 2027-01-13;
      // conform is ready on 2027-01-18, six working days before the last handoff is ready.
      '0 upstream · 1 downstream · slack 3 d',
      '2 upstream · 0 downstream · slack 6 d',
      '0 upstream · 0 downstream · no due date',
    ]);
  });

  it('marks a duplicate handoff instead of describing the first one twice', () => {
    // Files are read in name order: the one in zz.handoff.yaml is the duplicate.
    const extra = 'handoffs:\n  - { id: fx-sim-sq010, from: fx, to: comp, due: 2027-03-01 }\n';
    const workspace = workspaceOf({ 'zz.handoff.yaml': extra });
    const lenses = codeLenses(workspace, uriOf('zz.handoff.yaml'));
    assert.deepEqual(lenses.map((lens) => [lens.title, lens.command]), [['duplicate id: not scheduled', undefined]]);
    assert.equal(codeLenses(workspace, uriOf('sq010.handoff.yaml'))[0].title, '0 upstream · 1 downstream · critical path');
  });

  it('has no lenses outside handoff files', () => {
    assert.deepEqual(codeLenses(workspaceOf(), uriOf('test.production.yaml')), []);
    assert.deepEqual(codeLenses(workspaceOf(), uriOf('missing.handoff.yaml')), []);
  });
});
