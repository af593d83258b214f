// The YAML parser's errors as the mistakes a person made: one plain-language
// finding per mistake, at the first line that is wrong. A one-space
// indentation slip makes the parser report half a dozen errors on the lines
// after it ("Nested mappings are not allowed in compact mappings", "Implicit
// keys need to be on a single line"); the person made one mistake, on one
// line. Each mistake found is repaired in a copy of the text and the copy
// parsed again: what the parser still reports after the repair is the next
// mistake, what it no longer reports was an echo of this one.
import type { Span } from '../types';
import { flowEntries, isPlainText, quotedText } from './flowText';

/** One error as the yaml package reports it. */
export interface YamlError {
  code: string;
  message: string;
  pos: readonly [number, number];
}

export interface YamlMistake {
  span: Span;
  message: string;
}

/** Parses a text again and returns the parser's errors (of the structure; duplicate keys are found apart). */
export type Reparse = (text: string) => YamlError[];

/** Past this many mistakes in a file the rest are echoes more often than not, and each costs a parse. */
const MAX_MISTAKES = 20;
/** Past this size a file is not parsed again per mistake: the parser's own errors go out, one per line. */
const MAX_REPAIR_TEXT = 512 * 1024;

/** A repair: the text of lines `from..to` (inclusive, 0-based) replaced by `lines`. */
interface Repair {
  from: number;
  to: number;
  lines: string[];
}

interface Found {
  mistake: YamlMistake;
  /** The line the mistake is on: errors up to it are its echoes. */
  line: number;
  repair?: Repair;
}

/** The structural errors of a text as one finding per mistake, at its first offending line. */
export function describeMistakes(text: string, errors: readonly YamlError[], reparse: Reparse): YamlMistake[] {
  if (errors.length === 0) return [];
  let lines = splitLines(text);
  const original = lines;
  /** For each line of the current copy, its line in the original text (repairs keep the line count). */
  let remaining = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const found: YamlMistake[] = [];
  let doneUpTo = -1;
  const canRepair = text.length <= MAX_REPAIR_TEXT;
  while (remaining.length > 0 && found.length < MAX_MISTAKES) {
    const copy = lines;
    const atLine = (error: YamlError) => lineOf(copy, error.pos[0]);
    const next = remaining.find((error) => atLine(error) > doneUpTo);
    if (!next) break;
    const mistake = diagnose(lines, next, atLine(next), doneUpTo);
    // Spans point into the original text: repairs change lines after the mistake only in place.
    found.push({ span: toOriginal(mistake.mistake.span, lines, original), message: mistake.mistake.message });
    if (!mistake.repair || !canRepair) {
      // No repair: the errors of the next two lines are taken as echoes.
      doneUpTo = Math.max(mistake.line, atLine(next)) + 2;
      continue;
    }
    lines = applyRepair(lines, mistake.repair);
    doneUpTo = Math.max(mistake.line, mistake.repair.from);
    const repaired = lines.map((line) => line.text + line.eol).join('');
    remaining = reparse(repaired).sort((a, b) => a.pos[0] - b.pos[0]);
  }
  return found;
}

// --- lines

interface Line {
  text: string;
  eol: string;
  /** Offset of the line's start in the current copy. */
  start: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    lines.push({ text: match[1], eol: match[2], start: match.index });
    if (match[2] === '') break;
  }
  return lines;
}

