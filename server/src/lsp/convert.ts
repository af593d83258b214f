// The one place where core data becomes LSP data and back.
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type Location as LspLocation,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { ruleDocsUrl, type Diagnostic, type FileModel, type Severity, type Span, type Workspace } from '../core/facade';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(file: FileModel, span: Span): Range {
  const lines = file.parsed.lines;
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toOffset(file: FileModel, position: Position): number {
  return file.parsed.lines.offsetAt(position);
}

export function toSpan(file: FileModel, range: Range): Span {
  return { start: toOffset(file, range.start), end: toOffset(file, range.end) };
}

export function toLocation(workspace: Workspace, uri: string, span: Span): LspLocation | undefined {
  const file = workspace.file(uri);
  return file ? { uri, range: toRange(file, span) } : undefined;
}

export function toDiagnostic(workspace: Workspace, file: FileModel, diagnostic: Diagnostic): LspDiagnostic {
  const related = (diagnostic.related ?? []).flatMap((r) => {
    const location = toLocation(workspace, r.location.uri, r.location.span);
    return location ? [{ location, message: r.message }] : [];
  });
  return {
    range: toRange(file, diagnostic.span),
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.rule,
    codeDescription: { href: ruleDocsUrl(diagnostic.rule) },
    source: 'handoff',
    message: diagnostic.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(diagnostic.rule === 'unused-definition' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}
