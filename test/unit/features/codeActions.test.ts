import * as assert from 'node:assert/strict';
import { Analysis, type CodeAction, type Diagnostic, type Span, type Workspace } from '../../../server/src/core/facade';
import { DEFAULT_TODAY, fixtureFiles, uriOf, workspaceOf } from '../../harness';
import { applyEdits, atCursor, cursorOffset, type Cursor } from './cursor';

/** Code actions as the server asks for them: through the analysis facade. */
const codeActions = (workspace: Workspace, uri: string, span: Span, diagnostics: readonly Diagnostic[]): CodeAction[] => new Analysis(workspace).codeActions(uri, span, diagnostics);

function diagnosticsOf(workspace: Workspace, uri: string): Diagnostic[] {
  return workspace.diagnostics({ today: DEFAULT_TODAY }).get(uri) ?? [];
}

/** The actions at the cursor, for the file's real diagnostics. */
function actionsAt(cursor: Cursor): CodeAction[] {
  const span = { start: cursor.offset, end: cursor.offset };
  return codeActions(cursor.workspace, cursor.uri, span, diagnosticsOf(cursor.workspace, cursor.uri));
}

const titles = (actions: CodeAction[]) => actions.map((action) => action.title);

/** A template whose `format:` names the cursor's id, with the glossary replaced when given. */
function templateWith(line: string, glossary?: string): Cursor {
  const text = `template: new-one\nasset_type: fx-element\n${line}\n`;
  return atCursor('new.template.yaml', text, glossary === undefined ? {} : { 'test.glossary.yaml': glossary });
}

/** The glossary after applying the action, and the workspace it makes. */
function glossaryAfter(cursor: Cursor, action: CodeAction): { text: string; workspace: Workspace } {
  const texts = applyEdits(cursor.workspace, action.edits);
  const text = texts.get(uriOf('test.glossary.yaml'))!;
  const workspace = workspaceOf({ [cursor.uri.replace('file:///fixture/', '')]: cursor.text, 'test.glossary.yaml': text });
  return { text, workspace };
}

