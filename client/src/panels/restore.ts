// Panels restored after a window reload (VS Code calls a serializer for each
// panel that was open): the timeline, graph and report come back on the
// production they showed, and the timeline and graph pages get back their
// zoom, scroll, collapsed lanes and filter from the webview state.
import * as vscode from 'vscode';
import { GraphPanel } from './graphPanel';
import { ReportPanel } from './reportPanel';
import { TimelinePanel } from './timelinePanel';
import type { PanelContext } from './webviewHtml';

export function registerPanelSerializers(context: PanelContext): vscode.Disposable[] {
  const serializer = (restore: (context: PanelContext, panel: vscode.WebviewPanel) => unknown): vscode.WebviewPanelSerializer => ({
    deserializeWebviewPanel: async (panel) => {
      restore(context, panel);
    },
  });
  return [
    vscode.window.registerWebviewPanelSerializer(TimelinePanel.viewType, serializer(TimelinePanel.restore)),
    vscode.window.registerWebviewPanelSerializer(GraphPanel.viewType, serializer(GraphPanel.restore)),
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, serializer(ReportPanel.restore)),
  ];
}
