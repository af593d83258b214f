// What the timeline, graph and report panels share: one panel of a kind at
// most (create-or-show), a refresh after changes that asks the server again
// with a sequence number and cancels the request it replaces, and the page
// that says why there is nothing to show (no spec files, no production, the
// server did not answer).
import * as vscode from 'vscode';
import { findSomeSpecFile } from '../config';
import { Debouncer, reasonOf, type PanelContext } from './webviewHtml';

export const NO_SPECS = 'No spec files here yet. Open a folder with a *.production.yaml, or run "Handoff: New Production…" to start one.';

/** What a refresh found: the model to show, or a sentence saying why there is none. */
export type Shown<Model> = { model: Model } | { message: string };

export interface PanelKind {
  /** The panel's view type: the key under which the production it shows is kept for a window reload. */
  readonly viewType: string;
  /** The panel's title when it shows no production. */
  readonly title: string;
  /** What the request asks for, in the log ("the schedule request failed"). */
  readonly request: string;
  /** Why there is nothing to show for a file no production governs. */
  readonly noProduction: string;
}

export abstract class Panel<Model> implements vscode.Disposable {
  protected readonly refresher: Debouncer;
  protected readonly subscriptions: vscode.Disposable[] = [];
  /** The spec file whose production is shown. */
  protected uri: vscode.Uri | undefined;
  private request: vscode.CancellationTokenSource | undefined;
  private sequence = 0;
  /** A change arrived while the panel was hidden: refresh once it is shown. */
  private stale = false;
  private disposed = false;

  protected constructor(
    protected readonly context: PanelContext,
    readonly panel: vscode.WebviewPanel,
    private readonly kind: PanelKind,
  ) {
    this.refresher = new Debouncer(() => void this.refresh());
    this.subscriptions.push(
      this.refresher,
      context.language.onDidChangeAnalysis(() => this.refresher.schedule()),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.refresher.schedule(0);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Asks the server for this panel's model of `uri`; null when no production governs it. */
  protected abstract fetch(uri: vscode.Uri, token: vscode.CancellationToken): Promise<Model | null>;

  /** Puts a model or a message on the page. */
  protected abstract show(shown: Shown<Model>): void;

  /** Brings the page up to date with the server; a later refresh wins over an earlier one. */
  async refresh(): Promise<void> {
    if (this.disposed) return;
    if (!this.panel.visible) {
      // A hidden page is not drawn: bring it up to date when it is shown.
      this.stale = true;
      return;
    }
    this.stale = false;
    const sequence = ++this.sequence;
    this.request?.cancel();
    const request = (this.request = new vscode.CancellationTokenSource());
    const uri = (this.uri ??= await findSomeSpecFile());
    if (sequence !== this.sequence) return;
    if (uri) this.remember(uri);
    if (!uri) {
      this.panel.title = this.kind.title;
      this.show({ message: NO_SPECS });
      return;
    }
    let model: Model | null;
    try {
      model = await this.fetch(uri, request.token);
    } catch (error) {
      if (request.token.isCancellationRequested || sequence !== this.sequence) return;
      this.context.log.warn(`${this.kind.title}: the ${this.kind.request} request failed: ${reasonOf(error)}`);
      this.panel.title = this.kind.title;
      this.show({ message: `The language server did not answer (${reasonOf(error)}). Run "Handoff: Restart Server" and look at the "Handoff Specs" output.` });
      return;
    }
    if (sequence !== this.sequence || this.disposed) return;
    if (model === null) {
      this.panel.title = this.kind.title;
      this.show({ message: this.kind.noProduction });
      return;
    }
    this.show({ model });
  }

  /** Restores the panel after a window reload on the production it showed (then its page restores zoom, scroll and filter). */
  protected restoreUri(): void {
    const kept = this.context.workspaceState.get<string>(shownKey(this.kind.viewType));
    if (kept) this.uri = vscode.Uri.parse(kept);
  }

  private remember(uri: vscode.Uri): void {
    const key = shownKey(this.kind.viewType);
    if (this.context.workspaceState.get<string>(key) !== uri.toString()) void this.context.workspaceState.update(key, uri.toString());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.request?.cancel();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.panel.dispose();
  }
}

/** The workspace-state key of the spec file a panel of this view type showed last. */
function shownKey(viewType: string): string {
  return `${viewType}.shown`;
}

/** Where the one panel of a kind is kept: create-or-show. */
export class PanelSlot<P extends Panel<unknown>> {
  private current: P | undefined;

  /** The panel, brought forward without taking the focus; made by `create` when there is none. */
  showOrCreate(create: () => P): P {
    if (this.current) {
      this.current.panel.reveal(undefined, true);
      return this.current;
    }
    return this.adopt(create());
  }

  /** A panel VS Code restored after a window reload becomes the one of its kind. */
  adopt(made: P): P {
    this.current?.dispose();
    this.current = made;
    made.panel.onDidDispose(() => {
      if (this.current === made) this.current = undefined;
    });
    return made;
  }
}

/** Creates a webview panel beside the editor without taking the focus. */
export function panelBeside(viewType: string, title: string, options: vscode.WebviewPanelOptions & vscode.WebviewOptions): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options);
}
