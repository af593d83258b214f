// Chain steps in the editor (DESIGN §7.2): a step's hover and code lens speak
// of its instances, its text completes the units' tokens, an instance id
// leads to its step, and renaming a step or a unit renames its instances
// wherever other files name them.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  HoverRequest,
  RenameRequest,
  type CompletionItem,
  type CompletionList,
  type Location,
  type MarkupContent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { copyFolder, positionOf, removeFolder, TestClient, uriOf } from './client';

// The chains fixture: fx and comp for the northlight shots ep101_0010 (written out, line 3
// of the breakdown) and ep101_0020 (imported from the CSV, the import entry on line 5).
// comp-ep101_0010 is ready Fri 01-22, comp-ep101_0020 (5 days of work) Tue 01-26.
// Here picture-lock moves to Mon 01-25: only comp-ep101_0020 is late.
const GRADE = [
  'handoffs:',
  '  - id: grade-ep101',
  '    from: comp',
  '    to: fx',
  '    owner: ben',
  '    contact: chloe',
  '    start: asap',
  '    work: 2',
  '    depends_on: [comp-ep101_0010, comp-ep101_0020]',
  '    unit: ep101',
  '    done_when:',
  '      - The grade of ep101 approved by the VFX supervisor in dailies',
  '',
].join('\n');

