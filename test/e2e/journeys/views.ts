// Journeys in the webview panels: the timeline draws every handoff, a click
// on a bar takes the editor to that handoff's id, a drag rewrites its dates,
// a code lens focuses its bar, the graph draws, and both follow the theme;
// the Handoffs view lists this week's handoffs, the status markdown previews
// as a channel post, and the timeline comes back after a window reload.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { SEEDED, type Journey, type JourneyContext } from './journey';
import { until, type Workbench } from './workbench';

/** Errors that the webviews logged: a blocked script or style (CSP), an exception in a renderer. */
function webviewErrors(context: JourneyContext): string[] {
  return context.consoleErrors
    .filter((error) => /webview|vscode-cdn|vscode-resource/.test(error.url) || /Content Security Policy/i.test(error.text))
    .map((error) => `${error.text} (${error.url})`);
}

/**
 * Waits for the editor of the handoff's file with its id revealed: the status bar shows the
 * cursor at one end of the id with its length selected (or the cursor at its start).
 */
async function idRevealed(workbench: Workbench, target: { id: string; idAt: { file: string; line: number; column: number } }): Promise<void> {
  const name = path.basename(target.idAt.file);
  const { line, column } = target.idAt;
  await until(`${name} with "${target.id}" selected at line ${line}, column ${column}`, async () => {
    const [editor, cursor] = [await workbench.activeEditorName(), await workbench.cursor()];
    const selectsId = cursor?.line === line && (cursor.column === column || cursor.column === column + target.id.length) && cursor.selected === target.id.length;
    const atId = cursor?.line === line && cursor.column === column && cursor.selected === 0;
    if (editor !== name || !(selectsId || atId)) {
      throw new Error(`editor ${editor ?? 'none'} at ${cursor ? `${cursor.line}:${cursor.column}, ${cursor.selected} selected` : 'no cursor'}`);
    }
    return true;
  }, { timeoutMs: 20_000 });
}

