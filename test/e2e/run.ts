// The e2e journeys in a real VS Code: code-server (VS Code's workbench served
// to a browser) with the extension loaded unpacked, driven in headless
// Chromium. `npm run test:e2e` runs it; `npm run test:e2e -- --update-docs`
// also refreshes the images under docs/screenshots/; `-- --grep <pattern>`
// runs only the journeys whose name matches (and the first, which opens the
// workbench): later journeys may need what earlier ones left open.
//
// It installs what it needs with test/e2e/setup.sh (cached outside the repo),
// starts code-server on a free loopback port with fresh user data, runs each
// journey as a named step with its screenshot under test-results/e2e/, prints
// `N passed, N failed`, and stops code-server and the browser in every case.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { completionOffersDepartments, opensTheProduction, problemsShowTheSeededError, quickFixClearsTheError } from './journeys/editor';
import { newProductionJoinsTheWorkspace, ruleLinkOpensTheBundledDoc } from './journeys/firstUse';
import {
  disableForThisLine,
  exampleIsCleanOnTheRealDate,
  graphKeepsItsZoom,
  indentationSlipIsOneProblem,
  narrowSplitShowsBars,
  snippetInsertsChoices,
  timelineKeysUndoAndRedoADrag,
} from './journeys/editing';
import { readFacts, seedError, type Journey, type JourneyContext } from './journeys/journey';
import {
  clickingABarRevealsTheHandoff,
  codeLensShowsTheHandoffInTheTimeline,
  draggingABarRewritesItsDates,
  graphDrawsTheHandoffs,
  panelsFollowTheTheme,
  reportShowsTheProduction,
  timelineShowsEveryHandoff,
  handoffsViewListsThisWeek,
  statusMarkdownPreview,
  timelineComesBackAfterAReload,
} from './journeys/views';
import { largeTimelineFiltersAndCollapses } from './journeys/scale';
import { until, Workbench } from './journeys/workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const EXAMPLE = path.join(ROOT, 'examples', 'nightfall');
/**
 * The date the example pins in its own .vscode/settings.json (as README's
 * example does), for the CLI's facts; the editor gets no other handoff.today.
 */
const TODAY = '2027-01-15';
/** The journeys, setup excluded: past this everything is stopped and the run fails. */
const RUN_LIMIT_MS = 20 * 60_000;
const SETUP_LIMIT_MS = 30 * 60_000;
const CHROMIUM = process.env.HANDOFF_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** In order; a journey runs only when the first one (the workbench itself) passed. */
const JOURNEYS: Journey[] = [
  opensTheProduction,
  problemsShowTheSeededError,
  ruleLinkOpensTheBundledDoc,
  completionOffersDepartments,
  quickFixClearsTheError,
  exampleIsCleanOnTheRealDate,
  snippetInsertsChoices,
  disableForThisLine,
  timelineShowsEveryHandoff,
  clickingABarRevealsTheHandoff,
  draggingABarRewritesItsDates,
  timelineKeysUndoAndRedoADrag,
  indentationSlipIsOneProblem,
  codeLensShowsTheHandoffInTheTimeline,
  graphDrawsTheHandoffs,
  graphKeepsItsZoom,
  panelsFollowTheTheme,
  reportShowsTheProduction,
  handoffsViewListsThisWeek,
  statusMarkdownPreview,
  // It adds a folder to the workspace.
  newProductionJoinsTheWorkspace,
  // It closes every editor and changes the window's size (then sets it back).
  narrowSplitShowsBars,
  // After the others: it reloads the window.
  timelineComesBackAfterAReload,
  // Last: it adds a production of thousands of handoffs to the workspace.
  largeTimelineFiltersAndCollapses,
];

interface Ready {
  node: string;
  codeServer: string;
  codeServerVersion: string;
}