describe('protocol: chain steps', function () {
  this.timeout(30_000);
  let folder: string;
  let client: TestClient;
  let chain: string;
  const uri = (name: string) => uriOf(path.join(folder, name));

  beforeEach(async () => {
    folder = copyFolder('test/fixtures/chains');
    const production = path.join(folder, 'test.production.yaml');
    writeFileSync(production, readFileSync(production, 'utf8').replace('date: 2027-02-05', 'date: 2027-01-25'));
    writeFileSync(path.join(folder, 'grade.handoff.yaml'), GRADE);
    chain = readFileSync(path.join(folder, 'shots.handoff.yaml'), 'utf8');
    client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    await client.waitFor('initial diagnostics', () => client.latest(uri('shots.handoff.yaml')));
    await client.open(uri('shots.handoff.yaml'), chain);
  });

  afterEach(async () => {
    await client.stop();
    removeFolder(folder);
  });

  it('hovers a step with its instances, their first and last dates and the late ones', async () => {
    const comp = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('shots.handoff.yaml') }, position: positionOf(chain, 'step: comp', 7) });
    const value = (comp!.contents as MarkupContent).value;
    assert.match(value, /^\*\*Step\*\* `comp` of chain `northlight-shots`: 2 shots, one handoff each/);
    assert.match(value, /instances: `comp-ep101_0010`, `comp-ep101_0020`/);
    assert.match(value, /first starts: Monday 2027-01-18/);
    assert.match(value, /last ready: Tuesday 2027-01-26/);
    assert.match(value, /late: 1 \(`ep101_0020`\)/);
    // Near miss: fx is on time for both shots.
    const fx = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('shots.handoff.yaml') }, position: positionOf(chain, 'step: fx', 7) });
    assert.match((fx!.contents as MarkupContent).value, /late: none/);
  });

  it('puts one lens on each step: how many units, how many late, and the timeline', async () => {
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri('shots.handoff.yaml') } });
    const titles = lenses!.map((lens) => `${lens.range.start.line + 1}: ${lens.command?.title ?? '?'}`);
    assert.deepEqual(titles, ['5: 2 shots · 0 late', '5: show in timeline', '13: 2 shots · 1 late', '13: show in timeline']);
    const late = lenses!.find((lens) => lens.command?.title === '2 shots · 1 late')!;
    // It peeks at the late unit's line: the import entry that brings ep101_0020 in.
    const peeked = late.command!.arguments![2] as Location[];
    assert.deepEqual(peeked.map((location) => `${path.basename(location.uri)}:${location.range.start.line + 1}`), ['show.breakdown.yaml:5']);
    const timeline = lenses!.find((lens) => lens.range.start.line === 12 && lens.command?.title === 'show in timeline')!;
    assert.deepEqual(timeline.command!.arguments, ['comp-ep101_0010']);
  });

  it('completes the units\' tokens inside a step\'s text, and instance ids in depends_on', async () => {
    const typed = chain.replace('FX elements for {unit} delivered', 'FX elements for {ve delivered');
    await client.open(uri('shots.handoff.yaml'), typed);
    const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('shots.handoff.yaml') }, position: positionOf(typed, '{ve', 3) });
    const labels = (Array.isArray(result) ? result : (result as CompletionList).items).map((item: CompletionItem) => item.label);
    assert.ok(labels.includes('vendor'), labels.join(', '));
    assert.ok(labels.includes('episode'), labels.join(', '));
    assert.ok(labels.includes('unit'), labels.join(', '));
    assert.ok(!labels.includes('date'), 'no naming token of the glossary');
    const grade = GRADE.replace('depends_on: [comp-ep101_0010, comp-ep101_0020]', 'depends_on: [comp-ep101_0010, ]');
    await client.open(uri('grade.handoff.yaml'), grade);
    const ids = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri('grade.handoff.yaml') }, position: positionOf(grade, ', ]', 2) });
    const offered = (Array.isArray(ids) ? ids : (ids as CompletionList).items).map((item: CompletionItem) => item.label);
    assert.ok(offered.includes('comp-ep101_0020'), offered.join(', '));
    assert.ok(offered.includes('fx-ep101_0010'), offered.join(', '));
    // ep101_0030 is another vendor's shot: it has no instance.
    assert.ok(!offered.some((id) => id.includes('ep101_0030')), offered.join(', '));
  });

  it('goes from an instance id to its step, and from a step named in depends_on to that step', async () => {
    await client.open(uri('grade.handoff.yaml'), GRADE);
    const fromOther = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uri('grade.handoff.yaml') },
      position: positionOf(GRADE, 'comp-ep101_0020', 3),
    })) as Location[];
    assert.deepEqual(fromOther.map((l) => `${path.basename(l.uri)}:${l.range.start.line + 1}:${l.range.start.character + 1}`), ['shots.handoff.yaml:13:15']);
    const fromStep = (await client.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uri('shots.handoff.yaml') },
      position: positionOf(chain, '{ id: fx', 7),
    })) as Location[];
    assert.deepEqual(fromStep.map((l) => `${path.basename(l.uri)}:${l.range.start.line + 1}:${l.range.start.character + 1}`), ['shots.handoff.yaml:5:15']);
  });

  it('renames a step: its name, the steps that depend on it, its overrides and every reference to its instances', async () => {
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('shots.handoff.yaml') },
      position: positionOf(chain, 'step: comp', 7),
      newName: 'final-comp',
    })) as WorkspaceEdit;
    const byFile = Object.entries(edit.changes!).map(([file, edits]) => [path.basename(file), edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`).sort()]);
    assert.deepEqual(Object.fromEntries(byFile), {
      'shots.handoff.yaml': ['13:15 final-comp', '25:21 final-comp'],
      'grade.handoff.yaml': ['9:18 final-comp-ep101_0010', '9:35 final-comp-ep101_0020'],
    });
    // fx: comp's `depends_on: [{ id: fx, lag: -1 }]` names it; nothing outside names its instances.
    const fx = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('shots.handoff.yaml') },
      position: positionOf(chain, 'step: fx', 7),
      newName: 'plates',
    })) as WorkspaceEdit;
    assert.deepEqual(
      Object.entries(fx.changes!).map(([file, edits]) => [path.basename(file), edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`).sort()]),
      [['shots.handoff.yaml', ['18:28 plates', '5:15 plates']]],
    );
  });

  it('renames a unit and the instance ids built from it', async () => {
    const breakdown = readFileSync(path.join(folder, 'show.breakdown.yaml'), 'utf8');
    await client.open(uri('show.breakdown.yaml'), breakdown);
    const edit = (await client.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uri('show.breakdown.yaml') },
      position: positionOf(breakdown, 'id: ep101_0010', 6),
      newName: 'ep101_0015',
    })) as WorkspaceEdit;
    const byFile = Object.entries(edit.changes!).map(([file, edits]) => [path.basename(file), edits.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.newText}`).sort()]);
    assert.deepEqual(Object.fromEntries(byFile), {
      'show.breakdown.yaml': ['3:11 ep101_0015'],
      'grade.handoff.yaml': ['9:18 comp-ep101_0015'],
    });
  });
});
