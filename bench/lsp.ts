// Measures the language server on a generated workspace over stdio: time from
// initialize to diagnostics for every file, edit → diagnostics, completion,
// and the server's peak memory. `npm run bench -- <handoffs>`.
import { readFileSync, existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CompletionRequest, type CompletionItem, type CompletionList } from 'vscode-languageserver-protocol';
import { TestClient, uriOf } from '../test/protocol/client';
import { generateWorkspace } from './generate';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function peakRssMb(pid: number): number {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return NaN;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10000);
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
  try {
    const generated = generateWorkspace(folder, count);
    process.stdout.write(`Workspace: ${count} handoffs, ${generated.files} files, ${(generated.bytes / 1e6).toFixed(1)} MB\n`);
    const started = performance.now();
    const client = await TestClient.start(folder, { settings: { today: '2027-01-15' } });
    await client.waitFor('diagnostics for every file', () => new Set(client.published.map((p) => p.uri)).size >= generated.files, 600_000);
    const cold = performance.now() - started;

    const target = path.join(folder, 'handoffs', 'f00100.handoff.yaml');
    const uri = uriOf(target);
    const text = readFileSync(target, 'utf8');
    await client.open(uri, text);
    await client.waitFor('open diagnostics', () => client.published.some((p) => p.uri === uri && p.version === 1));

    const edits: number[] = [];
    for (let i = 0; i < 40; i++) {
      const edited = i % 2 === 0 ? text.replace('template: t', 'template: x') : text;
      const t0 = performance.now();
      const version = await client.change(uri, edited);
      await client.waitFor('edit diagnostics', () => client.published.some((p) => p.uri === uri && p.version === version), 60_000);
      edits.push(performance.now() - t0);
    }

    const completions: number[] = [];
    let offered = 0;
    const lines = text.split('\n');
    const fromLine = lines.findIndex((line) => line.startsWith('    from: '));
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const result = await client.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { line: fromLine, character: lines[fromLine].length },
      });
      completions.push(performance.now() - t0);
      offered = (Array.isArray(result) ? result : ((result as CompletionList | null)?.items ?? [])).length as number;
      void (undefined as CompletionItem | undefined);
    }
    const pid = (client as unknown as { child: { pid: number } }).child.pid;
    const rss = peakRssMb(pid);
    await client.stop();
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    process.stdout.write(
      [
        `initialize → diagnostics for all ${generated.files} files: ${ms(cold)}`,
        `edit → diagnostics: p50 ${ms(percentile(edits, 50))}, p95 ${ms(percentile(edits, 95))}, max ${ms(Math.max(...edits))}`,
        `completion at from: (${offered} items): p50 ${percentile(completions, 50).toFixed(1)} ms, p95 ${percentile(completions, 95).toFixed(1)} ms`,
        `server peak RSS: ${rss.toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
