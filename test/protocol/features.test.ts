import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CodeLensRequest,
  CompletionItemKind,
  CompletionRequest,
  CompletionResolveRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { GraphRequest, ScheduleRequest } from '../../server/src/protocol';
import { inVsCodeOrder } from '../harness';
import { copyFolder, positionOf, removeFolder, TestClient, uriOf } from './client';

/** Position of the `|` marker in a text, and the text without it. */
function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const index = marked.indexOf('|');
  const before = marked.slice(0, index).split('\n');
  return { text: marked.slice(0, index) + marked.slice(index + 1), position: { line: before.length - 1, character: before[before.length - 1].length } };
}

/** Applies LSP text edits to a text (edits must not overlap). */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, edit) => acc.slice(0, offset(edit.range.start)) + edit.newText + acc.slice(offset(edit.range.end)), text);
}

const SECOND_HANDOFF_FILE = `handoffs:
  - id: fx-to-comp-sq020
    title: FX elements for sq020
    from: fx
    to: comp
    template: fx-elements
    owner: dana
    contact: ben
    start: 2027-01-27
    due: 2027-02-02
    depends_on: [fx-to-comp-sq010]
    done_when:
      - All 8 shots of sq020 delivered at v001 or later
`;

describe('protocol: editor features over stdio', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  const file = (name: string) => path.join(folder, name);
  const uri = (name: string) => uriOf(file(name));
  const read = (name: string) => readFileSync(file(name), 'utf8');

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/base');
    writeFileSync(path.join(folder, 'sq020.handoff.yaml'), SECOND_HANDOFF_FILE);
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    const initial = await client.waitFor('initial diagnostics', () => client.latest(uri('sq020.handoff.yaml')));
    assert.deepEqual(initial.diagnostics, [], 'the fixture starts clean');
  });

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it('completes department ids with their names after `from: `', async () => {
    const { text, position } = cursor(read('sq020.handoff.yaml').replace('    from: fx\n', '    from: |\n'));
    await client.open(uri('sq020.handoff.yaml'), text);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('sq020.handoff.yaml') }, position });
    const items = (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    assert.deepEqual(items.map((i) => `${i.label} (${i.detail})`).sort(), ['comp (Compositing)', 'fx (FX)']);
  });

  it('completes handoff ids inside depends_on, without the handoff itself', async () => {
    const { text, position } = cursor(read('sq010.handoff.yaml').replace('depends_on: [fx-sim-sq010]', 'depends_on: [|]'));
    await client.open(uri('sq010.handoff.yaml'), text);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') }, position });
    const labels = ((Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[]).map((i) => i.label).sort();
    assert.deepEqual(labels, ['fx-sim-sq010', 'fx-to-comp-sq020']);
  });

  it('ranks completion by context: upstream deliveries to this department first in depends_on, its asset types first in template', async () => {
    const itemsAt = async (name: string, marked: string) => {
      const { text, position } = cursor(marked);
      await client.open(uri(name), text);
      const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri(name) }, position });
      return (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    };
    const ranked = async (name: string, marked: string) =>
      (await itemsAt(name, marked)).sort(inVsCodeOrder).map((i) => i.label);
    // comp-to-fx-plates delivers to fx, the department fx-to-comp-sq020 comes from: it goes first, though last by name.
    await client.open(uri('plates.handoff.yaml'), 'handoffs:\n  - { id: comp-to-fx-plates, from: comp, to: fx, template: fx-elements }\n');
    await client.open(uri('a-plate.template.yaml'), 'template: a-plate\nasset_type: fx-plate\n');
    const fromFx = read('sq020.handoff.yaml');
    assert.deepEqual(await ranked('sq020.handoff.yaml', fromFx.replace('depends_on: [fx-to-comp-sq010]', 'depends_on: [|]')), ['comp-to-fx-plates', 'fx-sim-sq010', 'fx-to-comp-sq010']);
    // fx delivers fx-element assets (fx-elements, in sq010): that template before a-plate.
    assert.deepEqual(await ranked('sq020.handoff.yaml', fromFx.replace('template: fx-elements', 'template: |')), ['fx-elements', 'a-plate']);
    // The same list from comp: now the two fx handoffs deliver to it and go first, the plates last.
    const fromComp = fromFx.replace('from: fx', 'from: comp').replace('to: comp', 'to: fx');
    assert.deepEqual(await ranked('sq020.handoff.yaml', fromComp.replace('depends_on: [fx-to-comp-sq010]', 'depends_on: [|]')), ['fx-sim-sq010', 'fx-to-comp-sq010', 'comp-to-fx-plates']);
    // Near miss: a department that delivers nothing yet gets the templates by name.
    const fromNobody = fromFx.replace('from: fx', 'from: editorial');
    assert.deepEqual(await ranked('sq020.handoff.yaml', fromNobody.replace('template: fx-elements', 'template: |')), ['a-plate', 'fx-elements']);
    // Nothing delivers to editorial: the handoffs come by id, and no item carries a sort text (it would change nothing).
    const unranked = await itemsAt('sq020.handoff.yaml', fromNobody.replace('depends_on: [fx-to-comp-sq010]', 'depends_on: [|]'));
    assert.deepEqual(
      unranked.map((i) => [i.label, i.sortText]).sort(),
      [['comp-to-fx-plates', undefined], ['fx-sim-sq010', undefined], ['fx-to-comp-sq010', undefined]],
    );
  });

  it('inserts a new handoff with choices of the production\'s ids and dates from the server\'s today', async () => {
    const { text, position } = cursor(`${read('sq020.handoff.yaml')}  |\n`);
    await client.open(uri('sq020.handoff.yaml'), text);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('sq020.handoff.yaml') }, position });
    const items = (Array.isArray(result) ? result : (result as CompletionList).items) as CompletionItem[];
    const snippet = items.find((i) => i.label === 'handoff')!;
    const body = snippet.textEdit ? snippet.textEdit.newText : snippet.insertText!;
    assert.equal(snippet.insertTextFormat, 2, 'a snippet');
    assert.match(body, /\n {2}from: \$\{3\|fx,comp\|\}\n {2}to: \$\{4\|comp,fx\|\}\n/);
    // today is Friday 2027-01-15 (settings): start Monday 2027-01-18, due Friday 2027-01-22.
    assert.match(body, /\n {2}start: \$\{8:2027-01-18\}\n {2}due: \$\{9:2027-01-22\}\n/);
  });

  /** Starts the client again saying what VS Code says of completion: it resolves documentation and detail, and takes these defaults for a list. */
  const restartTalkingLikeVsCode = async (itemDefaults: string[]) => {
    await client.stop();
    client = await TestClient.start(folder, {
      settings: { today: '2027-01-15' },
      completion: { completionItem: { resolveSupport: { properties: ['documentation', 'detail'] } }, completionList: { itemDefaults } },
    });
    await client.waitFor('initial diagnostics', () => client.latest(uri('sq020.handoff.yaml')));
  };

  it('talking like VS Code: ids share one edit range, and the selected one gets its detail and documentation on resolve', async () => {
    await restartTalkingLikeVsCode(['editRange']);
    const { text, position } = cursor(read('sq020.handoff.yaml').replace('    from: fx\n', '    from: |\n'));
    await client.open(uri('sq020.handoff.yaml'), text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('sq020.handoff.yaml') }, position })) as CompletionList;
    assert.deepEqual(list.itemDefaults?.editRange, { start: position, end: position });
    const fx = list.items.find((item) => item.label === 'fx')!;
    assert.deepEqual([fx.detail, fx.documentation, fx.textEdit], [undefined, undefined, undefined], 'sent lean');
    const resolved = await client.connection.sendRequest(CompletionResolveRequest.type, fx);
    assert.equal(resolved.detail, 'FX');
  });

  it('talking like VS Code with a default data: resolve finds an item by its label, and a repeated label by its own index', async () => {
    await restartTalkingLikeVsCode(['editRange', 'data']);
    // A new template file: the key `template` and the snippet `template` share a label.
    const { text, position } = cursor('t|');
    await client.open(uri('new.template.yaml'), text);
    const complete = async () =>
      (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('new.template.yaml') }, position })) as CompletionList;
    const list = await complete();
    // What a client does with the defaults: an item without its own data takes the list's.
    const withDefault = (item: CompletionItem) => ({ ...item, data: item.data ?? list.itemDefaults?.data });
    const template = list.items.filter((item) => item.label === 'template');
    const key = template.find((item) => item.kind !== CompletionItemKind.Snippet)!;
    const snippet = template.find((item) => item.kind === CompletionItemKind.Snippet)!;
    const format = list.items.find((item) => item.label === 'format')!;
    assert.deepEqual([key.data, format.data, format.documentation], [undefined, undefined, undefined], 'the list\'s data, not their own');
    assert.equal(typeof snippet.data, 'number', 'the repeated label keeps its index');
    const resolved = (item: CompletionItem) => client.connection.sendRequest(CompletionResolveRequest.type, withDefault(item));
    assert.match(((await resolved(format)).documentation as MarkupContent).value, /format/i);
    assert.doesNotMatch(((await resolved(key)).documentation as MarkupContent).value, /```yaml/, 'the key, not the snippet');
    assert.match(((await resolved(snippet)).documentation as MarkupContent).value, /```yaml\ntemplate: /);
    // After another list, the first one's items are not found by their labels.
    await complete();
    assert.equal((await resolved(format)).documentation, undefined);
  });

  it('hovers a handoff id with its schedule', async () => {
    const text = read('sq010.handoff.yaml');
    const result = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: uri('sq010.handoff.yaml') },
      position: positionOf(text, 'id: fx-to-comp-sq010', 6),
    });
    const value = (result!.contents as MarkupContent).value;
    assert.match(value, /2027-01-13/);
    assert.match(value, /2027-01-22/);
    assert.match(value, /ready[^\n]*2027-01-26/i);
    assert.match(value, /slack/i);
  });

  it('hovers an enum value with what it means and the other values', async () => {
    const text = read('sq010.handoff.yaml');
    const at = async (needle: string, offset: number) => {
      const result = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') }, position: positionOf(text, needle, offset) });
      return result ? (result.contents as MarkupContent).value : null;
    };
    const status = (await at('status: accepted', 10))!;
    assert.match(status, /^`accepted` \(handoff status\): Checked and taken by the receiving department: done\./);
    assert.deepEqual([...status.matchAll(/^- `([a-z_]+)`/gm)].map((m) => m[1]), ['planned', 'in_progress', 'submitted', 'rejected', 'blocked']);
    assert.match((await at('level: high', 8))!, /^`high` \(risk level\): .*contingency[\s\S]*- `critical`/);
    assert.match((await at('event: submitted', 8))!, /^`submitted` \(history event\): [\s\S]*- `accepted`[\s\S]*- `rejected`/);
    // Near miss: a free-text value is no enum value.
    assert.equal(await at('title: FX sim caches', 9), null);
  });

  it('goes to the definition of a template and finds every reference to a department', async () => {
    const text = read('sq010.handoff.yaml');
    const defs = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uri('sq010.handoff.yaml') },
      position: positionOf(text, 'template: fx-elements', 11),
    })) as Location[];
    assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line, d.range.start.character]), [[uri('fx-elements.template.yaml'), 0, 10]]);

    const refs = (await client.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uri('sq010.handoff.yaml') },
      position: positionOf(text, 'from: fx', 6),
      context: { includeDeclaration: true },
    })) as Location[];
    const where = refs.map((r) => `${path.basename(new URL(r.uri).pathname)}:${r.range.start.line + 1}`).sort();
    assert.deepEqual(where, ['sq010.handoff.yaml:4', 'sq010.handoff.yaml:20', 'sq020.handoff.yaml:4', 'test.production.yaml:9', 'test.production.yaml:12'].sort());
  });

  it('renames a department across three files, and the workspace checks clean again', async () => {
    const text = read('test.production.yaml');
    const position = positionOf(text, '{ id: fx,', 6);
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri('test.production.yaml') }, position });
    assert.ok(prepared && 'placeholder' in prepared && prepared.placeholder === 'fx');
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('test.production.yaml') },
      position,
      newName: 'effects',
    })) as WorkspaceEdit;
    const changed = Object.keys(edit.changes!).map((u) => path.basename(new URL(u).pathname)).sort();
    assert.deepEqual(changed, ['sq010.handoff.yaml', 'sq020.handoff.yaml', 'test.production.yaml']);

    // Apply the production file's part first: the handoff files must break...
    const write = (u: string) => {
      const name = path.basename(new URL(u).pathname);
      writeFileSync(file(name), applyEdits(read(name), edit.changes![u]));
      return client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: u, type: FileChangeType.Changed }] });
    };
    await write(uri('test.production.yaml'));
    await client.waitFor('broken references after half the rename', () => client.latest(uri('sq020.handoff.yaml'))!.diagnostics.some((d) => d.code === 'unknown-reference'));
    // ...and the rest of the edit makes everything clean again.
    await write(uri('sq010.handoff.yaml'));
    await write(uri('sq020.handoff.yaml'));
    await client.waitFor('a clean workspace after the whole rename', () =>
      ['test.production.yaml', 'sq010.handoff.yaml', 'sq020.handoff.yaml'].every((name) => client.latest(uri(name))!.diagnostics.length === 0),
    ).catch((error: Error) => {
      const left = ['test.production.yaml', 'sq010.handoff.yaml', 'sq020.handoff.yaml'].map((name) => `${name}: ${JSON.stringify(client.latest(uri(name))!.diagnostics.map((d) => d.message))}`);
      throw new Error(`${error.message}\n${left.join('\n')}`);
    });
    assert.match(read('sq020.handoff.yaml'), /from: effects/);
  });

  // Behaviour changed on purpose: a refusal is a message to the user, not a failed request the client logs as an error.
  it('refuses a rename onto an id that already exists with a warning the user reads, not an error response', async () => {
    const text = read('test.production.yaml');
    const result = await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('test.production.yaml') },
      position: positionOf(text, '{ id: fx,', 6),
      newName: 'comp',
    });
    assert.equal(result, null, 'no edit, and no error response');
    const warning = await client.waitFor('the refusal shown to the user', () => client.messages.find((m) => /comp/.test(m.message)));
    assert.equal(warning.type, 2, 'a warning');
    assert.match(warning.message, /^Rename refused: A department 'comp' already exists .*choose another id\.$/);
    // A valid new name is not refused: near miss.
    const ok = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('test.production.yaml') },
      position: positionOf(text, '{ id: fx,', 6),
      newName: 'effects',
    })) as WorkspaceEdit;
    assert.ok(ok.changes && Object.keys(ok.changes).length > 0);
    assert.equal(client.messages.length, 1);
  });

  it('refuses to prepare a rename off an id with the reason, which the editor shows in place', async () => {
    const text = read('sq010.handoff.yaml');
    await assert.rejects(
      client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') }, position: positionOf(text, 'title: FX sim', 2) }),
      (error: Error) => /Only ids can be renamed/.test(error.message),
    );
    assert.ok(!client.logs.some((line) => /failed/.test(line)), client.logs.join('\n'));
  });

  it('offers the did-you-mean fix for an unknown reference', async () => {
    const text = read('sq020.handoff.yaml').replace('template: fx-elements', 'template: fx-elemnts');
    await client.open(uri('sq020.handoff.yaml'), text);
    const published = await client.waitFor('the unknown template', () => {
      const latest = client.latest(uri('sq020.handoff.yaml'));
      return latest?.version === 1 && latest.diagnostics.length > 0 ? latest : undefined;
    });
    const diagnostic = published.diagnostics.find((d) => d.code === 'unknown-reference')!;
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri('sq020.handoff.yaml') },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const fix = actions!.find((a) => 'edit' in a && a.title.includes("'fx-elements'"));
    assert.ok(fix && 'edit' in fix, 'a quick fix names the right template');
    assert.deepEqual(fix.edit!.changes![uri('sq020.handoff.yaml')].map((e) => e.newText), ['fx-elements']);
  });

  it('offers for a schedule conflict: move start and due keeping the duration, open the upstream, disable for this line', async () => {
    // fx-to-comp-sq010 starts Tuesday 2027-01-12; its upstream fx-sim-sq010 is ready on 2027-01-12, so the first allowed start is Wednesday 2027-01-13.
    const text = read('sq010.handoff.yaml').replace('    start: 2027-01-13', '    start: 2027-01-12');
    await client.open(uri('sq010.handoff.yaml'), text);
    const published = await client.waitFor('the conflict', () => {
      const latest = client.latest(uri('sq010.handoff.yaml'));
      return latest?.version === 1 && latest.diagnostics.some((d) => d.code === 'schedule-conflict') ? latest : undefined;
    });
    const conflict = published.diagnostics.find((d) => d.code === 'schedule-conflict')!;
    assert.deepEqual(conflict.range.start, positionOf(text, '2027-01-12', 0));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri('sq010.handoff.yaml') },
      range: conflict.range,
      context: { diagnostics: [conflict] },
    }))!.filter((a): a is CodeAction => 'kind' in a || 'edit' in a || 'command' in a);
    const titled = (pattern: RegExp) => actions.find((a) => pattern.test(a.title))!;
    // Tuesday 12th to Friday 22nd is 8 working days after the start; from Wednesday 13th, 8 working days on is Monday 25th.
    const move = titled(/^Move start and due/);
    assert.equal(move.title, 'Move start and due to 2027-01-13 → 2027-01-25, keeping the duration');
    const moved = applyEdits(text, move.edit!.changes![uri('sq010.handoff.yaml')]);
    assert.match(moved, /start: 2027-01-13\n    due: 2027-01-25\n/);
    const open = titled(/^Open the upstream/);
    assert.equal(open.title, "Open the upstream 'fx-sim-sq010'");
    assert.equal(open.command!.command, 'handoff.revealSource');
    const [target] = open.command!.arguments as Location[];
    assert.deepEqual([target.uri, target.range.start], [uri('sq010.handoff.yaml'), positionOf(text, 'id: fx-sim-sq010', 4)]);
    // Silencing comes last, above the line, indented like it, and the diagnostic goes away.
    assert.equal(actions[actions.length - 1].title, 'Disable schedule-conflict for this line');
    const silenced = applyEdits(text, actions[actions.length - 1].edit!.changes![uri('sq010.handoff.yaml')]);
    assert.match(silenced, /\n    # handoff-disable-next-line schedule-conflict: reason\n    start: 2027-01-12\n/);
    await client.change(uri('sq010.handoff.yaml'), silenced);
    await client.waitFor('the conflict silenced', () => {
      const latest = client.latest(uri('sq010.handoff.yaml'));
      return latest?.version === 2 && !latest.diagnostics.some((d) => d.code === 'schedule-conflict');
    });
  });

  it('gives an outline, workspace symbols and code lenses', async () => {
    const outline = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') } })) as DocumentSymbol[];
    const names = outline.flatMap((s) => [s.name, ...(s.children ?? []).map((c) => c.name)]);
    assert.ok(names.includes('fx-sim-sq010') && names.includes('fx-to-comp-sq010'), names.join(', '));

    const symbols = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'sq020' });
    assert.ok(Array.isArray(symbols) && symbols.some((s) => s.name === 'fx-to-comp-sq020'));

    // Behaviour changed on purpose: four lenses a handoff, each its own link.
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') } });
    const text = read('sq010.handoff.yaml');
    const second = positionOf(text, 'id: fx-to-comp-sq010', 4);
    const ofSecond = lenses!.filter((lens) => lens.range.start.line === second.line);
    assert.deepEqual(ofSecond.map((lens) => `${lens.command!.title} → ${lens.command!.command}`), [
      '1 upstream → handoff.peekLocations',
      '1 downstream → handoff.peekLocations',
      'critical path → ',
      'show in timeline → handoff.showInTimeline',
    ]);
    // "1 upstream" peeks at fx-sim-sq010 from the lens's place; "1 downstream" at fx-to-comp-sq020 in the other file.
    const [peekUri, at, upstream] = ofSecond[0].command!.arguments as [string, { line: number; character: number }, Location[]];
    assert.deepEqual([peekUri, at], [uri('sq010.handoff.yaml'), second]);
    assert.deepEqual(upstream.map((l) => [l.uri, l.range.start]), [[uri('sq010.handoff.yaml'), positionOf(text, 'id: fx-sim-sq010', 4)]]);
    const downstream = ofSecond[1].command!.arguments![2] as Location[];
    assert.deepEqual(downstream.map((l) => [l.uri, l.range.start]), [[uri('sq020.handoff.yaml'), positionOf(SECOND_HANDOFF_FILE, 'id: fx-to-comp-sq020', 4)]]);
    assert.deepEqual(ofSecond[3].command!.arguments, ['fx-to-comp-sq010']);
  });

  it('serves the schedule model and the dependency graph', async () => {
    const schedule = await client.connection.sendRequest(ScheduleRequest.method, { uri: uri('sq010.handoff.yaml') });
    const model = schedule as { today: string; handoffs: { id: string; ready?: string; critical: boolean }[]; departments: { id: string; color?: string }[] };
    assert.equal(model.today, '2027-01-15');
    assert.deepEqual(model.departments.map((d) => `${d.id} ${d.color}`), ['fx #61afef', 'comp #98c379']);
    assert.equal(model.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.ready, '2027-01-26');

    const graph = (await client.connection.sendRequest(GraphRequest.method, { uri: uri('sq010.handoff.yaml') })) as {
      kind: string;
      edges: { from: string; to: string; kind: string }[];
    };
    assert.equal(graph.kind, 'handoffs');
    const edges = graph.edges.filter((e) => e.kind === 'depends_on').map((e) => `${e.from} -> ${e.to}`).sort();
    assert.deepEqual(edges, ['handoff:fx-sim-sq010 -> handoff:fx-to-comp-sq010', 'handoff:fx-to-comp-sq010 -> handoff:fx-to-comp-sq020']);
  });

  it('keeps serving the last good schedule, marked stale, while a file does not parse', async () => {
    const good = read('sq010.handoff.yaml');
    await client.open(uri('sq010.handoff.yaml'), good);
    type View = { stale?: { files: string[] }; handoffs: { id: string; due?: string; dependsOn: string[] }[] };
    const scheduleNow = async () => (await client.connection.sendRequest(ScheduleRequest.method, { uri: uri('sq010.handoff.yaml') })) as View;
    const lensTitles = async () =>
      ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('sq010.handoff.yaml') } })) ?? []).map((lens) => lens.command!.title);
    assert.equal((await scheduleNow()).stale, undefined);

    // A one-space slip before fx-to-comp-sq010's dates: the parser would lose its due date and depends_on.
    const slipped = good.replace('    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    escalation', '    to: comp\n     template: fx-elements\n    owner: dana\n    contact: ben\n    escalation');
    await client.change(uri('sq010.handoff.yaml'), slipped);
    const broken = await client.waitFor('the one plain-language diagnostic', () => {
      const latest = client.latest(uri('sq010.handoff.yaml'));
      return latest?.version === 2 && latest.diagnostics.length > 0 ? latest : undefined;
    });
    assert.deepEqual(broken.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`), ['22:6 yaml-syntax']);
    const stale = await scheduleNow();
    assert.deepEqual(stale.stale, { files: [uri('sq010.handoff.yaml')] });
    const second = stale.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
    assert.deepEqual([second.due, second.dependsOn], ['2027-01-22', ['fx-sim-sq010']]);
    const titles = await lensTitles();
    assert.ok(!titles.some((title) => /no due date/.test(title)), titles.join(' | '));
    assert.deepEqual(titles.filter((title) => /stale/.test(title)), ['critical path (stale)', 'critical path (stale)']);

    // Fixed: the current schedule again, with the edit made meanwhile (due a day later).
    await client.change(uri('sq010.handoff.yaml'), good.replace('due: 2027-01-22', 'due: 2027-01-25'));
    const fixed = await scheduleNow();
    assert.equal(fixed.stale, undefined);
    assert.equal(fixed.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!.due, '2027-01-25');
    assert.ok(!(await lensTitles()).some((title) => /stale/.test(title)));
  });
});
