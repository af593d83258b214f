// The shape every rule has. A rule reads the linked production and reports
// findings; severity, overrides and suppressions are applied afterwards.
import type { WorkCalendar } from '../calendar';
import type { ProductionCalendars } from '../calendars';
import type { FileModel } from '../fileModel';
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

/** What a rule that reads one file sees: the file and the production's settings, nothing of other files. */
export interface FileRuleContext {
  readonly file: FileModel;
  /** The production calendar. */
  readonly calendar: WorkCalendar;
  /** Every calendar, and which one each department works by. */
  readonly calendars: ProductionCalendars;
  readonly riskReviewDays: number;
  /** Today as a day number (see calendar.ts). */
  readonly today: number;
  report(finding: Omit<Finding, 'rule'>): void;
  /** Span of a node in this file (key or value), nearest ancestor as fallback. */
  span(path: NodePath, part?: 'key' | 'value'): Span;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for SARIF output, hovers and completions on `rules:`, and the generated catalogue (schema, settings, docs index). */
  summary: string;
  /** Rules that read one file at a time also run on files no production governs. */
  perFile?: boolean;
  check(context: RuleContext): void;
  /**
   * For rules whose findings about a file depend on that file alone (and the
   * calendar, the risk review days and today): the check of one file. The
   * analysis then keeps each file's findings with its version and checks
   * again only what changed. `check` must report the same as calling this for
   * every file (see checkEachFile).
   */
  checkFile?(context: FileRuleContext): void;
}

export function makeFileContext(production: ProductionModel, file: FileModel, today: number, report: (finding: Omit<Finding, 'rule'>) => void): FileRuleContext {
  return {
    file,
    calendar: production.calendar,
    calendars: production.calendars,
    riskReviewDays: production.riskReviewDays,
    today,
    report,
    span: (path, part) => spanOf(file.parsed, path, part),
  };
}

/** A `check` for a rule with `checkFile`: every file of the production, one at a time. */
export function checkEachFile(checkFile: (context: FileRuleContext) => void): (context: RuleContext) => void {
  return (context) => {
    for (const file of context.production.files) checkFile(makeFileContext(context.production, file, context.today, context.report));
  };
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

/** What checkFilesKept keeps for one rule and production: the inputs it checked with and each file's findings. */
interface KeptFiles {
  inputs: readonly unknown[];
  files: Map<string, { file: FileModel; findings: Omit<Finding, 'rule'>[] }>;
}

/**
 * A `check` for a rule whose findings about a file depend on that file and on
 * `inputs` alone (compared by identity; e.g. the production file's entities):
 * each file's findings are kept with the production, and found again only for
 * a file that changed, or for every file when an input changed. Reports them
 * in model order, as a pass over every file would.
 */
export function checkFilesKept(
  context: RuleContext,
  owner: object,
  inputs: readonly unknown[],
  checkFile: (file: FileModel, report: (finding: Omit<Finding, 'rule'>) => void) => void,
): void {
  const production = context.production;
  const kept = production.memo(owner, (): KeptFiles => ({ inputs: [], files: new Map() }));
  if (kept.inputs.length !== inputs.length || kept.inputs.some((input, k) => input !== inputs[k])) {
    kept.inputs = [...inputs];
    kept.files.clear();
  }
  for (const file of production.files) {
    const uri = file.parsed.uri;
    let entry = kept.files.get(uri);
    if (!entry || entry.file !== file) {
      const findings: Omit<Finding, 'rule'>[] = [];
      checkFile(file, (finding) => findings.push(finding));
      kept.files.set(uri, (entry = { file, findings }));
    }
    for (const finding of entry.findings) context.report(finding);
  }
  if (kept.files.size > production.files.length) {
    for (const uri of [...kept.files.keys()]) if (!production.file(uri)) kept.files.delete(uri);
  }
}

/** Where a rule's documentation lives; diagnostics link to it. */
export const RULE_DOCS_BASE = 'https://github.com/handoff-specs/handoff-specs/blob/main/docs/rules/';

export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}
