// What slipped between two versions of a production's specs (two git
// revisions, or a revision and the working tree): handoffs whose due or ready
// date moved, milestones whose slack shrank, handoffs that joined or left the
// critical path, and handoffs added or removed. Pure: it compares two
// ProductionModels; `handoff diff` finds them in git.
//
// Decisions:
// - Productions are matched by production id (by folder when a file has no
//   production); handoffs by id, the first definition of a duplicated id.
// - Moves are counted in working days of the newer version's calendars: a due
//   date in the delivering department's calendar, a ready date in the
//   receiving department's (where each is counted, DESIGN §7.4); the working
//   days in (old, new] for a slip, minus those in (new, old] for a pull-in. A
//   date moved from a Saturday to a Sunday still shows, as 0 working days.
// - A milestone's slack is the least slack of the handoffs that feed it (the
//   schedule's milestoneSlack); it is listed when it shrank. A milestone that
//   no handoff feeds in one of the versions has no slack there to compare and
//   is not listed.
// - Errors (diagnostics of severity error, after the production's rule
//   settings and suppressions) are matched by rule, file and message: one in
//   the newer version only is new (listed with its line there), one in the
//   older only is resolved (with its line there). A finding whose message
//   changed (other dates) is listed as both.
import { analyzeProduction, type AnalysisOptions } from './analysis';
import { formatDate } from './calendar';
import type { ProductionModel } from './production';
import type { ScheduledHandoff } from './schedule';

export interface DateMove {
  before: string;
  after: string;
  /** Working days later (positive) or earlier (negative). */
  workingDays: number;
}

export interface MovedHandoff {
  handoff: string;
  title?: string;
  due?: DateMove;
  ready?: DateMove;
}

export interface MilestoneSlackChange {
  milestone: string;
  title?: string;
  slackBefore: number;
  slackAfter: number;
  /** slackAfter - slackBefore: negative when it shrank. */
  change: number;
  /** The milestone's own date, when it moved. */
  date?: { before?: string; after?: string };
}

export interface ListedHandoff {
  handoff: string;
  title?: string;
  due?: string;
  ready?: string;
}

/** An error of one version: where it is (the file relative to the production's folder, 1-based line) and what it says. */
export interface ListedError {
  rule: string;
  file: string;
  line: number;
  message: string;
}

export interface ScheduleSlip {
  production: string;
  /** Handoffs whose due or ready date moved: the largest slip first, pull-ins last. */
  moved: MovedHandoff[];
  /** Milestones whose slack shrank, the largest loss first. */
  milestones: MilestoneSlackChange[];
  /** On the critical path now, not before (in path order). */
  newlyCritical: string[];
  /** On the critical path before, not now (in the old path order). */
  leftCritical: string[];
  added: ListedHandoff[];
  removed: ListedHandoff[];
  /** The latest ready date of all handoffs, when it moved. */
  end?: DateMove;
  /** Errors of the newer version that the older one did not have, by file and line in the newer one. */
  newErrors: ListedError[];
  /** Errors of the older version that the newer one no longer has, by file and line in the older one. */
  resolvedErrors: ListedError[];
}

/** Matches the productions of two versions and compares each pair (those with no change included). */
export function compareProductions(before: readonly ProductionModel[], after: readonly ProductionModel[], options: AnalysisOptions = {}): ScheduleSlip[] {
  const keyOf = (production: ProductionModel) => production.production?.id ?? `folder:${production.key}`;
  const relevant = (production: ProductionModel) => production.production !== undefined || production.handoffs.length > 0;
  const old = new Map<string, ProductionModel>();
  for (const production of before) if (relevant(production) && !old.has(keyOf(production))) old.set(keyOf(production), production);
  const now = new Map<string, ProductionModel>();
  for (const production of after) if (relevant(production) && !now.has(keyOf(production))) now.set(keyOf(production), production);
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  return keys.map((key) => scheduleSlip(old.get(key), now.get(key), options));
}

/** The errors of a production, in file and line order. */
function errorsOf(production: ProductionModel | undefined, options: AnalysisOptions): ListedError[] {
  if (!production) return [];
  const prefix = `${production.key}/`;
  const errors: ListedError[] = [];
  for (const [uri, diagnostics] of analyzeProduction(production, options)) {
    const file = production.file(uri);
    if (!file) continue;
    const name = production.key !== '' && uri.startsWith(prefix) ? decodeURIComponent(uri.slice(prefix.length)) : decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity !== 'error' || diagnostic.suppressed) continue;
      errors.push({ rule: diagnostic.rule, file: name, line: file.parsed.lines.positionAt(diagnostic.span.start).line + 1, message: diagnostic.message });
    }
  }
  return errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}

