// Request handlers: each turns LSP params into a core call and the result
// back into LSP data through convert.ts.
import {
  MessageType,
  ShowMessageNotification,
  ResponseError,
  ErrorCodes,
  type CodeAction as LspCodeAction,
  type ClientCapabilities,
  type CompletionItem as LspCompletionItem,
  type CompletionList,
  type DocumentSymbol as LspDocumentSymbol,
  type SymbolInformation,
} from 'vscode-languageserver';
import { Analysis, parseDate, type CompletionItem } from '../core/facade';
import { GraphRequest, MoveHandoffRequest, PreviewMoveRequest, REVEAL_SOURCE_COMMAND, ReportPageRequest, ReportRequest, ScaffoldRequest, ScheduleRequest, StatusRequest } from '../protocol';
import {
  resolvedItem,
  toCodeAction,
  toCodeLens,
  toCompletionItem,
  toDocumentSymbol,
  toHover,
  toLeanCompletionList,
  toLocations,
  toMarkdown,
  toOffset,
  toRange,
  toSpan,
  toSymbolInformation,
  toWorkspaceEdit,
  type LeanCompletion,
} from './convert';
import { runSafe, type ServerState } from './state';

/**
 * Ids offered per completion request. A production of 10,000 handoffs has
 * 10,000 candidates after `depends_on: [`: sent whole they cost several
 * times what the request itself does, and nobody scrolls through them. The
 * first 200 that fit what is typed go, marked incomplete, and the editor asks
 * again as the user types on, so every id is offered.
 */
const COMPLETION_LIMIT = 200;

/**
 * How a list goes out lean (see LeanCompletion), when the client takes one
 * edit range for the whole list and documentation through
 * completionItem/resolve; undefined otherwise (every item then carries its
 * own edit, detail and documentation).
 */
function leanCompletion(capabilities: ClientCapabilities, items: readonly CompletionItem[]): LeanCompletion | undefined {
  const completion = capabilities.textDocument?.completion;
  const defaults = completion?.completionList?.itemDefaults;
  if (!defaults?.includes('editRange')) return undefined;
  const resolved = completion?.completionItem?.resolveSupport?.properties ?? [];
  if (!resolved.includes('documentation')) return undefined;
  const range = items[0]?.replace;
  if (!range || !items.every((item) => item.replace && item.replace.start === range.start && item.replace.end === range.end)) return undefined;
  return { range, resolvesDetail: resolved.includes('detail'), sharesData: defaults.includes('data') };
}

