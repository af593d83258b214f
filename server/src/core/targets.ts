// The production's targets and the units delivered (DESIGN §7.5): each
// figure of the report against the target a sponsor set, with its trend by
// month; and the units (episodes, shots) that history events name.
//
// Decisions (DESIGN is silent):
// - A figure's month is the month of the day that decided it: on-time rate,
//   the first acceptance (or, for a handoff not accepted and already late,
//   its ready date); first-pass rate, the first decision (acceptance or
//   rejection); revision cycles, the first acceptance.
// - on_time_rate and first_pass_rate are met at or above the target,
//   revision_cycles at or below it (fewer is better).
// - Units: a unit counts as submitted (accepted) for a handoff when a
//   `submitted` (`accepted`) event of that handoff dated on or before today
//   lists it; each handoff-unit pair counts once.
import { formatDate, parseDate } from './calendar';
import type { ProductionModel } from './production';
import type { HandoffOutcome } from './outcome';

export type TargetFigure = 'on_time_rate' | 'first_pass_rate' | 'revision_cycles';

export interface TargetTrendPoint {
  /** YYYY-MM */
  month: string;
  value: number;
  /** How many handoffs the month's value is over. */
  basis: number;
}

export interface TargetStatus {
  figure: TargetFigure;
  target: number;
  /** The figure over the whole production; null without any basis yet. */
  actual: number | null;
  met: boolean | null;
  /** Higher is better (rates) or lower is better (revision cycles). */
  better: 'higher' | 'lower';
  trend: TargetTrendPoint[];
}

export interface UnitsDelivered {
  /** Handoff-unit pairs submitted and accepted. */
  submitted: number;
  accepted: number;
  byHandoff: { handoff: string; submitted: string[]; accepted: string[] }[];
}

export function targetStatuses(production: ProductionModel, outcomes: readonly HandoffOutcome[], today: number): TargetStatus[] {
  const targets = production.production?.targets;
  if (!targets) return [];
  const firstDecision = new Map<string, number>();
  for (const handoff of production.handoffs) {
    if (firstDecision.has(handoff.id)) continue;
    for (const event of handoff.history) {
      const day = event.date === undefined ? undefined : parseDate(event.date);
      if (day === undefined || day > today || (event.event !== 'accepted' && event.event !== 'rejected')) continue;
      firstDecision.set(handoff.id, day);
      break;
    }
  }
  const statuses: TargetStatus[] = [];
  const add = (figure: TargetFigure, target: number | undefined, better: 'higher' | 'lower', samples: { day: number; value: number }[]) => {
    if (target === undefined) return;
    const byMonth = new Map<string, { sum: number; count: number }>();
    let sum = 0;
    for (const sample of samples) {
      sum += sample.value;
      const month = formatDate(sample.day).slice(0, 7);
      const entry = byMonth.get(month) ?? { sum: 0, count: 0 };
      entry.sum += sample.value;
      entry.count++;
      byMonth.set(month, entry);
    }
    const actual = samples.length === 0 ? null : sum / samples.length;
    statuses.push({
      figure,
      target,
      actual,
      met: actual === null ? null : better === 'higher' ? actual >= target : actual <= target,
      better,
      trend: [...byMonth.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, entry]) => ({ month, value: entry.sum / entry.count, basis: entry.count })),
    });
  };
  add(
    'on_time_rate',
    targets.onTimeRate,
    'higher',
    outcomes.flatMap((outcome) => {
      if (outcome.onTime === undefined) return [];
      const day = outcome.firstAccepted ?? outcome.ready;
      return day === undefined ? [] : [{ day, value: outcome.onTime ? 1 : 0 }];
    }),
  );
  add(
    'first_pass_rate',
    targets.firstPassRate,
    'higher',
    outcomes.flatMap((outcome) => {
      const day = firstDecision.get(outcome.handoff);
      return !outcome.decided || day === undefined ? [] : [{ day, value: outcome.firstAccepted !== undefined && outcome.rejections === 0 ? 1 : 0 }];
    }),
  );
  add(
    'revision_cycles',
    targets.revisionCycles,
    'lower',
    outcomes.flatMap((outcome) => (outcome.firstAccepted === undefined ? [] : [{ day: outcome.firstAccepted, value: outcome.rejections }])),
  );
  return statuses;
}

export function unitsDelivered(production: ProductionModel, today: number): UnitsDelivered {
  const byHandoff: UnitsDelivered['byHandoff'] = [];
  let submitted = 0;
  let accepted = 0;
  const seen = new Set<string>();
  for (const handoff of production.handoffs) {
    if (seen.has(handoff.id)) continue;
    seen.add(handoff.id);
    const sent = new Set<string>();
    const taken = new Set<string>();
    for (const event of handoff.history) {
      const day = event.date === undefined ? undefined : parseDate(event.date);
      if (day === undefined || day > today) continue;
      if (event.event === 'submitted') for (const unit of event.units) sent.add(unit);
      if (event.event === 'accepted') for (const unit of event.units) taken.add(unit);
    }
    if (sent.size === 0 && taken.size === 0) continue;
    submitted += sent.size;
    accepted += taken.size;
    byHandoff.push({ handoff: handoff.id, submitted: [...sent], accepted: [...taken] });
  }
  return { submitted, accepted, byHandoff };
}
