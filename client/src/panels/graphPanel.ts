// The dependency-graph panel: the graph of whatever the active spec editor
// holds (the handoff DAG, a runbook's steps, a template's neighbourhood),
// following the editor, its cursor (large handoff graphs focus on the handoff
// under it) and edits. A click reveals the YAML; `expand` widens a focused graph.
import * as vscode from 'vscode';
import type { Graph } from '../../../server/src/core/features/graph';
import { GraphRequest, type GraphParams } from '../../../server/src/protocol';
import { activeSpecEditor, findSomeSpecFile, isSpecUri } from '../config';
import type { ViewMessage } from '../webview/messages';
import { createPanel, Debouncer, reasonOf, revealSource, ViewChannel, type PanelContext } from './webviewHtml';

const NO_SPECS = 'No spec files here yet. Open a folder with a *.production.yaml, or run "Handoff: New Production…" to start one.';

export class GraphPanel implements vscode.Disposable {
  static readonly viewType = 'handoff.graph';
  private static current: GraphPanel | undefined;

  readonly panel: vscode.WebviewPanel;
  private readonly channel: ViewChannel;
  private readonly refresher: Debouncer;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The spec file whose graph is shown, and the cursor in it. */
  private uri: vscode.Uri | undefined;
  private position: vscode.Position | undefined;
  /** Set by `expand`: the handoff the graph is centred on and how far it reaches, until the editor moves. */
  private expanded: { handoff: string; depth: number } | undefined;
  /** Whether the last graph was focused on the cursor's handoff (only then does the cursor matter). */
  private followsCursor = false;
  private request: vscode.CancellationTokenSource | undefined;
  private sequence = 0;

  static createOrShow(context: PanelContext): GraphPanel {
    const editor = activeSpecEditor();
    let graph = GraphPanel.current;
    if (graph) {
      graph.panel.reveal(undefined, true);
    } else {
      graph = GraphPanel.current = new GraphPanel(context);
    }
    if (editor) graph.follow(editor);
    graph.refresher.schedule(0);
    return graph;
  }

  private constructor(private readonly context: PanelContext) {
    const panel = (this.panel = createPanel(context, GraphPanel.viewType, 'graph', 'Dependency Graph'));
    this.channel = new ViewChannel(panel, (message) => void this.onMessage(message));
    this.refresher = new Debouncer(() => void this.refresh());
    this.subscriptions.push(
      this.channel,
      this.refresher,
      context.language.onDidChangeAnalysis(() => this.refresher.schedule()),
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
      panel.onDidDispose(() => this.dispose()),
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

  private async refresh(): Promise<void> {
    if (!this.panel.visible) return; // The page is gone; it asks again (`ready`) when shown.
    const sequence = ++this.sequence;
    this.request?.cancel();
    const request = (this.request = new vscode.CancellationTokenSource());
    const uri = (this.uri ??= await findSomeSpecFile());
    if (!uri) {
      this.panel.title = 'Dependency Graph';
      this.channel.setModel({ type: 'empty', message: NO_SPECS });
      return;
    }
    const client = this.context.language.client;
    const params: GraphParams = { uri: uri.toString() };
    if (this.position) params.position = client.code2ProtocolConverter.asPosition(this.position);
    if (this.expanded) {
      params.focus = this.expanded.handoff;
      params.depth = this.expanded.depth;
    }
    let graph: Graph | null;
    try {
      graph = await client.sendRequest(GraphRequest, params, request.token);
    } catch (error) {
      if (request.token.isCancellationRequested || sequence !== this.sequence) return;
      this.context.log.warn(`Graph: the graph request failed: ${reasonOf(error)}`);
      this.channel.setModel({ type: 'empty', message: `The language server did not answer (${reasonOf(error)}). Run "Handoff: Restart Server" and look at the "Handoff Specs" output.` });
      return;
    }
    if (sequence !== this.sequence) return;
    if (!graph) {
      this.followsCursor = false;
      this.panel.title = 'Dependency Graph';
      this.channel.setModel({ type: 'empty', message: 'No production governs this file, so it has no graph: a *.production.yaml in its folder or a folder above it links its ids.' });
      return;
    }
    this.followsCursor = graph.focus !== undefined && this.expanded === undefined;
    this.panel.title = `Graph: ${graph.title}`;
    this.channel.setModel({ type: 'graph', graph });
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    this.request?.cancel();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}
