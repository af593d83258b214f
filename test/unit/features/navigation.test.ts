import * as assert from 'node:assert/strict';
import { Analysis, type Location, type TextEdit, type Workspace } from '../../../server/src/core/facade';
import { fixtureFiles, uriOf } from '../../harness';
import { applyEdits, atCursor, inBaseFile, lineColumn, textAt, type Cursor } from './cursor';

// Navigation as the server asks for it: through the analysis facade.
const definition = (workspace: Workspace, uri: string, offset: number) => new Analysis(workspace).definition(uri, offset);
const references = (workspace: Workspace, uri: string, offset: number, includeDeclaration: boolean) => new Analysis(workspace).references(uri, offset, includeDeclaration);
const prepareRename = (workspace: Workspace, uri: string, offset: number) => new Analysis(workspace).prepareRename(uri, offset);
const rename = (workspace: Workspace, uri: string, offset: number, newName: string) => new Analysis(workspace).rename(uri, offset, newName);

/** Locations as `file:line:column text`, sorted. */
function shown(cursor: Cursor, locations: Location[]): string[] {
  return locations
    .map((l) => `${l.uri.replace('file:///fixture/', '')}:${lineColumn(cursor.workspace, l.uri, l.span.start)} ${textAt(cursor.workspace, l.uri, l.span)}`)
    .sort();
}

function editsOf(result: ReturnType<typeof rename>): TextEdit[] {
  assert.ok('edits' in result, 'error' in result ? result.error : 'no edits');
  return result.edits;
}

