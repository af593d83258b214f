// Journeys at the size of a real show: a generated production of a few
// thousand handoffs beside the example, its timeline opened, narrowed by a
// filter and a lane collapsed, then its dependency graph as a summary of
// departments and as the neighbourhood of one handoff.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { generateWorkspace } from '../../../bench/generate';
import type { Journey } from './journey';
import { until } from './workbench';

/** Handoffs in the generated production: windowed drawing and department summaries, and quick to analyse. */
const LARGE = 3000;
/** Its folder in the workspace copy. */
const FOLDER = 'bigshow';

/** Every `status:` written in the generated handoff files, counted by value ("planned" when none). */
function statusCounts(folder: string): Map<string, number> {
  const counts = new Map<string, number>();
  const dir = path.join(folder, 'handoffs');
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    // Each handoff starts with its id; its own status (4 spaces in) follows before the next id.
    for (const handoff of text.split(/^ {2}- id: /m).slice(1)) {
      const status = /^ {4}status: (\S+)$/m.exec(handoff)?.[1] ?? 'planned';
      counts.set(status, (counts.get(status) ?? 0) + 1);
    }
  }
  return counts;
}

const drawnBars = (frame: Frame) => frame.locator('g[data-handoff]').evaluateAll((bars) => bars.map((bar) => ({ id: bar.getAttribute('data-handoff') ?? '', lane: bar.getAttribute('data-lane') ?? '', classes: bar.getAttribute('class') ?? '' })));

