// `node out/bench/profileEdits.js [handoffs] [rounds]`: the bench's six edits
// through the core alone (no server, no debounce), with the time of each edit
// and of each rule, to see where an edit's milliseconds go. Run it with
// PROFILE=<file.cpuprofile> for a CPU profile of the edits alone, CPU=1 for the rules'
// CPU time instead of their wall time, ONLY=<words> for only the
// edits whose name contains them (ONLY=rename: a department renamed and back). The workspace is generated as the bench does.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateWorkspace } from './generate';
import { startCpuProfile, timeRules } from './profiling';
import { findSpecFiles } from '../server/src/node/files';
import { Workspace } from '../server/src/core/workspace';

const size = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const folder = mkdtempSync(path.join(tmpdir(), 'handoff-profile-'));
const options = { today: '2027-01-15' };

// CPU=1: each rule's time is the process's CPU time, not the wall clock (steadier on a busy machine).
const clock = process.env.CPU
  ? () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    }
  : () => performance.now();
const ruleMs = timeRules(clock);

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
try {
  generateWorkspace(folder, size);
  const files = findSpecFiles(folder).files;
  const handoffFiles = files.filter((file) => file.endsWith('.handoff.yaml'));
  const productionFile = files.find((file) => file.endsWith('.production.yaml'))!;
  const target = handoffFiles[Math.floor(handoffFiles.length * 0.4)];
  const workspace = new Workspace();
  let started = performance.now();
  for (const file of files) workspace.setFile(pathToFileURL(file).href, readFileSync(file, 'utf8'), 1);
  workspace.diagnostics(options);
  process.stdout.write(`load + first analysis: ${(performance.now() - started).toFixed(0)} ms\n`);
  started = performance.now();
  for (const step of workspace.warmUpSteps()) step();
  process.stdout.write(`warm-up: ${(performance.now() - started).toFixed(0)} ms\n`);

  const handoffs = readFileSync(target, 'utf8');
  const production = readFileSync(productionFile, 'utf8');
  const due = /^ {4}due: (\S+)$/m.exec(handoffs)!;
  const template = /^ {4}template: (\S+)$/m.exec(handoffs)!;
  const department = /^ {2}- \{ id: ([a-z-]+), name:/m.exec(production)!;
  const all: [string, string, string][] = [
    ['move a due date', target, handoffs.replace(due[0], `    due: ${addDays(due[1], 7)}`)],
    ['move it back', target, handoffs],
    ['break a reference', target, handoffs.replace(template[0], `    template: ${template[1]}x`)],
    ['fix it', target, handoffs],
    ['rename a department', productionFile, production.replace(department[0], department[0].replace(`id: ${department[1]},`, `id: ${department[1]}-unit,`))],
    ['rename it back', productionFile, production],
  ];
  // ONLY=<words>: just the edits whose name contains them (e.g. ONLY=rename), to profile one kind of edit.
  const edits = all.filter(([name]) => !process.env.ONLY || name.includes(process.env.ONLY));
  const stopProfile = await startCpuProfile(process.env.PROFILE);
  let version = 1;
  let last = new Map(workspace.diagnostics(options));
  for (let round = 0; round < rounds; round++) {
    for (const [name, file, text] of edits) {
      ruleMs.clear();
      const cpu = process.cpuUsage();
      started = performance.now();
      workspace.setFile(pathToFileURL(file).href, text, ++version);
      const next = workspace.diagnostics(options);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      let changed = 0;
      for (const [uri, list] of next) if (last.get(uri) !== list) changed++;
      last = new Map(next);
      const slow = [...ruleMs].filter(([, t]) => t >= 0.5).sort((a, b) => b[1] - a[1]);
      process.stdout.write(
        `${String(round).padStart(2)} ${name.padEnd(20)} ${ms.toFixed(1).padStart(6)} ms (CPU ${cpuMs.toFixed(1).padStart(6)} ms), ${String(changed).padStart(5)} files changed; ${slow.map(([id, t]) => `${id} ${t.toFixed(1)}`).join(', ')}\n`,
      );
    }
  }
  await stopProfile();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
}

void main();
