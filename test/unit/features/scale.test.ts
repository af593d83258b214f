import * as assert from 'node:assert/strict';
import { codeActions } from '../../../server/src/core/features/codeActions';
import { codeLenses } from '../../../server/src/core/features/codeLenses';
import { complete } from '../../../server/src/core/features/completion';
import { hover } from '../../../server/src/core/features/hover';
import { definition, prepareRename, references, rename } from '../../../server/src/core/features/navigation';
import { documentSymbols, workspaceSymbols } from '../../../server/src/core/features/symbols';
import type { Workspace } from '../../../server/src/core/workspace';
import { uriOf, workspaceOf } from '../../harness';

/**
 * Every editor feature answers right on a production of 10,000 handoffs
 * (after the production model is built once, as the server does on an edit).
 * Speed is measured by `npm run bench`, not asserted here.
 */
const HANDOFFS = 10_000;

function bigHandoffFile(): string {
  const lines = ['handoffs:'];
  for (let i = 0; i < HANDOFFS; i++) {
    lines.push(`  - id: h-${i}`, `    title: Handoff ${i}`, '    from: fx', '    to: comp', '    template: fx-elements');
    lines.push('    owner: dana', '    contact: ben', '    work: 2', `    due: 2027-0${1 + (i % 9)}-1${i % 10}`);
    if (i > 0) lines.push(`    depends_on: [h-${i - 1}]`);
    lines.push('    checklist: [frame-range]', '    status: planned');
  }
  return `${lines.join('\n')}\n`;
}

/** Names each call so a failure (or a throw) says which feature it was. */
function named<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

describe('editor features at scale', function () {
  this.timeout(60_000);
  let workspace: Workspace;
  let text: string;
  const uri = uriOf('big.handoff.yaml');

  before(() => {
    text = bigHandoffFile();
    workspace = workspaceOf({ 'big.handoff.yaml': text });
    void workspace.productionOf(uri)!.schedule;
  });

  const at = (find: string, from = 0) => {
    const offset = text.indexOf(find, from);
    assert.ok(offset >= 0, find);
    return offset;
  };

  it(`answers every request right on ${HANDOFFS.toLocaleString('en')} handoffs`, () => {
    const entry = at('  - id: h-9000\n');
    const idOffset = entry + 10;
    const dependsOn = at('depends_on: [h-8999]') + 'depends_on: ['.length;
    const upstream = named('completion in depends_on', () => complete(workspace, uri, dependsOn));
    assert.equal(upstream.length, HANDOFFS - 1 + 2, 'every handoff but itself, the base fixture\'s two included');
    assert.equal(named('completion after from:', () => complete(workspace, uri, at('from: fx', entry) + 'from: '.length)).length, 2);
    assert.ok(named('hover on a handoff', () => hover(workspace, uri, idOffset)));
    assert.ok(named('hover on a date', () => hover(workspace, uri, at('due: ', entry) + 7)));
    assert.equal(named('definition', () => definition(workspace, uri, dependsOn + 2)).length, 1);
    assert.equal(named('references to a handoff', () => references(workspace, uri, idOffset, true)).length, 2);
    assert.equal(named('references to a department', () => references(workspace, uri, at('from: fx', entry) + 6, false)).length, HANDOFFS + 3);
    assert.ok('span' in named('prepare rename', () => prepareRename(workspace, uri, idOffset)));
    const renamed = named('rename', () => rename(workspace, uri, idOffset, 'h-9000-b'));
    assert.ok('edits' in renamed && renamed.edits.length === 2);
    assert.equal(named('document symbols', () => documentSymbols(workspace, uri)).length, HANDOFFS);
    assert.equal(named('workspace symbols', () => workspaceSymbols(workspace, 'h9')).length, 500);
    // Four lenses a handoff: upstream, downstream, slack, show in timeline.
    assert.equal(named('code lenses', () => codeLenses(workspace, uri)).length, 4 * HANDOFFS);
    assert.deepEqual(named('code actions', () => codeActions(workspace, uri, { start: idOffset, end: idOffset }, [])), []);
  });
});
