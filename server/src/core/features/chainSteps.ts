// Editor features on a chain's steps (DESIGN §7.2): a step stands for one
// handoff per unit it selects, so its hover and code lens speak of those
// instances, completion offers the tokens its units define, and renaming a
// step or a unit renames the instance ids other files name.
import { formatDate, weekdayName } from '../calendar';
import { tokensOf, type ChainStepInfo } from '../model/chains';
import { pathKey } from '../parse';
import type { ProductionModel } from '../production';
import type { NodePath, Span, TextEdit } from '../types';
import { plural } from '../words';
import { code } from './markdown';
import { innerSpan, isObj, nodeAt, touches } from './locate';
import { referencesTo } from './usages';

/** The step whose name is under the cursor. */
export function chainStepAt(production: ProductionModel, uri: string, offset: number): ChainStepInfo | undefined {
  for (const step of production.chainSteps) if (step.uri === uri && touches(step.span, offset)) return step;
  return undefined;
}

/** What a step's instances come to: how many, their dates, and which are late. */
export interface StepSummary {
  count: number;
  /** The units' kind in the plural ("shots"), or "units" when they are of several kinds. */
  units: string;
  first?: number;
  last?: number;
  /** Instances ready after the milestone they feed, or starting before an upstream is ready, with their units. */
  late: { id: string; unit: string }[];
}

export function stepSummary(production: ProductionModel, step: ChainStepInfo): StepSummary {
  const schedule = production.schedule;
  const problems = new Set<string>();
  for (const overrun of schedule.overruns) problems.add(overrun.handoff);
  for (const conflict of schedule.conflicts) problems.add(conflict.handoff);
  const kinds = new Set<string>();
  const late: { id: string; unit: string }[] = [];
  let first: number | undefined;
  let last: number | undefined;
  for (const instance of step.instances) {
    const kind = production.units.byId.get(instance.unit)?.kind;
    if (kind !== undefined) kinds.add(kind);
    const scheduled = schedule.handoffs.get(instance.id);
    if (!scheduled) continue;
    const begin = scheduled.start ?? scheduled.due;
    if (begin !== undefined && (first === undefined || begin < first)) first = begin;
    const end = scheduled.ready ?? scheduled.due;
    if (end !== undefined && (last === undefined || end > last)) last = end;
    if (problems.has(instance.id)) late.push(instance);
  }
  const kind = kinds.size === 1 ? [...kinds][0] : 'unit';
  return { count: step.instances.length, units: plural(step.instances.length, kind).replace(/^\S+ /, ''), first, last, late };
}

const LISTED = 5;

/** The hover of a step's name: its chain, its instances, their first and last dates, the late ones. */
export function stepHover(production: ProductionModel, step: ChainStepInfo): string {
  const summary = stepSummary(production, step);
  const day = (value: number) => `${weekdayName(value)} ${formatDate(value)}`;
  const lines = [`**Step** ${code(step.step)} of chain ${code(step.chain)}: ${summary.count} ${summary.units}, one handoff each`];
  const facts: string[] = [];
  const ids = step.instances.slice(0, LISTED).map((instance) => code(instance.id));
  if (ids.length > 0) facts.push(`instances: ${ids.join(', ')}${step.instances.length > LISTED ? `, … (${step.instances.length})` : ''}`);
  if (summary.first !== undefined) facts.push(`first starts: ${day(summary.first)}`);
  if (summary.last !== undefined) facts.push(`last ready: ${day(summary.last)}`);
  if (summary.late.length === 0) facts.push('late: none');
  else {
    const named = summary.late.slice(0, LISTED).map((instance) => code(instance.unit)).join(', ');
    facts.push(`late: ${summary.late.length} (${named}${summary.late.length > LISTED ? ', …' : ''})`);
  }
  return `${lines.join('\n\n')}\n\n${facts.map((fact) => `- ${fact}`).join('\n')}`;
}

/** The token names the units of the chain at `chainIndex` define ({unit}, {parent}, {kind}, fields, ancestor kinds). */
export function chainTokenNames(production: ProductionModel, uri: string, chainIndex: number): string[] {
  const names = new Set<string>(['unit', 'kind', 'parent']);
  const seen = new Set<string>();
  for (const step of production.chainSteps) {
    if (step.uri !== uri || step.path[1] !== chainIndex) continue;
    for (const instance of step.instances) {
      if (seen.has(instance.unit)) continue;
      seen.add(instance.unit);
      // Units of one chain mostly share their fields: a few hundred are enough to see them all.
      if (seen.size > 500) break;
      const unit = production.units.byId.get(instance.unit);
      if (unit) for (const name of tokensOf(production.units.byId, unit).keys()) names.add(name);
    }
  }
  return [...names];
}

