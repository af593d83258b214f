// The views section of `npm run bench` (or alone: `npm run bench -- --views-only
// 10000 50000`): the timeline and the graph of a generated production, drawn
// by the one renderer as a standalone page (what `handoff timeline --out` and
// `handoff graph --format html` write) and as a VS Code webview (the model
// posted by the host), in Debian's Chromium through playwright-core. Every
// time is read inside the page with the Performance API:
// - first paint: from navigation start (page) or from the host's post
//   (webview) to the first animation frame after the view has drawn its bars
//   or nodes, i.e. the frame that shows them; with the page's
//   first-contentful-paint entry beside it. The webview figure adds the
//   host's packing of the model (packModel, timed here in Node), since the
//   panels post the packed text;
// - scroll: the timeline with every lane open scrolled across its whole width
//   at SCROLL_STEP pixels a frame (a quick trackpad fling); the gaps between
//   frames, p50 / p95 / max.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadFolder } from '../server/src/cli/load';
import { handoffGraph } from '../server/src/core/features/graph';
import { packModel } from '../server/src/core/features/packedModel';
import { scheduleView } from '../server/src/core/features/scheduleView';
import { ensureWebviewBundles, launchBrowser, pageFor, requireChromium, VIEWPORT } from '../test/browser/browser';
import { generateWorkspace } from './generate';

const TODAY = '2027-01-15';
/** Each measure is the median of this many fresh pages. */
const RUNS = 3;
/** Pixels the timeline scrolls each frame. */
const SCROLL_STEP = 150;

export interface ViewsResult {
  handoffs: number;
  timelinePageBytes: number;
  graphPageBytes: number;
  /** Medians, in ms. */
  timelinePage: { drawn: number; fcp: number };
  graphPage: { drawn: number; fcp: number };
  timelineWebview: number;
  graphWebview: number;
  scroll: { frames: number; p50: number; p95: number; max: number };
}

const DRAWN = 'g[data-handoff], g[data-node]';

