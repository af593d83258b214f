import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const finding of context.file.schemaFindings) context.report(finding);
}

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  summary: 'A field is missing, unknown, of the wrong type or value.',
  perFile: true,
  checkFile,
  check: checkEachFile(checkFile),
};
