// Drives VS Code's workbench in a browser page the way a person does: the
// command palette, quick open, the Problems panel, the suggest widget and
// webviews. Every wait polls for what the person would see, within a bound.
import type { Frame, Locator, Page } from 'playwright-core';

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until it returns something other than undefined, null or
 * false, and returns that; a probe that throws is called again. On time-out
 * the error says what was awaited and what the last look found (the last
 * value, or the first line of the last error).
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 200;
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = String(value);
    } catch (error) {
      last = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last look: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A one-based editor position, as the status bar shows it. */
export interface Position {
  line: number;
  column: number;
}

/** The cursor (the moving end of a selection) and how many characters are selected. */
export interface Cursor extends Position {
  selected: number;
}

export class Workbench {
  constructor(readonly page: Page) {}

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /** Opens the command palette or quick open with `text` typed in (`>` for commands, `:` for a line). */
  private async quickOpen(text: string): Promise<void> {
    const input = this.quickInput;
    // The widget may still be closing from the last command (visible but inert): then open it again.
    await until(`the command palette to take "${text}"`, async () => {
      if (!(await input.isVisible())) {
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 2_000 });
      }
      await input.fill(text, { timeout: 2_000 });
      return (await input.inputValue()) === text;
    }, { timeoutMs: 15_000, intervalMs: 300 });
  }

  private async closeQuickInput(): Promise<void> {
    if (!(await this.quickInput.isVisible())) return;
    await this.page.keyboard.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden', timeout: 5_000 });
  }

  /**
   * Runs a command by the title the palette shows, e.g. "Handoff: Show
   * Timeline". `opensPicker`: the command asks with a picker of its own, so
   * the quick input stays open.
   */
  async runCommand(title: string, options: { opensPicker?: boolean } = {}): Promise<void> {
    await this.quickOpen(`>${title}`);
    const row = await until(`the command "${title}" in the palette`, async () => {
      const rows = await this.quickInputRows();
      const index = rows.findIndex((label) => label === title || label.startsWith(`${title},`));
      return index >= 0 ? this.page.locator('.quick-input-list .monaco-list-row').nth(index) : undefined;
    }, { timeoutMs: 20_000 }).catch(async (error: Error) => {
      const rows = await this.quickInputRows().catch(() => []);
      await this.closeQuickInput();
      throw new Error(`${error.message}; the palette offers: ${rows.join(' | ') || 'nothing'}`);
    });
    await row.click();
    if (!options.opensPicker) await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** The titles of the commands the palette offers for `prefix`, read and then dismissed. */
  async commandsMatching(prefix: string): Promise<string[]> {
    await this.quickOpen(`>${prefix}`);
    const rows = await until(`commands matching "${prefix}"`, async () => {
      const labels = await this.quickInputRows();
      return labels.length > 0 ? labels : undefined;
    }, { timeoutMs: 10_000 }).catch(() => [] as string[]);
    await this.closeQuickInput();
    return rows.map((label) => label.split(',')[0]);
  }

  private async quickInputRows(): Promise<string[]> {
    return this.page
      .locator('.quick-input-list .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => (row.getAttribute('aria-label') ?? '').trim()));
  }

  /** Opens a file of the workspace through quick open, by its path relative to the folder. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop() ?? relativePath;
    await this.quickOpen(relativePath);
    let searchedSince = Date.now();
    // Enter can land while the file search is still settling and then opens nothing: click the result instead.
    await until(`the editor of ${name} to be active`, async () => {
      if (await this.quickInput.isVisible()) {
        const rows = await this.quickInputRows();
        const index = rows.findIndex((label) => label.startsWith(`${name} `) || label === name);
        if (index >= 0) await this.page.locator('.quick-input-list .monaco-list-row').nth(index).click({ timeout: 5_000 });
        else if (Date.now() - searchedSince > 10_000) {
          // A file written just before (a generated production) can be missing from a search begun
          // while the file watcher had not caught up: search again.
          await this.closeQuickInput();
          await this.quickOpen(relativePath);
          searchedSince = Date.now();
        }
        return false;
      }
      return (await this.activeEditorName()) === name;
    }, { timeoutMs: 45_000, intervalMs: 500 });
    await this.editorFocused();
  }

  /** The file name on the active editor tab, if any. */
  async activeEditorName(): Promise<string | undefined> {
    // One active tab per editor group: the active group's. Its label reads "name" or "name, Editor Group 2".
    const labels = await this.page
      .locator('.part.editor .editor-group-container.active .tabs-container .tab.active')
      .evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''));
    return labels[0]?.split(',')[0].trim() || undefined;
  }

  /** Waits until the text editor has the keyboard focus. */
  async editorFocused(): Promise<void> {
    await until('the text editor to have the focus', async () =>
      this.page.evaluate(() => Boolean(document.activeElement?.closest('.part.editor .monaco-editor'))),
    { timeoutMs: 10_000 });
  }

  /** Moves the cursor with "Go to Line/Column" and waits for the status bar to agree. */
  async goTo(position: Position): Promise<void> {
    await this.quickOpen(`:${position.line}:${position.column}`);
    await this.page.keyboard.press('Enter');
    await until(`the cursor at ${position.line}:${position.column}`, async () => {
      const now = await this.cursor();
      return now?.line === position.line && now.column === position.column;
    }, { timeoutMs: 10_000 });
  }

  /** The cursor position the status bar shows ("Ln 12, Col 5", "Ln 4, Col 25 (16 selected)"). */
  async cursor(): Promise<Cursor | undefined> {
    const item = this.page.locator('[id="status.editor.selection"]');
    if (!(await item.count())) return undefined;
    const match = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(await item.innerText());
    return match ? { line: Number(match[1]), column: Number(match[2]), selected: Number(match[3] ?? 0) } : undefined;
  }

  /**
   * The text of one line of the text editor (the active group's, else the
   * first one shown) as rendered, or undefined while it is out of view. Monaco renders only visible
   * lines, in no DOM order: the line-number gutter gives the row's top.
   */
  async lineText(line: number): Promise<string | undefined> {
    return this.page.evaluate((wanted) => {
      const editor =
        document.querySelector('.part.editor .editor-group-container.active .editor-instance .monaco-editor') ?? document.querySelector('.part.editor .editor-instance .monaco-editor');
      const number = Array.from(editor?.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers') ?? []).find((element) => element.textContent?.trim() === String(wanted));
      const top = number?.closest<HTMLElement>('div[style*="top"]')?.style.top;
      if (!editor || !top) return undefined;
      const row = Array.from(editor.querySelectorAll<HTMLElement>('.view-lines .view-line')).find((element) => element.style.top === top);
      return row?.textContent?.replace(/\u00a0/g, ' ');
    }, line);
  }

  /** Where a line of that same text editor is on screen (its top, in page pixels), or undefined out of view. */
  async lineTop(line: number): Promise<number | undefined> {
    return this.page.evaluate((wanted) => {
      const editor =
        document.querySelector('.part.editor .editor-group-container.active .editor-instance .monaco-editor') ?? document.querySelector('.part.editor .editor-instance .monaco-editor');
      const number = Array.from(editor?.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers') ?? []).find((element) => element.textContent?.trim() === String(wanted));
      return number?.getBoundingClientRect().top;
    }, line);
  }

  /**
   * Shows the Problems panel and leaves it shown. Ctrl+Shift+M toggles: pressed
   * while the panel already has the focus (as a journey before may leave it) it
   * hides the panel, so press only while the panel is not shown, and look again.
   */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    await until('the Problems panel', async () => {
      if (await panel.isVisible()) return true;
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible', timeout: 3_000 });
      return true;
    }, { timeoutMs: 15_000, intervalMs: 500 });
  }

  /** The rows of the Problems panel: one per problem, each followed by its related places. */
  async problems(): Promise<{ problems: string[]; related: string[] }> {
    const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
      elements.map((row) => ({
        problem: row.querySelector('.marker-icon') !== null,
        related: row.querySelector('.related-info-resource') !== null,
        text: (row as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      })),
    );
    return { problems: rows.filter((row) => row.problem).map((row) => row.text), related: rows.filter((row) => row.related).map((row) => row.text) };
  }

  /** The labels of the suggest widget's visible rows. */
  async suggestions(): Promise<string[]> {
    return this.page
      .locator('.editor-widget.suggest-widget.visible .monaco-list-row .label-name')
      .evaluateAll((labels) => labels.map((label) => (label.textContent ?? '').trim()));
  }

  /**
   * The frame of a webview panel whose content has `selector`. Webviews are
   * an iframe holding another iframe (the content); look through all frames.
   */
  async webviewFrame(selector: string, options: PollOptions = {}): Promise<Frame> {
    return until(`a webview showing ${selector}`, async () => {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        const found = await frame.$(selector).catch(() => null);
        if (found) return frame;
      }
      return undefined;
    }, options);
  }

  /** Picks a color theme the way a person does: "Preferences: Color Theme", then its name. */
  async setColorTheme(label: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme', { opensPicker: true });
    const row = await until(`the theme "${label}" in the picker`, async () => {
      if ((await this.quickInput.inputValue()) !== label) await this.quickInput.fill(label, { timeout: 2_000 });
      const rows = await this.quickInputRows();
      const index = rows.findIndex((text) => text === label || text.startsWith(`${label},`));
      return index >= 0 ? this.page.locator('.quick-input-list .monaco-list-row').nth(index) : undefined;
    }, { timeoutMs: 10_000 });
    await row.click();
    await this.quickInput.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Applies the quick fix titled `title` at the cursor (Ctrl+., again while nothing is offered). */
  async quickFix(title: string): Promise<void> {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    await until(`the quick fix "${title}"`, async () => {
      if (await rows.filter({ hasText: title }).count()) return true;
      const offered = (await rows.allInnerTexts()).map((text) => text.trim());
      if (offered.length === 0) {
        await this.editorFocused();
        await this.page.keyboard.press('Control+.');
      }
      throw new Error(`offered: ${offered.join(' | ') || 'nothing'}`);
    }, { timeoutMs: 20_000, intervalMs: 1_000 });
    await rows.filter({ hasText: title }).first().click();
  }

  /** Shows one editor (a panel's tab, by the start of its title) alone: its group maximized, side bars and panel hidden. */
  async maximizeEditor(tabTitle: string): Promise<void> {
    await this.page.locator(`.part.editor .tab[aria-label^="${tabTitle}"]`).first().click();
    await this.runCommand('View: Maximize Editor Group and Hide Side Bars');
    await until('the side bar to hide', async () => !(await this.page.locator('.part.sidebar').isVisible()), { timeoutMs: 10_000 });
    if (await this.page.locator('.part.panel').isVisible()) {
      await this.runCommand('View: Hide Panel');
      await until('the panel to hide', async () => !(await this.page.locator('.part.panel').isVisible()), { timeoutMs: 10_000 });
    }
  }

  /** "Developer: Reload Window", then waits for the new page's workbench (a mark set on the old page tells them apart). */
  async reloadWindow(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { beforeReload?: boolean }).beforeReload = true;
    });
    await this.runCommand('Developer: Reload Window');
    await until('the window to reload', async () => !(await this.page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload === true).catch(() => true)), { timeoutMs: 60_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  }

  /** Undoes maximizeEditor: every editor group and the explorer back. */
  async restoreEditors(): Promise<void> {
    await this.runCommand('View: Toggle Maximize Editor Group');
    await until('more than one editor group', async () => (await this.page.locator('.part.editor .editor-group-container:visible').count()) > 1, { timeoutMs: 10_000 });
    if (!(await this.page.locator('.part.sidebar').isVisible())) await this.runCommand('View: Toggle Primary Side Bar Visibility');
  }
}
