// The one place where core data becomes LSP data and back: positions,
// locations, edits, diagnostics, completion items, hovers, symbols, code
// actions and code lenses. The request handlers (features.ts) and the
// publisher call these and build no LSP value of their own.
import {
  CodeActionKind,
  CompletionItemKind as LspCompletionKind,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  MarkupKind,
  SymbolKind as LspSymbolKind,
  type CodeAction as LspCodeAction,
  type CodeLens as LspCodeLens,
  type CompletionItem as LspCompletionItem,
  type CompletionList,
  type Diagnostic as LspDiagnostic,
  type DocumentSymbol as LspDocumentSymbol,
  type Hover as LspHover,
  type Location as LspLocation,
  type MarkupContent,
  type Position,
  type Range,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import {
  ruleDocsUrl,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionItemKind,
  type Diagnostic,
  type DocumentSymbol,
  type FileModel,
  type Hover,
  type Location,
  type OutlineKind,
  type Severity,
  type Span,
  type TextEdit,
  type Workspace,
  type WorkspaceSymbol,
} from '../core/facade';
import { PEEK_LOCATIONS_COMMAND, REVEAL_SOURCE_COMMAND } from '../protocol';

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

export function toLocations(workspace: Workspace, found: readonly Location[]): LspLocation[] {
  return found.flatMap((location) => {
    const converted = toLocation(workspace, location.uri, location.span);
    return converted ? [converted] : [];
  });
}

/** Edits as a workspace edit; edits of files the workspace does not hold are left out. */
export function toWorkspaceEdit(workspace: Workspace, edits: readonly TextEdit[]): WorkspaceEdit {
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const edit of edits) {
    const file = workspace.file(edit.uri);
    if (!file) continue;
    (changes[edit.uri] ??= []).push({ range: toRange(file, edit.span), newText: edit.newText });
  }
  return { changes };
}

const COMPLETION_KIND: Record<CompletionItemKind, LspCompletionKind> = {
  key: LspCompletionKind.Property,
  value: LspCompletionKind.Value,
  id: LspCompletionKind.Reference,
  enum: LspCompletionKind.EnumMember,
  snippet: LspCompletionKind.Snippet,
  token: LspCompletionKind.Variable,
};

const RETRIGGER = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

export function toMarkdown(value: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value };
}

/** A completion item with its own edit, detail and documentation. */
export function toCompletionItem(file: FileModel, item: CompletionItem): LspCompletionItem {
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    detail: item.detail,
    documentation: item.documentation ? toMarkdown(item.documentation) : undefined,
    sortText: item.sortText,
    insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(item.replace ? { textEdit: { range: toRange(file, item.replace), newText: item.insertText ?? item.label } } : { insertText: item.insertText }),
    ...(item.retrigger ? { command: RETRIGGER } : {}),
  };
}

/**
 * How a completion list goes out lean: the edit range all its items share,
 * whether the client resolves the detail too (as VS Code does: it shows the
 * detail of the selected item only), and whether it takes a default `data`
 * for the list.
 */
export interface LeanCompletion {
  range: Span;
  resolvesDetail: boolean;
  sharesData: boolean;
}

/**
 * What completionItem/resolve gets back to find an item of the last list: its
 * index, or (the list's default `data`) the list's number, the item then
 * found by its label.
 */
type ResolveData = number | { list: number };

function isListData(data: unknown): data is { list: number } {
  return typeof data === 'object' && data !== null && typeof (data as { list?: unknown }).list === 'number';
}

/**
 * A list whose items share one edit range and go without what the client
 * asks for through resolve (documentation, and the detail when it resolves
 * that too). Where the client takes a default `data`, the list's number is
 * that default: resolve finds an item by its label, and only a repeated
 * label carries its index.
 */
export function toLeanCompletionList(file: FileModel, items: readonly CompletionItem[], isIncomplete: boolean, lean: LeanCompletion, list: number): CompletionList {
  const labels = lean.sharesData ? new Set<string>() : undefined;
  const ownData = (item: CompletionItem, index: number): number | undefined => {
    if (labels === undefined || labels.has(item.label)) return index;
    labels.add(item.label);
    return undefined;
  };
  return {
    isIncomplete,
    itemDefaults: { editRange: toRange(file, lean.range), ...(labels ? { data: { list } satisfies ResolveData } : {}) },
    items: items.map((item, index) => toLeanCompletionItem(item, ownData(item, index), lean.resolvesDetail)),
  };
}

