// Go to definition, find references and rename, across every file of the
// production that governs the file. Ids are renamed everywhere they are
// named — definitions, references, and `{token}`s in naming patterns — and a
// new id must be kebab-case and free within its kind (and scope).
import { displayPath } from '../rules/duplicate-id';
import { BUILT_IN_NAMING_TOKENS } from '../naming';
import type { Location, Span, TextEdit } from '../types';
import type { Workspace } from '../workspace';
import { kindName } from './idSlots';
import { innerSpan } from './locate';
import { definitionsOf, targetAt, usagesOf, type Target } from './usages';
import { chainStepAt, renameStep, stepNamedAt, unitInstanceEdits } from './chainSteps';

/** Where the id under the cursor is defined (several places for a duplicate; none when undefined). */
export function definition(workspace: Workspace, uri: string, offset: number): Location[] {
  const production = workspace.productionOf(uri);
  const step = production && stepNamedAt(production, uri, offset);
  if (step) return [{ uri: step.uri, span: innerSpan(production!.file(step.uri)?.parsed.text ?? '', step.span) }];
  const target = targetAt(workspace, uri, offset);
  if (!target) return [];
  return target.definitions.map((def) => ({ uri: def.uri, span: innerSpan(target.production.file(def.uri)?.parsed.text ?? '', def.span) }));
}

/** Every place in the production that names the id under the cursor. */
export function references(workspace: Workspace, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const target = targetAt(workspace, uri, offset);
  if (!target) return [];
  return usagesOf(target, includeDeclaration);
}

export type PrepareRenameResult = { span: Span; placeholder: string } | { error: string };
export type RenameResult = { edits: TextEdit[] } | { error: string };

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const TOKEN_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Unit ids as the breakdown takes them (DESIGN §1's relaxation). */
const UNIT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The word (an id's characters) around an offset. */
function wordAt(text: string, offset: number): Span {
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(text[start - 1])) start--;
  while (end < text.length && /[A-Za-z0-9_.-]/.test(text[end])) end++;
  return { start, end };
}

export function prepareRename(workspace: Workspace, uri: string, offset: number): PrepareRenameResult {
  const production = workspace.productionOf(uri);
  const step = production && (chainStepAt(production, uri, offset) ?? stepNamedAt(production, uri, offset));
  if (step) {
    const text = production!.file(uri)?.parsed.text ?? '';
    const at = chainStepAt(production!, uri, offset) ? step.span : wordAt(text, offset);
    return { span: innerSpan(text, at), placeholder: step.step };
  }
  const target = targetAt(workspace, uri, offset);
  if (!target) return { error: 'Only ids can be renamed: put the cursor on an id or on a reference to one.' };
  const refusal = cannotRename(target);
  if (refusal) return { error: refusal };
  return { span: target.span, placeholder: target.id };
}

export function rename(workspace: Workspace, uri: string, offset: number, newName: string): RenameResult {
  const production = workspace.productionOf(uri);
  const step = production && (chainStepAt(production, uri, offset) ?? stepNamedAt(production, uri, offset));
  if (step) return renameStep(production!, step, newName);
  const target = targetAt(workspace, uri, offset);
  if (!target) return { error: 'Only ids can be renamed: put the cursor on an id or on a reference to one.' };
  const refusal = cannotRename(target);
  if (refusal) return { error: refusal };
  const name = newName.trim();
  const what = kindName(target.kind);
  if (target.kind === 'naming-token') {
    if (!TOKEN_PATTERN.test(name)) return { error: `'${name}' is not a valid naming token name: use letters, digits, '_' or '-', starting with a letter, such as 'layer'.` };
    if (BUILT_IN_NAMING_TOKENS.includes(name)) return { error: `'${name}' is a built-in naming token; choose another name.` };
  } else if (target.kind === 'unit') {
    if (!UNIT_PATTERN.test(name)) return { error: `'${name}' is not a valid unit id: use letters, digits, '_', '.' or '-', starting with a letter or digit, such as 'ep101_0010'.` };
  } else if (!ID_PATTERN.test(name)) {
    return { error: `'${name}' is not a valid id: ids are kebab-case (lowercase letters, digits and '-', starting with a letter), such as '${suggestKebab(name) || 'comp-render'}'.` };
  }
  if (name === target.id) return { edits: [] };
  const clash = definitionsOf(target.production, target.kind, name, target.scope)[0];
  if (clash) {
    const file = target.production.file(clash.uri);
    const line = file ? file.parsed.lines.positionAt(clash.span.start).line + 1 : 1;
    const scope = target.scope === undefined ? '' : target.kind === 'step' ? ` in runbook '${target.scope}'` : ` in template '${target.scope}'`;
    return { error: `A ${what} '${name}' already exists${scope} (${displayPath(target.production, clash.uri)}:${line}); choose another id.` };
  }
  const edits = usagesOf(target, true).map((location) => ({ uri: location.uri, span: location.span, newText: name }));
  // A unit's chain instances are named after it: their ids change, and so do the places that name them.
  if (target.kind === 'unit') edits.push(...unitInstanceEdits(target.production, target.id, name));
  return { edits };
}

function cannotRename(target: Target): string | undefined {
  if (target.definitions.length > 0) return undefined;
  if (target.kind === 'naming-token' && BUILT_IN_NAMING_TOKENS.includes(target.id)) return `'${target.id}' is a built-in naming token and cannot be renamed.`;
  return `The ${kindName(target.kind)} '${target.id}' is not defined, so there is nothing to rename; define it first or fix this reference.`;
}

function suggestKebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
}
