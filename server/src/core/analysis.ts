// Runs the rule catalogue over one production and turns findings into
// diagnostics: severity from defaults, the production's `rules:` and the
// caller's overrides; suppression comments applied; stable order.
//
// Work is kept with each file version: the findings of the rules that read
// one file (checkFile), and the diagnostics made from a file's findings, are
// reused until the file, the production's settings, today or the severities
// change. The rules that read across files keep their own per-file results
// (see each rule), so an edit re-checks what it can affect.
import { parseDate } from './calendar';
import type { FileModel } from './fileModel';
import { MemoKey } from './memo';
import { firstContentSpan } from './parse';
import { FollowedFiles, type ProductionModel } from './production';
import { makeContext, makeFileContext } from './rules/rule';
import { RULES, RULES_BY_ID } from './rules';
import { instancePartsOf } from './model/chains';
import { groupInstanceFindings, stepInstanceFindings, type InstanceChunk } from './model/instanceFindings';
import type { Diagnostic, Finding, Severity, SeveritySetting } from './types';

export interface AnalysisOptions {
  /** ISO date used as "today" (staleness, lateness); the real date when absent. */
  today?: string;
  /** Severity overrides that win over the production's `rules:` (editor settings, CLI flags). */
  severityOverrides?: Readonly<Record<string, SeveritySetting>>;
}

