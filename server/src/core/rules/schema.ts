import { calendarFieldProblems } from '../calendars';
import { quoteIfNeeded } from '../schema';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const finding of context.file.schemaFindings) context.report(finding);
  // Values the schema's patterns cannot judge: region codes without holiday data, unknown time zones.
  const production = context.file.entities.production;
  if (!production) return;
  for (const problem of calendarFieldProblems(production)) {
    const span = context.span(problem.path);
    const uri = context.file.parsed.uri;
    context.report({
      uri,
      span,
      message: problem.message,
      fixes: problem.suggestion ? [{ title: `Change to '${problem.suggestion}'`, edits: [{ uri, span, newText: quoteIfNeeded(problem.suggestion) }], preferred: true }] : undefined,
    });
  }
}

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  summary: 'A field is missing, unknown, of the wrong type or value.',
  perFile: true,
  checkFile,
  check: checkEachFile(checkFile),
};
