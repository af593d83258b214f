// Spec text is data: a title that is markup, or that tries to close the
// script element the model sits in, must show as text, run nothing and load
// nothing, in the page the CLI writes and in the webview.
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Graph } from '../../server/src/core/features/graph';
import type { ScheduleView } from '../../server/src/core/features/scheduleView';
import { packModel } from '../../server/src/core/features/packedModel';
import { requireChromium, ensureWebviewBundles, launchBrowser, openInVsCode, openPage, pageFor, type OpenPage } from './browser';
import { baseGraph, baseSchedule } from './models';

const MARKUP = '<img src=x onerror="window.__pwned=1">';
const CLOSE_SCRIPT = '"]]></script><script>window.__pwned=2</script>';
const CLOSE_COMMENT = '--><!--<script>window.__pwned=3</script>\u2028\u2029&amp;';

function hostileSchedule(): ScheduleView {
  const model = baseSchedule();
  model.production.title = MARKUP;
  model.departments[0].name = CLOSE_SCRIPT;
  model.departments[0].color = 'red;background:url(http://example.com/x.png)';
  model.handoffs[0].title = CLOSE_SCRIPT;
  model.handoffs[1].title = CLOSE_COMMENT;
  model.milestones[0].title = MARKUP;
  return model;
}

function hostileGraph(): Graph {
  const graph = baseGraph();
  graph.title = MARKUP;
  graph.nodes[0].detail = CLOSE_SCRIPT;
  graph.nodes[0].color = 'url(http://example.com/x.png)';
  graph.nodes[1].label = MARKUP;
  graph.nodes[1].group = CLOSE_COMMENT;
  return graph;
}

