import * as assert from 'node:assert/strict';
import { moveHandoff, type HandoffMove, type MoveResult } from '../../../server/src/core/features/moveHandoff';
import { scheduleView } from '../../../server/src/core/features/scheduleView';
import type { TextEdit } from '../../../server/src/core/types';
import type { Workspace } from '../../../server/src/core/workspace';
import { DEFAULT_TODAY, edit, fixtureFiles, uriOf, workspaceOf } from '../../harness';
import { applyEdits } from './cursor';

const HANDOFFS = 'sq010.handoff.yaml';

function editsOf(result: MoveResult): TextEdit[] {
  if ('error' in result) assert.fail(`unexpected error: ${result.error}`);
  return result.edits;
}

/** The handoff file after the move (the base fixture with `changes`). */
function movedText(handoff: string, move: HandoffMove, changes: Record<string, string> = {}): { text: string; workspace: Workspace; edits: TextEdit[] } {
  const before = workspaceOf(changes);
  const edits = editsOf(moveHandoff(before, uriOf(HANDOFFS), handoff, move));
  const texts = applyEdits(before, edits);
  const text = texts.get(uriOf(HANDOFFS)) ?? before.file(uriOf(HANDOFFS))!.parsed.text;
  return { text, workspace: workspaceOf({ ...changes, [HANDOFFS]: text }), edits };
}

/** The `start:`/`due:`/`work:` lines of one handoff in a handoff file's text. */
function datesOf(text: string, handoff: string): string[] {
  const blocks = text.split(/\n(?=  - )/);
  const block = blocks.find((b) => b.includes(`id: ${handoff}`));
  assert.ok(block, `handoff ${handoff} in the text`);
  return block.split('\n').filter((line) => /^\s+(start|due|work):/.test(line)).map((line) => line.trim());
}

