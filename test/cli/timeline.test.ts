import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scheduleView } from '../../server/src/core/features/scheduleView';
import { handoffGraph } from '../../server/src/core/features/graph';
import { loadFolder } from '../../server/src/cli/load';
import { unpackModel } from '../../server/src/core/features/packedModel';
import { CLI, ensureCliBundle, FIXTURES, handoff, handoffIn, ROOT, withTempFolder } from './cliProcess';

const NIGHTFALL = path.join(ROOT, 'examples', 'nightfall');

/** The example production as the core sees it: what the pages must carry. */
function nightfall() {
  const production = loadFolder(NIGHTFALL).workspace.productions().find((p) => p.production !== undefined)!;
  return { schedule: scheduleView(production, '2027-01-15'), graph: handoffGraph(production) };
}

/** The model in `<script type="application/json" id="model">`, packed (the renderer unpacks it the same way). */
function embeddedModel(page: string): unknown {
  const match = /<script type="application\/json" id="model">([^<]*)<\/script>/.exec(page);
  assert.ok(match, 'the page embeds its model');
  return unpackModel(match[1]);
}

/** A page fit to open anywhere: a strict policy, two scripts of its own, nothing fetched. */
function assertSelfContained(page: string): void {
  assert.match(page, /^<!DOCTYPE html>/);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
  assert.match(csp ?? '', /^default-src 'none'; style-src 'nonce-([^']+)'; script-src 'nonce-\1'; img-src data:$/);
  const nonce = /'nonce-([^']+)'/.exec(csp!)![1];
  assert.equal(page.match(/<script\b/g)?.length, 2);
  assert.ok(page.includes(`<script nonce="${nonce}">`) && page.includes(`<style nonce="${nonce}">`));
  // The only URL is the SVG namespace, which names and fetches nothing.
  const urls = (page.match(/\bhttps?:\/\/[^\s"'<>)]+/g) ?? []).filter((url) => url !== 'http://www.w3.org/2000/svg');
  assert.deepEqual(urls, []);
  assert.doesNotMatch(page, /<(?:img|link|iframe|object|embed|script)\b[^>]*\s(?:src|href)\s*=/i);
}

describe('cli: handoff timeline', function () {
  this.timeout(30_000);

  before(() => {
    ensureCliBundle();
    if (!existsSync(path.join(ROOT, 'dist', 'webview', 'timeline.js'))) {
      throw new Error('dist/webview/timeline.js is missing; run npm run build');
    }
  });

  it('writes the example production as a standalone page', () => {
    withTempFolder('handoff-timeline-', (folder) => {
      const out = path.join(folder, 'plan.html');
      const { status, stdout, stderr } = handoff('timeline', NIGHTFALL, '--out', out, '--today', '2027-01-15');
      assert.equal(status, 0, stderr);
      const expected = nightfall().schedule;
      const conflicts = expected.handoffs.filter((h) => h.conflict).length;
      assert.equal(stdout.trim(), `wrote ${out} (nightfall: ${expected.handoffs.length} handoffs, ${conflicts} in conflict)`);
      const page = readFileSync(out, 'utf8');
      assertSelfContained(page);
      // The page is ASCII only (Chromium decodes it faster): the dash is a character reference.
      assert.match(page, /<title>Nightfall &#x2014; timeline<\/title>/);
      assert.doesNotMatch(page, /[^\x00-\x7f]/);
      // Source locations are embedded relative to the folder read, so the page names no absolute path.
      const base = `${pathToFileURL(NIGHTFALL).href}/`;
      const relative = JSON.parse(JSON.stringify(expected, (key, value: unknown) => (key === 'uri' && typeof value === 'string' ? value.replace(base, '') : value)));
      assert.deepEqual(embeddedModel(page), relative, 'the page carries the schedule the core computes');
      assert.ok(page.includes(readFileSync(path.join(ROOT, 'dist', 'webview', 'timeline.js'), 'utf8').slice(0, 200)), 'the renderer is inlined');
    });
  });

  it('writes timeline.html in the current folder by default', () => {
    withTempFolder('handoff-timeline-', (folder) => {
      const { status, stderr } = handoffIn(folder, 'timeline', NIGHTFALL);
      assert.equal(status, 0, stderr);
      assert.deepEqual(readdirSync(folder), ['timeline.html']);
    });
  });

  it('writes one page per production, or the one --production names', () => {
    withTempFolder('handoff-timeline-', (folder) => {
      cpSync(path.join(FIXTURES, 'base'), path.join(folder, 'specs', 'base'), { recursive: true });
      cpSync(NIGHTFALL, path.join(folder, 'specs', 'nightfall'), { recursive: true });
      const all = handoffIn(folder, 'timeline', 'specs', '--out', 'plan.html');
      assert.equal(all.status, 0, all.stderr);
      assert.deepEqual(readdirSync(folder).filter((name) => name.endsWith('.html')).sort(), ['plan-nightfall.html', 'plan-testprod.html']);
      assert.equal((embeddedModel(readFileSync(path.join(folder, 'plan-testprod.html'), 'utf8')) as { production: { id: string } }).production.id, 'testprod');

      const one = handoffIn(folder, 'timeline', 'specs', '--production', 'testprod', '--out', 'one.html');
      assert.equal(one.status, 0, one.stderr);
      assert.equal((embeddedModel(readFileSync(path.join(folder, 'one.html'), 'utf8')) as { production: { id: string } }).production.id, 'testprod');

      const typo = handoffIn(folder, 'timeline', 'specs', '--production', 'testprd');
      assert.equal(typo.status, 2);
      assert.match(typo.stderr, /no production 'testprd' under 'specs'; did you mean 'testprod'\?/);
      const stdout = handoffIn(folder, 'timeline', 'specs', '--out', '-');
      assert.equal(stdout.status, 2);
      assert.match(stdout.stderr, /several productions \(testprod, nightfall\); pick one with --production/);
    });
  });

  it('prints the page with --out -', () => {
    const { status, stdout, stderr } = handoff('timeline', 'test/fixtures/base', '--out', '-', '--today', '2027-01-15');
    assert.equal(status, 0, stderr);
    assertSelfContained(stdout);
    assert.equal((embeddedModel(stdout) as { production: { title: string } }).production.title, 'Test Production');
  });

  it('says what to run when the renderer was not built', () => {
    withTempFolder('handoff-timeline-', (folder) => {
      // The bundled command on its own, without the webview/ folder beside it.
      const lonely = path.join(folder, 'cli.js');
      copyFileSync(CLI, lonely);
      const run = spawnSync(process.execPath, [lonely, 'timeline', NIGHTFALL, '--out', path.join(folder, 'x.html')], { encoding: 'utf8' });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /^handoff: the timeline page renderer is missing \(webview\/timeline\.js next to the handoff command\); run npm run build\n$/);
      assert.equal(existsSync(path.join(folder, 'x.html')), false);
    });
  });

  it('lists timeline in the help', () => {
    const { stdout } = handoff('--help');
    assert.match(stdout, /timeline \[dir\]/);
    assert.match(stdout, /--production <id>/);
  });
});

describe('cli: handoff graph --format html', function () {
  this.timeout(30_000);

  before(() => ensureCliBundle());

  it('prints a standalone page of the graph to stdout', () => {
    const { status, stdout, stderr } = handoff('graph', 'test/fixtures/base', '--format', 'html');
    assert.equal(status, 0, stderr);
    assertSelfContained(stdout);
    const graph = embeddedModel(stdout) as { kind: string; nodes: { id: string }[] };
    assert.equal(graph.kind, 'handoffs');
    assert.deepEqual(graph.nodes.map((node) => node.id), ['handoff:fx-sim-sq010', 'handoff:fx-to-comp-sq010', 'milestone:picture-lock']);
  });

  it('writes it to --out', () => {
    withTempFolder('handoff-graph-', (folder) => {
      const out = path.join(folder, 'graph.html');
      const { status, stdout, stderr } = handoff('graph', NIGHTFALL, '--format', 'html', '--out', out);
      assert.equal(status, 0, stderr);
      assert.equal(stdout.trim(), `wrote ${out} (1 graph, ${nightfall().graph.nodes.length} nodes)`);
      assertSelfContained(readFileSync(out, 'utf8'));
    });
  });
});