describe('code actions', () => {
  it('offers the did-you-mean fix of an unknown reference and creating the format in the glossary', () => {
    const cursor = templateWith('format: ex|rr');
    const actions = actionsAt(cursor);
    // Every finding can also be silenced for its line, offered last (added on purpose with that quick fix).
    assert.deepEqual(titles(actions), ["Change to 'exr'", "Create format 'exrr' in test.glossary.yaml", 'Disable unknown-reference for this line']);
    assert.equal(actions[0].preferred, true);
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].diagnostic?.rule, 'unknown-reference');
    const { text, workspace } = glossaryAfter(cursor, actions[1]);
    assert.match(text, /\n {2}- \{ id: prores4444, extensions: \[mov\], color_spaces: \[rec709\] \}\n {2}- \{ id: exrr \}\nasset_types:/);
    const unknown = diagnosticsOf(workspace, cursor.uri).filter((d) => d.rule === 'unknown-reference');
    assert.deepEqual(unknown, [], 'the created format resolves');
  });

  it('creates color spaces, asset types and metadata fields too', () => {
    const colorSpace = actionsAt(templateWith('color_space: |p3'));
    assert.ok(titles(colorSpace).includes("Create color space 'p3' in test.glossary.yaml"));
    const metadata = actionsAt(templateWith('metadata: [shot, |lens]'));
    assert.ok(titles(metadata).includes("Create metadata field 'lens' in test.glossary.yaml"));
    const cursor = atCursor('new.template.yaml', 'template: new-one\nasset_type: |matte\n');
    assert.ok(titles(actionsAt(cursor)).includes("Create asset type 'matte' in test.glossary.yaml"));
  });

  it('adds the list to a glossary that lacks it', () => {
    const glossary = fixtureFiles()['test.glossary.yaml'].replace(/metadata:\n.*\n/, '');
    const cursor = templateWith('metadata: [|lens]', glossary);
    const action = actionsAt(cursor).find((a) => a.title.startsWith('Create metadata field'))!;
    const { text, workspace } = glossaryAfter(cursor, action);
    assert.ok(text.endsWith('naming_tokens:\n  layer: "[a-z]+"\nmetadata:\n  - { id: lens }\n'), text);
    assert.ok(workspace.productionOf(cursor.uri)!.lookup('metadata', 'lens'));
  });

  it('writes the entry in the style of the list: block items, flow lists, empty lists', () => {
    const block = 'color_spaces:\n  - id: acescg\n    name: ACEScg\nformats:\n  - { id: exr, extensions: [exr], color_spaces: [acescg] }\n';
    const blockAction = actionsAt(templateWith('color_space: |p3', block)).find((a) => a.title.startsWith('Create'))!;
    assert.equal(glossaryAfter(templateWith('color_space: |p3', block), blockAction).text, block.replace('    name: ACEScg\n', '    name: ACEScg\n  - id: p3\n'));

    const flow = 'color_spaces: [{ id: acescg }]\nformats: []\n';
    const flowCursor = templateWith('format: |dpx', flow);
    const flowAction = actionsAt(flowCursor).find((a) => a.title.startsWith('Create'))!;
    assert.equal(glossaryAfter(flowCursor, flowAction).text, 'color_spaces: [{ id: acescg }]\nformats: [{ id: dpx }]\n');
    const more = templateWith('color_space: |p3', flow);
    const moreAction = actionsAt(more).find((a) => a.title.startsWith('Create'))!;
    assert.equal(glossaryAfter(more, moreAction).text, 'color_spaces: [{ id: acescg }, { id: p3 }]\nformats: []\n');

    const empty = 'formats:\ncolor_spaces: [{ id: acescg }]\n';
    const emptyCursor = templateWith('format: |dpx', empty);
    const emptyAction = actionsAt(emptyCursor).find((a) => a.title.startsWith('Create'))!;
    assert.equal(glossaryAfter(emptyCursor, emptyAction).text, 'formats:\n  - { id: dpx }\ncolor_spaces: [{ id: acescg }]\n');
  });

  it('offers no glossary entry for other kinds of ids', () => {
    const cursor = atCursor('new.handoff.yaml', 'handoffs:\n  - id: a\n    from: |animation\n    to: comp\n    due: 2027-01-22\n');
    assert.deepEqual(actionsAt(cursor).filter((a) => a.title.startsWith('Create')), []);
  });

  it('offers the next working day for a date on a weekend', () => {
    const text = fixtureFiles()['sq010.handoff.yaml'].replace('start: 2027-01-13', 'start: 2027-01-|16');
    const cursor = atCursor('sq010.handoff.yaml', text);
    const action = actionsAt(cursor).find((a) => a.title.startsWith('Move to'));
    assert.ok(action, titles(actionsAt(cursor)).join(', '));
    const fixed = applyEdits(cursor.workspace, action.edits).get(cursor.uri)!;
    assert.match(fixed, /start: 2027-01-18\n/);
  });

  it('offers the next version number for a resubmission that keeps the rejected version', () => {
    const history = '    status: submitted\n    history:\n      - { date: 2027-01-13, event: submitted, version: 1 }\n' +
      '      - { date: 2027-01-14, event: rejected, by: chloe, reason: Wrong colorspace }\n      - { date: 2027-01-15, event: submitted, version: |1 }\n';
    const text = fixtureFiles()['sq010.handoff.yaml'].replace('    status: in_progress\n', history);
    const cursor = atCursor('sq010.handoff.yaml', text);
    const action = actionsAt(cursor).find((a) => a.title === 'Set the version to 2');
    assert.ok(action, titles(actionsAt(cursor)).join(', '));
    assert.equal(action.diagnostic?.rule, 'history-order');
    assert.match(applyEdits(cursor.workspace, action.edits).get(cursor.uri)!, /\{ date: 2027-01-15, event: submitted, version: 2 \}\n/);
  });

  it("offers the receiving department's lead for an acceptance by the delivering department", () => {
    const text = fixtureFiles()['sq010.handoff.yaml'].replace('event: accepted, by: chloe', 'event: accepted, by: b|en');
    const cursor = atCursor('sq010.handoff.yaml', text);
    const action = actionsAt(cursor).find((a) => a.title === "Set 'by' to 'chloe'");
    assert.ok(action, titles(actionsAt(cursor)).join(', '));
    assert.match(applyEdits(cursor.workspace, action.edits).get(cursor.uri)!, /event: accepted, by: chloe \}/);
  });

  it('offers to close an open risk on an accepted handoff', () => {
    const text = fixtureFiles()['test.risks.yaml'].replace('handoff: fx-to-comp-sq010', 'handoff: fx-sim|-sq010');
    const cursor = atCursor('test.risks.yaml', text);
    const action = actionsAt(cursor).find((a) => a.title === "Set status to 'closed'");
    assert.ok(action, titles(actionsAt(cursor)).join(', '));
    assert.match(applyEdits(cursor.workspace, action.edits).get(cursor.uri)!, /status: closed\n/);
  });

  it('offers a contingency skeleton for a high-risk handoff without one', () => {
    const text = fixtureFiles()['sq010.handoff.yaml'].replace('      contingency: { plan: Slapcomps by 2027-01-20 }\n', '').replace('level: high', 'level: hi|gh');
    const cursor = atCursor('sq010.handoff.yaml', text);
    const action = actionsAt(cursor).find((a) => a.title.includes('contingency plan skeleton'));
    assert.ok(action, titles(actionsAt(cursor)).join(', '));
    assert.match(applyEdits(cursor.workspace, action.edits).get(cursor.uri)!, /contingency:/);
  });

  it('passes on every fix of the diagnostics in range, once per title, and none out of range', () => {
    const { text, offset } = cursorOffset('handoffs:\n  - id: a\n    from: f|x\n');
    const workspace = workspaceOf({ 'new.handoff.yaml': text });
    const uri = uriOf('new.handoff.yaml');
    const span = { start: offset - 1, end: offset + 1 };
    const diagnostic = (start: number, end: number, title: string, suppressed = false): Diagnostic => ({
      rule: 'schema',
      severity: 'error',
      uri,
      span: { start, end },
      message: 'x',
      fixes: [{ title, edits: [{ uri, span: { start, end }, newText: 'y' }] }],
      ...(suppressed ? { suppressed: { reason: 'because' } } : {}),
    });
    const actions = codeActions(workspace, uri, span, [
      diagnostic(offset - 1, offset + 1, 'Fix one'),
      diagnostic(offset, offset + 1, 'Fix one'),
      diagnostic(offset + 1, offset + 1, 'Fix touching'),
      diagnostic(0, 5, 'Fix elsewhere'),
      diagnostic(offset - 1, offset + 1, 'Fix suppressed', true),
    ]);
    assert.deepEqual(titles(actions), ['Fix one', 'Fix touching', 'Disable schema for this line']);
    assert.deepEqual(actions[0].edits, [{ uri, span: { start: offset - 1, end: offset + 1 }, newText: 'y' }]);
  });
});
