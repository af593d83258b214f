// The risk log ranked by exposure (DESIGN §7.5): the working days each risk
// costs if it happens, and the milestones it threatens — those fed by a
// handoff it names or by any handoff downstream of one.
//
// Decisions (DESIGN is silent):
// - Closed risks are left out; open and mitigated ones are listed.
// - Order: exposure_days, largest first (risks without it last), then the
//   number of milestones threatened, then the id.
// - A threatened milestone is `missed` when the risk's exposure is more than
//   the milestone's slack (its least slack over the handoffs feeding it).
import { formatDate, parseDate } from './calendar';
import type { ProductionModel } from './production';

export interface ThreatenedMilestone {
  milestone: string;
  title?: string;
  date?: string;
  /** Working days the milestone can slip by today's plan (its least feeder slack). */
  slack?: number;
  /** The exposure is larger than the slack: the milestone would be missed if the risk happens. */
  missed: boolean;
}

export interface RiskExposure {
  risk: string;
  description?: string;
  status?: string;
  exposureDays?: number;
  handoffs: string[];
  threatens: ThreatenedMilestone[];
  contingency?: string;
}

export function riskExposures(production: ProductionModel): RiskExposure[] {
  const risks = production.risks.filter((risk) => risk.status !== 'closed');
  if (risks.length === 0) return [];
  const schedule = production.schedule;
  const listed: RiskExposure[] = [];
  for (const risk of risks) {
    // Every handoff downstream of the named ones, each once.
    const reached = new Set<string>();
    const queue = [...risk.handoffs];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (reached.has(id)) continue;
      reached.add(id);
      for (const next of schedule.handoffs.get(id)?.downstream ?? []) if (!reached.has(next)) queue.push(next);
    }
    const milestones = new Set<string>();
    for (const id of reached) {
      const feeds = production.handoff(id)?.feeds;
      if (feeds !== undefined && production.milestone(feeds)) milestones.add(feeds);
    }
    const threatens = [...milestones]
      .map((id): ThreatenedMilestone => {
        const milestone = production.milestone(id)!;
        const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
        const slack = schedule.milestoneSlack.get(id);
        return omitUndefined({
          milestone: id,
          title: milestone.title,
          date: day === undefined ? undefined : formatDate(day),
          slack,
          missed: risk.exposureDays !== undefined && slack !== undefined && risk.exposureDays > slack,
        });
      })
      .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? '') || a.milestone.localeCompare(b.milestone));
    listed.push(
      omitUndefined({
        risk: risk.id,
        description: risk.description,
        status: risk.status,
        exposureDays: risk.exposureDays,
        handoffs: [...risk.handoffs],
        threatens,
        contingency: risk.contingency?.plan,
      }),
    );
  }
  const exposure = (entry: RiskExposure) => entry.exposureDays ?? -1;
  return listed.sort((a, b) => exposure(b) - exposure(a) || b.threatens.length - a.threatens.length || a.risk.localeCompare(b.risk));
}

function omitUndefined<T extends object>(value: T): T {
  const copy = {} as T;
  for (const key in value) if (value[key] !== undefined) copy[key] = value[key];
  return copy;
}
