// The delivery report of one production: how its handoffs went, read from
// their history. Plain data (ISO dates, numbers, ids) so that `handoff report`
// prints it and a webview can draw it. Figures are grouped by stage (a
// from → to department pair) and by delivering department; people are never
// named, so the report shows where work waits, not whom to blame.
//
// Definitions (day counts are working days, each in the calendar it belongs
// to, DESIGN §7.4: days after a ready date and lead times (a review) in the
// receiving department's calendar; days after a start or due date (the work)
// in the delivering department's):
// - History is read in the order it is listed; events without a valid date and
//   events dated after `today` are ignored, so an earlier `today` gives the
//   report as it stood on that day.
// - first submission = the date of the first `submitted` event;
//   first acceptance = the date of the first `accepted` event. Events after
//   the first acceptance (a redelivery) do not change any figure.
// - accepted: the handoff has a first acceptance.
// - ready date: the schedule's ready date, due + review buffer (DESIGN §2).
// - on time: accepted, with the first acceptance on or before the ready date.
//   onTimeRate = onTime / onTimeBasis, where onTimeBasis counts the handoffs
//   whose outcome is known: accepted ones with a ready date, plus those not
//   accepted whose ready date is already past (they can no longer be on time).
//   Handoffs without a due date are in neither count.
// - first pass: accepted with no rejection before the first acceptance.
//   firstPassRate = firstPass / firstPassBasis, where firstPassBasis counts the
//   handoffs with at least one decision (an acceptance or a rejection).
// - revision cycles of an accepted handoff: the rejections before its first
//   acceptance. mean and max are over accepted handoffs.
// - lead time of an accepted handoff: the working days after the first
//   submission up to and including the first acceptance, i.e. the working days
//   in (first submission, first acceptance]. Accepted the day it was submitted
//   = 0; submitted on a Friday and accepted on Monday = 1; a holiday in between
//   does not count. Only handoffs with a submission on or before the acceptance
//   have one. leadTimeMedian = the middle value (the mean of the two middle
//   values for an even count).
// - done: accepted (by history), or `status: accepted` without a dated event.
// - late: not done, and today is at least one working day after the ready date;
//   days = working days in (ready, today].
// - at risk (only handoffs that are neither done nor late), one entry a reason:
//   - behind-schedule: today is at least one working day after the due date and
//     no submission awaits a decision (the last event is not `submitted`);
//     days = working days in (due, today].
//   - not-started: status `planned` while today is at least one working day
//     after the start date; days = working days in (start, today].
//   - blocked: status `blocked`.
//   - unmitigated-risk: risk level high or critical, and the facts `check`
//     reports on: no contingency plan or no escalation path on the handoff
//     (missing-contingency), or an open risk-log entry naming it that is
//     stale (stale-risk: never reviewed, or more than risk_review_days
//     calendar days ago). A handoff check passes is not at risk for its risk.
// - bottlenecks: stages with an accepted handoff, slowest first by median lead
//   time, then by mean revision cycles, then by late + at-risk handoffs; at
//   most three, and only stages where at least one of those is above zero.
import { formatDate, parseDate } from './calendar';
import { ancestorsOf } from './model/units';
import { handoffOutcome, type HandoffOutcome } from './outcome';
import { riskExposures, type RiskExposure } from './riskExposure';
import { targetStatuses, unitsDelivered, type TargetStatus, type UnitsDelivered } from './targets';
import type { ProductionModel } from './production';
import type { HandoffSpec } from './specs';
import { plural } from './words';

export interface DeliveryFigures {
  handoffs: number;
  /** Handoffs with at least one submission. */
  submitted: number;
  accepted: number;
  onTime: number;
  onTimeBasis: number;
  /** onTime / onTimeBasis, a fraction in [0, 1]; null when the basis is 0. */
  onTimeRate: number | null;
  firstPass: number;
  firstPassBasis: number;
  /** firstPass / firstPassBasis; null when the basis is 0. */
  firstPassRate: number | null;
  /** Rejections before the first acceptance, over accepted handoffs. */
  revisionCycles: { mean: number | null; max: number | null; total: number };
  /** Lead times of the accepted handoffs in working days, ascending. */
  leadTimes: number[];
  leadTimeMedian: number | null;
  /** Handoffs late now. */
  late: number;
  /** Handoffs at risk now (each counted once, whatever the number of reasons). */
  atRisk: number;
}

export interface StageFigures extends DeliveryFigures {
  from: string;
  to: string;
  /** The departments' names, when the production names them. */
  fromName?: string;
  toName?: string;
}

