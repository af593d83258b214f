import * as assert from 'node:assert/strict';
import type { ParsedFile } from '../../server/src/core/parse';
import { parseSpecFile } from '../../server/src/core/parse/full';
import { RULES } from '../../server/src/core/rules';
import { fieldsNamedBy, schemaFor, validateSchema, type JsonSchema } from '../../server/src/core/schema';
import { FILE_KINDS, type FileKind, type Finding } from '../../server/src/core/types';

function check(kind: FileKind, lines: string[] | string): { file: ParsedFile; findings: Finding[] } {
  const text = Array.isArray(lines) ? lines.join('\n') + '\n' : lines;
  const file = parseSpecFile(`file:///specs/nightfall.${kind}.yaml`, text, 1, kind);
  return { file, findings: validateSchema(file) };
}

/** "line:column" (0-based) of a finding, and the text it underlines. */
function where(file: ParsedFile, finding: Finding): string {
  const { line, character } = file.lines.positionAt(finding.span.start);
  return `${line}:${character} ${file.text.slice(finding.span.start, finding.span.end)}`;
}

function only(result: { findings: Finding[] }): Finding {
  assert.equal(result.findings.length, 1, `expected one finding, got: ${result.findings.map((f) => f.message).join(' | ')}`);
  return result.findings[0];
}

const HANDOFF_ITEM = ['handoffs:', '  - id: fx-to-comp-sq010', '    from: fx', '    to: comp', '    due: 2027-01-22'];

