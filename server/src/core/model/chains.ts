// Chains (DESIGN §7.2): one pipeline written once, built into one handoff per
// step for every unit it selects. The instances are ordinary handoffs that
// carry their origin; rules, the schedule and the views never learn about
// chains. Expanded once per production revision (see workspace.ts).
import { Memo } from '../memo';
import { Indexer, readHandoff, spanReader, type FileModel } from '../fileModel';
import { spanOf, type ParsedFile } from '../parse';
import type { FileEntities, HandoffSpec, UnitSpec } from '../specs';
import type { Finding, NodePath, Reference, Span, SymbolDef } from '../types';
import { ancestorsOf, type UnitTable } from './units';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One step of a chain and the instances it built. */
export interface ChainStepInfo {
  uri: string;
  chain: string;
  step: string;
  /** Path of the step's map. */
  path: NodePath;
  /** Span of the step's name. */
  span: Span;
  /** How many units the chain selects. */
  unitCount: number;
  instances: { id: string; unit: string }[];
}

export interface ChainExpansion {
  /** The file with its instances added to its handoffs, symbols and references. */
  file: FileModel;
  steps: ChainStepInfo[];
  /** chain-invalid findings (and schema findings of asap without any start bound). */
  findings: Finding[];
}

const TOKEN = /\{([A-Za-z_][A-Za-z0-9_-]*)\}/g;

/** The values of every token a unit defines (DESIGN §7.7). */
export function tokensOf(units: ReadonlyMap<string, UnitSpec>, unit: UnitSpec): Map<string, string> {
  const tokens = new Map<string, string>();
  // {<kind>}: the nearest ancestor of that kind; a field of the same name wins below.
  for (const ancestor of ancestorsOf(units, unit)) if (!tokens.has(ancestor.kind)) tokens.set(ancestor.kind, ancestor.id);
  tokens.set('unit', unit.id);
  tokens.set('kind', unit.kind);
  if (unit.parent !== undefined) tokens.set('parent', unit.parent);
  for (const [key, value] of Object.entries(unit.fields)) tokens.set(key, Array.isArray(value) ? value.join(', ') : value);
  return tokens;
}

/** Does a unit match `where` (all keys; a list field matches when it holds the value)? */
function matches(unit: UnitSpec, where: Obj): boolean {
  for (const [key, wanted] of Object.entries(where)) {
    const text = String(wanted);
    const value = key === 'parent' ? unit.parent : key === 'kind' ? unit.kind : key === 'id' ? unit.id : unit.fields[key];
    if (Array.isArray(value) ? !value.includes(text) : value !== text) return false;
  }
  return true;
}

/** A file's chains, if it has any. */
export function hasChains(file: FileModel): boolean {
  const root = file.parsed.value;
  return file.parsed.kind === 'handoff' && isObj(root) && Array.isArray(root.chains) && root.chains.length > 0;
}

/** A file model with extra handoffs, symbols and references; the rest is the file's own. */
class ExpandedFile implements FileModel {
  /** Its own: what is derived from the expanded file differs from what is derived from the file as written. */
  readonly memo = new Memo();

  constructor(
    private readonly base: FileModel,
    readonly entities: FileEntities,
    readonly symbols: SymbolDef[],
    readonly references: Reference[],
  ) {}

  get parsed(): ParsedFile {
    return this.base.parsed;
  }

  get schemaFindings(): Finding[] {
    return this.base.schemaFindings;
  }
}

/** A breakdown file with the unit symbols of its imports added. */
export function withImportedUnits(file: FileModel, symbols: readonly SymbolDef[]): FileModel {
  return new ExpandedFile(file, file.entities, [...file.symbols, ...symbols], file.references);
}

