// Without objective success criteria a handoff is done when someone says so,
// which is how deliveries bounce back and forth.
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const handoff of context.file.entities.handoffs) {
    // Blank lines do not count: `done_when: [""]` states nothing.
    const criteria = handoff.doneWhen?.filter((line) => line.trim() !== '') ?? [];
    if (criteria.length > 0) continue;
    const what = handoff.doneWhen === undefined ? 'has no done_when' : 'has an empty done_when';
    context.report({
      uri: handoff.uri,
      span: context.span([...handoff.path, 'id']),
      message: `Handoff '${handoff.id}' ${what}; add 'done_when:' with the objective criteria that make it complete (counts, versions, files).`,
    });
  }
}

export const missingDoneWhen: Rule = {
  id: 'missing-done-when',
  defaultSeverity: 'warning',
  summary: 'A handoff has no done_when.',
  checkFile,
  check: checkEachFile(checkFile),
};
