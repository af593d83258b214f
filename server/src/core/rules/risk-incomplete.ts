// A risk the log rates high (likelihood or impact) needs someone who watches
// it and a plan for it; otherwise the log records a worry, not a risk that is
// being managed.
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const risk of context.file.entities.risks) {
    const high = [risk.likelihood === 'high' ? 'likelihood' : undefined, risk.impact === 'high' ? 'impact' : undefined].filter((x): x is string => x !== undefined);
    if (high.length === 0) continue;
    const missing = [
      risk.owner === undefined ? 'owner' : undefined,
      risk.mitigation === undefined || risk.mitigation.trim() === '' ? 'mitigation' : undefined,
    ].filter((x): x is string => x !== undefined);
    if (missing.length === 0) continue;
    context.report({
      uri: risk.uri,
      span: context.span([...risk.path, 'id']),
      message:
        `Risk '${risk.id}' has ${high.join(' and ')} high but no ${missing.join(' and no ')}; ` +
        `add ${missing.map((key) => (key === 'owner' ? "'owner:' with the id of the person who watches it" : "'mitigation:' saying what is done to make it smaller")).join(' and ')}.`,
    });
  }
}

export const riskIncomplete: Rule = {
  id: 'risk-incomplete',
  defaultSeverity: 'error',
  summary: 'A risk with likelihood or impact high has no owner or no mitigation.',
  checkFile,
  check: checkEachFile(checkFile),
};
