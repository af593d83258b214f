import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDate } from '../../../server/src/core/calendar';
import { complete, completeList, snippetPreview, type CompletionItem, type Snippets } from '../../../server/src/core/features/completion';
import { inVsCodeOrder } from '../../harness';
import { atCursor, inBaseFile, type Cursor } from './cursor';

const SNIPPETS: Snippets = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'snippets', 'handoff-specs.json'), 'utf8'));

function itemsAt(cursor: Cursor, snippets: Snippets = SNIPPETS): CompletionItem[] {
  return complete(cursor.workspace, cursor.uri, cursor.offset, snippets);
}

const labels = (items: CompletionItem[], kind?: CompletionItem['kind']): string[] =>
  items.filter((item) => kind === undefined || item.kind === kind).map((item) => item.label).sort();

const item = (items: CompletionItem[], label: string): CompletionItem => {
  const found = items.find((candidate) => candidate.label === label);
  assert.ok(found, `no completion '${label}' among ${labels(items).join(', ')}`);
  return found;
};

/** A new handoff file with the cursor somewhere in it. */
function newHandoff(body: string): Cursor {
  return atCursor('new.handoff.yaml', `handoffs:\n  - id: paint-sq010\n    title: Paint fixes\n${body}`);
}

describe('completion', () => {
  describe('ids where a reference goes', () => {
    it('a depends_on list cut at the limit starts with the handoffs delivering to this department, though last by id', () => {
      // Thirty handoffs comp → fx come first by id; two fx → comp (what a comp handoff waits for) come last,
      // after the base fixture's two fx handoffs delivering to comp.
      const others = Array.from({ length: 30 }, (_, i) => `  - { id: a${String(i).padStart(2, '0')}, from: comp, to: fx }\n`).join('');
      const cursor = atCursor(
        'wait.handoff.yaml',
        `handoffs:\n${others}  - { id: z1, from: fx, to: comp }\n  - { id: z2, from: fx, to: comp }\n  - id: paint-sq010\n    from: comp\n    to: fx\n    depends_on: [|]\n`,
      );
      const cut = completeList(cursor.workspace, cursor.uri, cursor.offset, {}, 5);
      assert.equal(cut.isIncomplete, true);
      const ordered = (items: CompletionItem[]) => [...items].sort(inVsCodeOrder).map((i) => i.label);
      assert.deepEqual(ordered(cut.items), ['fx-sim-sq010', 'fx-to-comp-sq010', 'z1', 'z2', 'a00']);
      // Uncut, the same four first, then every other handoff but the one edited.
      const whole = ordered(complete(cursor.workspace, cursor.uri, cursor.offset));
      assert.deepEqual(whole.slice(0, 5), ['fx-sim-sq010', 'fx-to-comp-sq010', 'z1', 'z2', 'a00']);
      assert.ok(!whole.includes('paint-sq010') && whole.includes('a29'), whole.join(' '));
      // A list of four holds only what this department waits for: no sort text is needed.
      const first = completeList(cursor.workspace, cursor.uri, cursor.offset, {}, 4);
      assert.deepEqual(first.items.map((i) => [i.label, i.sortText]).sort(), [['fx-sim-sq010', undefined], ['fx-to-comp-sq010', undefined], ['z1', undefined], ['z2', undefined]]);
      // An edit turns a05 round (fx → comp) and z2 away (to lighting): the next list follows it.
      const edited = cursor.text.replace('a05, from: comp, to: fx', 'a05, from: fx, to: comp').replace('z2, from: fx, to: comp', 'z2, from: fx, to: lighting');
      cursor.workspace.setFile(cursor.uri, edited, 2);
      const after = completeList(cursor.workspace, cursor.uri, edited.length - (cursor.text.length - cursor.offset), {}, 5);
      assert.deepEqual(ordered(after.items), ['a05', 'fx-sim-sq010', 'fx-to-comp-sq010', 'z1', 'a00']);
    });

    it('offers exactly the departments after `from: `, with their names', () => {
      const items = itemsAt(newHandoff('    from: |\n'));
      assert.deepEqual(items.map((i) => [i.label, i.kind, i.detail]).sort(), [
        ['comp', 'id', 'Compositing'],
        ['fx', 'id', 'FX'],
      ]);
    });

    it('does not throw on a list item indented with a no-break space, and still answers with spaces', () => {
      // YAML indents with spaces only; a pasted U+00A0 before the dash made the dash look missing.
      const pasted = atCursor('new.handoff.yaml', 'handoffs:\n\u00a0 - id: paint-sq010\n    from: |\n');
      assert.doesNotThrow(() => itemsAt(pasted));
      assert.doesNotThrow(() => itemsAt(atCursor('new.handoff.yaml', 'handoffs:\n\u00a0 - id: pa|\n')));
      assert.doesNotThrow(() => itemsAt(atCursor('new.handoff.yaml', 'handoffs:\n \t- from: |\n')));
      assert.deepEqual(labels(itemsAt(atCursor('new.handoff.yaml', 'handoffs:\n  - from: |\n'))), ['comp', 'fx']);
    });

    it('replaces the part of the id already typed', () => {
      const cursor = newHandoff('    to: co|\n');
      const items = itemsAt(cursor);
      assert.deepEqual(labels(items), ['comp', 'fx']);
      const replace = item(items, 'comp').replace!;
      assert.equal(cursor.text.slice(replace.start, replace.end), 'co');
    });

    it('offers people with name and role for owner, contact and escalation', () => {
      const owner = itemsAt(newHandoff('    owner: |\n'));
      assert.deepEqual(labels(owner), ['ben', 'chloe', 'dana']);
      assert.equal(item(owner, 'ben').detail, 'Ben Ode · FX Supervisor');
      assert.deepEqual(labels(itemsAt(newHandoff('    contact: d|\n'))), ['ben', 'chloe', 'dana']);
      assert.deepEqual(labels(itemsAt(newHandoff('    escalation: [ben, |]\n'))), ['chloe', 'dana'], 'ben is listed already');
      assert.deepEqual(labels(itemsAt(newHandoff('    escalation:\n      - ben\n      - |\n'))), ['chloe', 'dana']);
    });

    it('offers the handoffs inside `depends_on: [`, with due dates, but not the handoff itself', () => {
      const items = itemsAt(inBaseFile('sq010.handoff.yaml', 'depends_on: [|fx-sim-sq010]'));
      assert.ok(labels(items).includes('fx-sim-sq010'));
      assert.ok(!labels(items).includes('fx-to-comp-sq010'));
      assert.equal(item(items, 'fx-sim-sq010').detail, 'due 2027-01-08');
      assert.match(item(items, 'fx-sim-sq010').documentation!, /FX sim caches for sq010/);
    });

    it('offers the other handoffs after a comma in `depends_on`', () => {
      const items = itemsAt(newHandoff('    depends_on: [fx-sim-sq010, |]\n'));
      assert.deepEqual(labels(items), ['fx-to-comp-sq010']);
    });

    it('offers templates, milestones (with dates) and the template of the handoff\'s checklist', () => {
      assert.deepEqual(labels(itemsAt(newHandoff('    template: |\n'))), ['fx-elements']);
      const feeds = itemsAt(newHandoff('    feeds: |\n'));
      assert.deepEqual(feeds.map((i) => [i.label, i.detail]), [['picture-lock', '2027-02-05 · Picture lock']]);
      const checklist = itemsAt(newHandoff('    template: fx-elements\n    checklist: [|]\n'));
      assert.deepEqual(labels(checklist), ['colorspace', 'frame-range']);
      assert.deepEqual(labels(itemsAt(newHandoff('    checklist: [|]\n'))), [], 'no template, no checklist ids');
    });

    it('offers checklist ids and the keys of an inline check in a block checklist', () => {
      const items = itemsAt(newHandoff('    template: fx-elements\n    checklist:\n      - |\n'));
      assert.deepEqual(labels(items, 'id'), ['colorspace', 'frame-range']);
      assert.deepEqual(labels(items, 'key'), ['check', 'id', 'verify']);
    });

    it('offers glossary ids in a template', () => {
      const template = (line: string) => atCursor('new.template.yaml', `template: new-one\n${line}\n`);
      assert.deepEqual(labels(itemsAt(template('asset_type: |'))), ['fx-element']);
      assert.deepEqual(labels(itemsAt(template('format: |'))), ['exr', 'prores4444']);
      assert.deepEqual(labels(itemsAt(template('color_space: |'))), ['acescg', 'rec709']);
      assert.deepEqual(labels(itemsAt(template('metadata: [|]'))), ['shot']);
      assert.deepEqual(labels(itemsAt(template('checklist:\n  - { id: x, check: Frame count matches, verify: | }'))), ['shot']);
      assert.deepEqual(labels(itemsAt(template('accepts: { formats: [exr, |] }'))), ['prores4444']);
    });

    it('offers the steps of the same runbook after `after:`, not the step itself', () => {
      const cursor = inBaseFile('fx-delivery.runbook.yaml', 'after: [|meta]');
      assert.deepEqual(labels(itemsAt(cursor)), ['meta', 'qa', 'render']);
    });

    it('offers the checklist items of the runbook\'s templates after `qa:`, metadata after `verify:`, templates after `applies_to:`', () => {
      assert.deepEqual(labels(itemsAt(inBaseFile('fx-delivery.runbook.yaml', 'qa: [frame-range|]'))), ['colorspace', 'frame-range']);
      assert.deepEqual(labels(itemsAt(inBaseFile('fx-delivery.runbook.yaml', 'verify: [|shot]'))), ['shot']);
      assert.deepEqual(labels(itemsAt(inBaseFile('fx-delivery.runbook.yaml', 'applies_to: [|fx-elements]'))), ['fx-elements']);
      assert.deepEqual(labels(itemsAt(inBaseFile('fx-delivery.runbook.yaml', 'handoff: |fx-to-comp-sq010'))), ['fx-sim-sq010', 'fx-to-comp-sq010']);
    });

    it('offers handoffs and people in the risk log', () => {
      assert.deepEqual(labels(itemsAt(inBaseFile('test.risks.yaml', 'handoff: |fx-to-comp-sq010'))), ['fx-sim-sq010', 'fx-to-comp-sq010']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.risks.yaml', 'owner: |ben'))), ['ben', 'chloe', 'dana']);
    });

    it('offers departments and people inside the production file', () => {
      assert.deepEqual(labels(itemsAt(inBaseFile('test.production.yaml', 'lead: |ben'))), ['ben', 'chloe', 'dana']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.production.yaml', 'department: |fx'))), ['comp', 'fx']);
    });
  });

  describe('enum values', () => {
    it('offers the statuses after `status: `', () => {
      const items = itemsAt(newHandoff('    status: |\n'));
      assert.deepEqual(labels(items, 'enum'), ['accepted', 'blocked', 'in_progress', 'planned', 'rejected', 'submitted']);
    });

    it('offers risk levels, history events, likelihood, impact and risk status', () => {
      assert.deepEqual(labels(itemsAt(newHandoff('    risk:\n      level: |\n'))), ['critical', 'high', 'low', 'medium']);
      assert.deepEqual(labels(itemsAt(newHandoff('    history:\n      - { date: 2027-01-04, event: | }\n'))), ['accepted', 'rejected', 'submitted']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.risks.yaml', 'likelihood: |medium'))), ['high', 'low', 'medium']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.risks.yaml', 'impact: h|igh'))), ['high', 'low', 'medium']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.risks.yaml', 'status: |open'))), ['closed', 'mitigated', 'open']);
    });

    it('offers metadata types, workdays, booleans and rule severities', () => {
      assert.deepEqual(labels(itemsAt(inBaseFile('test.glossary.yaml', 'type: |string'))), ['boolean', 'date', 'integer', 'number', 'range', 'string']);
      assert.deepEqual(labels(itemsAt(inBaseFile('test.production.yaml', 'workdays: [mon, |tue'))), ['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
      assert.deepEqual(labels(itemsAt(newHandoff('    risk:\n      level: high\n      contingency: { plan: Slapcomps, expedited_review: | }\n'))), ['false', 'true']);
      const rules = atCursor('test.production.yaml', 'production: testprod\nrules:\n  vague-criterion: |\n');
      assert.deepEqual(labels(itemsAt(rules)), ['error', 'info', 'off', 'warning']);
    });

    it('reads risks written as flow maps over several lines', () => {
      const cursor = atCursor(
        'test.risks.yaml',
        'risks:\n  - { id: fx-sim, handoff: fx-to-comp-sq010, description: Water sim may not converge,\n      likelihood: |, impact: high }\n',
      );
      assert.deepEqual(labels(itemsAt(cursor)), ['high', 'low', 'medium']);
    });
  });

  describe('keys', () => {
    it('offers the keys a handoff does not have yet, with the schema description', () => {
      const items = itemsAt(newHandoff('    from: fx\n    |\n'));
      const keys = labels(items, 'key');
      assert.ok(keys.includes('due') && keys.includes('feeds') && keys.includes('depends_on'));
      assert.ok(!keys.includes('id') && !keys.includes('title') && !keys.includes('from'), keys.join(', '));
      assert.equal(item(items, 'feeds').documentation, 'Id of the milestone this handoff must be ready for.');
      assert.equal(item(items, 'feeds').insertText, 'feeds: ');
      assert.equal(item(items, 'feeds').retrigger, true);
      assert.equal(item(items, 'depends_on').insertText, 'depends_on: [$0]');
      assert.equal(item(items, 'done_when').insertText, 'done_when:\n  - $0');
      assert.equal(item(items, 'risk').insertText, 'risk:\n  $0');
      assert.ok(item(items, 'due').sortText! < item(items, 'feeds').sortText!, 'required keys first');
      assert.ok(!labels(itemsAt(newHandoff('    work: 3\n    |\n'))).includes('start'), 'start or work, not both');
    });

    it('knows the keys of a line that is half typed (YAML that does not parse yet)', () => {
      const cursor = newHandoff('    from: fx\n    fe|\n    due: 2027-01-22\n');
      const items = itemsAt(cursor);
      const feeds = item(items, 'feeds');
      assert.equal(cursor.text.slice(feeds.replace!.start, feeds.replace!.end), 'fe');
      assert.ok(!labels(items).includes('due'), 'due is written below');
      assert.ok(!labels(items).includes('from'));
    });

    it('offers keys of nested maps: risk, contingency, calendar', () => {
      assert.deepEqual(labels(itemsAt(newHandoff('    risk:\n      |\n'))), ['contingency', 'level']);
      assert.deepEqual(labels(itemsAt(newHandoff('    risk:\n      level: high\n      contingency: { plan: x, | }\n'))), ['alternate_format', 'expedited_review']);
      const calendar = atCursor('test.production.yaml', 'production: testprod\ncalendar:\n  workdays: [mon]\n  |\n');
      assert.deepEqual(labels(itemsAt(calendar)), ['closures', 'holidays', 'region', 'timezone']);
    });

    it('offers the keys of a new list item after `- `', () => {
      const items = itemsAt(atCursor('fx-delivery.runbook.yaml', 'runbook: fx-delivery\nsteps:\n  - { id: render, do: Render }\n  - |\n'));
      assert.ok(labels(items, 'key').includes('do'));
      assert.ok(labels(items, 'key').includes('id'));
    });

    it('offers keys inside a flow map, leaving out the ones written', () => {
      const items = itemsAt(atCursor('fx-delivery.runbook.yaml', 'runbook: fx-delivery\nsteps:\n  - { id: render, | }\n'));
      const keys = labels(items, 'key');
      assert.ok(keys.includes('after') && keys.includes('qa'));
      assert.ok(!keys.includes('id'));
      assert.equal(item(items, 'after').insertText, 'after: ');
    });

    it('offers top-level keys of a file and the rule ids under `rules:`', () => {
      const top = itemsAt(atCursor('test.production.yaml', 'production: testprod\n|\n'));
      assert.ok(labels(top).includes('departments') && labels(top).includes('calendar'));
      assert.ok(!labels(top).includes('production'));
      const rules = itemsAt(atCursor('test.production.yaml', 'production: testprod\nrules:\n  vague-criterion: off\n  |\n'));
      assert.ok(labels(rules).includes('stale-risk'));
      assert.ok(!labels(rules).includes('vague-criterion'));
      assert.ok(item(rules, 'stale-risk').documentation);
    });

    it('inserts only the key when the colon is already there', () => {
      const items = itemsAt(newHandoff('    fe|: picture-lock\n'));
      assert.equal(item(items, 'feeds').insertText, 'feeds');
    });
  });

  describe('naming tokens', () => {
    it('offers built-in and glossary tokens after `{` in a naming pattern', () => {
      const cursor = atCursor('fx-elements.template.yaml', 'template: fx-elements\nnaming: "{show}_{|"\n');
      const items = itemsAt(cursor);
      const names = labels(items, 'token');
      for (const token of ['seq', 'shot', 'asset', 'from', 'to', 'dept', 'version', 'frame', 'date', 'ext', 'layer']) assert.ok(names.includes(token), token);
      assert.equal(item(items, 'layer').detail, 'glossary: [a-z]+');
      assert.equal(item(items, 'layer').insertText, 'layer}');
      assert.equal(items.filter((i) => i.kind !== 'token').length, 0);
    });

    it('completes a token in the middle of a pattern, in required files and delivery locations', () => {
      const middle = atCursor('fx-elements.template.yaml', 'template: fx-elements\nnaming: "{show}_{sh|ot}_v{version:3}.exr"\n');
      const shot = item(itemsAt(middle), 'shot');
      assert.equal(shot.insertText, 'shot');
      assert.equal(middle.text.slice(shot.replace!.start, shot.replace!.end), 'shot');
      const files = atCursor('fx-elements.template.yaml', 'template: fx-elements\nrequired_files:\n  - "{show}_{|"\n');
      assert.ok(labels(itemsAt(files)).includes('layer'));
      const location = atCursor('fx-elements.template.yaml', 'template: fx-elements\ndelivery: { location: "vault://{|", method: vault }\n');
      assert.ok(labels(itemsAt(location)).includes('to'));
    });

    it('offers no tokens outside braces', () => {
      const cursor = atCursor('fx-elements.template.yaml', 'template: fx-elements\nnaming: "{show}_|"\n');
      assert.deepEqual(itemsAt(cursor), []);
    });
  });

  describe('snippets', () => {
    it('offers a new handoff on a new line of the handoff list', () => {
      const items = itemsAt(atCursor('sq010.handoff.yaml', 'handoffs:\n  - id: a\n    from: fx\n  |\n'));
      const snippet = item(items, 'handoff');
      assert.equal(snippet.kind, 'snippet');
      assert.equal(snippet.snippet, true);
      assert.match(snippet.insertText!, /^- id: \$\{1:/);
      // Departments, template and people are choices of the production's ids (changed on purpose:
      // plain placeholders made errors as soon as the snippet was inserted); the preview shows the first.
      // The receiving department's list starts one on (changed on purpose: fx to fx was the inserted default).
      assert.match(snippet.insertText!, /\n {2}from: \$\{3\|fx,comp\|\}\n {2}to: \$\{4\|comp,fx\|\}\n {2}template: \$\{5\|fx-elements\|\}\n/);
      assert.match(snippet.documentation!, /from: fx\n  to: comp\n/);
      // Near miss: free text stays a placeholder.
      assert.match(snippet.insertText!, /title: \$\{2:What is delivered\}/);
    });

    it('dates a new handoff from the next working day for a working week, and a risk review today (issue 17, point 12)', () => {
      const handoffAt = (today: string | undefined) => {
        const cursor = atCursor('sq010.handoff.yaml', 'handoffs:\n  - id: a\n    from: fx\n  |\n');
        const day = today === undefined ? undefined : parseDate(today);
        return item(complete(cursor.workspace, cursor.uri, cursor.offset, SNIPPETS, day), 'handoff').insertText!;
      };
      // Friday 2027-01-15: the next working day is Monday 2027-01-18; five working days Monday to Friday 2027-01-22.
      assert.match(handoffAt('2027-01-15'), /\n {2}start: \$\{8:2027-01-18\}\n {2}due: \$\{9:2027-01-22\}\n/);
      // Thursday 2026-12-31: Friday 2027-01-01 is a holiday of the production, so Monday 2027-01-04 to Friday 2027-01-08.
      assert.match(handoffAt('2026-12-31'), /\n {2}start: \$\{8:2027-01-04\}\n {2}due: \$\{9:2027-01-08\}\n/);
      // Near miss: with no day given the placeholders say what to type.
      assert.match(handoffAt(undefined), /\n {2}start: \$\{8:YYYY-MM-DD\}\n {2}due: \$\{9:YYYY-MM-DD\}\n/);
      const risk = atCursor('test.risks.yaml', 'risks:\n  |\n');
      assert.match(item(complete(risk.workspace, risk.uri, risk.offset, SNIPPETS, parseDate('2027-01-16')), 'risk').insertText!, /\n {2}reviewed: \$\{8:2027-01-16\}\n/);
    });

    it('drops the snippet\'s own dash after a typed `- `', () => {
      const items = itemsAt(atCursor('sq010.handoff.yaml', 'handoffs:\n  - id: a\n  - |\n'));
      assert.match(item(items, 'handoff').insertText!, /^id: \$\{1:[^}]*\}\n {2}title:/);
      assert.ok(labels(items, 'key').includes('title'));
    });

    it('offers a new risk in the risk log, a template and a runbook at the top of empty files', () => {
      assert.ok(labels(itemsAt(atCursor('test.risks.yaml', 'risks:\n  |\n'))).includes('risk'));
      assert.ok(labels(itemsAt(atCursor('new.template.yaml', '|'))).includes('template'));
      assert.ok(labels(itemsAt(atCursor('new.runbook.yaml', 'ru|'))).includes('runbook'));
      assert.ok(!labels(itemsAt(atCursor('new.template.yaml', 'template: x\n|'))).includes('template'), 'not once the file has an id');
      assert.deepEqual(labels(itemsAt(atCursor('new.handoff.yaml', 'handoffs:\n  |\n'))), ['handoff']);
    });

    it('ships the four snippets in VS Code snippet format', () => {
      assert.deepEqual(Object.values(SNIPPETS).map((s) => s.prefix).sort(), ['handoff', 'risk', 'runbook', 'template']);
      for (const snippet of Object.values(SNIPPETS)) {
        assert.ok(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'));
        assert.ok(snippet.description.length > 0);
      }
      assert.match(snippetPreview(SNIPPETS.Template.body.join('\n')), /naming: "\{show\}_\{shot\}_v\{version:3\}\.\{frame:4\}\.exr"/);
    });
  });

  describe('where nothing is offered', () => {
    it('stays quiet in comments, free text and block scalars', () => {
      assert.deepEqual(itemsAt(newHandoff('    # owner: |\n')), []);
      assert.deepEqual(itemsAt(newHandoff('    title: Paint |\n')), []);
      assert.deepEqual(itemsAt(newHandoff('    done_when: >\n      All shots |\n')), []);
    });

    it('returns nothing for a file the workspace does not hold', () => {
      const cursor = newHandoff('    from: |\n');
      assert.deepEqual(complete(cursor.workspace, 'file:///elsewhere/x.handoff.yaml', 0), []);
    });
  });
});
