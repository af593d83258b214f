// Success criteria and checklist lines that are opinions ("looks good", "as
// needed", "TBD") cannot be verified by the receiving department, so they
// settle nothing when a delivery is disputed.
import { pathKey, type ParsedFile } from '../parse';
import type { NodePath, Span } from '../types';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';
import { VAGUE_LANGUAGE } from './vague-phrases';

/** Phrases that state an opinion or defer the decision; matched as whole words, any case (data: vague-phrases.ts). */
export const VAGUE_PHRASES: readonly string[] = VAGUE_LANGUAGE.phrases;

/** No letter, digit or underscore before / after: a phrase is matched as whole words. */
const WORD_START = '(?<![\\p{L}\\p{N}_])';
const WORD_END = '(?![\\p{L}\\p{N}_])';

// Words may be separated by any whitespace (a folded line) or a hyphen ("high-quality").
// Longer phrases first, so "etc." wins over "etc"; then the forms.
const PHRASES = [...VAGUE_PHRASES]
  .sort((a, b) => b.length - a.length)
  .map((phrase) => phrase.split(' ').map(escapeRegExp).join('[\\s-]+'))
  .join('|');
const VAGUE = new RegExp([`${WORD_START}(?:${PHRASES})${WORD_END}`, ...VAGUE_LANGUAGE.forms.map((form) => `(?:${form.pattern})`)].join('|'), 'giu');

/**
 * VAGUE without its whole-word checks: it matches wherever VAGUE does (and
 * sometimes where it does not), so a line it does not match holds no vague
 * phrase. It is several times faster on such a line, most lines of a plan:
 * VAGUE tries its look-behind at every position.
 */
const MAYBE_VAGUE = new RegExp(
  [`(?:${PHRASES})`, ...VAGUE_LANGUAGE.forms.map((form) => `(?:${form.pattern.split(WORD_START).join('').split(WORD_END).join('')})`)].join('|'),
  'iu',
);

function checkFile(context: FileRuleContext): void {
  const file = context.file.parsed;
  // A chain step's instances read the same lines: each text is searched once per check.
  const searched = new Map<string, string[]>();
  const inspect = (uri: string, path: NodePath, text: string, where: string): void => {
    let phrases = searched.get(text);
    if (!phrases) searched.set(text, (phrases = vaguePhrasesIn(text)));
    if (phrases.length === 0) return;
    const others = phrases.slice(1).map((phrase) => `'${phrase}'`);
    const also = others.length === 0 ? '' : ` (also ${others.join(', ')})`;
    context.report({
      uri,
      span: phraseSpan(file, path, phrases[0]) ?? context.span(path),
      message:
        `The phrase '${phrases[0]}'${also} in ${where} is an opinion, not a check; ` +
        'state something checkable instead (a count, a version, a file, a measurable property).',
    });
  };

  for (const handoff of context.file.entities.handoffs) {
    const doneWhen = valueAt(file.value, [...handoff.path, 'done_when']);
    if (Array.isArray(doneWhen)) {
      doneWhen.forEach((line, index) => {
        if (typeof line === 'string') inspect(handoff.uri, [...handoff.path, 'done_when', index], line, `done_when of '${handoff.id}'`);
      });
    }
    for (const item of handoff.inlineChecklist) {
      if (item.check !== undefined) inspect(item.uri, [...item.path, 'check'], item.check, `the checklist of '${handoff.id}'`);
    }
  }
  for (const template of context.file.entities.templates) {
    for (const item of template.checklist) {
      const name = item.id === undefined ? '' : ` item '${item.id}'`;
      if (item.check !== undefined) inspect(item.uri, [...item.path, 'check'], item.check, `checklist${name} of template '${template.id}'`);
    }
  }
}

export const vagueCriterion: Rule = {
  id: 'vague-criterion',
  defaultSeverity: 'warning',
  summary: 'A done_when or checklist line is an opinion, not a check.',
  checkFile,
  check: checkEachFile(checkFile),
};

/** The vague phrases in a line, as written, in order of appearance (each once). */
export function vaguePhrasesIn(text: string): string[] {
  if (!MAYBE_VAGUE.test(text)) return [];
  const found: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(VAGUE)) {
    const key = normalize(match[0]);
    if (seen.has(key)) continue;
    seen.add(key);
    found.push(match[0].trim().replace(/\s+/g, ' '));
  }
  return found;
}

/**
 * The phrase inside the scalar's source text. The source of a plain or quoted
 * scalar holds the phrase as written (quotes and escapes only surround it);
 * when it does not (an escape inside the phrase), the caller marks the whole value.
 */
function phraseSpan(file: ParsedFile, path: NodePath, phrase: string): Span | undefined {
  const value = file.spans.get(pathKey(path))?.value;
  if (!value) return undefined;
  const source = file.text.slice(value.start, value.end);
  for (const match of source.matchAll(VAGUE)) {
    if (normalize(match[0]) === normalize(phrase)) {
      const start = value.start + match.index!;
      return { start, end: start + match[0].length };
    }
  }
  return undefined;
}

function normalize(phrase: string): string {
  return phrase.toLowerCase().replace(/[\s-]+/g, ' ');
}

function valueAt(root: unknown, path: NodePath): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
