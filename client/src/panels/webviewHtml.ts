// What the timeline and graph panels share: the page with its strict
// Content-Security-Policy and nonce, the panel options, a typed channel to the
// renderer, and revealing a place of the YAML in an editor. The page holds no
// spec text: every model reaches the renderer as a message, and the renderer
// escapes what it shows.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { packModel, type SourceRef } from '../../../server/src/protocol';
import type { HostMessage, ViewMessage } from '../webview/messages';
import type { HandoffLanguageClient } from '../languageClient';

/** What a panel needs from the extension. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly language: HandoffLanguageClient;
  readonly log: vscode.LogOutputChannel;
  /** The extension's state across window reloads (VS Code reloads a window that becomes a multi-root workspace). */
  readonly memento: vscode.Memento;
  /** This workspace's state: which production each panel showed, for restoring it after a reload. */
  readonly workspaceState: vscode.Memento;
}

/** The renderers bundled under dist/webview/ (`<name>.js` and `<name>.css`). */
export type RendererName = 'timeline' | 'graph';

/** How long after the last change a panel asks the server again. */
export const REFRESH_DELAY_MS = 300;

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/** The page of a panel: the renderer's script and style from dist/webview/, nothing else. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, renderer: RendererName, title: string): string {
  const nonce = createNonce();
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
  // Built only from the webview's own source and the nonce: nothing in it needs escaping.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(asset(`${renderer}.css`))}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeHtml(asset(`${renderer}.js`))}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A panel beside the editor that runs one renderer and may load only from the
 * extension's dist/; or `restored`, the panel VS Code brings back after a
 * window reload, given the same page.
 */
export function createPanel(context: PanelContext, viewType: string, renderer: RendererName, title: string, restored?: vscode.WebviewPanel): vscode.WebviewPanel {
  const options = {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
  };
  const panel =
    restored ??
    vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      ...options,
      // The renderer keeps zoom and scroll with getState/setState, so a hidden panel can let go of its page.
      retainContextWhenHidden: false,
    });
  if (restored) panel.webview.options = options;
  panel.webview.html = webviewHtml(panel.webview, context.extensionUri, renderer, title);
  return panel;
}

/**
 * Typed messages to and from a renderer. The model (`schedule`, `graph` or
 * `empty`) is state: the latest one is sent whenever the page says `ready`
 * (again after being hidden) and skipped when unchanged. Other messages are
 * events, held until the page is ready.
 */
export class ViewChannel implements vscode.Disposable {
  private ready = false;
  private model: HostMessage | undefined;
  private sentModel: string | undefined;
  private readonly events: HostMessage[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly panel: vscode.WebviewPanel,
    onMessage: (message: ViewMessage) => void,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isViewMessage(message)) return;
        if (message.type === 'ready') {
          this.ready = true;
          this.sentModel = undefined;
        }
        onMessage(message);
        if (message.type === 'ready') this.flush();
      }),
      panel.onDidChangeViewState(() => {
        // A page that is not retained is gone once hidden; the next one says `ready` again.
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  setModel(message: HostMessage): void {
    this.model = packed(message);
    this.flush();
  }

  /** Sends the current model again, so the page drops what it shows (a drag the host could not write). */
  resendModel(): void {
    this.sentModel = undefined;
    this.flush();
  }

  /** An event for the page, delivered once it is ready. */
  send(message: HostMessage): void {
    this.events.push(packed(message));
    this.flush();
  }

  private flush(): void {
    if (!this.ready) return;
    if (this.model) {
      const json = modelText(this.model);
      if (json !== this.sentModel) {
        this.sentModel = json;
        void this.panel.webview.postMessage(this.model);
      }
    }
    // Events need a model to act on.
    if (this.model && this.model.type !== 'empty') {
      for (const event of this.events.splice(0)) void this.panel.webview.postMessage(event);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** A message with its model packed: one string to post, many times faster for the page to take than the objects. */
function packed(message: HostMessage): HostMessage {
  switch (message.type) {
    case 'schedule':
    case 'preview':
      return typeof message.model === 'string' ? message : { ...message, model: packModel(message.model) };
    case 'graph':
      return typeof message.graph === 'string' ? message : { ...message, graph: packModel(message.graph) };
    default:
      return message;
  }
}

/** What tells one model from another: its type and its packed text (its own JSON). */
function modelText(message: HostMessage): string {
  if ((message.type === 'schedule' || message.type === 'preview') && typeof message.model === 'string') return `${message.type}\u0000${message.model}`;
  if (message.type === 'graph' && typeof message.graph === 'string') return `graph\u0000${message.graph}`;
  return JSON.stringify(message);
}

/** Every type a view may post: a Record, so that a new message type cannot be left out (undo and redo once were, and were dropped). */
const VIEW_MESSAGE_KINDS: Record<ViewMessage['type'], true> = { ready: true, reveal: true, move: true, expand: true, undo: true, redo: true };
const VIEW_MESSAGE_TYPES: ReadonlySet<string> = new Set(Object.keys(VIEW_MESSAGE_KINDS));

/** The page is ours, but what crosses postMessage is untyped: check the shape the handlers rely on. */
function isViewMessage(value: unknown): value is ViewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; source?: { uri?: unknown; range?: unknown }; handoff?: unknown };
  if (typeof message.type !== 'string' || !VIEW_MESSAGE_TYPES.has(message.type)) return false;
  if (message.type === 'reveal') return typeof message.source?.uri === 'string' && typeof message.source.range === 'object' && message.source.range !== null;
  if (message.type === 'move' || message.type === 'expand') return typeof message.handoff === 'string';
  return true;
}

/** Runs a task once `delay` ms after the last call. */
export class Debouncer implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly task: () => void) {}

  schedule(delay = REFRESH_DELAY_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.task();
    }, delay);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/** Opens the document at a place a view points at, with the place selected, in an editor column the panel is not in. */
export async function revealSource(client: LanguageClient, source: SourceRef, panel: vscode.WebviewPanel, preserveFocus = false): Promise<void> {
  const uri = vscode.Uri.parse(source.uri);
  const range = client.protocol2CodeConverter.asRange(source.range);
  const showing = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  const other = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== panel.viewColumn);
  const viewColumn = showing?.viewColumn ?? other?.viewColumn ?? (panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
  const editor = await vscode.window.showTextDocument(uri, { viewColumn, preserveFocus });
  // Selected, with the cursor at its start: where "go to definition" would land.
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** A short reason for the log and the view when a request to the server fails. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
