// Journeys of issue 17's editor polish: the example checks clean with only
// its own pinned date, a one-space slip is one plain-language problem and the
// timeline keeps its last good schedule, the new-handoff snippet offers
// choices, a finding can be silenced for one line, the timeline's own
// Ctrl+Z / Ctrl+Shift+Z undo and redo a drag, the timeline works in a 900 px
// split, and the graph keeps its zoom across tab switches.
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import type { HandoffFacts, Journey, JourneyContext } from './journey';
import { until } from './workbench';

/** The file the edits of these journeys go to; each journey leaves it as it found it. */
const SHOTS_FILE = 'handoffs/3-shots.handoff.yaml';

function handoffIn(context: JourneyContext, file: string, has: (h: HandoffFacts) => boolean = () => true): HandoffFacts {
  const found = context.facts.handoffs.find((h) => h.idAt.file === file && has(h));
  if (!found) throw new Error(`no fitting handoff in ${file}`);
  return found;
}

/** The file in the first editor group (the panels stay beside it), with the keyboard focus in its text. */
async function openAt(context: JourneyContext, file: string): Promise<void> {
  const { page, workbench } = context;
  await page.keyboard.press('Escape');
  await workbench.runCommand('View: Focus First Editor Group');
  if ((await workbench.activeEditorName()) !== path.basename(file)) await workbench.openFile(file);
  await workbench.editorFocused();
}

/** Throws away the unsaved edits of the active editor (File: Revert File) and waits for its tab to be clean. */
async function revert(context: JourneyContext, file: string): Promise<void> {
  const { page, workbench } = context;
  await openAt(context, file);
  await workbench.runCommand('File: Revert File');
  const tab = page.locator(`.part.editor .tab[aria-label^="${path.basename(file)}"]`).first();
  await until(`${path.basename(file)} to have no unsaved changes`, async () => !(await tab.getAttribute('class'))?.split(' ').includes('dirty'), { timeoutMs: 10_000 });
}

async function problemsEmpty(context: JourneyContext, what: string): Promise<void> {
  await context.workbench.showProblems();
  await until(what, async () => {
    const { problems } = await context.workbench.problems();
    if (problems.length > 0) throw new Error(`listed: ${problems.join(' | ')}`);
    return true;
  }, { timeoutMs: 30_000 });
}

export const exampleIsCleanOnTheRealDate: Journey = {
  name: 'the example checks clean with no handoff.today but its own pinned setting',
  timeoutMs: 60_000,
  async run(context) {
    // run.ts writes no handoff.today in the user settings: the example's .vscode/settings.json is the only one.
    const { page, facts } = context;
    const production = path.basename(facts.productionFile).replace(/\.production\.ya?ml$/, '');
    await problemsEmpty(context, 'the Problems panel to be empty');
    await until(`the status bar to read "${production}" with no error`, async () => {
      const items = (await page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((text) => text.trim());
      if (!items.includes(production)) throw new Error(`status bar: ${items.join(' | ')}`);
      return true;
    }, { timeoutMs: 15_000 });
    // Still empty a moment later: no late finding arrives once the whole workspace has been checked.
    await page.waitForTimeout(2_000);
    await problemsEmpty(context, 'the Problems panel to stay empty');
  },
};

export const snippetInsertsChoices: Journey = {
  name: 'the new-handoff snippet offers the departments as a choice and dates from the next working day',
  timeoutMs: 120_000,
  async run(context) {
    const { page } = context;
    await openAt(context, SHOTS_FILE);
    try {
      await insertSnippet(context);
    } finally {
      await page.keyboard.press('Escape');
      await revert(context, SHOTS_FILE);
    }
  },
};

async function insertSnippet(context: JourneyContext): Promise<void> {
    const { page, workbench, facts } = context;
    await page.keyboard.press('Control+End');
    // A new list item after the last one: a fresh line, two spaces, then Ctrl+Space as a user asks for suggestions.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.insertText('  ');
    const offered = await until('the suggest widget to offer the "handoff" snippet', async () => {
      const labels = await workbench.suggestions();
      if (labels.includes('handoff')) return labels;
      // Not offered (yet): ask again, as a user presses Ctrl+Space.
      if (labels.length > 0) await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      return undefined;
    }, { timeoutMs: 20_000, intervalMs: 1_000 });
    await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').nth(offered.indexOf('handoff')).click();
    // Tab twice: from the id to the title, then to `from:`, a choice of the production's departments.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const choices = await until('the department choices at "from:"', async () => {
      const labels = await workbench.suggestions();
      return labels.length >= Math.min(facts.departments.length, 8) && labels.every((label) => facts.departments.includes(label)) ? labels : undefined;
    }, { timeoutMs: 15_000 });
    console.log(`    from: ${choices.join(', ')}`);
    await context.shot('snippet-choices', { docs: 'screenshots/snippet-choices.png' });
    await page.keyboard.press('Escape');
    // The example's today is Friday 2027-01-15; Monday 2027-01-18 is Martin Luther King Jr. Day in its
    // calendar, so the start is Tuesday 2027-01-19 and five working days end on Monday 2027-01-25.
    const text = await page.locator('.part.editor .editor-group-container.active .view-lines').innerText();
    const flat = text.replace(/\u00a0/g, ' ');
    if (!/start: 2027-01-19/.test(flat) || !/due: 2027-01-25/.test(flat)) {
      throw new Error(`the inserted handoff does not start 2027-01-19 and end 2027-01-25: ${flat.slice(-400)}`);
    }
}