export interface DepartmentFigures extends DeliveryFigures {
  /** The delivering department. */
  department: string;
  name?: string;
  color?: string;
}

/** The handoffs of an episode or sequence and of every unit under it (scoped by `unit:` or a chain). */
export interface UnitFigures extends DeliveryFigures {
  unit: string;
  kind: string;
  title?: string;
  /** Its ancestors' ids, outermost first, then its own: `['ep101', 'ep101_sq010']`. */
  path: string[];
}

/** The handoffs a vendor department delivers or receives. */
export interface VendorFigures extends DeliveryFigures {
  department: string;
  name?: string;
}

export interface LateHandoff {
  handoff: string;
  from: string;
  to: string;
  why: string;
  /** Working days past the ready date. */
  days: number;
  ready: string;
  status?: string;
}

export type AtRiskReason = 'behind-schedule' | 'not-started' | 'blocked' | 'unmitigated-risk';

export interface AtRiskHandoff {
  handoff: string;
  from: string;
  to: string;
  reason: AtRiskReason;
  why: string;
  /** Working days behind (behind-schedule, not-started). */
  days?: number;
  status?: string;
}

export interface LeadTimeBucket {
  label: string;
  min: number;
  /** Inclusive; null for the open last bucket. */
  max: number | null;
  count: number;
}

export interface Bottleneck {
  from: string;
  to: string;
  why: string;
}

export interface DeliveryReport {
  production: string;
  title?: string;
  today: string;
  totals: DeliveryFigures;
  stages: StageFigures[];
  departments: DepartmentFigures[];
  /** Roll-ups by episode and sequence (the parents of the units handoffs are scoped to); absent without a breakdown. */
  byUnit?: UnitFigures[];
  /** Roll-ups by vendor department (`vendor: true`); absent without vendors. */
  vendors?: VendorFigures[];
  late: LateHandoff[];
  atRisk: AtRiskHandoff[];
  leadTimeHistogram: LeadTimeBucket[];
  bottlenecks: Bottleneck[];
  /** The risk log by exposure, with the milestones each risk threatens (closed risks left out). */
  risks: RiskExposure[];
  /** Post-mortem actions past their due date and not done (the open-action rule's), oldest first. */
  openActions: OpenAction[];
  /** Each figure the production sets a target for, against it, with its trend by month. */
  targets: TargetStatus[];
  /** Units (episodes, shots) named by submissions and acceptances. */
  units: UnitsDelivered;
}

export interface OpenAction {
  postmortem: string;
  do?: string;
  owner?: string;
  due: string;
  /** Calendar days since the due date. */
  daysOverdue: number;
  updates?: string;
}

const LEAD_TIME_BUCKETS: readonly [number, number | null][] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 5],
  [6, 10],
  [11, 20],
  [21, null],
];

const HIGH_RISK = new Set(['high', 'critical']);

/**
 * Each episode and sequence with the handoffs scoped to it or to a unit
 * under it, in breakdown order by path (an episode before its sequences).
 * Only units that have something under them: a shot is not a roll-up.
 */
function unitRollUps(
  production: ProductionModel,
  handoffs: readonly HandoffSpec[],
  outcomes: readonly HandoffOutcome[],
  figuresOf: (group: readonly HandoffOutcome[]) => DeliveryFigures,
): UnitFigures[] {
  const units = production.units.byId;
  const groups = new Map<string, { unit: string; kind: string; title?: string; path: string[]; outcomes: HandoffOutcome[] }>();
  handoffs.forEach((handoff, index) => {
    const unit = handoff.unit === undefined ? undefined : units.get(handoff.unit);
    if (!unit) return;
    const ancestors = ancestorsOf(units, unit).reverse();
    ancestors.forEach((ancestor, depth) => {
      const path = ancestors.slice(0, depth + 1).map((entry) => entry.id);
      const key = path.join('\u0000');
      let group = groups.get(key);
      if (!group) {
        const title = ancestor.fields.title;
        groups.set(key, (group = { unit: ancestor.id, kind: ancestor.kind, ...(typeof title === 'string' ? { title } : {}), path, outcomes: [] }));
      }
      group.outcomes.push(outcomes[index]);
    });
  });
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => {
      const { outcomes: grouped, ...unit } = group;
      return { ...unit, ...figuresOf(grouped) };
    });
}

