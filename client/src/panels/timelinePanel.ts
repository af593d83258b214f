// The timeline panel: the schedule of the production the active spec file
// belongs to, kept up to date as spec files change. A click reveals the YAML;
// a dragged bar becomes an ordinary, undoable edit computed by the server.
import * as vscode from 'vscode';
import type { ScheduleView } from '../../../server/src/core/features/scheduleView';
import { MoveHandoffRequest, ScheduleRequest } from '../../../server/src/protocol';
import { activeSpecEditor, findSomeSpecFile, isSpecUri } from '../config';
import type { ViewMessage } from '../webview/messages';
import { createPanel, Debouncer, reasonOf, revealSource, ViewChannel, type PanelContext } from './webviewHtml';

const NO_SPECS = 'No spec files here yet. Open a folder with a *.production.yaml, or run "Handoff: New Production…" to start one.';

export class TimelinePanel implements vscode.Disposable {
  static readonly viewType = 'handoff.timeline';
  private static current: TimelinePanel | undefined;

  private readonly channel: ViewChannel;
  private readonly refresher: Debouncer;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The spec file whose production is shown. */
  private uri: vscode.Uri | undefined;
  private request: vscode.CancellationTokenSource | undefined;
  private sequence = 0;

  /** Shows the timeline beside the editor (one panel at most), optionally scrolled to one handoff. */
  static createOrShow(context: PanelContext, focus?: string): TimelinePanel {
    const uri = activeSpecEditor()?.document.uri;
    let timeline = TimelinePanel.current;
    if (timeline) {
      timeline.panel.reveal(undefined, true);
      if (uri) timeline.uri = uri;
    } else {
      timeline = TimelinePanel.current = new TimelinePanel(context, uri);
    }
    if (focus) timeline.channel.send({ type: 'focus', handoff: focus });
    timeline.refresher.schedule(0);
    return timeline;
  }

  readonly panel: vscode.WebviewPanel;

  private constructor(
    private readonly context: PanelContext,
    uri: vscode.Uri | undefined,
  ) {
    this.uri = uri;
    const panel = (this.panel = createPanel(context, TimelinePanel.viewType, 'timeline', 'Timeline'));
    this.channel = new ViewChannel(panel, (message) => void this.onMessage(message));
    this.refresher = new Debouncer(() => void this.refresh());
    this.subscriptions.push(
      this.channel,
      this.refresher,
      context.language.onDidChangeAnalysis(() => this.refresher.schedule()),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the production of the spec file being edited; other editors (and this panel) leave it as is.
        if (!editor || !isSpecUri(editor.document.uri) || editor.document.uri.toString() === this.uri?.toString()) return;
        this.uri = editor.document.uri;
        this.refresher.schedule();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async onMessage(message: ViewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.refresh();
        break;
      case 'reveal':
        await revealSource(this.context.language.client, message.source, this.panel).catch((error) => this.warn(`Could not open ${message.source.uri}`, error));
        break;
      case 'move':
        await this.move(message);
        break;
      case 'expand':
        break;
    }
  }

  /** Asks the server for the schedule and hands it to the renderer. */
  private async refresh(): Promise<void> {
    if (!this.panel.visible) return; // The page is gone; it asks again (`ready`) when shown.
    const sequence = ++this.sequence;
    this.request?.cancel();
    const request = (this.request = new vscode.CancellationTokenSource());
    const uri = (this.uri ??= await findSomeSpecFile());
    if (!uri) {
      this.panel.title = 'Timeline';
      this.channel.setModel({ type: 'empty', message: NO_SPECS });
      return;
    }
    let model: ScheduleView | null;
    try {
      model = await this.context.language.client.sendRequest(ScheduleRequest, { uri: uri.toString() }, request.token);
    } catch (error) {
      if (request.token.isCancellationRequested || sequence !== this.sequence) return;
      this.context.log.warn(`Timeline: the schedule request failed: ${reasonOf(error)}`);
      this.channel.setModel({ type: 'empty', message: `The language server did not answer (${reasonOf(error)}). Run "Handoff: Restart Server" and look at the "Handoff Specs" output.` });
      return;
    }
    if (sequence !== this.sequence) return;
    if (!model) {
      this.panel.title = 'Timeline';
      this.channel.setModel({ type: 'empty', message: 'No production governs this file: a *.production.yaml in its folder or a folder above it gives it a calendar and departments.' });
      return;
    }
    this.panel.title = `Timeline: ${model.production.title ?? model.production.id}`;
    this.channel.setModel({ type: 'schedule', model });
  }

  /** A dragged bar: the server computes the edit (snapped to working days), applied as a normal edit so undo works. */
  private async move(message: Extract<ViewMessage, { type: 'move' }>): Promise<void> {
    const { client } = this.context.language;
    const uri = this.uri;
    try {
      if (!uri) throw new Error('no spec file is open');
      const result = await client.sendRequest(MoveHandoffRequest, { uri: uri.toString(), handoff: message.handoff, start: message.start, due: message.due });
      if (!result) throw new Error('the language server does not know this file');
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result);
      if (edit.size === 0) {
        this.channel.resendModel();
        return;
      }
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
      // Show the changed lines, keeping the focus on the timeline for the next drag.
      const [changedUri, edits] = edit.entries()[0];
      const first = edits[0];
      if (first) {
        const range = client.code2ProtocolConverter.asRange(first.range);
        await revealSource(client, { uri: changedUri.toString(), range }, this.panel, true).catch(() => undefined);
      }
      await this.refresh();
    } catch (error) {
      this.warn(`Could not move '${message.handoff}'`, error);
      this.channel.resendModel();
    }
  }

  private warn(what: string, error: unknown): void {
    this.context.log.warn(`${what}: ${reasonOf(error)}`);
    void vscode.window.showWarningMessage(`${what}: ${reasonOf(error)}`);
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.request?.cancel();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}
