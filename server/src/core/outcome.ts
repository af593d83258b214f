// One handoff's outcome: what its history says as of a day (the report's
// definitions, see report.ts). Apart from the report so that the report's
// parts (targets, the schedule view, status) share it without importing the
// report that imports them.
import { parseDate } from './calendar';
import { UNKNOWN_DEPARTMENT_LANE } from './features/lanes';
import type { ProductionModel } from './production';
import type { HandoffSpec } from './specs';

/** What one handoff's history says, as of today. */
export interface HandoffOutcome {
  handoff: string;
  from: string;
  to: string;
  firstSubmitted?: number;
  firstAccepted?: number;
  /** Rejections before the first acceptance (all of them when not accepted). */
  rejections: number;
  /** At least one acceptance or rejection. */
  decided: boolean;
  /** The last event counted is a submission still awaiting a decision. */
  awaitingDecision: boolean;
  done: boolean;
  due?: number;
  ready?: number;
  onTime?: boolean;
  leadTime?: number;
}

/** Reads one handoff's history as of today; used by the report and by views that show a single handoff. */
export function handoffOutcome(handoff: HandoffSpec, due: number | undefined, ready: number | undefined, today: number, production: ProductionModel): HandoffOutcome {
  let firstSubmitted: number | undefined;
  let firstAccepted: number | undefined;
  let rejections = 0;
  let decided = false;
  let awaitingDecision = false;
  for (const event of handoff.history) {
    const day = event.date === undefined ? undefined : parseDate(event.date);
    if (day === undefined || day > today) continue;
    if (event.event === 'submitted') {
      if (firstSubmitted === undefined) firstSubmitted = day;
      awaitingDecision = true;
    } else if (event.event === 'rejected') {
      rejections++;
      decided = true;
      awaitingDecision = false;
    } else if (event.event === 'accepted') {
      firstAccepted = day;
      decided = true;
      awaitingDecision = false;
      break;
    }
  }
  const outcome: HandoffOutcome = {
    handoff: handoff.id,
    from: handoff.from ?? UNKNOWN_DEPARTMENT_LANE,
    to: handoff.to ?? UNKNOWN_DEPARTMENT_LANE,
    rejections,
    decided,
    awaitingDecision,
    done: firstAccepted !== undefined || (handoff.status === 'accepted' && !handoff.history.some((event) => event.event === 'accepted')),
  };
  if (firstSubmitted !== undefined) outcome.firstSubmitted = firstSubmitted;
  if (due !== undefined) outcome.due = due;
  if (ready !== undefined) outcome.ready = ready;
  if (firstAccepted !== undefined) {
    outcome.firstAccepted = firstAccepted;
    if (ready !== undefined) outcome.onTime = firstAccepted <= ready;
    if (firstSubmitted !== undefined && firstSubmitted <= firstAccepted) {
      outcome.leadTime = production.calendars.forDepartment(handoff.to).workingDaysBetween(firstSubmitted, firstAccepted);
    }
  } else if (!outcome.done && ready !== undefined && production.calendars.forDepartment(handoff.to).workingDaysBetween(ready, today) >= 1) {
    outcome.onTime = false;
  }
  return outcome;
}
