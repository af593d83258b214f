import type { Rule } from './rule';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  summary: 'The YAML does not parse.',
  perFile: true,
  check(context) {
    for (const file of context.production.files) {
      for (const finding of file.parsed.syntaxFindings) context.report(finding);
    }
  },
};