export const disableForThisLine: Journey = {
  name: 'the "disable for this line" quick fix writes the comment and the finding goes',
  timeoutMs: 120_000,
  async run(context) {
    const { page, workbench } = context;
    const target = handoffIn(context, SHOTS_FILE, (h) => h.start !== undefined);
    const start = target.start!;
    await openAt(context, SHOTS_FILE);
    try {
      // Its start put on a Saturday, 2027-01-09, in one edit (typed keys would open suggestions on the way).
      await workbench.goTo({ line: start.at.line, column: start.at.column });
      await page.keyboard.press('Shift+End');
      await page.keyboard.insertText('2027-01-09');
      await until(`line ${start.at.line} to read "start: 2027-01-09"`, async () => (await workbench.lineText(start.at.line))?.trim() === 'start: 2027-01-09', { timeoutMs: 10_000 });
      await context.workbench.showProblems();
      const at = `[Ln ${start.at.line}, Col ${start.at.column}]`;
      const rule = await until(`a schedule problem at ${at}`, async () => {
        const { problems } = await workbench.problems();
        const row = problems.find((problem) => problem.includes(at));
        const found = row && /\b(non-working-day|schedule-conflict|date-order|milestone-overrun)\b/.exec(row)?.[1];
        if (!found) throw new Error(`listed: ${problems.join(' | ') || 'none'}`);
        return found;
      }, { timeoutMs: 30_000 });
      await openAt(context, SHOTS_FILE);
      await workbench.goTo({ line: start.at.line, column: start.at.column });
      const title = `Disable ${rule} for this line`;
      await page.keyboard.press('Control+.');
      await until(`the quick fix "${title}"`, async () => {
        if ((await page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).count()) > 0) return true;
        // VS Code may keep a closed action widget in the page beside the open one: count the visible ones.
        if ((await page.locator('.action-widget:visible').count()) === 0) {
          await workbench.editorFocused();
          await page.keyboard.press('Control+.');
        }
        return false;
      }, { timeoutMs: 20_000, intervalMs: 1_000 });
      await context.shot('disable-for-this-line', { docs: 'screenshots/disable-for-this-line.png' });
      await workbench.quickFix(title);
      await until(`line ${start.at.line} to hold the comment`, async () => (await workbench.lineText(start.at.line))?.trim().startsWith(`# handoff-disable-next-line ${rule}`), { timeoutMs: 10_000 });
      await context.workbench.showProblems();
      await until(`no ${rule} problem at line ${start.at.line + 1}`, async () => {
        const { problems } = await workbench.problems();
        const left = problems.filter((problem) => problem.includes(rule) && problem.includes(`[Ln ${start.at.line + 1},`));
        if (left.length > 0) throw new Error(`still listed: ${left.join(' | ')}`);
        return true;
      }, { timeoutMs: 30_000 });
    } finally {
      await revert(context, SHOTS_FILE);
    }
    await problemsEmpty(context, 'the Problems panel to be empty again');
  },
};

