// The commands of the palette and the editor-title buttons on spec files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { plural, REVEAL_SOURCE_COMMAND, ScaffoldRequest, SHOW_IN_TIMELINE_COMMAND, type ScaffoldFile, type SourceRef } from '../../server/src/protocol';
import { excludeGlob, isProductionUri, isSpecUri, SPEC_GLOB } from './config';
import { GraphPanel } from './panels/graphPanel';
import { ReportPanel } from './panels/reportPanel';
import { TimelinePanel } from './panels/timelinePanel';
import { reasonOf, type PanelContext } from './panels/webviewHtml';
import { exists } from './ruleDocs';

export const COMMANDS = {
  showTimeline: 'handoff.showTimeline',
  showGraph: 'handoff.showGraph',
  showReport: 'handoff.showReport',
  checkWorkspace: 'handoff.checkWorkspace',
  restartServer: 'handoff.restartServer',
  newProduction: 'handoff.newProduction',
  /** From the code lens above each handoff, with the handoff's id. */
  showInTimeline: SHOW_IN_TIMELINE_COMMAND,
  /** From the report page's links, with a SourceRef. */
  revealSource: REVEAL_SOURCE_COMMAND,
} as const;

const KEBAB_CASE = /^[a-z][a-z0-9-]*$/;
/** How long diagnostics must stay unchanged before a check reports them. */
const QUIET_MS = 500;
const SETTLE_LIMIT_MS = 15_000;

export function registerCommands(context: PanelContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showTimeline, () => {
      TimelinePanel.createOrShow(context);
    }),
    vscode.commands.registerCommand(COMMANDS.showInTimeline, (handoff: unknown) => {
      TimelinePanel.createOrShow(context, typeof handoff === 'string' ? handoff : undefined);
    }),
    vscode.commands.registerCommand(COMMANDS.showGraph, () => {
      GraphPanel.createOrShow(context);
    }),
    vscode.commands.registerCommand(COMMANDS.showReport, () => {
      ReportPanel.createOrShow(context);
    }),
    vscode.commands.registerCommand(COMMANDS.checkWorkspace, () => checkWorkspace(context)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer(context)),
    vscode.commands.registerCommand(COMMANDS.newProduction, () => newProduction(context)),
    vscode.commands.registerCommand(COMMANDS.revealSource, (source: unknown) => revealSourceCommand(context, source)),
  ];
}

/**
 * Waits for the server to settle, then writes every finding to the log the
 * way `handoff check` prints them and sums them up.
 */
async function checkWorkspace(context: PanelContext): Promise<void> {
  const { client } = context.language;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Handoff: checking spec files' }, async () => {
    if (!client.isRunning()) await client.start();
    await quietPeriod(context.language.onDidChangeAnalysis);
  });

  const findings: { uri: vscode.Uri; diagnostic: vscode.Diagnostic }[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (!isSpecUri(uri)) continue;
    for (const diagnostic of diagnostics) if (diagnostic.source === 'handoff') findings.push({ uri, diagnostic });
  }
  findings.sort(
    (a, b) =>
      a.uri.toString().localeCompare(b.uri.toString()) ||
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
  const count = (severity: vscode.DiagnosticSeverity) => findings.filter((f) => f.diagnostic.severity === severity).length;
  const errors = count(vscode.DiagnosticSeverity.Error);
  const warnings = count(vscode.DiagnosticSeverity.Warning);
  const infos = findings.length - errors - warnings;
  const files = (await vscode.workspace.findFiles(SPEC_GLOB, excludeGlob())).length;
  const summary = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')} in ${plural(files, 'spec file')}.`;

  const { log } = context;
  log.info(`Check of the workspace: ${summary}`);
  for (const { uri, diagnostic } of findings) {
    const at = diagnostic.range.start;
    const rule = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
    log.info(`  ${vscode.workspace.asRelativePath(uri)}:${at.line + 1}:${at.character + 1}  ${severityName(diagnostic.severity)}  ${diagnostic.message}  [${rule ?? ''}]`);
  }

  const show = errors > 0 ? vscode.window.showErrorMessage : warnings > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(`Handoff: ${summary}`, 'Show Problems', 'Show Log');
  if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  else if (choice === 'Show Log') log.show(true);
}

