// Hostile spec text, end to end: YAML files whose titles and names are HTML,
// javascript: links, CSS, 100,000-character strings and right-to-left
// overrides go through the real pipeline (the `handoff` command writing its
// standalone pages, and the core's models posted into the webviews). In
// headless Chromium, with every way of running script trapped and every
// element clicked, nothing executes, no request leaves the page, and the
// hostile text is shown as text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { handoffGraph } from '../../server/src/core/features/graph';
import { scheduleView } from '../../server/src/core/features/scheduleView';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../server/src/node/files';
import { CLI, ensureCliBundle, FIXTURES } from '../cli/cliProcess';
import { ensureWebviewBundles, launchBrowser, openInVsCode, requireChromium, type OpenPage } from './browser';

const TODAY = '2027-01-15';
const LONG = `Long${'x'.repeat(100_000)}end`;
const RTL = '\u202Egnp.exe\u202C sq010 plates';

/** Each payload, if it ever ran, sets window.__pwned to its name or calls a trapped function. */
const PAYLOADS = {
  script: `<script>window.__pwned='script'</script>`,
  img: `<img src=x onerror="window.__pwned='img'">`,
  svg: `"><svg onload="window.__pwned='svg'"></svg>`,
  link: `<a href="javascript:window.__pwned='link'">Picture lock</a>`,
  markdownLink: `[open](javascript:window.__pwned='markdown')`,
  css: `</style><style>*{background:url(http://evil.example/css)}</style>`,
  template: "${window.__pwned='template'}{{constructor.constructor('window.__pwned=1')()}}",
};

/** A YAML double-quoted string: the value survives any character. */
const yamlString = (text: string): string => JSON.stringify(text);

function hostileFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-hostile-'));
  cpSync(path.join(FIXTURES, 'base'), folder, { recursive: true });
  const edit = (file: string, change: (text: string) => string) => {
    const target = path.join(folder, file);
    writeFileSync(target, change(readFileSync(target, 'utf8')));
  };
  edit('test.production.yaml', (text) =>
    text
      .replace('title: Test Production', `title: ${yamlString(PAYLOADS.script + PAYLOADS.img)}`)
      .replace('name: FX, lead: ben, color: "#61afef", channel: "#fx"', `name: ${yamlString(PAYLOADS.css)}, lead: ben, color: "red;background-image:url(http://evil.example/color)", channel: "javascript:window.__pwned='channel'"`)
      .replace('name: Compositing', `name: ${yamlString(RTL)}`)
      .replace('title: Picture lock', `title: ${yamlString(PAYLOADS.link)}`)
      .replace('email: ben@example.com', `email: "javascript:window.__pwned='mail'//@evil.example"`),
  );
  edit('sq010.handoff.yaml', (text) =>
    text
      .replace('title: FX sim caches for sq010', `title: ${yamlString(PAYLOADS.svg + PAYLOADS.markdownLink)}`)
      .replace('title: FX elements for sq010', `title: ${yamlString(LONG)}`)
      .replace('- All 12 shots of sq010 have sim caches at v001 or later', `- ${yamlString(PAYLOADS.template)}`),
  );
  edit('test.risks.yaml', (text) => text.replace('description: Water sim may not converge', `description: ${yamlString(PAYLOADS.img + RTL)}`));
  return folder;
}

function handoffIn(cwd: string, ...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args, '--today', TODAY], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stderr: result.stderr };
}

