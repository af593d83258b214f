// Journeys of a first use on a studio network: a rule link in the Problems
// panel opens the rule's page bundled with the extension, with every request
// off the machine refused; and New Production makes a series (shots from a
// CSV, a chain over them) in a new folder, which joins the workspace and
// checks clean.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page, Request } from 'playwright-core';
import { SEEDED, type Journey } from './journey';
import { until } from './workbench';

/** Refuses every request that leaves the machine; returns what was tried. */
async function offline(page: Page): Promise<{ tried: string[]; stop: () => Promise<void> }> {
  const tried: string[] = [];
  const local = (url: URL) => url.protocol === 'data:' || url.protocol === 'blob:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol.startsWith('vscode');
  const matcher = (url: URL) => !local(url);
  const handler = (route: { abort: () => Promise<void>; request: () => Request }) => {
    tried.push(route.request().url());
    return route.abort();
  };
  await page.context().route(matcher, handler);
  const popup = (opened: Page) => tried.push(`a new browser tab: ${opened.url()}`);
  page.context().on('page', popup);
  return {
    tried,
    stop: async () => {
      page.context().off('page', popup);
      await page.context().unroute(matcher, handler);
    },
  };
}

export const ruleLinkOpensTheBundledDoc: Journey = {
  name: 'a rule link in the Problems panel opens the bundled rule page, with no network',
  timeoutMs: 90_000,
  async run({ page, workbench, facts, shot }) {
    const seeded = facts.diagnostics.find((d) => d.file === SEEDED.file && d.rule === 'unknown-reference');
    if (!seeded) throw new Error(`the CLI reports no unknown-reference in ${SEEDED.file}`);
    const network = await offline(page);
    try {
      await workbench.showProblems();
      // The rule's name in the problem's row is the link.
      const link = page.locator('.markers-panel .monaco-list-row').filter({ hasText: seeded.message }).locator('a.monaco-link').filter({ hasText: seeded.rule });
      await until(`the link "${seeded.rule}" in the Problems panel`, async () => (await link.count()) > 0, { timeoutMs: 30_000 });
      const href = (await link.first().getAttribute('href')) ?? '';
      if (!href.startsWith('command:handoff.showRuleDoc')) throw new Error(`the rule link goes to "${href}", not to the bundled page`);
      await link.first().click();
      await until(`the preview tab of ${seeded.rule}.md`, async () => (await page.locator(`.part.editor .tab[aria-label^="Preview ${seeded.rule}.md"]`).count()) > 0, { timeoutMs: 30_000 });
      // The page itself, rendered: its title and its failing example.
      const frame = await until(`the rendered page of ${seeded.rule}`, async () => {
        for (const candidate of page.frames()) {
          const heading = await candidate.evaluate(() => document.querySelector('h1')?.textContent?.trim()).catch(() => undefined);
          if (heading === seeded.rule) return candidate as Frame;
        }
        return undefined;
      }, { timeoutMs: 30_000 });
      const text = (await frame.evaluate(() => document.body.innerText)) ?? '';
      if (!/Default severity/i.test(text)) throw new Error(`the page reads "${text.slice(0, 200)}"`);
      await shot('rule-page', { docs: 'screenshots/rule-page-offline.png' });
      if (network.tried.length > 0) throw new Error(`tried to leave the machine: ${network.tried.join(', ')}`);
    } finally {
      await network.stop();
    }
    await workbench.runCommand('View: Close Editor');
    await workbench.openFile(SEEDED.file);
  },
};

