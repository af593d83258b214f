// The asynchronous status summary of one production for a period (DESIGN
// §7.6): per department channel what is due, late, awaiting review, rejected,
// blocked or at risk, which risks are due for review, and the touchpoints that
// the critical handoffs due in the period need. Plain data with ISO dates, so
// that `handoff status` prints it and the editor's Handoffs view lists it.
//
// Definitions (dates are inclusive; "today" as for the delivery report):
// - period: an ISO week (Monday to Sunday) or a from..to range.
// - which channel: the department that has to act. The delivering (`from`)
//   department for due, late, rejected, blocked and at-risk handoffs; the
//   receiving (`to`) department for submissions awaiting its review; the risk
//   owner's department for a risk (else its handoff's `from`); the action
//   owner's department for a post-mortem action.
// - due: the handoff's due date lies in the period (done ones included, marked).
// - late and at risk: as in the delivery report (core/report.ts) as of today;
//   the at-risk reason `blocked` is listed under blocked instead.
// - awaiting review: not done and its last submission awaits a decision.
// - rejected: not done and its last decision is a rejection not yet followed by
//   a resubmission, or `status: rejected`.
// - risks due for review: open risks whose next review (reviewed +
//   risk_review_days calendar days) is on or before the period's last day, or
//   that were never reviewed.
// - open post-mortem actions (only when the production has post-mortems): not
//   `done`, in the owner's department channel; overdue when due before today.
// - touchpoints: each critical handoff due in the period and not done: who
//   (from and to leads, owner, contact) and what (done_when, open risks).
import { formatDate, parseDate } from '../calendar';
import type { ProductionModel } from '../production';
import { handoffOutcome } from '../outcome';
import { deliveryReport, type AtRiskReason } from '../report';
import type { Entity, HandoffSpec, PersonSpec } from '../specs';
import { UNKNOWN_DEPARTMENT_LANE } from './scheduleView';
import { spanOf } from '../parse';
import { entitySourceRef, sourceRef, type SourceRef } from './sourceRef';

export interface StatusPeriod {
  /** First and last day, ISO dates, inclusive. */
  from: string;
  to: string;
  /** `2027-W03` for a week, `2027-01-18..2027-01-24` otherwise. */
  label: string;
}

export interface StatusHandoff {
  handoff: string;
  title?: string;
  from: string;
  to: string;
  due?: string;
  ready?: string;
  status?: string;
  critical: boolean;
  /** Why it is listed here, in a sentence (late, at risk, rejected). */
  why?: string;
  /** The at-risk reason, on at-risk entries. */
  reason?: AtRiskReason;
  /** Whether it is accepted (due entries only). */
  done?: boolean;
  source: SourceRef;
}

export interface StatusRisk {
  risk: string;
  handoff?: string;
  description?: string;
  owner?: string;
  ownerName?: string;
  reviewed?: string;
  /** The day the next review is due; absent when never reviewed. */
  reviewBy?: string;
  source: SourceRef;
}

export interface StatusAction {
  postmortem: string;
  do: string;
  owner?: string;
  due?: string;
  /** Due before today and not done. */
  overdue: boolean;
  source: SourceRef;
}

export interface StatusChannel {
  department: string;
  name?: string;
  /** The department's chat channel (`#comp`), when it has one. */
  channel?: string;
  lead?: string;
  leadName?: string;
  due: StatusHandoff[];
  late: StatusHandoff[];
  awaitingReview: StatusHandoff[];
  rejected: StatusHandoff[];
  blocked: StatusHandoff[];
  atRisk: StatusHandoff[];
  risksForReview: StatusRisk[];
  /** Present when the production has a journal with post-mortems. */
  openActions?: StatusAction[];
}

export interface StatusPerson {
  id: string;
  name?: string;
  email?: string;
  /** What the person is in this touchpoint: from lead, to lead, owner, contact. */
  roles: string[];
}

export interface Touchpoint {
  handoff: string;
  title?: string;
  from: string;
  to: string;
  due?: string;
  ready?: string;
  status?: string;
  who: StatusPerson[];
  doneWhen: string[];
  risks: { id: string; description?: string; mitigation?: string }[];
  source: SourceRef;
}

export interface StatusSummary {
  production: string;
  title?: string;
  today: string;
  period: StatusPeriod;
  channels: StatusChannel[];
  touchpoints: Touchpoint[];
  /** Whether the production has post-mortems, so views show the open-actions section. */
  hasJournal: boolean;
}

