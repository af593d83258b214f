// The delivery-report panel: the page of `handoff report --format html`,
// rendered by the server for the production the active spec file belongs to
// (in the editor theme's colours, handoff ids linked to their YAML), rebuilt
// as spec files change. The page runs no script: its links are command links
// the webview allows for one command only.
import * as vscode from 'vscode';
import { REVEAL_SOURCE_COMMAND, ReportPageRequest, type ReportPage } from '../../../server/src/protocol';
import { activeSpecEditor, isSpecUri } from '../config';
import { Panel, PanelSlot, panelBeside, type Shown } from './panel';
import { createNonce, escapeHtml, type PanelContext } from './webviewHtml';

const TITLE = 'Delivery Report';
const REPORT = new PanelSlot<ReportPanel>();

export class ReportPanel extends Panel<ReportPage> {
  static readonly viewType = 'handoff.report';

  /** What the page was last built from: an unchanged report keeps the page (and its scroll). */
  private shownKey: string | undefined;

  /** Shows the report beside the editor (one panel at most). */
  static createOrShow(context: PanelContext): ReportPanel {
    const uri = activeSpecEditor()?.document.uri;
    const report = REPORT.showOrCreate(() => new ReportPanel(context));
    if (uri) report.uri = uri;
    report.refresher.schedule(0);
    return report;
  }

  /** The report VS Code brings back after a window reload, of the production it showed. */
  static restore(context: PanelContext, panel: vscode.WebviewPanel): ReportPanel {
    const report = REPORT.adopt(new ReportPanel(context, panel));
    report.restoreUri();
    report.refresher.schedule(0);
    return report;
  }

  private constructor(context: PanelContext, restored?: vscode.WebviewPanel) {
    super(context, restored ? withReportOptions(restored) : panelBeside(ReportPanel.viewType, TITLE, REPORT_OPTIONS), {
      viewType: ReportPanel.viewType,
      title: TITLE,
      request: 'report',
      noProduction: 'No production governs this file: a *.production.yaml in its folder or a folder above it gives it a calendar, departments and handoffs to report on.',
    });
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the production of the spec file being edited; other editors (and this panel) leave it as is.
        if (!editor || !isSpecUri(editor.document.uri) || editor.document.uri.toString() === this.uri?.toString()) return;
        this.uri = editor.document.uri;
        this.refresher.schedule();
      }),
    );
  }

  private nonce = createNonce();

  protected fetch(uri: vscode.Uri, token: vscode.CancellationToken): Promise<ReportPage | null> {
    // A fresh nonce for every page, as the policy requires.
    this.nonce = createNonce();
    return this.context.language.client.sendRequest(ReportPageRequest, { uri: uri.toString(), nonce: this.nonce }, token);
  }

  protected show(shown: Shown<ReportPage>): void {
    if ('model' in shown) this.panel.title = `Report: ${shown.model.title}`;
    // The page differs only by its nonce when the report did not change.
    const key = 'model' in shown ? shown.model.html.split(this.nonce).join('') : shown.message;
    if (key === this.shownKey) return;
    this.shownKey = key;
    this.panel.webview.html = 'model' in shown ? shown.model.html : emptyPage(shown.message, createNonce());
  }
}

// Nothing is loaded and nothing of ours runs: one HTML string with its style inline whose policy
// allows no script. Scripts are enabled for VS Code's own handling of the page's links to the YAML
// (a page without them cannot follow a command link without errors).
const REPORT_OPTIONS: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
  enableScripts: true,
  enableCommandUris: [REVEAL_SOURCE_COMMAND],
  localResourceRoots: [],
  retainContextWhenHidden: false,
};

function withReportOptions(panel: vscode.WebviewPanel): vscode.WebviewPanel {
  panel.webview.options = REPORT_OPTIONS;
  return panel;
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