function lineOf(lines: readonly Line[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid].start <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function applyRepair(lines: readonly Line[], repair: Repair): Line[] {
  const out: Line[] = [];
  let start = 0;
  lines.forEach((line, index) => {
    const text = index >= repair.from && index <= repair.to ? repair.lines[index - repair.from] : line.text;
    out.push({ text, eol: line.eol, start });
    start += text.length + line.eol.length;
  });
  return out;
}

/** A span in the current copy as a span in the original: same line, the column moved by what repairs changed before it. */
function toOriginal(span: Span, copy: readonly Line[], original: readonly Line[]): Span {
  const map = (offset: number): number => {
    const line = lineOf(copy, offset);
    const column = offset - copy[line].start;
    const before = original[line];
    if (!before) return offset;
    // A repaired line's columns move by its change of indentation.
    const shift = indentOf(copy[line].text) - indentOf(before.text);
    return before.start + Math.max(0, Math.min(before.text.length, column - shift));
  };
  const start = map(span.start);
  return { start, end: Math.max(start, map(span.end)) };
}

// --- reading a line

function indentOf(text: string): number {
  return /^[ ]*/.exec(text)![0].length;
}

function isContent(text: string): boolean {
  return !/^\s*(#.*)?$/.test(text);
}

/** `- ` items and `key:` lines: what the indentation check reads. */
interface LineShape {
  indent: number;
  dash: boolean;
  /** The column of the first key or value after the dash (the indent when there is no dash). */
  content: number;
  /** The key written at the content column, if any. */
  key?: string;
  /** The line ends with `key:` (or a bare `-`): the lines below may go deeper. */
  opens: boolean;
  /** The line's value starts a block scalar (`|`, `>`): the deeper lines below are its text. */
  blockScalar: boolean;
}

const KEY = /^((?:"[^"]*"|'[^']*'|[^\s#'"{[\]},:][^:#]*?))[ \t]*:(?=[ \t]|$)/;

function shapeOf(text: string): LineShape {
  const indent = indentOf(text);
  let rest = text.slice(indent);
  let content = indent;
  let dash = false;
  const dashMatch = /^-(?:[ ]+|$)/.exec(rest);
  if (dashMatch) {
    dash = true;
    content += dashMatch[0].length;
    rest = rest.slice(dashMatch[0].length);
  }
  const keyMatch = KEY.exec(rest);
  const value = keyMatch ? rest.slice(keyMatch[0].length) : rest;
  const bare = value.replace(/\s+#.*$/, '').trim();
  return {
    indent,
    dash,
    content,
    key: keyMatch ? keyMatch[1].trim() : undefined,
    opens: (keyMatch !== null && bare === '') || (dash && rest.trim() === ''),
    blockScalar: /^[|>][0-9+-]*$/.test(bare),
  };
}

// --- diagnosing the first error left

function diagnose(lines: readonly Line[], error: YamlError, errorLine: number, doneUpTo: number): Found {
  if (error.code === 'TAB_AS_INDENT') return tabMistake(lines, errorLine);
  if (/closing ["']?quote/i.test(error.message) || /Missing closing/.test(error.message)) {
    const quote = unclosedQuote(lines, doneUpTo + 1, errorLine);
    if (quote) return quote;
  }
  const colonInText = colonInFlowText(lines, errorLine, doneUpTo);
  if (colonInText) return colonInText;
  if (/^Flow (sequence|map)/.test(error.message) || /Expected flow (sequence|map) to end/.test(error.message) || error.code === 'MISSING_CHAR' || error.code === 'BAD_INDENT') {
    const bracket = unclosedBracket(lines, doneUpTo + 1, errorLine);
    if (bracket) return bracket;
  }
  // A tab anywhere in the indentation of the lines near the error.
  for (let line = Math.max(doneUpTo + 1, errorLine - 1); line <= Math.min(lines.length - 1, errorLine + 1); line++) {
    if (/^[ ]*\t/.test(lines[line].text)) return tabMistake(lines, line);
  }
  const colon = missingSpaceAfterColon(lines, errorLine, doneUpTo);
  if (colon) return colon;
  const slip = indentationSlip(lines, errorLine, doneUpTo);
  if (slip) return slip;
  return generic(lines, error, errorLine);
}

function lineSpan(lines: readonly Line[], line: number, from?: number): Span {
  const { text, start } = lines[line];
  const first = from ?? indentOf(text);
  const end = text.replace(/\s+$/, '').length;
  return { start: start + first, end: start + Math.max(first + 1, end) };
}

function tabMistake(lines: readonly Line[], line: number): Found {
  const text = lines[line].text;
  const tab = text.indexOf('\t');
  const at = tab < 0 ? 0 : tab;
  // The tab becomes the indentation the line's neighbours use.
  const previous = previousContent(lines, line);
  const shape = previous === undefined ? undefined : shapeOf(lines[previous].text);
  const indent = shape === undefined ? 0 : shape.opens ? shape.content + 2 : shape.content;
  const repaired = ' '.repeat(indent) + text.replace(/^[ \t]*/, '');
  return {
    line,
    mistake: {
      span: { start: lines[line].start + at, end: lines[line].start + at + 1 },
      message: `Line ${line + 1} is indented with a tab. YAML indentation must use spaces: replace the tab with spaces.`,
    },
    repair: { from: line, to: line, lines: [repaired] },
  };
}

function previousContent(lines: readonly Line[], line: number): number | undefined {
  for (let i = line - 1; i >= 0; i--) if (isContent(lines[i].text)) return i;
  return undefined;
}

/** Where a scalar may start: after the indentation, `- `, `: `, `[`, `{` or `,`. */
function valueStarts(before: string): boolean {
  return /(^\s*|^\s*-\s+|:\s+|[[{,]\s*)$/.test(before);
}

/** The first quote opened from `fromLine` on and never closed (a quoted value may span lines when closed). */
function unclosedQuote(lines: readonly Line[], fromLine: number, errorLine: number): Found | undefined {
  let open: { line: number; column: number; quote: string } | undefined;
  for (let line = fromLine; line < lines.length && line <= Math.max(errorLine, fromLine) + 1000; line++) {
    const text = lines[line].text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (open) {
        if (open.quote === "'" && c === "'" && text[i + 1] === "'") i++;
        else if (open.quote === '"' && c === '\\') i++;
        else if (c === open.quote) open = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) break;
      if ((c === '"' || c === "'") && valueStarts(text.slice(0, i))) open = { line, column: i, quote: c };
    }
  }
  if (!open) return undefined;
  const text = lines[open.line].text;
  const shown = text.slice(open.column, open.column + 24).trimEnd();
  const closed = text.replace(/\s+$/, '') + open.quote;
  return {
    line: open.line,
    mistake: {
      span: lineSpan(lines, open.line, open.column),
      message: `The quote opened here (${shown}${text.length - open.column > 24 ? '…' : ''}) is never closed, so YAML reads the lines below as part of the text: add the closing ${open.quote} at the end of the value.`,
    },
    repair: { from: open.line, to: open.line, lines: [closed] },
  };
}

/** The last `[` or `{` opened on a line before the error and not closed by then. */
function unclosedBracket(lines: readonly Line[], fromLine: number, errorLine: number): Found | undefined {
  const stack: { line: number; column: number; bracket: string }[] = [];
  let quote: string | undefined;
  for (let line = Math.max(0, fromLine); line <= Math.min(errorLine, lines.length - 1); line++) {
    const text = lines[line].text;
    // Only lines before the error can open what the error line finds unclosed... or the error line itself, at its end.
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) break;
      if ((c === '"' || c === "'") && valueStarts(text.slice(0, i))) quote = c;
      else if ((c === '[' || c === '{') && (stack.length > 0 || valueStarts(text.slice(0, i)))) stack.push({ line, column: i, bracket: c });
      else if ((c === ']' || c === '}') && stack.length > 0) stack.pop();
    }
    // A flow collection in a block file closes on its own line, as specs write them; one that does not is the mistake.
    if (stack.length > 0 && line < errorLine) {
      const next = nextContent(lines, line);
      const nextShape = next === undefined ? undefined : shapeOf(lines[next].text);
      const opener = shapeOf(lines[stack[0].line].text);
      // The next line continues the collection only if it is deeper than the line that opened it and is no `key:`.
      if (nextShape === undefined || nextShape.indent <= opener.indent || (nextShape.key !== undefined && !nextShape.dash && !/^[[{"']/.test(lines[next!].text.trim()))) break;
    }
  }
  if (stack.length === 0) return undefined;
  const open = stack[0];
  const closer = open.bracket === '[' ? ']' : '}';
  const what = open.bracket === '[' ? 'The list opened with [' : 'The mapping opened with {';
  const text = lines[open.line].text;
  const comment = /\s+#.*$/.exec(text);
  const body = comment ? text.slice(0, comment.index) : text;
  const repaired = body.replace(/[\s,]+$/, '') + closer.repeat(stack.length) + (comment ? comment[0] : '');
  return {
    line: open.line,
    mistake: {
      span: lineSpan(lines, open.line, open.column),
      message: `${what} on this line is not closed: add ${closer} at its end.`,
    },
    repair: { from: open.line, to: open.line, lines: [repaired] },
  };
}

/** `{ description: Note: fragile }`: inside { … } an unquoted ': ' starts another key; the text needs quotes (DESIGN §3). */
function colonInFlowText(lines: readonly Line[], errorLine: number, doneUpTo: number): Found | undefined {
  for (const line of [errorLine, errorLine - 1]) {
    if (line <= doneUpTo || line < 0 || line >= lines.length) continue;
    const text = lines[line].text;
    let quote: string | undefined;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) break;
      if ((c === '"' || c === "'") && valueStarts(text.slice(0, i))) quote = c;
      if (c !== '{' || !valueStarts(text.slice(0, i))) continue;
      for (const entry of flowEntries(text, i)) {
        if (!entry.value || !isPlainText(text, entry.value)) continue;
        const value = text.slice(entry.value.start, entry.value.end);
        if (!/:(\s|$)/.test(value)) continue;
        const quoted = quotedText(value);
        const key = text.slice(entry.key.start, entry.key.end);
        return {
          line,
          mistake: {
            span: { start: lines[line].start + entry.value.start, end: lines[line].start + entry.value.end },
            message: `The text '${value}' holds ': ', which inside { … } starts another key, so YAML cannot read this line. Quote this text: ${key}: ${quoted}.`,
          },
          repair: { from: line, to: line, lines: [text.slice(0, entry.value.start) + quoted + text.slice(entry.value.end)] },
        };
      }
    }
  }
  return undefined;
}

function nextContent(lines: readonly Line[], line: number): number | undefined {
  for (let i = line + 1; i < lines.length; i++) if (isContent(lines[i].text)) return i;
  return undefined;
}

const NO_SPACE = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):([^\s:/\\][^\s]*)/;

/** `from:fx`: YAML reads the whole as text, not as the key `from`. */
function missingSpaceAfterColon(lines: readonly Line[], errorLine: number, doneUpTo: number): Found | undefined {
  for (const line of [errorLine, errorLine - 1, errorLine + 1]) {
    if (line <= doneUpTo || line < 0 || line >= lines.length) continue;
    const text = lines[line].text;
    const match = NO_SPACE.exec(text);
    if (!match) continue;
    const at = match[1].length;
    const written = `${match[2]}:${match[3]}`;
    return {
      line,
      mistake: {
        span: { start: lines[line].start + at, end: lines[line].start + at + written.length },
        message: `'${written}' has no space after the colon, so YAML reads it as text instead of the key '${match[2]}': write '${match[2]}: ${match[3]}'.`,
      },
      repair: { from: line, to: line, lines: [`${text.slice(0, at)}${match[2]}: ${text.slice(at + match[2].length + 1)}`] },
    };
  }
  return undefined;
}

interface Level {
  column: number;
  dash: boolean;
  /** The line that set it: the sibling a slipped line is compared with. */
  line: number;
}

/**
 * The first line, near the error, whose indentation matches no block open
 * above it: one space more than its sibling after a plain value, or a column
 * between two levels. Lines inside block scalars and multi-line flow
 * collections are not read.
 */
function indentationSlip(lines: readonly Line[], errorLine: number, doneUpTo: number): Found | undefined {
  const levels: Level[] = [];
  let previous: LineShape | undefined;
  let skipDeeperThan: number | undefined;
  const windowStart = Math.max(doneUpTo + 1, errorLine - 3);
  const windowEnd = Math.min(lines.length - 1, errorLine + 2);
  for (let line = 0; line <= windowEnd; line++) {
    const text = lines[line].text;
    if (!isContent(text)) continue;
    const shape = shapeOf(text);
    if (skipDeeperThan !== undefined) {
      if (shape.indent > skipDeeperThan) continue;
      skipDeeperThan = undefined;
    }
    const opened = previous?.opens === true;
    const popped: Level[] = [];
    while (levels.length > 0 && levels[levels.length - 1].column > shape.indent) popped.push(levels.pop()!);
    const top = levels[levels.length - 1];
    const fits = top === undefined ? shape.indent === 0 || opened : top.column === shape.indent || (opened && top.column < shape.indent);
    if (!fits && line >= windowStart) {
      const candidates = [...popped.reverse(), ...levels].filter((level) => level.column !== shape.indent);
      const target = pickLevel(candidates, shape);
      if (target) return slipFound(lines, line, shape, target);
    }
    if (!fits) {
      // Outside the window: take the line as it is written and read on.
      levels.push({ column: shape.indent, dash: shape.dash, line });
    } else if (top === undefined || top.column !== shape.indent || top.dash !== shape.dash) {
      levels.push({ column: shape.indent, dash: shape.dash, line });
    } else {
      top.line = line;
    }
    if (shape.dash && shape.key !== undefined) levels.push({ column: shape.content, dash: false, line });
    if (shape.blockScalar) skipDeeperThan = shape.indent;
    if (/[[{][^\]}]*$/.test(text.replace(/\s+#.*$/, '')) && !shape.opens) skipDeeperThan = shape.indent;
    previous = shape;
  }
  return undefined;
}

/** The level a slipped line was meant for: of its own kind (item or key) first, then the nearest, then the latest. */
function pickLevel(candidates: readonly Level[], shape: LineShape): Level | undefined {
  let best: Level | undefined;
  let bestScore = Infinity;
  candidates.forEach((level, index) => {
    const score = (level.dash === shape.dash ? 0 : 1000) + Math.abs(level.column - shape.indent) * 10 + index / 100;
    if (score < bestScore) {
      bestScore = score;
      best = level;
    }
  });
  return best;
}

function spaces(n: number): string {
  return `${n} space${n === 1 ? '' : 's'}`;
}

function slipFound(lines: readonly Line[], line: number, shape: LineShape, target: Level): Found {
  const text = lines[line].text;
  const difference = shape.indent - target.column;
  const more = difference > 0 ? `${spaces(difference)} more` : `${spaces(-difference)} less`;
  const sibling = shapeOf(lines[target.line].text);
  const siblingName = target.dash ? 'the list item' : sibling.key !== undefined && !sibling.dash ? `'${sibling.key}:'` : target.column === sibling.content && sibling.key !== undefined ? `'${sibling.key}:'` : 'the line';
  const where = target.line < line ? 'above' : 'below';
  const what = shape.dash ? 'This list item' : shape.key !== undefined ? `'${shape.key}:'` : 'This line';
  const message = `${what} is indented ${more} than ${siblingName} on line ${target.line + 1} ${where}, so YAML cannot tell what it belongs to: indent it by ${spaces(target.column)}, like ${siblingName}.`;
  // The line and the lines of its own block move together (a pasted block slips as a whole).
  const repaired = [' '.repeat(target.column) + text.slice(shape.indent)];
  let to = line;
  for (let i = line + 1; i < lines.length; i++) {
    const next = lines[i].text;
    if (!isContent(next)) {
      repaired.push(next);
      to = i;
      continue;
    }
    const indent = indentOf(next);
    // Its own lines are deeper than both where it is and where it belongs (so not its siblings there);
    // a `key: value` line has none.
    const inBlock = shape.dash
      ? indent >= shape.content
      : shape.opens && indent > Math.max(shape.indent, target.column);
    if (!inBlock) break;
    repaired.push(' '.repeat(Math.max(0, indent - difference)) + next.slice(indent));
    to = i;
  }
  // Trailing blank lines stay as they are.
  while (to > line && !isContent(lines[to].text)) {
    repaired.pop();
    to--;
  }
  return {
    line,
    mistake: { span: lineSpan(lines, line), message },
    repair: { from: line, to, lines: repaired },
  };
}

/** A mistake none of the common ones explains: the parser's words, made plainer, at the error's line. */
function generic(lines: readonly Line[], error: YamlError, errorLine: number): Found {
  const start = Math.max(0, Math.min(error.pos[0], lines[errorLine].start + lines[errorLine].text.length));
  const lineEnd = lines[errorLine].start + lines[errorLine].text.length;
  const end = Math.max(start + 1, Math.min(error.pos[1], lineEnd));
  const first = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  let message: string;
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      message = `YAML cannot read the structure here (${first.toLowerCase()}): check that this line and the one below are indented like their neighbours and that each key is followed by ': '.`;
      break;
    case 'BAD_INDENT':
      message = `${first}: line the entries up with their neighbours, using spaces.`;
      break;
    case 'MISSING_CHAR':
      message = `${first}: check this line for a missing '-', ':' or closing quote or bracket.`;
      break;
    case 'BLOCK_IN_FLOW':
      message = `YAML reads this line as inside a [ … ] or { … } opened above, where '- ' items and 'key:' lines cannot be: close that bracket on the line that opens it, or remove it.`;
      break;
    case 'UNEXPECTED_TOKEN':
      message = `${first}: YAML does not expect this here; check the line for a stray character.`;
      break;
    default:
      message = `${first}.`;
  }
  return { line: errorLine, mistake: { span: { start, end: end > lineEnd && start < lineEnd ? lineEnd : end }, message } };
}