export function todayDay(options: AnalysisOptions): number {
  const given = options.today === undefined ? undefined : parseDate(options.today);
  if (given !== undefined) return given;
  const now = new Date();
  return Math.floor(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 86_400_000);
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

function isSeveritySetting(value: string | undefined): value is SeveritySetting {
  return value !== undefined && SEVERITIES.includes(value);
}

function severityFor(rule: string, production: ProductionModel, options: AnalysisOptions): SeveritySetting {
  const override = options.severityOverrides?.[rule];
  if (isSeveritySetting(override)) return override;
  const configured = production.production?.rules[rule];
  if (isSeveritySetting(configured)) return configured;
  return RULES_BY_ID.get(rule)?.defaultSeverity ?? 'error';
}

/** The findings of the one-file rules about one file version, for the settings they were found with. */
const FILE_FINDINGS = new MemoKey<{ key: string; findings: Finding[] }>('one-file findings');

/** Diagnostics made from one file version's findings, with the severities they were made with. */
interface MadeDiagnostics {
  severities: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/**
 * The diagnostics last made from one file version's findings, and the ones
 * made before them: a department renamed and back gives each file naming it
 * the findings it had two runs ago (see unknown-reference), and so the list.
 */
const FILE_DIAGNOSTICS = new MemoKey<{ last: MadeDiagnostics; before?: MadeDiagnostics }>('diagnostics');

/** The finding that tells a file no production governs it, one per file version (so it is the same object each run). */
const UNGOVERNED = new MemoKey<Finding>('no production governs it');

/** Owner of the per-step findings kept with a production (see ProductionModel.memo). */
const STEP_FINDINGS = { name: 'one-file findings of chain steps' };

/**
 * What the last run over a production's models gave, kept with the
 * production (see ProductionModel.memo): the diagnostics of every file and
 * the file versions they were made from. The next run looks again only at
 * the files that changed since, and at those a rule across files spoke (or
 * had spoken) about, so that an edit costs what it changed, not the workspace.
 */
interface Settled {
  /**
   * The one-file rules' settings and the severities the diagnostics were
   * made with; undefined before the first run and while a run has not
   * finished (so that the run after one that failed looks at every file).
   */
  key?: string;
  /** The file versions `diagnostics` were made from, and the model's revision. */
  files: FollowedFiles;
  /** Every file's diagnostics, in model order: the map the workspace reads (it is updated in place). */
  diagnostics: Map<string, Diagnostic[]>;
  /** The files that rules across files found something about last time. */
  crossFile: Set<string>;
  /** Files a rule failed on: checked again next time. */
  retry: Set<string>;
}

/** The diagnostics of a production and the files whose diagnostics differ from the run before; `changed` undefined: any may. */
export interface ProductionDiagnostics {
  diagnostics: ReadonlyMap<string, Diagnostic[]>;
  changed?: readonly string[];
}

/** The URIs of the files with chain steps, per revision. */
const STEP_URIS = new MemoKey<Set<string>>('files with chain steps');

function internalError(rule: string, uri: string, error: unknown): Finding {
  return {
    rule,
    uri,
    span: { start: 0, end: 0 },
    message: `Internal error in rule '${rule}': ${error instanceof Error ? error.message : String(error)}. Please report it.`,
  };
}

/**
 * Diagnostics of every file of the production, including files with none.
 * The map is the production's own and changes with the next analysis of it:
 * copy it to keep it.
 */
export function analyzeProduction(production: ProductionModel, options: AnalysisOptions): ReadonlyMap<string, Diagnostic[]> {
  return analyzeProductionChanges(production, options).diagnostics;
}

/** Diagnostics of every file of the production, and which files' diagnostics changed since the last analysis of it. */
export function analyzeProductionChanges(production: ProductionModel, options: AnalysisOptions): ProductionDiagnostics {
  const today = todayDay(options);
  const governed = production.key !== '';
  // Findings of the rules that read across files, by file: few files have any.
  const crossFile = new Map<string, Finding[]>();
  // Rules report a file's findings one after another: the list of the last file reported about is at hand
  // (a rename at 50,000 handoffs reports 8,753 findings about 1,751 files).
  let lastUri: string | undefined;
  let lastList: Finding[] | undefined;
  const sink = (finding: Finding): void => {
    if (finding.uri === lastUri) {
      lastList!.push(finding);
      return;
    }
    if (!production.file(finding.uri)) return;
    let list = crossFile.get(finding.uri);
    if (list) list.push(finding);
    else crossFile.set(finding.uri, (list = [finding]));
    lastUri = finding.uri;
    lastList = list;
  };
  // A defect in one rule must not take the others down with it: it reports
  // one internal error, on the production's first file.
  const failed = new Set<string>();
  const fail = (rule: string, error: unknown): void => {
    if (failed.has(rule) || !production.files[0]) return;
    failed.add(rule);
    sink(internalError(rule, production.files[0].parsed.uri, error));
  };

  const severity = new Map<string, SeveritySetting>();
  for (const rule of RULES) severity.set(rule.id, severityFor(rule.id, production, options));
  const severities = [...severity.values()].join(',');
  const fileRules = RULES.filter((rule) => rule.checkFile && (governed || rule.perFile));
  const fileKey = `${governed}|${production.settingsKey}|${today}`;
  const key = `${fileKey}|${severities}`;
  const settled = production.memo(analyzeProduction, (): Settled => ({ files: new FollowedFiles(), diagnostics: new Map(), crossFile: new Set(), retry: new Set() }));
  const since = production.follow(settled.files);
  const removed = since.removed.map(([uri]) => uri);
  // The files to look at again: those that changed since the last run (all of them when the settings did).
  let candidates: FileModel[];
  let reordered: boolean;
  if (settled.key === key) {
    candidates = since.changed.map(([, file]) => file);
    reordered = removed.length > 0 || since.changed.some(([before]) => before === undefined);
    // And those a rule failed on, unless they are among the changed already.
    if (settled.retry.size > 0) {
      const changedFiles = new Set(candidates);
      for (const uri of settled.retry) {
        const file = production.file(uri);
        if (file && !changedFiles.has(file)) candidates.push(file);
      }
    }
  } else {
    candidates = [...production.files];
    reordered = true;
  }
  settled.key = undefined;

  // The one-file rules' findings about a file version, kept with it.
  const unfinished = new Set<string>();
  const runFileRules = (file: FileModel, found: Finding[]): void => {
    for (const rule of fileRules) {
      try {
        rule.checkFile!(makeFileContext(production, file, today, (finding) => found.push({ ...finding, rule: rule.id })));
      } catch (error) {
        unfinished.add(file.parsed.uri);
        fail(rule.id, error);
      }
    }
  };
  // Per chain file and step: the findings about the step's instances, by chunks reused while their instances are the same objects.
  const stepFindings = production.memo(STEP_FINDINGS, () => new Map<string, InstanceChunk[][]>());
  const findingsOfFile = (file: FileModel): Finding[] => {
    const cached = file.memo.peek(FILE_FINDINGS);
    if (cached && cached.key === fileKey) return cached.findings;
    const found: Finding[] = [];
    const parts = file.parsed.syntaxFindings.length === 0 ? instancePartsOf(file) : undefined;
    if (parts) {
      const uri = file.parsed.uri;
      for (const finding of findingsOfFile(parts.base)) found.push(finding);
      const before = stepFindings.get(uri) ?? [];
      const after: InstanceChunk[][] = [];
      const run = (instances: FileModel): Finding[] => {
        const own: Finding[] = [];
        runFileRules(instances, own);
        return own;
      };
      parts.steps.forEach((step, k) => {
        const { chunks, findings } = stepInstanceFindings(step, fileKey, before[k], run);
        after.push(chunks);
        for (const finding of findings) found.push(finding);
      });
      stepFindings.set(uri, after);
    } else runFileRules(file, found);
    if (!unfinished.has(file.parsed.uri)) file.memo.set(FILE_FINDINGS, { key: fileKey, findings: found });
    else stepFindings.delete(file.parsed.uri);
    return found;
  };
  // Checked before the rules across files, so that an internal error among them is reported with theirs.
  const own = new Map<string, Finding[]>();
  for (const file of candidates) own.set(file.parsed.uri, findingsOfFile(file));

  for (const rule of RULES) {
    if (rule.checkFile || (!governed && !rule.perFile)) continue;
    try {
      const setting = severity.get(rule.id);
      rule.check(makeContext(production, today, sink, rule.id, setting === 'off' ? undefined : setting));
    } catch (error) {
      fail(rule.id, error);
    }
  }
  reportExtraProductionFiles(production, sink);
  // What importing shot lists found (their own rule ids: schema, chain-invalid is reported by its rule).
  for (const finding of production.expansionFindings) if (finding.rule !== 'chain-invalid') sink(finding);
  for (const finding of production.asapFindings) sink(finding);
  if (!governed) {
    for (const file of production.files) {
      sink(
        file.memo.get(UNGOVERNED, () => ({
          rule: 'schema',
          uri: file.parsed.uri,
          span: firstContentSpan(file.parsed.text),
          message: "No *.production.yaml governs this file: add one in this folder or a parent folder (run 'handoff init').",
        })),
      );
    }
  }

  // Looked at again: the files that changed, and those rules across files speak about now or spoke about last time.
  const again = new Map<string, FileModel>();
  for (const file of candidates) again.set(file.parsed.uri, file);
  for (const uri of crossFile.keys()) if (!again.has(uri)) again.set(uri, production.file(uri)!);
  for (const uri of settled.crossFile) {
    const file = production.file(uri);
    if (file && !again.has(uri)) again.set(uri, file);
  }
  let stepUris: Set<string> | undefined;
  const hasSteps = (uri: string): boolean =>
    production.chainSteps.length > 0 && (stepUris ??= production.derived.get(STEP_URIS, () => new Set(production.chainSteps.map((step) => step.uri)))).has(uri);
  const result = settled.diagnostics;
  const changed: string[] = [];
  settled.retry.clear();
  const severityOf = (rule: string): SeveritySetting => severity.get(rule) ?? severityFor(rule, production, options);
  // forEach, not for-of: a rename looks at thousands of files here, once per edit, before the JIT optimises the loop.
  again.forEach((file, uri) => {
    const cross = crossFile.get(uri);
    const mine = own.get(uri) ?? findingsOfFile(file);
    const all = cross ? (mine.length === 0 ? cross : [...mine, ...cross]) : mine;
    const findings = hasSteps(uri) ? groupInstanceFindings(production, uri, all) : all;
    const diagnostics = diagnosticsOf(file, findings, severities, severityOf);
    // A file a rule failed on is checked again next time.
    if (unfinished.has(uri)) settled.retry.add(uri);
    if (result.get(uri) !== diagnostics) {
      result.set(uri, diagnostics);
      changed.push(uri);
    }
  });
  for (const uri of removed) {
    result.delete(uri);
    changed.push(uri);
  }
  settled.crossFile = new Set(crossFile.keys());
  settled.key = key;
  if (!reordered) return { diagnostics: result, changed };
  // Files came or went (or the settings changed): the map is made again in model order, as a fresh analysis gives it.
  const ordered = new Map<string, Diagnostic[]>();
  for (const file of production.files) ordered.set(file.parsed.uri, result.get(file.parsed.uri)!);
  settled.diagnostics = ordered;
  return { diagnostics: ordered };
}

/** A file's findings as diagnostics: severities applied, suppressions marked, in order; the same array while nothing changed. */
function diagnosticsOf(file: FileModel, findings: Finding[], severities: string, severityOf: (rule: string) => SeveritySetting): Diagnostic[] {
  const made = file.memo.peek(FILE_DIAGNOSTICS);
  if (made && made.last.severities === severities && sameFindings(made.last.findings, findings)) return made.last.diagnostics;
  if (made?.before && made.before.severities === severities && sameFindings(made.before.findings, findings)) {
    file.memo.set(FILE_DIAGNOSTICS, { last: made.before, before: made.last });
    return made.before.diagnostics;
  }
  // A file whose YAML does not parse is read only as far as the parser could
  // guess; its ids still serve other files, but findings about its content
  // would be about the guess, not the text, so only yaml-syntax speaks for it.
  const halfParsed = file.parsed.syntaxFindings.length > 0;
  const list: Diagnostic[] = [];
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i];
    if (halfParsed && finding.rule !== 'yaml-syntax') continue;
    const setting = severityOf(finding.rule);
    if (setting === 'off') continue;
    // A finding made with its severity (see RuleContext.severity) serves as the diagnostic: a rename makes thousands.
    if ((finding as Partial<Diagnostic>).severity === setting) list.push(finding as Diagnostic);
    // Else a copy, the severity first: adding a property after a spread takes about four times the memory.
    else if ((finding as Partial<Diagnostic>).severity === undefined) list.push({ severity: setting as Severity, ...finding });
    else list.push({ ...finding, severity: setting as Severity });
  }
  applySuppressions(list, file.parsed);
  // Most lists come in order already (a sort copies the list even then).
  if (!inOrder(list)) list.sort(compareDiagnostics);
  file.memo.set(FILE_DIAGNOSTICS, { last: { severities, findings, diagnostics: list }, before: made?.last });
  return list;
}

