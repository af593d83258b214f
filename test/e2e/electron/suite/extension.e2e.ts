// Journeys in a real VS Code on a copy of examples/nightfall with one seeded
// error: the extension starts by itself, reports the error, completes ids and
// opens the timeline. Every wait polls; nothing sleeps a fixed time.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SEEDED } from './seeded';

const EXTENSION_ID = 'handoff-specs.handoff-specs';

/** Polls until `probe` gives a value, or fails with `what` after `timeout` ms. */
async function eventually<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeout = 30_000): Promise<T> {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the example production open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

const ruleOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);

function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(viewType));
}

describe('Handoff Specs in VS Code', () => {
  it('starts on a workspace with spec files', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await eventually('activation', () => extension.isActive);
  });

  it('reports the seeded error in an unopened file, and nothing in other YAML files', async () => {
    const seeded = workspaceFile(SEEDED.file);
    const found = await eventually('the seeded diagnostic', () =>
      vscode.languages.getDiagnostics(seeded).find((d) => ruleOf(d) === SEEDED.rule && d.source === 'handoff'),
    );
    const document = await vscode.workspace.openTextDocument(seeded);
    assert.equal(document.lineAt(found.range.start.line).text, SEEDED.replace.trimEnd());
    assert.equal(found.severity, vscode.DiagnosticSeverity.Error);
    assert.match(found.message, /fxx/);
    assert.deepEqual(vscode.languages.getDiagnostics(workspaceFile('docker-compose.yaml')), []);
  });

  it('completes department ids after `from: `', async () => {
    const uri = workspaceFile('handoffs/3-shots.handoff.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    // The second handoff's `from: fx` becomes `from: ` with the cursor after it.
    const line = [...Array(document.lineCount).keys()].filter((n) => document.lineAt(n).text === '    from: fx')[0];
    assert.ok(line !== undefined, 'a `from: fx` line');
    await editor.edit((edit) => edit.replace(new vscode.Range(line, 10, line, 12), ''));
    const position = new vscode.Position(line, 10);
    const labels = await eventually('department ids', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      return found.includes('fx') ? found : undefined;
    });
    for (const department of ['story', 'animation', 'fx', 'lighting', 'comp']) assert.ok(labels.includes(department), `${department} in ${labels.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('opens the timeline beside the editor', async () => {
    await vscode.window.showTextDocument(workspaceFile('handoffs/3-shots.handoff.yaml'));
    await vscode.commands.executeCommand('handoff.showTimeline');
    const tab = await eventually('the timeline panel', () => webviewTabs('handoff.timeline')[0]);
    assert.match(tab.label, /Timeline/);
    await eventually('the production in its title', () => webviewTabs('handoff.timeline')[0]?.label.includes('Nightfall'));
  });

  it('opens the dependency graph of the active file', async () => {
    await vscode.window.showTextDocument(workspaceFile('runbooks/comp-delivery.runbook.yaml'));
    await vscode.commands.executeCommand('handoff.showGraph');
    await eventually('the graph panel', () => webviewTabs('handoff.graph')[0]);
  });
});
