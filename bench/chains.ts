// The chain workspace of issue 13: 2,000 shots imported from a CSV × 5
// steps = 10,000 instances from one chain file, against the same 10,000
// handoffs written out. Rows: cold check of each; a step's `work` changed in
// the editor (the edited file's diagnostics, and every affected file's); one
// CSV row changed on disk (the breakdown's diagnostics again). Deterministic:
// the same files every run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol';
import { LspDriver, uriOf, type ServerUnderTest } from './driver';

const SHOTS = 2_000;
const EPISODES = 4;
const VENDORS = ['northlight', 'harbourfx'];
const COLD_RUNS = 3;
const EDIT_ROUNDS = 20;

interface Step {
  step: string;
  from: string;
  to: string;
  owner: string;
  contact: string;
  start?: string;
  work: number;
  dependsOn?: string;
  feeds?: string;
  doneWhen: string;
}

const STEPS: Step[] = [
  { step: 'plates', from: 'editorial', to: '{vendor}', owner: 'priya', contact: 'kim', start: '{turnover}', work: 2, doneWhen: 'Plates for {unit}, frames {frames}, delivered to {vendor} as 16-bit EXR' },
  { step: 'temp-comp', from: '{vendor}', to: 'vfx', owner: 'hana', contact: 'lee', work: 3, dependsOn: 'plates', doneWhen: 'A temp comp of {unit} covering frames {frames} is posted for dailies' },
  { step: 'notes', from: 'vfx', to: '{vendor}', owner: 'hana', contact: 'lee', work: 1, dependsOn: 'temp-comp', doneWhen: 'Written notes for {unit} are posted in the review thread' },
  { step: 'final-comp', from: '{vendor}', to: 'vfx', owner: 'hana', contact: 'lee', work: 4, dependsOn: 'notes', doneWhen: 'The final comp of {unit} is delivered at full resolution, frames {frames}' },
  { step: 'conform', from: 'vfx', to: 'editorial', owner: 'lee', contact: 'kim', work: 1, dependsOn: 'final-comp', feeds: 'lock-{episode}', doneWhen: 'The final comp of {unit} replaces the temp in the {episode} timeline' },
];

export interface Shot {
  id: string;
  episode: string;
  first: number;
  last: number;
  vendor: string;
  turnover: string;
}

/** Turnovers on the working days of January to March 2027 (Tuesdays to Thursdays), by shot. */
export function shots(): Shot[] {
  const days: string[] = [];
  for (let ms = Date.UTC(2027, 0, 5); days.length < 30; ms += 86_400_000) {
    const weekday = new Date(ms).getUTCDay();
    if (weekday >= 2 && weekday <= 4) days.push(new Date(ms).toISOString().slice(0, 10));
  }
  const out: Shot[] = [];
  for (let k = 0; k < SHOTS; k++) {
    const episode = `ep${String(101 + Math.floor((k * EPISODES) / SHOTS))}`;
    out.push({ id: `${episode}_${String((k % (SHOTS / EPISODES)) * 10 + 10).padStart(4, '0')}`, episode, first: 1001, last: 1048 + (k % 9) * 12, vendor: VENDORS[k % 2], turnover: days[k % days.length] });
  }
  return out;
}

const PRODUCTION = [
  'production: chainbench',
  'title: Chain bench',
  'calendar: { workdays: [mon, tue, wed, thu, fri] }',
  'review_buffer: 2',
  'risk_review_days: 7',
  'departments:',
  '  - { id: editorial, name: Editorial, lead: priya }',
  '  - { id: vfx, name: VFX, lead: hana }',
  '  - { id: northlight, name: Northlight, lead: olly, vendor: true }',
  '  - { id: harbourfx, name: Harbour FX, lead: mateo, vendor: true }',
  'people:',
  '  - { id: priya, name: Priya, department: editorial }',
  '  - { id: kim, name: Kim, department: editorial }',
  '  - { id: hana, name: Hana, department: vfx }',
  '  - { id: lee, name: Lee, department: vfx }',
  '  - { id: olly, name: Olly, department: northlight }',
  '  - { id: mateo, name: Mateo, department: harbourfx }',
  'milestones:',
  ...Array.from({ length: EPISODES }, (_, e) => `  - { id: lock-ep${101 + e}, date: 2027-06-30, title: Lock ep${101 + e} }`),
  '',
].join('\n');