// The examples of the design document, verbatim.
const EXAMPLES: Record<FileKind, string[]> = {
  production: [
    'production: nightfall',
    'title: Nightfall',
    'calendar:',
    '  workdays: [mon, tue, wed, thu, fri]   # default',
    '  holidays: [2026-12-25, 2027-01-01]',
    'review_buffer: 2          # default working days reserved for review after a delivery',
    'risk_review_days: 7       # a risk not reviewed for longer is stale (default 7)',
    'departments:',
    '  - { id: story, name: Story, lead: ana, color: "#c678dd", channel: "#story" }',
    'people:',
    '  - { id: ana, name: Ana Ruiz, role: Story Supervisor, department: story, email: ana@example.com }',
    'milestones:',
    '  - { id: picture-lock, date: 2027-03-05, title: Picture lock }',
    'rules:                    # optional severity overrides: error | warning | info | off',
    '  vague-criterion: off',
  ],
  glossary: [
    'color_spaces: [{ id: acescg, name: ACEScg }, { id: rec709, name: Rec.709 }]',
    'formats:',
    '  - { id: exr, extensions: [exr], color_spaces: [acescg] }',
    '  - { id: prores4444, extensions: [mov], color_spaces: [rec709] }',
    'asset_types:',
    '  - { id: comp, description: Final composite, formats: [exr, prores4444], metadata: [shot, frame-range] }',
    'metadata:',
    '  - { id: shot, type: string, pattern: "^[a-z]{3}[0-9]{4}$" }',
    '  - { id: frame-range, type: range }',
    'naming_tokens:            # extra tokens for naming patterns, each with its regex',
    '  shot: "[a-z]{3}[0-9]{4}"',
  ],
  template: [
    'template: comp-render',
    'asset_type: comp',
    'format: exr',
    'color_space: acescg',
    'naming: "{show}_{shot}_comp_v{version:3}.{frame:4}.exr"',
    'delivery: { location: "vault://{show}/to-{to}/{shot}/", method: vault }',
    'required_files:',
    '  - "{show}_{shot}_comp_v{version:3}.{frame:4}.exr"',
    '  - { pattern: "{show}_{shot}_comp_v{version:3}.mov", format: prores4444 }',
    'metadata: [shot, frame-range]',
    'accepts: { formats: [exr], color_spaces: [acescg] }   # what this department takes in',
    'checklist:',
    '  - { id: frame-range, check: Frame range equals the cut list range, verify: frame-range }',
    '  - { id: colorspace, check: Every file is tagged ACEScg }',
  ],
  handoff: [
    'handoffs:',
    '  - id: fx-to-comp-sq010',
    '    title: FX elements for sq010',
    '    from: fx                      # department that delivers',
    '    to: comp                      # department that receives',
    '    template: fx-elements',
    '    owner: ben                    # the one accountable producer/coordinator',
    '    contact: chloe                # the single point of contact',
    '    escalation: [ben, dana]       # ordered escalation path',
    '    start: 2027-01-11             # or `work: 10` (working days before due)',
    '    due: 2027-01-22',
    '    review_buffer: 2              # overrides the production default',
    '    depends_on: [layout-to-fx-sq010]',
    '    feeds: picture-lock           # milestone it must reach in time',
    '    done_when:                    # objective success criteria',
    '      - All 24 shots of sq010 delivered at v001 or later',
    '    checklist: [frame-range, colorspace]   # ids from the template, or inline items',
    '    risk:',
    '      level: high                 # low | medium | high | critical',
    '      contingency: { plan: Slapcomps by 2027-01-20, alternate_format: prores4444, expedited_review: true }',
    '    status: in_progress           # planned | in_progress | submitted | accepted | rejected | blocked',
    '    history:                      # the decision log of this handoff',
    '      - { date: 2027-01-18, event: submitted, version: 1 }',
    '      - { date: 2027-01-19, event: rejected, by: dana, reason: Wrong colorspace }',
  ],
  runbook: [
    'runbook: comp-delivery',
    'title: Deliver comp renders to DI',
    'owner: dana',
    'applies_to: [comp-render]         # templates',
    'steps:',
    '  - { id: render, do: Render final comp at full resolution, role: compositor }',
    '  - { id: qa, do: Run the QA checks, qa: [frame-range, colorspace], after: [render] }',
    '  - { id: meta, verify: [shot, frame-range], after: [qa] }',
    '  - { id: publish, do: Publish to the vault, handoff: comp-to-di-sq010, after: [meta] }',
  ],
  risks: [
    'risks:',
    '  - { id: fx-sim, handoff: fx-to-comp-sq010, description: Water sim may not converge,',
    '      likelihood: medium, impact: high, owner: ben, mitigation: Cache a low-res sim in parallel,',
    '      reviewed: 2027-01-08, status: open }',
  ],
  journal: [
    'decisions:',
    '  - { id: d-014, date: 2027-02-03, by: hana, summary: Deliver ep104 comps in two batches,',
    '      affects: [comp-ep104_hbr_0010], status: approved }        # approved | rejected | superseded',
    'postmortems:',
    '  - id: pm-ep101-plates',
    '    date: 2027-02-20',
    '    handoffs: [plates-ep101_hbr_0010]',
    '    findings: [Plates arrived in ACES2065-1, vendors expect ACEScg]',
    '    actions:',
    '      - { do: Add a colorspace QA step, owner: kim, due: 2027-02-27, updates: plate-turnover, done: false }',
  ],
  breakdown: [
    '# saltmarsh.breakdown.yaml',
    'units:',
    '  - { id: ep101, kind: episode, title: Pilot }',
    '  - { id: ep101_hbr_0010, kind: shot, parent: ep101, frames: 1001-1096, vendor: northlight, tags: [fx] }',
    'import:                       # shot lists as editorial or a tracker exports them',
    '  - { csv: editorial/ep102-shots.csv, kind: shot, parent: ep102,',
    '      columns: { id: Shot, frames_in: Frame In, frames_out: Frame Out, vendor: Vendor } }',
    "  - { otio: editorial/ep103.otio, kind: shot, parent: ep103 }   # each clip = a shot, frames from its source range",
  ],
};

