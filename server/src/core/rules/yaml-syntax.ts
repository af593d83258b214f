import { checkEachFile, type FileRuleContext, type Rule } from './rule';

function checkFile(context: FileRuleContext): void {
  for (const finding of context.file.parsed.syntaxFindings) context.report(finding);
}

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  summary: 'The YAML does not parse.',
  perFile: true,
  checkFile,
  check: checkEachFile(checkFile),
};
