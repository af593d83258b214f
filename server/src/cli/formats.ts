// The three output formats of `handoff check`: compiler-style text, JSON and SARIF 2.1.0.
import { plural, RULES, ruleDocsUrl } from '../core/facade';
import type { CliDiagnostic, Summary } from './diagnostics';


export interface TextStyle {
  color: boolean;
}

const COLORS: Record<string, string> = { error: '31', warning: '33', info: '36', dim: '2', bold: '1' };

function paint(style: TextStyle, color: string, text: string): string {
  return style.color ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

export function formatText(diagnostics: CliDiagnostic[], summary: Summary, style: TextStyle): string {
  const lines: string[] = [];
  for (const d of diagnostics) {
    if (d.suppressed) continue;
    lines.push(`${d.file}:${d.line}:${d.column}  ${paint(style, d.severity, d.severity.padEnd(7))}  ${d.message}  ${paint(style, 'dim', `[${d.rule}]`)}`);
    for (const r of d.related) lines.push(`    ${paint(style, 'dim', `${r.file}:${r.line}:${r.column}`)}  ${r.message}`);
  }
  if (lines.length > 0) lines.push('');
  lines.push(summaryLine(summary));
  return lines.join('\n');
}

export function summaryLine(summary: Summary): string {
  const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), plural(summary.infos, 'info')];
  const suppressed = summary.suppressed > 0 ? ` (${summary.suppressed} suppressed)` : '';
  return `${parts.join(', ')} in ${plural(summary.files, 'file')}${suppressed}.`;
}

/** @param milestones each milestone's slack and chain (`check`); left out when not given */
export function formatJson(diagnostics: CliDiagnostic[], summary: Summary, today: string, milestones?: readonly object[]): string {
  return JSON.stringify(milestones ? { today, summary, diagnostics, milestones } : { today, summary, diagnostics }, null, 2);
}

/** A relative path as a URI reference: percent-encoded, so '#' and '?' stay part of the name. */
function artifactUri(file: string): string {
  return encodeURI(file).replace(/#/g, '%23').replace(/\?/g, '%3F');
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(diagnostics: CliDiagnostic[], version: string): string {
  const region = (p: { line: number; column: number; endLine: number; endColumn: number }) => ({
    startLine: p.line,
    startColumn: p.column,
    endLine: p.endLine,
    endColumn: p.endColumn,
  });
  const ruleIndex = new Map(RULES.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'handoff',
            informationUri: 'https://github.com/handoff-specs/handoff-specs',
            version,
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: ruleDocsUrl(rule.id),
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(d.file) }, region: region(d) } }],
          ...(d.related.length > 0
            ? {
                relatedLocations: d.related.map((r, id) => ({
                  id,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: artifactUri(r.file) }, region: region(r) },
                })),
              }
            : {}),
          ...(d.suppressed ? { suppressions: [{ kind: 'inSource', justification: d.suppressed.reason }] } : {}),
          ...(d.instances ? { properties: { instances: d.instances.count, units: d.instances.of } } : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
