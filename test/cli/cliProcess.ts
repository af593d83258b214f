// Runs the bundled `handoff` command as a user would: a separate node process
// on dist/cli.js, with its exit code, stdout and stderr.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `handoff ...args` run in `cwd`. The timeout turns a hang (a symlink loop
 * followed forever) into a failed assertion instead of a stuck test run.
 */
export function handoffIn(cwd: string, ...args: string[]): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `handoff ...args` run from the repository root. */
export function handoff(...args: string[]): CliRun {
  return handoffIn(ROOT, ...args);
}

/** Builds the bundle when a test run starts without one (mocha run on its own). */
export function ensureCliBundle(): void {
  if (existsSync(CLI)) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `the CLI bundle did not build: ${build.stderr}`);
}

/** A fresh folder under the system's temp folder, removed after `body` returns or throws. */
export function withTempFolder<T>(prefix: string, body: (folder: string) => T): T {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  try {
    return body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