export const timelineKeysUndoAndRedoADrag: Journey = {
  name: 'Ctrl+Z and Ctrl+Shift+Z pressed in the timeline undo and redo a drag',
  timeoutMs: 120_000,
  async run(context) {
    try {
      await undoAndRedoInTheTimeline(context);
    } finally {
      const tab = context.page.locator(`.part.editor .tab[aria-label^="${path.basename(SHOTS_FILE)}"]`).first();
      if ((await tab.getAttribute('class'))?.split(' ').includes('dirty')) await revert(context, SHOTS_FILE);
    }
  },
};

async function undoAndRedoInTheTimeline(context: JourneyContext): Promise<void> {
    const { page, workbench, facts } = context;
    await openAt(context, SHOTS_FILE);
    const target = facts.handoffs.find((h) => h.idAt.file === SHOTS_FILE && h.start && h.due);
    if (!target?.start || !target.due) throw new Error(`no handoff with start and due dates in ${SHOTS_FILE}`);
    const { start, due } = target;
    const selector = `g[data-handoff="${target.id}"]`;
    await page.locator('.part.editor .tab[aria-label^="Timeline"]').first().click();
    const frame = await workbench.webviewFrame(selector, { timeoutMs: 30_000 });
    const bar = frame.locator(`${selector} rect.hs-work`);
    await bar.scrollIntoViewIfNeeded();
    const pxPerDay = Number(await frame.locator('.hs-timeline').getAttribute('data-px-per-day'));
    const box = await bar.boundingBox();
    if (!box || !(pxPerDay > 0)) throw new Error(`cannot place the drag (box ${JSON.stringify(box)}, ${pxPerDay} px a day)`);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 7 * pxPerDay, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    const lines = async () => [await workbench.lineText(start.at.line), await workbench.lineText(due.at.line)];
    const moved = await until(`the YAML of ${target.id} to start later than ${start.value}`, async () => {
      const [startLine] = await lines();
      const value = /start: (\d{4}-\d{2}-\d{2})/.exec(startLine ?? '')?.[1];
      return value && value > start.value ? value : undefined;
    }, { timeoutMs: 20_000 });

    // The keys go to the timeline (the drag left the focus there), not to the editor.
    const timeline = async () => workbench.webviewFrame(selector, { timeoutMs: 5_000 });
    const focusedInTimeline = async () => (await timeline()).evaluate(() => document.hasFocus());
    await until('the focus in the timeline', focusedInTimeline, { timeoutMs: 10_000 });
    await page.keyboard.press('Control+Z');
    await until(`start: ${start.value} and due: ${due.value} back in the YAML`, async () => {
      const [startLine, dueLine] = await lines();
      return startLine?.includes(`start: ${start.value}`) && dueLine?.includes(`due: ${due.value}`);
    }, { timeoutMs: 15_000 });
    await until(`the bar of ${target.id} back at ${start.value}`, async () => (await (await timeline()).locator(selector).getAttribute('data-start')) === start.value, { timeoutMs: 15_000 });

    await until('the focus back in the timeline', focusedInTimeline, { timeoutMs: 10_000 });
    await page.keyboard.press('Control+Shift+Z');
    await until(`start: ${moved} in the YAML again`, async () => (await lines())[0]?.includes(`start: ${moved}`), { timeoutMs: 15_000 });
    await until(`the bar of ${target.id} at ${moved} again`, async () => (await (await timeline()).locator(selector).getAttribute('data-start')) === moved, { timeoutMs: 15_000 });

    // Left as found: one more undo from the timeline, and the file is clean.
    await until('the focus back in the timeline', focusedInTimeline, { timeoutMs: 10_000 });
    await page.keyboard.press('Control+Z');
    const tab = page.locator(`.part.editor .tab[aria-label^="${path.basename(start.at.file)}"]`).first();
    await until(`${path.basename(start.at.file)} to have no unsaved changes`, async () => !(await tab.getAttribute('class'))?.split(' ').includes('dirty'), { timeoutMs: 15_000 });
}

