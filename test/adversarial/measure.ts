// What every adversarial case shares: the base fixture with hostile files
// added, run through the core and through the language server, with the time
// and memory each took. The bounds catch a hang or a blow-up; the figures are
// printed for the record.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { Diagnostic } from '../../server/src/core/types';
import { Workspace } from '../../server/src/core/workspace';
import { fixtureFiles } from '../harness';
import { REPO, removeFolder, TestClient, uriOf as fileUri } from '../protocol/client';

/** No case may take longer than this, core or server. */
export const BOUND_MS = 60_000;
/** Nor may the test process grow, or the server process peak, past this. */
export const BOUND_MB = 2048;
export const TODAY = '2027-01-15';

export const BASE_FILES = Object.keys(fixtureFiles('base'));

export interface CoreRun {
  workspace: Workspace;
  diagnostics: ReadonlyMap<string, Diagnostic[]>;
  ms: number;
  /** Growth of the test process's peak resident set while the case ran (0 when it stayed under an earlier peak). */
  peakGrowthMB: number;
  /** The test process's peak resident set after the case: an upper bound for what the case used. */
  peakMB: number;
}

const coreUri = (name: string): string => `file:///case/${name}`;
const maxRssMB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** The base fixture plus `files` in one workspace; times adding them and analysing everything. */
export function coreCase(files: Record<string, string>): CoreRun {
  const workspace = new Workspace();
  const base = fixtureFiles('base');
  for (const [name, text] of Object.entries(base)) workspace.setFile(coreUri(name), text, 1);
  workspace.diagnostics({ today: TODAY });
  const peakBefore = maxRssMB();
  const started = process.hrtime.bigint();
  for (const [name, text] of Object.entries(files)) workspace.setFile(coreUri(name), text, 1);
  const diagnostics = workspace.diagnostics({ today: TODAY });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakMB = maxRssMB();
  return { workspace, diagnostics, ms, peakGrowthMB: peakMB - peakBefore, peakMB };
}

export function coreDiagnostics(run: CoreRun, name: string): Diagnostic[] {
  const list = run.diagnostics.get(coreUri(name));
  assert.ok(list, `no diagnostics entry for ${name}`);
  return list;
}

/** 1-based line:column of an offset, in UTF-16 code units (LSP's default). */
export function where(run: CoreRun, name: string, offset: number): string {
  const position = run.workspace.file(coreUri(name))!.parsed.lines.positionAt(offset);
  return `${position.line + 1}:${position.character + 1}`;
}

/** The base files keep their full (clean) analysis next to the hostile ones. */
export function assertBaseIntact(run: CoreRun): void {
  for (const name of BASE_FILES) {
    const list = run.diagnostics.get(coreUri(name));
    assert.ok(list, `the base file ${name} was not analysed`);
    assert.deepEqual(
      list.map((d) => `${d.rule}: ${d.message}`),
      [],
      `the base file ${name} lost its clean analysis`,
    );
  }
  assert.ok(run.workspace.productionOf(coreUri('sq010.handoff.yaml'))?.schedule.criticalPath.length, 'the base production is still scheduled');
}

export function assertCoreBounds(what: string, run: CoreRun): void {
  console.log(`      ${what}: core ${run.ms.toFixed(0)} ms, test process peak RSS +${run.peakGrowthMB} MB (${run.peakMB} MB)`);
  assert.ok(run.ms < BOUND_MS, `${what}: the core took ${run.ms.toFixed(0)} ms`);
  assert.ok(run.peakGrowthMB < BOUND_MB, `${what}: the test process grew by ${run.peakGrowthMB} MB`);
}

// ---------------------------------------------------------------------------
// Through the language server

export interface ServerRun {
  client: TestClient;
  folder: string;
  ms: number;
  peakMB: number | undefined;
  uri(name: string): string;
  latest(name: string): PublishDiagnosticsParams | undefined;
  stop(): Promise<void>;
}

/** Pid of the newest language server this process started (Linux: read from /proc), for its memory peak. */
export function serverPid(): number | undefined {
  if (!existsSync('/proc/self/status')) return undefined;
  let newest: number | undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = /^PPid:\s+(\d+)$/m.exec(status)?.[1];
      if (Number(parent) !== process.pid) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (command.includes(path.join('dist', 'server.js')) && (newest === undefined || Number(entry) > newest)) newest = Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return newest;
}

/** The server's peak resident set so far (VmHWM), in MB. */
export function peakOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A temporary folder with the base fixture and `files` (text or raw bytes),
 * made ready by `prepare`, served by a fresh language server; resolves once
 * every file named in `expect` (default: every file written) has diagnostics.
 */
export async function serverCase(
  files: Record<string, string | Buffer>,
  options: { expect?: string[]; prepare?: (folder: string) => void } = {},
): Promise<ServerRun> {
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-adversarial-'));
  cpSync(path.join(REPO, 'test', 'fixtures', 'base'), folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), content);
  }
  options.prepare?.(folder);
  const names = options.expect ?? [...BASE_FILES, ...Object.keys(files)];
  const uri = (name: string) => fileUri(path.join(folder, name));
  const started = process.hrtime.bigint();
  const client = await TestClient.start(folder, { settings: { today: TODAY } });
  const pid = serverPid();
  try {
    await client.waitFor(`diagnostics for ${names.join(', ')}`, () => names.every((name) => client.latest(uri(name))), BOUND_MS);
  } catch (error) {
    const logs = client.logs.join('\n');
    await client.stop();
    removeFolder(folder);
    throw new Error(`${(error as Error).message}\nServer log:\n${logs.slice(-4000)}`);
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    client,
    folder,
    ms,
    peakMB: peakOf(pid),
    uri,
    latest: (name) => client.latest(uri(name)),
    stop: async () => {
      await client.stop();
      removeFolder(folder);
    },
  };
}

export function assertServerBounds(what: string, run: ServerRun): void {
  console.log(`      ${what}: server ${run.ms.toFixed(0)} ms to publish every file, peak RSS ${run.peakMB ?? '?'} MB`);
  assert.ok(run.ms < BOUND_MS, `${what}: the server took ${run.ms.toFixed(0)} ms`);
  if (run.peakMB !== undefined) assert.ok(run.peakMB < BOUND_MB, `${what}: the server peaked at ${run.peakMB} MB`);
}

/** Every published range lies inside the text it was published for. */
export function assertRangesInside(published: PublishDiagnosticsParams, text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of published.diagnostics) {
    for (const end of [d.range.start, d.range.end]) {
      assert.ok(end.line < lines.length, `${d.code} at line ${end.line + 1}, past the end (${lines.length} lines)`);
      assert.ok(end.character <= lines[end.line].length, `${d.code} at ${end.line + 1}:${end.character + 1}, past the end of its line`);
    }
  }
}

export function assertServerBaseIntact(run: ServerRun): void {
  for (const name of BASE_FILES) assert.deepEqual(run.latest(name)?.diagnostics, [], `the base file ${name} lost its clean analysis`);
}
