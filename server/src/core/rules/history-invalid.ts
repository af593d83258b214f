// A handoff's history is its decision log: a delivery is submitted, then
// accepted or rejected by someone. This rule reports entries that cannot
// have happened that way, read in the order they are listed (date-order
// reports entries whose dates disagree with that order).
//
// Choices:
// - A decision (accepted/rejected) needs a submission it decides on: one after
//   the previous decision. A submission may follow another (a newer version
//   replaces one still under review) or an acceptance (a redelivery).
// - A rejection needs a reason; a decision names who made it (`by`).
// - `status` submitted/accepted/rejected must agree with the last event, since
//   those statuses are exactly what the events record. planned, in_progress
//   and blocked may follow any event (rework after a rejection, a redelivery
//   after an acceptance), so they are not checked.
// - Events dated after today are not reported: "today" is often pinned in CI
//   and tests, and time zones shift it by a day, so such a finding could be wrong.
import type { HistoryEventSpec } from '../specs';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

const DECISIONS = new Set(['accepted', 'rejected']);
const EVENT_STATUSES = new Set(['submitted', 'accepted', 'rejected']);

function checkFile(context: FileRuleContext): void {
  for (const handoff of context.file.entities.handoffs) {
    let submitted = false;
    let lastDecision: HistoryEventSpec | undefined;
    let last: HistoryEventSpec | undefined;
    for (const entry of handoff.history) {
      if (entry.event === undefined) continue;
      last = entry;
      const eventSpan = context.span([...entry.path, 'event']);
      const dated = entry.date === undefined ? '' : ` on ${entry.date}`;
      if (entry.event === 'submitted') {
        submitted = true;
        continue;
      }
      if (!DECISIONS.has(entry.event)) continue;
      if (!submitted) {
        context.report({
          uri: entry.uri,
          span: eventSpan,
          message: lastDecision
            ? `Event '${entry.event}'${dated} of '${handoff.id}' follows '${lastDecision.event}'${lastDecision.date === undefined ? '' : ` on ${lastDecision.date}`} without a new submission; add the 'submitted' event it decides on before it.`
            : `Event '${entry.event}'${dated} of '${handoff.id}' comes before any 'submitted' event; add the submission it decides on before it.`,
          related: lastDecision && [
            { location: { uri: lastDecision.uri, span: context.span([...lastDecision.path, 'event']) }, message: 'The previous decision.' },
          ],
        });
      }
      if (entry.by === undefined) {
        context.report({
          uri: entry.uri,
          span: eventSpan,
          message: `Event '${entry.event}'${dated} of '${handoff.id}' does not say who decided; add 'by:' with the person's id.`,
        });
      }
      if (entry.event === 'rejected' && (entry.reason ?? '').trim() === '') {
        context.report({
          uri: entry.uri,
          span: eventSpan,
          message: `Event 'rejected'${dated} of '${handoff.id}' has no reason; add 'reason:' saying what to fix for the next submission.`,
        });
      }
      submitted = false;
      lastDecision = entry;
    }

    if (last && handoff.status !== undefined && EVENT_STATUSES.has(handoff.status) && EVENT_STATUSES.has(last.event!) && handoff.status !== last.event) {
      context.report({
        uri: handoff.uri,
        span: context.span([...handoff.path, 'status']),
        message:
          `Status '${handoff.status}' of '${handoff.id}' contradicts its last history event '${last.event}'${last.date === undefined ? '' : ` on ${last.date}`}; ` +
          `set the status to '${last.event}' or log the event that changed it.`,
        related: [{ location: { uri: last.uri, span: context.span([...last.path, 'event']) }, message: 'The last history event.' }],
      });
    }
  }
}

export const historyInvalid: Rule = {
  id: 'history-invalid',
  defaultSeverity: 'error',
  summary: 'A history event is impossible.',
  checkFile,
  check: checkEachFile(checkFile),
};