export const indentationSlipIsOneProblem: Journey = {
  name: 'a one-space indentation slip is one plain-language problem, and the timeline keeps its last good schedule',
  timeoutMs: 120_000,
  async run(context) {
    const { workbench } = context;
    const target = handoffIn(context, SHOTS_FILE, (h) => h.due !== undefined);
    await openAt(context, SHOTS_FILE);
    try {
      await slip(context, target);
    } finally {
      await revert(context, SHOTS_FILE);
    }
    await problemsEmpty(context, 'the Problems panel to be empty again');
    await until('the stale note to go', async () => !(await (await workbench.webviewFrame('g[data-handoff]', { timeoutMs: 5_000 })).locator('.hs-stale-note').count()), { timeoutMs: 20_000 });
  },
};

async function slip(context: JourneyContext, target: HandoffFacts): Promise<void> {
    const { page, workbench, facts } = context;
    const due = target.due!;
    // One space more before `due:`.
    await workbench.goTo({ line: due.at.line, column: 1 });
    await page.keyboard.type(' ');
    await context.workbench.showProblems();
    const problems = await until('exactly one problem, from yaml-syntax', async () => {
      const listed = (await workbench.problems()).problems;
      if (listed.length !== 1 || !listed[0].includes('yaml-syntax')) throw new Error(`listed: ${listed.join(' | ') || 'none'}`);
      return listed;
    }, { timeoutMs: 30_000 });
    const problem = problems[0];
    if (!/'due:' is indented 1 space more than/.test(problem) || !problem.includes(`[Ln ${due.at.line}, Col `)) throw new Error(`the problem reads: ${problem}`);
    if (/Nested mappings|Implicit keys/.test(problem)) throw new Error(`the parser's own words: ${problem}`);

    // The timeline still draws every bar, from the last good schedule, and says so.
    await page.locator('.part.editor .tab[aria-label^="Timeline"]').first().click();
    const frame = await workbench.webviewFrame('.hs-stale-note', { timeoutMs: 30_000 });
    const note = ((await frame.locator('.hs-stale-note').textContent()) ?? '').replace(/\s+/g, ' ');
    if (!note.includes(`${path.basename(SHOTS_FILE)} does not parse`)) throw new Error(`the note reads "${note}"`);
    const bars = await frame.locator('g[data-handoff]').count();
    if (bars !== facts.handoffs.length) throw new Error(`${bars} bars drawn while stale, ${facts.handoffs.length} handoffs`);
    const drawnDue = await frame.locator(`g[data-handoff="${target.id}"]`).getAttribute('data-due');
    if (drawnDue !== due.value) throw new Error(`the stale bar of ${target.id} is due ${drawnDue}, the last good YAML ${due.value}`);
    await context.shot('timeline-stale', { docs: 'screenshots/timeline-stale.png' });
}

