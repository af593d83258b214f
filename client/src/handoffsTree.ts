// What the editor's Handoffs view lists, made from the status summary that
// `handoff status` prints (the same request, the same core function): the
// handoffs due this week, the late ones, those at risk or blocked, and the
// open post-mortem actions. Pure data, so a unit test reads it without VS Code.
import type { SourceRef, StatusHandoff, StatusSummary } from '../../server/src/protocol';

export type HandoffsGroupId = 'week' | 'late' | 'atRisk' | 'actions';

export interface HandoffsTreeItem {
  /** Unique within its group: the handoff id, or the post-mortem and the action's place. */
  key: string;
  label: string;
  description?: string;
  tooltip: string;
  /** Where a click takes the editor. */
  source: SourceRef;
  /** Late, overdue, blocked or rejected: drawn with a warning icon. */
  warning?: boolean;
  /** Accepted already (due entries). */
  done?: boolean;
}

export interface HandoffsTreeGroup {
  id: HandoffsGroupId;
  label: string;
  /** What the group says when it lists nothing. */
  empty: string;
  items: HandoffsTreeItem[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Tue 01-19`: short enough for a tree row, with the weekday a producer plans by. */
function shortDate(iso: string | undefined): string {
  if (!iso) return 'no date';
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) ? iso : `${WEEKDAYS[new Date(time).getUTCDay()]} ${iso.slice(5)}`;
}

function handoffItem(entry: StatusHandoff, description: string, extra: Partial<HandoffsTreeItem> = {}): HandoffsTreeItem {
  const lines = [`${entry.handoff}${entry.title ? `: ${entry.title}` : ''}`, `${entry.from} → ${entry.to}, due ${entry.due ?? 'not set'}${entry.ready ? `, ready ${entry.ready}` : ''}`];
  if (entry.status) lines.push(`status ${entry.status.replace('_', ' ')}`);
  if (entry.critical) lines.push('on the critical path');
  if (entry.why) lines.push(entry.why);
  return { key: entry.handoff, label: entry.handoff, description, tooltip: lines.join('\n'), source: entry.source, ...extra };
}

/** Each entry once (a handoff may be listed in two channels), in the order first seen. */
function once<T>(entries: readonly T[], keyOf: (entry: T) => string): T[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = keyOf(entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const byDueThenId = (a: StatusHandoff, b: StatusHandoff): number => (a.due ?? '').localeCompare(b.due ?? '') || a.handoff.localeCompare(b.handoff);

export function handoffsTree(summary: StatusSummary): HandoffsTreeGroup[] {
  const all = (pick: (channel: StatusSummary['channels'][number]) => readonly StatusHandoff[]) =>
    once(summary.channels.flatMap(pick), (entry) => entry.handoff).sort(byDueThenId);
  const period = summary.period.label.includes('-W') ? `This week (${summary.period.label})` : `${summary.period.from} to ${summary.period.to}`;

  const week = all((channel) => channel.due).map((entry) =>
    handoffItem(entry, `${shortDate(entry.due)} · ${entry.from} → ${entry.to}${entry.done ? ' · accepted' : ''}${entry.title ? ` · ${entry.title}` : ''}`, entry.done ? { done: true } : {}),
  );
  const late = all((channel) => channel.late).map((entry) => handoffItem(entry, entry.why ?? `ready ${entry.ready ?? 'not set'}`, { warning: true }));
  const atRisk = [
    ...all((channel) => channel.atRisk).map((entry) => handoffItem(entry, entry.why ?? 'at risk')),
    ...all((channel) => channel.blocked).map((entry) => handoffItem(entry, entry.why ?? 'blocked', { warning: true })),
  ];
  const groups: HandoffsTreeGroup[] = [
    { id: 'week', label: period, empty: 'Nothing is due in this period.', items: week },
    { id: 'late', label: 'Late', empty: 'Nothing is late.', items: late },
    { id: 'atRisk', label: 'At risk', empty: 'Nothing is at risk.', items: atRisk },
  ];
  if (summary.hasJournal) {
    const actions = once(
      summary.channels.flatMap((channel) => channel.openActions ?? []),
      (action) => `${action.postmortem}\u0000${action.source.uri}\u0000${action.source.range.start.line}`,
    ).sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.postmortem.localeCompare(b.postmortem));
    groups.push({
      id: 'actions',
      label: 'Open actions',
      empty: 'No post-mortem action is open.',
      items: actions.map((action) => ({
        key: `${action.postmortem}:${action.source.range.start.line}`,
        label: action.do,
        description: `${action.owner ?? 'no owner'} · ${action.due ? `due ${shortDate(action.due)}` : 'no due date'}${action.overdue ? ' · overdue' : ''}`,
        tooltip: [action.do, `from post-mortem ${action.postmortem}`, `owner ${action.owner ?? 'not set'}, due ${action.due ?? 'not set'}`, ...(action.overdue ? ['overdue'] : [])].join('\n'),
        source: action.source,
        ...(action.overdue ? { warning: true } : {}),
      })),
    });
  }
  return groups;
}
