// The show's units (DESIGN §7.1): written out in *.breakdown.yaml files or
// imported from shot lists (CSV, OpenTimelineIO). The host reads the imported
// files; everything here is text in, units and findings out.
import { parse as parseCsv } from 'csv-parse/sync';
import type { FileModel } from '../fileModel';
import { MAX_SPEC_FILE_BYTES, spanOf } from '../parse';
import type { UnitSpec } from '../specs';
import type { Finding, NodePath, Span, SymbolDef } from '../types';

/** What the host read for one imported file: its text, or why there is none. */
export interface ImportedText {
  text?: string;
  /** Why the file could not be read (missing, unreadable). */
  error?: string;
  /** The file's size in bytes when it is over the limit (and was not read). */
  tooLarge?: number;
}

/** Imported files past this size are not read, like spec files (see parse.ts). */
export const MAX_IMPORT_BYTES = MAX_SPEC_FILE_BYTES;

const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RESERVED = new Set(['id', 'kind', 'parent', 'frames', 'frames_in', 'frames_out']);

export interface UnitTable {
  /** First definition of each id. */
  byId: Map<string, UnitSpec>;
  /** Every unit in breakdown order (duplicates included). */
  all: UnitSpec[];
  /** Unit symbols of imported units, by breakdown file (inline units are in the file's own symbols). */
  importedSymbols: Map<string, SymbolDef[]>;
  findings: Finding[];
  /** The URIs of the imported files (what the host must read and watch). */
  importUris: string[];
  /** What each CSV import's text was read into, by the imported file's URI: the next table reads a changed text by row difference. */
  csvReads?: Map<string, CsvRead>;
  /** What each CSV import entry made of each record, by the entry (see csvEntryKey): the next table reuses the units of the records kept. */
  csvRows?: Map<string, Map<CsvRow, RowMade>>;
  /** The units written out in each breakdown file version: the next table reuses them while the file stays (they are the ancestors of imported units). */
  inlineUnits?: Map<FileModel, UnitSpec[]>;
}

