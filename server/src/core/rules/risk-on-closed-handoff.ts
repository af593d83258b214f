// An open risk on work that is already accepted can no longer happen: it
// either was dealt with (close it) or belongs to another handoff. Left open,
// it keeps asking for reviews and clutters the risks that matter.
//
// Choice: a risk naming several handoffs is reported only when every one of
// them is accepted; unknown handoffs are unknown-reference's finding.
import type { FileModel } from '../fileModel';
import { differenceOf } from '../model/chains';
import { pathKey } from '../parse';
import { FollowedFiles } from '../production';
import type { RiskSpec } from '../specs';
import type { Finding } from '../types';
import type { Rule, RuleContext } from './rule';

/** What the rule found for each risk, kept between the models of a production. */
interface Kept {
  /** The files the findings were found with, and the model's revision. */
  files: FollowedFiles;
  found: Map<RiskSpec, Finding | undefined>;
}

function checkRisk(context: RuleContext, risk: RiskSpec): Omit<Finding, 'rule'> | undefined {
  const production = context.production;
  if (risk.status !== undefined && risk.status !== 'open') return undefined;
  const ids = risk.handoffs;
  if (ids.length === 0) return undefined;
  const file = production.file(risk.uri)?.parsed;
  // Both `handoff` and `handoffs`: the schema's finding says to keep one; which is meant is not known yet.
  const several = file?.spans.has(pathKey([...risk.path, 'handoffs'])) ?? false;
  if (several && file?.spans.has(pathKey([...risk.path, 'handoff']))) return undefined;
  const handoffs = ids.map((id) => production.handoff(id));
  if (handoffs.some((handoff) => handoff === undefined || handoff.status !== 'accepted')) return undefined;
  const statusSpan = risk.status === undefined ? undefined : context.span(risk.uri, [...risk.path, 'status']);
  const names = ids.map((id) => `'${id}'`).join(', ');
  return {
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
  };
}

export const riskOnClosedHandoff: Rule = {
  id: 'risk-on-closed-handoff',
  defaultSeverity: 'warning',
  summary: 'An open risk names only handoffs that are already accepted.',
  check(context) {
    const production = context.production;
    // A risk's finding depends on the risk and on the handoffs it names (their status and where it is written):
    // it is found again only when the risk is new or a changed file defined, or stopped defining, one of them.
    const kept = production.memo(riskOnClosedHandoff, (): Kept => ({ files: new FollowedFiles(), found: new Map() }));
    // No risk kept from before (the first run, or none written): every risk is checked anyway, so no handoff needs
    // telling apart (at 10,000 handoffs, a set of them all for nothing).
    const everyRisk = kept.found.size === 0;
    const { changed, removed } = production.follow(kept.files);
    const moved = new Set<string>();
    const note = (before: FileModel | undefined, after: FileModel | undefined) => {
      const [gone, added] = differenceOf(before, after).handoffs;
      for (const handoff of gone) moved.add(handoff.id);
      for (const handoff of added) moved.add(handoff.id);
    };
    if (!everyRisk) {
      for (const [before, after] of changed) note(before, after);
      for (const [, before] of removed) note(before, undefined);
    }
    const found = new Map<RiskSpec, Finding | undefined>();
    for (const risk of production.risks) {
      let finding = kept.found.get(risk);
      if (!kept.found.has(risk) || risk.handoffs.some((id) => moved.has(id))) {
        const made = checkRisk(context, risk);
        finding = made && { ...made, rule: context.rule };
      }
      found.set(risk, finding);
      if (finding) context.repeat(finding);
    }
    kept.found = found;
  },
};