export const timelineShowsEveryHandoff: Journey = {
  name: '"Handoff: Show Timeline" draws a bar for every handoff',
  timeoutMs: 120_000,
  async run(context) {
    const { workbench, facts } = context;
    await workbench.runCommand('Handoff: Show Timeline');
    const frame = await workbench.webviewFrame('g[data-handoff]', { timeoutMs: 60_000 });
    const expected = facts.handoffs.map((h) => h.id).sort();
    await until(`${expected.length} bars in the timeline`, async () => {
      const drawn = (await frame.locator('g[data-handoff]').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-handoff') ?? ''))).sort();
      if (drawn.join() !== expected.join()) {
        throw new Error(`drawn ${drawn.length}; missing ${expected.filter((id) => !drawn.includes(id)).join(', ') || 'none'}; unexpected ${drawn.filter((id) => !expected.includes(id)).join(', ') || 'none'}`);
      }
      return true;
    }, { timeoutMs: 30_000 });
    await context.shot('timeline');
    const errors = webviewErrors(context);
    if (errors.length > 0) throw new Error(`the timeline webview logged errors: ${errors.join(' | ')}`);
  },
};

export const clickingABarRevealsTheHandoff: Journey = {
  name: "clicking a timeline bar moves the editor to that handoff's id",
  timeoutMs: 90_000,
  async run({ workbench, facts }) {
    // A handoff of another file than the one open, so the click must open it.
    const target = facts.handoffs.find((h) => h.idAt.file !== SEEDED.file && h.idAt.file.startsWith('handoffs/3-'))
      ?? facts.handoffs.find((h) => h.idAt.file !== SEEDED.file);
    if (!target) throw new Error('the production has no handoff outside the seeded file');
    const selector = `g[data-handoff="${target.id}"]`;
    const frame = await workbench.webviewFrame(selector, { timeoutMs: 30_000 });
    await frame.locator(`${selector} rect.hs-work`).click({ timeout: 15_000 });
    await idRevealed(workbench, target).catch(async (error: unknown) => {
      // Which side lost the click: the page (the bar never got selected) or the host (selected, not revealed).
      const selected = await frame.locator(`${selector}.hs-selected`).count().catch(() => 0);
      throw new Error(`${error instanceof Error ? error.message : String(error)}; the bar ${selected ? 'was' : 'was not'} selected in the timeline`);
    });
  },
};

export const draggingABarRewritesItsDates: Journey = {
  name: 'dragging a timeline bar rewrites its dates in the YAML, and undo puts them back',
  timeoutMs: 90_000,
  async run({ page, workbench, facts, shot }) {
    const target = facts.handoffs.find((h) => h.idAt.file.startsWith('handoffs/3-') && h.start && h.due);
    if (!target?.start || !target.due) throw new Error('no handoff with start and due dates in handoffs/3-*');
    const { start, due } = target;
    const selector = `g[data-handoff="${target.id}"]`;
    const frame = await workbench.webviewFrame(selector, { timeoutMs: 30_000 });
    const bar = frame.locator(`${selector} rect.hs-work`);
    await bar.scrollIntoViewIfNeeded();
    const before = await frame.locator(selector).getAttribute('data-start');
    if (before !== start.value) throw new Error(`the bar of ${target.id} starts ${before}, the YAML ${start.value}`);
    const pxPerDay = Number(await frame.locator('.hs-timeline').getAttribute('data-px-per-day'));
    const box = await bar.boundingBox();
    if (!box || !(pxPerDay > 0)) throw new Error(`cannot place the drag (box ${JSON.stringify(box)}, ${pxPerDay} px a day)`);

    // A week later, by hand: press in the middle of the work bar, move in steps, release.
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 7 * pxPerDay, y, { steps: 8 });
    await page.mouse.up();

    const moved = await until(`the bar of ${target.id} to start later than ${start.value}`, async () => {
      const [newStart, newDue] = [await frame.locator(selector).getAttribute('data-start'), await frame.locator(selector).getAttribute('data-due')];
      return newStart && newDue && newStart > start.value && !(await frame.locator(`${selector}.hs-moved`).count()) ? { start: newStart, due: newDue } : undefined;
    }, { timeoutMs: 20_000 });
    // The host wrote the edit into the YAML and revealed it beside the timeline.
    await until(`${path.basename(start.at.file)} to read start: ${moved.start} and due: ${moved.due}`, async () => {
      const [startLine, dueLine] = [await workbench.lineText(start.at.line), await workbench.lineText(due.at.line)];
      if (!startLine?.includes(`start: ${moved.start}`) || !dueLine?.includes(`due: ${moved.due}`)) throw new Error(`lines read "${startLine?.trim()}" and "${dueLine?.trim()}"`);
      return true;
    }, { timeoutMs: 15_000 });
    const tab = page.locator(`.part.editor .tab[aria-label^="${path.basename(start.at.file)}"]`).first();
    await until(`${path.basename(start.at.file)} to have unsaved changes`, async () => (await tab.getAttribute('class'))?.split(' ').includes('dirty'), { timeoutMs: 10_000 });
    await shot('dragged');

    // One undo in the editor takes back the whole move, and the timeline (still beside it) follows.
    await workbench.runCommand('View: Focus First Editor Group');
    await until(`the editor of ${path.basename(start.at.file)} to have the focus`, async () => (await workbench.activeEditorName()) === path.basename(start.at.file), { timeoutMs: 10_000 });
    await workbench.editorFocused();
    await page.keyboard.press('Control+Z');
    await until(`start: ${start.value} and due: ${due.value} back in the YAML`, async () =>
      (await workbench.lineText(start.at.line))?.includes(`start: ${start.value}`) && (await workbench.lineText(due.at.line))?.includes(`due: ${due.value}`),
    { timeoutMs: 10_000 });
    await until(`the bar of ${target.id} back at ${start.value}`, async () => {
      const timeline = await workbench.webviewFrame(selector, { timeoutMs: 2_000 });
      return (await timeline.locator(selector).getAttribute('data-start')) === start.value;
    }, { timeoutMs: 15_000 });
    // Back at the saved text: the move was one undo step.
    await until(`${path.basename(start.at.file)} to have no unsaved changes`, async () => !(await tab.getAttribute('class'))?.split(' ').includes('dirty'), { timeoutMs: 10_000 });
  },
};