/** The errors of `these` that `others` lacks, matched by rule, file and message (as many times as each occurs). */
function notIn(these: readonly ListedError[], others: readonly ListedError[]): ListedError[] {
  const key = (error: ListedError) => `${error.rule}\u001f${error.file}\u001f${error.message}`;
  const left = new Map<string, number>();
  for (const error of others) left.set(key(error), (left.get(key(error)) ?? 0) + 1);
  return these.filter((error) => {
    const count = left.get(key(error)) ?? 0;
    if (count === 0) return true;
    left.set(key(error), count - 1);
    return false;
  });
}

export function scheduleSlip(before: ProductionModel | undefined, after: ProductionModel | undefined, options: AnalysisOptions = {}): ScheduleSlip {
  const name = after?.production?.id ?? before?.production?.id ?? after?.key ?? before?.key ?? '';
  const calendars = (after ?? before)?.calendars;
  const oldSchedule = before?.schedule;
  const newSchedule = after?.schedule;
  const oldHandoffs = oldSchedule?.handoffs ?? new Map<string, ScheduledHandoff>();
  const newHandoffs = newSchedule?.handoffs ?? new Map<string, ScheduledHandoff>();
  const titleOf = (production: ProductionModel | undefined, id: string) => production?.handoff(id)?.title;

  const move = (from: number | undefined, to: number | undefined, department: string | undefined): DateMove | undefined => {
    if (from === undefined || to === undefined || from === to || !calendars) return undefined;
    const calendar = calendars.forDepartment(department);
    return { before: formatDate(from), after: formatDate(to), workingDays: calendar.workingDaysBetween(from, to) };
  };
  const listed = (production: ProductionModel | undefined, handoff: ScheduledHandoff): ListedHandoff =>
    omitUndefined({
      handoff: handoff.id,
      title: titleOf(production, handoff.id),
      due: handoff.due === undefined ? undefined : formatDate(handoff.due),
      ready: handoff.ready === undefined ? undefined : formatDate(handoff.ready),
    });

  const moved: MovedHandoff[] = [];
  const added: ListedHandoff[] = [];
  for (const [id, now] of newHandoffs) {
    const old = oldHandoffs.get(id);
    if (!old) {
      added.push(listed(after, now));
      continue;
    }
    const spec = (after ?? before)?.handoff(id);
    const due = move(old.due, now.due, spec?.from);
    const ready = move(old.ready, now.ready, spec?.to);
    if (due || ready) moved.push(omitUndefined({ handoff: id, title: titleOf(after, id), due, ready }));
  }
  const removed = [...oldHandoffs.values()].filter((old) => !newHandoffs.has(old.id)).map((old) => listed(before, old));
  const size = (entry: MovedHandoff) => Math.max(entry.ready?.workingDays ?? -Infinity, entry.due?.workingDays ?? -Infinity);
  moved.sort((a, b) => size(b) - size(a) || a.handoff.localeCompare(b.handoff));
  added.sort((a, b) => a.handoff.localeCompare(b.handoff));
  removed.sort((a, b) => a.handoff.localeCompare(b.handoff));

  const milestones: MilestoneSlackChange[] = [];
  if (oldSchedule && newSchedule) {
    for (const [id, slackAfter] of newSchedule.milestoneSlack) {
      const slackBefore = oldSchedule.milestoneSlack.get(id);
      if (slackBefore === undefined || slackAfter >= slackBefore) continue;
      const dateBefore = before?.milestone(id)?.date;
      const dateAfter = after?.milestone(id)?.date;
      milestones.push(
        omitUndefined({
          milestone: id,
          title: after?.milestone(id)?.title,
          slackBefore,
          slackAfter,
          change: slackAfter - slackBefore,
          date: dateBefore === dateAfter ? undefined : omitUndefined({ before: dateBefore, after: dateAfter }),
        }),
      );
    }
    milestones.sort((a, b) => a.change - b.change || a.milestone.localeCompare(b.milestone));
  }

  const oldPath = new Set(oldSchedule?.criticalPath ?? []);
  const newPath = new Set(newSchedule?.criticalPath ?? []);
  const slip: ScheduleSlip = {
    production: name,
    moved,
    milestones,
    newlyCritical: (newSchedule?.criticalPath ?? []).filter((id) => !oldPath.has(id)),
    leftCritical: (oldSchedule?.criticalPath ?? []).filter((id) => !newPath.has(id)),
    added,
    removed,
    newErrors: [],
    resolvedErrors: [],
  };
  const end = move(oldSchedule?.end, newSchedule?.end, undefined);
  if (end) slip.end = end;
  const oldErrors = errorsOf(before, options);
  const newErrors = errorsOf(after, options);
  slip.newErrors = notIn(newErrors, oldErrors);
  slip.resolvedErrors = notIn(oldErrors, newErrors);
  return slip;
}

/** Whether anything changed at all. */
export function hasChanges(slip: ScheduleSlip): boolean {
  return (
    slip.moved.length + slip.milestones.length + slip.newlyCritical.length + slip.leftCritical.length + slip.added.length + slip.removed.length + slip.newErrors.length + slip.resolvedErrors.length > 0 ||
    slip.end !== undefined
  );
}

function omitUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