/** The step a chain's depends_on entry under the cursor names (a step name wins over a handoff id, DESIGN §7.7). */
export function stepNamedAt(production: ProductionModel, uri: string, offset: number): ChainStepInfo | undefined {
  const file = production.file(uri);
  if (!file || file.parsed.kind !== 'handoff') return undefined;
  // Only under `chains`: most definitions are asked elsewhere, and finding the node costs more than the answer.
  const chains = file.parsed.spans.get(pathKey(['chains']));
  if (!chains || !touches(chains.value, offset)) return undefined;
  const node = nodeAt(file.parsed, offset);
  if (!node || node.part !== 'value' || typeof node.value !== 'string') return undefined;
  const path = node.path;
  if (path[0] !== 'chains' || path[2] !== 'steps' || path[4] !== 'depends_on') return undefined;
  if (!(path.length === 6 || (path.length === 7 && path[6] === 'id'))) return undefined;
  return production.chainSteps.find((step) => step.uri === uri && step.path[1] === path[1] && step.step === node.value);
}

/** Whether a path in a handoff file is a step's (or an override's) text, where chain tokens go. */
export function holdsChainTokens(path: NodePath): boolean {
  return path[0] === 'chains' && typeof path[1] === 'number' && (path[2] === 'steps' || path[2] === 'overrides') && path.length > 4;
}

// --- rename

const STEP_NAME = /^[a-z][a-z0-9-]*$/;

/** The edits that rename a step: its name, the same chain's depends_on and override keys, and every reference to its instances. */
export function renameStep(production: ProductionModel, step: ChainStepInfo, newName: string): { edits: TextEdit[] } | { error: string } {
  const name = newName.trim();
  if (!STEP_NAME.test(name)) return { error: `'${name}' is not a valid step name: use kebab-case (lowercase letters, digits and '-', starting with a letter), such as 'comp'.` };
  if (name === step.step) return { edits: [] };
  const chainPath = step.path.slice(0, 2);
  const siblings = production.chainSteps.filter((other) => other.uri === step.uri && other.path[1] === chainPath[1]);
  if (siblings.some((other) => other.step === name)) return { error: `Chain '${step.chain}' already has a step '${name}'; choose another name.` };
  const file = production.file(step.uri);
  if (!file) return { edits: [] };
  const parsed = file.parsed;
  const edits: TextEdit[] = [];
  const at = (path: NodePath, part: 'key' | 'value') => {
    const spans = parsed.spans.get(pathKey(path));
    return spans ? (part === 'key' ? spans.key : spans.value) : undefined;
  };
  const edit = (span: Span | undefined) => {
    if (span) edits.push({ uri: step.uri, span: innerSpan(parsed.text, span), newText: name });
  };
  edit(step.span);
  const chain = (parsed.value as Record<string, unknown[]>).chains[chainPath[1] as number];
  if (isObj(chain)) {
    // depends_on entries of the chain's steps that name the step (plain or { id }).
    const steps = Array.isArray(chain.steps) ? chain.steps : [];
    steps.forEach((other, s) => {
      if (!isObj(other) || !Array.isArray(other.depends_on)) return;
      other.depends_on.forEach((entry, k) => {
        const base: NodePath = [...chainPath, 'steps', s, 'depends_on', k];
        if (entry === step.step) edit(at(base, 'value'));
        else if (isObj(entry) && entry.id === step.step) edit(at([...base, 'id'], 'value'));
      });
    });
    // Override keys naming the step.
    if (isObj(chain.overrides)) {
      for (const [unit, perStep] of Object.entries(chain.overrides)) {
        if (isObj(perStep) && step.step in perStep) edit(at([...chainPath, 'overrides', unit, step.step], 'key'));
      }
    }
  }
  // Instances named by default (`{step}-{unit}`) change their ids.
  const stepValue = isObj(chain) && Array.isArray(chain.steps) ? chain.steps[step.path[3] as number] : undefined;
  if (!(isObj(stepValue) && typeof stepValue.id === 'string')) {
    for (const instance of step.instances) {
      edits.push(...instanceReferenceEdits(production, instance.id, `${name}-${instance.unit}`));
    }
  }
  return { edits: dedupe(edits) };
}

/** Edits for the instance ids that change when a unit is renamed: ids built with the unit's id. */
export function unitInstanceEdits(production: ProductionModel, unitId: string, newId: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const step of production.chainSteps) {
    for (const instance of step.instances) {
      if (instance.unit !== unitId || !instance.id.includes(unitId)) continue;
      edits.push(...instanceReferenceEdits(production, instance.id, instance.id.split(unitId).join(newId)));
    }
    // An override for the unit is keyed by its id.
    const file = production.file(step.uri);
    const chainPath = step.path.slice(0, 2);
    const spans = file?.parsed.spans.get(pathKey([...chainPath, 'overrides', unitId]));
    if (file && spans?.key) edits.push({ uri: step.uri, span: innerSpan(file.parsed.text, spans.key), newText: newId });
  }
  return dedupe(edits);
}

/** Where other places name an instance by its id (its own chain's entries, which name steps, are left alone). */
function instanceReferenceEdits(production: ProductionModel, id: string, newId: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const reference of referencesTo(production, 'handoff', id)) {
    const text = production.file(reference.uri)?.parsed.text ?? '';
    const span = innerSpan(text, reference.span);
    // A reference built by the chain itself points at the step's text, which names a step, not this id.
    if (text.slice(span.start, span.end) !== id) continue;
    edits.push({ uri: reference.uri, span, newText: newId });
  }
  return edits;
}

function dedupe(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.uri}\u001f${edit.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