describe('schema', () => {
  describe('the schemas', () => {
    /** Every schema node that validates an object, with where it is. */
    function objectNodes(node: unknown, pointer: string, found: [string, JsonSchema][] = []): [string, JsonSchema][] {
      if (typeof node !== 'object' || node === null) return found;
      const schema = node as JsonSchema;
      if (schema.type === 'object') found.push([pointer, schema]);
      for (const [key, child] of Object.entries(node)) objectNodes(child, `${pointer}/${key}`, found);
      return found;
    }

    for (const kind of FILE_KINDS) {
      it(`${kind}: has an $id and a title, and closes and describes every object`, () => {
        const schema = schemaFor(kind);
        assert.equal(schema.$id, `https://handoff-specs.dev/schemas/${kind}.schema.json`);
        assert.ok(schema.title);
        assert.equal(schema.type, 'object');
        const objects = objectNodes(schema, '#');
        assert.ok(objects.length > 1);
        for (const [pointer, object] of objects) {
          assert.ok(object.title, `${pointer} has no title`);
          // A map of names (naming_tokens) constrains its values instead of closing.
          assert.ok(object.additionalProperties === false || typeof object.additionalProperties === 'object', `${pointer} is open`);
          for (const [name, property] of Object.entries(object.properties ?? {})) {
            assert.ok(property.description && /^[A-Z].*\.$/.test(property.description), `${pointer}/properties/${name} lacks a sentence of description`);
          }
        }
      });
    }

    it('lets the production override exactly the rules of the catalogue', () => {
      const rules = schemaFor('production').properties?.rules?.properties ?? {};
      assert.deepEqual(Object.keys(rules), RULES.map((rule) => rule.id));
    });
  });

  describe('valid files', () => {
    for (const kind of FILE_KINDS) {
      it(`accepts the ${kind} example of the design`, () => {
        assert.deepEqual(check(kind, EXAMPLES[kind]).findings, []);
      });
    }

    it('accepts inline checklist items, work instead of start, and the smallest files', () => {
      const handoff = check('handoff', [...HANDOFF_ITEM, '    work: 1', '    checklist:', '      - frame-range', '      - { check: Slate shows the shot name, verify: shot }', '      - { id: audio, check: Audio is in sync }']);
      assert.deepEqual(handoff.findings, []);
      assert.deepEqual(check('handoff', ['handoffs: []']).findings, []);
      assert.deepEqual(check('glossary', ['metadata: []']).findings, []);
      assert.deepEqual(check('template', ['template: audio-stems']).findings, []);
    });

    it('gives the same answer when asked again', () => {
      const text = [...HANDOFF_ITEM, '    dependson: [a]'];
      assert.deepEqual(check('handoff', text).findings, check('handoff', text).findings);
    });
  });

  describe('unknown fields', () => {
    it('points at the key, suggests the closest field and offers the fix', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    dependson: [layout-to-fx-sq010]']);
      const finding = only({ findings });
      assert.equal(finding.rule, 'schema');
      assert.equal(where(file, finding), '5:4 dependson');
      assert.equal(finding.message, "Unknown field 'dependson' in a handoff. Did you mean 'depends_on'?");
      assert.deepEqual(finding.fixes, [
        { title: "Change to 'depends_on'", edits: [{ uri: file.uri, span: finding.span, newText: 'depends_on' }], preferred: true },
      ]);
    });

    it('names the file kind at the top level, and does not also call the misspelt field missing', () => {
      const { file, findings } = check('handoff', ['handoff:', '  - id: a']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '0:0 handoff');
      assert.equal(finding.message, "Unknown field 'handoff' in a handoff file. Did you mean 'handoffs'?");
    });

    it('lists the allowed fields when nothing is close', () => {
      const { file, findings } = check('production', ['production: nightfall', 'departments:', '  - { id: story, name: Story, budget: 10 }']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '2:30 budget');
      assert.equal(finding.message, "Unknown field 'budget' in a department; remove it or use one of id, name, lead, color, channel, calendar, vendor.");
      assert.equal(finding.fixes, undefined);
    });

    it('does not offer to rename onto a field that is already set', () => {
      const finding = only(check('handoff', [...HANDOFF_ITEM, '    Due: 2027-01-23']));
      assert.equal(finding.message, "Unknown field 'Due' in a handoff: 'due' is already set, so remove this one.");
      assert.equal(finding.fixes, undefined);
    });

    it("never calls 'due_time' a second 'due'", () => {
      // A handoff has both fields: no finding at all.
      assert.deepEqual(check('handoff', [...HANDOFF_ITEM, '    due_time: "18:00"']).findings.map((f) => f.message), []);
      // A post-mortem action has a due date but no delivery time: the field is
      // unknown there, and it is not the due date written twice.
      const { file, findings } = check('journal', [
        'postmortems:',
        '  - id: pm-plates',
        '    date: 2027-02-20',
        '    handoffs: [plates-sq010]',
        '    findings: [Plates arrived in the wrong color space]',
        '    actions:',
        '      - { do: Add a colorspace QA step, owner: kim, due: 2027-02-27, due_time: "18:00" }',
      ]);
      const finding = only({ findings });
      assert.equal(where(file, finding), '6:69 due_time');
      assert.doesNotMatch(finding.message, /already set/);
      assert.match(finding.message, /^Unknown field 'due_time' in an action; remove it or use one of do, owner, due, /);
    });

    it('reports an unknown rule id in the rule settings with a did-you-mean', () => {
      const { file, findings } = check('production', ['production: nightfall', 'rules:', '  vague-criteria: off']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '2:2 vague-criteria');
      assert.equal(finding.message, "Unknown rule 'vague-criteria' in 'rules'. Did you mean 'vague-criterion'?");
      assert.equal(finding.fixes?.[0].edits[0].newText, 'vague-criterion');
    });
  });

  describe('missing fields', () => {
    it('names every missing field of a list entry once, on its first line', () => {
      const { file, findings } = check('handoff', ['handoffs:', '  - id: fx-to-comp', '    title: FX elements']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '1:4 id: fx-to-comp');
      assert.equal(finding.message, "A handoff needs 'from' (its delivering department), 'to' (its receiving department) and 'due' (its delivery date).");
    });

    it("points at the parent's key when it has one", () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    risk:', '      level: high', '      contingency: { alternate_format: prores4444 }']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '7:6 contingency');
      assert.equal(finding.message, "A contingency needs 'plan' (its fallback plan).");
    });

    it('says what a file must start with when its id field is missing', () => {
      const { file, findings } = check('template', ['asset_type: comp', 'format: exr']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '0:0 asset_type: comp');
      assert.equal(finding.message, "A template file needs 'template' (its template id).");
    });

    it('requires the list of a handoff or risks file and the steps of a runbook', () => {
      assert.equal(only(check('risks', ['# the risk log', 'risk: []'])).message, "Unknown field 'risk' in a risks file. Did you mean 'risks'?");
      const runbook = check('runbook', ['runbook: comp-delivery']);
      assert.equal(only(runbook).message, "A runbook file needs 'steps' (its list of steps).");
    });
  });

  describe('values out of an enumeration', () => {
    it('lists the allowed values, suggests one and offers the fix', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    status: in-progress']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '5:12 in-progress');
      assert.equal(
        finding.message,
        "'in-progress' is not a handoff status; use one of planned, in_progress, submitted, accepted, rejected, blocked. Did you mean 'in_progress'?",
      );
      assert.deepEqual(finding.fixes?.[0], { title: "Change to 'in_progress'", edits: [{ uri: file.uri, span: finding.span, newText: 'in_progress' }], preferred: true });
    });

    it('replaces a quoted value whole', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    risk: { level: "hgh" }']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '5:19 "hgh"');
      assert.match(finding.message, /^'hgh' is not a risk level; use one of low, medium, high, critical\. Did you mean 'high'\?$/);
    });

    it('checks list items, rule severities and risk levels', () => {
      const production = check('production', ['production: nightfall', 'calendar: { workdays: [monday, tue] }', 'rules: { schema: of }']);
      assert.deepEqual(production.findings.map((f) => where(production.file, f)), ['1:23 monday', '2:17 of']);
      assert.match(production.findings[0].message, /^'monday' is not a weekday; use one of mon, tue, wed, thu, fri, sat, sun\. Did you mean 'mon'\?$/);
      assert.match(production.findings[1].message, /^'of' is not a severity; .* Did you mean 'off'\?$/);
      const risks = check('risks', ['risks:', '  - { id: fx-sim, likelihood: likely, status: opened }']);
      assert.deepEqual(risks.findings.map((f) => f.message), [
        "'likely' is not a likelihood; use one of low, medium, high.",
        "'opened' is not a risk status; use one of open, mitigated, closed. Did you mean 'open'?",
      ]);
    });
  });

  describe('values of the wrong type', () => {
    it('asks for a list and offers to make one', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    escalation: ben']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '5:16 ben');
      assert.equal(finding.message, "Expected a list for 'escalation', not 'ben'. Write it as a list: [ben].");
      assert.equal(finding.fixes?.[0].edits[0].newText, '[ben]');
    });

    it('offers quotes for a number where text belongs', () => {
      const { file, findings } = check('production', ['production: nightfall', 'title: 1917']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '1:7 1917');
      assert.equal(finding.message, `Expected text for 'title', not 1917. Put it in quotes: "1917".`);
      assert.equal(finding.fixes?.[0].edits[0].newText, '"1917"');
    });

    it('does not offer quotes that would still be wrong', () => {
      const finding = only(check('production', ['production: 2027']));
      assert.equal(finding.message, "Expected a kebab-case id for 'production', not 2027.");
      assert.equal(finding.fixes, undefined);
    });

    it('says once that a value is missing, and spots a color written as a comment', () => {
      const { file, findings } = check('production', ['production: nightfall', 'departments:', '  - id: story', '    name: Story', '    color: #c678dd']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '4:4 color');
      assert.equal(
        finding.message,
        `Missing value for 'color': write a color such as '#c678dd'. A '#' starts a comment in YAML, so put the value in quotes: "#c678dd".`,
      );
      const edit = finding.fixes?.[0].edits[0];
      assert.equal(edit && file.text.slice(edit.span.start, edit.span.end), '#c678dd');
      assert.equal(edit?.newText, '"#c678dd"');
    });

    it('points at a bare list dash', () => {
      const { file, findings } = check('production', ['production: nightfall', 'people:', '  - { id: ana, name: Ana }', '  -']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '3:2 -');
      assert.equal(finding.message, "Missing value for entry 2 of 'people': write a map with 'id' and 'name'.");
    });

    it('points at the key of a wrong value that spans several lines', () => {
      const { file, findings } = check('production', ['production: nightfall', 'calendar:', '  - mon', '  - tue']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '1:0 calendar');
      assert.equal(finding.message, "Expected a map of fields for 'calendar', not a list.");
    });

    it('says what a file must start with when it is not a map', () => {
      const { file, findings } = check('risks', ['- a', '- b']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '0:0 - a');
      assert.equal(finding.message, "A risks file must start with 'risks:' and a list of risks, not with a list.");
    });
  });

  describe('ids, dates and other forms', () => {
    it('asks for kebab-case ids and suggests one', () => {
      // Handoff ids may hold '_' and capitals (DESIGN §1, shot codes); a template's may not.
      const { file, findings } = check('handoff', ['handoffs:', '  - id: Comp_Render', '    from: fx', '    to: comp', '    template: Comp_Render', '    due: 2027-01-22']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '4:14 Comp_Render');
      assert.equal(finding.message, "Id 'Comp_Render' must be kebab-case (lowercase letters, digits and '-'), e.g. 'comp-render'.");
      assert.deepEqual(finding.fixes?.[0].edits[0].newText, 'comp-render');
      assert.equal(finding.fixes?.[0].preferred, false);
    });

    it('checks references and people the same way', () => {
      const { findings } = check('production', ['production: nightfall', 'people: [{ id: anaRuiz, name: Ana }, { id: 2pac, name: Tu }]']);
      assert.deepEqual(findings.map((f) => f.message), [
        "Id 'anaRuiz' must be kebab-case (lowercase letters, digits and '-'), e.g. 'ana-ruiz'.",
        "Id '2pac' must be kebab-case (lowercase letters, digits and '-') and start with a letter.",
      ]);
    });

    it('explains dates that do not exist or are written another way', () => {
      const { file, findings } = check('production', [
        'production: nightfall',
        'calendar: { holidays: [2027-02-29, 2026-13-01, 2027-1-5, 25/12/2026, 2028-02-29] }',
      ]);
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['1:23 2027-02-29', "Date '2027-02-29' does not exist: February 2027 has 28 days."],
        ['1:35 2026-13-01', "Date '2026-13-01' has no month 13: write it as YYYY-MM-DD with a month from 01 to 12."],
        ['1:47 2027-1-5', "Date '2027-1-5' must be written as YYYY-MM-DD, e.g. '2027-01-05'."],
        ['1:57 25/12/2026', "Date '25/12/2026' must be written as YYYY-MM-DD, e.g. '2027-01-22'."],
      ]);
      assert.equal(findings[2].fixes?.[0].edits[0].newText, '2027-01-05');
    });

    it('checks numbers against their bounds', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    work: 0', '    review_buffer: -1']);
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['5:10 0', "Expected a whole number of at least 1 for 'work', not 0."],
        ['6:19 -1', "Expected a whole number of at least 0 for 'review_buffer', not -1."],
      ]);
    });

    // Behaviour changed on purpose (DESIGN §7.7): start + work without due is a dated handoff now, so
    // start + work is refused only beside due (was: start and work never together).
    it('takes two of start, work and due, and says so at the last when all three are there', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    start: 2027-01-11', '    work: 10']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '6:4 work');
      assert.equal(finding.message, "A handoff cannot have 'start' (its start date), 'work' (its working days) and 'due' (its delivery date) together; leave one of them out.");
      // Near misses: any two of them are a dated handoff.
      const withoutDue = HANDOFF_ITEM.filter((line) => !line.includes('due:'));
      assert.deepEqual(check('handoff', [...withoutDue, '    start: 2027-01-11', '    work: 10']).findings, []);
      assert.deepEqual(check('handoff', [...HANDOFF_ITEM, '    work: 10']).findings, []);
      assert.deepEqual(check('handoff', [...HANDOFF_ITEM, '    start: 2027-01-11']).findings, []);
      // One of them alone is not: the due date is missing.
      assert.deepEqual(check('handoff', [...withoutDue, '    work: 10']).findings.map((f) => f.message), ["A handoff needs 'due' (its delivery date)."]);
    });

    it('checks colors, emails, extensions, token names and regular expressions', () => {
      const production = check('production', [
        'production: nightfall',
        'departments: [{ id: fx, name: FX, color: "#abc" }]',
        'people: [{ id: ana, name: Ana, email: ana.example.com }]',
      ]);
      assert.deepEqual(production.findings.map((f) => f.message), [
        "Color '#abc' must be '#' and six hex digits, in quotes, e.g. '#aabbcc'.",
        "Email address 'ana.example.com' must be name@domain, e.g. 'ana@example.com'.",
      ]);
      assert.equal(production.findings[0].fixes?.[0].edits[0].newText, '"#aabbcc"');
      const glossary = check('glossary', ['formats: [{ id: exr, extensions: [.exr] }]', 'naming_tokens:', '  Shot: "[a-z"', 'metadata: [{ id: shot, pattern: "(" }]']);
      assert.deepEqual(glossary.findings.map((f) => [where(glossary.file, f), f.message]), [
        ['0:34 .exr', "Extension '.exr' must be written without the leading dot, e.g. 'exr'."],
        ['2:2 Shot', "Naming token name 'Shot' must be made of lowercase letters, digits, '_' and '-', starting with a letter, e.g. 'shot'."],
        ['2:8 "[a-z"', "Regular expression '[a-z' is not valid: unterminated character class."],
        ['3:32 "("', "Regular expression '(' is not valid: unterminated group."],
      ]);
    });

    it('reports each repeat of a list item, not the first occurrence', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    escalation: [ben, dana, ben, ben]']);
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['5:28 ben', "'ben' is listed more than once in 'escalation'; remove this one."],
        ['5:33 ben', "'ben' is listed more than once in 'escalation'; remove this one."],
      ]);
    });
  });

  // Each refusal of a `not`, an object's `required` or a `oneOf` names the field and the fix, at that field,
  // in the words the schema gives it (`x-messages`): never "a combination of fields that is not allowed".
  describe('refusals in the schema\'s own words', () => {
    const ASAP = ['handoffs:', '  - id: comp-sq010', '    from: fx', '    to: comp', '    depends_on: [fx-sq010]', '    start: asap'];

    it("refuses 'due' beside 'start: asap' at the 'due' key (DESIGN §7.7), and takes asap with work", () => {
      const { file, findings } = check('handoff', [...ASAP, '    work: 3', '    due: 2027-01-22']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '7:4 due');
      assert.equal(
        finding.message,
        "'due: 2027-01-22' cannot be given with 'start: asap': asap works out the start from the upstreams, and 'work' the length; remove 'due', or give a dated start instead of asap.",
      );
      // Near misses: asap with work, and a dated start with due.
      assert.deepEqual(check('handoff', [...ASAP, '    work: 3']).findings, []);
      assert.deepEqual(check('handoff', [...ASAP.slice(0, -1), '    start: 2027-01-11', '    due: 2027-01-22']).findings, []);
    });

    it("refuses 'due' beside 'start: asap' in a chain step too, at the step's 'due' key", () => {
      const step = (fields: string) => check('handoff', ['chains:', '  - chain: shots', '    units: [ep101_hbr_0010]', '    steps:', `      - { step: comp, from: fx, to: comp, ${fields} }`]);
      const { file, findings } = step('start: asap, work: 3, due: "{turnover}"');
      const finding = only({ findings });
      assert.equal(where(file, finding), '4:64 due');
      assert.equal(
        finding.message,
        "'due: \"{turnover}\"' cannot be given with 'start: asap': asap works out each instance's start from its upstreams, and 'work' the length; remove 'due', or give a dated start instead of asap.",
      );
      // Near misses: asap with work, and a dated start with due.
      assert.deepEqual(step('start: asap, work: 3').findings, []);
      assert.deepEqual(step('start: "{turnover}", due: 2027-01-22').findings, []);
    });

    it("asks an asap handoff for 'work', saying why, at the entry", () => {
      const { file, findings } = check('handoff', [...ASAP, '    due: 2027-01-22']);
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['1:4 id: comp-sq010', "An asap handoff needs 'work' (its working days): asap works out the start from the upstreams, and 'work' gives the length; add 'work' with the number of working days."],
        ['6:4 due', "'due: 2027-01-22' cannot be given with 'start: asap': asap works out the start from the upstreams, and 'work' the length; remove 'due', or give a dated start instead of asap."],
      ]);
    });

    const CHAIN = ['chains:', '  - chain: shots', '    steps: [{ step: comp, from: fx, to: comp, work: 3 }]'];

    it("refuses a chain with both 'for_each' and 'units' at the second of them", () => {
      const { file, findings } = check('handoff', [...CHAIN, '    for_each: { kind: shot }', '    units: [ep101_hbr_0010]']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '4:4 units');
      assert.equal(finding.message, "A chain takes 'for_each' or 'units', not both: 'for_each' selects units of the breakdown by kind and fields, 'units' lists them by id; remove one of them.");
      // Near misses: either one alone.
      assert.deepEqual(check('handoff', [...CHAIN, '    for_each: { kind: shot }']).findings, []);
      assert.deepEqual(check('handoff', [...CHAIN, '    units: [ep101_hbr_0010]']).findings, []);
    });

    it("asks a chain with neither for 'for_each' or 'units'", () => {
      const { file, findings } = check('handoff', CHAIN);
      const finding = only({ findings });
      assert.equal(where(file, finding), '1:4 chain: shots');
      assert.equal(finding.message, "A chain needs 'for_each' (the kind of unit, and what its fields must match) or 'units' (the list of unit ids) to say which units get its steps.");
    });

    it('refuses an import that mixes a CSV and an OpenTimelineIO shot list, at the field that does not belong', () => {
      const csvAndOtio = check('breakdown', ['import:', '  - { csv: a.csv, columns: { id: Shot }, otio: b.otio }']);
      assert.deepEqual(csvAndOtio.findings.map((f) => [where(csvAndOtio.file, f), f.message]), [
        ['1:41 otio', "'otio: b.otio' cannot be given in a CSV import ('csv' and 'columns'): an import reads one shot list; move the OpenTimelineIO file to an import entry of its own."],
      ]);
      const otioAndCsv = check('breakdown', ['import:', '  - { otio: b.otio, csv: a.csv }']);
      assert.deepEqual(otioAndCsv.findings.map((f) => [where(otioAndCsv.file, f), f.message]), [
        ['1:20 csv', "'csv: a.csv' cannot be given in an OpenTimelineIO import ('otio'): an import reads one shot list; move the CSV file and its 'columns' to an import entry of its own."],
      ]);
      const otioAndColumns = check('breakdown', ['import:', '  - otio: b.otio', '    columns: { id: Shot }']);
      assert.deepEqual(otioAndColumns.findings.map((f) => [where(otioAndColumns.file, f), f.message]), [
        ['2:4 columns', "'columns' cannot be given in an OpenTimelineIO import ('otio'): the clips give the units, there are no columns to map; remove 'columns', or give 'csv' in an import entry of its own."],
      ]);
      // Near misses: each shot list in an import entry of its own.
      assert.deepEqual(check('breakdown', ['import:', '  - { csv: a.csv, columns: { id: Shot } }', '  - { otio: b.otio }']).findings, []);
    });

    it('asks an import with no shot list for one of the two forms', () => {
      const { file, findings } = check('breakdown', ['import:', '  - { kind: shot }']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '1:4 { kind: shot }');
      assert.equal(finding.message, "An import needs 'otio' (an OpenTimelineIO file), or 'csv' and 'columns' (a CSV shot list and its column mapping).");
    });

    // A `not` of two or more plain required fields is worded from the fields' titles ("cannot have both ...");
    // any other `not`, and a oneOf of field requirements, must carry its own words.
    it('leaves no refusal in any schema to a generic message', () => {
      const unworded: string[] = [];
      const visit = (node: unknown, pointer: string, kind: FileKind): void => {
        if (Array.isArray(node)) return node.forEach((child, k) => visit(child, `${pointer}/${k}`, kind));
        if (typeof node !== 'object' || node === null) return;
        const schema = node as JsonSchema;
        const words = schema['x-messages'];
        if (schema.not) {
          const plain = Object.keys(schema.not).join() === 'required' && (schema.not.required ?? []).length >= 2;
          const fields = fieldsNamedBy(schema.not);
          if (fields.length === 0 || (!plain && fields.some((field) => words?.not?.[field] === undefined))) unworded.push(`${kind}${pointer}/not`);
        }
        const branches = schema.oneOf ?? [];
        if (branches.length > 0 && branches.every((branch) => branch.properties === undefined && branch.$ref === undefined && (branch.required ?? []).length > 0 && !branch.not)) {
          if (words?.oneOf === undefined) unworded.push(`${kind}${pointer}/oneOf`);
        }
        for (const [key, child] of Object.entries(schema)) if (key !== 'x-messages') visit(child, `${pointer}/${key}`, kind);
      };
      for (const kind of FILE_KINDS) visit(schemaFor(kind), '#', kind);
      assert.deepEqual(unworded, []);
    });
  });

  describe('alternatives (a string or a map)', () => {
    it("reports only the errors of the map form when a checklist entry is a map", () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    checklist:', '      - frame-range', '      - { chek: Slate is right, verify: Shot }']);
      // The missing 'check' is the misspelt 'chek': one finding, not two.
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['7:10 chek', "Unknown field 'chek' in a checklist item. Did you mean 'check'?"],
        ['7:40 Shot', "Id 'Shot' must be kebab-case (lowercase letters, digits and '-'), e.g. 'shot'."],
      ]);
    });

    it('reports only the error of the string form when a checklist entry is a string', () => {
      const { file, findings } = check('handoff', [...HANDOFF_ITEM, '    checklist: [Frame_Range]']);
      const finding = only({ findings });
      assert.equal(where(file, finding), '5:16 Frame_Range');
      assert.match(finding.message, /^Id 'Frame_Range' must be kebab-case .* e\.g\. 'frame-range'\.$/);
    });

    it('names both forms once when an entry is neither', () => {
      const { file, findings } = check('template', ['template: comp-render', 'required_files:', '  - 3', '  - { pattern: a.mov, formt: prores4444 }']);
      assert.deepEqual(findings.map((f) => [where(file, f), f.message]), [
        ['2:4 3', "Expected a file naming pattern or a map with 'pattern' for entry 1 of 'required_files', not 3."],
        ['3:22 formt', "Unknown field 'formt' in a required file. Did you mean 'format'?"],
      ]);
    });
  });

  describe('files that cannot be checked', () => {
    for (const kind of FILE_KINDS) {
      it(`says what an empty ${kind} file must start with`, () => {
        const finding = only(check(kind, ''));
        assert.deepEqual(finding.span, { start: 0, end: 0 });
        assert.match(finding.message, new RegExp(`^An empty ${kind} file: start with .+\\.$`));
      });
    }

    it('names the start of a handoff file, also when only comments are there', () => {
      assert.equal(only(check('handoff', '# planned next week\n')).message, "An empty handoff file: start with 'handoffs:' and a list of handoffs.");
    });

    it('leaves files whose YAML does not parse to yaml-syntax', () => {
      const tabbed = check('handoff', ['handoffs:', '\t- id: Bad_Id', '\t  dependson: x']);
      assert.ok(tabbed.file.syntaxFindings.length > 0);
      assert.deepEqual(tabbed.findings, []);
      const broken = check('production', ['production: nightfall', 'departments:', '  - { id: story, name: Story, color: #c678dd }']);
      assert.ok(broken.file.syntaxFindings.length > 0);
      assert.deepEqual(broken.findings, []);
    });
  });

  describe('every message', () => {
    it('starts with a capital or the quoted value, ends with a period or question, and is given once per node', () => {
      const { findings } = check('handoff', [
        'handoffs:',
        '  - id: _comp',
        '    from: fx',
        '    dependson: [a]',
        '    status: in-progress',
        '    start: 2027-02-30',
        '    work: 0',
        '    due: 2027-1-5',
        '    escalation: ben',
        '    checklist: [frame-range, { chec: x }, 3, { check: ok, verify: Shot }]',
        '    risk: { level: hgh, contingency: {} }',
        '    history:',
        '      - { date: 2027-01-18, event: submited, version: 1 }',
        '    title: 1917',
        '  - id: b',
        '    to: c',
        'extra: true',
      ]);
      assert.equal(findings.length, 18, findings.map((f) => f.message).join('\n'));
      const seen = new Set<string>();
      for (const finding of findings) {
        assert.equal(finding.rule, 'schema');
        assert.match(finding.message, /^[A-Z'].*[.?]$/);
        assert.ok(finding.span.end > finding.span.start, finding.message);
        const key = `${finding.span.start}:${finding.span.end}:${finding.message}`;
        assert.ok(!seen.has(key), `twice: ${finding.message}`);
        seen.add(key);
      }
    });
  });
});
