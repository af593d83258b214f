import type { Rule } from './rule';

export const schema: Rule = {
  id: 'schema',
  defaultSeverity: 'error',
  summary: 'A field is missing, unknown, of the wrong type or value.',
  perFile: true,
  check(context) {
    for (const file of context.production.files) {
      for (const finding of file.schemaFindings) context.report(finding);
    }
  },
};
