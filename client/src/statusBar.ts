// The status-bar item: how many errors the production of the active spec file
// has (all productions until a spec file has been active), from the
// diagnostics the server published. A click opens the Problems panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { excludeGlob, isProductionUri, isSpecUri, PRODUCTION_GLOB } from './config';
import { Debouncer } from './panels/webviewHtml';
import { omittedProblemsIn, plural } from '../../server/src/protocol';

/** `folder/` prefixes of production files, as URI strings, so that the nearest production wins as in the server. */
interface ProductionFile {
  folder: string;
  uri: vscode.Uri;
}

export class ProductionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('handoff.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly updater = new Debouncer(() => this.update());
  /** Longest folder first. */
  private productions: ProductionFile[] = [];
  /** The production of the spec file last active: its folder, or '' when none governs it; undefined before any. */
  private current: string | undefined;

  constructor() {
    this.item.name = 'Handoff Specs';
    this.item.command = 'workbench.actions.view.problems';
    const watcher = vscode.workspace.createFileSystemWatcher(PRODUCTION_GLOB, false, true, false);
    const later = () => this.updater.schedule(100);
    this.subscriptions.push(
      this.item,
      this.updater,
      watcher,
      watcher.onDidCreate(() => void this.findProductions()),
      watcher.onDidDelete(() => void this.findProductions()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.findProductions()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some(isSpecUri)) later();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isSpecUri(editor.document.uri)) later();
      }),
    );
    void this.findProductions();
  }

  private async findProductions(): Promise<void> {
    const uris = await vscode.workspace.findFiles(PRODUCTION_GLOB, excludeGlob());
    this.productions = uris
      .filter(isProductionUri)
      .map((uri) => ({ folder: folderOf(uri), uri }))
      .sort((a, b) => b.folder.length - a.folder.length || a.folder.localeCompare(b.folder));
    // Completes the first step of the walkthrough.
    void vscode.commands.executeCommand('setContext', 'handoff.hasProduction', this.productions.length > 0);
    this.update();
  }

  /** The production that governs a file: the nearest production file in its folder or above. */
  private productionOf(uri: vscode.Uri): ProductionFile | undefined {
    const folder = folderOf(uri);
    return this.productions.find((production) => folder === production.folder || folder.startsWith(`${production.folder}/`));
  }

  private update(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor && isSpecUri(editor.document.uri)) this.current = this.productionOf(editor.document.uri)?.folder ?? '';
    const scope = this.current === undefined ? undefined : this.productions.find((p) => p.folder === this.current);

    let errors = 0;
    let warnings = 0;
    let files = 0;
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (!isSpecUri(uri)) continue;
      if (this.current !== undefined && (this.productionOf(uri)?.folder ?? '') !== this.current) continue;
      let counted = false;
      for (const diagnostic of diagnostics) {
        if (diagnostic.source !== 'handoff') continue;
        // Past the server's cap per file, its last diagnostic counts what it left out: the count stays true.
        const omitted = diagnostic.severity === vscode.DiagnosticSeverity.Information ? omittedProblemsIn(diagnostic.message) : undefined;
        if (omitted) {
          errors += omitted.errors;
          warnings += omitted.warnings;
          counted = true;
          continue;
        }
        if (diagnostic.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) warnings++;
        else continue;
        counted = true;
      }
      if (counted) files++;
    }

    if (this.current === undefined && this.productions.length === 0 && errors + warnings === 0) {
      this.item.hide();
      return;
    }
    const label = scope ? productionName(scope.uri) : this.current === '' ? 'no production' : 'Handoff';
    const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    this.item.text = errors > 0 ? `$(error) ${label}: ${plural(errors, 'error')}` : `$(pass) ${label}`;
    const where = scope
      ? `production '${productionName(scope.uri)}' (${vscode.workspace.asRelativePath(scope.uri)})`
      : this.current === ''
        ? 'spec files no production governs'
        : `${plural(this.productions.length, 'production')} of the workspace`;
    this.item.tooltip = `Handoff Specs: ${counts} in ${where}${files > 0 ? `, in ${plural(files, 'file')}` : ''}. Click for the Problems panel.`;
    this.item.accessibilityInformation = { label: `Handoff Specs: ${counts} in ${where}` };
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}

function folderOf(uri: vscode.Uri): string {
  return path.posix.dirname(uri.with({ query: '', fragment: '' }).toString());
}

/** `nightfall` for `.../nightfall.production.yaml`. */
function productionName(uri: vscode.Uri): string {
  return path.posix.basename(uri.path).replace(/\.production\.ya?ml$/i, '');
}

