// A handoff's history must fit the plan around it: work is not delivered
// before it starts, nor before the deliveries it builds on exist, and a
// resubmission after a rejection is a new version. Such entries are usually a
// wrong date or a copied line, and `report` would count them as on time.
//
// Choices:
// - "Start" is the handoff's scheduled start: `start`, or the first day of
//   `work` counted back from `due`.
// - Only the first submission that breaks a condition is reported (per
//   upstream for the second one): the later ones follow from the same mistake.
// - An upstream with no submission at all counts as "no submission on or
//   before that date". Unknown upstreams are unknown-reference's finding.
// - Within a depends_on cycle the order of submissions is not checked: the
//   cycle is the mistake (dependency-cycle), the order only follows from it.
// - A resubmission is checked only when it and an earlier submission both
//   give a `version`.
import { formatDate, parseDate } from '../calendar';
import { MemoKey } from '../memo';
import type { ScheduleProblems } from '../schedule';
import type { HandoffSpec, HistoryEventSpec } from '../specs';
import { handoffCycles, inOneCycle } from './dependency-cycle';
import { reportingAgain, type Rule, type RuleContext } from './rule';

const submitted = (handoff: HandoffSpec): boolean => handoff.history.some((entry) => entry.event === 'submitted');

/** Whether a file version has a handoff with a submission. */
const SUBMITTED = new MemoKey<boolean>('has a submission');

function firstSubmission(handoff: HandoffSpec, onOrBefore: number): boolean {
  for (const entry of handoff.history) {
    if (entry.event !== 'submitted' || entry.date === undefined) continue;
    const day = parseDate(entry.date);
    if (day !== undefined && day <= onOrBefore) return true;
  }
  return false;
}

function checkHandoff(context: RuleContext, handoff: HandoffSpec, start: number | undefined, cycles: ReadonlyMap<string, number>): void {
  const production = context.production;
  const submissions = handoff.history.filter((entry): entry is HistoryEventSpec & { date: string } => entry.event === 'submitted' && entry.date !== undefined);
  let reportedStart = false;
  const reportedUpstreams = new Set<string>();
  for (const entry of submissions) {
    const day = parseDate(entry.date);
    if (day === undefined) continue;
    const dateSpan = context.span(entry.uri, [...entry.path, 'date']);
    if (!reportedStart && start !== undefined && day < start) {
      reportedStart = true;
      context.report({
        uri: entry.uri,
        span: dateSpan,
        message: `Submission of '${handoff.id}' on ${entry.date} is before the handoff starts (${formatDate(start)}); correct the date of the event, or the start.`,
        related: [{ location: { uri: handoff.uri, span: context.span(handoff.uri, [...handoff.path, handoff.start !== undefined ? 'start' : 'due']) }, message: `'${handoff.id}' starts on ${formatDate(start)}.` }],
      });
    }
    for (const id of handoff.dependsOn) {
      // Two handoffs of one depends_on cycle cannot both come first: the cycle is the finding.
      if (reportedUpstreams.has(id) || inOneCycle(cycles, handoff.id, id)) continue;
      const upstream = production.handoff(id);
      if (!upstream || firstSubmission(upstream, day)) continue;
      reportedUpstreams.add(id);
      context.report({
        uri: entry.uri,
        span: dateSpan,
        message:
          `Submission of '${handoff.id}' on ${entry.date} comes before any submission of '${id}', which it depends on; ` +
          `correct the date, or log the submission of '${id}' it was built from.`,
        related: [{ location: { uri: upstream.uri, span: context.span(upstream.uri, [...upstream.path, upstream.history.length > 0 ? 'history' : 'id']) }, message: `The history of '${id}'.` }],
      });
    }
  }

  // A resubmission after a rejection raises the version.
  let highest: number | undefined;
  let rejected: HistoryEventSpec | undefined;
  for (const entry of handoff.history) {
    if (entry.event === 'rejected') rejected = entry;
    if (entry.event !== 'submitted') continue;
    if (rejected && entry.version !== undefined && highest !== undefined && entry.version <= highest) {
      const span = context.span(entry.uri, [...entry.path, 'version']);
      const next = highest + 1;
      context.report({
        uri: entry.uri,
        span,
        message:
          `Resubmission of '${handoff.id}'${entry.date === undefined ? '' : ` on ${entry.date}`} after the rejection${rejected.date === undefined ? '' : ` of ${rejected.date}`} ` +
          `has version ${entry.version}, not higher than the ${highest} already submitted; set the version to ${next}.`,
        related: [{ location: { uri: rejected.uri, span: context.span(rejected.uri, [...rejected.path, 'event']) }, message: 'The rejection.' }],
        fixes: [{ title: `Set the version to ${next}`, edits: [{ uri: entry.uri, span, newText: String(next) }], preferred: true }],
      });
    }
    if (entry.version !== undefined) highest = highest === undefined ? entry.version : Math.max(highest, entry.version);
    rejected = undefined;
  }
}

export const historyOrder: Rule = {
  id: 'history-order',
  defaultSeverity: 'error',
  summary:
    "A submission is dated before the handoff's start or before a handoff it depends on was submitted, or a resubmission after a rejection does not raise the version.",
  check(context) {
    const production = context.production;
    // Only the starts are read: the plans the schedule rules keep, not the whole schedule (slack, critical paths).
    let schedule: ScheduleProblems | undefined;
    let cycles: ReadonlyMap<string, number> | undefined;
    // Findings as they were (an edit elsewhere): the same objects, so their files keep their diagnostics.
    const again: RuleContext = { ...context, report: reportingAgain(context, historyOrder) };
    // Only files with a submission: which files have one is kept with each file version.
    for (const file of production.filesWhere(SUBMITTED, (file) => file.entities.handoffs.some(submitted))) {
      for (const handoff of file.entities.handoffs) {
        if (!submitted(handoff)) continue;
        schedule ??= production.scheduleProblems;
        cycles ??= handoffCycles(production);
        checkHandoff(again, handoff, schedule.plan(handoff.id)?.start, cycles);
      }
    }
  },
};
