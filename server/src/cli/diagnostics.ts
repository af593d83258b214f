// Diagnostics with file paths and 1-based lines and columns, the shape every
// output format of the CLI starts from.
import * as path from 'node:path';
import type { Diagnostic, Location, Severity, Workspace } from '../core/facade';
import { pathOfUri } from '../node/files';

export interface Position1 {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CliDiagnostic extends Position1 {
  severity: Severity;
  rule: string;
  message: string;
  related: (Position1 & { message: string })[];
  suppressed?: { reason: string };
  /** For one finding about many instances of a chain step: how many units it stands for. */
  instances?: { count: number; of: number; units: string[] };
}

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  files: number;
}

export function toCli(workspace: Workspace, root: string, byUri: ReadonlyMap<string, Diagnostic[]>): CliDiagnostic[] {
  const locate = (location: Location): Position1 => {
    const file = workspace.file(location.uri);
    const relative = path.relative(root, pathOfUri(location.uri)).split(path.sep).join('/');
    if (!file) return { file: relative, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = file.parsed.lines.positionAt(location.span.start);
    const end = file.parsed.lines.positionAt(location.span.end);
    return { file: relative, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const out: CliDiagnostic[] = [];
  for (const uri of [...byUri.keys()].sort()) {
    for (const d of byUri.get(uri)!) {
      out.push({
        ...locate(d),
        severity: d.severity,
        rule: d.rule,
        message: d.message,
        related: (d.related ?? []).map((r) => ({ ...locate(r.location), message: r.message })),
        ...(d.suppressed ? { suppressed: d.suppressed } : {}),
        ...(d.instances ? { instances: d.instances } : {}),
      });
    }
  }
  return out;
}

export function summarize(diagnostics: CliDiagnostic[], files: number): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, suppressed: 0, files };
  for (const d of diagnostics) {
    if (d.suppressed) summary.suppressed++;
    else if (d.severity === 'error') summary.errors++;
    else if (d.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}