/** The item of the last list (`items`, numbered `list`) that completionItem/resolve was given back, if it is still that list's. */
export function resolvedItem(items: readonly CompletionItem[], list: number, sent: LspCompletionItem): CompletionItem | undefined {
  const data: unknown = sent.data;
  const found =
    typeof data === 'number' ? items[data] : isListData(data) && data.list === list ? items.find((candidate) => candidate.label === sent.label) : undefined;
  return found?.label === sent.label ? found : undefined;
}

/**
 * A completion item of a lean list: `index` is its own `data` for resolve,
 * when the list's default does not find it.
 */
function toLeanCompletionItem(item: CompletionItem, index: number | undefined, resolvesDetail: boolean): LspCompletionItem {
  return {
    label: item.label,
    kind: COMPLETION_KIND[item.kind],
    ...(resolvesDetail ? {} : { detail: item.detail }),
    ...(item.sortText !== undefined && item.sortText !== item.label ? { sortText: item.sortText } : {}),
    ...(item.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(item.insertText !== undefined && item.insertText !== item.label ? { textEditText: item.insertText } : {}),
    ...(item.retrigger ? { command: RETRIGGER } : {}),
    // Not asked whether there is documentation to resolve: that would write it.
    ...(index === undefined ? {} : { data: index satisfies ResolveData }),
  };
}

export function toHover(file: FileModel, hover: Hover): LspHover {
  return { contents: toMarkdown(hover.contents), range: toRange(file, hover.span) };
}

const SYMBOL_KIND: Record<OutlineKind, LspSymbolKind> = {
  section: LspSymbolKind.Namespace,
  production: LspSymbolKind.Module,
  department: LspSymbolKind.Class,
  calendar: LspSymbolKind.Event,
  person: LspSymbolKind.Object,
  milestone: LspSymbolKind.Event,
  'color-space': LspSymbolKind.Constant,
  format: LspSymbolKind.Constant,
  'asset-type': LspSymbolKind.Struct,
  metadata: LspSymbolKind.Field,
  'naming-token': LspSymbolKind.Variable,
  template: LspSymbolKind.Interface,
  'checklist-item': LspSymbolKind.Boolean,
  handoff: LspSymbolKind.Function,
  runbook: LspSymbolKind.Module,
  step: LspSymbolKind.Method,
  risk: LspSymbolKind.Key,
  decision: LspSymbolKind.Event,
  postmortem: LspSymbolKind.Event,
  unit: LspSymbolKind.Field,
};

export function toDocumentSymbol(file: FileModel, symbol: DocumentSymbol): LspDocumentSymbol {
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind],
    range: toRange(file, symbol.span),
    selectionRange: toRange(file, symbol.selectionSpan),
    children: symbol.children.map((child) => toDocumentSymbol(file, child)),
  };
}

export function toSymbolInformation(workspace: Workspace, symbol: WorkspaceSymbol): SymbolInformation | undefined {
  const location = toLocation(workspace, symbol.location.uri, symbol.location.span);
  return location ? { name: symbol.name, kind: SYMBOL_KIND[symbol.kind], containerName: symbol.containerName, location } : undefined;
}

/**
 * A code action: an edit, or a place of the YAML opened through the client's
 * reveal command; with the diagnostics of the request's context that it fixes.
 */
export function toCodeAction(workspace: Workspace, file: FileModel, action: CodeAction, contextDiagnostics: readonly LspDiagnostic[]): LspCodeAction {
  return {
    title: action.title,
    kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
    isPreferred: action.preferred,
    ...(action.reveal ? { command: { title: action.title, command: REVEAL_SOURCE_COMMAND, arguments: [action.reveal] } } : { edit: toWorkspaceEdit(workspace, action.edits) }),
    ...(action.diagnostic
      ? { diagnostics: contextDiagnostics.filter((d) => d.code === action.diagnostic!.rule && toSpan(file, d.range).start === action.diagnostic!.span.start) }
      : {}),
  };
}

/** A code lens; a peek names the editor's own view, with LSP locations the client converts. */
export function toCodeLens(workspace: Workspace, file: FileModel, lens: CodeLens): LspCodeLens {
  const range = toRange(file, lens.span);
  const command = lens.peek
    ? { title: lens.title, command: PEEK_LOCATIONS_COMMAND, arguments: [file.parsed.uri, range.start, toLocations(workspace, lens.peek)] }
    : { title: lens.title, command: lens.command?.id ?? '', arguments: lens.command?.arguments };
  return { range, command };
}
