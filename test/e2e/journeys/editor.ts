// Journeys in the text editor: the workbench comes up with the extension,
// a seeded error reaches the Problems panel and the status bar, completion
// offers the production's departments after `from: `, and the error's quick
// fix clears it.
import * as path from 'node:path';
import { SEEDED, type Journey } from './journey';
import { until } from './workbench';

export const opensTheProduction: Journey = {
  name: 'VS Code opens the production and the extension contributes its commands',
  timeoutMs: 150_000,
  async run({ page, workbench, url }) {
    await page.goto(url, { timeout: 60_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await until('the explorer to list the production file', async () => {
      const names = await page.locator('.explorer-folders-view .monaco-list-row').allInnerTexts();
      return names.some((name) => name.trim().endsWith('.production.yaml'));
    }, { timeoutMs: 30_000 });
    const commands = await until('the Handoff commands in the palette', async () => {
      const titles = await workbench.commandsMatching('Handoff: Show');
      return titles.includes('Handoff: Show Timeline') ? titles : undefined;
    }, { timeoutMs: 30_000 });
    console.log(`    palette: ${commands.join(', ')}`);
  },
};

export const problemsShowTheSeededError: Journey = {
  name: 'the Problems panel shows the seeded error where the CLI reports it',
  timeoutMs: 120_000,
  async run({ page, workbench, facts }) {
    if (facts.diagnostics.length === 0) throw new Error('the CLI reports nothing for the seeded workspace: the seed did not take');
    await workbench.openFile(SEEDED.file);
    await workbench.showProblems();
    const at = (place: { line: number; column: number }) => `[Ln ${place.line}, Col ${place.column}]`;
    const expected = facts.diagnostics;
    await until(`the Problems panel to list ${expected.map((d) => `"${d.message}" ${at(d)}`).join(', ')}`, async () => {
      const { problems, related } = await workbench.problems();
      const missing = expected.filter((d) => !problems.some((row) => row.includes(d.message) && row.includes(at(d)) && row.includes(d.rule)));
      const missingRelated = expected.flatMap((d) => d.related).filter((r) => !related.some((row) => row.includes(path.basename(r.file)) && row.includes(at(r)) && row.includes(r.message)));
      if (missing.length > 0 || missingRelated.length > 0) throw new Error(`problems: ${problems.join(' | ') || 'none'}; related: ${related.join(' | ') || 'none'}`);
      return true;
    }, { timeoutMs: 60_000 });
    // Nothing more than the CLI reports: the server and the CLI share one core and one `today`.
    const { problems } = await workbench.problems();
    if (problems.length !== expected.length) {
      throw new Error(`the Problems panel lists ${problems.length} problems, the CLI ${expected.length}: ${problems.join(' | ')}`);
    }
    // The status bar counts the errors of the production being edited.
    const errors = expected.filter((d) => d.severity === 'error').length;
    const production = path.basename(facts.productionFile).replace(/\.production\.ya?ml$/, '');
    const status = `${production}: ${errors} error${errors === 1 ? '' : 's'}`;
    await until(`the status bar to read "${status}"`, async () => {
      const items = (await page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((text) => text.trim());
      return items.includes(status) || undefined;
    }, { timeoutMs: 15_000 });
    // The seeded file's own editor shows the error as a squiggle.
    await until('an error squiggle in the editor', async () => (await page.locator('.part.editor .editor-instance .squiggly-error').count()) > 0, { timeoutMs: 15_000 });
  },
};

export const completionOffersDepartments: Journey = {
  name: 'completion after "from: " offers the department ids',
  timeoutMs: 90_000,
  async run({ page, workbench, facts, shot }) {
    const target = facts.handoffs.find((h) => h.from.at.file === SEEDED.file && facts.departments.includes(h.from.value));
    if (!target) throw new Error(`no handoff in ${SEEDED.file} comes from a known department`);
    const { value, at } = target.from;
    if ((await workbench.activeEditorName()) !== path.basename(at.file)) await workbench.openFile(at.file);
    await page.keyboard.press('Escape');
    await workbench.goTo({ line: at.line, column: at.column + value.length });
    const original = await until(`line ${at.line} to read "from: ${value}"`, async () => {
      const text = await workbench.lineText(at.line);
      return text?.trimEnd().endsWith(`from: ${value}`) ? text : undefined;
    }, { timeoutMs: 10_000 });
    for (let i = 0; i < value.length; i++) await page.keyboard.press('Backspace');
    await until(`line ${at.line} to end in "from: "`, async () => (await workbench.lineText(at.line))?.trimEnd().endsWith('from:'), { timeoutMs: 10_000 });

    // Every department, as far as the widget's twelve visible rows go (Ctrl+Space again while it stays closed).
    const wanted = Math.min(facts.departments.length, 12);
    const offered = await until(`the suggest widget to offer ${wanted} department ids`, async () => {
      const labels = await workbench.suggestions();
      if (labels.length === 0) await page.keyboard.press('Control+Space');
      return labels.filter((label) => facts.departments.includes(label)).length >= wanted ? labels : undefined;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    await shot('suggestions');
    console.log(`    offered: ${offered.join(', ')}`);
    const strangers = offered.filter((label) => !facts.departments.includes(label));
    if (strangers.length > 0) throw new Error(`after "from: " completion also offers ${strangers.join(', ')}, which are not departments`);

    // Accepting an item writes exactly that id after "from: ", nothing doubled or lost.
    const index = (await workbench.suggestions()).indexOf(value);
    if (index < 0) throw new Error(`"${value}" is no longer offered`);
    await page.locator('.editor-widget.suggest-widget.visible .monaco-list-row').nth(index).click();
    await until(`line ${at.line} to read "${original.trim()}" again`, async () => (await workbench.lineText(at.line)) === original, { timeoutMs: 10_000 });
  },
};

export const quickFixClearsTheError: Journey = {
  name: 'the quick fix of the seeded error clears the Problems panel',
  timeoutMs: 90_000,
  async run({ page, workbench, facts, shot }) {
    const seeded = facts.diagnostics.find((d) => d.file === SEEDED.file && d.rule === 'unknown-reference');
    if (!seeded) throw new Error(`the CLI reports no unknown-reference in ${SEEDED.file}`);
    if ((await workbench.activeEditorName()) !== path.basename(SEEDED.file)) await workbench.openFile(SEEDED.file);
    await page.keyboard.press('Escape');
    await workbench.goTo({ line: seeded.line, column: seeded.column });
    await workbench.quickFix(SEEDED.fix);
    await until(`line ${seeded.line} to read "${SEEDED.replace}"`, async () => (await workbench.lineText(seeded.line))?.trim() === SEEDED.replace, { timeoutMs: 10_000 });
    await page.keyboard.press('Control+S');
    await until('the Problems panel to empty', async () => {
      const { problems } = await workbench.problems();
      if (problems.length > 0) throw new Error(`still listed: ${problems.join(' | ')}`);
      return true;
    }, { timeoutMs: 30_000 });
    await until('the editor tab to be saved', async () => !(await page.locator('.part.editor .tab.active.dirty').count()), { timeoutMs: 10_000 });
    await shot('fixed');
  },
};
