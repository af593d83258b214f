// Fixture harness for rule and model tests: a folder of spec files under
// test/fixtures/<name>/, with files replaced, added or removed per test, run
// through the same core the CLI and the server use.
//
// There is one base production (test/fixtures/base). A folder named in
// BASE_VARIANTS holds only its own files (and a README saying what they
// change); the fixture is the base with those files added or replaced, in
// memory (fixtureFiles) or on disk for the CLI (materialiseFixture).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AnalysisOptions } from '../server/src/core/analysis';
import { Workspace } from '../server/src/core/workspace';

export const FIXTURE_ROOT = path.join(__dirname, '..', '..', 'test', 'fixtures');
export const DEFAULT_TODAY = '2027-01-15';

export interface Result {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  related: { file: string; line: number; column: number; message: string }[];
  suppressed?: string;
}

function listFiles(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, listFiles(full, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(full, 'utf8');
  }
  return out;
}

/** Fixture folders that are the base production plus their own files. */
export const BASE_VARIANTS: ReadonlySet<string> = new Set(['broken', 'duplicate-id', 'suppressed']);

/** The files of a fixture, by relative path: the folder's, on top of the base's for a variant. */
export function fixtureFiles(name = 'base'): Record<string, string> {
  const own = listFiles(path.join(FIXTURE_ROOT, name));
  return BASE_VARIANTS.has(name) ? { ...listFiles(path.join(FIXTURE_ROOT, 'base')), ...own } : own;
}

/**
 * Writes a fixture, with `changes` applied (a string replaces or adds a file,
 * null removes it), into a new folder under the system's temporary folder and
 * returns its path; the caller removes it.
 */
export function materialiseFixture(name = 'base', changes: Record<string, string | null> = {}): string {
  const folder = mkdtempSync(path.join(tmpdir(), `handoff-fixture-${name}-`));
  for (const [file, text] of Object.entries({ ...fixtureFiles(name), ...changes })) {
    if (text === null) continue;
    const target = path.join(folder, ...file.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return folder;
}

export const uriOf = (file: string): string => `file:///fixture/${file}`;
const fileOf = (uri: string): string => uri.replace('file:///fixture/', '');

/**
 * A workspace made of the base fixture with `changes` applied: a string
 * replaces or adds a file, null removes it.
 */
export function workspaceOf(changes: Record<string, string | null> = {}, base: string | null = 'base'): Workspace {
  const files = { ...(base ? fixtureFiles(base) : {}), ...changes };
  const workspace = new Workspace();
  for (const [file, text] of Object.entries(files)) if (text !== null) workspace.setFile(uriOf(file), text, 1);
  return workspace;
}

/** Diagnostics of the workspace as plain results with 1-based lines and columns. */
export function resultsOf(workspace: Workspace, options: AnalysisOptions = { today: DEFAULT_TODAY }): Result[] {
  const results: Result[] = [];
  for (const [uri, diagnostics] of workspace.diagnostics(options)) {
    const lines = workspace.file(uri)!.parsed.lines;
    for (const d of diagnostics) {
      const start = lines.positionAt(d.span.start);
      const end = lines.positionAt(d.span.end);
      results.push({
        file: fileOf(uri),
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        related: (d.related ?? []).map((r) => {
          const relatedFile = workspace.file(r.location.uri);
          const at = relatedFile ? relatedFile.parsed.lines.positionAt(r.location.span.start) : { line: 0, character: 0 };
          return { file: fileOf(r.location.uri), line: at.line + 1, column: at.character + 1, message: r.message };
        }),
        suppressed: d.suppressed?.reason,
      });
    }
  }
  return results.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/** Base fixture with changes, analysed: every diagnostic that is not suppressed. */
export function check(changes: Record<string, string | null> = {}, options: AnalysisOptions = { today: DEFAULT_TODAY }, base: string | null = 'base'): Result[] {
  return resultsOf(workspaceOf(changes, base), options).filter((r) => r.suppressed === undefined);
}

/** Only the results of one rule, as `file:line:col` strings for compact assertions. */
export function where(results: Result[], rule: string): string[] {
  return results.filter((r) => r.rule === rule).map((r) => `${r.file}:${r.line}:${r.column}`);
}

/** How VS Code orders completion items nothing is typed for: by sort text, then by label. */
export function inVsCodeOrder(a: { label: string; sortText?: string }, b: { label: string; sortText?: string }): number {
  return (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label);
}

/** Replace the first occurrence of `find` in a base fixture file (fails loudly when absent). */
export function edit(file: string, find: string, replace: string, base = 'base'): Record<string, string> {
  const text = fixtureFiles(base)[file];
  if (text === undefined) throw new Error(`No fixture file ${file}`);
  if (!text.includes(find)) throw new Error(`'${find}' is not in ${file}`);
  return { [file]: text.replace(find, replace) };
}