export function deliveryReport(production: ProductionModel, today: number): DeliveryReport {
  const schedule = production.schedule;
  const outcomes: HandoffOutcome[] = [];
  const late: LateHandoff[] = [];
  const atRisk: AtRiskHandoff[] = [];
  const stale = staleRisks(production, today);
  const seen = new Set<string>();
  const handoffs: HandoffSpec[] = [];
  for (const handoff of production.handoffs) {
    // The schedule keeps the first definition of a duplicated id; so does the report.
    if (seen.has(handoff.id)) continue;
    seen.add(handoff.id);
    handoffs.push(handoff);
    const scheduled = schedule.handoffs.get(handoff.id);
    const outcome = handoffOutcome(handoff, scheduled?.due, scheduled?.ready, today, production);
    outcomes.push(outcome);
    if (outcome.done) continue;
    const base = { handoff: handoff.id, from: outcome.from, to: outcome.to, ...(handoff.status === undefined ? {} : { status: handoff.status }) };
    const work = production.calendars.forDepartment(handoff.from);
    const review = production.calendars.forDepartment(handoff.to);
    if (outcome.ready !== undefined && review.workingDaysBetween(outcome.ready, today) >= 1) {
      const days = review.workingDaysBetween(outcome.ready, today);
      late.push({ ...base, why: lateWhy(outcome, days), days, ready: formatDate(outcome.ready) });
      continue;
    }
    if (outcome.due !== undefined && !outcome.awaitingDecision && work.workingDaysBetween(outcome.due, today) >= 1) {
      const days = work.workingDaysBetween(outcome.due, today);
      atRisk.push({ ...base, reason: 'behind-schedule', why: behindWhy(outcome, days), days });
    }
    const start = scheduled?.start;
    if (handoff.status === 'planned' && start !== undefined && work.workingDaysBetween(start, today) >= 1) {
      const days = work.workingDaysBetween(start, today);
      atRisk.push({ ...base, reason: 'not-started', why: `Still planned ${plural(days, 'working day')} after its start on ${formatDate(start)}.`, days });
    }
    if (handoff.status === 'blocked') {
      atRisk.push({ ...base, reason: 'blocked', why: 'Blocked.' });
    }
    if (handoff.riskLevel !== undefined && HIGH_RISK.has(handoff.riskLevel)) {
      const why = unmitigatedWhy(handoff, stale.get(handoff.id), production.riskReviewDays);
      if (why !== undefined) atRisk.push({ ...base, reason: 'unmitigated-risk', why });
    }
  }

  const lateIds = new Set(late.map((entry) => entry.handoff));
  const atRiskIds = new Set(atRisk.map((entry) => entry.handoff));
  const figuresOf = (group: readonly HandoffOutcome[]): DeliveryFigures => figures(group, lateIds, atRiskIds);

  // Stages in pipeline order: by the earliest start (or due) among their handoffs.
  const stageGroups = new Map<string, { from: string; to: string; first: number; outcomes: HandoffOutcome[] }>();
  handoffs.forEach((handoff, index) => {
    const outcome = outcomes[index];
    const key = `${outcome.from}\u001f${outcome.to}`;
    const scheduled = schedule.handoffs.get(handoff.id);
    const first = scheduled?.start ?? scheduled?.due ?? Infinity;
    let group = stageGroups.get(key);
    if (!group) stageGroups.set(key, (group = { from: outcome.from, to: outcome.to, first, outcomes: [] }));
    if (first < group.first) group.first = first;
    group.outcomes.push(outcome);
  });
  const stages: StageFigures[] = [...stageGroups.values()]
    .sort((a, b) => a.first - b.first || a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
    .map((group) => {
      const fromName = production.department(group.from)?.name;
      const toName = production.department(group.to)?.name;
      return {
        from: group.from,
        to: group.to,
        ...(fromName === undefined ? {} : { fromName }),
        ...(toName === undefined ? {} : { toName }),
        ...figuresOf(group.outcomes),
      };
    });

  // Departments in the production's order, then the unknown ones by id.
  const byDepartment = new Map<string, HandoffOutcome[]>();
  for (const outcome of outcomes) {
    let list = byDepartment.get(outcome.from);
    if (!list) byDepartment.set(outcome.from, (list = []));
    list.push(outcome);
  }
  const order = new Map<string, number>();
  production.departments.forEach((department, index) => {
    if (!order.has(department.id)) order.set(department.id, index);
  });
  const departments: DepartmentFigures[] = [...byDepartment.keys()]
    .sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b))
    .map((id) => {
      const spec = production.department(id);
      return {
        department: id,
        ...(spec?.name === undefined ? {} : { name: spec.name }),
        ...(spec?.color === undefined ? {} : { color: spec.color }),
        ...figuresOf(byDepartment.get(id)!),
      };
    });

  const byUnit = unitRollUps(production, handoffs, outcomes, figuresOf);
  const vendors: VendorFigures[] = [];
  const vendorIds = new Set<string>();
  for (const department of production.departments) {
    if (department.vendor !== true || vendorIds.has(department.id)) continue;
    vendorIds.add(department.id);
    const exchanged = outcomes.filter((outcome) => outcome.from === department.id || outcome.to === department.id);
    vendors.push({ department: department.id, ...(department.name === undefined ? {} : { name: department.name }), ...figuresOf(exchanged) });
  }

  const totals = figuresOf(outcomes);
  const leadTimeHistogram = LEAD_TIME_BUCKETS.map(([min, max]) => ({
    label: max === null ? `${min}+` : min === max ? String(min) : `${min}–${max}`,
    min,
    max,
    count: totals.leadTimes.filter((days) => days >= min && (max === null || days <= max)).length,
  }));

  late.sort((a, b) => b.days - a.days || a.handoff.localeCompare(b.handoff));
  const reasonOrder: AtRiskReason[] = ['behind-schedule', 'not-started', 'blocked', 'unmitigated-risk'];
  atRisk.sort((a, b) => reasonOrder.indexOf(a.reason) - reasonOrder.indexOf(b.reason) || (b.days ?? 0) - (a.days ?? 0) || a.handoff.localeCompare(b.handoff));

  return {
    production: production.production?.id ?? production.key,
    ...(production.production?.title === undefined ? {} : { title: production.production.title }),
    today: formatDate(today),
    totals,
    stages,
    departments,
    ...(byUnit.length === 0 ? {} : { byUnit }),
    ...(vendors.length === 0 ? {} : { vendors }),
    late,
    atRisk,
    leadTimeHistogram,
    bottlenecks: bottlenecksOf(stages),
    risks: riskExposures(production),
    openActions: openActions(production, today),
    targets: targetStatuses(production, outcomes, today),
    units: unitsDelivered(production, today),
  };
}

