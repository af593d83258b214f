// The analysis facade: the one entry the server, the CLI and the tests use.
// Each case checks what a host relies on: that answers follow the options
// the host gives now, that the views pick the production a user expects, and
// that what the editor and `handoff` print come from the same place.
import * as assert from 'node:assert/strict';
import { Analysis, type SeveritySetting } from '../../server/src/core/facade';
import { DEFAULT_TODAY, edit, uriOf, workspaceOf } from '../harness';
import { lineColumn } from './features/cursor';

const HANDOFFS = 'sq010.handoff.yaml';
/** The second handoff's department misspelt (the first handoff's `from: fx` stays). */
const MISSPELT = edit(HANDOFFS, 'from: fx\n    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    escalation', 'from: fxx\n    to: comp\n    template: fx-elements\n    owner: dana\n    contact: ben\n    escalation');

describe('analysis facade', () => {
  it('reports a finding at the offending value, and follows severity overrides the host changes later', () => {
    const workspace = workspaceOf(MISSPELT);
    let overrides: Record<string, SeveritySetting> = {};
    const analysis = new Analysis(workspace, () => ({ today: DEFAULT_TODAY, severityOverrides: overrides }));
    const found = (analysis.diagnostics().get(uriOf(HANDOFFS)) ?? []).map((d) => `${lineColumn(workspace, uriOf(HANDOFFS), d.span.start)} ${d.rule} ${d.severity}: ${d.message}`);
    // Line 20 is the second handoff's `from:`; the first handoff's `from: fx` (line 4) stays silent.
    assert.deepEqual(found, ["20:11 unknown-reference error: Unknown department 'fxx'. Did you mean 'fx'?"]);
    overrides = { 'unknown-reference': 'warning' };
    assert.deepEqual((analysis.diagnostics().get(uriOf(HANDOFFS)) ?? []).map((d) => d.severity), ['warning']);
    overrides = { 'unknown-reference': 'off' };
    assert.deepEqual(analysis.diagnostics().get(uriOf(HANDOFFS)), []);
  });

  it('shows the views of the production a file belongs to, and of the first production for a file it does not hold', () => {
    const analysis = new Analysis(workspaceOf(), { today: DEFAULT_TODAY });
    assert.equal(analysis.productionFor(uriOf(HANDOFFS))?.production?.id, 'testprod');
    assert.equal(analysis.productionFor('file:///elsewhere/new.handoff.yaml')?.production?.id, 'testprod');
    const schedule = analysis.schedule(analysis.productionFor(uriOf(HANDOFFS))!)!;
    const handoff = schedule.handoffs.find((h) => h.id === 'fx-to-comp-sq010')!;
    assert.deepEqual([handoff.start, handoff.due], ['2027-01-13', '2027-01-22']);
    assert.equal(schedule.today, DEFAULT_TODAY);
  });

  it('keeps the last good schedule, marked stale, while a file does not parse', () => {
    const workspace = workspaceOf();
    const analysis = new Analysis(workspace, { today: DEFAULT_TODAY });
    const production = analysis.productionFor(uriOf(HANDOFFS))!;
    assert.equal(analysis.schedule(production)!.stale, undefined);
    workspace.setFile(uriOf(HANDOFFS), 'handoffs:\n  - id: [unclosed\n', 1);
    const stale = analysis.schedule(analysis.productionFor(uriOf(HANDOFFS))!)!;
    assert.deepEqual(stale.stale, { files: [uriOf(HANDOFFS)] });
    assert.ok(stale.handoffs.some((h) => h.id === 'fx-to-comp-sq010'), 'the handoffs of the last good version stay on the timeline');
  });

  it('diffs two versions of a production: a due date moved by two working days', () => {
    const before = new Analysis(workspaceOf(), { today: DEFAULT_TODAY });
    // Friday 2027-01-22 → Tuesday 2027-01-26: Monday 25 and Tuesday 26, two working days later.
    const after = new Analysis(workspaceOf(edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-26')), { today: DEFAULT_TODAY });
    const [slip] = after.diffFrom(before);
    assert.deepEqual(slip.moved.map((move) => [move.handoff, move.due?.before, move.due?.after, move.due?.workingDays]), [['fx-to-comp-sq010', '2027-01-22', '2027-01-26', 2]]);
    // Near miss: the same version on both sides moves nothing.
    assert.deepEqual(before.diffFrom(before)[0].moved, []);
  });

  it('renders the report page the editor and `handoff report --format html` show, from the report of the same day', () => {
    const analysis = new Analysis(workspaceOf(), { today: DEFAULT_TODAY });
    const report = analysis.report(analysis.productionFor(uriOf(HANDOFFS))!);
    assert.equal(report.today, DEFAULT_TODAY);
    const html = analysis.reportPage([report], { nonce: 'abc123' });
    assert.match(html, /<title>Delivery report — /);
    assert.match(html, /style-src 'nonce-abc123'/);
    assert.throws(() => analysis.reportPage([report], { nonce: 'not a nonce' }), /base64/);
  });

  it('scaffolds a production dated from its today', () => {
    const files = new Analysis(workspaceOf(), { today: '2027-03-01' }).scaffold('my-show');
    assert.ok(files.some((file) => file.path === 'my-show.production.yaml'));
    assert.throws(() => new Analysis(workspaceOf(), { today: '2027-03-01' }).scaffold('My Show'), /not kebab-case/);
  });
});