/** The frame that shows the first bars or nodes, in the page's performance.now() time. */
const WATCH_FIRST_DRAW = `(() => {
  const look = () => {
    if (document.querySelector(${JSON.stringify(DRAWN)})) {
      requestAnimationFrame(() => { window.__drawn = performance.now(); });
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function fresh<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

/** A standalone page opened from a file: when it showed its drawing and its first-contentful-paint. */
async function pageFirstPaint(browser: Browser, file: string): Promise<{ drawn: number; fcp: number }> {
  return fresh(browser, async (page) => {
    await page.addInitScript(WATCH_FIRST_DRAW);
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => (window as unknown as { __drawn?: number }).__drawn !== undefined, undefined, { timeout: 120_000 });
    // The paint entry is reported a little after the frame.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 5_000 }).catch(() => undefined);
    return page.evaluate(() => ({
      drawn: (window as unknown as { __drawn: number }).__drawn,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
  });
}

/**
 * The renderer in VS Code mode: the host packs the model as the panels do
 * (timed), posts it; the time from the post to the frame that shows it, plus
 * the packing.
 */
async function webviewFirstPaint(browser: Browser, html: string, folder: string, view: 'timeline' | 'graph', model: unknown): Promise<number> {
  const packing = performance.now();
  const packed = packModel(model);
  const packedMs = performance.now() - packing;
  const message = view === 'timeline' ? { type: 'schedule', model: packed } : { type: 'graph', graph: packed };
  const file = path.join(folder, 'webview.html');
  writeFileSync(file, html);
  return fresh(browser, async (page) => {
    await page.addInitScript(() => {
      const scope = window as unknown as Record<string, unknown>;
      scope.acquireVsCodeApi = () => ({ postMessage: () => undefined, getState: () => undefined, setState: () => undefined });
    });
    await page.goto(pathToFileURL(file).href);
    await page.evaluate(WATCH_FIRST_DRAW);
    await page.evaluate((m) => {
      (window as unknown as { __posted: number }).__posted = performance.now();
      window.postMessage(m, '*');
    }, message);
    await page.waitForFunction(() => (window as unknown as { __drawn?: number }).__drawn !== undefined, undefined, { timeout: 120_000 });
    const shown = await page.evaluate(() => {
      const scope = window as unknown as { __drawn: number; __posted: number };
      return scope.__drawn - scope.__posted;
    });
    return shown + packedMs;
  });
}

/** Scrolls the timeline (every lane open) across its whole width, SCROLL_STEP pixels a frame; the gaps between frames. */
async function scrollFrames(browser: Browser, file: string): Promise<number[]> {
  return fresh(browser, async (page) => {
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('g[data-handoff]');
    return page.evaluate(
      (stepPx) =>
        new Promise<number[]>((resolve) => {
          const scroller = document.querySelector('.hs-scroll') as HTMLElement;
          scroller.scrollLeft = 0;
          const gaps: number[] = [];
          let last = 0;
          const step = (time: number) => {
            if (last) gaps.push(time - last);
            last = time;
            if (scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1) {
              resolve(gaps);
              return;
            }
            scroller.scrollLeft += stepPx;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
      SCROLL_STEP,
    );
  });
}

export async function measureViews(sizes: readonly number[], progress: (what: string) => void): Promise<ViewsResult[]> {
  requireChromium();
  ensureWebviewBundles();
  const browser = await launchBrowser();
  const results: ViewsResult[] = [];
  try {
    for (const size of sizes) {
      const folder = mkdtempSync(path.join(tmpdir(), 'handoff-bench-views-'));
      try {
        progress(`[views ${size}] generating and analysing`);
        generateWorkspace(folder, size);
        const { workspace } = loadFolder(folder, () => undefined);
        const production = workspace.productions().find((p) => p.production !== undefined);
        if (!production) throw new Error('the generated workspace has no production');
        const schedule = scheduleView(production, TODAY);
        const graph = handoffGraph(production, {});
        const timelineHtml = pageFor('timeline', schedule, 'Timeline');
        const graphHtml = pageFor('graph', graph, 'Graph');
        const timelineFile = path.join(folder, 'timeline.html');
        const graphFile = path.join(folder, 'graph.html');
        writeFileSync(timelineFile, timelineHtml);
        writeFileSync(graphFile, graphHtml);
        const timelinePages: { drawn: number; fcp: number }[] = [];
        const graphPages: { drawn: number; fcp: number }[] = [];
        const timelineWebviews: number[] = [];
        const graphWebviews: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          progress(`[views ${size}] first paints ${run + 1}/${RUNS}`);
          timelinePages.push(await pageFirstPaint(browser, timelineFile));
          graphPages.push(await pageFirstPaint(browser, graphFile));
          timelineWebviews.push(await webviewFirstPaint(browser, pageFor('timeline', null), folder, 'timeline', schedule));
          graphWebviews.push(await webviewFirstPaint(browser, pageFor('graph', null), folder, 'graph', graph));
        }
        progress(`[views ${size}] scrolling the timeline`);
        const gaps = await scrollFrames(browser, timelineFile);
        results.push({
          handoffs: schedule.handoffs.length,
          timelinePageBytes: Buffer.byteLength(timelineHtml),
          graphPageBytes: Buffer.byteLength(graphHtml),
          timelinePage: { drawn: median(timelinePages.map((r) => r.drawn)), fcp: median(timelinePages.map((r) => r.fcp)) },
          graphPage: { drawn: median(graphPages.map((r) => r.drawn)), fcp: median(graphPages.map((r) => r.fcp)) },
          timelineWebview: median(timelineWebviews),
          graphWebview: median(graphWebviews),
          scroll: { frames: gaps.length, p50: percentile(gaps, 50), p95: percentile(gaps, 95), max: Math.max(...gaps) },
        });
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : '–');
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} KB`);

/** The targets of issue 16: first paint ≤ 1 s (timeline) and ≤ 1.5 s (graph) at 10,000 handoffs, ≤ 2 s at 50,000; scroll frames < 50 ms at p95. */
function target(result: ViewsResult, view: 'timeline' | 'graph' | 'scroll'): string {
  if (view === 'scroll') return '< 50 ms p95';
  if (result.handoffs > 10_000) return '≤ 2 s';
  return view === 'timeline' ? '≤ 1 s' : '≤ 1.5 s';
}

export function viewsTable(results: readonly ViewsResult[]): string {
  const lines = [
    '| handoffs | view | page size | first paint, page (FCP) | first paint, webview | target |',
    '| ---: | --- | ---: | ---: | ---: | --- |',
  ];
  for (const result of results) {
    const count = result.handoffs.toLocaleString('en');
    lines.push(`| ${count} | timeline | ${size(result.timelinePageBytes)} | ${ms(result.timelinePage.drawn)} (${ms(result.timelinePage.fcp)}) | ${ms(result.timelineWebview)} | ${target(result, 'timeline')} |`);
    lines.push(`| ${count} | graph | ${size(result.graphPageBytes)} | ${ms(result.graphPage.drawn)} (${ms(result.graphPage.fcp)}) | ${ms(result.graphWebview)} | ${target(result, 'graph')} |`);
    lines.push(`| ${count} | timeline scroll, ${result.scroll.frames} frames | | p50 ${ms(result.scroll.p50)}, p95 ${ms(result.scroll.p95)}, max ${ms(result.scroll.max)} | | ${target(result, 'scroll')} |`);
  }
  return lines.join('\n');
}
