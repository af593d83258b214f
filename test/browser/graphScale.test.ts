// The graph of a show-sized production (test/browser/largeModels.ts: chains
// of five handoffs, editorial → layout → anim → fx → lighting, each waiting
// for the one before): a summary of departments with handoff counts on the
// edges when nothing is in focus, and the neighbourhood of a searched handoff
// at the depth asked — never thousands of nodes laid out.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SUMMARY_ABOVE } from '../../client/src/webview/graph';
import type { Graph } from '../../server/src/core/features/graph';
import { browserSuite, openPage, pageFor } from './browser';
import { largeGraph } from './largeModels';

const COUNT = 2000;

describe('browser: graph at scale', function () {
  this.timeout(90_000);
  const suite = browserSuite();

  async function standalone(graph: Graph): Promise<Page> {
    const opened = await openPage(suite.browser, pageFor('graph', graph));
    suite.track(opened);
    await opened.page.waitForSelector('g[data-node]');
    return opened.page;
  }

  const nodeRefs = (page: Page) => page.$$eval('g[data-node]', (nodes) => nodes.map((n) => n.getAttribute('data-node') ?? '').sort());

  it('shows the departments with the handoffs counted on each edge when nothing is in focus', async () => {
    assert.ok(COUNT > SUMMARY_ABOVE);
    const page = await standalone(largeGraph(COUNT));
    assert.equal(await page.getAttribute('.hs-graph', 'data-mode'), 'departments');
    // Five departments deliver (comp only receives, so it has no handoff node of its own).
    assert.deepEqual(await nodeRefs(page), ['department:anim', 'department:editorial', 'department:fx', 'department:layout', 'department:lighting']);
    // 400 chains: each layout handoff depends on one editorial handoff, and so on down the chain.
    const edges = await page.$$eval('.hs-edge', (paths) => paths.map((p) => `${p.getAttribute('data-from')}>${p.getAttribute('data-to')}`).sort());
    assert.deepEqual(edges, [
      'department:anim>department:fx',
      'department:editorial>department:layout',
      'department:fx>department:lighting',
      'department:layout>department:anim',
    ]);
    assert.deepEqual(await page.$$eval('.hs-edge-count', (labels) => labels.map((l) => l.textContent)), ['400', '400', '400', '400']);
    assert.equal(await page.getAttribute('g[data-node="department:fx"]', 'aria-label'), 'Department fx: 400 handoffs');
  });

  it('counts handoffs, not the milestones they feed, in the summary line', async () => {
    // As the server sends it: the last handoff of each chain feeds a milestone node.
    const graph = largeGraph(COUNT);
    const lastOfChains = graph.nodes.filter((node) => node.group === 'lighting');
    graph.nodes.push({ id: 'milestone:lock', ref: 'lock', label: 'lock', kind: 'milestone', source: graph.nodes[0].source });
    graph.edges.push(...lastOfChains.map((node) => ({ from: node.id, to: 'milestone:lock', kind: 'feeds' as const, inCycle: false })));
    const page = await standalone(graph);
    assert.equal(await page.getAttribute('.hs-graph', 'data-mode'), 'departments');
    assert.match((await page.textContent('.hs-summary')) ?? '', new RegExp(`^${COUNT} handoffs in 5 departments`));
  });

  it('lays out the neighbourhood of a searched handoff, as deep as asked, and goes back to the summary', async () => {
    const page = await standalone(largeGraph(COUNT));
    // h01232 is step 2 of chain 246 (h01230..h01234).
    await page.fill('.hs-graph-search', 'h01232');
    await page.press('.hs-graph-search', 'Enter');
    await page.waitForFunction(() => document.querySelector('.hs-graph')?.getAttribute('data-mode') === 'neighbourhood');
    assert.deepEqual(await nodeRefs(page), ['handoff:h01231', 'handoff:h01232', 'handoff:h01233']);
    await page.fill('.hs-graph-depth', '2');
    await page.dispatchEvent('.hs-graph-depth', 'change');
    await page.waitForFunction(() => document.querySelectorAll('g[data-node]').length === 5);
    assert.deepEqual(await nodeRefs(page), ['handoff:h01230', 'handoff:h01231', 'handoff:h01232', 'handoff:h01233', 'handoff:h01234']);
    await page.click('.hs-graph-overview');
    await page.waitForFunction(() => document.querySelector('.hs-graph')?.getAttribute('data-mode') === 'departments');
  });

  it('keeps a hostile title inert in the search and the summary', async () => {
    const graph = largeGraph(SUMMARY_ABOVE + 10);
    graph.nodes[0] = { ...graph.nodes[0], detail: `<img src=x onerror="window.__pwned='img'">`, group: `<script>window.__pwned='s'</script>` };
    const page = await standalone(graph);
    await page.fill('.hs-graph-search', '<img');
    await page.press('.hs-graph-search', 'Enter');
    await page.waitForFunction(() => document.querySelector('.hs-graph')?.getAttribute('data-mode') === 'neighbourhood');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.equal(await page.$$eval('img, .hs-view script', (elements) => elements.length), 0);
  });
});
