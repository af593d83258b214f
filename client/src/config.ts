// What the client knows about spec files and its settings. The names of the
// six spec kinds decide what the extension touches: every other YAML file of
// the workspace is left to whatever else handles YAML.
import * as vscode from 'vscode';
import type { HandoffSettings } from '../../server/src/protocol';

/** The settings section (`handoff.*`) and the language client's id, which makes `handoff.trace.server` its trace setting. */
export const SECTION = 'handoff';

export const SPEC_GLOB = '**/*.{production,glossary,template,handoff,runbook,risks,journal,breakdown}.{yaml,yml}';
export const PRODUCTION_GLOB = '**/*.production.{yaml,yml}';
const SPEC_NAME = /\.(production|glossary|template|handoff|runbook|risks|journal)\.ya?ml$/i;
const PRODUCTION_NAME = /\.production\.ya?ml$/i;

/** Spec files on disk, whatever language mode the editor gave them (`yaml` normally). */
export const SPEC_SELECTOR = [{ scheme: 'file', pattern: SPEC_GLOB }];

/** Folders never searched for spec files, as the server skips them too. */
const ALWAYS_EXCLUDED = ['**/node_modules/**', '**/.git/**'];

export function isSpecUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && SPEC_NAME.test(uri.path);
}

export function isProductionUri(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && PRODUCTION_NAME.test(uri.path);
}

/** The active editor's document when it is a spec file. */
export function activeSpecEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isSpecUri(editor.document.uri) ? editor : undefined;
}

/** A spec file to ask the server about when no spec editor is active: a visible one, else a production file, else any. */
export async function findSomeSpecFile(): Promise<vscode.Uri | undefined> {
  const visible = vscode.window.visibleTextEditors.find((editor) => isSpecUri(editor.document.uri));
  if (visible) return visible.document.uri;
  const exclude = excludeGlob();
  const [production] = await vscode.workspace.findFiles(PRODUCTION_GLOB, exclude, 1);
  return production ?? (await vscode.workspace.findFiles(SPEC_GLOB, exclude, 1))[0];
}

/** The `handoff.*` settings, typed; values of the wrong type read as absent. */
export function readSettings(scope?: vscode.Uri): HandoffSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const today = config.get<unknown>('today');
  const rules = config.get<unknown>('rules');
  const exclude = config.get<unknown>('exclude');
  return {
    today: typeof today === 'string' && today.trim() !== '' ? today.trim() : undefined,
    rules: isStringRecord(rules) ? rules : undefined,
    exclude: Array.isArray(exclude) ? exclude.filter((item): item is string => typeof item === 'string') : undefined,
  };
}

/** `handoff.today` when set (reproducible results), else the local date, as YYYY-MM-DD. */
export function today(scope?: vscode.Uri): string {
  const fixed = readSettings(scope).today;
  if (fixed && /^\d{4}-\d{2}-\d{2}$/.test(fixed)) return fixed;
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** One glob of what searches for spec files skip: node_modules, .git, files.exclude and handoff.exclude. */
export function excludeGlob(): string {
  const filesExclude = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  const patterns = [
    ...ALWAYS_EXCLUDED,
    ...Object.entries(filesExclude)
      .filter(([, on]) => on === true)
      .map(([pattern]) => pattern),
    ...(readSettings().exclude ?? []).flatMap((pattern) => {
      // As the server reads them: relative to a workspace folder or a bare name, and everything below a match.
      const bare = pattern.replace(/^\.\//, '').replace(/\/$/, '');
      const anywhere = bare.startsWith('**/') ? bare : `**/${bare}`;
      return [anywhere, `${anywhere}/**`];
    }),
  ];
  // Braces do not nest in VS Code globs, so patterns that have their own are left out of the group.
  return `{${patterns.filter((pattern) => !/[{}]/.test(pattern)).join(',')}}`;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}
