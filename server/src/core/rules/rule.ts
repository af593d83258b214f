// The shape every rule has. A rule reads the linked production and reports
// findings; severity, overrides and suppressions are applied afterwards.
import type { WorkCalendar } from '../calendar';
import type { ProductionCalendars } from '../calendars';
import type { FileModel } from '../fileModel';
import { spanOf } from '../parse';
import { FollowedFiles, type ProductionModel } from '../production';
import type { ProductionSpec } from '../specs';
import type { Finding, NodePath, Severity, Span } from '../types';

export interface RuleContext {
  readonly production: ProductionModel;
  /** The id of the rule checking. */
  readonly rule: string;
  /** Today as a day number (see calendar.ts), for staleness and lateness. */
  readonly today: number;
  /**
   * The severity the rule's findings get (undefined when it is off). A rule
   * that makes many findings may make them with it, as diagnostics: the
   * analysis then uses them as they are instead of copying each.
   */
  readonly severity?: Severity;
  report(finding: Omit<Finding, 'rule'>): void;
  /**
   * Reports again a finding this rule reported before, as the same object:
   * a file whose findings are all the same objects keeps its diagnostics (not
   * made, nor published, again).
   */
  repeat(finding: Finding): void;
  /** Span of a node in one of the production's files (key or value), nearest ancestor as fallback. */
  span(uri: string, path: NodePath, part?: 'key' | 'value'): Span;
}

/** What a rule that reads one file sees: the file and the production's settings, nothing of other files. */
export interface FileRuleContext {
  readonly file: FileModel;
  /** The production calendar. */
  readonly calendar: WorkCalendar;
  /** Every calendar, and which one each department works by. */
  readonly calendars: ProductionCalendars;
  readonly riskReviewDays: number;
  /** Today as a day number (see calendar.ts). */
  readonly today: number;
  report(finding: Omit<Finding, 'rule'>): void;
  /** Span of a node in this file (key or value), nearest ancestor as fallback. */
  span(path: NodePath, part?: 'key' | 'value'): Span;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for SARIF output, hovers and completions on `rules:`, and the generated catalogue (schema, settings, docs index). */
  summary: string;
  /** Rules that read one file at a time also run on files no production governs. */
  perFile?: boolean;
  check(context: RuleContext): void;
  /**
   * For rules whose findings about a file depend on that file alone (and the
   * calendar, the risk review days and today): the check of one file. The
   * analysis then keeps each file's findings with its version and checks
   * again only what changed. `check` must report the same as calling this for
   * every file (see checkEachFile).
   */
  checkFile?(context: FileRuleContext): void;
}

export function makeFileContext(production: ProductionModel, file: FileModel, today: number, report: (finding: Omit<Finding, 'rule'>) => void): FileRuleContext {
  return {
    file,
    calendar: production.calendar,
    calendars: production.calendars,
    riskReviewDays: production.riskReviewDays,
    today,
    report,
    span: (path, part) => spanOf(file.parsed, path, part),
  };
}

/** A `check` for a rule with `checkFile`: every file of the production, one at a time. */
export function checkEachFile(checkFile: (context: FileRuleContext) => void): (context: RuleContext) => void {
  return (context) => {
    for (const file of context.production.files) checkFile(makeFileContext(context.production, file, context.today, context.report));
  };
}

export function makeContext(production: ProductionModel, today: number, sink: (finding: Finding) => void, rule: string, severity?: Severity): RuleContext {
  return {
    production,
    rule,
    today,
    severity,
    report: (finding) => sink({ ...finding, rule }),
    repeat: sink,
    span: (uri, path, part) => {
      const file = production.file(uri);
      return file ? spanOf(file.parsed, path, part) : { start: 0, end: 0 };
    },
  };
}

/** What reportingAgain keeps for one rule and production: the findings of its last run, by their content. */
interface KeptFindings {
  byContent: Map<string, Finding>;
}

/**
 * A `report` for a rule that works its findings out afresh on every run (from
 * the schedule, from every template): a finding equal to one the rule
 * reported on its last run (same file, place, message, related locations and
 * fixes) is reported again as that object, so that the file it is about keeps
 * its diagnostics (neither made nor published again). Call it once per run.
 */
export function reportingAgain(context: RuleContext, owner: object): (finding: Omit<Finding, 'rule'>) => void {
  const kept = context.production.memo(owner, (): KeptFindings => ({ byContent: new Map() }));
  const before = kept.byContent;
  const now = new Map<string, Finding>();
  kept.byContent = now;
  return (found) => {
    const finding: Finding = { ...found, rule: context.rule };
    const key = JSON.stringify(finding);
    const reported = now.get(key) ?? before.get(key) ?? finding;
    now.set(key, reported);
    context.repeat(reported);
  };
}

/** What checkFilesReading keeps for one rule and production. */
interface KeptReadings {
  /** The production file's entities the values were read from. */
  spec: unknown;
  values: ReadonlyMap<string, string>;
  /** The file versions checked, and the revision of the model they were checked in. */
  checked: FollowedFiles;
  files: Map<string, { findings: Finding[]; reads: readonly string[] }>;
  /** The URIs of the files with findings. */
  found: Set<string>;
  /** Key → the URIs of the files whose check read it: a production-file edit looks only at those of the keys it changed. */
  readers: Map<string, Set<string>>;
}

