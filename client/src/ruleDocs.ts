// The rule pages (docs/rules/<id>.md) ship in the extension and open in a
// markdown preview inside VS Code, so a rule link works on a studio network
// with no internet. The server links each diagnostic to the page on the web
// (for every other editor); the client points those links at the bundled page.
import * as vscode from 'vscode';
import { RULE_DOC_COMMAND, ruleDocCommandUri } from '../../server/src/protocol';

/** What the rule pages need of the extension: where its files are, and its log. */
export interface RuleDocsContext {
  readonly extensionUri: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

const RULE_ID = /^[a-z][a-z0-9-]*$/;
/** A link to a rule page wherever it is hosted: `…/docs/rules/<id>.md`. */
const RULE_DOC_LINK = /\/docs\/rules\/([a-z][a-z0-9-]*)\.md$/;

export function registerRuleDocs(context: RuleDocsContext): vscode.Disposable {
  return vscode.commands.registerCommand(RULE_DOC_COMMAND, (rule: unknown) => showRuleDoc(context, rule));
}

/** Opens a rule's bundled page in a markdown preview (the rules index for an unknown id). */
async function showRuleDoc(context: RuleDocsContext, rule: unknown): Promise<void> {
  const folder = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
  let page = vscode.Uri.joinPath(folder, 'README.md');
  if (typeof rule === 'string' && RULE_ID.test(rule)) {
    const candidate = vscode.Uri.joinPath(folder, `${rule}.md`);
    if (await exists(candidate)) page = candidate;
    else context.log.warn(`No page for rule '${rule}' in ${folder.fsPath}; showing the index.`);
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch (error) {
    // The built-in markdown extension is disabled: the page as text is still the page.
    context.log.info(`Markdown preview unavailable (${error instanceof Error ? error.message : String(error)}); opening ${page.fsPath} as text.`);
    await vscode.window.showTextDocument(page, { preview: true });
  }
}

/** The diagnostic with its rule link pointing at the bundled page; unchanged when it has no rule link. */
export function withBundledRuleLink(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (typeof code !== 'object' || code === null) return diagnostic;
  const match = RULE_DOC_LINK.exec(code.target.path);
  if (!match || code.target.scheme === 'command') return diagnostic;
  diagnostic.code = { value: code.value, target: vscode.Uri.parse(ruleDocCommandUri(match[1])) };
  return diagnostic;
}

/** Whether a file or folder is there (a stat that fails is no). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