/** A post-mortem action of the journal, with where it is written. */
export interface JournalActionLike {
  postmortem: string;
  do?: string;
  owner?: string;
  due?: string;
  done?: boolean;
  source: SourceRef;
}

const WEEK = /^(\d{4})-W(\d{2})$/;

/** An ISO week `YYYY-Www` as its Monday..Sunday day numbers; undefined when it is no week. */
export function isoWeek(text: string): { from: number; to: number } | undefined {
  const match = WEEK.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  // Week 1 holds 4 January; its Monday starts the ISO year.
  const jan4 = parseDate(`${match[1]}-01-04`);
  if (jan4 === undefined || week < 1) return undefined;
  const monday1 = jan4 - isoWeekdayIndex(jan4);
  const from = monday1 + (week - 1) * 7;
  if (isoWeekOf(from).year !== year) return undefined;
  return { from, to: from + 6 };
}

/** 0 for Monday .. 6 for Sunday (day 0, 1970-01-01, was a Thursday). */
function isoWeekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The ISO week a day falls in. */
export function isoWeekOf(day: number): { year: number; week: number; label: string } {
  const thursday = day - isoWeekdayIndex(day) + 3;
  const year = Number(formatDate(thursday).slice(0, 4));
  const jan1 = parseDate(`${String(year).padStart(4, '0')}-01-01`)!;
  const week = Math.floor((thursday - jan1) / 7) + 1;
  return { year, week, label: `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}` };
}

/** The period of a week label or of two days; the ISO week of today when neither is given. */
export function statusPeriod(today: number, range?: { week?: string; from?: number; to?: number }): StatusPeriod | undefined {
  if (range?.week !== undefined) {
    const week = isoWeek(range.week);
    return week && { from: formatDate(week.from), to: formatDate(week.to), label: range.week };
  }
  if (range?.from !== undefined || range?.to !== undefined) {
    const from = range.from ?? range.to!;
    const to = range.to ?? range.from!;
    if (to < from) return undefined;
    return { from: formatDate(from), to: formatDate(to), label: `${formatDate(from)}..${formatDate(to)}` };
  }
  const monday = today - isoWeekdayIndex(today);
  return { from: formatDate(monday), to: formatDate(monday + 6), label: isoWeekOf(today).label };
}