/** Lists `uri` as a reader of each of the keys. */
function addReaders(readers: Map<string, Set<string>>, uri: string, reads: readonly string[]): void {
  for (const key of reads) {
    const uris = readers.get(key);
    if (uris) uris.add(uri);
    else readers.set(key, new Set([uri]));
  }
}

/**
 * A `check` for a rule whose findings about a file depend on that file and on
 * a few values of the production file's definitions (a person's department,
 * whether a department is defined), each named by a key. `values(spec)` gives
 * every key's value for the production file's entities; `read(key)`, called
 * while checking a file, says which of them the verdict looked at (a key that
 * is not among the values reads as "not defined").
 *
 * Each file's findings are kept with the production: an edit checks again the
 * files it changed, and after an edit of the production file, the files that
 * read a value it changed or that have findings (their messages and related
 * locations quote the production file, whose text may have moved). Every
 * other file keeps its findings as they were, and findings found again equal
 * to the kept ones are reported as the kept objects.
 */
export function checkFilesReading<S extends object>(
  context: RuleContext,
  owner: object,
  spec: S | undefined,
  values: (spec: S | undefined) => ReadonlyMap<string, string>,
  checkFile: (file: FileModel, report: (finding: Omit<Finding, 'rule'>) => void, read: (key: string) => void) => void,
): void {
  const production = context.production;
  const kept = production.memo(owner, (): KeptReadings => ({ spec: undefined, values: values(undefined), checked: new FollowedFiles(), files: new Map(), found: new Set(), readers: new Map() }));
  const forget = (uri: string, reads: readonly string[]): void => {
    for (const key of reads) {
      const uris = kept.readers.get(key);
      if (uris?.delete(uri) && uris.size === 0) kept.readers.delete(key);
    }
  };
  const again = (file: FileModel): void => {
    const uri = file.parsed.uri;
    const entry = kept.files.get(uri);
    const found: Omit<Finding, 'rule'>[] = [];
    // A few keys a file (a person or two, their departments): a list is enough to tell them apart.
    const reads: string[] = [];
    checkFile(file, (finding) => found.push(finding), (key) => {
      if (!reads.includes(key)) reads.push(key);
    });
    const findings: Finding[] = found.map((finding) => ({ ...finding, rule: context.rule }));
    // Found again as they were (the edit moved nothing they quote): the same objects.
    const same = entry !== undefined && entry.findings.length === findings.length && JSON.stringify(entry.findings) === JSON.stringify(findings);
    if (entry) forget(uri, entry.reads);
    addReaders(kept.readers, uri, reads);
    kept.files.set(uri, { findings: same ? entry.findings : findings, reads });
    if (findings.length > 0) kept.found.add(uri);
    else kept.found.delete(uri);
  };
  const { changed, removed, first } = production.follow(kept.checked);
  for (const [uri] of removed) {
    const entry = kept.files.get(uri);
    if (entry) forget(uri, entry.reads);
    kept.files.delete(uri);
    kept.found.delete(uri);
  }
  for (const [, file] of changed) again(file);
  if (first) {
    // Every file was checked with these values.
    kept.spec = spec;
    kept.values = values(spec);
  } else if (kept.spec !== spec) {
    // Keys whose value differs from the one the kept findings were found with.
    const now = values(spec);
    const differs = new Set<string>();
    for (const [key, value] of now) if (kept.values.get(key) !== value) differs.add(key);
    for (const key of kept.values.keys()) if (!now.has(key)) differs.add(key);
    kept.spec = spec;
    kept.values = now;
    const fresh = new Set(changed.map(([, file]) => file));
    // The files with findings and those that read a key that changed (not every file: at 10,000 files that walk was most of the rule's time).
    const recheck = new Set(kept.found);
    for (const key of differs) for (const uri of kept.readers.get(key) ?? []) recheck.add(uri);
    for (const uri of recheck) {
      const file = production.file(uri);
      if (file && !fresh.has(file)) again(file);
    }
  }
  for (const uri of kept.found) for (const finding of kept.files.get(uri)!.findings) context.repeat(finding);
}

/**
 * Keys for checkFilesReading of what the production file says of people and
 * departments: `person:<id>` → the person's department ('' for none), and
 * `department:<id>` → '' for each department defined (first definitions).
 */
export function peopleAndDepartments(spec: ProductionSpec | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const person of spec?.people ?? []) if (!values.has(`person:${person.id}`)) values.set(`person:${person.id}`, person.department ?? '');
  for (const department of spec?.departments ?? []) values.set(`department:${department.id}`, '');
  return values;
}

/** Where a rule's documentation lives; diagnostics link to it. */
export const RULE_DOCS_BASE = 'https://github.com/handoff-specs/handoff-specs/blob/main/docs/rules/';

export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}
