// A handoff whose ready date (due + review buffer) falls after the milestone it
// feeds (DESIGN §2). Reported on `feeds`, the promise being broken.
import { formatDate, parseDate } from '../calendar';
import type { Rule } from './rule';
import { plural } from '../words';

export const milestoneOverrun: Rule = {
  id: 'milestone-overrun',
  defaultSeverity: 'error',
  summary: 'A handoff is ready after the milestone it feeds.',
  check(context) {
    const { production } = context;
    const schedule = production.scheduleProblems;
    for (const overrun of schedule.overruns) {
      const handoff = production.handoff(overrun.handoff);
      const milestone = production.milestone(overrun.milestone);
      const planned = schedule.plan(overrun.handoff);
      const date = milestone?.date === undefined ? undefined : parseDate(milestone.date);
      if (!handoff || !milestone || !planned || planned.ready === undefined || planned.due === undefined || date === undefined) continue;
      // The latest due whose ready date still makes the milestone: the review
      // counts back in the receiver's calendar, the due date lands in the
      // sender's, shifted by the days a due_time moves the delivery between zones.
      const review = production.calendars.forDepartment(handoff.to);
      const work = production.calendars.forDepartment(handoff.from);
      const lastWorkingDay = review.onOrBefore(date);
      const latestDelivery = planned.bufferDays === 0 ? lastWorkingDay : review.addWorkingDays(lastWorkingDay, -planned.bufferDays);
      const latestDue = work.onOrBefore(latestDelivery + (planned.due - (planned.delivery ?? planned.due)));
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