export const codeLensShowsTheHandoffInTheTimeline: Journey = {
  name: "a handoff's code lens opens the timeline on that handoff's bar",
  timeoutMs: 90_000,
  async run({ page, workbench, facts }) {
    // The second handoff of a file, so that the bar to focus is not simply the first one drawn.
    const file = 'handoffs/3-shots.handoff.yaml';
    const target = facts.handoffs.filter((h) => h.idAt.file === file)[1];
    if (!target) throw new Error(`${file} has fewer than two handoffs`);
    // Closed first: the focus must wait for a page that is not there yet.
    await page.locator('.part.editor .tab[aria-label^="Timeline"]').first().click();
    await workbench.runCommand('View: Close Editor');
    await until('the timeline to close', async () => !(await page.locator('.part.editor .tab[aria-label^="Timeline"]').count()), { timeoutMs: 10_000 });
    await workbench.openFile(file);
    await workbench.goTo({ line: target.idAt.line, column: target.idAt.column });
    // The lens sits on the line above the id's line ("show in timeline" is its own lens beside upstream and downstream).
    const lens = page.locator('.part.editor .editor-instance .codelens-decoration a').filter({ hasText: /show in timeline/ });
    const index = await until(`a code lens for ${target.id}`, async () => {
      const [tops, idTop] = [await lens.evaluateAll((links) => links.map((link) => link.getBoundingClientRect().top)), await workbench.lineTop(target.idAt.line)];
      if (idTop === undefined) return undefined;
      const above = tops.map((top, i) => ({ top, i })).filter((lens) => lens.top < idTop && idTop - lens.top < 40);
      return above.length > 0 ? above[above.length - 1].i : undefined;
    }, { timeoutMs: 20_000 });
    await lens.nth(index).click();
    const selector = `g[data-handoff="${target.id}"]`;
    await until(`the bar of ${target.id} to have the focus in the timeline`, async () => {
      const frame = await workbench.webviewFrame(selector, { timeoutMs: 2_000 });
      const focused = await frame.evaluate(() => document.activeElement?.getAttribute('data-handoff') ?? document.activeElement?.tagName ?? 'nothing');
      if (focused !== target.id) throw new Error(`focused: ${focused}`);
      return true;
    }, { timeoutMs: 30_000 });
  },
};

export const graphDrawsTheHandoffs: Journey = {
  name: '"Handoff: Show Dependency Graph" draws the handoffs',
  timeoutMs: 120_000,
  async run(context) {
    const { workbench, facts } = context;
    await workbench.runCommand('Handoff: Show Dependency Graph');
    const frame = await workbench.webviewFrame('g[data-node]', { timeoutMs: 60_000 });
    // The active file is a handoff file: the graph is the production's handoffs.
    await until(`${facts.handoffs.length} handoff nodes in the graph`, async () => {
      const nodes = await frame.locator('g[data-node][data-kind="handoff"]').count();
      if (nodes !== facts.handoffs.length) throw new Error(`${nodes} handoff nodes`);
      return true;
    }, { timeoutMs: 30_000 });
    await context.shot('graph');
    const errors = webviewErrors(context);
    if (errors.length > 0) throw new Error(`the graph webview logged errors: ${errors.join(' | ')}`);
  },
};

