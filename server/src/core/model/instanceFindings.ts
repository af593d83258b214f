// Findings about chain instances, as the user reads them (DESIGN §7.2): a
// finding on one instance names its unit and points at the unit's line; the
// same finding (rule and place) on many instances of one step is one finding
// "in 12 of 40 units: …" that carries how many it stands for.
import { pathKey, spanOf, type ParsedFile } from '../parse';
import type { Span } from '../types';
import type { ProductionModel } from '../production';
import type { Finding } from '../types';
import { instancesFileOf, readAsOf, type ChainStepInfo } from './chains';
import type { FileModel } from '../fileModel';
import type { HandoffSpec } from '../specs';

/** How many units' instances a grouped finding stands for, and the first of them. */
export interface InstanceCount {
  count: number;
  of: number;
  units: string[];
}

const LISTED = 5;

/** Groups one file's findings about instances of its chain steps; other findings pass unchanged. */
export function groupInstanceFindings(production: ProductionModel, uri: string, findings: readonly Finding[]): Finding[] {
  const steps = production.chainSteps.filter((step) => step.uri === uri);
  if (steps.length === 0) return [...findings];
  const file = production.file(uri);
  if (!file) return [...findings];
  const nodes = steps.map((step) => ({ step, span: spanOf(file.parsed, step.path) }));
  const groups = new Map<string, { step: ChainStepInfo; unit: string; finding: Finding }[]>();
  // Per call, by step: instance id → unit, so that a message is matched by its quoted words, not by every instance.
  const lookups = new Map<ChainStepInfo, StepLookup>();
  const out: (Finding | string)[] = [];
  for (let finding of findings) {
    const node = nodes.find(({ span }) => finding.span.start >= span.start && finding.span.end <= span.end);
    const unit = node && unitNamed(node.step, finding.message, lookups);
    if (!node || unit === undefined) {
      out.push(finding);
      continue;
    }
    // A field the unit's override sets: the finding belongs at the override's key (DESIGN §7.7).
    const overrideKey = overrideKeyOf(file.parsed, node.step, node.span, unit, finding.span);
    if (overrideKey) finding = { ...finding, span: overrideKey };
    const key = `${finding.rule}\u001f${finding.span.start}\u001f${finding.span.end}\u001f${node.step.path.join('.')}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = []));
      out.push(key);
    }
    group.push({ step: node.step, unit, finding });
  }
  return out.map((entry) => (typeof entry === 'string' ? merge(production, groups.get(entry)!) : entry));
}

/**
 * The key of the override that set the field a finding points at, for this
 * unit and step: the step's field holding the span, or (when the step lacks
 * the field and the finding falls back to the whole step) the one key the
 * override adds.
 */
function overrideKeyOf(parsed: ParsedFile, step: ChainStepInfo, stepSpan: Span, unit: string, span: Span): Span | undefined {
  const chains = (parsed.value as { chains?: unknown[] }).chains;
  const chain = chains?.[step.path[1] as number] as { overrides?: Record<string, Record<string, Record<string, unknown>>>; steps?: unknown[] } | undefined;
  const override = chain?.overrides?.[unit]?.[step.step];
  if (!override || typeof override !== 'object') return undefined;
  const stepValue = chain?.steps?.[step.path[3] as number] as Record<string, unknown> | undefined;
  const keyAt = (key: string) => parsed.spans.get(pathKey([...step.path.slice(0, 2), 'overrides', unit, step.step, key]))?.key;
  for (const key of Object.keys(override)) {
    if (!stepValue || !(key in stepValue)) continue;
    const field = parsed.spans.get(pathKey([...step.path, key]));
    if (!field) continue;
    const inside = (outer: Span) => span.start >= outer.start && span.end <= outer.end;
    if (inside(field.value) || (field.key && inside(field.key))) return keyAt(key);
  }
  if (span.start === stepSpan.start && span.end === stepSpan.end) {
    const added = Object.keys(override).filter((key) => !stepValue || !(key in stepValue));
    if (added.length === 1) return keyAt(added[0]);
  }
  return undefined;
}

interface StepLookup {
  unitOf: Map<string, string>;
  units: Set<string>;
}

const QUOTED = /'([^'\s]+)'/g;

/** The unit whose instance a message is about: an instance id in it, else a quoted unit id. */
function unitNamed(step: ChainStepInfo, message: string, lookups: Map<ChainStepInfo, StepLookup>): string | undefined {
  let lookup = lookups.get(step);
  if (!lookup) {
    lookup = { unitOf: new Map(step.instances.map((instance) => [instance.id, instance.unit])), units: new Set(step.instances.map((instance) => instance.unit)) };
    lookups.set(step, lookup);
  }
  // Messages quote the ids they name: the longest quoted instance id wins, then a quoted unit.
  let best: string | undefined;
  let quotedUnit: string | undefined;
  for (const match of message.matchAll(QUOTED)) {
    const word = match[1];
    if (lookup.unitOf.has(word) && (best === undefined || word.length > best.length)) best = word;
    else if (quotedUnit === undefined && lookup.units.has(word)) quotedUnit = word;
  }
  if (best !== undefined) return lookup.unitOf.get(best);
  if (quotedUnit !== undefined) return quotedUnit;
  return unitNamedByScan(step, message);
}

/** The slow road, for a message that names an instance without quotes. */
function unitNamedByScan(step: ChainStepInfo, message: string): string | undefined {
  let best: { id: string; unit: string } | undefined;
  for (const instance of step.instances) {
    if (message.includes(instance.id) && (!best || instance.id.length > best.id.length)) best = instance;
  }
  if (best) return best.unit;
  for (const instance of step.instances) if (message.includes(`'${instance.unit}'`)) return instance.unit;
  return undefined;
}

function merge(production: ProductionModel, group: { step: ChainStepInfo; unit: string; finding: Finding }[]): Finding {
  const first = group[0];
  const units = [...new Set(group.map((entry) => entry.unit))];
  const unitLine = (id: string) => {
    const unit = production.units.byId.get(id);
    return unit ? [{ location: { uri: unit.uri, span: unit.span }, message: `Unit '${unit.id}' (${unit.kind}).` }] : [];
  };
  const ownRelated = (first.finding.related ?? []).filter((related) => !related.message.startsWith('Unit '));
  if (units.length === 1) {
    const named = first.finding.message.includes(first.unit) ? first.finding.message : `${first.finding.message} (unit ${first.unit})`;
    return { ...first.finding, message: named, related: [...ownRelated, ...unitLine(first.unit)], instances: { count: 1, of: first.step.unitCount, units } };
  }
  const listed = units.slice(0, LISTED).join(', ') + (units.length > LISTED ? ', …' : '');
  return {
    ...first.finding,
    message: `${first.finding.message} — in ${units.length} of ${first.step.unitCount} units of step '${first.step.step}': ${listed}`,
    related: [...ownRelated, ...units.slice(0, LISTED).flatMap(unitLine)],
    instances: { count: units.length, of: first.step.unitCount, units },
  };
}

/** What the one-file rules found about a run of consecutive instances of one step, kept while they are the same objects. */
export interface InstanceChunk {
  /** The settings the rules ran with. */
  key: string;
  /** Its handoffs as the rules read them (see readAsOf). */
  handoffs: readonly HandoffSpec[];
  findings: Finding[];
}

/** About one instance in this many ends a chunk: few rule runs from scratch, little to run again when one unit changes. */
const CHUNK_SPREAD = 32;

/** Whether a chunk ends after this instance: decided by its id alone, so a unit coming or going moves no other chunk's bounds. */
function endsChunk(id: string): boolean {
  let hash = 2166136261;
  for (let k = 0; k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 16777619);
  return (hash >>> 0) % CHUNK_SPREAD === 0;
}

/**
 * The one-file rules' findings about one step's instances (a file of them,
 * see instancePartsOf), run over chunks of consecutive instances: a chunk
 * whose instances are the same objects as before, for the same settings,
 * keeps its findings, so one unit changed runs the rules over its chunk in
 * each step, not over every instance. The rules read one handoff at a time,
 * so what they find in the chunks is what they find in the whole step; each
 * rule's findings stay in the instances' order.
 */
export function stepInstanceFindings(
  step: FileModel,
  key: string,
  before: readonly InstanceChunk[] | undefined,
  run: (file: FileModel) => Finding[],
): { chunks: InstanceChunk[]; findings: Finding[] } {
  const handoffs = step.entities.handoffs;
  // A retouched instance is read as the one it was retouched from: its chunk keeps its findings.
  const readAs = readAsOf(step) ?? handoffs;
  const byFirst = new Map<HandoffSpec, InstanceChunk>();
  for (const chunk of before ?? []) if (chunk.handoffs.length > 0) byFirst.set(chunk.handoffs[0], chunk);
  const chunks: InstanceChunk[] = [];
  const findings: Finding[] = [];
  let start = 0;
  for (let k = 0; k < handoffs.length; k++) {
    if (k < handoffs.length - 1 && !endsChunk(handoffs[k].id)) continue;
    const last = byFirst.get(readAs[start]);
    let chunk: InstanceChunk;
    if (last && last.key === key && last.handoffs.length === k + 1 - start && last.handoffs.every((handoff, j) => handoff === readAs[start + j])) chunk = last;
    else chunk = { key, handoffs: readAs.slice(start, k + 1), findings: run(instancesFileOf(step.parsed, handoffs.slice(start, k + 1))) };
    chunks.push(chunk);
    for (const finding of chunk.findings) findings.push(finding);
    start = k + 1;
  }
  return { chunks, findings };
}