describe('navigation', () => {
  describe('definition', () => {
    it('goes from a template reference to the template file, at its id', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'template: fx-el|ements');
      const result = definition(cursor.workspace, cursor.uri, cursor.offset);
      assert.deepEqual(shown(cursor, result), ['fx-elements.template.yaml:1:11 fx-elements']);
    });

    it('goes to departments, people, milestones, upstream handoffs, checklist items and steps', () => {
      const at = (file: string, find: string) => {
        const cursor = inBaseFile(file, find);
        return shown(cursor, definition(cursor.workspace, cursor.uri, cursor.offset));
      };
      assert.deepEqual(at('sq010.handoff.yaml', 'to: co|mp'), ['test.production.yaml:10:11 comp']);
      assert.deepEqual(at('sq010.handoff.yaml', 'contact: |ben'), ['test.production.yaml:12:11 ben']);
      assert.deepEqual(at('sq010.handoff.yaml', 'feeds: picture-lock|'), ['test.production.yaml:16:11 picture-lock']);
      assert.deepEqual(at('sq010.handoff.yaml', 'depends_on: [fx-sim-sq010|]'), ['sq010.handoff.yaml:2:9 fx-sim-sq010']);
      assert.deepEqual(at('fx-delivery.runbook.yaml', 'qa: [fr|ame-range]'), ['fx-elements.template.yaml:12:11 frame-range']);
      assert.deepEqual(at('fx-delivery.runbook.yaml', 'after: [qa|]'), ['fx-delivery.runbook.yaml:7:11 qa']);
      assert.deepEqual(at('test.glossary.yaml', 'formats: [exr, pro|res4444]'), ['test.glossary.yaml:6:11 prores4444']);
    });

    it('goes from a naming token to the glossary', () => {
      const cursor = inBaseFile('fx-elements.template.yaml', 'naming: "{show}_{shot}_{lay|er}');
      assert.deepEqual(shown(cursor, definition(cursor.workspace, cursor.uri, cursor.offset)), ['test.glossary.yaml:12:3 layer']);
    });

    it('finds every definition of a duplicate id and none of an unknown one', () => {
      const extra = 'handoffs:\n  - id: fx-sim-sq010\n    from: fx\n    to: comp\n    due: 2027-01-08\n';
      const cursor = inBaseFile('sq010.handoff.yaml', 'depends_on: [|fx-sim-sq010]', { 'extra.handoff.yaml': extra });
      assert.deepEqual(shown(cursor, definition(cursor.workspace, cursor.uri, cursor.offset)), [
        'extra.handoff.yaml:2:9 fx-sim-sq010',
        'sq010.handoff.yaml:2:9 fx-sim-sq010',
      ]);
      const unknown = atCursor('new.handoff.yaml', 'handoffs:\n  - id: a\n    from: ani|mation\n');
      assert.deepEqual(definition(unknown.workspace, unknown.uri, unknown.offset), []);
    });
  });

  describe('references', () => {
    it('finds every use of a department across the production, with or without its definition', () => {
      const cursor = inBaseFile('test.production.yaml', '{ id: f|x, name: FX');
      assert.deepEqual(shown(cursor, references(cursor.workspace, cursor.uri, cursor.offset, true)), [
        'sq010.handoff.yaml:20:11 fx',
        'sq010.handoff.yaml:4:11 fx',
        'test.production.yaml:12:64 fx',
        'test.production.yaml:9:11 fx',
      ]);
      assert.equal(references(cursor.workspace, cursor.uri, cursor.offset, false).length, 3);
    });

    it('finds the same from a reference', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: |fx');
      assert.equal(references(cursor.workspace, cursor.uri, cursor.offset, true).length, 4);
    });

    it('keeps checklist items of different templates apart', () => {
      const other = 'template: other\nchecklist:\n  - { id: frame-range, check: Frame range equals the edit }\n';
      const cursor = inBaseFile('fx-elements.template.yaml', '{ id: frame-ran|ge', { 'other.template.yaml': other });
      assert.deepEqual(shown(cursor, references(cursor.workspace, cursor.uri, cursor.offset, false)), [
        'fx-delivery.runbook.yaml:7:43 frame-range',
        'sq010.handoff.yaml:13:17 frame-range',
        'sq010.handoff.yaml:32:17 frame-range',
      ]);
    });

    it('finds the uses of a naming token in naming patterns', () => {
      const cursor = inBaseFile('test.glossary.yaml', 'la|yer:');
      assert.deepEqual(shown(cursor, references(cursor.workspace, cursor.uri, cursor.offset, false)), [
        'fx-elements.template.yaml:5:25 layer',
        'fx-elements.template.yaml:8:21 layer',
      ]);
    });
  });

  describe('rename', () => {
    it('renames a department in the production file and on both handoff lines', () => {
      const cursor = inBaseFile('test.production.yaml', '{ id: f|x, name: FX');
      const texts = applyEdits(cursor.workspace, editsOf(rename(cursor.workspace, cursor.uri, cursor.offset, 'vfx')));
      const production = texts.get(uriOf('test.production.yaml'))!;
      const handoffs = texts.get(uriOf('sq010.handoff.yaml'))!;
      assert.match(production, /- \{ id: vfx, name: FX, lead: ben/);
      assert.match(production, /role: FX Supervisor, department: vfx,/);
      assert.equal(handoffs.match(/from: vfx/g)?.length, 2);
      assert.equal(handoffs.match(/from: fx/g), null);
      assert.equal([...texts.keys()].length, 2);
    });

    it('renames a handoff everywhere: upstream lists, runbook steps and risks', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'id: fx-to-comp-sq0|10');
      const edits = editsOf(rename(cursor.workspace, cursor.uri, cursor.offset, 'fx-to-comp-sq010-v2'));
      const texts = applyEdits(cursor.workspace, edits);
      assert.match(texts.get(uriOf('sq010.handoff.yaml'))!, /- id: fx-to-comp-sq010-v2\n/);
      assert.match(texts.get(uriOf('fx-delivery.runbook.yaml'))!, /handoff: fx-to-comp-sq010-v2,/);
      assert.match(texts.get(uriOf('test.risks.yaml'))!, /handoff: fx-to-comp-sq010-v2\n/);
      assert.equal(edits.length, 3);
    });

    it('renames from a reference, keeping quotes', () => {
      const quoted = fixtureFiles()['sq010.handoff.yaml'].replace('depends_on: [fx-sim-sq010]', 'depends_on: ["fx-sim-sq010"]');
      const cursor = atCursor('sq010.handoff.yaml', quoted.replace('["fx-sim-sq010"]', '["fx-sim|-sq010"]'));
      const texts = applyEdits(cursor.workspace, editsOf(rename(cursor.workspace, cursor.uri, cursor.offset, 'fx-sim')));
      const text = texts.get(cursor.uri)!;
      assert.match(text, /- id: fx-sim\n/);
      assert.match(text, /depends_on: \["fx-sim"\]/);
    });

    it('renames a checklist item in its template, handoff checklists and runbook steps', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'checklist: [frame-range, color|space]');
      const edits = editsOf(rename(cursor.workspace, cursor.uri, cursor.offset, 'color-space'));
      const texts = applyEdits(cursor.workspace, edits);
      assert.match(texts.get(uriOf('fx-elements.template.yaml'))!, /\{ id: color-space, check: Every file/);
      assert.match(texts.get(uriOf('sq010.handoff.yaml'))!, /checklist: \[frame-range, color-space\]/);
      assert.equal(edits.length, 2);
    });

    it('renames a naming token in the glossary and in every naming pattern', () => {
      const cursor = inBaseFile('fx-elements.template.yaml', 'naming: "{show}_{shot}_{lay|er}');
      const texts = applyEdits(cursor.workspace, editsOf(rename(cursor.workspace, cursor.uri, cursor.offset, 'element')));
      assert.match(texts.get(uriOf('test.glossary.yaml'))!, /\n {2}element: "\[a-z\]\+"/);
      assert.equal(texts.get(uriOf('fx-elements.template.yaml'))!.match(/\{element\}/g)?.length, 2);
    });

    it('refuses a name that is taken by another id of the same kind', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: f|x');
      const result = rename(cursor.workspace, cursor.uri, cursor.offset, 'comp');
      assert.deepEqual(result, { error: "A department 'comp' already exists (test.production.yaml:10); choose another id." });
    });

    it('allows a name another kind uses, and refuses a taken step id within the same runbook only', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: f|x');
      assert.ok('edits' in rename(cursor.workspace, cursor.uri, cursor.offset, 'ben'), 'a person may be called ben too');
      const step = inBaseFile('fx-delivery.runbook.yaml', '{ id: me|ta');
      assert.match((rename(step.workspace, step.uri, step.offset, 'qa') as { error: string }).error, /A step 'qa' already exists in runbook 'fx-delivery'/);
    });

    it('refuses a name that is not kebab-case', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: f|x');
      const result = rename(cursor.workspace, cursor.uri, cursor.offset, 'Visual_Effects');
      assert.ok('error' in result);
      assert.match(result.error, /'Visual_Effects' is not a valid id: ids are kebab-case .* such as 'visual-effects'/);
    });

    it('prepares a rename on an id and refuses elsewhere', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'owner: da|na');
      const prepared = prepareRename(cursor.workspace, cursor.uri, cursor.offset);
      assert.ok('span' in prepared);
      assert.equal(prepared.placeholder, 'dana');
      assert.equal(textAt(cursor.workspace, cursor.uri, prepared.span), 'dana');
      const title = inBaseFile('sq010.handoff.yaml', 'title: FX sim ca|ches');
      assert.ok('error' in prepareRename(title.workspace, title.uri, title.offset));
      const unknown = atCursor('new.handoff.yaml', 'handoffs:\n  - id: a\n    from: ani|mation\n');
      assert.deepEqual(prepareRename(unknown.workspace, unknown.uri, unknown.offset), {
        error: "The department 'animation' is not defined, so there is nothing to rename; define it first or fix this reference.",
      });
      const builtIn = inBaseFile('fx-elements.template.yaml', 'naming: "{sh|ow}');
      assert.match((prepareRename(builtIn.workspace, builtIn.uri, builtIn.offset) as { error: string }).error, /built-in naming token/);
    });

    it('returns no edits for the same name', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: f|x');
      assert.deepEqual(rename(cursor.workspace, cursor.uri, cursor.offset, 'fx'), { edits: [] });
    });
  });
});