export const narrowSplitShowsBars: Journey = {
  name: 'in a 900 px window split editor and timeline, the timeline shows bars and its whole toolbar',
  timeoutMs: 90_000,
  async run(context) {
    const { page, workbench } = context;
    const size = page.viewportSize();
    // As a user arranges it: the side bar closed, one file and the timeline beside it, in a 900 px window.
    await workbench.runCommand('View: Close All Editor Groups');
    await until('no editor open', async () => (await page.locator('.part.editor .tab').count()) === 0, { timeoutMs: 10_000 });
    if (await page.locator('.part.sidebar').isVisible()) await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    if (await page.locator('.part.panel').isVisible()) await workbench.runCommand('View: Hide Panel');
    await page.setViewportSize({ width: 900, height: 900 });
    try {
      await workbench.openFile(SHOTS_FILE);
      await workbench.runCommand('Handoff: Show Timeline');
      await until('the editor and the timeline side by side', async () => (await page.locator('.part.editor .editor-group-container:visible').count()) === 2, { timeoutMs: 15_000 });
      const frame: Frame = await workbench.webviewFrame('g[data-handoff]', { timeoutMs: 30_000 });
      // A handoff of the open file, gone to as a user does (the search box, Enter): its bar in view beside the lane names.
      const target = handoffIn(context, SHOTS_FILE);
      await frame.locator('.hs-search').fill(target.id);
      await frame.locator('.hs-search').press('Enter');
      const seen = await until(`the bar of ${target.id} in view right of the lane names, and every toolbar button inside the view`, async () => {
        const look = await frame.evaluate((id) => {
          const width = document.documentElement.clientWidth;
          const scroller = document.querySelector('.hs-scroll')!.getBoundingClientRect();
          const labels = document.querySelector('.hs-lanes')?.getBoundingClientRect();
          const left = Math.max(scroller.left, labels ? labels.right : 0);
          const inView = (rect: Element) => {
            const box = rect.getBoundingClientRect();
            return box.right > left && box.left < scroller.right && box.bottom > scroller.top && box.top < scroller.bottom;
          };
          const target = document.querySelector(`g[data-handoff="${CSS.escape(id)}"] rect.hs-work`);
          const bars = Array.from(document.querySelectorAll('rect.hs-work')).filter(inView).length;
          const buttons = Array.from(document.querySelectorAll('.hs-toolbar button')).map((button) => button.getBoundingClientRect());
          return {
            width,
            targetInView: target !== null && inView(target),
            bars,
            labelShare: labels ? labels.width / width : 0,
            clipped: buttons.filter((box) => box.right > width + 0.5 || box.width === 0).length,
          };
        }, target.id);
        if (!look.targetInView || look.clipped > 0 || look.labelShare > 0.4) throw new Error(JSON.stringify(look));
        return look;
      }, { timeoutMs: 20_000 });
      console.log(`    ${seen.width} px timeline: ${seen.bars} bars in view, lane names ${(seen.labelShare * 100).toFixed(0)}% of the width`);
      await context.shot('timeline-900px', { docs: 'screenshots/timeline-900px.png' });
    } finally {
      if (size) await page.setViewportSize(size);
      if (!(await page.locator('.part.sidebar').isVisible())) await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    }
  },
};

export const graphKeepsItsZoom: Journey = {
  name: 'the graph keeps its zoom when its tab is hidden and shown again',
  timeoutMs: 90_000,
  async run({ page, workbench }) {
    const graphTab = page.locator('.part.editor .tab[aria-label^="Graph"]').first();
    await graphTab.click();
    const frame = await workbench.webviewFrame('g[data-node]', { timeoutMs: 30_000 });
    const scaleOf = async (f: Frame) => (await f.locator('.hs-graph').first().getAttribute('data-scale')) ?? '';
    const before = await scaleOf(frame);
    await frame.getByRole('button', { name: 'Zoom in' }).click();
    await frame.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = await until('the graph to zoom in', async () => {
      const now = await scaleOf(frame);
      return now !== '' && now !== before ? now : undefined;
    }, { timeoutMs: 10_000 });
    // A file opened in the graph's group hides it; then the graph's tab again.
    await workbench.openFile(SHOTS_FILE);
    await until('the graph to be hidden', async () => !(await graphTab.getAttribute('class'))?.split(' ').includes('active'), { timeoutMs: 10_000 });
    await page.waitForTimeout(1_000);
    await graphTab.click();
    await until(`the graph back at scale ${zoomed}`, async () => {
      const shown = await workbench.webviewFrame('g[data-node]', { timeoutMs: 5_000 });
      const now = await scaleOf(shown);
      if (now !== zoomed) throw new Error(`scale ${now}`);
      return true;
    }, { timeoutMs: 20_000 });
  },
};