/** Resolves once `event` has not fired for QUIET_MS (or after SETTLE_LIMIT_MS at most). */
function quietPeriod(event: vscode.Event<void>): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(done, QUIET_MS);
    const limit = setTimeout(done, SETTLE_LIMIT_MS);
    const listener = event(() => {
      clearTimeout(timer);
      timer = setTimeout(done, QUIET_MS);
    });
    function done(): void {
      clearTimeout(timer);
      clearTimeout(limit);
      listener.dispose();
      resolve();
    }
  });
}

async function restartServer(context: PanelContext): Promise<void> {
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Handoff: restarting the language server' }, () =>
      context.language.client.restart(),
    );
    context.log.info('Language server restarted.');
  } catch (error) {
    context.log.error(`The language server did not restart: ${reasonOf(error)}`);
    void vscode.window.showErrorMessage(`Handoff: the language server did not restart (${reasonOf(error)}). See the "Handoff Specs" output.`);
  }
}

/**
 * `handoff init` in the editor: a small production that checks clean, written
 * into a folder the user picks. The picker starts outside every production
 * and asks again when the folder picked already has one; the new folder
 * becomes part of the workspace, so its files are checked together.
 */
async function newProduction(context: PanelContext): Promise<void> {
  const { log } = context;
  const { client } = context.language;
  let title = 'New Production: choose the folder it will govern (a new, empty folder is best)';
  let start = await folderOutsideProductions();
  let folder: vscode.Uri | undefined;
  for (;;) {
    const picked = await vscode.window.showOpenDialog({ title, canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: start, openLabel: 'Create Production Here' });
    folder = picked?.[0];
    if (!folder) return;
    const existing = await productionFileIn(folder);
    if (!existing) break;
    // Say why, and ask again from beside the refused folder.
    title = `New Production: '${existing}' already governs ${path.posix.basename(folder.path)}; choose another folder (a new subfolder works)`;
    void vscode.window.showWarningMessage(`Handoff: '${existing}' already governs ${folder.fsPath}; choose another folder for the new production (a new subfolder works).`);
    start = folder;
  }
  const name = await vscode.window.showInputBox({
    title: 'New Production',
    prompt: 'Production id (kebab-case); it also names the files',
    value: suggestedId(path.posix.basename(folder.path)),
    validateInput: (value) =>
      KEBAB_CASE.test(value) ? undefined : "Use lowercase letters, digits and hyphens, starting with a letter (for example 'my-show').",
  });
  if (!name) return;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'A film or a single project', description: 'departments, people, a calendar and a few handoffs', series: false },
      { label: 'A series with shots', description: 'also a breakdown, a CSV shot list and a chain of steps over every shot', series: true },
    ],
    { title: `New Production '${name}'`, placeHolder: 'What kind of production? (the same as handoff init, or handoff init --series)' },
  );
  if (!kind) return;

  let files: ScaffoldFile[];
  try {
    // The server writes the files (dated from its today: the handoff.today setting or the real date).
    files = await client.sendRequest(ScaffoldRequest, { name, series: kind.series });
  } catch (error) {
    void vscode.window.showErrorMessage(`Handoff: ${reasonOf(error)}`);
    return;
  }
  const targets = files.map((file) => ({ file, uri: vscode.Uri.joinPath(folder, ...file.path.split('/')) }));
  for (const { file, uri } of targets) {
    if (await exists(uri)) {
      void vscode.window.showErrorMessage(`Handoff: '${file.path}' already exists in that folder; New Production never overwrites a file.`);
      return;
    }
  }
  try {
    for (const { uri, file } of targets) {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, Buffer.from(file.text, 'utf8'));
      log.info(`Created ${uri.fsPath}`);
    }
  } catch (error) {
    void vscode.window.showErrorMessage(`Handoff: could not create the production (${reasonOf(error)}).`);
    return;
  }

  const production = targets.find(({ uri }) => isProductionUri(uri))?.uri ?? targets[0].uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    // No folder is open: open the new one (the window reloads with it).
    await vscode.commands.executeCommand('vscode.openFolder', folder);
    return;
  }
  if (!vscode.workspace.getWorkspaceFolder(folder)) {
    // Adding a folder may reload the window (it becomes a multi-root workspace): the new extension opens the file.
    await context.memento.update(NEW_PRODUCTION_KEY, { uri: production.toString(), name, files: targets.length, at: Date.now() });
    // The server checks the folders of the workspace: a production outside them would be checked file by file, wrongly.
    const changed = new Promise<void>((resolve) => {
      const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => {
        listener.dispose();
        resolve();
      });
      setTimeout(() => {
        listener.dispose();
        resolve();
      }, 5_000);
    });
    if (vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri: folder })) {
      await changed;
      await openNewProduction(context);
      return;
    }
    log.warn(`Could not add ${folder.fsPath} to the workspace.`);
    await context.memento.update(NEW_PRODUCTION_KEY, undefined);
  }
  await vscode.window.showTextDocument(production);
  void vscode.window.showInformationMessage(`Handoff: production '${name}' is ready (${targets.length} files). The timeline and graph buttons are at the top right of its files.`);
}

