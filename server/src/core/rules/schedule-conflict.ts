// A handoff that starts on or before the working day an upstream handoff is
// ready (DESIGN §2). The schedule engine finds the conflicts; this rule places
// them on the node that sets the start and offers to move it.
import { formatDate, parseDate } from '../calendar';
import type { HandoffPlan, ScheduleConflict } from '../schedule';
import type { HandoffSpec } from '../specs';
import type { NodePath } from '../types';
import { handoffCycles, inOneCycle } from './dependency-cycle';
import { replaceDate } from './non-working-day';
import { reportingAgain, type Rule } from './rule';
import { plural } from '../words';

export const scheduleConflict: Rule = {
  id: 'schedule-conflict',
  defaultSeverity: 'error',
  summary: 'A handoff starts before an upstream handoff is ready.',
  check(context) {
    const { production } = context;
    const schedule = production.scheduleProblems;
    // A conflict between two handoffs of one depends_on cycle only follows from
    // the cycle, which dependency-cycle reports (one mistake, one diagnostic).
    const cycles = schedule.conflicts.length > 0 ? handoffCycles(production) : undefined;
    const conflicts = cycles && cycles.size > 0 ? schedule.conflicts.filter((conflict) => !inOneCycle(cycles, conflict.handoff, conflict.upstream)) : schedule.conflicts;
    // Conflicts as they were (an edit elsewhere): the same findings, so their files keep their diagnostics.
    const report = reportingAgain(context, scheduleConflict);
    // A handoff may conflict with several upstreams; every fix moves the start
    // past the latest of them, so applying any one settles them all.
    const latestStart = new Map<string, number>();
    for (const conflict of conflicts) {
      const current = latestStart.get(conflict.handoff);
      if (current === undefined || conflict.earliestStart > current) latestStart.set(conflict.handoff, conflict.earliestStart);
    }
    for (const conflict of conflicts) {
      const handoff = production.handoff(conflict.handoff);
      const upstream = production.handoff(conflict.upstream);
      const planned = schedule.plan(conflict.handoff);
      const upstreamPlan = schedule.plan(conflict.upstream);
      if (!handoff || !upstream || !planned || !upstreamPlan || planned.start === undefined || upstreamPlan.ready === undefined) continue;
      const startPath = startNode(handoff);
      const startWritten = startPath[startPath.length - 1] === 'start';
      const targetDay = latestStart.get(conflict.handoff) ?? conflict.earliestStart;
      const target = formatDate(targetDay);
      // A start moved past the due date would trade this error for a date-order one.
      const fixable = startWritten && (planned.due === undefined || targetDay <= planned.due);
      report({
        uri: handoff.uri,
        span: context.span(handoff.uri, startPath),
        message: conflictMessage(conflict, planned, upstreamPlan, startWritten),
        related: [
          {
            location: { uri: upstream.uri, span: context.span(upstream.uri, [...upstream.path, 'due']) },
            message: `Upstream '${upstream.id}' is due ${formatDate(upstreamPlan.due!)} and ready on ${formatDate(upstreamPlan.ready)}.`,
          },
        ],
        fixes: fixable
          ? [{ title: `Move start to ${target}`, edits: [replaceDate(production.file(handoff.uri)!.parsed, startPath, handoff.start!, target)], preferred: true }]
          : undefined,
      });
    }
  },
};

/** The node that sets the start the engine used: `start`, else `work` (counted back from `due`). */
function startNode(handoff: HandoffSpec): NodePath {
  if (handoff.start !== undefined && parseDate(handoff.start) !== undefined) return [...handoff.path, 'start'];
  if (handoff.work !== undefined) return [...handoff.path, 'work'];
  return [...handoff.path, 'due'];
}

function conflictMessage(conflict: ScheduleConflict, planned: HandoffPlan, upstream: HandoffPlan, startWritten: boolean): string {
  const days = plural(conflict.missingWorkingDays, 'working day');
  const buffer = upstream.bufferDays === 0 ? ', no review buffer' : ` + ${plural(upstream.bufferDays, 'review day')}`;
  // A start counted back from `due` moves with fewer working days of work or a later due date.
  const derivedFrom = startWritten ? '' : ` (${plural(planned.workDays ?? 0, 'working day')} of work ending on ${formatDate(planned.due!)})`;
  const how = startWritten ? '' : ": lower 'work' or move the due date";
  return (
    `Handoff '${conflict.handoff}' starts ${formatDate(planned.start!)}${derivedFrom}, ${days} too early: ` +
    `upstream '${conflict.upstream}' is ready on ${formatDate(upstream.ready!)} (due ${formatDate(upstream.due!)}${buffer}); ` +
    `start on ${formatDate(conflict.earliestStart)} or later${how}.`
  );
}

