// The screenshot of the delivery report in the documentation: the example
// production on 2027-01-27, when the sq010 animation handoffs have run late.
//   npm run build && npx tsc -p . && node out/test/browser/reportScreenshot.js
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { loadFolder } from '../../server/src/cli/load';
import { renderReportPage } from '../../server/src/core/features/reportPage';
import { parseDate } from '../../server/src/core/calendar';
import { deliveryReport } from '../../server/src/core/report';

const ROOT = path.join(__dirname, '..', '..', '..');
const OUT = path.join(ROOT, 'docs', 'screenshots', 'report.png');
const TODAY = '2027-01-27';

async function main(): Promise<void> {
  const { workspace } = loadFolder(path.join(ROOT, 'examples', 'nightfall'));
  const reports = workspace
    .productions()
    .filter((production) => production.production)
    .map((production) => deliveryReport(production, parseDate(TODAY)!));
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-report-shot-'));
  const file = path.join(folder, 'report.html');
  writeFileSync(file, renderReportPage(reports, { nonce: 'c2NyZWVuc2hvdA==' }));
  const browser = await chromium.launch({
    executablePath: process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1320, height: 900 }, colorScheme: 'light' });
    await page.goto(pathToFileURL(file).href);
    // The summary, the charts and the late and at-risk lists; the tables below repeat them as numbers.
    const bottom = await page.$eval('.lists', (element) => Math.ceil(element.getBoundingClientRect().bottom + 16));
    mkdirSync(path.dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT, fullPage: true, clip: { x: 0, y: 0, width: 1320, height: bottom } });
    process.stdout.write(`Wrote ${path.relative(process.cwd(), OUT)} (1320×${bottom})\n`);
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
