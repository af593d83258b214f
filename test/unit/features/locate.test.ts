import * as assert from 'node:assert/strict';
import { completionContext, locate, type CompletionContext } from '../../../server/src/core/features/locate';
import { atCursor, inBaseFile, textAt } from './cursor';

/** The completion context at the `|` of a file's text, as `position path prefix`. */
function contextOf(file: string, marked: string): string {
  const cursor = atCursor(file, marked);
  const context = completionContext(cursor.workspace.file(cursor.uri)!.parsed, cursor.offset);
  return context ? `${context.position} ${context.path.join('.')} '${context.prefix}'` : 'none';
}

function fullContext(file: string, marked: string): CompletionContext {
  const cursor = atCursor(file, marked);
  const context = completionContext(cursor.workspace.file(cursor.uri)!.parsed, cursor.offset);
  assert.ok(context);
  return context;
}

describe('locate', () => {
  describe('what is at an offset', () => {
    it('finds the deepest node and whether the cursor is on its key or its value', () => {
      const onKey = inBaseFile('sq010.handoff.yaml', 'dep|ends_on: [fx-sim-sq010]');
      const keyAt = locate(onKey.workspace, onKey.uri, onKey.offset)!;
      assert.deepEqual(keyAt.node?.path, ['handoffs', 1, 'depends_on']);
      assert.equal(keyAt.node?.part, 'key');
      assert.equal(textAt(onKey.workspace, onKey.uri, keyAt.node!.span), 'depends_on');

      const onItem = inBaseFile('sq010.handoff.yaml', 'depends_on: [fx-sim|-sq010]');
      const itemAt = locate(onItem.workspace, onItem.uri, onItem.offset)!;
      assert.deepEqual(itemAt.node?.path, ['handoffs', 1, 'depends_on', 0]);
      assert.equal(itemAt.node?.part, 'value');
      assert.equal(itemAt.node?.value, 'fx-sim-sq010');
    });

    it('counts a cursor right after a word as on it', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: fx|\n    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    start: 2027-01-04');
      const at = locate(cursor.workspace, cursor.uri, cursor.offset)!;
      assert.deepEqual(at.node?.path, ['handoffs', 0, 'from']);
      assert.equal(at.reference?.kind, 'department');
    });

    it('finds the reference or the definition under the cursor', () => {
      const reference = inBaseFile('fx-delivery.runbook.yaml', 'after: [re|nder]');
      const at = locate(reference.workspace, reference.uri, reference.offset)!;
      assert.deepEqual([at.reference?.kind, at.reference?.id, at.reference?.scopes], ['step', 'render', ['fx-delivery']]);
      assert.equal(at.symbol, undefined);

      const definition = inBaseFile('fx-delivery.runbook.yaml', '{ id: re|nder');
      const def = locate(definition.workspace, definition.uri, definition.offset)!;
      assert.deepEqual([def.symbol?.kind, def.symbol?.id, def.symbol?.scope], ['step', 'render', 'fx-delivery']);
      assert.equal(def.reference, undefined);
      assert.equal(def.production?.key, 'file:///fixture');
    });

    it('finds nothing in a file the workspace does not hold', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: |fx');
      assert.equal(locate(cursor.workspace, 'file:///fixture/notes.txt', 0), undefined);
    });
  });

  describe('completion context', () => {
    it('reads a value with nothing typed yet', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    from: |\n'), "value handoffs.0.from ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    from: |\n    to: comp\n'), "value handoffs.0.from ''");
    });

    it('reads flow lists and maps, also unclosed ones', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    depends_on: [b, |]\n'), "value handoffs.0.depends_on.1 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    depends_on: [b, c|\n    due: 2027-01-01\n'), "value handoffs.0.depends_on.1 'c'");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - { id: a, from: fx, to: | }\n'), "value handoffs.0.to ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - { id: a, fr| }\n'), "key handoffs.0 'fr'");
      assert.equal(contextOf('a.runbook.yaml', 'runbook: r\nsteps:\n  - { id: b, after: [a], qa: [x, |] }\n'), "value steps.0.qa.1 ''");
    });

    it('reads a new line where a key is expected, at the indentation typed', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    title: x\n    |\n  - id: b\n'), "key handoffs.0 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    risk:\n      level: high\n    |\n'), "key handoffs.0 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    risk:\n      level: high\n      |\n'), "key handoffs.0.risk ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    risk:\n      |\n'), "key handoffs.0.risk ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    from: fx # who delivers\n    |\n'), "key handoffs.0 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n|\n'), "key  ''");
    });

    it('reads a key being typed where the YAML does not parse', () => {
      const context = fullContext('a.handoff.yaml', 'handoffs:\n  - id: a\n    title: x\n    fe|\n    due: 2027-01-01\n');
      assert.equal(context.position, 'key');
      assert.deepEqual(context.path, ['handoffs', 0]);
      assert.equal(context.prefix, 'fe');
      assert.deepEqual([...context.existingKeys].sort(), ['due', 'id', 'title']);
    });

    it('reads the structure from indentation where the parser lost it', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    title: x\n   bad: 1\n    from: |\n'), "value handoffs.0.from ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n\ttitle: x\n    from: |\n'), "value handoffs.0.from ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  - id: b\n    title: "x: y\n    risk:\n      level: high\n      |\n'), "key handoffs.1.risk ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    fro\n  - id: b\n  - id: c\n    escalation:\n      - ben\n      - |\n'), "key-or-value handoffs.2.escalation.1 ''");
    });

    it('reads list items after `- `, with their index', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  - id: b\n  - |\n'), "key-or-value handoffs.2 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n- id: a\n- |\n'), "key-or-value handoffs.1 ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    escalation:\n      - ben\n      - d|\n'), "key-or-value handoffs.0.escalation.1 'd'");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  - id: b\n    from: |\n'), "value handoffs.1.from ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  - from: |\n'), "value handoffs.1.from ''");
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  |\n'), "list-item handoffs ''");
    });

    it('starts a new block under a key with no value yet', () => {
      const context = fullContext('a.handoff.yaml', 'handoffs:\n  |\n');
      assert.equal(context.position, 'key');
      assert.equal(context.newBlock, true);
      assert.deepEqual(context.path, ['handoffs']);
    });

    it('leaves the quotes of a quoted value alone', () => {
      const cursor = atCursor('a.handoff.yaml', 'handoffs:\n  - id: a\n    from: "f|"\n');
      const context = completionContext(cursor.workspace.file(cursor.uri)!.parsed, cursor.offset)!;
      assert.equal(context.prefix, 'f');
      assert.equal(cursor.text.slice(context.replace.start, context.replace.end), 'f');
    });

    it('offers nothing in comments, block scalars, indentation and after a closed flow', () => {
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    # from: |\n'), 'none');
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    from: fx # |\n'), 'none');
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    done_when: >|\n      All shots\n'), 'none');
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n  |  from: fx\n'), 'none');
      assert.equal(contextOf('a.handoff.yaml', 'handoffs:\n  - id: a\n    depends_on: [b] |\n'), 'none');
    });
  });
});
