// `npm run bench -- [handoffs...]` (default 10000): generates a workspace of
// each size, drives our language server and yaml-language-server (with the
// JSON Schemas of our files associated through yaml.schemas) over stdio with
// the same files, opens and edits, and prints one table per size plus the
// growth across sizes. A floor row measures what the bytes cost at the least.
// `--ours-only` leaves yaml-language-server out, `--no-chains` and
// `--no-views` those sections, and `--server <server.js>` drives another
// build of our server (an older commit's) with this harness: the server's
// rows and the chains are that build's; the floor, the parse roads and the
// views are this checkout's code still, and the audit row is left out.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { LspDriver, uriOf, type ServerUnderTest } from './driver';
import type { FloorResult, Road, Roads } from './floor';
import { generateDelivery } from './generateDelivery';
import { generateWorkspace, type GeneratedWorkspace } from './generate';
import { findSpecFiles } from '../server/src/node/files';
import { measureViews, viewsTable } from './views';
import { chainsTable, measureChains } from './chains';

const REPO = path.join(__dirname, '..', '..');
const TODAY = '2027-01-15';
/** Cold starts of our server per size; the table shows the median. */
const COLD_RUNS = 3;
const EDIT_ROUNDS = 10;
/** Requests of each kind and place: with 30, a p95 was the second slowest, and one cold first call decided it. */
const REQUEST_SAMPLES = 100;

const schemaUri = (kind: string) => uriOf(path.join(REPO, 'schemas', `${kind}.schema.json`));

const YAML_SETTINGS = {
  schemas: Object.fromEntries(
    ['production', 'glossary', 'template', 'handoff', 'runbook', 'risks'].map((kind) => [schemaUri(kind), `**/*.${kind}.yaml`]),
  ),
  validate: true,
  completion: true,
  hover: true,
  // Nothing from the network: the comparison is about the files on disk.
  schemaStore: { enable: false },
  kubernetesCRDStore: { enable: false },
};

/**
 * Our server: this checkout's build, or with `--server <server.js>` another
 * build of it (an older commit's `dist/server.js`), so that two builds are
 * compared by the same harness on the same workspaces.
 */
function ours(args: readonly string[]): ServerUnderTest {
  const at = args.indexOf('--server');
  const other = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && (other === undefined || other.startsWith('--'))) throw new Error('--server needs the path of a build\'s server.js, e.g. --server ../old/dist/server.js');
  const server = other === undefined ? path.join(REPO, 'dist', 'server.js') : path.resolve(other);
  if (!existsSync(server)) throw new Error(`No server at ${server}: ${other === undefined ? 'run npm run build first' : 'give the path of a built dist/server.js'}.`);
  return {
    name: other === undefined ? 'handoff-language-server' : `handoff-language-server (${other})`,
    command: process.execPath,
    args: [server, '--stdio'],
    configuration: (section) => (section === 'handoff' ? { today: TODAY } : section === 'files.exclude' ? {} : null),
  };
}