export function registerFeatures(state: ServerState): void {
  const { connection, workspace } = state;
  const analysis = new Analysis(workspace, () => state.analysisOptions());
  const fileOf = (uri: string) => workspace.file(uri);

  /** The items of the last completion, for completionItem/resolve to add what was left out, and its number. */
  let lastCompletion: CompletionItem[] = [];
  let completions = 0;

  connection.onCompletion((params, token) =>
    runSafe(state, token, [] as LspCompletionItem[] | CompletionList, 'completion', () => {
      const file = fileOf(params.textDocument.uri);
      if (!file) return [];
      const { items, isIncomplete } = analysis.completion(params.textDocument.uri, toOffset(file, params.position), state.host.snippets(), COMPLETION_LIMIT);
      lastCompletion = items;
      const list = ++completions;
      const lean = leanCompletion(state.clientCapabilities(), items);
      // Hundreds of ids go without what the client can ask for later, and share one edit range (and one `data` where the client takes it).
      if (lean) return toLeanCompletionList(file, items, isIncomplete, lean, list);
      const full = items.map((item) => toCompletionItem(file, item));
      return isIncomplete ? { isIncomplete, items: full } : full;
    }),
  );

  connection.onCompletionResolve((item) => {
    const found = resolvedItem(lastCompletion, completions, item);
    if (found) {
      if (found.documentation) item.documentation = toMarkdown(found.documentation);
      if (found.detail !== undefined) item.detail = found.detail;
    }
    return item;
  });

  connection.onHover((params, token) =>
    runSafe(state, token, null, 'hover', () => {
      const file = fileOf(params.textDocument.uri);
      if (!file) return null;
      const found = analysis.hover(params.textDocument.uri, toOffset(file, params.position), state.loading());
      return found ? toHover(file, found) : null;
    }),
  );

  connection.onDefinition((params, token) =>
    runSafe(state, token, [], 'definition', () => {
      const file = fileOf(params.textDocument.uri);
      return file ? toLocations(workspace, analysis.definition(params.textDocument.uri, toOffset(file, params.position))) : [];
    }),
  );

  connection.onReferences((params, token) =>
    runSafe(state, token, [], 'references', () => {
      const file = fileOf(params.textDocument.uri);
      if (!file) return [];
      return toLocations(workspace, analysis.references(params.textDocument.uri, toOffset(file, params.position), params.context.includeDeclaration));
    }),
  );

  connection.onPrepareRename((params, token) => {
    const file = fileOf(params.textDocument.uri);
    if (!file) return null;
    const result = runSafe(state, token, null, 'prepareRename', () => analysis.prepareRename(params.textDocument.uri, toOffset(file, params.position)));
    if (result === null || result instanceof ResponseError) return null;
    if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return { range: toRange(file, result.span), placeholder: result.placeholder };
  });

  connection.onRenameRequest((params, token) => {
    const file = fileOf(params.textDocument.uri);
    if (!file) return null;
    const result = runSafe(state, token, null, 'rename', () => analysis.rename(params.textDocument.uri, toOffset(file, params.position), params.newName));
    if (result === null || result instanceof ResponseError) return null;
    if ('error' in result) {
      // A refused name is the user's to fix, not a failed request: an error
      // response would be logged as "[error] Request textDocument/rename
      // failed". No edit, and the reason in a warning the user reads.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Rename refused: ${result.error}` });
      return null;
    }
    return toWorkspaceEdit(workspace, result.edits);
  });

  connection.onDocumentSymbol((params, token) =>
    runSafe(state, token, [] as LspDocumentSymbol[], 'documentSymbol', () => {
      const file = fileOf(params.textDocument.uri);
      if (!file) return [];
      return analysis.documentSymbols(params.textDocument.uri).map((symbol) => toDocumentSymbol(file, symbol));
    }),
  );

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(state, token, [] as SymbolInformation[], 'workspaceSymbol', () =>
      analysis.workspaceSymbols(params.query).flatMap((symbol) => toSymbolInformation(workspace, symbol) ?? []),
    ),
  );

  connection.onCodeAction((params, token) =>
    runSafe(state, token, [] as LspCodeAction[], 'codeAction', () => {
      const uri = params.textDocument.uri;
      const file = fileOf(uri);
      if (!file) return [];
      return analysis.codeActions(uri, toSpan(file, params.range), state.diagnosticsOf(uri)).map((action) => toCodeAction(workspace, file, action, params.context.diagnostics));
    }),
  );

  connection.onCodeLens((params, token) =>
    runSafe(state, token, [], 'codeLens', () => {
      const file = fileOf(params.textDocument.uri);
      if (!file) return [];
      return analysis.codeLenses(params.textDocument.uri).map((lens) => toCodeLens(workspace, file, lens));
    }),
  );

  connection.onRequest(ScheduleRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/schedule', () => {
      const production = analysis.productionFor(params.uri);
      // While a file does not parse: the last good schedule, marked stale.
      return (production && analysis.schedule(production)) ?? null;
    }),
  );

  connection.onRequest(ReportRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/report', () => {
      // The same production as the timeline shows for this file.
      const production = analysis.productionFor(params.uri);
      if (!production?.production) return null;
      return analysis.report(production);
    }),
  );

  connection.onRequest(StatusRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/status', () => {
      // The same production as the timeline and the report show for this file.
      const production = analysis.productionFor(params.uri);
      if (!production?.production) return null;
      const day = (name: string, value: string | undefined): number | undefined | ResponseError => {
        if (value === undefined) return undefined;
        return parseDate(value) ?? new ResponseError(ErrorCodes.InvalidParams, `${name} '${value}' is not a date; write it as YYYY-MM-DD`);
      };
      const from = day('from', params.from);
      const to = day('to', params.to);
      if (from instanceof ResponseError) return from;
      if (to instanceof ResponseError) return to;
      const period = analysis.statusPeriod({ ...(params.week === undefined ? {} : { week: params.week }), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
      if (!period) {
        const why = params.week !== undefined ? `week '${params.week}' is not an ISO week; write it as YYYY-Www, e.g. 2027-W03` : `from ${params.from} is after to ${params.to}`;
        return new ResponseError(ErrorCodes.InvalidParams, why);
      }
      return analysis.status(production, period);
    }),
  );

  connection.onRequest(ReportPageRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/reportPage', () => {
      const production = analysis.productionFor(params.uri);
      if (!production?.production) return null;
      const report = analysis.report(production);
      // Each handoff id links to its YAML through the client's command (the page runs no script).
      const handoffHref = (id: string): string | undefined => {
        const source = analysis.handoffSource(production, id);
        return source && `command:${REVEAL_SOURCE_COMMAND}?${encodeURIComponent(JSON.stringify([source]))}`;
      };
      const html = analysis.reportPage([report], { nonce: params.nonce, dataImages: true, colorScheme: 'editor', handoffHref });
      return { title: report.title ?? report.production, html };
    }),
  );

  connection.onRequest(ScaffoldRequest, (params, token) =>
    runSafe(state, token, [], 'handoff/scaffold', () => {
      try {
        return analysis.scaffold(params.name, { series: params.series === true });
      } catch (error) {
        // A name that is not kebab-case: the message says what to type instead.
        return new ResponseError(ErrorCodes.InvalidParams, error instanceof Error ? error.message : String(error));
      }
    }),
  );

  connection.onRequest(MoveHandoffRequest, (params, token) => {
    const result = runSafe(state, token, null, 'handoff/moveHandoff', () =>
      workspace.file(params.uri) ? analysis.moveHandoff(params.uri, params.handoff, { start: params.start, due: params.due }) : null,
    );
    if (result === null || result instanceof ResponseError) return null;
    if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return { changes: toWorkspaceEdit(workspace, result.edits).changes ?? {} };
  });

  connection.onRequest(PreviewMoveRequest, (params, token) => {
    const result = runSafe(state, token, null, 'handoff/previewMove', () =>
      workspace.file(params.uri) ? (analysis.previewMove(params.uri, params.handoff, { start: params.start, due: params.due }) ?? null) : null,
    );
    if (result === null || result instanceof ResponseError) return null;
    if ('error' in result) return new ResponseError(ErrorCodes.InvalidRequest, result.error);
    return result;
  });

  connection.onRequest(GraphRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/graph', () => {
      const file = workspace.file(params.uri);
      const offset = file && params.position ? toOffset(file, params.position) : undefined;
      return analysis.graphForFile(params.uri, offset, { focus: params.focus, depth: params.depth }) ?? null;
    }),
  );
}
