// A handoff scoped to one unit that feeds a milestone scoped to another
// (DESIGN §7.1, §7.7): "another unit" is neither the same unit nor an
// ancestor or descendant of it, so a shot's handoff may feed its episode's
// milestone but not the next episode's. Reported at `feeds`.
import { ancestorsOf } from '../model/units';
import type { Rule } from './rule';

export const milestoneScope: Rule = {
  id: 'milestone-scope',
  defaultSeverity: 'warning',
  summary: 'A handoff scoped to one unit feeds a milestone scoped to another unit.',
  check(context) {
    const { production } = context;
    const units = production.units.byId;
    if (units.size === 0) return;
    for (const handoff of production.handoffs) {
      if (handoff.unit === undefined || handoff.feeds === undefined) continue;
      const milestone = production.milestone(handoff.feeds);
      if (!milestone || milestone.unit === undefined || milestone.unit === handoff.unit) continue;
      const own = units.get(handoff.unit);
      const theirs = units.get(milestone.unit);
      if (!own || !theirs) continue;
      const related = (a: typeof own, b: typeof own) => ancestorsOf(units, a).some((unit) => unit.id === b.id);
      if (related(own, theirs) || related(theirs, own)) continue;
      context.report({
        uri: handoff.uri,
        span: context.span(handoff.uri, [...handoff.path, 'feeds']),
        message:
          `Handoff '${handoff.id}' belongs to unit '${own.id}' but feeds milestone '${milestone.id}' of unit '${theirs.id}', ` +
          `which neither contains it nor lies inside it; feed a milestone of '${own.id}' or of a unit containing it.`,
        related: [
          { location: { uri: milestone.uri, span: context.span(milestone.uri, [...milestone.path, 'unit']) }, message: `Milestone '${milestone.id}' belongs to unit '${theirs.id}'.` },
          { location: { uri: own.uri, span: own.span }, message: `Unit '${own.id}' (${own.kind}).` },
        ],
      });
    }
  },
};
