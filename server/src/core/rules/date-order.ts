// Dates that contradict each other within one handoff: a start after its due
// date, or a history entry dated before the entry listed above it (the log is
// read top to bottom as the order things happened).
import { parseDate } from '../calendar';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  // A closure that ends before it starts closes nothing (calendars leave it out).
  const production = context.file.entities.production;
  for (const calendar of production ? [production.calendar, ...production.calendars] : []) {
    for (const closure of calendar.closures) {
      const from = closure.from === undefined ? undefined : parseDate(closure.from);
      const to = closure.to === undefined ? undefined : parseDate(closure.to);
      if (from === undefined || to === undefined || to >= from) continue;
      const where = calendar.id === undefined ? 'the production calendar' : `calendar '${calendar.id}'`;
      context.report({
        uri: closure.uri,
        span: context.span([...closure.path, 'to']),
        message: `Closure of ${where} ends on ${closure.to}, before it starts on ${closure.from}; set 'to' to ${closure.from} or later (both ends are closed days), or swap the dates.`,
        related: [{ location: { uri: closure.uri, span: context.span([...closure.path, 'from']) }, message: `Starts ${closure.from}.` }],
      });
    }
  }
  for (const handoff of context.file.entities.handoffs) {
    const start = handoff.start === undefined ? undefined : parseDate(handoff.start);
    const due = handoff.due === undefined ? undefined : parseDate(handoff.due);
    if (start !== undefined && due !== undefined && start > due) {
      context.report({
        uri: handoff.uri,
        span: context.span([...handoff.path, 'start']),
        message: `Start '${handoff.start}' of '${handoff.id}' is after its due date ${handoff.due}; move the start to ${handoff.due} or earlier, or move the due date.`,
        related: [{ location: { uri: handoff.uri, span: context.span([...handoff.path, 'due']) }, message: `Due ${handoff.due}.` }],
      });
    }

    // Compare each dated entry with the dated entry before it, so one entry
    // out of place is reported once, not every entry after it.
    let previous: { date: string; day: number; path: readonly (string | number)[] } | undefined;
    for (const entry of handoff.history) {
      const day = entry.date === undefined ? undefined : parseDate(entry.date);
      if (day === undefined) continue;
      if (previous && day < previous.day) {
        context.report({
          uri: entry.uri,
          span: context.span([...entry.path, 'date']),
          message:
            `History date '${entry.date}' of '${handoff.id}' comes before the previous entry's ${previous.date}; ` +
            'list history events in the order they happened, or correct the date.',
          related: [{ location: { uri: entry.uri, span: context.span([...previous.path, 'date']) }, message: `Previous entry, dated ${previous.date}.` }],
        });
      }
      previous = { date: entry.date!, day, path: entry.path };
    }
  }
}

export const dateOrder: Rule = {
  id: 'date-order',
  defaultSeverity: 'error',
  summary: 'A start is after its due date, or history dates are out of order.',
  checkFile,
  check: checkEachFile(checkFile),
};