/** The two panels, each alone on screen, arranged as the docs show them. */
const PANELS = [
  {
    name: 'timeline',
    tab: 'Timeline',
    ready: 'g[data-handoff]',
    // Zoomed out to the whole production, then back to the zoom a user had.
    async arrange(frame: Frame) {
      await frame.locator('.hs-scroll').evaluate((scroller) => scroller.scrollTo(0, 0));
      await frame.locator('button[data-zoom="months"]').click();
      await frame.locator('.hs-timeline[data-zoom="months"]').waitFor({ timeout: 10_000 });
    },
    async rearrange(frame: Frame) {
      await frame.locator('button[data-zoom="weeks"]').click();
    },
  },
  {
    name: 'graph',
    tab: 'Graph',
    ready: 'g[data-node]',
    // Fitted once the panel has its full size (Fit until the scale stops changing).
    async arrange(frame: Frame) {
      let scale = '';
      await until('the graph to settle after Fit', async () => {
        await frame.getByRole('button', { name: 'Fit' }).click();
        const now = (await frame.locator('.hs-graph').first().getAttribute('data-scale')) ?? '';
        const settled = now !== '' && now === scale;
        scale = now;
        return settled;
      }, { timeoutMs: 15_000, intervalMs: 400 });
    },
    async rearrange() {},
  },
];

const THEMES = [
  { name: 'light', label: 'Light 2026', workbenchClass: 'vs', bodyClass: 'vscode-light', dark: false },
  { name: 'dark', label: 'Dark 2026', workbenchClass: 'vs-dark', bodyClass: 'vscode-dark', dark: true },
];

export const panelsFollowTheTheme: Journey = {
  name: 'the timeline and the graph follow the light and the dark color theme',
  timeoutMs: 180_000,
  async run(context) {
    const { page, workbench } = context;
    for (const theme of THEMES) {
      await workbench.setColorTheme(theme.label);
      await until(`the workbench in the ${theme.name} theme`, async () => ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(' ').includes(theme.workbenchClass), { timeoutMs: 15_000 });
      for (const panel of PANELS) {
        await workbench.maximizeEditor(panel.tab);
        // A panel's page is rebuilt when it is shown again: wait for its content, then for the theme to reach it.
        const frame = await workbench.webviewFrame(panel.ready, { timeoutMs: 30_000 });
        await until(`the ${panel.name} drawn on a ${theme.name} background`, async () => {
          const look = await frame.evaluate(() => {
            const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
            const luminance = rgb.length >= 3 ? (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 : -1;
            return { classes: document.body.className, luminance };
          });
          if (!look.classes.split(' ').includes(theme.bodyClass) || look.luminance < 0 || look.luminance < 0.5 === !theme.dark) {
            throw new Error(`body "${look.classes}", background luminance ${look.luminance.toFixed(2)}`);
          }
          return true;
        }, { timeoutMs: 15_000 });
        await panel.arrange(frame);
        await context.shot(`${panel.name}-${theme.name}`, { docs: `screenshots/${panel.name}-${theme.name}.png` });
        await panel.rearrange(frame);
        await workbench.restoreEditors();
      }
    }
    const errors = webviewErrors(context);
    if (errors.length > 0) throw new Error(`the webviews logged errors: ${errors.join(' | ')}`);
  },
};

export const reportShowsTheProduction: Journey = {
  name: '"Handoff: Show Report" shows the delivery report of the production',
  timeoutMs: 90_000,
  async run(context) {
    const { page, workbench, facts } = context;
    await workbench.openFile(SEEDED.file);
    await workbench.runCommand('Handoff: Show Report');
    // A static page (no script): its header counts the production's handoffs.
    const frame = await workbench.webviewFrame('section.production[data-production] .as-of', { timeoutMs: 60_000 });
    await until(`the report to count ${facts.handoffs.length} handoffs`, async () => {
      const asOf = (await frame.locator('section.production .as-of').first().textContent()) ?? '';
      if (!asOf.includes(` ${facts.handoffs.length} handoffs `)) throw new Error(`the header reads "${asOf}"`);
      return true;
    }, { timeoutMs: 30_000 });
    const stages = await frame.locator('[data-table="stages"] tbody tr').count();
    if (stages === 0) throw new Error('the report lists no stage');
    await until('the report tab titled with the production', async () => (await page.locator('.part.editor .tab[aria-label^="Report: "]').count()) > 0, { timeoutMs: 10_000 });
    // Drawn in the palette of the workbench's theme (the one the theme journey left), not the system's.
    const dark = ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(' ').includes('vs-dark');
    const luminance = await frame.evaluate(() => {
      const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
      return rgb.length >= 3 ? (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 : -1;
    });
    if (luminance < 0 || luminance < 0.5 !== dark) throw new Error(`a ${dark ? 'dark' : 'light'} workbench, a report background of luminance ${luminance.toFixed(2)}`);
    await context.shot('report');
    // A handoff's id in the late, at-risk or risk lists opens its YAML, the id selected. (The example,
    // as of its pinned date, has nothing late or at risk since report reads check's facts: its risk log links them.)
    const link = frame.locator('section.late a, section.at-risk a, section.risks a').first();
    if (!(await link.count())) throw new Error('the report links no handoff in its late, at-risk or risk lists');
    const id = ((await link.textContent()) ?? '').trim();
    const handoff = facts.handoffs.find((candidate) => candidate.id === id);
    if (!handoff) throw new Error(`the report links "${id}", which is no handoff of the production`);
    await link.click();
    await until(`the editor of ${handoff.idAt.file} at ${handoff.idAt.line}:${handoff.idAt.column}`, async () => {
      const cursor = await workbench.cursor();
      return (await workbench.activeEditorName()) === path.basename(handoff.idAt.file) && cursor?.line === handoff.idAt.line && cursor.selected === id.length;
    }, { timeoutMs: 20_000 });
    const errors = webviewErrors(context);
    if (errors.length > 0) throw new Error(`the report webview logged errors: ${errors.join(' | ')}`);
  },
};

/** The repository root (the journeys run from out/test/e2e/journeys). */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** The date the example pins in its .vscode/settings.json. */
const TODAY = '2027-01-15';

/** What `handoff status` prints for the workspace copy, in a format. */
function statusOf(folder: string, format: 'json' | 'markdown'): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'status', folder, '--today', TODAY, '--format', format], { encoding: 'utf8' });
}

