// A post-mortem action past its due date that is not done (DESIGN §7.5,
// §7.7: `due` before today and `done` not true). Reported at the `due` value.
import { formatDate, parseDate } from '../calendar';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const postmortem of context.file.entities.postmortems) {
    for (const action of postmortem.actions) {
      if (action.done === true || action.due === undefined) continue;
      const due = parseDate(action.due);
      if (due === undefined || due >= context.today) continue;
      const what = action.do === undefined ? 'An action' : `Action '${action.do}'`;
      const owner = action.owner === undefined ? '' : ` (owner ${action.owner})`;
      context.report({
        uri: action.uri,
        span: context.span([...action.path, 'due']),
        message: `${what}${owner} of post-mortem '${postmortem.id}' was due ${formatDate(due)} and is not done; do it and set 'done: true', or agree a new due date.`,
      });
    }
  }
}

export const openAction: Rule = {
  id: 'open-action',
  defaultSeverity: 'warning',
  summary: 'A post-mortem action is past its due date and not done.',
  checkFile,
  check: checkEachFile(checkFile),
};