/** Builds a chain file's instances for the production's units. */
export function expandChains(file: FileModel, units: UnitTable): ChainExpansion {
  const parsed = file.parsed;
  const uri = parsed.uri;
  const root = parsed.value as Obj;
  const findings: Finding[] = [];
  const steps: ChainStepInfo[] = [];
  const indexer = new Indexer(parsed, spanReader(parsed));
  const instances: HandoffSpec[] = [];
  const span = (path: NodePath, part: 'key' | 'value' = 'value') => spanOf(parsed, path, part);
  const invalid = (path: NodePath, message: string, unit?: UnitSpec, part: 'key' | 'value' = 'value') =>
    findings.push({
      rule: 'chain-invalid',
      uri,
      span: span(path, part),
      message,
      related: unit ? [{ location: { uri: unit.uri, span: unit.span }, message: `Unit '${unit.id}' (${unit.kind}).` }] : undefined,
    });

  (root.chains as unknown[]).forEach((chainValue, c) => {
    if (!isObj(chainValue)) return;
    const chainPath: NodePath = ['chains', c];
    const chainId = typeof chainValue.chain === 'string' ? chainValue.chain : `chain-${c + 1}`;
    // The units it selects.
    let selected: UnitSpec[] = [];
    if (Array.isArray(chainValue.units)) {
      chainValue.units.forEach((id, k) => {
        const unit = typeof id === 'string' ? units.byId.get(id) : undefined;
        if (unit) selected.push(unit);
        else if (typeof id === 'string') invalid([...chainPath, 'units', k], `Chain '${chainId}' lists '${id}', which is no unit of the breakdown; add it to a *.breakdown.yaml or correct the id.`);
      });
    } else if (isObj(chainValue.for_each)) {
      const kind = chainValue.for_each.kind;
      const where = isObj(chainValue.for_each.where) ? chainValue.for_each.where : {};
      selected = units.all.filter((unit) => units.byId.get(unit.id) === unit && unit.kind === kind && matches(unit, where));
      if (selected.length === 0 && typeof kind === 'string') {
        const at = isObj(chainValue.for_each.where) ? [...chainPath, 'for_each', 'where'] : [...chainPath, 'for_each'];
        const whereText = Object.entries(where).map(([key, value]) => `${key}: ${String(value)}`).join(', ');
        invalid(at, `Chain '${chainId}' selects no unit: no ${kind}${whereText ? ` has ${whereText}` : ' is in the breakdown'}; correct the kind or the values, or add the units.`);
      }
    }
    const stepValues = Array.isArray(chainValue.steps) ? chainValue.steps : [];
    const stepNames = new Set<string>();
    for (const step of stepValues) if (isObj(step) && typeof step.step === 'string') stepNames.add(step.step);
    const selectedIds = new Set(selected.map((unit) => unit.id));
    const overrides = isObj(chainValue.overrides) ? chainValue.overrides : {};
    for (const [unitId, perStep] of Object.entries(overrides)) {
      const overridePath = [...chainPath, 'overrides', unitId];
      if (!selectedIds.has(unitId)) {
        invalid(overridePath, `Override for '${unitId}', which chain '${chainId}' does not select${units.byId.has(unitId) ? '' : ' (it is no unit)'}; correct the unit id or remove the override.`, units.byId.get(unitId), 'key');
        continue;
      }
      if (!isObj(perStep)) continue;
      for (const stepName of Object.keys(perStep)) {
        if (!stepNames.has(stepName)) {
          invalid([...overridePath, stepName], `Override names step '${stepName}', which chain '${chainId}' does not have; its steps are ${[...stepNames].map((s) => `'${s}'`).join(', ')}.`, units.byId.get(unitId), 'key');
        }
      }
    }
    const chainEarliest = typeof chainValue.earliest === 'string' ? chainValue.earliest : undefined;

    stepValues.forEach((stepValue, s) => {
      if (!isObj(stepValue) || typeof stepValue.step !== 'string') return;
      const stepName = stepValue.step;
      const stepPath: NodePath = [...chainPath, 'steps', s];
      const info: ChainStepInfo = { uri, chain: chainId, step: stepName, path: stepPath, span: span([...stepPath, 'step']), unitCount: selected.length, instances: [] };
      steps.push(info);
      for (const unit of selected) {
        const tokens = tokensOf(units.byId, unit);
        const override = isObj(overrides[unit.id]) && isObj((overrides[unit.id] as Obj)[stepName]) ? ((overrides[unit.id] as Obj)[stepName] as Obj) : {};
        const merged: Obj = { ...stepValue, ...override };
        // Substitute every string, reporting unknown tokens at the text holding them.
        const substitute = (value: unknown, path: NodePath): unknown => {
          if (typeof value === 'string') {
            return value.replace(TOKEN, (whole, name: string) => {
              const replacement = tokens.get(name);
              if (replacement !== undefined) return replacement;
              const known = [...tokens.keys()].map((t) => `{${t}}`).join(', ');
              invalid(path, `Unknown token '{${name}}' for unit '${unit.id}': no such field, parent or ancestor kind; tokens it has are ${known}.`, unit);
              return whole;
            });
          }
          if (Array.isArray(value)) return value.map((item, k) => substitute(item, [...path, k]));
          if (isObj(value)) {
            const out: Obj = {};
            for (const [key, item] of Object.entries(value)) out[key] = substitute(item, [...path, key]);
            return out;
          }
          return value;
        };
        const item: Obj = {};
        for (const [key, value] of Object.entries(merged)) {
          if (key === 'step') continue;
          const fieldPath = key in override ? [...chainPath, 'overrides', unit.id, stepName, key] : [...stepPath, key];
          item[key] = substitute(value, fieldPath);
        }
        const id = typeof item.id === 'string' ? item.id : `${stepName}-${unit.id}`;
        item.id = id;
        // depends_on names steps of the same unit first (a step name wins over a handoff id).
        if (Array.isArray(item.depends_on)) {
          const stepInstanceId = (name: unknown): unknown => {
            if (typeof name !== 'string' || !stepNames.has(name)) return name;
            const other = stepValues.find((candidate) => isObj(candidate) && candidate.step === name) as Obj;
            if (typeof other.id === 'string') return (substitute(other.id, [...stepPath, 'depends_on']) as string) || name;
            return `${name}-${unit.id}`;
          };
          item.depends_on = item.depends_on.map((entry) => (isObj(entry) ? { ...entry, id: stepInstanceId(entry.id) } : stepInstanceId(entry)));
        }
        const handoff = readHandoff(indexer, item, stepPath, uri);
        if (!handoff) continue;
        // Definition of an instance id: its step's name.
        const def = indexer.symbols[indexer.symbols.length - 1];
        if (def && def.kind === 'handoff' && def.id === id) def.span = info.span;
        handoff.unit = unit.id;
        handoff.earliest ??= chainEarliest;
        handoff.origin = { chain: chainId, step: stepName, unit: unit.id, node: stepPath };
        instances.push(handoff);
        info.instances.push({ id, unit: unit.id });
      }
    });
  });
  // Symbols must line up with the handoff entities (one per definition, in order).
  const symbols = [...file.symbols];
  const handoffSymbols = indexer.symbols.filter((symbol) => symbol.kind === 'handoff');
  const otherSymbols = indexer.symbols.filter((symbol) => symbol.kind !== 'handoff');
  const entities: FileEntities = { ...file.entities, handoffs: [...file.entities.handoffs, ...instances] };
  // The file's own handoff symbols come first, like its own handoffs.
  for (const symbol of handoffSymbols) symbols.push(symbol);
  for (const symbol of otherSymbols) symbols.push(symbol);
  return { file: new ExpandedFile(file, entities, symbols, [...file.references, ...indexer.references]), steps, findings };
}
