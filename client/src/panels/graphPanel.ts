// The dependency-graph panel: the graph of whatever the active spec editor
// holds (the handoff DAG, a runbook's steps, a template's neighbourhood),
// following the editor, its cursor (large handoff graphs focus on the handoff
// under it) and edits. A click reveals the YAML; `expand` widens a focused graph.
import * as vscode from 'vscode';
import { GraphRequest, type Graph, type GraphParams } from '../../../server/src/protocol';
import { activeSpecEditor, isSpecUri } from '../config';
import type { ViewMessage } from '../webview/messages';
import { Panel, PanelSlot, type Shown } from './panel';
import { createPanel, reasonOf, revealSource, ViewChannel, type PanelContext } from './webviewHtml';

const GRAPH = new PanelSlot<GraphPanel>();

export class GraphPanel extends Panel<Graph> {
  static readonly viewType = 'handoff.graph';

  private readonly channel: ViewChannel;
  /** The cursor in the spec file whose graph is shown. */
  private position: vscode.Position | undefined;
  /** Set by `expand`: the handoff the graph is centred on and how far it reaches, until the editor moves. */
  private expanded: { handoff: string; depth: number } | undefined;
  /** Whether the last graph was focused on the cursor's handoff (only then does the cursor matter). */
  private followsCursor = false;

  static createOrShow(context: PanelContext): GraphPanel {
    const editor = activeSpecEditor();
    const graph = GRAPH.showOrCreate(() => new GraphPanel(context));
    if (editor) graph.follow(editor);
    graph.refresher.schedule(0);
    return graph;
  }

  /** The graph VS Code brings back after a window reload: the same file's graph, its page keeps zoom and pan. */
  static restore(context: PanelContext, panel: vscode.WebviewPanel): GraphPanel {
    const graph = GRAPH.adopt(new GraphPanel(context, panel));
    graph.restoreUri();
    return graph;
  }

  private constructor(context: PanelContext, restored?: vscode.WebviewPanel) {
    super(context, createPanel(context, GraphPanel.viewType, 'graph', 'Dependency Graph', restored), {
      viewType: GraphPanel.viewType,
      title: 'Dependency Graph',
      request: 'graph',
      noProduction: 'No production governs this file, so it has no graph: a *.production.yaml in its folder or a folder above it links its ids.',
    });
    this.channel = new ViewChannel(this.panel, (message) => void this.onMessage(message));
    this.subscriptions.push(
      this.channel,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Other editors and webviews (this one included) leave the graph as it is.
        if (!editor || !isSpecUri(editor.document.uri)) return;
        this.follow(editor);
        this.refresher.schedule();
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor !== vscode.window.activeTextEditor || !isSpecUri(event.textEditor.document.uri)) return;
        const moved = event.textEditor.document.uri.toString() !== this.uri?.toString() || !this.position?.isEqual(event.selections[0].active);
        if (!moved) return;
        const wasExpanded = this.expanded !== undefined;
        this.follow(event.textEditor);
        if (this.followsCursor || wasExpanded) this.refresher.schedule();
      }),
    );
  }

  private follow(editor: vscode.TextEditor): void {
    this.uri = editor.document.uri;
    this.position = editor.selection.active;
    this.expanded = undefined;
  }

  private async onMessage(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'reveal':
        await revealSource(this.context.language.client, message.source, this.panel).catch((error) => {
          this.context.log.warn(`Could not open ${message.source.uri}: ${reasonOf(error)}`);
        });
        break;
      case 'expand':
        this.expanded = { handoff: message.handoff, depth: message.depth };
        await this.refresh();
        break;
      case 'move':
        break;
    }
  }

  protected fetch(uri: vscode.Uri, token: vscode.CancellationToken): Promise<Graph | null> {
    const client = this.context.language.client;
    const params: GraphParams = { uri: uri.toString() };
    if (this.position) params.position = client.code2ProtocolConverter.asPosition(this.position);
    if (this.expanded) {
      params.focus = this.expanded.handoff;
      params.depth = this.expanded.depth;
    }
    return client.sendRequest(GraphRequest, params, token);
  }

  protected show(shown: Shown<Graph>): void {
    if ('message' in shown) {
      this.followsCursor = false;
      this.channel.setModel({ type: 'empty', message: shown.message });
      return;
    }
    const graph = shown.model;
    this.followsCursor = graph.focus !== undefined && this.expanded === undefined;
    this.panel.title = `Graph: ${graph.title}`;
    this.channel.setModel({ type: 'graph', graph });
  }
}
