// Deterministic generator of a delivery folder for `handoff audit` benchmarks,
// matching the workspace bench/generate.ts writes: a folder per handoff
// (h000000, h000001, ...) of frame sequences named after the handoff's
// template `{show}_{shot}_{layer}_t<T>_v{version:3}.{frame:4}.exr`, two
// versions of 50 frames each, and optionally a sha256sum manifest.
//   node out/bench/generateDelivery.js <folder> <file count> [--manifest]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Templates of bench/generate.ts: handoff i uses t(i mod 24). */
const TEMPLATES = 24;
const VERSIONS = 2;
const FRAMES = 50;

export interface GeneratedDelivery {
  folder: string;
  files: number;
  handoffs: number;
  bytes: number;
  manifest?: string;
}

export function generateDelivery(folder: string, fileCount: number, withManifest = false): GeneratedDelivery {
  const perHandoff = VERSIONS * FRAMES;
  const handoffs = Math.ceil(fileCount / perHandoff);
  const manifest: string[] = [];
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < handoffs && files < fileCount; i++) {
    const id = `h${String(i).padStart(6, '0')}`;
    const shot = `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}${String(i % 10_000).padStart(4, '0')}`;
    const dir = path.join(folder, id, shot);
    mkdirSync(dir, { recursive: true });
    for (let version = 1; version <= VERSIONS && files < fileCount; version++) {
      for (let frame = 1001; frame < 1001 + FRAMES && files < fileCount; frame++) {
        const name = `bigshow_${shot}_beauty_t${i % TEMPLATES}_v${String(version).padStart(3, '0')}.${frame}.exr`;
        const content = `${id} v${version} ${frame}`;
        writeFileSync(path.join(dir, name), content);
        if (withManifest) manifest.push(`${createHash('sha256').update(content).digest('hex')}  ${id}/${shot}/${name}\n`);
        files++;
        bytes += content.length;
      }
    }
  }
  const result: GeneratedDelivery = { folder, files, handoffs, bytes };
  if (withManifest) {
    result.manifest = path.join(folder, 'manifest.sha256');
    writeFileSync(result.manifest, manifest.join(''));
  }
  return result;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const withManifest = args.includes('--manifest');
  const [folder, count] = args.filter((arg) => arg !== '--manifest');
  const n = Number(count);
  if (!folder || !Number.isInteger(n) || n < 1) {
    process.stderr.write('Usage: node out/bench/generateDelivery.js <folder> <file count> [--manifest]\n');
    process.exit(2);
  }
  const result = generateDelivery(folder, n, withManifest);
  process.stdout.write(`${result.files} files for ${result.handoffs} handoffs (${(result.bytes / 1e6).toFixed(1)} MB) under ${folder}${result.manifest ? `, manifest ${result.manifest}` : ''}\n`);
}