/** `day` moved by n working days (Monday to Friday; the bench calendar has no holidays). */
function addWorkingDays(iso: string, n: number): string {
  let ms = Date.parse(`${iso}T00:00:00Z`);
  for (let left = n; left > 0; ) {
    ms += 86_400_000;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** The first day a grade after a shot's conform may start, with final comps of 4 days (worked like the schedule: 2 review days each). */
function gradeStart(shot: Shot): string {
  let ready = addWorkingDays(addWorkingDays(shot.turnover, 1), 2); // plates: 2 days from turnover
  for (const work of [3, 1, 4, 1]) ready = addWorkingDays(addWorkingDays(addWorkingDays(ready, 1), work - 1), 2);
  return addWorkingDays(ready, 1);
}

/**
 * A downstream file: one grade per episode after its first shot's conform,
 * starting on the first day it may. A final comp one day longer makes each
 * grade start too early, so its diagnostics change with the chain's step.
 */
function gradeFile(firstShots: Shot[]): string {
  const lines = ['handoffs:'];
  for (const shot of firstShots) {
    lines.push(
      `  - id: grade-${shot.episode}`,
      '    from: vfx',
      '    to: editorial',
      '    owner: lee',
      '    contact: kim',
      `    start: ${gradeStart(shot)}`,
      `    due: ${addWorkingDays(gradeStart(shot), 1)}`,
      `    depends_on: [conform-${shot.id}]`,
      '    done_when:',
      `      - The ${shot.episode} grade is approved by hana`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function chainFile(finalWork: number): string {
  const lines = ['chains:', '  - chain: shots', '    for_each: { kind: shot }', '    steps:'];
  for (const step of STEPS) {
    lines.push(`      - step: ${step.step}`, `        from: "${step.from}"`, `        to: "${step.to}"`, `        owner: ${step.owner}`, `        contact: ${step.contact}`);
    if (step.start) lines.push(`        start: "${step.start}"`);
    else lines.push('        start: asap', `        depends_on: [${step.dependsOn}]`);
    lines.push(`        work: ${step.step === 'final-comp' ? finalWork : step.work}`);
    if (step.feeds) lines.push(`        feeds: "${step.feeds}"`);
    lines.push('        done_when:', `          - "${step.doneWhen}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** The instances of the chain, written out as plain handoffs: one file per episode. */
function writtenOut(all: Shot[]): Map<string, string> {
  const files = new Map<string, string[]>();
  for (const shot of all) {
    const tokens: Record<string, string> = { unit: shot.id, vendor: shot.vendor, turnover: shot.turnover, frames: `${shot.first}-${shot.last}`, episode: shot.episode };
    const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, name: string) => tokens[name]);
    let lines = files.get(shot.episode);
    if (!lines) files.set(shot.episode, (lines = ['handoffs:']));
    for (const step of STEPS) {
      lines.push(`  - id: ${step.step}-${shot.id}`, `    from: ${fill(step.from)}`, `    to: ${fill(step.to)}`, `    owner: ${step.owner}`, `    contact: ${step.contact}`);
      // A written-out handoff gives start and due (start + work is a chain step's shorthand).
      if (step.start) lines.push(`    start: ${fill(step.start)}`, `    due: ${addWorkingDays(fill(step.start), step.work - 1)}`);
      else lines.push('    start: asap', `    depends_on: [${step.dependsOn}-${shot.id}]`, `    work: ${step.work}`);
      if (step.feeds) lines.push(`    feeds: ${fill(step.feeds)}`);
      lines.push('    done_when:', `      - "${fill(step.doneWhen)}"`);
    }
  }
  return new Map([...files].map(([episode, lines]) => [`${episode}.handoff.yaml`, `${lines.join('\n')}\n`]));
}

/** The shot list, with the frames of row `reversed` (0-based) swapped. */
export function csvOf(all: Shot[], reversed?: number): string {
  const rows = all.map((shot, k) => [shot.id, shot.episode, k === reversed ? shot.last : shot.first, k === reversed ? shot.first : shot.last, shot.vendor, shot.turnover].join(','));
  return `Shot,Episode,Frame In,Frame Out,Vendor,Turnover\r\n${rows.join('\r\n')}\r\n`;
}

export interface ChainFolders {
  chain: { folder: string; specFiles: string[] };
  written: { folder: string; specFiles: string[] };
}

export function generateChains(root: string): ChainFolders {
  const all = shots();
  const firstShots = Array.from({ length: EPISODES }, (_, e) => all[(e * SHOTS) / EPISODES]);
  const write = (folder: string, relative: string, text: string) => {
    const target = path.join(folder, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  };
  const chain = path.join(root, 'chain');
  const units = ['units:', ...Array.from({ length: EPISODES }, (_, e) => `  - { id: ep${101 + e}, kind: episode }`), 'import:', '  - csv: editorial/shots.csv', '    kind: shot', '    columns: { id: Shot, parent: Episode, frames_in: Frame In, frames_out: Frame Out, vendor: Vendor, turnover: Turnover }', ''].join('\n');
  const chainFiles = [
    write(chain, 'chainbench.production.yaml', PRODUCTION),
    write(chain, 'show.breakdown.yaml', units),
    write(chain, 'shots.handoff.yaml', chainFile(4)),
    write(chain, 'grade.handoff.yaml', gradeFile(firstShots)),
  ];
  write(chain, 'editorial/shots.csv', csvOf(all));
  const written = path.join(root, 'written');
  const writtenFiles = [write(written, 'chainbench.production.yaml', PRODUCTION), write(written, 'grade.handoff.yaml', gradeFile(firstShots))];
  for (const [name, text] of writtenOut(all)) writtenFiles.push(write(written, name, text));
  return { chain: { folder: chain, specFiles: chainFiles }, written: { folder: written, specFiles: writtenFiles } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

async function cold(server: ServerUnderTest, folder: string, specFiles: string[]): Promise<number> {
  const driver = LspDriver.start(server);
  try {
    const started = performance.now();
    await driver.initialize(folder);
    return (await driver.allPublished(specFiles.map(uriOf))) - started;
  } finally {
    await driver.stop();
  }
}

export interface ChainBenchResult {
  coldChain: number;
  coldWritten: number;
  workEdit: number[];
  workEditAll: number[];
  csvEdit: number[];
}

export async function measureChains(server: ServerUnderTest, progress: (what: string) => void): Promise<ChainBenchResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'handoff-bench-chains-'));
  try {
    const folders = generateChains(root);
    const coldChain: number[] = [];
    const coldWritten: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      progress(`chains: cold ${i + 1}/${COLD_RUNS}`);
      coldChain.push(await cold(server, folders.chain.folder, folders.chain.specFiles));
      coldWritten.push(await cold(server, folders.written.folder, folders.written.specFiles));
    }
    progress('chains: editor session');
    const driver = LspDriver.start(server);
    const workEdit: number[] = [];
    const workEditAll: number[] = [];
    const csvEdit: number[] = [];
    try {
      await driver.initialize(folders.chain.folder);
      await driver.allPublished(folders.chain.specFiles.map(uriOf));
      const chainUri = uriOf(path.join(folders.chain.folder, 'shots.handoff.yaml'));
      const gradeUri = uriOf(path.join(folders.chain.folder, 'grade.handoff.yaml'));
      await driver.openAndWait(chainUri, chainFile(4));
      // A longer final comp makes the grades start too early, a shorter one clears
      // that: the grade file's diagnostics change through the instances alone.
      for (let round = 0; round < EDIT_ROUNDS; round++) {
        const before = driver.publications.get(gradeUri)?.count ?? 0;
        const started = performance.now();
        const own = driver.change(chainUri, chainFile(round % 2 === 0 ? 5 : 4));
        const all = driver.until('the grade file republished', () => (driver.publications.get(gradeUri)?.count ?? 0) > before, 10_000);
        const ownMs = await own;
        workEdit.push(ownMs);
        workEditAll.push(Math.max(ownMs, (await all) - started));
      }
      // One CSV row's frames reversed and restored: the breakdown's import entry gets a finding and loses it.
      const csvPath = path.join(folders.chain.folder, 'editorial', 'shots.csv');
      const breakdownUri = uriOf(path.join(folders.chain.folder, 'show.breakdown.yaml'));
      const all = shots();
      for (let round = 0; round < EDIT_ROUNDS; round++) {
        writeFileSync(csvPath, csvOf(all, round % 2 === 0 ? 1234 : undefined));
        const before = driver.publications.get(breakdownUri)?.count ?? 0;
        const arrived = driver.until('the breakdown republished', () => (driver.publications.get(breakdownUri)?.count ?? 0) > before, 10_000);
        const started = performance.now();
        await driver.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(csvPath), type: FileChangeType.Changed }] });
        csvEdit.push((await arrived) - started);
      }
    } finally {
      await driver.stop();
    }
    return { coldChain: median(coldChain), coldWritten: median(coldWritten), workEdit, workEditAll, csvEdit };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export function chainsTable(result: ChainBenchResult): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const ratio = result.coldChain / result.coldWritten;
  return [
    '| row | measured | target |',
    '| --- | ---: | --- |',
    `| cold: 2,000 shots (CSV) × 5 steps from one chain, every file published (median of ${COLD_RUNS}) | ${ms(result.coldChain)} | ≤ 1.5× written out |`,
    `| cold: the same 10,000 handoffs written out (4 files) | ${ms(result.coldWritten)} | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '(met)' : '(missed)'} |`,
    `| a step's work changed → the chain file's diagnostics p50 / p95 (${EDIT_ROUNDS} edits) | ${ms(median(result.workEdit))} / ${ms(p95(result.workEdit))} | p95 ≤ 100 ms |`,
    `| … → every affected file's diagnostics p50 / p95 | ${ms(median(result.workEditAll))} / ${ms(p95(result.workEditAll))} | p95 ≤ 300 ms |`,
    `| one CSV row changed on disk → the breakdown re-checked p50 / p95 | ${ms(median(result.csvEdit))} / ${ms(p95(result.csvEdit))} | p95 ≤ 100 ms |`,
  ].join('\n');
}
