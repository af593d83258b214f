import * as assert from 'node:assert/strict';
import type { Diagnostic, TextEdit } from '../../../server/src/core/types';
import { DEFAULT_TODAY, check, edit, fixtureFiles, resultsOf, where, workspaceOf } from '../../harness';

// January 2027: Fri 1 (holiday in the base fixture) | Mon 4 .. Fri 8 | Mon 11 .. Fri 15 | Mon 18 .. Fri 22 | Mon 25 .. Fri 29.
// Base fixture: fx-sim-sq010 is due Fri 01-08 with 2 review days, so it is ready Tue 01-12;
// fx-to-comp-sq010 depends on it and starts Wed 01-13, the first day it may.
const RULE = 'schedule-conflict';
const HANDOFFS = 'sq010.handoff.yaml';

function diagnosticsOf(changes: Record<string, string>): Diagnostic[] {
  return [...workspaceOf(changes).diagnostics({ today: DEFAULT_TODAY }).values()].flat().filter((d) => d.rule === RULE);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

const SQ020 = `handoffs:
  - id: comp-to-di-sq010
    title: Final comps for sq010
    from: comp
    to: fx
    template: fx-elements
    owner: dana
    contact: chloe
    start: 2027-01-25
    due: 2027-02-02
    depends_on: [fx-to-comp-sq010]
    done_when:
      - All 12 shots of sq010 delivered at v001 or later
`;

describe('rule schedule-conflict', () => {
  it('reports nothing on the base fixture', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a start on the upstream ready day, at the start value, with the numbers and the upstream due as related', () => {
    const results = check(edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-12'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:26:12']);
    const [finding] = results.filter((r) => r.rule === RULE);
    assert.equal(
      finding.message,
      "Handoff 'fx-to-comp-sq010' starts 2027-01-12, 1 working day too early: upstream 'fx-sim-sq010' is ready on 2027-01-12 " +
        '(due 2027-01-08 + 2 review days); start on 2027-01-13 or later.',
    );
    assert.equal(finding.severity, 'error');
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:10:10'],
    );
  });

  it('counts the missing working days across a weekend', () => {
    // Start Fri 01-08 on the upstream's due day: Mon 11, Tue 12 (ready) and Wed 13 (earliest) are missing.
    const results = check(edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-08'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:26:12']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /starts 2027-01-08, 3 working days too early/);
  });

  it('accepts a start exactly one working day after the upstream is ready, across a weekend', () => {
    // Upstream due Wed 01-06 + 2 review days = ready Fri 01-08; Mon 01-11 is the next working day.
    const text = fixtureFiles()[HANDOFFS].replace('due: 2027-01-08', 'due: 2027-01-06').replace('start: 2027-01-13', 'start: 2027-01-11');
    assert.deepEqual(where(check({ [HANDOFFS]: text }), RULE), []);
  });

  it('leaves a weekend start after the upstream is ready to non-working-day', () => {
    // Upstream ready Fri 01-08; a Saturday 01-09 start is after it, only not a working day.
    const text = fixtureFiles()[HANDOFFS].replace('due: 2027-01-08', 'due: 2027-01-06').replace('start: 2027-01-13', 'start: 2027-01-09');
    const results = check({ [HANDOFFS]: text });
    assert.deepEqual(where(results, RULE), []);
    assert.deepEqual(where(results, 'non-working-day'), ['sq010.handoff.yaml:26:12']);
  });

  it('pushes the ready date past a holiday inside the review buffer', () => {
    // Mon 01-11 off: the 2 review days after Fri 01-08 are Tue 12 and Wed 13, so Wed 13 is too early.
    const results = check(edit('test.production.yaml', 'holidays: [2027-01-01]', 'holidays: [2027-01-01, 2027-01-11]'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:26:12']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /ready on 2027-01-13 \(due 2027-01-08 \+ 2 review days\); start on 2027-01-14 or later\.$/);
  });

  it('follows a chain across two files and points the related location into the other file', () => {
    // fx-to-comp-sq010 is due Fri 01-22 and ready Tue 01-26; a Mon 01-25 start misses Tue 26 and Wed 27.
    const results = check({ 'sq020.handoff.yaml': SQ020 });
    assert.deepEqual(where(results, RULE), ['sq020.handoff.yaml:9:12']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.match(finding.message, /^Handoff 'comp-to-di-sq010' starts 2027-01-25, 2 working days too early: upstream 'fx-to-comp-sq010' is ready on 2027-01-26/);
    assert.deepEqual(
      finding.related.map((r) => `${r.file}:${r.line}:${r.column}`),
      ['sq010.handoff.yaml:27:10'],
    );
  });

  it('honours a review_buffer of 0 on the upstream', () => {
    const text = fixtureFiles()[HANDOFFS].replace('    due: 2027-01-08\n', '    due: 2027-01-08\n    review_buffer: 0\n').replace('start: 2027-01-13', 'start: 2027-01-08');
    const results = check({ [HANDOFFS]: text });
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:27:12']);
    assert.match(results.find((r) => r.rule === RULE)!.message, /ready on 2027-01-08 \(due 2027-01-08, no review buffer\); start on 2027-01-11 or later\.$/);
  });

  it('points at `work` when the start is counted back from the due date, without a fix', () => {
    // work: 10 ending Fri 01-22 starts Mon 01-11, before the upstream is ready on Tue 01-12.
    const changes = edit(HANDOFFS, 'start: 2027-01-13', 'work: 10');
    assert.deepEqual(where(check(changes), RULE), ['sq010.handoff.yaml:26:11']);
    const [diagnostic] = diagnosticsOf(changes);
    assert.match(diagnostic.message, /starts 2027-01-11 \(10 working days of work ending on 2027-01-22\), 2 working days too early/);
    assert.match(diagnostic.message, /start on 2027-01-13 or later: lower 'work' or move the due date\.$/);
    assert.equal(diagnostic.fixes, undefined);
  });

  it('offers a preferred fix that moves the start and keeps the quotes', () => {
    const changes = edit(HANDOFFS, 'start: 2027-01-13', "start: '2027-01-12'");
    const [diagnostic] = diagnosticsOf(changes);
    const [fix] = diagnostic.fixes ?? [];
    assert.equal(fix.title, 'Move start to 2027-01-13');
    assert.equal(fix.preferred, true);
    const fixed = applyEdits(changes[HANDOFFS], fix.edits);
    assert.ok(fixed.includes("start: '2027-01-13'"));
    assert.deepEqual(where(check({ [HANDOFFS]: fixed }), RULE), []);
  });

  it('offers no fix that would move the start past the due date', () => {
    // Upstream ready Tue 01-12; a handoff due Mon 01-11 cannot start on Wed 01-13.
    const changes = edit(HANDOFFS, 'start: 2027-01-13\n    due: 2027-01-22', 'start: 2027-01-11\n    due: 2027-01-11');
    const [diagnostic] = diagnosticsOf(changes);
    assert.match(diagnostic.message, /start on 2027-01-13 or later\.$/);
    assert.equal(diagnostic.fixes, undefined);
  });

  it('moves the start past the latest upstream when several conflict', () => {
    // A second upstream, due Mon 01-11 and ready Wed 01-13, is later than fx-sim-sq010 (ready Tue 01-12).
    const text = fixtureFiles()[HANDOFFS]
      .replace('start: 2027-01-13', 'start: 2027-01-12')
      .replace('depends_on: [fx-sim-sq010]', 'depends_on: [fx-sim-sq010, fx-plates-sq010]')
      .concat('  - { id: fx-plates-sq010, owner: dana, contact: ben, start: 2027-01-04, due: 2027-01-11, done_when: [All plates at v001] }\n');
    const diagnostics = diagnosticsOf({ [HANDOFFS]: text });
    assert.equal(diagnostics.length, 2);
    for (const diagnostic of diagnostics) assert.equal(diagnostic.fixes?.[0].title, 'Move start to 2027-01-14');
    const fixed = applyEdits(text, diagnostics[0].fixes![0].edits);
    assert.deepEqual(where(check({ [HANDOFFS]: fixed }), RULE), []);
  });

  it('is silenced by a disable comment on the line before, keeping its reason', () => {
    const changes = edit(HANDOFFS, '    start: 2027-01-13', '    # handoff-disable-next-line schedule-conflict: sim caches land early\n    start: 2027-01-12');
    assert.deepEqual(where(check(changes), RULE), []);
    const all = resultsOf(workspaceOf(changes)).filter((r) => r.rule === RULE);
    assert.deepEqual(
      all.map((r) => [`${r.file}:${r.line}:${r.column}`, r.suppressed]),
      [['sq010.handoff.yaml:27:12', 'sim caches land early']],
    );
  });

  it('takes its severity from the production rules', () => {
    const changes = {
      ...edit(HANDOFFS, 'start: 2027-01-13', 'start: 2027-01-12'),
      ...edit('test.production.yaml', 'risk_review_days: 7', 'risk_review_days: 7\nrules:\n  schedule-conflict: warning'),
    };
    assert.deepEqual(
      check(changes).filter((r) => r.rule === RULE).map((r) => r.severity),
      ['warning'],
    );
  });

  it('does not report a dependency on a handoff without a due date', () => {
    const changes = edit(HANDOFFS, '    due: 2027-01-08\n', '');
    assert.deepEqual(where(check(changes), RULE), []);
  });
});
