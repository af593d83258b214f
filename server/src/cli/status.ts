// `handoff status [dir]`: the asynchronous status summary of a week or a
// period, per department channel, and the touchpoints of the critical
// handoffs due in it (DESIGN §7.6). Markdown pastes into a chat channel as is.
import { Analysis, channelIsEmpty, parseDate, statusPeriod, type StatusChannel, type StatusHandoff, type StatusSummary } from '../core/facade';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { writeOutput } from './output';
import { UsageError } from './usage';

export const statusCommand: Command = {
  name: 'status',
  usage: [
    'status [dir]    What is due, late, awaiting review, blocked or at risk, per department channel',
    '--week YYYY-Www            the ISO week to summarise (default: the week of --today)',
    '--from <date> --to <date>  a period instead of a week (both inclusive)',
    '--format text|markdown|json  output format (default: text)',
    '--out <file>               write to a file instead of stdout',
  ],
  flags: { week: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  maxPositionals: 1,
  run: (context) => {
    const format = stringFlag(context.flags.format) ?? 'text';
    if (!FORMATS.includes(format)) throw new UsageError(`unknown --format '${format}'; use one of ${FORMATS.join(', ')}`);
    const today = parseDate(context.today);
    if (today === undefined) throw new UsageError(`--today '${context.today}' is not a date; write it as YYYY-MM-DD`);
    const week = stringFlag(context.flags.week);
    const fromText = stringFlag(context.flags.from);
    const toText = stringFlag(context.flags.to);
    if (week !== undefined && (fromText !== undefined || toText !== undefined)) throw new UsageError('give either --week or --from/--to, not both');
    const dateFlag = (name: string, value: string | undefined) => {
      if (value === undefined) return undefined;
      const day = parseDate(value);
      if (day === undefined) throw new UsageError(`--${name} '${value}' is not a date; write it as YYYY-MM-DD`);
      return day;
    };
    const from = dateFlag('from', fromText);
    const to = dateFlag('to', toText);
    const period = statusPeriod(today, { ...(week === undefined ? {} : { week }), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    if (period === undefined) {
      throw new UsageError(week !== undefined ? `--week '${week}' is not an ISO week; write it as YYYY-Www, e.g. 2027-W03` : `--from ${fromText} is after --to ${toText}`);
    }
    const dir = context.positionals[0] ?? '.';
    const { workspace, unreadable } = loadFolder(dir, context.progress);
    for (const entry of unreadable) context.progress(`Skipped ${entry.path}: ${entry.reason}.`);
    const analysis = new Analysis(workspace, { today: context.today });
    const productions = analysis.governedProductions();
    if (productions.length === 0) throw new UsageError(`no *.production.yaml under '${dir}'; the status needs a production's departments`);
    const summaries = productions.map((production) => analysis.status(production, period));
    const output =
      format === 'json'
        ? JSON.stringify({ today: context.today, period, productions: summaries }, null, 2)
        : summaries.map(format === 'markdown' ? statusMarkdown : statusText).join('\n\n');
    writeOutput(output, stringFlag(context.flags.out), context);
    return 0;
  },
};

const FORMATS = ['text', 'markdown', 'json'];

interface Section {
  title: string;
  key: 'due' | 'late' | 'awaitingReview' | 'rejected' | 'blocked' | 'atRisk';
}

const HANDOFF_SECTIONS: readonly Section[] = [
  { title: 'Due', key: 'due' },
  { title: 'Late', key: 'late' },
  { title: 'Awaiting your review', key: 'awaitingReview' },
  { title: 'Rejected', key: 'rejected' },
  { title: 'Blocked', key: 'blocked' },
  { title: 'At risk', key: 'atRisk' },
];

function periodText(summary: StatusSummary): string {
  const { period } = summary;
  return period.label.includes('-W') ? `week ${period.label} (${period.from} to ${period.to})` : `${period.from} to ${period.to}`;
}

function channelHeading(channel: StatusChannel): string {
  const name = channel.name ?? channel.department;
  const lead = channel.lead === undefined ? '' : `, lead ${channel.leadName ?? channel.lead}`;
  return `${channel.channel ?? channel.department} · ${name}${lead}`;
}

function handoffLine(item: StatusHandoff, key: Section['key']): string {
  const parts = [item.handoff];
  if (item.title) parts.push(item.title);
  const stage = `${item.from} → ${item.to}`;
  const when = item.due === undefined ? 'no due date' : `due ${item.due}`;
  const status = key === 'due' ? ` [${item.done ? 'accepted' : (item.status ?? 'planned').replace('_', ' ')}]` : '';
  const critical = item.critical ? ' (critical)' : '';
  const why = item.why === undefined ? '' : ` · ${item.why}`;
  return `${parts.join('  ')}  ${stage}, ${when}${critical}${status}${why}`;
}

export function statusText(summary: StatusSummary): string {
  const lines: string[] = [];
  lines.push(`Status of ${summary.production}${summary.title && summary.title !== summary.production ? ` (${summary.title})` : ''}, ${periodText(summary)}, as of ${summary.today}`);
  const channels = summary.channels.filter((channel) => !channelIsEmpty(channel));
  if (channels.length === 0) lines.push('', 'Nothing due, late, awaiting review, blocked or at risk.');
  for (const channel of channels) {
    lines.push('', channelHeading(channel));
    for (const section of HANDOFF_SECTIONS) {
      const items = channel[section.key];
      if (items.length === 0) continue;
      lines.push(`  ${section.title} (${items.length}):`);
      for (const item of items) lines.push(`    ${handoffLine(item, section.key)}`);
    }
    if (channel.risksForReview.length > 0) {
      lines.push(`  Risks due for review (${channel.risksForReview.length}):`);
      for (const risk of channel.risksForReview) lines.push(`    ${riskLine(risk)}`);
    }
    if (channel.openActions && channel.openActions.length > 0) {
      lines.push(`  Open post-mortem actions (${channel.openActions.length}):`);
      for (const action of channel.openActions) lines.push(`    ${action.postmortem}: ${action.do}${action.owner ? ` (${action.owner})` : ''}${action.due ? `, due ${action.due}${action.overdue ? ', overdue' : ''}` : ''}`);
    }
  }
  lines.push('', `Touchpoints (${summary.touchpoints.length}):`);
  if (summary.touchpoints.length === 0) lines.push('  none: no critical handoff is due in the period');
  for (const touchpoint of summary.touchpoints) {
    lines.push(`  ${touchpoint.handoff}${touchpoint.title ? `  ${touchpoint.title}` : ''}  ${touchpoint.from} → ${touchpoint.to}, due ${touchpoint.due ?? '–'}`);
    lines.push(`    Who: ${touchpoint.who.map((person) => `${person.name ?? person.id} (${person.roles.join(', ')})`).join('; ') || 'nobody named'}`);
    lines.push(`    Done when: ${touchpoint.doneWhen.length === 0 ? 'not written' : touchpoint.doneWhen.join('; ')}`);
    if (touchpoint.risks.length > 0) lines.push(`    Open risks: ${touchpoint.risks.map((risk) => `${risk.id}${risk.description ? `: ${risk.description}` : ''}`).join('; ')}`);
  }
  return lines.join('\n');
}

function riskLine(risk: StatusSummary['channels'][number]['risksForReview'][number]): string {
  const when = risk.reviewBy === undefined ? 'never reviewed' : `review by ${risk.reviewBy} (last ${risk.reviewed})`;
  return `${risk.risk}${risk.handoff ? ` on ${risk.handoff}` : ''}: ${risk.description ?? 'no description'}, ${when}${risk.owner ? `, owner ${risk.ownerName ?? risk.owner}` : ''}`;
}

/** Text that chat markdown must not read as markup. */
export function markdownText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\`*_[\]<>|~])/g, '\\$1');
}

const code = (id: string) => `\`${id.replace(/`/g, "'")}\``;

export function statusMarkdown(summary: StatusSummary): string {
  const lines: string[] = [];
  lines.push(`## Status of ${markdownText(summary.title ?? summary.production)}: ${periodText(summary)}`);
  lines.push(`_As of ${summary.today}_`);
  const channels = summary.channels.filter((channel) => !channelIsEmpty(channel));
  if (channels.length === 0) lines.push('', 'Nothing due, late, awaiting review, blocked or at risk.');
  for (const channel of channels) {
    lines.push('', `### ${markdownText(channel.channel ?? channel.department)} · ${markdownText(channel.name ?? channel.department)}${channel.lead ? ` (lead ${markdownText(channel.leadName ?? channel.lead)})` : ''}`);
    // Each section after a blank line: right after a list, markdown would read its title as part of the list's last item.
    for (const section of HANDOFF_SECTIONS) {
      const items = channel[section.key];
      if (items.length === 0) continue;
      lines.push('', `**${section.title} (${items.length})**`);
      for (const item of items) {
        const status = section.key === 'due' ? ` · ${item.done ? 'accepted' : (item.status ?? 'planned').replace('_', ' ')}` : '';
        lines.push(
          `- ${code(item.handoff)}${item.title ? ` ${markdownText(item.title)}` : ''} (${markdownText(item.from)} → ${markdownText(item.to)}), ${item.due === undefined ? 'no due date' : `due ${item.due}`}${item.critical ? ' · **critical**' : ''}${status}${item.why ? ` · ${markdownText(item.why)}` : ''}`,
        );
      }
    }
    if (channel.risksForReview.length > 0) {
      lines.push('', `**Risks due for review (${channel.risksForReview.length})**`);
      for (const risk of channel.risksForReview) {
        lines.push(`- ${code(risk.risk)}${risk.handoff ? ` on ${code(risk.handoff)}` : ''}: ${markdownText(risk.description ?? 'no description')}, ${risk.reviewBy === undefined ? 'never reviewed' : `review by ${risk.reviewBy}`}${risk.owner ? `, owner ${markdownText(risk.ownerName ?? risk.owner)}` : ''}`);
      }
    }
    if (channel.openActions && channel.openActions.length > 0) {
      lines.push('', `**Open post-mortem actions (${channel.openActions.length})**`);
      for (const action of channel.openActions) {
        lines.push(`- ${code(action.postmortem)}: ${markdownText(action.do)}${action.owner ? ` (${markdownText(action.owner)})` : ''}${action.due ? `, due ${action.due}${action.overdue ? ' · **overdue**' : ''}` : ''}`);
      }
    }
  }
  lines.push('', `### Touchpoints (${summary.touchpoints.length})`);
  if (summary.touchpoints.length === 0) lines.push('No critical handoff is due in the period.');
  for (const touchpoint of summary.touchpoints) {
    lines.push(`- **${code(touchpoint.handoff)}**${touchpoint.title ? ` ${markdownText(touchpoint.title)}` : ''} (${markdownText(touchpoint.from)} → ${markdownText(touchpoint.to)}), due ${touchpoint.due ?? '–'}`);
    lines.push(`  - Who: ${touchpoint.who.map((person) => `${markdownText(person.name ?? person.id)} (${person.roles.join(', ')})`).join(', ') || 'nobody named'}`);
    if (touchpoint.doneWhen.length === 0) lines.push('  - Done when: not written');
    else {
      lines.push('  - Done when:');
      for (const line of touchpoint.doneWhen) lines.push(`    - ${markdownText(line)}`);
    }
    for (const risk of touchpoint.risks) lines.push(`  - Open risk ${code(risk.id)}: ${markdownText(risk.description ?? 'no description')}${risk.mitigation ? ` · mitigation: ${markdownText(risk.mitigation)}` : ''}`);
  }
  return lines.join('\n');
}
