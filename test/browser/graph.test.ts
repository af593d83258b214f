import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Graph } from '../../server/src/core/features/graph';
import { handoffGraph } from '../../server/src/core/features/graph';
import { edit } from '../harness';
import { requireChromium, ensureWebviewBundles, launchBrowser, openInVsCode, openPage, pageFor, waitForPosted, type OpenPage } from './browser';
import { baseGraph, nightfall } from './models';

interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  classes: string;
}

/** Each node's box in graph coordinates (before zoom and pan). */
function nodesOf(page: Page): Promise<NodeBox[]> {
  return page.$$eval('g[data-node]', (groups) =>
    groups.map((group) => {
      const match = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(group.getAttribute('transform') ?? '');
      const shape = (group.querySelector('.hs-node-shape') as SVGGraphicsElement).getBBox();
      return {
        id: group.getAttribute('data-node') ?? '',
        x: Number(match?.[1]),
        y: Number(match?.[2]),
        width: shape.width,
        height: shape.height,
        classes: group.getAttribute('class') ?? '',
      };
    }),
  );
}

const RED = 'rgb(207, 34, 46)';
const ORANGE = 'rgb(209, 112, 15)';

/** fx-sim-sq010 ⇄ fx-to-comp-sq010: the base fixture with a dependency back. */
const CYCLE = edit('sq010.handoff.yaml', '    start: 2027-01-04\n', '    start: 2027-01-04\n    depends_on: [fx-to-comp-sq010]\n');