const NEW_PRODUCTION_KEY = 'handoff.newProduction';

/** Opens the production New Production… wrote, once (also after the window reloaded for its new folder). */
export async function openNewProduction(context: PanelContext): Promise<void> {
  const made = context.memento.get<{ uri: string; name: string; files: number; at: number }>(NEW_PRODUCTION_KEY);
  if (!made) return;
  // The state is shared by every window: only the window whose workspace now holds it opens it, within
  // three minutes (a busy machine can take a minute to bring the new extension host up).
  const uri = vscode.Uri.parse(made.uri);
  const fresh = Date.now() - made.at < 180_000;
  if (fresh && !vscode.workspace.getWorkspaceFolder(uri)) return;
  if (!fresh) {
    await context.memento.update(NEW_PRODUCTION_KEY, undefined);
    return;
  }
  // Forgotten only once shown: adding the folder may restart this extension host at any moment,
  // and the host that comes up after it must still find the production to open.
  await vscode.window.showTextDocument(uri);
  await context.memento.update(NEW_PRODUCTION_KEY, undefined);
  void vscode.window.showInformationMessage(
    `Handoff: production '${made.name}' is ready (${made.files} files) and checked with the rest of the workspace. The timeline and graph buttons are at the top right of its files.`,
  );
}

/**
 * Where the folder picker starts: the first workspace folder, or the folder
 * above the outermost production that governs it, so the first folder offered
 * is not one a production already governs.
 */
async function folderOutsideProductions(): Promise<vscode.Uri | undefined> {
  const first = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!first) return undefined;
  let start = first;
  let dir = first;
  for (let depth = 0; depth < 16; depth++) {
    const parent = vscode.Uri.joinPath(dir, '..');
    if (await productionFileIn(dir)) start = parent;
    if (parent.path === dir.path) break;
    dir = parent;
  }
  return start;
}

/** Opens the place of the YAML a link points at (the report page's handoff ids). */
async function revealSourceCommand(context: PanelContext, source: unknown): Promise<void> {
  if (!isSourceRef(source)) return;
  const uri = vscode.Uri.parse(source.uri);
  const range = context.language.client.protocol2CodeConverter.asRange(source.range);
  try {
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Selection(range.end, range.start) });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  } catch (error) {
    context.log.warn(`Could not open ${source.uri}: ${reasonOf(error)}`);
  }
}

function isSourceRef(value: unknown): value is SourceRef {
  const ref = value as { uri?: unknown; range?: { start?: { line?: unknown }; end?: { line?: unknown } } } | null;
  return typeof ref?.uri === 'string' && typeof ref.range?.start?.line === 'number' && typeof ref.range.end?.line === 'number';
}

async function productionFileIn(folder: vscode.Uri): Promise<string | undefined> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.find(([name, type]) => type === vscode.FileType.File && /\.production\.ya?ml$/i.test(name))?.[0];
  } catch {
    return undefined; // A folder that does not exist yet holds nothing.
  }
}

/** A kebab-case id from a folder's name, as `handoff init` makes it. */
function suggestedId(folderName: string): string {
  const id = folderName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return KEBAB_CASE.test(id) ? id : 'my-show';
}

function severityName(severity: vscode.DiagnosticSeverity): string {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    default:
      return 'info';
  }
}
