import * as assert from 'node:assert/strict';
import type { Diagnostic, TextEdit } from '../../../server/src/core/types';
import { DEFAULT_TODAY, check, edit, fixtureFiles, where, workspaceOf } from '../../harness';

// January 2027: Fri 1 (a holiday in the base fixture) | Mon 4 .. Fri 8 | Sat 9, Sun 10 | Mon 11 ..
const RULE = 'non-working-day';
const HANDOFFS = 'sq010.handoff.yaml';
const PRODUCTION = 'test.production.yaml';

function diagnosticsOf(changes: Record<string, string>): Diagnostic[] {
  return [...workspaceOf(changes).diagnostics({ today: DEFAULT_TODAY }).values()].flat().filter((d) => d.rule === RULE);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.span.start - a.span.start).reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
}

describe('rule non-working-day', () => {
  it('reports nothing on the base fixture, whose dues are holiday-free weekdays', () => {
    assert.deepEqual(where(check(), RULE), []);
  });

  it('reports a due date on a Saturday at the due value as a warning, naming the next working day', () => {
    const results = check(edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-23'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:27:10']);
    const finding = results.find((r) => r.rule === RULE)!;
    assert.equal(
      finding.message,
      "Due date '2027-01-23' of 'fx-to-comp-sq010' is a Saturday, not a working day; move it to Monday 2027-01-25, the next working day.",
    );
    assert.equal(finding.severity, 'warning');
  });

  it('reports a start on a holiday, saying it is a holiday', () => {
    const results = check(edit(HANDOFFS, 'start: 2027-01-04', 'start: 2027-01-01'));
    assert.deepEqual(where(results, RULE), ['sq010.handoff.yaml:9:12']);
    assert.equal(
      results.find((r) => r.rule === RULE)!.message,
      "Start date '2027-01-01' of 'fx-sim-sq010' is a holiday (Friday), not a working day; move it to Monday 2027-01-04, the next working day.",
    );
  });

  it('skips a holiday that follows a weekend when naming the next working day', () => {
    const changes = {
      ...edit(PRODUCTION, 'holidays: [2027-01-01]', 'holidays: [2027-01-01, 2027-01-25]'),
      ...edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-24'),
    };
    assert.match(check(changes).find((r) => r.rule === RULE)!.message, /is a Sunday, not a working day; move it to Tuesday 2027-01-26,/);
  });

  it('accepts a Saturday when the calendar works on Saturdays', () => {
    const changes = {
      ...edit(PRODUCTION, 'workdays: [mon, tue, wed, thu, fri]', 'workdays: [mon, tue, wed, thu, fri, sat]'),
      ...edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-23'),
    };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('accepts a holiday-free Friday due next to a Monday holiday', () => {
    // fx-to-comp-sq010 is due Fri 01-22.
    const changes = edit(PRODUCTION, 'holidays: [2027-01-01]', 'holidays: [2027-01-01, 2027-01-25]');
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('does not check dates derived from work, or unreadable dates', () => {
    const changes = {
      // work: 6 ending Fri 01-22 starts on Fri 01-15 — a derived start is never a weekend anyway.
      [HANDOFFS]: fixtureFiles()[HANDOFFS].replace('start: 2027-01-13', 'work: 6').replace('start: 2027-01-04', 'start: 2027-01-32'),
    };
    assert.deepEqual(where(check(changes), RULE), []);
  });

  it('offers a preferred fix that moves the date and keeps its quotes', () => {
    const changes = edit(HANDOFFS, 'due: 2027-01-22', 'due: "2027-01-23"  # end of sprint');
    const [diagnostic] = diagnosticsOf(changes);
    const [fix] = diagnostic.fixes ?? [];
    assert.equal(fix.title, 'Move to Monday 2027-01-25');
    assert.equal(fix.preferred, true);
    const fixed = applyEdits(changes[HANDOFFS], fix.edits);
    assert.ok(fixed.includes('    due: "2027-01-25"  # end of sprint\n'));
    assert.deepEqual(where(check({ [HANDOFFS]: fixed }), RULE), []);
  });

  it('is silenced by a disable comment and turned off by the production rules', () => {
    const weekend = edit(HANDOFFS, '    due: 2027-01-22', '    # handoff-disable-next-line non-working-day: delivery on set, Saturday\n    due: 2027-01-23');
    assert.deepEqual(where(check(weekend), RULE), []);
    const off = { ...edit(HANDOFFS, 'due: 2027-01-22', 'due: 2027-01-23'), ...edit(PRODUCTION, 'review_buffer: 2', 'review_buffer: 2\nrules:\n  non-working-day: off') };
    assert.deepEqual(where(check(off), RULE), []);
  });
  describe('milestones', () => {
    // March 2027: Thu 25, Fri 26 (Good Friday, made a holiday here), Sat 27.
    const goodFriday = edit(PRODUCTION, '  holidays: [2027-01-01]', '  holidays: [2027-01-01, 2027-03-26]');

    it('reports a milestone on a holiday at its date, with a fix to the previous working day', () => {
      const changes = { [PRODUCTION]: goodFriday[PRODUCTION].replace('date: 2027-02-05', 'date: 2027-03-26') };
      const results = check(changes);
      //   - { id: picture-lock, date: 2027-03-26, title: Picture lock }  → the date at column 31 of line 16
      assert.deepEqual(where(results, RULE), ['test.production.yaml:16:31']);
      assert.equal(
        results.find((r) => r.rule === RULE)!.message,
        "Milestone 'picture-lock' on '2027-03-26' is a holiday (Friday), not a working day of the production; move it to Thursday 2027-03-25, the previous working day.",
      );
      const [diagnostic] = diagnosticsOf(changes);
      assert.equal(diagnostic.fixes![0].title, 'Move to Thursday 2027-03-25');
      assert.match(applyEdits(changes[PRODUCTION], diagnostic.fixes![0].edits), /\{ id: picture-lock, date: 2027-03-25, title: Picture lock \}/);
    });

    it('reports a milestone on a Saturday, and not one on the working day before a holiday', () => {
      assert.deepEqual(where(check(edit(PRODUCTION, 'date: 2027-02-05', 'date: 2027-02-06')), RULE), ['test.production.yaml:16:31']);
      assert.deepEqual(where(check({ [PRODUCTION]: goodFriday[PRODUCTION].replace('date: 2027-02-05', 'date: 2027-03-25') }), RULE), []);
    });
  });
});