export const largeTimelineFiltersAndCollapses: Journey = {
  name: `the timeline of a ${LARGE.toLocaleString('en')}-handoff production opens, a filter narrows its bars, a collapsed lane hides its rows; its graph summarises departments`,
  timeoutMs: 240_000,
  async run({ workbench, folder, shot }) {
    const large = path.join(folder, FOLDER);
    generateWorkspace(large, LARGE);
    const counts = statusCounts(large);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total !== LARGE) throw new Error(`the generated files hold ${total} handoffs, not ${LARGE}`);
    const inProgress = counts.get('in_progress') ?? 0;
    if (!(inProgress > 0 && inProgress < LARGE)) throw new Error(`${inProgress} handoffs in progress: the filter would narrow nothing`);

    // Hundreds of files written outside the editor at once, as a checkout or a sync does: a reloaded
    // window reads the folder afresh rather than taking them one watcher event at a time.
    await workbench.reloadWindow();
    // The timeline follows the production of the active spec file.
    await workbench.openFile(`${FOLDER}/handoffs/f00000.handoff.yaml`);
    await workbench.runCommand('Handoff: Show Timeline');
    // Alone on screen, as the docs show it.
    await workbench.maximizeEditor('Timeline');
    const frame = await workbench.webviewFrame(`.hs-minimap[data-bars="${LARGE}"]`, { timeoutMs: 120_000, intervalMs: 1_000 });
    await until(`"${LARGE} shown" and only the bars around the view drawn`, async () => {
      const [count, bars] = [await frame.locator('.hs-filter-count').textContent(), await drawnBars(frame)];
      if (count !== `${LARGE} shown` || bars.length === 0 || bars.length >= LARGE / 2) throw new Error(`"${count}", ${bars.length} bars drawn`);
      return true;
    }, { timeoutMs: 30_000 });

    // The status filter: only handoffs in progress, as many as the files say.
    await frame.locator('.hs-filter-status').selectOption('in_progress');
    await until(`"${inProgress} of ${LARGE} shown", every bar drawn in progress`, async () => {
      const [count, bars] = [await frame.locator('.hs-filter-count').textContent(), await drawnBars(frame)];
      const others = bars.filter((bar) => !bar.classes.split(' ').includes('hs-status-in_progress'));
      if (count !== `${inProgress} of ${LARGE} shown` || bars.length === 0 || others.length > 0) {
        throw new Error(`"${count}", ${bars.length} bars drawn, ${others.length} not in progress (${others.slice(0, 3).map((b) => b.id).join(', ')})`);
      }
      return true;
    }, { timeoutMs: 30_000 });
    await shot('timeline at scale, filtered', { docs: 'screenshots/timeline-scale.png' });

    // Collapsing the lane of the first bar drawn hides its rows; the other lanes keep theirs.
    const bars = await drawnBars(frame);
    const lane = bars[0].lane;
    const others = bars.filter((bar) => bar.lane !== lane).length;
    if (others === 0) throw new Error(`only the ${lane} lane has bars in view: no near miss`);
    const label = frame.locator(`.hs-lane-label[data-lane="${lane}"]`);
    const before = (await label.boundingBox())?.height ?? 0;
    await label.locator('.hs-lane-toggle').click();
    await until(`the ${lane} lane collapsed, its bars gone, the other lanes' kept`, async () => {
      const after = await drawnBars(frame);
      const expanded = await label.locator('.hs-lane-toggle').getAttribute('aria-expanded');
      const height = (await label.boundingBox())?.height ?? 0;
      const inLane = after.filter((bar) => bar.lane === lane).length;
      if (expanded !== 'false' || inLane > 0 || after.length === 0 || !(height < before)) throw new Error(`expanded ${expanded}, ${inLane} bars in ${lane}, ${after.length} in all, label ${before} → ${height} px`);
      return true;
    }, { timeoutMs: 15_000 });
    const hidden = (await label.locator('.hs-lane-count').textContent()) ?? '';
    if (!/^\d+ hidden$/.test(hidden)) throw new Error(`the collapsed lane reads "${hidden}"`);
    await shot('timeline at scale, a lane collapsed', { docs: 'screenshots/timeline-scale-collapsed.png' });

    // The graph of that many handoffs: a summary of departments, never a layout of every node.
    await workbench.restoreEditors();
    // From the production file (a handoff file's graph is that handoff's neighbourhood).
    await workbench.openFile(`${FOLDER}/studio.production.yaml`);
    await workbench.runCommand('Handoff: Show Dependency Graph');
    await workbench.webviewFrame('[data-mode="departments"] g[data-node]', { timeoutMs: 90_000 });
    await workbench.maximizeEditor('Graph');
    const graph = await workbench.webviewFrame('[data-mode="departments"] g[data-node]', { timeoutMs: 30_000 });
    const departments = await until('the department summary', async () => {
      const nodes = await graph.locator('g[data-node]').count();
      return nodes > 1 && nodes <= 20 ? nodes : undefined;
    }, { timeoutMs: 20_000 });
    await shot('graph department summary', { docs: 'screenshots/graph-departments.png' });
    // A handoff searched for: its neighbourhood, a few nodes out of thousands.
    const focus = bars.find((bar) => bar.lane !== lane)?.id ?? bars[0].id;
    await graph.locator('.hs-graph-search').fill(focus);
    await graph.locator('.hs-graph-search').press('Enter');
    await until(`the neighbourhood of ${focus}`, async () => {
      const mode = await graph.locator('[data-mode]').first().getAttribute('data-mode');
      const nodes = await graph.locator('g[data-node]').count();
      const focused = await graph.locator('g[data-node].hs-focused').count();
      const named = (await graph.locator('g[data-node].hs-focused').getAttribute('aria-label').catch(() => '')) ?? '';
      if (mode !== 'neighbourhood' || focused !== 1 || !named.includes(focus) || nodes < 2 || nodes >= LARGE / 10) throw new Error(`mode ${mode}, ${nodes} nodes, ${focus} drawn ${focused} times (summary had ${departments})`);
      return true;
    }, { timeoutMs: 20_000 });
    await shot('graph neighbourhood', { docs: 'screenshots/graph-neighbourhood.png' });
    await workbench.restoreEditors();
  },
};