describe('browser: hostile spec text through the CLI pages and the webviews', function () {
  this.timeout(120_000);
  let browser: Browser;
  let folder: string;
  const open: OpenPage[] = [];

  before(async function () {
    requireChromium();
    ensureCliBundle();
    ensureWebviewBundles();
    folder = hostileFolder();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  afterEach(async () => {
    for (const page of open.splice(0)) await page.close();
  });

  /** Traps every way the page could run script or reach out, before its own script runs. */
  async function trap(opened: OpenPage): Promise<void> {
    await opened.page.evaluate(() => {
      const scope = window as unknown as Record<string, unknown>;
      const calls: string[] = (scope.__calls as string[] | undefined) ?? [];
      scope.__calls = calls;
      for (const name of ['alert', 'confirm', 'prompt', 'open', 'print']) scope[name] = () => calls.push(name);
      document.addEventListener('securitypolicyviolation', (event) => calls.push(`csp ${event.violatedDirective} ${event.blockedURI}`));
    });
  }

  /** Clicks, hovers and focuses every element a user could, then checks nothing happened. */
  async function assertInert(opened: OpenPage, what: string): Promise<void> {
    const { page, requests } = opened;
    const url = page.url();
    const targets = page.locator('g[data-handoff], g[data-node], button, a, [tabindex], .hs-milestone-label, .hs-lane-label, td, th');
    const count = Math.min(await targets.count(), 60);
    for (let i = 0; i < count; i++) {
      const target = targets.nth(i);
      await target.hover({ force: true, timeout: 2_000 }).catch(() => undefined);
      await target.click({ force: true, timeout: 2_000 }).catch(() => undefined);
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
    const state = await page.evaluate(() => {
      const scope = window as unknown as { __pwned?: unknown; __calls?: string[] };
      const handlers: string[] = [];
      const links: string[] = [];
      for (const element of Array.from(document.querySelectorAll('*'))) {
        for (const attribute of Array.from(element.attributes)) {
          if (/^on/i.test(attribute.name)) handlers.push(`${element.tagName} ${attribute.name}`);
          if (/href$/i.test(attribute.name) && /^\s*(javascript|data|vbscript|https?):/i.test(attribute.value)) links.push(attribute.value.slice(0, 60));
        }
      }
      const styles = Array.from(document.querySelectorAll('style')).map((style) => style.textContent ?? '');
      return {
        pwned: scope.__pwned,
        calls: scope.__calls ?? [],
        handlers,
        links,
        injected: document.querySelectorAll('img, iframe, object, embed, svg svg, foreignObject, a[href]').length,
        evilStyles: styles.filter((style) => style.includes('evil.example')).length,
        scripts: document.querySelectorAll('script').length,
      };
    });
    assert.equal(state.pwned, undefined, `${what}: a payload ran`);
    assert.deepEqual(state.calls, [], `${what}: trapped calls or blocked loads`);
    assert.deepEqual(state.handlers, [], `${what}: event handler attributes in the DOM`);
    assert.deepEqual(state.links, [], `${what}: links out of the page`);
    assert.equal(state.injected, 0, `${what}: injected elements`);
    assert.equal(state.evilStyles, 0, `${what}: an injected style sheet`);
    assert.equal(page.url(), url, `${what}: the page navigated`);
    assert.deepEqual(requests.filter((request) => request !== url && !request.startsWith('data:')), [], `${what}: requests left the page`);
    assert.deepEqual(opened.errors, [], `${what}: errors`);
    assert.ok(state.scripts <= 2, `${what}: ${state.scripts} script elements`);
  }

  /** A page the CLI wrote, opened from its file with the traps set before any of its script runs. */
  async function openWritten(file: string, ready: string): Promise<OpenPage> {
    const started = process.hrtime.bigint();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      errors.push(`a ${dialog.type()} dialog opened`);
      void dialog.dismiss();
    });
    await page.addInitScript(() => {
      const scope = window as unknown as Record<string, unknown>;
      const calls: string[] = [];
      scope.__calls = calls;
      for (const name of ['alert', 'confirm', 'prompt', 'open', 'print']) scope[name] = () => calls.push(name);
      document.addEventListener('securitypolicyviolation', (event) => calls.push(`csp ${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector(ready);
    const opened: OpenPage = { page, requests, errors, close: () => context.close() };
    open.push(opened);
    console.log(`      ${path.basename(file)}: ${(readFileSync(file).length / 1024).toFixed(0)} KB, drawn in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms`);
    return opened;
  }

  it('handoff timeline --out: the page shows the hostile text as text and runs none of it', async () => {
    const run = handoffIn(folder, 'timeline', '.', '--out', 'timeline.html');
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const opened = await openWritten(path.join(folder, 'timeline.html'), 'g[data-handoff]');
    const { page } = opened;
    await page.waitForSelector('g[data-handoff]');
    assert.equal(await page.textContent('.hs-title'), PAYLOADS.script + PAYLOADS.img);
    const lanes = await page.$$eval('.hs-lane-name', (elements) => elements.map((element) => element.textContent ?? ''));
    assert.ok(lanes.includes(PAYLOADS.css), `lanes: ${lanes.join(' | ')}`);
    assert.ok(lanes.includes(RTL), 'the right-to-left override is kept as a character of the text');
    const labels = await page.$$eval('g[data-handoff]', (elements) => elements.map((element) => element.getAttribute('aria-label') ?? ''));
    assert.ok(labels.some((label) => label.includes(LONG)), 'the 100,000-character title is there, as text');
    assert.ok(labels.some((label) => label.includes(PAYLOADS.svg)));
    await assertInert(opened, 'timeline page');
  });

  it('handoff graph --format html: the same for the dependency graph', async () => {
    const run = handoffIn(folder, 'graph', '.', '--format', 'html', '--out', 'graph.html');
    assert.equal(run.status, 0, run.stderr);
    const opened = await openWritten(path.join(folder, 'graph.html'), 'g[data-node]');
    const { page } = opened;
    await page.waitForSelector('g[data-node]');
    const tooltips = await page.$$eval('g[data-node] > title', (elements) => elements.map((element) => element.textContent ?? ''));
    assert.ok(tooltips.some((text) => text.includes(PAYLOADS.svg + PAYLOADS.markdownLink)), tooltips.join(' | ').slice(0, 500));
    await assertInert(opened, 'graph page');
  });

  it('handoff report --format html: the same for the delivery report', async () => {
    const run = handoffIn(folder, 'report', '.', '--format', 'html', '--out', 'report.html');
    assert.equal(run.status, 0, run.stderr);
    const opened = await openWritten(path.join(folder, 'report.html'), 'body');
    assert.ok((await opened.page.textContent('body'))?.includes(PAYLOADS.script + PAYLOADS.img), 'the production title shows as text');
    await assertInert(opened, 'report page');
  });

  it('the webviews draw the same hostile models as text, and post nothing but their own messages', async () => {
    const workspace = new Workspace();
    for (const file of findSpecFiles(folder).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
    const production = workspace.productions().find((p) => p.production !== undefined)!;
    for (const [name, message] of [
      ['timeline', { type: 'schedule', model: scheduleView(production, TODAY) }],
      ['graph', { type: 'graph', graph: handoffGraph(production) }],
    ] as const) {
      const opened = await openInVsCode(browser, name, message);
      open.push(opened);
      // Set after the view has drawn: a payload run while drawing would have set window.__pwned.
      await trap(opened);
      await assertInert(opened, `${name} webview`);
      const posted = await opened.page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type));
      for (const type of posted) assert.ok(['ready', 'reveal', 'move', 'expand'].includes(type), `${name} posted '${type}'`);
    }
  });
});
