// Screenshots of the timeline and the dependency graph of the example
// production as standalone pages, in a light and a dark theme, for reviewing
// the renderers' design (the pictures in docs/ come from the real VS Code run,
// `npm run test:e2e -- --update-docs`):
//   npm run build && npx tsc -p . && node out/test/browser/screenshots.js
// The dark theme sets the variables VS Code gives a webview (Dark Modern).
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { handoffGraph } from '../../server/src/core/features/graph';
import { scheduleView } from '../../server/src/core/features/scheduleView';
import { ensureWebviewBundles, launchBrowser, openPage, pageFor, ROOT } from './browser';
import { nightfall, NIGHTFALL_TODAY } from './models';

const OUT = path.join(ROOT, 'test-results', 'screenshots');

const DARK: Record<string, string> = {
  '--vscode-editor-background': '#1f1f1f',
  '--vscode-foreground': '#cccccc',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-focusBorder': '#0078d4',
  '--vscode-errorForeground': '#f85149',
  '--vscode-editorWidget-border': '#454545',
  '--vscode-editorIndentGuide-background1': '#353535',
  '--vscode-charts-orange': '#e8912d',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-button-background': '#0078d4',
  '--vscode-button-foreground': '#ffffff',
  '--vscode-button-secondaryBackground': '#313131',
  '--vscode-button-secondaryForeground': '#cccccc',
};

async function useDarkTheme(page: Page): Promise<void> {
  await page.evaluate((variables) => {
    document.body.classList.add('vscode-dark');
    for (const [name, value] of Object.entries(variables)) document.body.style.setProperty(name, value);
  }, DARK);
}

async function main(): Promise<void> {
  ensureWebviewBundles();
  mkdirSync(OUT, { recursive: true });
  const production = nightfall();
  const views = [
    {
      name: 'timeline',
      html: pageFor('timeline', scheduleView(production, NIGHTFALL_TODAY), 'Nightfall — timeline'),
      viewport: { width: 1600, height: 1000 },
      ready: 'g[data-handoff]',
      // The whole schedule at the weeks zoom, every lane from start to end.
      arrange: async (page: Page) => {
        const size = await page.evaluate(() => {
          const grid = document.querySelector('.hs-grid')!.getBoundingClientRect();
          return { width: grid.width, height: document.querySelector('.hs-toolbar')!.getBoundingClientRect().height + grid.height };
        });
        await page.setViewportSize({ width: Math.ceil(size.width), height: Math.ceil(size.height) + 2 });
        await page.$eval('.hs-scroll', (scroller) => (scroller.scrollLeft = 0));
      },
    },
    {
      name: 'graph',
      html: pageFor('graph', handoffGraph(production), 'Nightfall — graph'),
      viewport: { width: 2000, height: 780 },
      ready: 'g[data-node]',
      arrange: async (page: Page) => page.click('button[aria-label="Fit the graph to the view"]'),
    },
  ];
  const browser = await launchBrowser();
  try {
    for (const view of views) {
      for (const theme of ['light', 'dark'] as const) {
        const opened = await openPage(browser, view.html, { viewport: view.viewport });
        await opened.page.waitForSelector(view.ready);
        await view.arrange(opened.page);
        if (theme === 'dark') await useDarkTheme(opened.page);
        const file = path.join(OUT, `${view.name}-${theme}.png`);
        await opened.page.screenshot({ path: file });
        await opened.close();
        process.stdout.write(`wrote ${path.relative(ROOT, file)}\n`);
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
