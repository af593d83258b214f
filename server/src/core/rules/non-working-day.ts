// A handoff's written start or due on a day nobody works, in the calendar of
// the department that delivers (DESIGN §7.4: the work counts in the `from`
// department's calendar). A milestone's date on a day off, in the production
// calendar (DESIGN §7.7); its fix moves it to the previous working day, since
// a milestone is a deadline and the work must be done by then.
import { formatDate, parseDate, weekdayName, weekdayOf } from '../calendar';
import { spanOf, type ParsedFile } from '../parse';
import type { NodePath, TextEdit } from '../types';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

const FIELDS = [
  { key: 'start', label: 'Start date' },
  { key: 'due', label: 'Due date' },
] as const;

function checkFile(context: FileRuleContext): void {
  for (const handoff of context.file.entities.handoffs) {
    const calendar = context.calendars.forDepartment(handoff.from);
    // Whose day it is, when departments work by different calendars.
    const whose = context.calendars.several && handoff.from !== undefined ? ` for ${handoff.from} (${calendar.label})` : '';
    for (const { key, label } of FIELDS) {
      const written = handoff[key];
      const day = written === undefined ? undefined : parseDate(written);
      if (day === undefined || calendar.isWorkingDay(day)) continue;
      const next = calendar.onOrAfter(day);
      const nextText = `${weekdayName(next)} ${formatDate(next)}`;
      // A workday that is not a working day can only be a holiday.
      const reason = calendar.dayOffReason(day);
      const named = reason !== undefined && reason !== 'holiday' ? `${reason}, ` : '';
      const why = calendar.workdays.includes(weekdayOf(day)) ? `a holiday (${named}${weekdayName(day)})` : `a ${weekdayName(day)}`;
      const path = [...handoff.path, key];
      context.report({
        uri: handoff.uri,
        span: context.span(path),
        message: `${label} '${written}' of '${handoff.id}' is ${why}, not a working day${whose}; move it to ${nextText}, the next working day.`,
        fixes: [{ title: `Move to ${nextText}`, edits: [replaceDate(context.file.parsed, path, written!, formatDate(next))], preferred: true }],
      });
    }
  }
  const calendar = context.calendar;
  for (const milestone of context.file.entities.production?.milestones ?? []) {
    const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
    if (day === undefined || calendar.isWorkingDay(day)) continue;
    const previous = calendar.onOrBefore(day);
    const previousText = `${weekdayName(previous)} ${formatDate(previous)}`;
    const reason = calendar.dayOffReason(day);
    const named = reason !== undefined && reason !== 'holiday' ? `${reason}, ` : '';
    const why = calendar.workdays.includes(weekdayOf(day)) ? `a holiday (${named}${weekdayName(day)})` : `a ${weekdayName(day)}`;
    const path = [...milestone.path, 'date'];
    context.report({
      uri: milestone.uri,
      span: context.span(path),
      message: `Milestone '${milestone.id}' on '${milestone.date}' is ${why}, not a working day of the production; move it to ${previousText}, the previous working day.`,
      fixes: [{ title: `Move to ${previousText}`, edits: [replaceDate(context.file.parsed, path, milestone.date!, formatDate(previous))], preferred: true }],
    });
  }
}

export const nonWorkingDay: Rule = {
  id: 'non-working-day',
  defaultSeverity: 'warning',
  summary: 'A start, due or milestone date falls on a weekend day or holiday.',
  checkFile,
  check: checkEachFile(checkFile),
};

/**
 * An edit that rewrites the date inside the node at `path`, leaving any quotes
 * (or other text around the date) as the author wrote them.
 */
export function replaceDate(file: ParsedFile, path: NodePath, oldDate: string, newDate: string): TextEdit {
  const uri = file.uri;
  const span = spanOf(file, path);
  const text = file.text;
  const at = text.slice(span.start, span.end).indexOf(oldDate);
  if (at < 0) return { uri, span, newText: newDate };
  return { uri, span: { start: span.start + at, end: span.start + at + oldDate.length }, newText: newDate };
}