export function statusSummary(production: ProductionModel, today: number, period: StatusPeriod): StatusSummary {
  const postmortems = production.postmortems;
  const journalActions: JournalActionLike[] | undefined =
    postmortems.length === 0
      ? undefined
      : postmortems.flatMap((postmortem) =>
          postmortem.actions.map((action) => ({
            postmortem: postmortem.id,
            ...(action.do === undefined ? {} : { do: action.do }),
            ...(action.owner === undefined ? {} : { owner: action.owner }),
            ...(action.due === undefined ? {} : { due: action.due }),
            ...(action.done === undefined ? {} : { done: action.done }),
            source: actionSource(production, action),
          })),
        );
  const from = parseDate(period.from)!;
  const to = parseDate(period.to)!;
  const schedule = production.schedule;
  const report = deliveryReport(production, today);

  const channels = new Map<string, StatusChannel>();
  const departmentOrder = new Map<string, number>();
  production.departments.forEach((department, index) => {
    if (!departmentOrder.has(department.id)) departmentOrder.set(department.id, index);
  });
  const channelOf = (id: string): StatusChannel => {
    let channel = channels.get(id);
    if (!channel) {
      const spec = production.department(id);
      channel = {
        department: id,
        ...(spec?.name === undefined ? {} : { name: spec.name }),
        ...(spec?.channel === undefined ? {} : { channel: spec.channel }),
        ...(spec?.lead === undefined ? {} : { lead: spec.lead }),
        ...(spec?.lead === undefined || production.person(spec.lead)?.name === undefined ? {} : { leadName: production.person(spec.lead)!.name }),
        due: [],
        late: [],
        awaitingReview: [],
        rejected: [],
        blocked: [],
        atRisk: [],
        risksForReview: [],
        ...(journalActions === undefined ? {} : { openActions: [] }),
      };
      channels.set(id, channel);
    }
    return channel;
  };

  const first = new Map<string, HandoffSpec>();
  for (const handoff of production.handoffs) if (!first.has(handoff.id)) first.set(handoff.id, handoff);

  const entry = (handoff: HandoffSpec, extra: Partial<StatusHandoff> = {}): StatusHandoff => {
    const scheduled = schedule.handoffs.get(handoff.id);
    const item: StatusHandoff = {
      handoff: handoff.id,
      from: handoff.from ?? UNKNOWN_DEPARTMENT_LANE,
      to: handoff.to ?? UNKNOWN_DEPARTMENT_LANE,
      critical: scheduled?.critical ?? false,
      source: entitySourceRef(production, handoff),
      ...extra,
    };
    if (handoff.title !== undefined) item.title = handoff.title;
    if (scheduled?.due !== undefined) item.due = formatDate(scheduled.due);
    if (scheduled?.ready !== undefined) item.ready = formatDate(scheduled.ready);
    if (handoff.status !== undefined) item.status = handoff.status;
    return item;
  };

  const touchpoints: Touchpoint[] = [];
  for (const handoff of first.values()) {
    const scheduled = schedule.handoffs.get(handoff.id);
    const outcome = handoffOutcome(handoff, scheduled?.due, scheduled?.ready, today, production);
    const delivering = handoff.from ?? UNKNOWN_DEPARTMENT_LANE;
    const receiving = handoff.to ?? UNKNOWN_DEPARTMENT_LANE;
    const dueInPeriod = scheduled?.due !== undefined && scheduled.due >= from && scheduled.due <= to;
    if (dueInPeriod) channelOf(delivering).due.push(entry(handoff, { done: outcome.done }));
    if (outcome.done) continue;
    const lastDecision = lastCountedEvent(handoff, today);
    if (outcome.awaitingDecision) channelOf(receiving).awaitingReview.push(entry(handoff, { why: `Submitted on ${lastDecision?.date ?? '?'}, awaiting a decision.` }));
    if (handoff.status === 'rejected' || lastDecision?.event === 'rejected') {
      const why = lastDecision?.event === 'rejected' ? `Rejected on ${lastDecision.date}${lastDecision.reason ? `: ${lastDecision.reason}` : ''}.` : 'Status rejected.';
      channelOf(delivering).rejected.push(entry(handoff, { why }));
    }
    if (handoff.status === 'blocked') channelOf(delivering).blocked.push(entry(handoff));
    if (dueInPeriod && scheduled?.critical) touchpoints.push(touchpointOf(production, handoff, entry(handoff)));
  }
  for (const late of report.late) {
    const handoff = first.get(late.handoff);
    if (handoff) channelOf(late.from).late.push(entry(handoff, { why: late.why }));
  }
  for (const risky of report.atRisk) {
    if (risky.reason === 'blocked') continue;
    const handoff = first.get(risky.handoff);
    if (handoff) channelOf(risky.from).atRisk.push(entry(handoff, { why: risky.why, reason: risky.reason }));
  }

  for (const risk of production.risks) {
    if ((risk.status ?? 'open') !== 'open') continue;
    const reviewed = risk.reviewed === undefined ? undefined : parseDate(risk.reviewed);
    const reviewBy = reviewed === undefined ? undefined : reviewed + production.riskReviewDays;
    if (reviewBy !== undefined && reviewBy > to) continue;
    const owner = risk.owner === undefined ? undefined : production.person(risk.owner);
    const department = owner?.department ?? (risk.handoff === undefined ? undefined : first.get(risk.handoff)?.from) ?? UNKNOWN_DEPARTMENT_LANE;
    const item: StatusRisk = { risk: risk.id, source: entitySourceRef(production, risk) };
    if (risk.handoff !== undefined) item.handoff = risk.handoff;
    if (risk.description !== undefined) item.description = risk.description;
    if (risk.owner !== undefined) item.owner = risk.owner;
    if (owner?.name !== undefined) item.ownerName = owner.name;
    if (risk.reviewed !== undefined) item.reviewed = risk.reviewed;
    if (reviewBy !== undefined) item.reviewBy = formatDate(reviewBy);
    channelOf(department).risksForReview.push(item);
  }

  for (const action of journalActions ?? []) {
    if (action.done === true) continue;
    const due = action.due === undefined ? undefined : parseDate(action.due);
    const owner = action.owner === undefined ? undefined : production.person(action.owner);
    const item: StatusAction = { postmortem: action.postmortem, do: action.do ?? '', overdue: due !== undefined && due < today, source: action.source };
    if (action.owner !== undefined) item.owner = action.owner;
    if (action.due !== undefined) item.due = action.due;
    channelOf(owner?.department ?? UNKNOWN_DEPARTMENT_LANE).openActions!.push(item);
  }

  const byDue = (a: StatusHandoff, b: StatusHandoff) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.handoff.localeCompare(b.handoff);
  for (const channel of channels.values()) {
    channel.due.sort(byDue);
    channel.awaitingReview.sort(byDue);
    channel.rejected.sort(byDue);
    channel.blocked.sort(byDue);
    channel.risksForReview.sort((a, b) => (a.reviewBy ?? '').localeCompare(b.reviewBy ?? '') || a.risk.localeCompare(b.risk));
    channel.openActions?.sort((a, b) => (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') || a.postmortem.localeCompare(b.postmortem));
  }
  touchpoints.sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.handoff.localeCompare(b.handoff));

  return {
    production: production.production?.id ?? production.key,
    ...(production.production?.title === undefined ? {} : { title: production.production.title }),
    today: formatDate(today),
    period,
    channels: [...channels.values()].sort(
      (a, b) => (departmentOrder.get(a.department) ?? Infinity) - (departmentOrder.get(b.department) ?? Infinity) || a.department.localeCompare(b.department),
    ),
    touchpoints,
    hasJournal: journalActions !== undefined,
  };
}

/** Whether a channel has anything to say. */
export function channelIsEmpty(channel: StatusChannel): boolean {
  return (
    channel.due.length + channel.late.length + channel.awaitingReview.length + channel.rejected.length + channel.blocked.length + channel.atRisk.length + channel.risksForReview.length + (channel.openActions?.length ?? 0) === 0
  );
}

/** The last submission or decision dated on or before today, in listed order. */
function lastCountedEvent(handoff: HandoffSpec, today: number): { event: string; date: string; reason?: string } | undefined {
  let last: { event: string; date: string; reason?: string } | undefined;
  for (const event of handoff.history) {
    const day = event.date === undefined ? undefined : parseDate(event.date);
    if (day === undefined || day > today || event.event === undefined) continue;
    last = { event: event.event, date: event.date!, ...(event.reason === undefined ? {} : { reason: event.reason }) };
  }
  return last;
}

function touchpointOf(production: ProductionModel, handoff: HandoffSpec, item: StatusHandoff): Touchpoint {
  const who: StatusPerson[] = [];
  const add = (id: string | undefined, role: string) => {
    if (id === undefined) return;
    const known = who.find((person) => person.id === id);
    if (known) {
      known.roles.push(role);
      return;
    }
    const person: PersonSpec | undefined = production.person(id);
    who.push({ id, ...(person?.name === undefined ? {} : { name: person.name }), ...(person?.email === undefined ? {} : { email: person.email }), roles: [role] });
  };
  add(handoff.from === undefined ? undefined : production.department(handoff.from)?.lead, 'from lead');
  add(handoff.to === undefined ? undefined : production.department(handoff.to)?.lead, 'to lead');
  add(handoff.owner, 'owner');
  add(handoff.contact, 'contact');
  const risks = production.risks
    .filter((risk) => risk.handoffs.includes(handoff.id) && (risk.status ?? 'open') === 'open')
    .map((risk) => ({ id: risk.id, ...(risk.description === undefined ? {} : { description: risk.description }), ...(risk.mitigation === undefined ? {} : { mitigation: risk.mitigation }) }));
  const touchpoint: Touchpoint = { handoff: item.handoff, from: item.from, to: item.to, who, doneWhen: handoff.doneWhen ?? [], risks, source: item.source };
  if (item.title !== undefined) touchpoint.title = item.title;
  if (item.due !== undefined) touchpoint.due = item.due;
  if (item.ready !== undefined) touchpoint.ready = item.ready;
  if (item.status !== undefined) touchpoint.status = item.status;
  return touchpoint;
}

/** Where an action is written: its map in the journal file. */
function actionSource(production: ProductionModel, action: Entity): SourceRef {
  const file = production.file(action.uri);
  return sourceRef(production, action.uri, file ? spanOf(file.parsed, action.path) : { start: 0, end: 0 });
}
