// The floor: what the bytes of a workspace cost at the least, in one fresh
// process on one thread — read every spec file, parse it with yaml's
// parseDocument, and validate its value against the JSON Schema of its kind
// with ajv. Run as a child process so that it starts as cold as a server does.
// Prints one JSON line: { files, bytes, readMs, parseMs, validateMs, totalMs,
// roads }. `roads` then times each of our three parse roads (core/parse/) on
// its own over the same texts, after the floor, and counts the files it reads.
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import glossarySchema from '../schemas/glossary.schema.json';
import handoffSchema from '../schemas/handoff.schema.json';
import productionSchema from '../schemas/production.schema.json';
import risksSchema from '../schemas/risks.schema.json';
import journalSchema from '../schemas/journal.schema.json';
import breakdownSchema from '../schemas/breakdown.schema.json';
import runbookSchema from '../schemas/runbook.schema.json';
import templateSchema from '../schemas/template.schema.json';
import { fileKindOf, parseSpecText } from '../server/src/core/parse';
import { readCstSpecFile } from '../server/src/core/parse/cst';
import { parseSpecFile } from '../server/src/core/parse/full';
import { plainCandidate, scanSpecLines } from '../server/src/core/parse/lineScan';
import type { FileKind } from '../server/src/core/types';
import { findSpecFiles } from '../server/src/node/files';

export interface FloorResult {
  files: number;
  bytes: number;
  readMs: number;
  parseMs: number;
  validateMs: number;
  totalMs: number;
  roads: Roads;
}

/** Each parse road alone over every text: how long, and how many texts it could read (the others it hands on). */
export interface Roads {
  lineScan: Road;
  cst: Road;
  full: Road;
  /** parseSpecText: the fastest road that reads each text, as the server parses. */
  chosen: Road;
}

export interface Road {
  ms: number;
  files: number;
}

function road(texts: readonly string[], kinds: readonly FileKind[], parse: (text: string, kind: FileKind) => unknown): Road {
  const started = performance.now();
  let files = 0;
  texts.forEach((text, index) => {
    if (parse(text, kinds[index]) !== undefined) files++;
  });
  return { ms: performance.now() - started, files };
}

function roads(texts: readonly string[], kinds: readonly FileKind[]): Roads {
  const uri = 'file:///bench';
  return {
    lineScan: road(texts, kinds, (text, kind) => scanSpecLines(uri, text, 0, kind)),
    cst: road(texts, kinds, (text, kind) => (plainCandidate(text) ? readCstSpecFile(uri, text, 0, kind) : undefined)),
    full: road(texts, kinds, (text, kind) => parseSpecFile(uri, text, 0, kind)),
    chosen: road(texts, kinds, (text, kind) => parseSpecText(uri, text, 0, kind)),
  };
}

function main(): void {
  const folder = process.argv[2];
  if (!folder) {
    process.stderr.write('Usage: node out/bench/floor.js <folder>\n');
    process.exit(2);
  }
  const started = performance.now();
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('regex', { type: 'string', validate: () => true });
  const validators = {
    production: ajv.compile(productionSchema),
    glossary: ajv.compile(glossarySchema),
    template: ajv.compile(templateSchema),
    handoff: ajv.compile(handoffSchema),
    runbook: ajv.compile(runbookSchema),
    risks: ajv.compile(risksSchema),
    journal: ajv.compile(journalSchema),
    breakdown: ajv.compile(breakdownSchema),
  };

  const files = findSpecFiles(folder).files;
  let bytes = 0;
  const readStart = performance.now();
  const texts = files.map((file) => {
    const text = readFileSync(file, 'utf8');
    bytes += Buffer.byteLength(text);
    return text;
  });
  const readMs = performance.now() - readStart;

  const parseStart = performance.now();
  const documents = texts.map((text) => parseDocument(text));
  const parseMs = performance.now() - parseStart;

  const validateStart = performance.now();
  let invalid = 0;
  documents.forEach((document, index) => {
    const kind = fileKindOf(files[index])!;
    if (!validators[kind](document.toJS())) invalid++;
  });
  const validateMs = performance.now() - validateStart;
  if (invalid > 0) process.stderr.write(`${invalid} files do not match their schema\n`);

  const totalMs = performance.now() - started;
  const result: FloorResult = { files: files.length, bytes, readMs, parseMs, validateMs, totalMs, roads: roads(texts, files.map((file) => fileKindOf(file)!)) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) main();
