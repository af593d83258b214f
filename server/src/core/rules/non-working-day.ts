// A handoff's written start or due on a day nobody works. Only handoff dates:
// milestones are fixed by people outside the pipeline (a festival, a client
// review) and may well fall on a weekend.
import { formatDate, parseDate, weekdayName, weekdayOf } from '../calendar';
import type { TextEdit } from '../types';
import type { Rule, RuleContext } from './rule';

const FIELDS = [
  { key: 'start', label: 'Start date' },
  { key: 'due', label: 'Due date' },
] as const;

export const nonWorkingDay: Rule = {
  id: 'non-working-day',
  defaultSeverity: 'warning',
  summary: 'A start or due date falls on a weekend day or holiday.',
  check(context) {
    const { calendar } = context.production;
    for (const handoff of context.production.handoffs) {
      for (const { key, label } of FIELDS) {
        const written = handoff[key];
        const day = written === undefined ? undefined : parseDate(written);
        if (day === undefined || calendar.isWorkingDay(day)) continue;
        const next = calendar.onOrAfter(day);
        const nextText = `${weekdayName(next)} ${formatDate(next)}`;
        // A workday that is not a working day can only be a holiday.
        const why = calendar.workdays.includes(weekdayOf(day)) ? `a holiday (${weekdayName(day)})` : `a ${weekdayName(day)}`;
        const path = [...handoff.path, key];
        context.report({
          uri: handoff.uri,
          span: context.span(handoff.uri, path),
          message: `${label} '${written}' of '${handoff.id}' is ${why}, not a working day; move it to ${nextText}, the next working day.`,
          fixes: [{ title: `Move to ${nextText}`, edits: [replaceDate(context, handoff.uri, path, written!, formatDate(next))], preferred: true }],
        });
      }
    }
  },
};

/**
 * An edit that rewrites the date inside the node at `path`, leaving any quotes
 * (or other text around the date) as the author wrote them.
 */
export function replaceDate(context: RuleContext, uri: string, path: readonly (string | number)[], oldDate: string, newDate: string): TextEdit {
  const span = context.span(uri, path);
  const text = context.production.file(uri)?.parsed.text ?? '';
  const at = text.slice(span.start, span.end).indexOf(oldDate);
  if (at < 0) return { uri, span, newText: newDate };
  return { uri, span: { start: span.start + at, end: span.start + at + oldDate.length }, newText: newDate };
}