/** What an import entry made of one CSV record: its unit and definition, or the problem that left it out. */
type RowMade = { unit: UnitSpec; symbol: SymbolDef; where: string } | { problem: string };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The URI of a path written relative to a file. */
export function resolveRelative(fileUri: string, relative: string): string {
  const base = fileUri.slice(0, fileUri.lastIndexOf('/'));
  const parts = base.split('/');
  for (const segment of relative.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length > 3) parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

/** The files a breakdown imports, as URIs (for the host to read and watch). */
export function importsOf(file: FileModel): { uri: string; format: 'csv' | 'otio' }[] {
  const root = file.parsed.value;
  if (file.parsed.kind !== 'breakdown' || !isObj(root) || !Array.isArray(root.import)) return [];
  const found: { uri: string; format: 'csv' | 'otio' }[] = [];
  for (const entry of root.import) {
    if (!isObj(entry)) continue;
    if (typeof entry.csv === 'string' && entry.csv !== '') found.push({ uri: resolveRelative(file.parsed.uri, entry.csv), format: 'csv' });
    else if (typeof entry.otio === 'string' && entry.otio !== '') found.push({ uri: resolveRelative(file.parsed.uri, entry.otio), format: 'otio' });
  }
  return found;
}

function fieldText(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((item) => ['string', 'number', 'boolean'].includes(typeof item)).map(String);
  return undefined;
}

/** `A-B` as an inclusive range; undefined when it is not one. */
export function parseFrames(text: string): { first: number; last: number } | undefined {
  const match = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  return { first: Number(match[1]), last: Number(match[2]) };
}

/**
 * Every unit of a production's breakdown files, with the findings about the
 * imports (a row or clip that cannot become a unit, a file that cannot be
 * read) and parents that are no unit.
 */
export function buildUnits(breakdowns: readonly FileModel[], readImport: (uri: string) => ImportedText | undefined, previous?: UnitTable): UnitTable {
  const table: UnitTable = { byId: new Map(), all: [], importedSymbols: new Map(), findings: [], importUris: [] };
  const csvReads = new Map<string, CsvRead>();
  table.csvReads = csvReads;
  const csvRows = new Map<string, Map<CsvRow, RowMade>>();
  table.csvRows = csvRows;
  const inlineUnits = new Map<FileModel, UnitSpec[]>();
  table.inlineUnits = inlineUnits;
  const add = (unit: UnitSpec) => {
    table.all.push(unit);
    if (!table.byId.has(unit.id)) table.byId.set(unit.id, unit);
  };
  /** Imported units whose parent must be checked once every unit is known, with where to report. */
  const pendingParents: { unit: UnitSpec; where: string }[] = [];
  for (const file of breakdowns) {
    const root = file.parsed.value;
    if (!isObj(root)) continue;
    const uri = file.parsed.uri;
    let inline = previous?.inlineUnits?.get(file);
    if (!inline && Array.isArray(root.units)) {
      const made: UnitSpec[] = (inline = []);
      root.units.forEach((item, index) => {
        if (!isObj(item) || typeof item.id !== 'string' || !UNIT_ID.test(item.id) || typeof item.kind !== 'string') return;
        const path: NodePath = ['units', index];
        const fields: Record<string, string | string[]> = {};
        for (const [key, value] of Object.entries(item)) {
          if (RESERVED.has(key)) continue;
          const text = fieldText(value);
          if (text !== undefined) fields[key] = text;
        }
        const frames = typeof item.frames === 'string' ? parseFrames(item.frames) : undefined;
        if (frames) fields.frames = `${frames.first}-${frames.last}`;
        made.push({ id: item.id, kind: item.kind, parent: typeof item.parent === 'string' ? item.parent : undefined, frames, fields, uri, span: spanOf(file.parsed, path) });
      });
    }
    if (inline) {
      inlineUnits.set(file, inline);
      for (const unit of inline) add(unit);
    }
    if (!Array.isArray(root.import)) continue;
    const symbols: SymbolDef[] = [];
    root.import.forEach((entry, index) => {
      if (!isObj(entry)) return;
      const path: NodePath = ['import', index];
      const span = spanOf(file.parsed, path);
      const relative = typeof entry.csv === 'string' ? entry.csv : typeof entry.otio === 'string' ? entry.otio : undefined;
      if (relative === undefined || relative === '') return;
      const format = typeof entry.csv === 'string' ? 'csv' : 'otio';
      const importUri = resolveRelative(uri, relative);
      table.importUris.push(importUri);
      const report = (message: string) => table.findings.push({ rule: 'schema', uri, span, message });
      const read = readImport(importUri);
      if (!read || read.error !== undefined || read.text === undefined) {
        if (read?.tooLarge !== undefined) {
          const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
          report(`'${relative}' is ${mb(read.tooLarge)}; imported shot lists over ${mb(MAX_IMPORT_BYTES)} are not read. Split it into several files, one import each.`);
        } else report(`Cannot read '${relative}'${read?.error ? `: ${read.error}` : ''}. Check the path (it is relative to this breakdown file).`);
        return;
      }
      const kind = typeof entry.kind === 'string' ? entry.kind : 'shot';
      const parent = typeof entry.parent === 'string' ? entry.parent : undefined;
      const unitOf = (row: ImportedUnit): RowMade => {
        const unit: UnitSpec = { id: row.id, kind, parent: row.parent ?? parent, frames: row.frames, fields: row.fields, uri, span };
        if (unit.frames) unit.fields.frames = `${unit.frames.first}-${unit.frames.last}`;
        const where = `${relative}${row.where ? ` ${row.where}` : ''}`;
        return { unit, symbol: { kind: 'unit', id: unit.id, uri, span, path, detail: [kind, unit.fields.frames, `from ${where}`].filter(Boolean).join(' · ') }, where };
      };
      const take = (made: RowMade) => {
        if ('problem' in made) {
          report(made.problem);
          return;
        }
        add(made.unit);
        symbols.push(made.symbol);
        if (made.unit.parent !== undefined) pendingParents.push({ unit: made.unit, where: made.where });
      };
      if (format === 'csv') {
        const rows = readCsv(read.text, csvReads.get(importUri) ?? previous?.csvReads?.get(importUri));
        csvReads.set(importUri, rows);
        const columns = isObj(entry.columns) ? entry.columns : {};
        const mapped = csvMapping(rows, columns, relative);
        if ('problems' in mapped) {
          for (const problem of mapped.problems) report(problem);
          return;
        }
        // A record kept from the last read (the same object, on the same line) makes what it made then, under the same entry.
        const key = [uri, index, span.start, span.end, kind, parent ?? '\u0000', relative, mapped.mapping.map(([unitKey, column, at]) => `${unitKey}=${column}@${at}`).join(',')].join('\u001f');
        const before = csvRows.get(key) ?? previous?.csvRows?.get(key);
        const now = new Map<CsvRow, RowMade>();
        csvRows.set(key, now);
        for (let k = 1; k < rows.rows.length; k++) {
          const row = rows.rows[k];
          let made = before?.get(row);
          if (!made) {
            const read = unitOfRecord(row, mapped.mapping, relative);
            made = 'problem' in read ? read : unitOf(read);
          }
          now.set(row, made);
          take(made);
        }
      } else {
        const made = unitsFromOtio(read.text, relative, typeof entry.id_pattern === 'string' ? entry.id_pattern : undefined);
        for (const problem of made.problems) report(problem);
        for (const row of made.units) take(unitOf(row));
      }
    });
    if (symbols.length > 0) table.importedSymbols.set(uri, symbols);
  }
  // A row whose parent is no unit cannot become a unit (DESIGN §7.7): it is dropped.
  const dropped = new Set<UnitSpec>();
  for (const { unit, where } of pendingParents) {
    if (table.byId.has(unit.parent!)) continue;
    dropped.add(unit);
    table.findings.push({ rule: 'schema', uri: unit.uri, span: unit.span, message: `${where}: unit '${unit.id}' names parent '${unit.parent}', which is no unit; add the unit '${unit.parent}' or correct the parent.` });
  }
  if (dropped.size > 0) {
    table.all = table.all.filter((unit) => !dropped.has(unit));
    table.byId = new Map();
    for (const unit of table.all) if (!table.byId.has(unit.id)) table.byId.set(unit.id, unit);
    for (const [uri, symbols] of table.importedSymbols) {
      table.importedSymbols.set(uri, symbols.filter((symbol) => table.byId.get(symbol.id)?.uri === uri || table.all.some((unit) => unit.id === symbol.id && unit.uri === uri)));
    }
  }
  return table;
}

/** One unit read from a shot list, before the import entry's kind and parent are applied. */
export interface ImportedUnit {
  id: string;
  parent?: string;
  frames?: { first: number; last: number };
  fields: Record<string, string | string[]>;
  /** Where it came from, for messages: `row 12` or `clip 3 'ZZ100_501'`. */
  where?: string;
}

/** One record of a CSV file: its trimmed cells and the file's line it ends on (header = 1). */
interface CsvRow {
  record: string[];
  line: number;
}

/**
 * A CSV text as csv-parse read it: its records, or why it could not be read.
 * Kept with the unit table, so that the next text of the same file is read
 * by row difference (see readCsv).
 */
export interface CsvRead {
  text: string;
  rows: CsvRow[];
  /** csv-parse's message when the text cannot be read. */
  error?: string;
  /** The text split at '\n' (each line keeps its '\r'); set when every line is a whole record (or empty) and ends alike, so lines can be compared and parsed alone. */
  lines?: string[];
}

const CSV_OPTIONS = { info: true, relax_column_count: true, skip_empty_lines: true, trim: true } as const;

function parseRows(text: string, options: { bom?: boolean; record_delimiter?: string }): CsvRow[] {
  const records = parseCsv(text, { ...CSV_OPTIONS, ...options }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}

/**
 * The lines of a CSV text when each of them is a record of its own (or
 * empty): every line holds an even number of quotes (so no quoted field
 * runs past its end) and they end alike (all '\r\n' or all '\n', no other
 * '\r'). Undefined otherwise: such a text is only ever parsed whole.
 */
function linesOf(text: string): string[] | undefined {
  const lines = text.split('\n');
  if (lines.length < 2) return undefined;
  const crlf = lines[0].endsWith('\r');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    let quotes = 0;
    for (let at = line.indexOf('"'); at >= 0; at = line.indexOf('"', at + 1)) quotes++;
    if (quotes % 2 !== 0) return undefined;
    const cr = line.indexOf('\r');
    const last = k === lines.length - 1;
    if (crlf ? cr !== -1 && cr !== line.length - 1 : cr !== -1) return undefined;
    if (crlf && !last && cr === -1) return undefined;
  }
  return lines;
}

/**
 * Reads a CSV text into records. With the read of the file's previous text,
 * and when both are line-per-record texts whose first (header) line is the
 * same, only the lines between their common first and last lines are
 * parsed (by csv-parse, alone); the records before are kept and those after
 * kept with their line numbers moved. What it gives is what parsing the
 * whole text gives; anything unsure (a quote left open, mixed line ends, a
 * changed header, a block that does not parse) parses the whole text.
 */
export function readCsv(text: string, previous?: CsvRead): CsvRead {
  if (previous && previous.text === text) return previous;
  const lines = linesOf(text);
  if (previous?.lines && lines && previous.error === undefined) {
    const before = previous.lines;
    const most = Math.min(before.length, lines.length);
    let head = 0;
    while (head < most && before[head] === lines[head]) head++;
    let tail = 0;
    while (tail < most - head && before[before.length - 1 - tail] === lines[lines.length - 1 - tail]) tail++;
    if (head >= 1) {
      const changed = lines.slice(head, lines.length - tail);
      // The block's last line ends with the line break that a following line implies.
      const block = changed.join('\n') + (tail > 0 && changed.length > 0 ? '\n' : '');
      let parsed: CsvRow[] | undefined;
      try {
        parsed = block === '' ? [] : parseRows(block, { bom: false, record_delimiter: lines[0].endsWith('\r') ? '\r\n' : '\n' });
      } catch {
        parsed = undefined;
      }
      if (parsed) {
        const shift = lines.length - before.length;
        const rows: CsvRow[] = [];
        for (const row of previous.rows) {
          if (row.line > head) break;
          rows.push(row);
        }
        for (const row of parsed) rows.push({ record: row.record, line: row.line + head });
        const firstAfter = before.length - tail;
        for (const row of previous.rows) if (row.line > firstAfter) rows.push(row.line + shift === row.line ? row : { record: row.record, line: row.line + shift });
        return { text, rows, lines };
      }
    }
  }
  try {
    return { text, rows: parseRows(text, { bom: true }), lines };
  } catch (error) {
    return { text, rows: [], error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The units of a CSV shot list (DESIGN §7.7): a header row, then one unit a
 * row. `columns` maps unit keys to header names; unmapped columns are ignored
 * and cells trimmed. A row that cannot become a unit is a problem naming the
 * row (the file's line, header = 1) and the column, and is dropped.
 */
export function unitsFromCsv(text: string, columns: Record<string, unknown>, name: string): { units: ImportedUnit[]; problems: string[] } {
  return unitsFromCsvRead(readCsv(text), columns, name);
}

/** The units of a CSV shot list already read into records (see unitsFromCsv). */
export function unitsFromCsvRead(read: CsvRead, columns: Record<string, unknown>, name: string): { units: ImportedUnit[]; problems: string[] } {
  const mapped = csvMapping(read, columns, name);
  if ('problems' in mapped) return { units: [], problems: mapped.problems };
  const units: ImportedUnit[] = [];
  const problems: string[] = [];
  for (let k = 1; k < read.rows.length; k++) {
    const made = unitOfRecord(read.rows[k], mapped.mapping, name);
    if ('problem' in made) problems.push(made.problem);
    else units.push(made);
  }
  return { units, problems };
}

/** Unit keys mapped to header names and their places in the header row. */
type CsvMapping = [key: string, column: string, at: number][];

/** How a CSV text's columns map to unit keys, or why none of its rows can become a unit. */
function csvMapping(read: CsvRead, columns: Record<string, unknown>, name: string): { mapping: CsvMapping } | { problems: string[] } {
  if (read.error !== undefined) {
    return { problems: [`'${name}' is not a CSV file that can be read: ${read.error.replace(/\.$/, '')}. Fix the file or export it again.`] };
  }
  const records = read.rows;
  if (records.length === 0) return { problems: [`'${name}' is empty: it needs a header row and one row per unit.`] };
  const header = records[0].record;
  const problems: string[] = [];
  const mapping: CsvMapping = [];
  for (const [key, column] of Object.entries(columns)) {
    if (typeof column !== 'string') continue;
    const at = header.indexOf(column.trim());
    if (at < 0) {
      problems.push(`'${name}' row 1 has no column '${column}' (for ${key}); its columns are ${header.map((h) => `'${h}'`).join(', ')}. Correct the column name in 'columns'.`);
      continue;
    }
    mapping.push([key, column, at]);
  }
  if (problems.length > 0 || !mapping.some(([key]) => key === 'id')) return { problems };
  return { mapping };
}

/** The unit of one CSV record (DESIGN §7.7), or the problem that leaves the row out. */
function unitOfRecord({ record, line: row }: CsvRow, mapping: CsvMapping, name: string): ImportedUnit | { problem: string } {
  const unit: ImportedUnit = { id: '', fields: {}, where: `row ${row}` };
  let first: number | undefined;
  let last: number | undefined;
  let bad: string | undefined;
  for (const [key, column, at] of mapping) {
    const cell = (record[at] ?? '').trim();
    const wrong = (why: string) => (bad ??= `'${name}' row ${row}, column '${column}': ${why}`);
    if (key === 'id') {
      if (cell === '') wrong('the unit id is empty; give every row an id or delete the row.');
      else if (!UNIT_ID.test(cell)) wrong(`'${cell}' is not a usable unit id (letters, digits, '_', '.' and '-', starting with a letter or digit).`);
      else unit.id = cell;
    } else if (key === 'parent') {
      if (cell !== '') unit.parent = cell;
    } else if (key === 'frames_in' || key === 'frames_out') {
      if (cell === '') continue;
      if (!/^\d+$/.test(cell)) {
        wrong(`'${cell}' is not a frame number; write a whole number such as 1001.`);
        continue;
      }
      if (key === 'frames_in') first = Number(cell);
      else last = Number(cell);
    } else if (cell !== '') unit.fields[key] = cell;
  }
  if (bad === undefined && first !== undefined && last !== undefined) {
    if (last < first) {
      const outColumn = mapping.find(([key]) => key === 'frames_out')![1];
      bad = `'${name}' row ${row}, column '${outColumn}': the frame range ${first}-${last} ends before it starts; swap the frames or correct them.`;
    } else unit.frames = { first, last };
  }
  if (bad !== undefined) return { problem: `${bad} The row is left out.` };
  return unit;
}

/**
 * The units of an OpenTimelineIO file (DESIGN §7.7): every enabled Clip of
 * the video tracks (nested stacks included; gaps, transitions and audio
 * skipped). Its id is the clip's name up to the first space, or the first
 * group of `idPattern`; its frames are the source range at the clip's rate.
 * Clips of the same id merge into one unit spanning both ranges.
 */
export function unitsFromOtio(text: string, name: string, idPattern?: string): { units: ImportedUnit[]; problems: string[] } {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { units: [], problems: [`'${name}' is not an OpenTimelineIO file: it is not JSON. Export the timeline as .otio from editorial.`] };
  }
  const schemaName = (value: unknown) => (isObj(value) && typeof value.OTIO_SCHEMA === 'string' ? value.OTIO_SCHEMA.split('.')[0] : undefined);
  const top = schemaName(root);
  if (top !== 'Timeline' && top !== 'Stack' && top !== 'Track' && top !== 'SerializableCollection') {
    return { units: [], problems: [`'${name}' is not an OpenTimelineIO file: its top level is not a Timeline (no 'OTIO_SCHEMA'). Export the timeline as .otio from editorial.`] };
  }
  let pattern: RegExp | undefined;
  if (idPattern !== undefined) {
    try {
      pattern = new RegExp(idPattern);
    } catch (error) {
      return { units: [], problems: [`'id_pattern' of '${name}' is not a regular expression: ${error instanceof Error ? error.message : String(error)}.`] };
    }
  }
  const problems: string[] = [];
  const byId = new Map<string, ImportedUnit>();
  const units: ImportedUnit[] = [];
  let clipIndex = 0;
  const visit = (node: unknown, video: boolean): void => {
    if (!isObj(node) || node.enabled === false) return;
    const kind = schemaName(node);
    if (kind === 'Timeline') return visit(node.tracks, true);
    if (kind === 'Track') {
      const trackVideo = node.kind === undefined || node.kind === 'Video';
      if (!trackVideo) return;
      for (const child of Array.isArray(node.children) ? node.children : []) visit(child, true);
      return;
    }
    if (kind === 'Stack' || kind === 'SerializableCollection') {
      for (const child of Array.isArray(node.children) ? node.children : []) visit(child, video);
      return;
    }
    if (kind !== 'Clip' || !video) return;
    const index = clipIndex++;
    const clipName = typeof node.name === 'string' ? node.name.trim() : '';
    const where = `clip ${index} '${clipName}'`;
    let id: string | undefined;
    if (pattern) {
      const match = pattern.exec(clipName);
      id = match?.[1] ?? undefined;
    } else id = clipName.split(/\s+/)[0];
    if (!id || !UNIT_ID.test(id)) {
      problems.push(`'${name}' ${where}: no usable unit id in the clip's name${pattern ? ` (id_pattern '${idPattern}')` : ''}. Rename the clip or set 'id_pattern'. The clip is left out.`);
      return;
    }
    const range = readRange(node.source_range) ?? readRange(isObj(node.media_reference) ? node.media_reference.available_range : undefined);
    if (!range) {
      problems.push(`'${name}' ${where}: the clip has no usable source range (start time and duration). The clip is left out.`);
      return;
    }
    const existing = byId.get(id);
    if (existing) {
      existing.frames = { first: Math.min(existing.frames!.first, range.first), last: Math.max(existing.frames!.last, range.last) };
      return;
    }
    const unit: ImportedUnit = { id, frames: range, fields: {}, where };
    byId.set(id, unit);
    units.push(unit);
  };
  visit(root, top !== 'Timeline');
  return { units, problems };
}

/** A TimeRange's frames at its own rate: start to start + duration - 1. */
function readRange(value: unknown): { first: number; last: number } | undefined {
  if (!isObj(value) || !isObj(value.start_time) || !isObj(value.duration)) return undefined;
  const start = value.start_time;
  const duration = value.duration;
  const rate = typeof start.rate === 'number' && start.rate > 0 ? start.rate : undefined;
  if (typeof start.value !== 'number' || typeof duration.value !== 'number' || rate === undefined) return undefined;
  const durationRate = typeof duration.rate === 'number' && duration.rate > 0 ? duration.rate : rate;
  const first = Math.round(start.value);
  const frames = Math.round((duration.value * rate) / durationRate);
  if (!Number.isFinite(first) || !Number.isFinite(frames) || frames < 1 || first < 0) return undefined;
  return { first, last: first + frames - 1 };
}

/** The ancestors of a unit, nearest first (stops at a loop). */
export function ancestorsOf(units: ReadonlyMap<string, UnitSpec>, unit: UnitSpec): UnitSpec[] {
  const found: UnitSpec[] = [];
  const seen = new Set<string>([unit.id]);
  let parent = unit.parent;
  while (parent !== undefined && !seen.has(parent)) {
    const next = units.get(parent);
    if (!next) break;
    found.push(next);
    seen.add(parent);
    parent = next.parent;
  }
  return found;
}

export type { Span };