/** Actions past their due date and not done, oldest due first (DESIGN §7.7: due before today, done not true). */
function openActions(production: ProductionModel, today: number): OpenAction[] {
  const open: OpenAction[] = [];
  for (const postmortem of production.postmortems) {
    for (const action of postmortem.actions) {
      const due = action.due === undefined ? undefined : parseDate(action.due);
      if (action.done === true || due === undefined || due >= today) continue;
      const entry: OpenAction = { postmortem: postmortem.id, due: formatDate(due), daysOverdue: today - due };
      if (action.do !== undefined) entry.do = action.do;
      if (action.owner !== undefined) entry.owner = action.owner;
      if (action.updates !== undefined) entry.updates = action.updates;
      open.push(entry);
    }
  }
  return open.sort((a, b) => a.due.localeCompare(b.due) || a.postmortem.localeCompare(b.postmortem));
}

function figures(outcomes: readonly HandoffOutcome[], lateIds: ReadonlySet<string>, atRiskIds: ReadonlySet<string>): DeliveryFigures {
  let submitted = 0;
  let accepted = 0;
  let onTime = 0;
  let onTimeBasis = 0;
  let firstPass = 0;
  let firstPassBasis = 0;
  let cycles = 0;
  let maxCycles: number | null = null;
  let late = 0;
  let risky = 0;
  const leadTimes: number[] = [];
  for (const outcome of outcomes) {
    if (outcome.firstSubmitted !== undefined) submitted++;
    if (outcome.onTime !== undefined) {
      onTimeBasis++;
      if (outcome.onTime) onTime++;
    }
    if (outcome.decided) firstPassBasis++;
    if (outcome.firstAccepted !== undefined) {
      accepted++;
      if (outcome.rejections === 0) firstPass++;
      cycles += outcome.rejections;
      if (maxCycles === null || outcome.rejections > maxCycles) maxCycles = outcome.rejections;
      if (outcome.leadTime !== undefined) leadTimes.push(outcome.leadTime);
    }
    if (lateIds.has(outcome.handoff)) late++;
    if (atRiskIds.has(outcome.handoff)) risky++;
  }
  leadTimes.sort((a, b) => a - b);
  return {
    handoffs: outcomes.length,
    submitted,
    accepted,
    onTime,
    onTimeBasis,
    onTimeRate: onTimeBasis === 0 ? null : onTime / onTimeBasis,
    firstPass,
    firstPassBasis,
    firstPassRate: firstPassBasis === 0 ? null : firstPass / firstPassBasis,
    revisionCycles: { mean: accepted === 0 ? null : cycles / accepted, max: maxCycles, total: cycles },
    leadTimes,
    leadTimeMedian: median(leadTimes),
    late,
    atRisk: risky,
  };
}

