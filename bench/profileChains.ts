// `node out/bench/profileChains.js [rounds]`: the chain workspace of
// bench/chains.ts (2,000 shots from a CSV × 5 steps) through the core alone
// (no server, no debounce). It replays (a) `final-comp`'s `work` toggled 5↔4
// in the chain file and (b) one CSV row's frames reversed and restored (given
// to the workspace as the server does on `workspace/didChangeWatchedFiles`),
// and prints per edit the wall and CPU time, split into setting the text,
// expanding the chains, making the production model and analysing it (with
// the time of each rule), and how many files' diagnostics changed. Run it with
// PROFILE=<file.cpuprofile> for a CPU profile of the edits alone; `only=work`
// or `only=csv` replays one kind of edit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chainFile, csvOf, generateChains, shots } from './chains';
import { startCpuProfile, timeRules } from './profiling';
import { loadImports } from '../server/src/node/files';
import { Workspace } from '../server/src/core/workspace';
import * as analysis from '../server/src/core/analysis';
import type { Diagnostic } from '../server/src/core/types';

const rounds = Number(process.argv[2] ?? 10);
const only = process.env.only;
const root = mkdtempSync(path.join(tmpdir(), 'handoff-profile-chains-'));
const options = { today: '2027-01-15' };
// As the server reads shot lists (serverMain's limit).
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

const ruleMs = timeRules();

// The phases of an edit: expanding units and chains, and analysing (the rules and diagnostics); the model is the rest of diagnostics().
const phaseMs = { expand: 0, analysis: 0 };
function timed<F extends (...args: never[]) => unknown>(phase: keyof typeof phaseMs, fn: F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    const started = performance.now();
    try {
      return fn.apply(this, args);
    } finally {
      phaseMs[phase] += performance.now() - started;
    }
  } as F;
}
const workspaceMethods = Workspace.prototype as unknown as Record<string, (...args: never[]) => unknown>;
workspaceMethods.expand = timed('expand', workspaceMethods.expand);
// The workspace calls analyzeProduction through the module's exports, so the wrapper is what it calls.
(analysis as { analyzeProduction: typeof analysis.analyzeProduction }).analyzeProduction = timed('analysis', analysis.analyzeProduction);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

async function main(): Promise<void> {
  try {
    const folders = generateChains(root);
    const { folder, specFiles } = folders.chain;
    const workspace = new Workspace();
    let started = performance.now();
    for (const file of specFiles) workspace.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'), 1);
    loadImports(workspace, MAX_IMPORT_BYTES);
    workspace.diagnostics(options);
    process.stdout.write(`load + first analysis: ${(performance.now() - started).toFixed(0)} ms\n`);
    started = performance.now();
    for (const step of workspace.warmUpSteps()) step();
    process.stdout.write(`warm-up: ${(performance.now() - started).toFixed(0)} ms\n`);

    const chainUri = pathToFileURL(path.join(folder, 'shots.handoff.yaml')).href;
    const csvUri = pathToFileURL(path.join(folder, 'editorial', 'shots.csv')).href;
    const all = shots();
    type Edit = { kind: 'work' | 'csv'; name: string; apply: (version: number) => void };
    const edits: Edit[] = [];
    if (only !== 'csv') {
      edits.push({ kind: 'work', name: 'final-comp work 5', apply: (version) => workspace.setFile(chainUri, chainFile(5), version) });
      edits.push({ kind: 'work', name: 'final-comp work 4', apply: (version) => workspace.setFile(chainUri, chainFile(4), version) });
    }
    if (only !== 'work') {
      edits.push({ kind: 'csv', name: 'CSV row reversed', apply: () => workspace.setImport(csvUri, { text: csvOf(all, 1234) }) });
      edits.push({ kind: 'csv', name: 'CSV row restored', apply: () => workspace.setImport(csvUri, { text: csvOf(all) }) });
    }

    const stopProfile = await startCpuProfile(process.env.PROFILE);
    let version = 1;
    // A copy: the workspace updates its map in place.
    let last: Map<string, Diagnostic[]> = new Map(workspace.diagnostics(options));
    const times = new Map<string, { wall: number[]; cpu: number[] }>();
    for (let round = 0; round < rounds; round++) {
      for (const edit of edits) {
        ruleMs.clear();
        phaseMs.expand = phaseMs.analysis = 0;
        const cpu = process.cpuUsage();
        started = performance.now();
        edit.apply(++version);
        const parsed = performance.now() - started;
        const next = workspace.diagnostics(options);
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const cpuMs = (used.user + used.system) / 1000;
        let changed = 0;
        for (const [uri, list] of next) if (last.get(uri) !== list) changed++;
        last = new Map(next);
        let rules = 0;
        for (const t of ruleMs.values()) rules += t;
        const slow = [...ruleMs].filter(([, t]) => t >= 0.5).sort((a, b) => b[1] - a[1]);
        if (!times.has(edit.kind)) times.set(edit.kind, { wall: [], cpu: [] });
        times.get(edit.kind)!.wall.push(ms);
        times.get(edit.kind)!.cpu.push(cpuMs);
        process.stdout.write(
          `${String(round).padStart(2)} ${edit.name.padEnd(18)} ${ms.toFixed(1).padStart(6)} ms (CPU ${cpuMs.toFixed(1).padStart(6)}) = set ${parsed.toFixed(1)} + expand ${phaseMs.expand.toFixed(1)} + model ${(ms - parsed - phaseMs.expand - phaseMs.analysis).toFixed(1)} + analysis ${phaseMs.analysis.toFixed(1)} (rules ${rules.toFixed(1)}); ${changed} files changed; ${slow.map(([id, t]) => `${id} ${t.toFixed(1)}`).join(', ')}\n`,
        );
      }
    }
    for (const [kind, { wall, cpu }] of times) {
      process.stdout.write(`${kind}: p50 ${percentile(wall, 0.5).toFixed(1)} ms, p95 ${percentile(wall, 0.95).toFixed(1)} ms (CPU p50 ${percentile(cpu, 0.5).toFixed(1)} ms) over ${wall.length} edits\n`);
    }
    await stopProfile();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
