// The timeline panel: the schedule of the production the active spec file
// belongs to, kept up to date as spec files change. A click reveals the YAML;
// a dragged bar becomes an ordinary, undoable edit computed by the server,
// and its effect on the schedule shows at once, as the server works it out.
import * as vscode from 'vscode';
import { MoveHandoffRequest, PreviewMoveRequest, ScheduleRequest, type ScheduleView } from '../../../server/src/protocol';
import { activeSpecEditor, isSpecUri } from '../config';
import type { ViewMessage } from '../webview/messages';
import { Panel, PanelSlot, type Shown } from './panel';
import { createPanel, reasonOf, revealSource, ViewChannel, type PanelContext } from './webviewHtml';

const TIMELINE = new PanelSlot<TimelinePanel>();

export class TimelinePanel extends Panel<ScheduleView> {
  static readonly viewType = 'handoff.timeline';

  private readonly channel: ViewChannel;
  /** The document the last drag edited: where Ctrl+Z in the timeline undoes. */
  private lastEdited: vscode.Uri | undefined;

  /** Shows the timeline beside the editor (one panel at most), optionally scrolled to one handoff. */
  static createOrShow(context: PanelContext, focus?: string): TimelinePanel {
    const uri = activeSpecEditor()?.document.uri;
    const timeline = TIMELINE.showOrCreate(() => new TimelinePanel(context));
    if (uri) timeline.uri = uri;
    if (focus) timeline.channel.send({ type: 'focus', handoff: focus });
    timeline.refresher.schedule(0);
    return timeline;
  }

  /** The timeline VS Code brings back after a window reload: the same production, its page keeps zoom, scroll and filter. */
  static restore(context: PanelContext, panel: vscode.WebviewPanel): TimelinePanel {
    const timeline = TIMELINE.adopt(new TimelinePanel(context, panel));
    timeline.restoreUri();
    return timeline;
  }

  private constructor(context: PanelContext, restored?: vscode.WebviewPanel) {
    super(context, createPanel(context, TimelinePanel.viewType, 'timeline', 'Timeline', restored), {
      viewType: TimelinePanel.viewType,
      title: 'Timeline',
      request: 'schedule',
      noProduction: 'No production governs this file: a *.production.yaml in its folder or a folder above it gives it a calendar and departments.',
    });
    this.channel = new ViewChannel(this.panel, (message) => void this.onMessage(message));
    this.subscriptions.push(
      this.channel,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Follow the production of the spec file being edited; other editors (and this panel) leave it as is.
        if (!editor || !isSpecUri(editor.document.uri) || editor.document.uri.toString() === this.uri?.toString()) return;
        this.uri = editor.document.uri;
        this.refresher.schedule();
      }),
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
      case 'undo':
      case 'redo':
        await this.undoInDocument(message.type);
        break;
    }
  }

  protected fetch(uri: vscode.Uri, token: vscode.CancellationToken): Promise<ScheduleView | null> {
    return this.context.language.client.sendRequest(ScheduleRequest, { uri: uri.toString() }, token);
  }

  protected show(shown: Shown<ScheduleView>): void {
    if ('message' in shown) {
      this.channel.setModel({ type: 'empty', message: shown.message });
      return;
    }
    this.panel.title = `Timeline: ${shown.model.production.title ?? shown.model.production.id}`;
    this.channel.setModel({ type: 'schedule', model: shown.model });
  }

  /**
   * A dragged bar: the view shows the schedule the server works out with the
   * move, then the server computes the edit (snapped to working days),
   * applied as a normal edit so undo works.
   */
  private async move(message: Extract<ViewMessage, { type: 'move' }>): Promise<void> {
    const { client } = this.context.language;
    const uri = this.uri;
    try {
      if (!uri) throw new Error('no spec file is open');
      const params = { uri: uri.toString(), handoff: message.handoff, start: message.start, due: message.due };
      const preview = await client.sendRequest(PreviewMoveRequest, params);
      if (preview) this.channel.send({ type: 'preview', model: preview });
      const result = await client.sendRequest(MoveHandoffRequest, params);
      if (!result) throw new Error('the language server does not know this file');
      const edit = await client.protocol2CodeConverter.asWorkspaceEdit(result);
      if (edit.size === 0) {
        this.channel.resendModel();
        return;
      }
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the editor refused the edit');
      // Show the changed lines, keeping the focus on the timeline for the next drag.
      const [changedUri, edits] = edit.entries()[0];
      this.lastEdited = changedUri;
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

  /**
   * Ctrl+Z / Ctrl+Shift+Z pressed in the timeline: undo or redo in the
   * document the drags edited (VS Code's undo acts on the focused editor, so
   * that document takes the focus for the command), then back to the timeline.
   */
  private async undoInDocument(command: 'undo' | 'redo'): Promise<void> {
    const uri = this.lastEdited ?? this.uri;
    if (!uri) return;
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
      await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false, preview: false });
      // The command acts on the focused editor: wait until the document's editor is the active one.
      for (let tries = 0; tries < 20 && vscode.window.activeTextEditor?.document !== document; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
      this.context.log.info(`Timeline: ${command} in ${vscode.workspace.asRelativePath(uri)}`);
      await vscode.commands.executeCommand(command);
      await this.takeFocusBack();
    } catch (error) {
      this.warn(`Could not ${command}`, error);
    }
  }

  /**
   * Back to the timeline, so the next Ctrl+Z goes to it too. The editor can
   * still be taking the focus from the command when the first reveal comes,
   * and can take it after the panel was seen active once (a journey found
   * the keys going to the editor after a redo): reveal again until the panel
   * is the active one at two looks in a row, 100 ms apart (for a second at
   * most).
   */
  private async takeFocusBack(): Promise<void> {
    let activeLooks = 0;
    for (let tries = 0; tries < 10; tries++) {
      this.panel.reveal(undefined, false);
      await new Promise((resolve) => setTimeout(resolve, 100));
      activeLooks = this.panel.active ? activeLooks + 1 : 0;
      if (activeLooks === 2) return;
    }
    this.context.log.warn('Timeline: the panel did not take the focus back after the undo');
  }

  private warn(what: string, error: unknown): void {
    this.context.log.warn(`${what}: ${reasonOf(error)}`);
    void vscode.window.showWarningMessage(`${what}: ${reasonOf(error)}`);
  }
}