/** The median of an ascending list; null when it is empty. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The first stale open risk-log entry of each handoff, as stale-risk finds them: never reviewed (days undefined) or reviewed too long ago. */
function staleRisks(production: ProductionModel, today: number): Map<string, { risk: string; days?: number }> {
  const byHandoff = new Map<string, { risk: string; days?: number }>();
  for (const risk of production.risks) {
    if (risk.status !== undefined && risk.status !== 'open') continue;
    const reviewed = risk.reviewed === undefined ? undefined : parseDate(risk.reviewed);
    // An unreadable date is the schema rule's finding, not a stale risk.
    if (risk.reviewed !== undefined && reviewed === undefined) continue;
    if (reviewed !== undefined && today - reviewed <= production.riskReviewDays) continue;
    for (const handoff of risk.handoffs) if (!byHandoff.has(handoff)) byHandoff.set(handoff, { risk: risk.id, days: reviewed === undefined ? undefined : today - reviewed });
  }
  return byHandoff;
}

/** Why a high or critical risk handoff is at risk, from the facts check reports on (see the top); undefined when check passes it. */
function unmitigatedWhy(handoff: HandoffSpec, stale: { risk: string; days?: number } | undefined, reviewDays: number): string | undefined {
  const noPlan = (handoff.contingency?.plan ?? '').trim() === '';
  const noEscalation = handoff.escalation.length === 0;
  if (noPlan || noEscalation) {
    const missing = [noPlan && 'no contingency plan', noEscalation && 'no escalation path'].filter(Boolean).join(' and ');
    return `Risk level ${handoff.riskLevel} and ${missing}.`;
  }
  if (!stale) return undefined;
  const when = stale.days === undefined ? 'was never reviewed' : `was last reviewed ${plural(stale.days, 'day')} ago, more than the ${plural(reviewDays, 'day')} of risk_review_days`;
  return `Risk level ${handoff.riskLevel} and its risk '${stale.risk}' in the risk log ${when}.`;
}

function lateWhy(outcome: HandoffOutcome, days: number): string {
  const ready = formatDate(outcome.ready!);
  if (outcome.awaitingDecision) return `Submitted but not accepted ${plural(days, 'working day')} after its ready date ${ready}.`;
  if (outcome.rejections > 0) return `Rejected ${times(outcome.rejections)} and not accepted ${plural(days, 'working day')} after its ready date ${ready}.`;
  return `Not accepted ${plural(days, 'working day')} after its ready date ${ready}.`;
}

function behindWhy(outcome: HandoffOutcome, days: number): string {
  const due = formatDate(outcome.due!);
  if (outcome.rejections > 0) return `Rejected and not resubmitted ${plural(days, 'working day')} after its due date ${due}.`;
  return `Not submitted ${plural(days, 'working day')} after its due date ${due}.`;
}

function bottlenecksOf(stages: readonly StageFigures[]): Bottleneck[] {
  const score = (stage: StageFigures): [number, number, number] => [stage.leadTimeMedian ?? 0, stage.revisionCycles.mean ?? 0, stage.late + stage.atRisk];
  return stages
    .filter((stage) => stage.accepted > 0 && score(stage).some((value) => value > 0))
    .sort((a, b) => {
      const [x, y] = [score(a), score(b)];
      return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || a.from.localeCompare(b.from) || a.to.localeCompare(b.to);
    })
    .slice(0, 3)
    .map((stage) => {
      const cycles = stage.revisionCycles.mean ?? 0;
      const parts = [`median lead time ${formatNumber(stage.leadTimeMedian ?? 0)} working day${stage.leadTimeMedian === 1 ? '' : 's'}`];
      if (cycles > 0) parts.push(`${formatNumber(cycles)} revision cycle${cycles === 1 ? '' : 's'} per accepted handoff`);
      if (stage.late > 0) parts.push(`${stage.late} late`);
      if (stage.atRisk > 0) parts.push(`${stage.atRisk} at risk`);
      return { from: stage.from, to: stage.to, why: parts.join(', ') };
    });
}

/** Up to two decimals, without trailing zeros. */
export function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

