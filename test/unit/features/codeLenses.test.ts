import * as assert from 'node:assert/strict';
import { SHOW_IN_TIMELINE_COMMAND } from '../../../server/src/core/features/codeLenses';
import { Analysis, type Workspace } from '../../../server/src/core/facade';
import { fixtureFiles, uriOf, workspaceOf } from '../../harness';
import { textAt } from './cursor';

/** Code lenses as the server asks for them: through the analysis facade. */
const codeLenses = (workspace: Workspace, uri: string) => new Analysis(workspace).codeLenses(uri);

describe('code lenses', () => {
  // Behaviour changed on purpose: one lens per fact, each its own link (was one lens opening the timeline).
  it('shows upstream, downstream, the critical path and "show in timeline" as separate lenses above each handoff id', () => {
    const workspace = workspaceOf();
    const uri = uriOf('sq010.handoff.yaml');
    const lenses = codeLenses(workspace, uri);
    assert.deepEqual(lenses.map((lens) => `${textAt(workspace, uri, lens.span)}: ${lens.title}`), [
      'fx-sim-sq010: 0 upstream',
      'fx-sim-sq010: 1 downstream',
      'fx-sim-sq010: critical path',
      'fx-sim-sq010: show in timeline',
      'fx-to-comp-sq010: 1 upstream',
      'fx-to-comp-sq010: 0 downstream',
      'fx-to-comp-sq010: critical path',
      'fx-to-comp-sq010: show in timeline',
    ]);
    assert.deepEqual(lenses[3].command, { id: SHOW_IN_TIMELINE_COMMAND, arguments: ['fx-sim-sq010'] });
    assert.equal(SHOW_IN_TIMELINE_COMMAND, 'handoff.showInTimeline');
    // "1 downstream" peeks at fx-to-comp-sq010's id, "1 upstream" at fx-sim-sq010's; a count of 0 peeks at nothing.
    const peeked = (lens: (typeof lenses)[number]) => (lens.peek ?? []).map((location) => textAt(workspace, location.uri, location.span));
    assert.deepEqual(peeked(lenses[1]), ['fx-to-comp-sq010']);
    assert.deepEqual(peeked(lenses[4]), ['fx-sim-sq010']);
    assert.equal(lenses[0].peek, undefined);
    assert.equal(lenses[2].command, undefined);
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
    assert.deepEqual(codeLenses(workspace, uri).filter((lens) => lens.title !== 'show in timeline').map((lens) => lens.title), [
      // edit-prep is ready on Thursday 2027-01-07 and conform starts on Wednesday 2027-01-13;
      // conform is ready on 2027-01-18, six working days before the last handoff is ready.
      '0 upstream', '1 downstream', 'slack 3 d',
      '2 upstream', '0 downstream', 'slack 6 d',
      '0 upstream', '0 downstream', 'no due date',
    ]);
    const conform = codeLenses(workspace, uri)[4];
    assert.deepEqual((conform.peek ?? []).map((location) => textAt(workspace, location.uri, location.span)), ['edit-prep', 'fx-sim-sq010']);
  });

  it('marks a duplicate handoff instead of describing the first one twice', () => {
    // Files are read in name order: the one in zz.handoff.yaml is the duplicate.
    const extra = 'handoffs:\n  - { id: fx-sim-sq010, from: fx, to: comp, due: 2027-03-01 }\n';
    const workspace = workspaceOf({ 'zz.handoff.yaml': extra });
    const lenses = codeLenses(workspace, uriOf('zz.handoff.yaml'));
    assert.deepEqual(lenses.map((lens) => [lens.title, lens.command]), [['duplicate id: not scheduled', undefined]]);
    assert.deepEqual(codeLenses(workspace, uriOf('sq010.handoff.yaml')).slice(0, 3).map((lens) => lens.title), ['0 upstream', '1 downstream', 'critical path']);
  });

  it('has no lenses outside handoff files', () => {
    assert.deepEqual(codeLenses(workspaceOf(), uriOf('test.production.yaml')), []);
    assert.deepEqual(codeLenses(workspaceOf(), uriOf('missing.handoff.yaml')), []);
  });

  describe('while the file does not parse (issue 17, point 7)', () => {
    const uri = uriOf('sq010.handoff.yaml');
    const good = fixtureFiles()['sq010.handoff.yaml'];
    // 'template:' one space too deep in fx-to-comp-sq010: the parser loses the keys after it, due date included.
    const slipped = good.replace('    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    escalation', '    to: comp\n     template: fx-elements\n    owner: dana\n    contact: ben\n    escalation');
    const titles = (workspace: Workspace) => codeLenses(workspace, uri).map((lens) => `${textAt(workspace, uri, lens.span)}: ${lens.title}${lens.stale ? ' [stale]' : ''}`);

    it('keeps the last good schedule, marked stale, instead of "no due date"', () => {
      const workspace = workspaceOf();
      workspace.setFile(uri, slipped, 2);
      assert.equal(workspace.file(uri)!.parsed.syntaxFindings.length, 1, 'the slip is one yaml-syntax finding');
      assert.deepEqual(titles(workspace), [
        'fx-sim-sq010: 0 upstream [stale]',
        'fx-sim-sq010: 1 downstream [stale]',
        'fx-sim-sq010: critical path (stale) [stale]',
        'fx-sim-sq010: show in timeline',
        'fx-to-comp-sq010: 1 upstream [stale]',
        'fx-to-comp-sq010: 0 downstream [stale]',
        'fx-to-comp-sq010: critical path (stale) [stale]',
        'fx-to-comp-sq010: show in timeline',
      ]);
      // The peek goes to where the upstream handoff is in the text now.
      const upstream = codeLenses(workspace, uri)[4].peek!;
      assert.deepEqual(upstream.map((location) => textAt(workspace, location.uri, location.span)), ['fx-sim-sq010']);
      // Fixed: current again, nothing stale.
      workspace.setFile(uri, good, 3);
      assert.deepEqual(titles(workspace).filter((title) => title.includes('stale')), []);
    });

    it('near miss: a file that parses but has other errors, or was never good, is not stale', () => {
      const workspace = workspaceOf();
      workspace.setFile(uri, good.replace('depends_on: [fx-sim-sq010]', 'depends_on: [fx-sim-sq099]'), 2);
      assert.ok(titles(workspace).every((title) => !title.includes('stale')));
      // Opened broken: there is no good version to fall back to, so the lenses say what the text says.
      const fresh = workspaceOf({ 'sq010.handoff.yaml': slipped });
      assert.deepEqual(titles(fresh).slice(4, 7), ['fx-to-comp-sq010: 0 upstream', 'fx-to-comp-sq010: 0 downstream', 'fx-to-comp-sq010: no due date']);
    });
  });
});