describe('browser: dependency graph', function () {
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

  async function standalone(graph: Graph | Graph[]): Promise<Page> {
    const opened = await openPage(browser, pageFor('graph', graph));
    open.push(opened);
    await opened.page.waitForSelector('g[data-node]');
    return opened.page;
  }

  async function inVsCode(graph: Graph): Promise<Page> {
    const opened = await openInVsCode(browser, 'graph', { type: 'graph', graph });
    open.push(opened);
    await opened.page.waitForSelector('g[data-node]');
    return opened.page;
  }

  it('lays the example production out left to right, upstream before dependant', async () => {
    const graph = handoffGraph(nightfall());
    const page = await standalone(graph);
    const nodes = new Map((await nodesOf(page)).map((node) => [node.id, node]));
    assert.deepEqual([...nodes.keys()].sort(), graph.nodes.map((node) => node.id).sort());
    const edges = await page.$$eval('path.hs-edge', (paths) => paths.map((p) => `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`));
    assert.deepEqual(edges.sort(), graph.edges.map((edge) => `${edge.from} -> ${edge.to}`).sort());
    for (const edge of graph.edges) {
      const from = nodes.get(edge.from)!;
      const to = nodes.get(edge.to)!;
      assert.ok(from.x + from.width <= to.x, `${edge.from} lies left of ${edge.to}`);
    }
    assert.equal(await page.textContent('.hs-title'), graph.title);
  });

  it('colors nodes by department and emphasises the critical ones', async () => {
    const graph = handoffGraph(nightfall());
    const page = await standalone(graph);
    const fx = graph.nodes.find((node) => node.group === 'fx' && !node.critical)!;
    const critical = graph.nodes.find((node) => node.critical)!;
    const styleOf = (id: string) =>
      page.$eval(`g[data-node="${id}"] .hs-node-shape`, (shape) => {
        const style = getComputedStyle(shape);
        return { stroke: style.stroke, width: style.strokeWidth };
      });
    assert.deepEqual(await styleOf(fx.id), { stroke: 'rgb(224, 108, 117)', width: '1.5px' });
    assert.deepEqual(await styleOf(critical.id), { stroke: ORANGE, width: '3px' });
    const legend = await page.$$eval('.hs-legend-item', (items) => items.map((item) => item.textContent));
    assert.deepEqual(legend, [...new Set(graph.nodes.flatMap((node) => (node.group ? [node.group] : [])))]);
  });

  it('draws a dependency cycle in red and names it', async () => {
    const graph = baseGraph(CYCLE);
    assert.equal(graph.cycles.length, 1);
    const page = await standalone(graph);
    const cycleEdges = await page.$$eval('path.hs-edge.hs-cycle', (paths) =>
      paths.map((p) => ({ link: `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`, stroke: getComputedStyle(p).stroke })),
    );
    assert.deepEqual(
      cycleEdges.sort((a, b) => a.link.localeCompare(b.link)),
      [
        { link: 'handoff:fx-sim-sq010 -> handoff:fx-to-comp-sq010', stroke: RED },
        { link: 'handoff:fx-to-comp-sq010 -> handoff:fx-sim-sq010', stroke: RED },
      ],
    );
    const cycleNodes = await page.$$eval('g.hs-node.hs-cycle', (groups) => groups.map((g) => g.getAttribute('data-node')));
    assert.deepEqual(cycleNodes.sort(), ['handoff:fx-sim-sq010', 'handoff:fx-to-comp-sq010']);
    assert.equal(await page.$eval('g.hs-node.hs-cycle .hs-node-shape', (shape) => getComputedStyle(shape).stroke), RED);
    assert.equal(await page.textContent('.hs-cycle-note'), 'Dependency cycle: fx-sim-sq010 → fx-to-comp-sq010 → fx-sim-sq010');
    // The link to the milestone is not part of the cycle.
    assert.notEqual(await page.$eval('path.hs-edge[data-kind="feeds"]', (p) => getComputedStyle(p).stroke), RED);
  });

  it('draws a schedule conflict in the timeline\'s conflict colour and counts it as the timeline does', async () => {
    const graph = baseGraph(edit('sq010.handoff.yaml', '    start: 2027-01-13\n', '    start: 2027-01-11\n'));
    const page = await standalone(graph);
    const conflicting = await page.$$eval('path.hs-edge.hs-conflict', (paths) =>
      paths.map((p) => ({ link: `${p.getAttribute('data-from')} -> ${p.getAttribute('data-to')}`, dashed: getComputedStyle(p).strokeDasharray !== 'none' })),
    );
    assert.deepEqual(conflicting, [{ link: 'handoff:fx-sim-sq010 -> handoff:fx-to-comp-sq010', dashed: true }]);
    const stroke = await page.$eval('path.hs-edge.hs-conflict', (p) => getComputedStyle(p).stroke);
    const conflictColour = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.color = 'var(--hs-conflict)';
      document.body.appendChild(probe);
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    });
    assert.equal(stroke, conflictColour);
    assert.notEqual(stroke, RED);
    assert.match((await page.textContent('.hs-summary')) ?? '', /1 conflict\b/);
    assert.equal(await page.textContent('.hs-conflict-note'), 'Schedule conflict: fx-to-comp-sq010 starts 2 working days before fx-sim-sq010 is ready');
    // The base fixture is on time: nothing drawn as a conflict.
    const calm = await standalone(baseGraph());
    assert.equal(await calm.$$eval('path.hs-edge.hs-conflict', (paths) => paths.length), 0);
    assert.doesNotMatch((await calm.textContent('.hs-summary')) ?? '', /conflict/);
  });

  it('zooms with the wheel and the buttons, and pans by dragging the background', async () => {
    const page = await standalone(handoffGraph(nightfall()));
    const scale = async () => Number(await page.getAttribute('.hs-graph', 'data-scale'));
    const fitted = await scale();
    const box = (await page.locator('.hs-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await page.waitForFunction((before) => Number(document.querySelector('.hs-graph')?.getAttribute('data-scale')) > before, fitted);
    const zoomed = await scale();
    await page.click('button[aria-label="Zoom out"]');
    assert.ok(Math.abs((await scale()) - zoomed / 1.25) < 0.002);
    await page.click('button[aria-label="Fit the graph to the view"]');
    const [graphBox, canvasBox] = await page.evaluate(() =>
      ['.hs-viewport', '.hs-canvas'].map((selector) => {
        const { left, top, right, bottom } = document.querySelector(selector)!.getBoundingClientRect();
        return { left, top, right, bottom };
      }),
    );
    assert.ok(
      graphBox.left >= canvasBox.left - 0.5 && graphBox.right <= canvasBox.right + 0.5 && graphBox.top >= canvasBox.top - 0.5 && graphBox.bottom <= canvasBox.bottom + 0.5,
      'Fit shows the whole graph',
    );
    assert.ok(fitted >= 0.75, 'it opens at a legible scale');

    const transform = () => page.getAttribute('.hs-viewport', 'transform');
    const before = await transform();
    // The top left corner is background (the graph is centered below the toolbar).
    await page.mouse.move(box.x + 5, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + 105, box.y + 65, { steps: 4 });
    await page.mouse.up();
    const [x0, y0] = (before ?? '').match(/-?[\d.]+/g)!.map(Number);
    const [x1, y1] = ((await transform()) ?? '').match(/-?[\d.]+/g)!.map(Number);
    assert.ok(Math.abs(x1 - x0 - 100) < 0.5 && Math.abs(y1 - y0 - 60) < 0.5, `panned by (${x1 - x0}, ${y1 - y0})`);
  });

  it('draws every graph of a page that carries several productions', async () => {
    const page = await standalone([baseGraph(), baseGraph(CYCLE)]);
    assert.equal(await page.locator('section.hs-stacked .hs-graph').count(), 2);
    assert.equal(await page.locator('.hs-cycle-note').count(), 1);
  });

  it('shows how many neighbours a focused graph hides, read-only on a standalone page', async () => {
    const page = await standalone(baseGraph({}, { handoff: 'fx-sim-sq010', depth: 0 }));
    assert.equal(await page.textContent('g[data-node="handoff:fx-sim-sq010"] .hs-more-downstream .hs-more-text'), '+1');
    assert.equal(await page.locator('.hs-more[role="button"]').count(), 0);
  });

  describe('in VS Code', () => {
    it('click and Enter on a node reveal its YAML', async () => {
      const graph = baseGraph();
      const page = await inVsCode(graph);
      await page.click('g[data-node="handoff:fx-to-comp-sq010"] .hs-node-label');
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, graph.nodes.find((node) => node.id === 'handoff:fx-to-comp-sq010')!.source);
      await page.focus('g[data-node="milestone:picture-lock"]');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length === 2);
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, graph.nodes.find((node) => node.id === 'milestone:picture-lock')!.source);
    });

    it('a click reveals the pressed node when a new graph is drawn between press and release', async () => {
      const graph = baseGraph();
      const page = await inVsCode(graph);
      const selector = 'g[data-node="handoff:fx-to-comp-sq010"]';
      const box = await page.locator(`${selector} .hs-node-label`).boundingBox();
      if (!box) throw new Error('the node of fx-to-comp-sq010 is not drawn');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      const pressedNode = await page.locator(selector).elementHandle();
      await page.evaluate((next) => window.postMessage({ type: 'graph', graph: next }, '*'), baseGraph());
      await page.waitForFunction((element) => !element?.isConnected, pressedNode);
      await page.mouse.up();
      assert.deepEqual((await waitForPosted(page, 'reveal')).source, graph.nodes.find((node) => node.id === 'handoff:fx-to-comp-sq010')!.source);
    });

    it('a "+N" expander asks for the graph around its node', async () => {
      const page = await inVsCode(baseGraph({}, { handoff: 'fx-sim-sq010', depth: 0 }));
      const expander = page.locator('g[data-node="handoff:fx-sim-sq010"] .hs-more-downstream');
      assert.equal(await expander.getAttribute('aria-label'), 'Show 1 more downstream of fx-sim-sq010');
      await expander.click();
      assert.deepEqual(await waitForPosted(page, 'expand'), { type: 'expand', handoff: 'fx-sim-sq010', depth: 1 });
      assert.equal((await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal').length)), 0, 'expanding does not reveal');
    });

    it('follows a new graph from the host', async () => {
      const page = await inVsCode(baseGraph());
      await page.evaluate((graph) => window.postMessage({ type: 'graph', graph }, '*'), baseGraph(CYCLE));
      await page.waitForSelector('path.hs-edge.hs-cycle');
      await page.evaluate(() => window.postMessage({ type: 'empty', message: 'No production here.' }, '*'));
      await page.waitForSelector('.hs-message');
      assert.equal(await page.textContent('.hs-message'), 'No production here.');
    });
  });
});