interface StatusJson {
  period: { label: string };
  productions: { channels: { due: { handoff: string }[] }[] }[];
}

export const handoffsViewListsThisWeek: Journey = {
  name: "the Handoffs view lists this week's handoffs, and a click opens one at its id",
  timeoutMs: 120_000,
  async run({ page, workbench, facts, folder, shot }) {
    // What the CLI says is due this week, from the same request the view makes.
    const status = JSON.parse(statusOf(folder, 'json')) as StatusJson;
    const due = [...new Set(status.productions.flatMap((p) => p.channels.flatMap((c) => c.due.map((d) => d.handoff))))].sort();
    if (due.length === 0) throw new Error(`the CLI lists nothing due in ${status.period.label}: the journey would check nothing`);
    const target = facts.handoffs.find((h) => h.id === due[0]);
    if (!target) throw new Error(`${due[0]} is not a handoff of the workspace`);
    // A handoff that is not due this week: it must not be listed there.
    const notDue = facts.handoffs.find((h) => !due.includes(h.id));
    if (!notDue) throw new Error('every handoff is due this week: no near miss to check');

    // A file of the production other than the target's: the click must open that one.
    await workbench.openFile(target.idAt.file === SEEDED.file ? facts.handoffs.find((h) => h.idAt.file !== target.idAt.file)!.idAt.file : SEEDED.file);
    await workbench.runCommand('Explorer: Focus on Handoffs View');
    const pane = page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: /^\s*Handoffs/i }) });
    // The rows of the view in order: a group at level 1, its handoffs at level 2 under it.
    const weekRows = () => pane.locator('.monaco-list-row').evaluateAll((rows) => {
      const listed: string[] = [];
      let inWeek = false;
      for (const row of rows) {
        const level = row.getAttribute('aria-level');
        const text = (row.querySelector('.label-name')?.textContent ?? row.textContent ?? '').trim();
        if (level === '1') inWeek = /^This week/.test(text);
        else if (inWeek) listed.push(text);
      }
      return listed;
    });
    const week = `This week (${status.period.label})`;
    await until(`"${week}" listing ${due.join(', ')}`, async () => {
      const group = await pane.locator('.monaco-list-row[aria-level="1"]').filter({ hasText: week }).count();
      const listed = (await weekRows()).sort();
      if (group !== 1 || listed.join() !== due.join()) throw new Error(`group shown: ${group === 1}; listed: ${listed.join(', ') || 'nothing'}`);
      if (listed.includes(notDue.id)) throw new Error(`${notDue.id} is listed, though it is not due this week`);
      return true;
    }, { timeoutMs: 30_000 });
    await shot('handoffs view', { docs: 'screenshots/handoffs-view.png' });

    // A click opens the YAML with the handoff's id selected.
    await pane.locator('.monaco-list-row[aria-level="2"]').filter({ hasText: target.id }).first().click();
    await idRevealed(workbench, target);
  },
};