interface Result {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const running: { codeServer?: ChildProcess; browser?: Browser; temp?: string; watchdog?: NodeJS.Timeout; planned?: number } = {};
const results: Result[] = [];

/** The journeys to run: all, or the first and those matching `--grep <pattern>` (a case-insensitive regular expression). */
function selected(): Journey[] {
  const at = process.argv.indexOf('--grep');
  if (at < 0) return JOURNEYS;
  const pattern = process.argv[at + 1];
  if (!pattern) throw new Error('--grep needs a pattern');
  const wanted = new RegExp(pattern, 'i');
  return JOURNEYS.filter((journey, index) => index === 0 || wanted.test(journey.name));
}

async function main(): Promise<number> {
  const updateDocs = process.argv.includes('--update-docs');
  const journeys = selected();
  running.planned = journeys.length;
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });

  const ready = setup();
  const started = Date.now();
  running.watchdog = setTimeout(() => {
    console.error(`e2e: the journeys passed their limit of ${RUN_LIMIT_MS / 60_000} min; stopping`);
    finish(1);
  }, RUN_LIMIT_MS);
  const extension = checkBuilt();

  const temp = (running.temp = fs.mkdtempSync(path.join(os.tmpdir(), 'handoff-e2e-')));
  const folder = path.join(temp, 'workspace', path.basename(EXAMPLE));
  fs.cpSync(EXAMPLE, folder, { recursive: true });
  seedError(folder);
  const facts = readFacts(ROOT, folder, TODAY);
  installUnpacked(extension, path.join(temp, 'extensions'));
  writeUserSettings(path.join(temp, 'user-data'));

  const port = await freePort();
  const codeServer = (running.codeServer = startCodeServer(ready, temp, port, folder));
  await until(`code-server to answer on port ${port}`, async () => {
    if (codeServer.exitCode !== null) throw new Error(`code-server exited with ${codeServer.exitCode}; see test-results/e2e/code-server.log`);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return response?.ok;
  }, { timeoutMs: 60_000, intervalMs: 250 });
  console.log(`e2e: code-server ${ready.codeServerVersion} on 127.0.0.1:${port} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const browser = (running.browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 30_000,
    // Our handlers stop everything in order; Playwright's would exit before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  }));
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  const consoleErrors: { text: string; url: string }[] = [];
  const consoleLog = fs.createWriteStream(path.join(RESULTS, 'browser-console.log'));
  page.on('console', (message) => {
    const url = message.location().url;
    consoleLog.write(`[${message.type()}] ${message.text()} (${url})\n`);
    if (message.type() === 'error') consoleErrors.push({ text: message.text(), url });
  });
  page.on('pageerror', (error) => {
    consoleLog.write(`[pageerror] ${error.message}\n`);
    consoleErrors.push({ text: error.message, url: 'page' });
  });

  let step = 0;
  const shotName = (name: string) => `${String(step).padStart(2, '0')}-${slug(name)}.png`;
  const context: JourneyContext = {
    page,
    workbench: new Workbench(page),
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    folder,
    facts,
    consoleErrors,
    async shot(name, options) {
      const file = path.join(RESULTS, shotName(name));
      // No hover card or tooltip in the picture.
      await page.mouse.move(0, 0);
      await page.screenshot({ path: file, timeout: 15_000 });
      if (options?.docs && updateDocs) {
        fs.mkdirSync(path.dirname(path.join(ROOT, 'docs', options.docs)), { recursive: true });
        fs.copyFileSync(file, path.join(ROOT, 'docs', options.docs));
      }
    },
  };

  for (const journey of journeys) {
    step = JOURNEYS.indexOf(journey) + 1;
    const begun = Date.now();
    if (results.length > 0 && !results[0].ok) {
      results.push({ name: journey.name, ok: false, ms: 0, error: `not run: "${results[0].name}" failed` });
    } else {
      try {
        await withTimeout(journey.run(context), journey.timeoutMs, `the journey took longer than ${journey.timeoutMs / 1000} s`);
        results.push({ name: journey.name, ok: true, ms: Date.now() - begun });
      } catch (error) {
        // Playwright's messages carry a call log: the first line goes to the summary, the whole into errors.log.
        const message = error instanceof Error ? error.message : String(error);
        fs.appendFileSync(path.join(RESULTS, 'errors.log'), `${journey.name}\n${error instanceof Error ? error.stack ?? message : message}\n\n`);
        results.push({ name: journey.name, ok: false, ms: Date.now() - begun, error: message.split('\n')[0] });
      }
      await page.screenshot({ path: path.join(RESULTS, shotName(journey.name)), timeout: 15_000 }).catch(() => undefined);
    }
    const result = results[results.length - 1];
    console.log(`  ${result.ok ? '✓' : '✗'} ${result.name} (${(result.ms / 1000).toFixed(1)} s)${result.error ? `\n      ${result.error}` : ''}`);
  }
  consoleLog.end();

  console.log(`e2e: journeys ran in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots and logs in test-results/e2e/`);
  return results.every((result) => result.ok) ? 0 : 1;
}

/** Runs test/e2e/setup.sh (quick when its cache is warm) and reads what it installed. */
function setup(): Ready {
  const cache = process.env.HANDOFF_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'handoff-specs-e2e');
  const result = spawnSync('bash', [path.join(ROOT, 'test', 'e2e', 'setup.sh')], { stdio: 'inherit', timeout: SETUP_LIMIT_MS });
  if (result.status !== 0) throw new Error(`test/e2e/setup.sh failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  return JSON.parse(fs.readFileSync(path.join(cache, 'ready.json'), 'utf8')) as Ready;
}

interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  main?: string;
  contributes?: Record<string, unknown>;
}

/** The extension must have been built (`npm run build`) and declare what it contributes. */
function checkBuilt(): ExtensionManifest {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as ExtensionManifest;
  const missing = ['dist/extension.js', 'dist/server.js', 'dist/parseWorker.js', 'dist/holidays.js'].filter((file) => !fs.existsSync(path.join(ROOT, file)));
  if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')} missing (run npm run build)`);
  if (!manifest.contributes) throw new Error('package.json has no "contributes": VS Code would load an extension without commands or settings');
  return manifest;
}

/**
 * Copies the files the .vsix would hold (as `vsce ls` lists them, so
 * .vscodeignore applies) where VS Code finds installed extensions: a file the
 * extension needs but the package leaves out fails here as it would for users.
 */
function installUnpacked(manifest: ExtensionManifest, extensionsDir: string): void {
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  const listed = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (listed.status !== 0) throw new Error(`vsce ls failed: ${listed.stderr || listed.error?.message}`);
  const files = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(target, file));
  }
  console.log(`e2e: extension ${manifest.publisher}.${manifest.name} ${manifest.version} loaded unpacked (${files.length} files)`);
}

function writeUserSettings(userData: string): void {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = {
    // Restricted Mode would keep the extension off.
    'security.workspace.trust.enabled': false,
    // No handoff.today here: the example's own .vscode/settings.json pins its date, as a user gets it.
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    // As desktop VS Code: the web build saves after a delay, which would hide an edit left unsaved.
    'files.autoSave': 'off',
    // Nothing to ask a marketplace for.
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  };
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function startCodeServer(ready: Ready, temp: string, port: number, folder: string): ChildProcess {
  const log = fs.openSync(path.join(RESULTS, 'code-server.log'), 'w');
  const child = spawn(
    ready.node,
    [
      ready.codeServer,
      '--config', path.join(temp, 'code-server.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', path.join(temp, 'user-data'),
      '--extensions-dir', path.join(temp, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      folder,
    ],
    {
      // Its own process group, so that stopping it stops the extension host and the language server too.
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        PATH: `${path.dirname(ready.node)}${path.delimiter}${process.env.PATH ?? ''}`,
        XDG_CONFIG_HOME: path.join(temp, 'xdg', 'config'),
        XDG_DATA_HOME: path.join(temp, 'xdg', 'data'),
        XDG_CACHE_HOME: path.join(temp, 'xdg', 'cache'),
      },
    },
  );
  fs.closeSync(log);
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

let stopping: Promise<void> | undefined;

/** Stops the browser and code-server (its whole process group), each within a bound, and keeps the logs. */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    if (running.browser) await withTimeout(running.browser.close(), 10_000, 'browser close').catch(() => undefined);
    const child = running.codeServer;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(child.pid, 'SIGTERM');
      await withTimeout(exited, 10_000, 'code-server stop').catch(() => signalGroup(child.pid!, 'SIGKILL'));
    }
    if (running.temp) {
      // The extension host's and the language server's logs, for a failed journey's reader.
      const logs = path.join(running.temp, 'user-data', 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(RESULTS, 'vscode-logs'), { recursive: true });
      fs.rmSync(running.temp, { recursive: true, force: true });
    }
  })();
  return stopping;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let finishing = false;

/** Prints the closing line CI reads (a journey that did not pass, or did not run, failed), stops everything and exits. */
function finish(code: number): void {
  if (finishing) return;
  finishing = true;
  clearTimeout(running.watchdog);
  const passed = results.filter((result) => result.ok).length;
  const planned = Math.max(results.length, running.planned ?? JOURNEYS.length);
  console.log(`${passed} passed, ${planned - passed} failed`);
  const exitCode = passed === planned ? code : code || 1;
  void withTimeout(stopAll(), 30_000, 'stop').catch(() => undefined).finally(() => process.exit(exitCode));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (finishing) return;
    console.error(`e2e: ${signal}; stopping`);
    finish(130);
  });
}
// Whatever ends the process, code-server's process group does not outlive it.
process.on('exit', () => {
  const child = running.codeServer;
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) signalGroup(child.pid, 'SIGKILL');
  if (running.temp) fs.rmSync(running.temp, { recursive: true, force: true });
});

main().then(finish, (error: unknown) => {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  finish(1);
});
