import * as assert from 'node:assert/strict';
import { Analysis, type Hover, type Workspace } from '../../../server/src/core/facade';
import { fixtureFiles } from '../../harness';
import { atCursor, inBaseFile, textAt, type Cursor } from './cursor';

function hoverAt(cursor: Cursor): Hover {
  const result = hover(cursor.workspace, cursor.uri, cursor.offset);
  assert.ok(result, 'expected a hover');
  return result;
}

/** Hover as the server and the tests ask for it: through the analysis facade. */
function hover(workspace: Workspace, uri: string, offset: number): Hover | undefined {
  return new Analysis(workspace).hover(uri, offset);
}

describe('hover', () => {
  describe('dates', () => {
    it('shows a Saturday as not a working day, with the next working day', () => {
      const saturday = atCursor('new.handoff.yaml', 'handoffs:\n  - id: a\n    start: 2027-01-0|9\n    due: 2027-01-15\n');
      const result = hoverAt(saturday);
      assert.match(result.contents, /Saturday/);
      assert.match(result.contents, /not a working day \(weekend\)/);
      assert.match(result.contents, /Next working day: Monday 2027-01-11/);
      assert.equal(textAt(saturday.workspace, saturday.uri, result.span), '2027-01-09');
    });

    it('shows a working day as one', () => {
      const result = hoverAt(inBaseFile('sq010.handoff.yaml', 'due: 2027-01|-08'));
      assert.equal(result.contents, '**Friday** 2027-01-08: a working day');
    });

    it('shows a holiday of the production calendar', () => {
      const result = hoverAt(inBaseFile('test.production.yaml', 'holidays: [2027-0|1-01]'));
      assert.match(result.contents, /Friday/);
      assert.match(result.contents, /not a working day \(holiday\)/);
    });

    it('finds a date inside free text', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'plan: Slapcomps by 2027-01-2|0');
      const result = hoverAt(cursor);
      assert.match(result.contents, /Wednesday/);
      assert.equal(textAt(cursor.workspace, cursor.uri, result.span), '2027-01-20');
    });

    it('says when a date does not exist', () => {
      const text = 'handoffs:\n  - id: a\n    due: 2027-02-3|0\n';
      assert.match(hoverAt(atCursor('new.handoff.yaml', text)).contents, /not a real calendar date/);
    });
  });

  describe('references', () => {
    it('shows the department a `from:` points at, and where it is defined', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'from: f|x');
      const result = hoverAt(cursor);
      assert.match(result.contents, /^\*\*Department\*\* `fx`/);
      assert.match(result.contents, /name: FX/);
      assert.match(result.contents, /lead: Ben Ode \(`ben`\)/);
      assert.match(result.contents, /Defined in \[test\\\.production\\\.yaml, line 9\]\(file:\/\/\/fixture\/test\.production\.yaml#L9\)/);
      assert.equal(textAt(cursor.workspace, cursor.uri, result.span), 'fx');
    });

    it('shows a person, a template, a milestone and a checklist item', () => {
      assert.match(hoverAt(inBaseFile('sq010.handoff.yaml', 'owner: da|na')).contents, /role: Producer/);
      assert.match(hoverAt(inBaseFile('sq010.handoff.yaml', 'template: fx-elem|ents')).contents, /format: `exr`/);
      const milestone = hoverAt(inBaseFile('sq010.handoff.yaml', 'feeds: pic|ture-lock')).contents;
      assert.match(milestone, /date: Friday 2027-02-05/);
      assert.match(milestone, /slack: 8 working days/);
      assert.match(hoverAt(inBaseFile('fx-delivery.runbook.yaml', 'qa: [frame-ra|nge]')).contents, /check: Frame range equals the cut list range/);
    });

    it('says a reference is unknown', () => {
      const text = 'handoffs:\n  - id: a\n    from: animat|ion\n';
      assert.match(hoverAt(atCursor('new.handoff.yaml', text)).contents, /^Unknown department `animation`/);
    });
  });

  describe('handoffs', () => {
    it('shows the schedule of a handoff on its id', () => {
      const result = hoverAt(inBaseFile('sq010.handoff.yaml', 'id: fx-to-c|omp-sq010'));
      const lines = result.contents.split('\n');
      assert.equal(lines[0], '**Handoff** `fx-to-comp-sq010`: FX elements for sq010');
      assert.ok(lines.includes('FX (`fx`) → Compositing (`comp`)'));
      assert.ok(lines.includes('- start: Wednesday 2027-01-13'));
      assert.ok(lines.includes('- due: Friday 2027-01-22'));
      assert.ok(lines.includes('- ready: Tuesday 2027-01-26 (after 2 working days of review)'));
      assert.ok(lines.includes('- slack: 8 working days'));
      assert.ok(lines.includes('- **on the critical path**'));
      assert.ok(lines.includes('- status: `in_progress`'));
      assert.ok(lines.includes('- risk: `high`'));
    });

    it('shows the same on a reference to a handoff, with where it is defined', () => {
      const result = hoverAt(inBaseFile('sq010.handoff.yaml', 'depends_on: [fx-sim|-sq010]'));
      assert.match(result.contents, /^\*\*Handoff\*\* `fx-sim-sq010`: FX sim caches for sq010/);
      assert.match(result.contents, /- ready: Tuesday 2027-01-12/);
      assert.match(result.contents, /Defined in \[sq010\\\.handoff\\\.yaml, line 2\]/);
    });

    it('says when a handoff is off the critical path', () => {
      const extra = 'handoffs:\n  - id: ed|it-prep\n    from: fx\n    to: comp\n    start: 2027-01-04\n    due: 2027-01-05\n    review_buffer: 0\n';
      const result = hoverAt(atCursor('extra.handoff.yaml', extra));
      assert.match(result.contents, /- not on the critical path/);
      assert.match(result.contents, /- ready: Tuesday 2027-01-05 \(no review buffer\)/);
    });

    it('escapes markdown written in spec text', () => {
      const text = 'handoffs:\n  - id: a|b\n    title: "*Final* <b>comp</b> [link](x)"\n    from: fx\n    to: comp\n    due: 2027-01-22\n';
      const result = hoverAt(atCursor('new.handoff.yaml', text));
      assert.match(result.contents, /\\\*Final\\\* &lt;b&gt;comp&lt;\/b&gt; \\\[link\\\]\\\(x\\\)/);
      assert.doesNotMatch(result.contents, /<b>/);
    });
  });

  describe('keys and tokens', () => {
    it('shows the schema description of a key', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'fe|eds: picture-lock');
      const result = hoverAt(cursor);
      assert.equal(result.contents, '**milestone** (`feeds`)\n\nId of the milestone this handoff must be ready for.');
      assert.equal(textAt(cursor.workspace, cursor.uri, result.span), 'feeds');
    });

    it('shows what a rule checks on its key under `rules:`', () => {
      const cursor = atCursor('test.production.yaml', 'production: testprod\nrules:\n  vague-crit|erion: off\n');
      assert.match(hoverAt(cursor).contents, /^\*\*Rule\*\* `vague-criterion` \(default: warning\)/);
    });

    it('shows a naming token from the glossary and a built-in one', () => {
      const glossary = hoverAt(inBaseFile('fx-elements.template.yaml', 'naming: "{show}_{shot}_{la|yer}'));
      assert.match(glossary.contents, /^\*\*Naming token\*\* `layer`: matches `\[a-z\]\+`/);
      assert.match(glossary.contents, /test\\\.glossary\\\.yaml, line 12/);
      assert.equal(hoverAt(inBaseFile('fx-elements.template.yaml', 'naming: "{sh|ow}')).contents, '**Naming token** `show`: built in');
    });

    it('shows nothing on plain text', () => {
      const cursor = inBaseFile('sq010.handoff.yaml', 'title: FX sim ca|ches');
      assert.equal(hover(cursor.workspace, cursor.uri, cursor.offset), undefined);
    });
  });
  describe('checklist items of a template that is not defined', () => {
    it('says the item cannot be looked up because of the template (the one diagnostic, on the template), not that it is not defined', () => {
      const text = fixtureFiles()['sq010.handoff.yaml']
        .replace('template: fx-elements\n    owner: dana\n    contact: ben\n    escalation', 'template: fx-elemnts\n    owner: dana\n    contact: ben\n    escalation')
        .replace('checklist: [frame-range, colorspace]', 'checklist: [frame-ra|nge, colorspace]');
      const result = hoverAt(atCursor('sq010.handoff.yaml', text));
      assert.equal(result.contents, 'Checklist item `frame-range` cannot be looked up: template `fx-elemnts` is not defined; fix the template first.');
    });

    it('near miss: with the template defined, an item it lacks is unknown', () => {
      const text = fixtureFiles()['sq010.handoff.yaml'].replace('checklist: [frame-range, colorspace]', 'checklist: [frame-range, colorspa|cey]');
      const result = hoverAt(atCursor('sq010.handoff.yaml', text));
      assert.match(result.contents, /^Unknown checklist item `colorspacey`/);
    });
  });
});
