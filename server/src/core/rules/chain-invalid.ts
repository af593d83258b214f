// A chain that cannot be built as written (DESIGN §7.2, §7.7): a token no
// unit defines, a `where` that selects nothing, an override naming a unit the
// chain does not select or a step it does not have, a listed id that is no
// unit. Found while the chains are expanded (model/chains.ts); reported here.
import type { Rule } from './rule';

export const chainInvalid: Rule = {
  id: 'chain-invalid',
  defaultSeverity: 'error',
  summary: 'A chain step uses an unknown token, a where selects no unit, or an override names no step or unit.',
  check(context) {
    for (const finding of context.production.expansionFindings) {
      if (finding.rule !== 'chain-invalid') continue;
      const { rule: _rule, ...rest } = finding;
      context.report(rest);
    }
  },
};
