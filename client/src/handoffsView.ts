// The Handoffs view beside the explorer: this week's handoffs, the late ones,
// those at risk and the open post-mortem actions of the production the active
// spec file belongs to, from the server's status request (what `handoff
// status` prints). A click reveals the YAML. It asks again after changes, only
// while it is visible.
import * as vscode from 'vscode';
import { REVEAL_SOURCE_COMMAND, StatusRequest, type StatusSummary } from '../../server/src/protocol';
import { activeSpecEditor, findSomeSpecFile, isSpecUri } from './config';
import { handoffsTree, type HandoffsTreeGroup, type HandoffsTreeItem } from './handoffsTree';
import type { HandoffLanguageClient } from './languageClient';
import { Debouncer, reasonOf } from './panels/webviewHtml';

export const HANDOFFS_VIEW = 'handoff.handoffs';
export const REFRESH_HANDOFFS_COMMAND = 'handoff.refreshHandoffs';

type Node = { group: HandoffsTreeGroup } | { item: HandoffsTreeItem; group: HandoffsTreeGroup } | { message: string };

class HandoffsProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  groups: HandoffsTreeGroup[] | undefined;
  message: string | undefined = 'Loading…';

  show(summary: StatusSummary | null | string): void {
    if (typeof summary === 'string' || summary === null) {
      this.groups = undefined;
      this.message = summary ?? 'No production governs the open file: a *.production.yaml in its folder or a folder above it lists its handoffs.';
    } else {
      this.groups = handoffsTree(summary);
      this.message = undefined;
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups ? this.groups.map((group) => ({ group })) : [{ message: this.message ?? '' }];
    if ('item' in node || 'message' in node) return [];
    return node.group.items.length > 0 ? node.group.items.map((item) => ({ item, group: node.group })) : [{ message: node.group.empty }];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if ('message' in node) {
      const entry = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      entry.contextValue = 'message';
      return entry;
    }
    if ('item' in node) {
      const { item } = node;
      const entry = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
      entry.id = `${node.group.id}/${item.key}`;
      entry.description = item.description;
      entry.tooltip = item.tooltip;
      entry.iconPath = new vscode.ThemeIcon(item.warning ? 'warning' : item.done ? 'pass' : node.group.id === 'actions' ? 'checklist' : 'arrow-right');
      entry.command = { title: 'Open the YAML', command: REVEAL_SOURCE_COMMAND, arguments: [item.source] };
      entry.contextValue = node.group.id === 'actions' ? 'action' : 'handoff';
      return entry;
    }
    const { group } = node;
    // The week and what is late are what a producer looks at first.
    const open = group.id === 'week' || group.id === 'late';
    const entry = new vscode.TreeItem(group.label, open ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    entry.id = group.id;
    entry.description = String(group.items.length);
    entry.contextValue = 'group';
    return entry;
  }
}

/** Registers the view and its refresh command. */
export function registerHandoffsView(language: HandoffLanguageClient, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new HandoffsProvider();
  const view = vscode.window.createTreeView(HANDOFFS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  let uri: vscode.Uri | undefined;
  let request: vscode.CancellationTokenSource | undefined;
  let stale = true;

  const refresh = async (): Promise<void> => {
    if (!view.visible) {
      stale = true;
      return;
    }
    stale = false;
    request?.cancel();
    const mine = (request = new vscode.CancellationTokenSource());
    uri = activeSpecEditor()?.document.uri ?? uri ?? (await findSomeSpecFile());
    if (!uri) {
      provider.show('No spec files here yet. Open a folder with a *.production.yaml, or run "Handoff: New Production…" to start one.');
      return;
    }
    try {
      const summary = await language.client.sendRequest(StatusRequest, { uri: uri.toString() }, mine.token);
      if (mine.token.isCancellationRequested) return;
      provider.show(summary);
      const late = provider.groups?.find((group) => group.id === 'late')?.items.length ?? 0;
      view.badge = late > 0 ? { value: late, tooltip: `${late} late handoff${late === 1 ? '' : 's'}` } : undefined;
      view.description = summary ? summary.title ?? summary.production : undefined;
    } catch (error) {
      if (mine.token.isCancellationRequested) return;
      log.warn(`Handoffs view: the status request failed: ${reasonOf(error)}`);
      provider.show(`The language server did not answer (${reasonOf(error)}).`);
    }
  };
  const refresher = new Debouncer(() => void refresh());

  return [
    view,
    refresher,
    language.onDidChangeAnalysis(() => refresher.schedule()),
    view.onDidChangeVisibility(() => {
      if (view.visible && stale) refresher.schedule(0);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      // Follow the production of the spec file being edited.
      if (!editor || !isSpecUri(editor.document.uri) || editor.document.uri.toString() === uri?.toString()) return;
      refresher.schedule();
    }),
    vscode.commands.registerCommand(REFRESH_HANDOFFS_COMMAND, () => refresh()),
  ];
}
