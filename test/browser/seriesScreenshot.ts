// The screenshot of the timeline of a series in the documentation: the
// Saltmarsh example (examples/saltmarsh) as a standalone page, each
// department followed by its episode and sequence lanes, the London vendor's
// lane shading England's bank holidays and the others British Columbia's.
//   npm run build && npx tsc -p . && node out/test/browser/seriesScreenshot.js
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder } from '../../server/src/cli/load';
import { scheduleView } from '../../server/src/core/features/scheduleView';
import { ensureWebviewBundles, launchBrowser, openPage, pageFor, ROOT } from './browser';

const OUT = path.join(ROOT, 'docs', 'screenshots', 'timeline-series.png');
const TODAY = '2027-01-15';

async function main(): Promise<void> {
  ensureWebviewBundles();
  const { workspace } = loadFolder(path.join(ROOT, 'examples', 'saltmarsh'));
  const production = workspace.productions().find((candidate) => candidate.production)!;
  const browser = await launchBrowser();
  try {
    const opened = await openPage(browser, pageFor('timeline', scheduleView(production, TODAY), 'Saltmarsh — timeline'), { viewport: { width: 1600, height: 1000 } });
    const { page } = opened;
    // Editorial and VFX production folded, so the two vendors' episode lanes fill the view.
    for (const lane of ['editorial', 'vfx']) await page.click(`.hs-lane-label[data-lane="${lane}"] .hs-lane-toggle`);
    await page.waitForSelector('.hs-lane-label[data-lane="vfx"].hs-collapsed');
    mkdirSync(path.dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT });
    process.stdout.write(`Wrote ${path.relative(process.cwd(), OUT)}\n`);
    await opened.close();
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
