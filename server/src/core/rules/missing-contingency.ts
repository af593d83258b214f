// A handoff whose risk is high or critical must say what happens when it goes
// wrong: a contingency plan and an ordered escalation path.
import { pathKey, type ParsedFile } from '../parse';
import type { HandoffSpec } from '../specs';
import type { Fix, NodePath, TextEdit } from '../types';
import { checkEachFile, type FileRuleContext, type Rule } from './rule';

const SERIOUS = new Set(['high', 'critical']);

function checkFile(context: FileRuleContext): void {
  for (const handoff of context.file.entities.handoffs) {
    if (handoff.riskLevel === undefined || !SERIOUS.has(handoff.riskLevel)) continue;
    const noPlan = (handoff.contingency?.plan ?? '').trim() === '';
    const noEscalation = handoff.escalation.length === 0;
    if (!noPlan && !noEscalation) continue;
    const missing = [noPlan && 'a contingency plan', noEscalation && 'an escalation path'].filter(Boolean).join(' and ');
    const todo = [
      noPlan && "add 'contingency: { plan: ... }' under 'risk'",
      noEscalation && "list the people to call, in order, in 'escalation:'",
    ]
      .filter(Boolean)
      .join(' and ');
    const fix = skeletonFix(context.file.parsed, handoff, noPlan, noEscalation);
    context.report({
      uri: handoff.uri,
      span: context.span([...handoff.path, 'risk', 'level']),
      message: `Risk level '${handoff.riskLevel}' of '${handoff.id}' needs ${missing}; ${todo}.`,
      fixes: fix ? [fix] : undefined,
    });
  }
}

export const missingContingency: Rule = {
  id: 'missing-contingency',
  defaultSeverity: 'warning',
  summary: 'A high or critical risk handoff has no contingency plan or no escalation path.',
  checkFile,
  check: checkEachFile(checkFile),
};

/**
 * Inserts empty `contingency: plan:` and `escalation: []` lines for the user
 * to fill in. Only block maps are edited (their indentation is read from the
 * text); flow maps (`{ ... }`) and keys that exist without a usable value are
 * left to the user rather than risk a broken document.
 */
function skeletonFix(file: ParsedFile, handoff: HandoffSpec, noPlan: boolean, noEscalation: boolean): Fix | undefined {
  const edits: TextEdit[] = [];
  const titles: string[] = [];
  if (noPlan) {
    const edit = planEdit(file, handoff.path);
    if (edit) {
      edits.push(edit);
      titles.push('a contingency plan skeleton');
    }
  }
  if (noEscalation) {
    const edit = escalationEdit(file, handoff.path);
    if (edit) {
      edits.push(edit);
      titles.push('an escalation path');
    }
  }
  if (edits.length === 0) return undefined;
  return { title: `Add ${titles.join(' and ')}`, edits };
}

function planEdit(file: ParsedFile, handoffPath: NodePath): TextEdit | undefined {
  const riskPath = [...handoffPath, 'risk'];
  const contingencyPath = [...riskPath, 'contingency'];
  const contingency = file.spans.get(pathKey(contingencyPath));
  if (!contingency) {
    const risk = blockMapIndent(file, riskPath);
    if (!risk) return undefined;
    return insertLines(file, risk.end, [`${risk.indent}contingency:`, `${risk.indent}  plan: ""`]);
  }
  if (file.spans.has(pathKey([...contingencyPath, 'plan']))) return undefined;
  const block = blockMapIndent(file, contingencyPath);
  return block && insertLines(file, block.end, [`${block.indent}plan: ""`]);
}

function escalationEdit(file: ParsedFile, handoffPath: NodePath): TextEdit | undefined {
  if (file.spans.has(pathKey([...handoffPath, 'escalation']))) return undefined;
  if (!blockMapIndent(file, handoffPath)) return undefined;
  // After the contact (or owner, or id) line: where DESIGN §1 lists it.
  for (const key of ['contact', 'owner', 'id']) {
    const spans = file.spans.get(pathKey([...handoffPath, key]));
    if (!spans?.key) continue;
    const indent = ' '.repeat(spans.key.start - file.lines.lineStart(file.lines.positionAt(spans.key.start).line));
    return insertLines(file, spans.value.end, [`${indent}escalation: []`]);
  }
  return undefined;
}

/** Where a block map's keys start (its indentation) and where its content ends; undefined for a flow map or no map. */
function blockMapIndent(file: ParsedFile, path: NodePath): { indent: string; end: number } | undefined {
  const value = file.spans.get(pathKey(path))?.value;
  if (!value || value.end <= value.start || file.text[value.start] === '{') return undefined;
  // A block map's node begins at its first key; an anchor, tag or alias there is left alone.
  if (!/^[A-Za-z_"']/.test(file.text[value.start])) return undefined;
  const lineStart = file.lines.lineStart(file.lines.positionAt(value.start).line);
  const before = file.text.slice(lineStart, value.start);
  // Only sequence dashes may share a block map's first line; they count as indentation.
  if (!/^[ -]*$/.test(before)) return undefined;
  return { indent: ' '.repeat(before.length), end: value.end };
}

/** Inserts whole lines after the line holding `offset`, in the file's line-break style. */
function insertLines(file: ParsedFile, offset: number, lines: string[]): TextEdit {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const at = file.lines.lineEnd(file.lines.positionAt(offset).line);
  return { uri: file.uri, span: { start: at, end: at }, newText: lines.map((line) => eol + line).join('') };
}
