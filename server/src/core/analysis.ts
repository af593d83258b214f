// Runs the rule catalogue over one production and turns findings into
// diagnostics: severity from defaults, the production's `rules:` and the
// caller's overrides; suppression comments applied; stable order.
import { parseDate } from './calendar';
import { firstContentSpan } from './parse';
import type { ProductionModel } from './production';
import { makeContext } from './rules/rule';
import { RULES, RULES_BY_ID } from './rules';
import type { Diagnostic, Finding, Severity, SeveritySetting } from './types';

export interface AnalysisOptions {
  /** ISO date used as "today" (staleness, lateness); the real date when absent. */
  today?: string;
  /** Severity overrides that win over the production's `rules:` (editor settings, CLI flags). */
  severityOverrides?: Readonly<Record<string, SeveritySetting>>;
}

export function todayDay(options: AnalysisOptions): number {
  const given = options.today === undefined ? undefined : parseDate(options.today);
  if (given !== undefined) return given;
  const now = new Date();
  return Math.floor(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86_400_000);
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

function isSeveritySetting(value: string | undefined): value is SeveritySetting {
  return value !== undefined && SEVERITIES.includes(value);
}

function severityFor(rule: string, production: ProductionModel, options: AnalysisOptions): SeveritySetting {
  const override = options.severityOverrides?.[rule];
  if (isSeveritySetting(override)) return override;
  const configured = production.production?.rules[rule];
  if (isSeveritySetting(configured)) return configured;
  return RULES_BY_ID.get(rule)?.defaultSeverity ?? 'error';
}

/** Diagnostics of every file of the production, including files with none. */
export function analyzeProduction(production: ProductionModel, options: AnalysisOptions): Map<string, Diagnostic[]> {
  const result = new Map<string, Diagnostic[]>();
  for (const file of production.files) result.set(file.parsed.uri, []);
  const today = todayDay(options);
  const governed = production.key !== '';
  // A file whose YAML does not parse is read only as far as the parser could
  // guess; its ids still serve other files, but findings about its content
  // would be about the guess, not the text, so only yaml-syntax speaks for it.
  const halfParsed = new Set(production.files.filter((file) => file.parsed.syntaxFindings.length > 0).map((file) => file.parsed.uri));
  const sink = (finding: Finding): void => {
    if (halfParsed.has(finding.uri) && finding.rule !== 'yaml-syntax') return;
    const severity = severityFor(finding.rule, production, options);
    if (severity === 'off') return;
    const list = result.get(finding.uri);
    if (list) list.push({ ...finding, severity: severity as Severity });
  };
  for (const rule of RULES) {
    if (!governed && !rule.perFile) continue;
    try {
      rule.check(makeContext(production, today, sink, rule.id));
    } catch (error) {
      // A defect in one rule must not take the others down with it.
      const first = production.files[0];
      if (first) {
        sink({
          rule: rule.id,
          uri: first.parsed.uri,
          span: { start: 0, end: 0 },
          message: `Internal error in rule '${rule.id}': ${error instanceof Error ? error.message : String(error)}. Please report it.`,
        });
      }
    }
  }
  reportExtraProductionFiles(production, sink);
  if (!governed) {
    for (const file of production.files) {
      sink({
        rule: 'schema',
        uri: file.parsed.uri,
        span: firstContentSpan(file.parsed.text),
        message: "No *.production.yaml governs this file: add one in this folder or a parent folder (run 'handoff init').",
      });
    }
  }
  for (const file of production.files) {
    const list = result.get(file.parsed.uri)!;
    applySuppressions(list, file.parsed);
    list.sort(compareDiagnostics);
  }
  return result;
}

/** Two production files in one folder: the first by name governs, the others are reported. */
function reportExtraProductionFiles(production: ProductionModel, sink: (finding: Finding) => void): void {
  const productionFiles = production.files.filter((file) => file.parsed.kind === 'production');
  if (productionFiles.length < 2) return;
  const [first, ...others] = productionFiles;
  const name = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
  for (const file of others) {
    sink({
      rule: 'duplicate-id',
      uri: file.parsed.uri,
      span: firstContentSpan(file.parsed.text),
      message: `Two production files govern one folder: '${name(first.parsed.uri)}' and '${name(file.parsed.uri)}'; only '${name(first.parsed.uri)}' is used. Merge them into one, or move one production into its own folder.`,
      related: [{ location: { uri: first.parsed.uri, span: firstContentSpan(first.parsed.text) }, message: `'${name(first.parsed.uri)}' governs this folder.` }],
    });
  }
}

function applySuppressions(list: Diagnostic[], file: ProductionModel['files'][number]['parsed']): void {
  if (file.suppressions.length === 0) return;
  for (const diagnostic of list) {
    const line = file.lines.positionAt(diagnostic.span.start).line;
    const suppression = file.suppressions.find((s) => s.targetLine === line && s.rules.includes(diagnostic.rule));
    if (suppression) diagnostic.suppressed = { reason: suppression.reason };
  }
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}
