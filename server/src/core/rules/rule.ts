// The shape every rule has. A rule reads the linked production and reports
// findings; severity, overrides and suppressions are applied afterwards.
import { spanOf } from '../parse';
import type { ProductionModel } from '../production';
import type { Finding, NodePath, Severity, Span } from '../types';

export interface RuleContext {
  readonly production: ProductionModel;
  /** Today as a day number (see calendar.ts), for staleness and lateness. */
  readonly today: number;
  report(finding: Omit<Finding, 'rule'>): void;
  /** Span of a node in one of the production's files (key or value), nearest ancestor as fallback. */
  span(uri: string, path: NodePath, part?: 'key' | 'value'): Span;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for `handoff rules`, SARIF and the docs index. */
  summary: string;
  /** Rules that read one file at a time also run on files no production governs. */
  perFile?: boolean;
  check(context: RuleContext): void;
}

export function makeContext(production: ProductionModel, today: number, sink: (finding: Finding) => void, rule: string): RuleContext {
  return {
    production,
    today,
    report: (finding) => sink({ ...finding, rule }),
    span: (uri, path, part) => {
      const file = production.file(uri);
      return file ? spanOf(file.parsed, path, part) : { start: 0, end: 0 };
    },
  };
}

/** Where a rule's documentation lives; diagnostics link to it. */
export const RULE_DOCS_BASE = 'https://github.com/handoff-specs/handoff-specs/blob/main/docs/rules/';

export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}
