// What the analysis keeps between edits lives with the models it was worked
// out from, so two workspaces in one process (as `handoff diff` holds: one
// per revision) never see each other's results, even where both number their
// production revisions alike.
import * as assert from 'node:assert/strict';
import { edit, resultsOf, where, workspaceOf } from '../harness';

describe('results kept between edits', () => {
  it('a second workspace built alike still reports its own cycle', () => {
    const clean = workspaceOf();
    assert.deepEqual(where(resultsOf(clean), 'dependency-cycle'), []);
    // The same files, in the same order, but the first handoff now waits on the second: a cycle.
    const cyclic = workspaceOf(edit('sq010.handoff.yaml', '    start: 2027-01-04\n', '    start: 2027-01-04\n    depends_on: [fx-to-comp-sq010]\n'));
    const cycle = where(resultsOf(cyclic), 'dependency-cycle');
    assert.ok(cycle.length > 0 && cycle.every((place) => place.startsWith('sq010.handoff.yaml:')), cycle.join(', '));
    // And the first is as clean as it was.
    assert.deepEqual(where(resultsOf(clean), 'dependency-cycle'), []);
  });

  it('a did-you-mean worked out in one workspace is not offered in another', () => {
    const a = workspaceOf(edit('sq010.handoff.yaml', 'template: fx-elements\n    owner: dana\n    contact: ben\n    start: 2027-01-04', 'template: fx-elemnts\n    owner: dana\n    contact: ben\n    start: 2027-01-04'));
    const b = workspaceOf({
      ...edit('sq010.handoff.yaml', 'template: fx-elements\n    owner: dana\n    contact: ben\n    start: 2027-01-04', 'template: fx-elemnts\n    owner: dana\n    contact: ben\n    start: 2027-01-04'),
      'fx-elements.template.yaml': null,
      'fx-elemental.template.yaml': 'template: fx-elemental\nasset_type: fx-elements\nformat: exr\ncolor_space: acescg\nnaming: "{shot}_fx_v{version:3}.{frame:4}.exr"\n',
    });
    const message = (workspace: ReturnType<typeof workspaceOf>) =>
      resultsOf(workspace).find((result) => result.rule === 'unknown-reference' && result.message.includes("'fx-elemnts'"))?.message ?? '';
    assert.match(message(a), /Did you mean 'fx-elements'/);
    assert.match(message(b), /Did you mean 'fx-elemental'/);
  });
});