export const statusMarkdownPreview: Journey = {
  name: 'the markdown of `handoff status` reads as a channel post in the preview',
  timeoutMs: 90_000,
  async run({ page, workbench, folder, shot }) {
    const markdown = statusOf(folder, 'markdown');
    if (!/^## Status of /.test(markdown)) throw new Error(`the status markdown starts "${markdown.slice(0, 40)}"`);
    // In a folder: quick open lists a file at the root under another label.
    fs.mkdirSync(path.join(folder, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'notes', 'status-this-week.md'), markdown);
    await workbench.openFile('notes/status-this-week.md');
    await workbench.runCommand('Markdown: Open Preview');
    // The preview is a webview: the channel headings of the markdown, drawn. (Other webviews,
    // such as the report a journey before left open, have headings of their own.)
    const frame = await workbench.webviewFrame('h2:has-text("Status of ")', { timeoutMs: 30_000 });
    await until('the preview to show the week and its channels', async () => {
      const headings = await frame.locator('h2, h3').allTextContents();
      if (!headings.some((h) => h.startsWith('Status of ')) || !headings.some((h) => h.startsWith('#'))) throw new Error(`headings: ${headings.join(' | ')}`);
      return true;
    }, { timeoutMs: 20_000 });
    await shot('status markdown', { docs: 'screenshots/status-markdown.png' });
    await page.keyboard.press('Escape');
    await workbench.runCommand('View: Close Editor');
  },
};

export const timelineComesBackAfterAReload: Journey = {
  name: 'the timeline comes back drawn after "Developer: Reload Window"',
  timeoutMs: 180_000,
  async run({ page, workbench, facts }) {
    await workbench.openFile(SEEDED.file);
    await workbench.runCommand('Handoff: Show Timeline');
    await workbench.webviewFrame('g[data-handoff]', { timeoutMs: 60_000 });
    const tab = page.locator('.part.editor .tab[aria-label^="Timeline"]');
    await until('a timeline tab', async () => (await tab.count()) > 0, { timeoutMs: 10_000 });
    await workbench.reloadWindow();
    await until('the timeline tab back', async () => (await tab.count()) > 0, { timeoutMs: 60_000 });
    // Drawn again by the serializer's panel: every handoff of the production has its bar.
    const expected = facts.handoffs.map((h) => h.id).sort();
    await until(`${expected.length} bars in the restored timeline`, async () => {
      const frame = await workbench.webviewFrame('g[data-handoff]', { timeoutMs: 2_000 });
      const drawn = (await frame.locator('g[data-handoff]').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-handoff') ?? ''))).sort();
      if (drawn.join() !== expected.join()) throw new Error(`drawn ${drawn.length} of ${expected.length}`);
      return true;
    }, { timeoutMs: 90_000, intervalMs: 1_000 });
  },
};