function inOrder(list: readonly Diagnostic[]): boolean {
  for (let i = 1; i < list.length; i++) if (compareDiagnostics(list[i - 1], list[i]) > 0) return false;
  return true;
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Two production files in one folder: the first by name governs, the others are reported. */
function reportExtraProductionFiles(production: ProductionModel, sink: (finding: Finding) => void): void {
  // Production files come first in model order.
  const productionFiles: FileModel[] = [];
  for (const file of production.files) {
    if (file.parsed.kind !== 'production') break;
    productionFiles.push(file);
  }
  if (productionFiles.length < 2) return;
  const [first, ...others] = productionFiles;
  const name = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);
  for (const file of others) {
    sink({
      rule: 'duplicate-id',
      uri: file.parsed.uri,
      span: firstContentSpan(file.parsed.text),
      message: `Two production files govern one folder: '${name(first.parsed.uri)}' and '${name(file.parsed.uri)}'; only '${name(first.parsed.uri)}' is used. Merge them into one, or move one production into its own folder.`,
      related: [{ location: { uri: first.parsed.uri, span: firstContentSpan(first.parsed.text) }, message: `'${name(first.parsed.uri)}' governs this folder.` }],
    });
  }
}

function applySuppressions(list: Diagnostic[], file: ProductionModel['files'][number]['parsed']): void {
  if (file.suppressions.length === 0) return;
  list.forEach((diagnostic, k) => {
    const line = file.lines.positionAt(diagnostic.span.start).line;
    const suppression = file.suppressions.find((s) => s.targetLine === line && s.rules.includes(diagnostic.rule));
    // A copy: the diagnostic may be the rule's own finding, which it reports again while it reads the same.
    if (suppression) list[k] = { ...diagnostic, suppressed: { reason: suppression.reason } };
  });
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}
