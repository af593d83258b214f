import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function handoff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli: handoff graph', function () {
  before(function () {
    if (!existsSync(CLI)) {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(build.status, 0, `the CLI bundle did not build: ${build.stderr}`);
    }
  });

  it('prints the base fixture as a Mermaid flowchart', () => {
    const { status, stdout, stderr } = handoff('graph', 'test/fixtures/base', '--format', 'mermaid');
    assert.equal(status, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'flowchart LR');
    assert.ok(lines.includes('  n0["fx-sim-sq010"]'), stdout);
    assert.ok(lines.includes('  n1["fx-to-comp-sq010"]'), stdout);
    assert.ok(lines.includes('  n2{{"picture-lock"}}'), stdout);
    assert.ok(lines.includes('  n0 --> n1'), stdout);
    assert.ok(lines.includes('  n1 -.->|feeds| n2'), stdout);
    assert.ok(lines.some((line) => /^  style n0 fill:#61afef/.test(line)), stdout);
  });

  it('prints DOT by default and JSON on request', () => {
    const dot = handoff('graph', 'test/fixtures/base');
    assert.equal(dot.status, 0, dot.stderr);
    assert.match(dot.stdout, /^digraph "testprod" \{\n  rankdir=LR;/);
    assert.match(dot.stdout, /n0 \[label="fx-sim-sq010", fillcolor="#61afef"/);
    assert.match(dot.stdout, /n0 -> n1;/);
    assert.ok(dot.stdout.trimEnd().endsWith('}'));

    const json = handoff('graph', 'test/fixtures/base', '--format', 'json');
    assert.equal(json.status, 0, json.stderr);
    const graphs = JSON.parse(json.stdout);
    assert.equal(graphs.length, 1);
    assert.equal(graphs[0].kind, 'handoffs');
    assert.deepEqual(
      graphs[0].edges.map((edge: { from: string; to: string }) => `${edge.from} -> ${edge.to}`),
      ['handoff:fx-sim-sq010 -> handoff:fx-to-comp-sq010', 'handoff:fx-to-comp-sq010 -> milestone:picture-lock'],
    );
  });

  it('focuses on a handoff with a depth', () => {
    const { status, stdout, stderr } = handoff('graph', 'test/fixtures/base', '--format', 'json', '--focus', 'fx-sim-sq010', '--depth', '0');
    assert.equal(status, 0, stderr);
    const [graph] = JSON.parse(stdout);
    assert.deepEqual(graph.focus, { handoff: 'fx-sim-sq010', depth: 0 });
    assert.deepEqual(graph.nodes.map((node: { id: string }) => node.id), ['handoff:fx-sim-sq010']);
    assert.deepEqual(graph.nodes[0].more, { upstream: 0, downstream: 1 });
  });

  it('rejects a misused command with exit code 2 and one clear line', () => {
    const unknown = handoff('graph', 'test/fixtures/base', '--focus', 'fx-sim-sq01');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no handoff 'fx-sim-sq01'.*did you mean 'fx-sim-sq010'\?/);
    const format = handoff('graph', 'test/fixtures/base', '--format', 'png');
    assert.equal(format.status, 2);
    assert.match(format.stderr, /unknown --format 'png'; use one of dot, mermaid, json/);
    assert.equal(handoff('graph', 'test/fixtures/base', '--depth', '2').status, 2);
    assert.equal(handoff('graph', 'test/fixtures/base', '--focus', 'fx-sim-sq010', '--depth', 'two').status, 2);
  });

  it('prints one graph per production', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'handoff-graph-'));
    try {
      cpSync(path.join(ROOT, 'test', 'fixtures', 'base'), path.join(dir, 'one'), { recursive: true });
      cpSync(path.join(ROOT, 'test', 'fixtures', 'base'), path.join(dir, 'two'), { recursive: true });
      const { status, stdout, stderr } = handoff('graph', dir, '--format', 'dot');
      assert.equal(status, 0, stderr);
      const graphs = stdout.trimEnd().split('\n\n');
      assert.equal(graphs.length, 2);
      for (const graph of graphs) {
        assert.match(graph, /^digraph "testprod" \{/);
        assert.ok(graph.endsWith('}'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists graph in the help', () => {
    const { stdout } = handoff('--help');
    assert.match(stdout, /graph \[dir\]/);
    assert.match(stdout, /--focus <handoff-id>/);
  });
});
