// A real browser for the webview renderers: the bundles under dist/webview/
// inlined into the same standalone page the CLI writes, opened from a file://
// URL so every request the page makes can be seen. In "VS Code" mode an init
// script stands in for acquireVsCodeApi and records what the view posts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, ViewMessage, ViewState } from '../../client/src/webview/messages';
import { standalonePage, webviewAssets, type WebviewName } from '../../server/src/cli/page';

export const ROOT = path.join(__dirname, '..', '..', '..');
const WEBVIEW_DIST = path.join(ROOT, 'dist', 'webview');
const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';

export const VIEWPORT = { width: 1400, height: 900 };

/** The renderer bundles, built when a test run starts without them. */
export function ensureWebviewBundles(): void {
  if (existsSync(path.join(WEBVIEW_DIST, 'timeline.js')) && existsSync(path.join(WEBVIEW_DIST, 'graph.js'))) return;
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(build.status, 0, `the webview bundles did not build: ${build.stderr}`);
}

/** Browser tests need Debian's Chromium (CI installs it); without it they fail, they never skip. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set HANDOFF_CHROMIUM.`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** The standalone page of a renderer around `model`, exactly as the CLI builds it. */
export function pageFor(name: WebviewName, model: unknown, title = `${name} test`): string {
  return standalonePage({ title, ...webviewAssets(name, WEBVIEW_DIST), model });
}

export interface OpenPage {
  page: Page;
  /** Every URL the page asked for, in order. */
  requests: string[];
  /** Uncaught errors and console errors. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Stand in for the VS Code webview API; the view then waits for host messages. */
  vscode?: boolean;
  /** What getState() returns in VS Code mode. */
  state?: ViewState;
  viewport?: { width: number; height: number };
}

/**
 * Opens the page from a file in a fresh context. A standalone page is ready
 * once it has drawn; in VS Code mode, once the view has posted `ready`.
 */
export async function openPage(browser: Browser, html: string, options: OpenOptions = {}): Promise<OpenPage> {
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-browser-'));
  const file = path.join(folder, 'page.html');
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: options.viewport ?? VIEWPORT });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  if (options.vscode) {
    await page.addInitScript((initial) => {
      const posted: unknown[] = [];
      let state = initial;
      const scope = window as unknown as Record<string, unknown>;
      scope.__posted = posted;
      scope.acquireVsCodeApi = () => ({
        postMessage: (message: unknown) => posted.push(message),
        getState: () => state,
        setState: (next: ViewState | null) => {
          state = next;
          scope.__state = next;
        },
      });
    }, options.state ?? null);
  }
  await page.goto(pathToFileURL(file).href);
  if (options.vscode) await waitForPosted(page, 'ready');
  else await page.waitForSelector('.hs-view, .hs-message');
  return {
    page,
    requests,
    errors,
    close: async () => {
      await context.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A page in VS Code mode that has received `message` from the host and drawn it. */
export async function openInVsCode(browser: Browser, name: WebviewName, message: HostMessage, options: Omit<OpenOptions, 'vscode'> = {}): Promise<OpenPage> {
  const opened = await openPage(browser, pageFor(name, null), { ...options, vscode: true });
  await postFromHost(opened.page, message);
  await opened.page.waitForSelector('.hs-view');
  return opened;
}

/** Posts a HostMessage into the page the way the webview host delivers it. */
export async function postFromHost(page: Page, message: HostMessage): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits until the view has posted a message of this type, and returns the last such. */
export async function waitForPosted<T extends ViewMessage['type']>(page: Page, type: T): Promise<Extract<ViewMessage, { type: T }>> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const all = (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === wanted);
      return all.length > 0 ? all[all.length - 1] : undefined;
    },
    type,
  );
  return (await handle.jsonValue()) as Extract<ViewMessage, { type: T }>;
}

/** One Chromium for a suite, and the pages its tests opened closed after each test. */
export interface BrowserSuite {
  readonly browser: Browser;
  /** Closes the page after the current test. */
  track(opened: OpenPage): OpenPage;
}

/** Registers the suite's hooks: Chromium required and launched once, the webview bundles built, pages closed after each test. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  const open: OpenPage[] = [];
  before(async function () {
    requireChromium();
    ensureWebviewBundles();
    browser = await launchBrowser();
  });
  after(async () => browser?.close());
  afterEach(async () => {
    for (const page of open.splice(0)) await page.close();
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('the browser is launched in the suite\'s before hook');
      return browser;
    },
    track(opened) {
      open.push(opened);
      return opened;
    },
  };
}