export const newProductionJoinsTheWorkspace: Journey = {
  name: 'New Production… writes a series into a new folder, adds it to the workspace, and it checks clean',
  timeoutMs: 240_000,
  async run({ page, workbench, folder, shot }) {
    const parent = path.dirname(folder);
    const target = path.join(parent, 'pilot');
    fs.mkdirSync(target, { recursive: true });
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    /** Types a folder into the file dialog and accepts it (Enter again while the dialog is still moving there). */
    const choose = async (dir: string, until_: () => Promise<boolean>) => {
      await input.fill(`${dir}/`);
      await until(`the dialog to take ${dir}`, async () => {
        if (await until_()) return true;
        if (await input.isVisible()) await page.keyboard.press('Enter');
        return false;
      }, { timeoutMs: 20_000, intervalMs: 1_000 });
    };

    await workbench.runCommand('Handoff: New Production…', { opensPicker: true });
    // The picker starts outside the example's production: in the folder that holds it.
    // (The dialog lists the folder above the one it starts at, with that one's name typed in.)
    await until(`the folder dialog at ${parent}`, async () => (await input.isVisible()) && (await input.inputValue()).replace(/\/$/, '') === parent, { timeoutMs: 15_000 });

    // A folder with a production is refused, and the dialog asks again.
    await choose(folder, async () => /already governs/.test((await title.textContent().catch(() => '')) ?? ''));
    await shot('new-production-refused');

    await choose(target, async () => (await title.textContent().catch(() => '')) === 'New Production' || !(await input.isVisible()));
    await until('the production id box to suggest "pilot"', async () => (await input.inputValue()) === 'pilot', { timeoutMs: 10_000 });
    await page.keyboard.press('Enter');
    // A series: its shots from a CSV, a chain over them, checked like the rest.
    const series = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'A series with shots' });
    await until('the choice of a film or a series', async () => (await series.count()) > 0, { timeoutMs: 10_000 });
    await series.first().click();

    // The new folder joins the workspace and its production file opens.
    // Adding the folder restarts the extension host; on a busy machine the new host takes half a minute to come up.
    // In the browser the window reloads into an untitled workspace, which code-server has been seen to
    // read before it was written (an empty window: "no folder opened", before the explorer shows either
    // folder); then the page is loaded again, once.
    const empty = page.getByText('You have not yet added a folder to the workspace');
    let noFolderSince: number | undefined;
    let reloaded = false;
    /** Whether the window shows no folder (and loads it again once it has for 10 s). */
    const noFolder = async (): Promise<boolean> => {
      if (reloaded || (await empty.count()) === 0) {
        noFolderSince = undefined;
        return false;
      }
      noFolderSince ??= Date.now();
      if (Date.now() - noFolderSince > 10_000) {
        console.log('    the window came up with no folder after adding pilot; loading it again');
        reloaded = true;
        await page.reload();
      }
      return true;
    };
    await until('the pilot folder in the explorer', async () => {
      if (await noFolder()) return false;
      const roots = await page.locator('.explorer-folders-view .monaco-list-row[aria-level="1"]').allInnerTexts();
      return roots.some((name) => name.trim().toLowerCase() === 'pilot');
    }, { timeoutMs: 120_000, intervalMs: 1_000 });
    await until('the editor of pilot.production.yaml', async () => {
      if (await noFolder()) return false;
      return (await workbench.activeEditorName()) === 'pilot.production.yaml';
    }, { timeoutMs: 120_000, intervalMs: 1_000 });
    for (const file of ['pilot.production.yaml', 'pilot.breakdown.yaml', 'editorial/shots.csv', 'handoffs/shots.handoff.yaml']) {
      if (!fs.existsSync(path.join(target, file))) throw new Error(`no ${file} in ${target}`);
    }

    // Checked with its own files: nothing reported (no "Person 'dev' is not referenced anywhere"), and the status bar names it.
    await workbench.showProblems();
    await until('the pilot production in the status bar', async () => {
      const items = (await page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((text) => text.trim());
      return items.includes('pilot') || undefined;
    }, { timeoutMs: 30_000 });
    // Nothing listed, and nothing arriving late: the panel stays empty over a few looks.
    let emptySince: number | undefined;
    await until('the Problems panel to stay empty for 3 s', async () => {
      const { problems } = await workbench.problems();
      if (problems.length > 0) {
        emptySince = undefined;
        throw new Error(`the Problems panel lists: ${problems.join(' | ')}`);
      }
      emptySince ??= Date.now();
      return Date.now() - emptySince >= 3_000;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    await shot('new-production', { docs: 'screenshots/new-production.png' });
  },
};
