// What every journey gets, and what it expects to see: the facts of the
// workspace copy, read from its YAML and from the `handoff` CLI, so that the
// editor is checked against the same analysis core that CI runs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Workbench } from './workbench';

export interface JourneyContext {
  readonly page: Page;
  readonly workbench: Workbench;
  /** The workbench address with the production folder opened. */
  readonly url: string;
  /** The workspace copy on disk. */
  readonly folder: string;
  readonly facts: ProductionFacts;
  /** Saves a screenshot under the run's results (and, when asked, as a docs image). */
  shot(name: string, options?: { docs?: string }): Promise<void>;
  /** Browser console errors seen so far, with the address of the frame that logged them. */
  readonly consoleErrors: readonly { text: string; url: string }[];
}

export interface Journey {
  name: string;
  /** Upper bound for the whole journey, waits included. */
  timeoutMs: number;
  run(context: JourneyContext): Promise<void>;
}

/** A one-based place in a file, as the editor's status bar counts. */
export interface Place {
  /** Relative to the workspace folder, with `/`. */
  file: string;
  line: number;
  column: number;
}

/** A scalar's text and where it is written. */
export interface Written {
  value: string;
  at: Place;
}

export interface HandoffFacts {
  id: string;
  /** Where its id is written: what a reveal selects. */
  idAt: Place;
  from: Written;
  start?: Written;
  due?: Written;
}

export interface CliDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  related: { file: string; line: number; column: number; message: string }[];
}

export interface ProductionFacts {
  /** The production file, relative to the workspace folder. */
  productionFile: string;
  departments: string[];
  handoffs: HandoffFacts[];
  /** What `handoff check --format json` reports for the folder. */
  diagnostics: CliDiagnostic[];
}

/** The file with the seeded error, and the error: a department one letter short, so "did you mean" has an answer. */
export const SEEDED = {
  file: 'handoffs/1-preproduction.handoff.yaml',
  replace: 'from: sound',
  with: 'from: sond',
  fix: "Change to 'sound'",
};

/** Puts one known error in the workspace copy: a misspelt department. */
export function seedError(folder: string): void {
  const file = path.join(folder, SEEDED.file);
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(SEEDED.replace)) throw new Error(`cannot seed the error: ${SEEDED.file} has no "${SEEDED.replace}"`);
  fs.writeFileSync(file, text.replace(SEEDED.replace, SEEDED.with));
}

export function readFacts(root: string, folder: string, today: string): ProductionFacts {
  let productionFile = '';
  const departments: string[] = [];
  const handoffs: HandoffFacts[] = [];
  for (const file of specFiles(folder)) {
    const relative = path.relative(folder, file).split(path.sep).join('/');
    const lines = new LineCounter();
    const doc = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines });
    const at = (node: Node): Place => {
      const { line, col } = lines.linePos(node.range?.[0] ?? 0);
      return { file: relative, line, column: col };
    };
    if (/\.production\.ya?ml$/.test(file)) {
      productionFile = relative;
      const list = doc.get('departments', true);
      if (isSeq(list)) for (const item of list.items) if (isMap(item)) departments.push(String(item.get('id')));
    }
    if (/\.handoff\.ya?ml$/.test(file)) {
      const list = doc.get('handoffs', true);
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        if (!isMap(item)) continue;
        const id = item.get('id', true);
        const written = (key: string): Written | undefined => {
          const node = item.get(key, true);
          return isScalar(node) ? { value: String(node.value), at: at(node) } : undefined;
        };
        const from = written('from');
        if (isScalar(id) && from) handoffs.push({ id: String(id.value), idAt: at(id), from, start: written('start'), due: written('due') });
      }
    }
  }
  let output: string;
  try {
    output = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', folder, '--format', 'json', '--today', today], { encoding: 'utf8' });
  } catch (error) {
    // Exit 1 means "there are errors": the seeded one.
    const stdout = (error as { stdout?: string }).stdout;
    if (!stdout) throw error;
    output = stdout;
  }
  const diagnostics = (JSON.parse(output) as { diagnostics: CliDiagnostic[] }).diagnostics;
  return { productionFile, departments, handoffs, diagnostics };
}

function specFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...specFiles(full));
    else if (/\.(production|handoff)\.ya?ml$/.test(entry.name)) files.push(full);
  }
  return files.sort();
}
