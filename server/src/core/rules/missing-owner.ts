// Every handoff needs one accountable owner and one point of contact; a
// handoff that belongs to nobody is the one that slips unnoticed.
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const handoff of context.file.entities.handoffs) {
    if (handoff.owner !== undefined && handoff.contact !== undefined) continue;
    const span = context.span([...handoff.path, 'id']);
    if (handoff.owner === undefined) {
      context.report({
        uri: handoff.uri,
        span,
        message: `Handoff '${handoff.id}' has no owner; add 'owner:' with the id of the one producer or coordinator accountable for it.`,
      });
    }
    if (handoff.contact === undefined) {
      context.report({
        uri: handoff.uri,
        span,
        message: `Handoff '${handoff.id}' has no contact; add 'contact:' with the id of the person to ask about it.`,
      });
    }
  }
}

export const missingOwner: Rule = {
  id: 'missing-owner',
  defaultSeverity: 'error',
  summary: 'A handoff lacks an owner or a contact.',
  checkFile,
  check: checkEachFile(checkFile),
};
