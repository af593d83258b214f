// A handoff whose ready date (due + review buffer) falls after the milestone it
// feeds (DESIGN §2). Reported on `feeds`, the promise being broken.
import { formatDate, parseDate } from '../calendar';
import type { Rule } from './rule';

export const milestoneOverrun: Rule = {
  id: 'milestone-overrun',
  defaultSeverity: 'error',
  summary: 'A handoff is ready after the milestone it feeds.',
  check(context) {
    const { production } = context;
    const { calendar } = production;
    const schedule = production.scheduleProblems;
    for (const overrun of schedule.overruns) {
      const handoff = production.handoff(overrun.handoff);
      const milestone = production.milestone(overrun.milestone);
      const planned = schedule.plan(overrun.handoff);
      const date = milestone?.date === undefined ? undefined : parseDate(milestone.date);
      if (!handoff || !milestone || !planned || planned.ready === undefined || planned.due === undefined || date === undefined) continue;
      // The latest due whose ready date still makes the milestone.
      const lastWorkingDay = calendar.onOrBefore(date);
      const latestDue = planned.bufferDays === 0 ? lastWorkingDay : calendar.addWorkingDays(lastWorkingDay, -planned.bufferDays);
      const buffer = planned.bufferDays === 0 ? ', no review buffer' : ` + ${plural(planned.bufferDays, 'review day')}`;
      context.report({
        uri: handoff.uri,
        span: context.span(handoff.uri, [...handoff.path, 'feeds']),
        message:
          `Handoff '${handoff.id}' is ready on ${formatDate(planned.ready)} (due ${formatDate(planned.due)}${buffer}), ` +
          `${plural(overrun.lateWorkingDays, 'working day')} after milestone '${milestone.id}' on ${formatDate(date)}; ` +
          `make it due by ${formatDate(latestDue)} or feed a later milestone.`,
        related: [
          {
            location: { uri: milestone.uri, span: context.span(milestone.uri, [...milestone.path, 'date']) },
            message: `Milestone '${milestone.id}' is on ${formatDate(date)}.`,
          },
        ],
      });
    }
  },
};

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
