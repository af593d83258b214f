// The delivery-report panel: the same page as `handoff report --format html`,
// for the production the active spec file belongs to, rebuilt as spec files
// change. The page is static (no script): each refresh replaces it whole.
import * as vscode from 'vscode';
import { renderReportPage } from '../../../server/src/cli/reportHtml';
import type { DeliveryReport } from '../../../server/src/core/report';
import { ReportRequest } from '../../../server/src/protocol';
import { activeSpecEditor, findSomeSpecFile, isSpecUri } from '../config';
import { createNonce, Debouncer, escapeHtml, reasonOf, type PanelContext } from './webviewHtml';

const TITLE = 'Delivery Report';
const NO_SPECS = 'No spec files here yet. Open a folder with a *.production.yaml, or run "Handoff: New Production…" to start one.';
const NO_PRODUCTION = 'No production governs this file: a *.production.yaml in its folder or a folder above it gives it a calendar, departments and handoffs to report on.';

/** What the panel shows: a report, or a sentence saying why there is none. */
type Shown = { report: DeliveryReport } | { message: string };

export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'handoff.report';
  private static current: ReportPanel | undefined;

  readonly panel: vscode.WebviewPanel;
  private readonly refresher: Debouncer;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The spec file whose production is shown. */
  private uri: vscode.Uri | undefined;
  private request: vscode.CancellationTokenSource | undefined;
  private sequence = 0;
  /** What the page was last built from: an unchanged report keeps the page (and its scroll). */
  private shownKey: string | undefined;
  /** A change arrived while the panel was hidden: refresh once it is shown. */
  private stale = false;

  /** Shows the report beside the editor (one panel at most). */
  static createOrShow(context: PanelContext): ReportPanel {
    const uri = activeSpecEditor()?.document.uri;
    let report = ReportPanel.current;
    if (report) {
      report.panel.reveal(undefined, true);
      if (uri) report.uri = uri;
    } else {
      report = ReportPanel.current = new ReportPanel(context, uri);
    }
    report.refresher.schedule(0);
    return report;
  }

  private constructor(
    private readonly context: PanelContext,
    uri: vscode.Uri | undefined,
  ) {
    this.uri = uri;
    const panel = (this.panel = vscode.window.createWebviewPanel(
      ReportPanel.viewType,
      TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      // Nothing runs and nothing is loaded: the page is one HTML string with its style inline.
      { enableScripts: false, localResourceRoots: [], retainContextWhenHidden: false },
    ));
    this.refresher = new Debouncer(() => void this.refresh());
    this.subscriptions.push(
      this.refresher,
      context.language.onDidChangeAnalysis(() => this.refresher.schedule()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the production of the spec file being edited; other editors (and this panel) leave it as is.
        if (!editor || !isSpecUri(editor.document.uri) || editor.document.uri.toString() === this.uri?.toString()) return;
        this.uri = editor.document.uri;
        this.refresher.schedule();
      }),
      // The page's palette is fixed when it is built: build it again in the new theme's.
      vscode.window.onDidChangeActiveColorTheme(() => this.refresher.schedule(0)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.refresher.schedule(0);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Asks the server for the report and rebuilds the page when it changed. */
  private async refresh(): Promise<void> {
    if (!this.panel.visible) {
      // VS Code keeps the last page for when the panel is shown again; bring it up to date then.
      this.stale = true;
      return;
    }
    this.stale = false;
    const sequence = ++this.sequence;
    this.request?.cancel();
    const request = (this.request = new vscode.CancellationTokenSource());
    const uri = (this.uri ??= await findSomeSpecFile());
    if (sequence !== this.sequence) return;
    if (!uri) {
      this.show({ message: NO_SPECS });
      return;
    }
    let report: DeliveryReport | null;
    try {
      report = await this.context.language.client.sendRequest(ReportRequest, { uri: uri.toString() }, request.token);
    } catch (error) {
      if (request.token.isCancellationRequested || sequence !== this.sequence) return;
      this.context.log.warn(`Report: the report request failed: ${reasonOf(error)}`);
      this.show({ message: `The language server did not answer (${reasonOf(error)}). Run "Handoff: Restart Server" and look at the "Handoff Specs" output.` });
      return;
    }
    if (sequence !== this.sequence) return;
    this.show(report ? { report } : { message: NO_PRODUCTION });
  }

  private show(shown: Shown): void {
    this.panel.title = 'report' in shown ? `Report: ${shown.report.title ?? shown.report.production}` : TITLE;
    const colorScheme = colorSchemeOf(vscode.window.activeColorTheme.kind);
    const key = JSON.stringify({ shown, colorScheme });
    if (key === this.shownKey) return;
    this.shownKey = key;
    // A fresh nonce for every page, as the policy requires.
    const nonce = createNonce();
    this.panel.webview.html = 'report' in shown ? renderReportPage([shown.report], { nonce, dataImages: true, colorScheme }) : emptyPage(shown.message, nonce);
  }

  dispose(): void {
    if (ReportPanel.current === this) ReportPanel.current = undefined;
    this.request?.cancel();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}

/** The report's palette for a color theme (a high-contrast theme gets the nearer of the two). */
function colorSchemeOf(kind: vscode.ColorThemeKind): 'light' | 'dark' {
  return kind === vscode.ColorThemeKind.Dark || kind === vscode.ColorThemeKind.HighContrast ? 'dark' : 'light';
}

/** The page without a report: one sentence, in the editor's colours, under the same policy as the report. */
function emptyPage(message: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLE}</title>
<style nonce="${nonce}">body { padding: 24px 32px; color: var(--vscode-descriptionForeground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }</style>
</head>
<body>
<p class="empty">${escapeHtml(message)}</p>
</body>
</html>`;
}