describe('moveHandoff', () => {
  it('moves both dates of a dragged bar, writing only the dates', () => {
    const { text, edits } = movedText('fx-sim-sq010', { start: '2027-01-05', due: '2027-01-11' });
    assert.deepEqual(datesOf(text, 'fx-sim-sq010'), ['start: 2027-01-05', 'due: 2027-01-11']);
    assert.equal(edits.length, 2);
    for (const e of edits) assert.equal(e.span.end - e.span.start, 10, 'only the date text is replaced');
    // Everything else is as it was.
    const original = fixtureFiles()[HANDOFFS];
    assert.equal(text.replace('2027-01-05', '2027-01-04').replace('2027-01-11', '2027-01-08'), original);
  });

  it('snaps a weekend or holiday to the next working day', () => {
    // 2027-01-01 is a holiday (Friday), then a weekend: the next working day is Monday 2027-01-04.
    const { text } = movedText('fx-sim-sq010', { start: '2027-01-01', due: '2027-01-09' });
    assert.deepEqual(datesOf(text, 'fx-sim-sq010'), ['start: 2027-01-04', 'due: 2027-01-11']);
  });

  it('moves one end alone', () => {
    assert.deepEqual(datesOf(movedText('fx-sim-sq010', { due: '2027-01-07' }).text, 'fx-sim-sq010'), ['start: 2027-01-04', 'due: 2027-01-07']);
    assert.deepEqual(datesOf(movedText('fx-sim-sq010', { start: '2027-01-06' }).text, 'fx-sim-sq010'), ['start: 2027-01-06', 'due: 2027-01-08']);
  });

  it('keeps the quotes an author wrote around a date', () => {
    const changes = edit(HANDOFFS, '    start: 2027-01-04\n    due: 2027-01-08', `    start: "2027-01-04"\n    due: '2027-01-08' # sim lock`);
    const { text } = movedText('fx-sim-sq010', { start: '2027-01-05', due: '2027-01-12' }, changes);
    assert.ok(text.includes(`    start: "2027-01-05"\n    due: '2027-01-12' # sim lock`), text);
  });

  it('keeps the span of a handoff given as `work: N`: a new start moves the due date', () => {
    const changes = edit(HANDOFFS, '    start: 2027-01-04\n', '    work: 5\n');
    // Five working days from Tuesday 2027-01-05 end on Monday 2027-01-11.
    const { text, workspace } = movedText('fx-sim-sq010', { start: '2027-01-05' }, changes);
    assert.deepEqual(datesOf(text, 'fx-sim-sq010'), ['work: 5', 'due: 2027-01-11']);
    const view = scheduleView(workspace.productionOf(uriOf(HANDOFFS))!, DEFAULT_TODAY);
    const sim = view.handoffs.find((h) => h.id === 'fx-sim-sq010')!;
    assert.deepEqual([sim.start, sim.due, sim.workDays], ['2027-01-05', '2027-01-11', 5]);
  });

  it('moves only the due date of a `work: N` handoff when only the due date is given', () => {
    const changes = edit(HANDOFFS, '    start: 2027-01-04\n', '    work: 5\n');
    const { text } = movedText('fx-sim-sq010', { due: '2027-01-16' }, changes);
    assert.deepEqual(datesOf(text, 'fx-sim-sq010'), ['work: 5', 'due: 2027-01-18']);
  });

  it('adds a missing start next to the due date, in block and in flow style', () => {
    const block = movedText('fx-sim-sq010', { start: '2027-01-05' }, edit(HANDOFFS, '    start: 2027-01-04\n', ''));
    assert.deepEqual(datesOf(block.text, 'fx-sim-sq010'), ['start: 2027-01-05', 'due: 2027-01-08']);

    const flowFile = 'handoffs:\n  - { id: fx-sim-sq010, from: fx, to: comp, owner: dana, contact: ben, due: 2027-01-08 }\n';
    const flow = movedText('fx-sim-sq010', { start: '2027-01-05' }, { [HANDOFFS]: flowFile });
    assert.equal(flow.text, 'handoffs:\n  - { id: fx-sim-sq010, from: fx, to: comp, owner: dana, contact: ben, start: 2027-01-05, due: 2027-01-08 }\n');
  });

  it('makes no edit when the dates are already as asked', () => {
    assert.deepEqual(movedText('fx-sim-sq010', { start: '2027-01-04', due: '2027-01-08' }).edits, []);
    // A Saturday snaps onto the Monday already written.
    assert.deepEqual(movedText('fx-sim-sq010', { start: '2027-01-02' }).edits, []);
  });

  it('shows at once what the move breaks downstream', () => {
    // fx-to-comp-sq010 starts 2027-01-13, the first working day after fx-sim-sq010 is ready.
    const { workspace } = movedText('fx-sim-sq010', { due: '2027-01-11' });
    const view = scheduleView(workspace.productionOf(uriOf(HANDOFFS))!, DEFAULT_TODAY);
    const downstream = view.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
    assert.deepEqual(downstream.conflict, [{ upstream: 'fx-sim-sq010', missingWorkingDays: 1, earliestStart: '2027-01-14' }]);
  });

  it('finds the handoff from any file of its production', () => {
    const workspace = workspaceOf();
    const result = editsOf(moveHandoff(workspace, uriOf('test.production.yaml'), 'fx-to-comp-sq010', { due: '2027-01-25' }));
    assert.deepEqual(result.map((e) => e.uri), [uriOf(HANDOFFS)]);
    const production = workspace.productionOf(uriOf(HANDOFFS))!;
    assert.deepEqual(editsOf(moveHandoff(workspace, production, 'fx-to-comp-sq010', { due: '2027-01-25' })), result);
  });

  it('says why a move cannot be made', () => {
    const workspace = workspaceOf();
    assert.deepEqual(moveHandoff(workspace, uriOf(HANDOFFS), 'no-such-handoff', { due: '2027-01-25' }), {
      error: "There is no handoff 'no-such-handoff' in production 'testprod'.",
    });
    assert.deepEqual(moveHandoff(workspace, uriOf(HANDOFFS), 'fx-sim-sq010', { due: '2027-02-30' }), {
      error: "'2027-02-30' is not a date (YYYY-MM-DD); 'fx-sim-sq010' was not moved.",
    });
  });
});