const OURS = ((): ServerUnderTest => {
  try {
    return ours(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return process.exit(2);
  }
})();

const YAML_LS: ServerUnderTest = {
  name: `yaml-language-server ${readJson(path.join(REPO, 'node_modules', 'yaml-language-server', 'package.json')).version}`,
  command: process.execPath,
  args: [path.join(REPO, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
  configuration: (section) => (section === 'yaml' ? YAML_SETTINGS : {}),
  pushedSettings: { yaml: YAML_SETTINGS },
};

function readJson(file: string): { version: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as { version: string };
}

// ---------------------------------------------------------------------------
// Statistics

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (values: readonly number[]) => percentile(values, 50);

interface Latencies {
  p50: number;
  p95: number;
  max: number;
}

function latencies(values: readonly number[]): Latencies {
  return { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
}

// ---------------------------------------------------------------------------
// The workspace and the edits

interface Layout {
  generated: GeneratedWorkspace;
  all: string[];
  handoffFiles: string[];
  /** Files not opened with the handoffs, opened one by one to time didOpen. */
  others: string[];
  production: string;
  /** The handoff file that is edited and queried. */
  target: string;
}

function layoutOf(generated: GeneratedWorkspace): Layout {
  const files = findSpecFiles(generated.folder).files;
  const handoffFiles = files.filter((file) => file.endsWith('.handoff.yaml'));
  return {
    generated,
    all: files,
    handoffFiles,
    others: files.filter((file) => !file.endsWith('.handoff.yaml')),
    production: files.find((file) => file.endsWith('.production.yaml'))!,
    target: handoffFiles[Math.floor(handoffFiles.length * 0.4)],
  };
}

interface Edit {
  kind: 'move a due date' | 'break and fix a reference' | 'rename a department';
  file: string;
  text: string;
}

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One round: each realistic edit and its undo, as whole new texts. */
function editsOf(layout: Layout): Edit[] {
  const handoffs = readFileSync(layout.target, 'utf8');
  const production = readFileSync(layout.production, 'utf8');
  const due = /^ {4}due: (\S+)$/m.exec(handoffs)!;
  const template = /^ {4}template: (\S+)$/m.exec(handoffs)!;
  const department = /^ {2}- \{ id: ([a-z-]+), name:/m.exec(production)!;
  const moved = handoffs.replace(due[0], `    due: ${addDays(due[1], 7)}`);
  const broken = handoffs.replace(template[0], `    template: ${template[1]}x`);
  const renamed = production.replace(department[0], department[0].replace(`id: ${department[1]},`, `id: ${department[1]}-unit,`));
  return [
    { kind: 'move a due date', file: layout.target, text: moved },
    { kind: 'move a due date', file: layout.target, text: handoffs },
    { kind: 'break and fix a reference', file: layout.target, text: broken },
    { kind: 'break and fix a reference', file: layout.target, text: handoffs },
    { kind: 'rename a department', file: layout.production, text: renamed },
    { kind: 'rename a department', file: layout.production, text: production },
  ];
}

interface Position {
  line: number;
  character: number;
}

/** Where completion, hover and definition are asked, in the target file. */
function positionsOf(text: string): { from: Position; template: Position; dependsOn: Position; due: Position } {
  const lines = text.split('\n');
  // At the start of the value: nothing typed yet, so every id of the kind is asked for.
  const valueOf = (prefix: string): Position => ({ line: lines.findIndex((candidate) => candidate.startsWith(prefix)), character: prefix.length });
  return {
    from: valueOf('    from: '),
    template: valueOf('    template: '),
    dependsOn: valueOf('    depends_on: ['),
    due: { ...valueOf('    due: '), character: '    due: 2027-0'.length },
  };
}

// ---------------------------------------------------------------------------
// Sessions

interface ColdResult {
  ms: number;
  peakRssMb: number;
  cpuSeconds: number;
}

/** Initialize → diagnostics for every file of the workspace, nothing opened. */
async function coldWorkspace(server: ServerUnderTest, layout: Layout): Promise<ColdResult> {
  const driver = LspDriver.start(server);
  try {
    const started = performance.now();
    await driver.initialize(layout.generated.folder);
    const done = await driver.allPublished(layout.all.map(uriOf));
    return { ms: done - started, ...driver.processStats() };
  } finally {
    await driver.stop();
  }
}

interface EditorResult {
  /** Initialize → diagnostics for every opened handoff file. */
  openedColdMs: number;
  /** Our server only: initialize → diagnostics for every file of the workspace. */
  workspaceColdMs?: number;
  /** The hover sent right after the opens, in this session and in the extra starts (median shown). */
  firstRequestMs: number[];
  didOpen: Latencies;
  edits: Map<Edit['kind'] | 'all', Latencies>;
  /** The first edit of each kind in the session (counted in `edits` too). */
  firstEdits: Map<Edit['kind'], number>;
  completion: Map<string, Latencies & { items: number }>;
  hover: Latencies;
  definition: Latencies;
  peakRssMb: number;
  cpuSeconds: number;
}

function itemCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  const list = result as { items?: unknown[] } | null;
  return list?.items?.length ?? 0;
}

/**
 * An editor session: the editor restores every handoff file as an open tab
 * right after initialize, asks a hover at once, then the user opens the other
 * files, edits, completes, hovers and jumps to definitions.
 */
async function editorSession(server: ServerUnderTest, layout: Layout, ours: boolean): Promise<EditorResult> {
  const driver = LspDriver.start(server);
  try {
    const texts = new Map(layout.all.map((file) => [file, readFileSync(file, 'utf8')]));
    const targetUri = uriOf(layout.target);
    const positions = positionsOf(texts.get(layout.target)!);

    const started = performance.now();
    const first = await restoreTabs(driver, layout, texts);
    const openedDone = await driver.allPublished(layout.handoffFiles.map(uriOf));
    const workspaceDone = ours ? await driver.allPublished(layout.all.map(uriOf)) : undefined;

    const openTimes: number[] = [];
    for (const file of layout.others) openTimes.push(await driver.openAndWait(uriOf(file), texts.get(file)!));

    const edits = editsOf(layout);
    const editTimes = new Map<Edit['kind'] | 'all', number[]>([['all', []]]);
    for (let round = 0; round < EDIT_ROUNDS; round++) {
      for (const edit of edits) {
        const ms = await driver.change(uriOf(edit.file), edit.text);
        editTimes.get('all')!.push(ms);
        if (!editTimes.has(edit.kind)) editTimes.set(edit.kind, []);
        editTimes.get(edit.kind)!.push(ms);
      }
    }

    const completion = new Map<string, Latencies & { items: number }>();
    for (const [name, position] of [['from:', positions.from], ['template:', positions.template], ['depends_on: [', positions.dependsOn]] as const) {
      const times: number[] = [];
      let items = 0;
      for (let i = 0; i < REQUEST_SAMPLES; i++) {
        const { ms, result } = await driver.timed('textDocument/completion', { textDocument: { uri: targetUri }, position });
        times.push(ms);
        items = itemCount(result);
      }
      completion.set(name, { ...latencies(times), items });
    }

    const hoverTimes: number[] = [];
    const hoverAt = [positions.dependsOn, positions.template, positions.due];
    for (let i = 0; i < REQUEST_SAMPLES; i++) {
      hoverTimes.push((await driver.timed('textDocument/hover', { textDocument: { uri: targetUri }, position: hoverAt[i % hoverAt.length] })).ms);
    }
    const definitionTimes: number[] = [];
    const definitionAt = [positions.dependsOn, positions.template];
    for (let i = 0; i < REQUEST_SAMPLES; i++) {
      definitionTimes.push((await driver.timed('textDocument/definition', { textDocument: { uri: targetUri }, position: definitionAt[i % definitionAt.length] })).ms);
    }

    const stats = driver.processStats();
    return {
      openedColdMs: openedDone - started,
      workspaceColdMs: workspaceDone === undefined ? undefined : workspaceDone - started,
      firstRequestMs: [first.ms],
      didOpen: latencies(openTimes),
      edits: new Map([...editTimes].map(([kind, times]) => [kind, latencies(times)])),
      firstEdits: new Map([...editTimes].filter((entry): entry is [Edit['kind'], number[]] => entry[0] !== 'all').map(([kind, times]) => [kind, times[0]])),
      completion,
      hover: latencies(hoverTimes),
      definition: latencies(definitionTimes),
      ...stats,
    };
  } finally {
    await driver.stop();
  }
}

/**
 * Starts of the editor (initialize, every handoff file opened, a hover at
 * once) that time the first request; the table shows the median. The hover
 * waits for the server to read the 2,000 opens before it: with three starts
 * the median of one build moved between 11 and 37 ms from run to run.
 */
const FIRST_REQUEST_RUNS = 7;

/** Initialize, open every handoff file (an editor restoring its tabs), and time a hover sent at once. */
async function restoreTabs(driver: LspDriver, layout: Layout, texts: ReadonlyMap<string, string>): Promise<{ ms: number }> {
  await driver.initialize(layout.generated.folder);
  for (const file of layout.handoffFiles) await driver.open(uriOf(file), texts.get(file)!);
  const position = positionsOf(texts.get(layout.target)!).dependsOn;
  return driver.timed('textDocument/hover', { textDocument: { uri: uriOf(layout.target) }, position });
}

/** The editor session's start without the rest: the first request's time. */
async function firstRequest(server: ServerUnderTest, layout: Layout): Promise<number> {
  const driver = LspDriver.start(server);
  try {
    const texts = new Map(layout.handoffFiles.map((file) => [file, readFileSync(file, 'utf8')]));
    return (await restoreTabs(driver, layout, texts)).ms;
  } finally {
    await driver.stop();
  }
}

const AUDIT_FILES = 20_000;
const AUDIT_RUNS = 3;

interface AuditResult {
  files: number;
  ms: number[];
  findings: number;
}

/** `handoff audit` of a generated delivery folder, wall time of the CLI (Node start included). */
function auditRuns(folder: string): AuditResult {
  const delivery = path.join(folder, '..', `${path.basename(folder)}-delivery`);
  try {
    const generated = generateDelivery(delivery, AUDIT_FILES);
    const cli = path.join(REPO, 'bin', 'handoff.js');
    const times: number[] = [];
    let findings = 0;
    for (let i = 0; i < AUDIT_RUNS; i++) {
      const started = process.hrtime.bigint();
      // Exit code 1 only says there are findings; the JSON counts them.
      const run = spawnSync(process.execPath, [cli, 'audit', delivery, '--production', folder, '--format', 'json', '--today', TODAY], {
        encoding: 'utf8',
        maxBuffer: 256 * 2 ** 20,
      });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (run.status !== 0 && run.status !== 1) throw new Error(`handoff audit exited ${run.status}: ${run.stderr.slice(0, 500)}`);
      findings = (JSON.parse(run.stdout) as { diagnostics?: unknown[] }).diagnostics?.length ?? 0;
    }
    return { files: generated.files, ms: times, findings };
  } finally {
    rmSync(delivery, { recursive: true, force: true });
  }
}

function floor(folder: string): FloorResult {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'floor.js'), folder], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!) as FloorResult;
}

// ---------------------------------------------------------------------------
// Output

const ms = (value: number | undefined): string =>
  value === undefined || Number.isNaN(value) ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const mb = (value: number) => `${value.toFixed(0)} MB`;
const pair = (l: Latencies) => `${ms(l.p50)} / ${ms(l.p95)}`;

/** How many times lower ours is than theirs (higher is better for us). */
function ratio(theirs: number | undefined, ours: number | undefined): string {
  if (theirs === undefined || ours === undefined || Number.isNaN(theirs) || Number.isNaN(ours) || ours <= 0) return '—';
  return `${(theirs / ours).toFixed(1)}×`;
}

interface SizeResult {
  layout: Layout;
  floors: FloorResult[];
  colds: ColdResult[];
  ours?: EditorResult;
  theirs?: EditorResult;
  audit?: AuditResult;
}

function table(result: SizeResult, theirName: string): string {
  const { layout, ours, theirs } = result;
  const handoffFiles = layout.handoffFiles.length.toLocaleString('en');
  const floorParse = median(result.floors.map((f) => f.parseMs));
  const floorAll = median(result.floors.map((f) => f.readMs + f.parseMs + f.validateMs));
  const cold = median(result.colds.map((c) => c.ms));
  const rows: [string, string, string, string][] = [];
  const row = (label: string, a: string, b: string, r: string) => rows.push([label, a, b, r]);

  row(`cold: every file (${layout.all.length.toLocaleString('en')}) diagnosed, none open (median of ${result.colds.length})`, ms(cold), '— (checks open files only)', '—');
  row('floor, 1 thread: yaml parseDocument of the same bytes', ms(floorParse), '', `${(floorParse / cold).toFixed(2)}× (floor ÷ ours)`);
  row('floor, 1 thread: read + parseDocument + ajv', ms(floorAll), '', `${(floorAll / cold).toFixed(2)}× (floor ÷ ours)`);
  const roads = result.floors.map((f) => f.roads);
  const files = layout.all.length;
  const roadRow = (label: string, pick: (r: Roads) => Road) => {
    const taken = pick(roads[0]).files;
    const time = median(roads.map((r) => pick(r).ms));
    row(`  parse road alone, 1 thread: ${label} (reads ${taken.toLocaleString('en')} of ${files.toLocaleString('en')} files)`, ms(time), '', `${(floorParse / time).toFixed(2)}× (parseDocument ÷ road)`);
  };
  roadRow('line scan', (r) => r.lineScan);
  roadRow("yaml's CST reader", (r) => r.cst);
  roadRow("full parse (yaml's Document)", (r) => r.full);
  roadRow('the road each file takes (parseSpecText)', (r) => r.chosen);
  if (ours || theirs) {
    row(`cold: all ${handoffFiles} handoff files opened → each diagnosed`, ms(ours?.openedColdMs), ms(theirs?.openedColdMs), ratio(theirs?.openedColdMs, ours?.openedColdMs));
    if (ours?.workspaceColdMs !== undefined) row('  … and every file of the workspace diagnosed', ms(ours.workspaceColdMs), '—', '—');
    const firstOurs = ours && median(ours.firstRequestMs);
    const firstTheirs = theirs && median(theirs.firstRequestMs);
    row(`first request (hover) sent right after those opens (median of ${FIRST_REQUEST_RUNS} starts)`, ms(firstOurs), ms(firstTheirs), ratio(firstTheirs, firstOurs));
    row(`didOpen → first diagnostics p50 / p95 (${layout.others.length} files)`, ours ? pair(ours.didOpen) : '—', theirs ? pair(theirs.didOpen) : '—', ratio(theirs?.didOpen.p95, ours?.didOpen.p95));
    const editCount = EDIT_ROUNDS * 6;
    const allOurs = ours?.edits.get('all');
    const allTheirs = theirs?.edits.get('all');
    row(`edit → diagnostics p50 (${editCount} edits)`, ms(allOurs?.p50), ms(allTheirs?.p50), ratio(allTheirs?.p50, allOurs?.p50));
    row('edit → diagnostics p95 (first edits counted)', ms(allOurs?.p95), ms(allTheirs?.p95), ratio(allTheirs?.p95, allOurs?.p95));
    row('edit → diagnostics max', ms(allOurs?.max), ms(allTheirs?.max), ratio(allTheirs?.max, allOurs?.max));
    for (const kind of ['move a due date', 'break and fix a reference', 'rename a department'] as const) {
      const a = ours?.edits.get(kind);
      const b = theirs?.edits.get(kind);
      row(`  ${kind}: p50 / p95`, a ? pair(a) : '—', b ? pair(b) : '—', ratio(b?.p95, a?.p95));
      // The first edit of a kind finds caches cold that later ones find warm; it is in the p95 above too.
      const firstA = ours?.firstEdits.get(kind);
      const firstB = theirs?.firstEdits.get(kind);
      row(`  ${kind}: first edit`, ms(firstA), ms(firstB), ratio(firstB, firstA));
    }
    for (const place of ['from:', 'template:', 'depends_on: [']) {
      const a = ours?.completion.get(place);
      const b = theirs?.completion.get(place);
      const cell = (c: (Latencies & { items: number }) | undefined) => (c ? `${pair(c)} (${c.items.toLocaleString('en')} items)` : '—');
      row(`completion at ${place} p50 / p95`, cell(a), cell(b), ratio(b?.p95, a?.p95));
    }
    row('hover p50 / p95', ours ? pair(ours.hover) : '—', theirs ? pair(theirs.hover) : '—', ratio(theirs?.hover.p95, ours?.hover.p95));
    row('definition p50 / p95', ours ? pair(ours.definition) : '—', theirs ? pair(theirs.definition) : '—', ratio(theirs?.definition.p95, ours?.definition.p95));
    row(`peak RSS, ${handoffFiles} files open`, ours ? mb(ours.peakRssMb) : '—', theirs ? mb(theirs.peakRssMb) : '—', ratio(theirs?.peakRssMb, ours?.peakRssMb));
    row('CPU seconds of the whole editor session', ours ? ours.cpuSeconds.toFixed(1) : '—', theirs ? theirs.cpuSeconds.toFixed(1) : '—', ratio(theirs?.cpuSeconds, ours?.cpuSeconds));
  }
  if (result.audit) {
    const { files, ms: times, findings } = result.audit;
    row(`handoff audit: ${files.toLocaleString('en')} delivered files, CLI wall time (median of ${times.length}; ${findings} findings)`, ms(median(times)), '—', '—');
  }
  row('peak RSS, cold, none open', mb(median(result.colds.map((c) => c.peakRssMb))), '—', '—');

  const header = ['', OURS.name, theirName, 'ratio (theirs ÷ ours)'];
  const lines = [`| ${header.join(' | ')} |`, `| --- | ---: | ---: | ---: |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  return lines.join('\n');
}

function growth(results: readonly SizeResult[]): string {
  const lines = [
    '| handoffs | files | MB | cold, none open | floor parse | cold, all handoffs open (ours / theirs) | edit p95 (ours / theirs) | peak RSS (ours / theirs) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const g = r.layout.generated;
    lines.push(
      `| ${g.handoffs.toLocaleString('en')} | ${g.files.toLocaleString('en')} | ${(g.bytes / 1e6).toFixed(1)} | ${ms(median(r.colds.map((c) => c.ms)))} | ${ms(median(r.floors.map((f) => f.parseMs)))} | ` +
        `${ms(r.ours?.openedColdMs)} / ${ms(r.theirs?.openedColdMs)} | ${ms(r.ours?.edits.get('all')?.p95)} / ${ms(r.theirs?.edits.get('all')?.p95)} | ` +
        `${r.ours ? mb(r.ours.peakRssMb) : '—'} / ${r.theirs ? mb(r.theirs.peakRssMb) : '—'} |`,
    );
  }
  return lines.join('\n');
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const sizes = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
  const onlyOurs = args.includes('--ours-only');
  // The views at 10,000 and 50,000 handoffs unless sizes are given (issue 16's targets).
  const viewSizes = sizes.length > 0 ? [...sizes] : [10_000, 50_000];
  if (sizes.length === 0) sizes.push(10_000);
  process.stdout.write(`Machine: ${machine()}\nCommand: npm run bench -- ${args.join(' ') || '10000'}\n\n`);
  if (args.includes('--views-only')) {
    await viewsSection(viewSizes);
    return;
  }
  if (args.includes('--chains-only')) {
    await chainsSection();
    return;
  }
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const folder = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    try {
      const generated = generateWorkspace(folder, size);
      const layout = layoutOf(generated);
      const progress = (what: string) => process.stderr.write(`[${size}] ${what}\n`);
      const result: SizeResult = { layout, floors: [], colds: [] };
      for (let i = 0; i < COLD_RUNS; i++) {
        progress(`floor ${i + 1}/${COLD_RUNS}`);
        result.floors.push(floor(folder));
        progress(`cold start ${i + 1}/${COLD_RUNS}`);
        result.colds.push(await coldWorkspace(OURS, layout));
      }
      progress('editor session: ours');
      result.ours = await editorSession(OURS, layout, true);
      if (!onlyOurs) {
        progress(`editor session: ${YAML_LS.name}`);
        result.theirs = await editorSession(YAML_LS, layout, false);
      }
      for (let i = 1; i < FIRST_REQUEST_RUNS; i++) {
        progress(`first request ${i + 1}/${FIRST_REQUEST_RUNS}`);
        result.ours.firstRequestMs.push(await firstRequest(OURS, layout));
        if (result.theirs) result.theirs.firstRequestMs.push(await firstRequest(YAML_LS, layout));
      }
      // The audit row times this checkout's CLI: another build's server says nothing of it.
      if (!args.includes('--server')) {
        progress(`audit of ${AUDIT_FILES.toLocaleString('en')} delivered files`);
        result.audit = auditRuns(folder);
      }
      results.push(result);
      process.stdout.write(
        `### ${generated.handoffs.toLocaleString('en')} handoffs: ${generated.files.toLocaleString('en')} files, ${(generated.bytes / 1e6).toFixed(1)} MB\n\n${table(result, YAML_LS.name)}\n\n`,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  if (results.length > 1) process.stdout.write(`### Growth\n\n${growth(results)}\n`);
  if (!args.includes('--no-chains')) await chainsSection();
  if (!args.includes('--no-views')) await viewsSection(viewSizes);
}

/** Issue 13's chain workspace (bench/chains.ts). */
async function chainsSection(): Promise<void> {
  const result = await measureChains(OURS, (what) => process.stderr.write(`${what}\n`));
  process.stdout.write(`### Chains: 2,000 shots × 5 steps\n\n${chainsTable(result)}\n\n`);
}

/** The timeline and graph in Chromium (bench/views.ts). */
async function viewsSection(sizes: readonly number[]): Promise<void> {
  const results = await measureViews(sizes, (what) => process.stderr.write(`${what}\n`));
  process.stdout.write(`### Views (Chromium, medians of 3 fresh pages)\n\n${viewsTable(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
