// An open risk on work that is already accepted can no longer happen: it
// either was dealt with (close it) or belongs to another handoff. Left open,
// it keeps asking for reviews and clutters the risks that matter.
//
// Choice: a risk naming several handoffs is reported only when every one of
// them is accepted; unknown handoffs are unknown-reference's finding.
import { pathKey } from '../parse';
import type { Rule } from './rule';

export const riskOnClosedHandoff: Rule = {
  id: 'risk-on-closed-handoff',
  defaultSeverity: 'warning',
  summary: 'An open risk names only handoffs that are already accepted.',
  check(context) {
    const production = context.production;
    for (const risk of production.risks) {
      if (risk.status !== undefined && risk.status !== 'open') continue;
      const ids = risk.handoffs;
      if (ids.length === 0) continue;
      const file = production.file(risk.uri)?.parsed;
      // Both `handoff` and `handoffs`: the schema's finding says to keep one; which is meant is not known yet.
      const several = file?.spans.has(pathKey([...risk.path, 'handoffs'])) ?? false;
      if (several && file?.spans.has(pathKey([...risk.path, 'handoff']))) continue;
      const handoffs = ids.map((id) => production.handoff(id));
      if (handoffs.some((handoff) => handoff === undefined || handoff.status !== 'accepted')) continue;
      const statusSpan = risk.status === undefined ? undefined : context.span(risk.uri, [...risk.path, 'status']);
      const names = ids.map((id) => `'${id}'`).join(', ');
      context.report({
        uri: risk.uri,
        span: context.span(risk.uri, [...risk.path, several ? 'handoffs' : 'handoff']),
        message:
          `Open risk '${risk.id}' is on ${ids.length === 1 ? `handoff ${names}, which is` : `handoffs ${names}, which are all`} already accepted; ` +
          "set its status to 'closed' (or 'mitigated'), or point it at a handoff still in work.",
        related: handoffs.map((handoff) => ({
          location: { uri: handoff!.uri, span: context.span(handoff!.uri, [...handoff!.path, 'status']) },
          message: `'${handoff!.id}' is accepted.`,
        })),
        fixes: statusSpan && file ? [{ title: "Set status to 'closed'", edits: [{ uri: risk.uri, span: statusSpan, newText: 'closed' }] }] : undefined,
      });
    }
  },
};
