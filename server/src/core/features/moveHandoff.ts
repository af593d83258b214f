// Moving a handoff in time, as the timeline does when a bar (or one of its
// ends) is dragged: the new dates are snapped to working days of the
// delivering (`from`) department's calendar and written into the YAML as the author wrote it
// (quotes, comments and key order stay), so the change is an ordinary edit.
import { formatDate, parseDate } from '../calendar';
import { pathKey, type ParsedFile } from '../parse';
import type { ProductionModel } from '../production';
import type { HandoffSpec } from '../specs';
import type { TextEdit } from '../types';
import type { Workspace } from '../workspace';

export interface HandoffMove {
  /** The new first working day (ISO); snapped to the working day on or after it. */
  start?: string;
  /** The new due date (ISO); snapped to the working day on or after it. */
  due?: string;
}

/** The edits that make the move (empty when the dates are already as asked), or why it cannot be made. */
export type MoveResult = { edits: TextEdit[] } | { error: string };

/**
 * Decisions:
 * - A handoff that writes `start` gets the given `start` and `due` written
 *   (a missing key is added next to its sibling).
 * - A handoff that gives `work: N` instead of `start` keeps N: a new start
 *   moves `due` to the N-th working day from it (the whole bar moves); a new
 *   due alone is written as is. `work` itself is never rewritten.
 * - A handoff that gives `start` and `work: N` without `due` (DESIGN §7.7:
 *   due is worked out) gets only its new start written: the whole bar moves
 *   and the due date follows. A new due alone is refused (it would mean
 *   rewriting `work`, which a move never does).
 * - A handoff with neither gets `start` added when one is given.
 */
export function moveHandoff(workspace: Workspace, where: ProductionModel | string, handoffId: string, move: HandoffMove): MoveResult {
  const production = typeof where === 'string' ? workspace.productionOf(where) : where;
  if (!production) return { error: `No production governs '${String(where)}'.` };
  const handoff = production.handoff(handoffId);
  if (!handoff) return { error: `There is no handoff '${handoffId}' in production '${production.production?.id ?? production.key}'.` };
  const file = production.file(handoff.uri)?.parsed;
  if (!file) return { error: `The file of handoff '${handoffId}' is not loaded.` };
  if (move.start === undefined && move.due === undefined) return { edits: [] };

  // Start and due are days of the work, which counts in the from department's calendar.
  const calendar = production.calendars.forDepartment(handoff.from);
  const snapped: { start?: number; due?: number } = {};
  for (const key of ['start', 'due'] as const) {
    const given = move[key];
    if (given === undefined) continue;
    const day = parseDate(given);
    if (day === undefined) return { error: `'${given}' is not a date (YYYY-MM-DD); '${handoffId}' was not moved.` };
    snapped[key] = calendar.onOrAfter(day);
  }

  const writesStart = handoff.start !== undefined || hasKey(file, handoff, 'start');
  const work = handoff.work !== undefined && Number.isFinite(handoff.work) ? Math.max(1, Math.trunc(handoff.work)) : undefined;
  if (writesStart && work !== undefined && !hasKey(file, handoff, 'due')) {
    if (snapped.start === undefined) {
      return { error: `'${handoffId}' takes its due date from start and work: ${work} working day${work === 1 ? '' : 's'}; change work to make it longer or shorter.` };
    }
    return collect(setDate(file, handoff, 'start', formatDate(snapped.start)));
  }
  if (!writesStart && work !== undefined) {
    // The span is `work`: moving the start moves the due date with it.
    const due = snapped.start !== undefined ? calendar.addWorkingDays(snapped.start, work - 1) : snapped.due!;
    return collect(setDate(file, handoff, 'due', formatDate(due)));
  }
  return collect(
    snapped.start === undefined ? undefined : setDate(file, handoff, 'start', formatDate(snapped.start)),
    snapped.due === undefined ? undefined : setDate(file, handoff, 'due', formatDate(snapped.due)),
  );
}

function collect(...results: (TextEdit | null | { error: string } | undefined)[]): MoveResult {
  const edits: TextEdit[] = [];
  for (const result of results) {
    if (!result) continue;
    if ('error' in result) return result;
    edits.push(result);
  }
  return { edits };
}

function hasKey(file: ParsedFile, handoff: HandoffSpec, key: string): boolean {
  return file.spans.get(pathKey([...handoff.path, key]))?.key !== undefined;
}

/**
 * The edit that makes `key` of the handoff read `date`: the date inside the
 * written value replaced (quotes kept), or a new `key: date` pair; null when
 * it already reads so.
 */
function setDate(file: ParsedFile, handoff: HandoffSpec, key: 'start' | 'due', date: string): TextEdit | null | { error: string } {
  const { uri, text } = file;
  const spans = file.spans.get(pathKey([...handoff.path, key]));
  if (spans?.key) {
    const value = spans.value;
    const written = text.slice(value.start, value.end);
    if (written === date) return null;
    const old = handoff[key];
    const at = old === undefined || old === '' ? -1 : written.indexOf(old);
    if (at >= 0) {
      if (old === date) return null;
      return { uri, span: { start: value.start + at, end: value.start + at + old!.length }, newText: date };
    }
    // Not a readable date (`TBD`, a number, an empty value): replace the whole value, keeping its quotes.
    const quote = written[0];
    if ((quote === '"' || quote === "'") && written.length >= 2 && written.endsWith(quote)) {
      return { uri, span: { start: value.start + 1, end: value.end - 1 }, newText: date };
    }
    if (value.end === value.start) {
      // `due:` with nothing after it.
      const space = text[value.start - 1] === ':' ? ' ' : '';
      return { uri, span: value, newText: `${space}${date}` };
    }
    return { uri, span: value, newText: date };
  }
  return insertPair(file, handoff, key, date);
}

/** A new `key: date` pair in the handoff's map: `start` before `due`, `due` after `start` or `work`, else after `id`. */
function insertPair(file: ParsedFile, handoff: HandoffSpec, key: 'start' | 'due', date: string): TextEdit | { error: string } {
  const { uri, text, lines } = file;
  const map = file.spans.get(pathKey(handoff.path));
  const pairOf = (name: string) => {
    const spans = file.spans.get(pathKey([...handoff.path, name]));
    return spans?.key ? { key: spans.key, value: spans.value } : undefined;
  };
  const cannot = { error: `Handoff '${handoff.id}' has no \`${key}:\` and none can be added to it here; add \`${key}: ${date}\` by hand.` };
  if (!map) return cannot;
  const flow = text[map.value.start] === '{';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';

  const before = key === 'start' ? pairOf('due') : undefined;
  if (before) {
    const column = lines.positionAt(before.key.start).character;
    const newText = flow ? `${key}: ${date}, ` : `${key}: ${date}${eol}${' '.repeat(column)}`;
    return { uri, span: { start: before.key.start, end: before.key.start }, newText };
  }
  const after = (key === 'due' ? (pairOf('start') ?? pairOf('work')) : undefined) ?? pairOf('id');
  if (!after) return cannot;
  if (flow) return { uri, span: { start: after.value.end, end: after.value.end }, newText: `, ${key}: ${date}` };
  const column = lines.positionAt(after.key.start).character;
  const at = lines.lineEnd(lines.positionAt(after.value.end).line);
  return { uri, span: { start: at, end: at }, newText: `${eol}${' '.repeat(column)}${key}: ${date}` };
}