describe('browser: spec text is never markup', function () {
  this.timeout(60_000);
  let browser: Browser;
  const open: OpenPage[] = [];

  before(async function () {
    requireChromium();
    ensureWebviewBundles();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    for (const page of open.splice(0)) await page.close();
  });

  /** Nothing ran, nothing was injected, and the only request was the page itself. */
  async function assertInert(opened: OpenPage): Promise<void> {
    const { page, requests } = opened;
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(await page.locator('img, iframe, object, embed, link').count(), 0);
    assert.equal(await page.locator('script').count(), 2, 'the model and the renderer, no more');
    const pageUrl = page.url();
    assert.deepEqual(requests.filter((url) => url !== pageUrl && !url.startsWith('data:')), []);
    assert.deepEqual(opened.errors, []);
  }

  async function texts(page: Page, selector: string): Promise<string[]> {
    return page.$$eval(selector, (elements) => elements.map((element) => element.textContent ?? ''));
  }

  it('the timeline page shows hostile titles as text', async () => {
    const model = hostileSchedule();
    const html = pageFor('timeline', model, MARKUP);
    assert.ok(!html.includes(CLOSE_SCRIPT) && !html.includes('</script><script>window.__pwned'), 'the model cannot close its script element');
    assert.ok(!html.includes(MARKUP), 'nor open a tag');
    const opened = await openPage(browser, html);
    open.push(opened);
    const { page } = opened;
    await page.waitForSelector('g[data-handoff]');
    assert.equal(await page.title(), MARKUP);
    assert.equal(await page.textContent('.hs-title'), MARKUP);
    assert.deepEqual((await texts(page, '.hs-lane-name')).slice(0, 1), [CLOSE_SCRIPT]);
    assert.ok((await texts(page, '.hs-milestone-label')).includes(MARKUP));
    const first = model.handoffs[0];
    assert.equal(await page.getAttribute(`g[data-handoff="${first.id}"]`, 'aria-label'), `${first.id}: ${CLOSE_SCRIPT}, ${first.start} to ${first.due}, ready ${first.ready}${first.critical ? ', critical path' : ''}`);
    assert.ok((await page.textContent(`g[data-handoff="${model.handoffs[1].id}"] > title`))?.startsWith(`${CLOSE_COMMENT} (`));
    // The refused color is not drawn: the lane falls back to a theme color.
    assert.equal(await page.$eval('.hs-lane-label', (label) => (label as HTMLElement).style.getPropertyValue('--hs-lane')), 'var(--vscode-charts-blue, #3794ff)');
    await assertInert(opened);
  });

  it('the graph page shows hostile labels as text', async () => {
    const graph = hostileGraph();
    const html = pageFor('graph', graph, MARKUP);
    assert.ok(!html.includes(CLOSE_SCRIPT) && !html.includes(MARKUP));
    const opened = await openPage(browser, html);
    open.push(opened);
    const { page } = opened;
    await page.waitForSelector('g[data-node]');
    assert.equal(await page.textContent('.hs-title'), MARKUP);
    // The detail line is cut to fit the node; the tooltip has all of it.
    assert.ok((await texts(page, '.hs-node-detail')).some((text) => text.startsWith('"]]></script>')));
    assert.ok((await texts(page, 'g[data-node] > title')).some((text) => text.includes(CLOSE_SCRIPT)));
    assert.ok((await texts(page, '.hs-node-label')).some((text) => text.endsWith(MARKUP)));
    assert.ok((await texts(page, '.hs-legend-item')).includes(CLOSE_COMMENT));
    await assertInert(opened);
  });

  it('the webview shows hostile titles as text too', async () => {
    const opened = await openInVsCode(browser, 'timeline', { type: 'schedule', model: hostileSchedule() });
    open.push(opened);
    await opened.page.waitForSelector('g[data-handoff]');
    assert.equal(await opened.page.textContent('.hs-title'), MARKUP);
    await assertInert(opened);
  });

  it('text outside ASCII shows the same on the ASCII-only page and in the webview, packed or not', async () => {
    const model = baseSchedule();
    model.production.title = 'Scène 12 — « Nuit » 🎬';
    model.departments[0].name = 'Étalonnage ✓';
    model.handoffs[0].title = 'Plan 7 \u2028 fin — 日本 🎞️';
    model.milestones[0].title = 'Verrouillage — 🔒';
    const html = pageFor('timeline', model, model.production.title);
    assert.doesNotMatch(html, /[^\x00-\x7f]/, 'the page is ASCII only');
    const shown = async (page: Page) => ({
      title: await page.textContent('.hs-title'),
      lanes: await texts(page, '.hs-lane-name'),
      milestones: await texts(page, '.hs-milestone-label'),
      labels: await texts(page, 'g[data-handoff] .hs-label'),
      aria: await page.getAttribute(`g[data-handoff="${model.handoffs[0].id}"]`, 'aria-label'),
      tooltip: await page.textContent(`g[data-handoff="${model.handoffs[0].id}"] > title`),
    });
    const standalone = await openPage(browser, html);
    open.push(standalone);
    await standalone.page.waitForSelector('g[data-handoff]');
    assert.equal(await standalone.page.title(), model.production.title);
    const onPage = await shown(standalone.page);
    assert.equal(onPage.title, model.production.title);
    assert.equal(onPage.lanes[0], 'Étalonnage ✓');
    assert.ok(onPage.milestones.includes('Verrouillage — 🔒'));
    assert.ok(onPage.aria?.startsWith(`${model.handoffs[0].id}: Plan 7 \u2028 fin — 日本 🎞️, `));
    assert.ok(onPage.tooltip?.startsWith('Plan 7 \u2028 fin — 日本 🎞️ ('));
    for (const posted of [model, packModel(model)]) {
      const webview = await openInVsCode(browser, 'timeline', { type: 'schedule', model: posted });
      open.push(webview);
      await webview.page.waitForSelector('g[data-handoff]');
      assert.deepEqual(await shown(webview.page), onPage, typeof posted === 'string' ? 'the packed post' : 'the objects');
      await assertInert(webview);
    }
    await assertInert(standalone);
  });

  it('the page loads from a file with nothing but itself and inline data', async () => {
    const opened = await openPage(browser, pageFor('timeline', baseSchedule()));
    open.push(opened);
    await opened.page.waitForSelector('g[data-handoff]');
    assert.ok(opened.page.url().startsWith(pathToFileURL('/').href));
    await assertInert(opened);
    const csp = await opened.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; script-src 'nonce-[A-Za-z0-9+/=]+'; img-src data:$/);
  });
});
