// `handoff audit`: the files of a real delivery checked against the templates
// of the handoffs they belong to. Pure: the caller lists the files (relative
// paths with '/' separators) and, for --checksums, passes the manifest text and
// the sha256 of every file the manifest names.
//
// How a delivery folder maps to handoffs:
// - Each folder at the top of the delivery is named after the handoff whose
//   files it holds (`comp-to-color-sq010/…`); folders below it are free (a
//   folder per shot, per element). A top-level folder that names no handoff is
//   reported once, with the nearest handoff id.
// - When the delivery folder itself is one handoff's folder, the caller passes
//   that handoff and every file belongs to it.
// - A file at the top level belongs to no handoff: it is reported, with the
//   templates whose naming patterns its name fits.
//
// How a file name is checked (only the name: folders do not take part):
// - The template's patterns are its `naming` and each `required_files`
//   pattern. A pattern becomes a RegExp matched against the whole name, with a
//   group per token: `{token:N}` is exactly N digits; `version` and `frame` are
//   digits; `show` is the production id; `from`/`to` are the handoff's
//   departments; `dept` any department; `date` is YYYY-MM-DD or YYYYMMDD; `ext`
//   one of the template's extensions; any other token takes its glossary
//   `naming_tokens` regex, else the pattern of the metadata field of the same
//   id (anchors dropped), else letters, digits and '-'. A value must also
//   match the metadata field of the same id when that field has a pattern.
// - The extension (after the last '.') must belong to the format of the
//   template or of one of its required files; a wrong one is reported alone.
// - A name that matches no pattern is tried again with one token at a time
//   allowed to be anything: if that matches, the file is reported for that
//   token's value; otherwise for not fitting the pattern.
// Across the files of a handoff:
// - required files: for every matched file, each required pattern must have a
//   file that agrees with it on the tokens they share (besides frame and ext):
//   a comp frame sequence needs its movie of the same shot and version.
// - versions: for the files that agree on every token but version, frame and
//   ext, the versions delivered must be consecutive (1, 2, 3 — not 1, 3).
// - frames: for the files that agree on every token but frame (and match the
//   same pattern), the frames must run without a hole from the first to the last.
// - checksums: a manifest line `<sha256 hex>  <path>` (sha256sum's format; a
//   '*' before the path and a leading './' are allowed) names a path relative
//   to the delivery folder. Each named file must exist and hash to the
//   value; each delivered file must be named.
import { parseDate } from './calendar';
import { parseNamingPattern, type NamingToken } from './naming';
import type { ProductionModel } from './production';
import { tokensOf } from './model/chains';
import type { HandoffSpec, TemplateSpec, UnitSpec } from './specs';
import { closest } from './suggest';
import type { Severity } from './types';

export type AuditRule =
  | 'unknown-handoff'
  | 'unassigned-file'
  | 'no-template'
  | 'empty-file'
  | 'wrong-extension'
  | 'naming-mismatch'
  | 'unknown-token-value'
  | 'missing-required-file'
  | 'version-gap'
  | 'missing-frames'
  | 'checksum-mismatch'
  | 'checksum-missing-file'
  | 'checksum-unlisted'
  | 'manifest-syntax';

export const AUDIT_RULES: readonly { id: AuditRule; severity: Severity; summary: string }[] = [
  { id: 'unknown-handoff', severity: 'error', summary: 'A top-level folder of the delivery names no handoff.' },
  { id: 'unassigned-file', severity: 'warning', summary: 'A file lies outside every handoff folder.' },
  { id: 'no-template', severity: 'warning', summary: 'A delivered handoff has no known template to check its files against.' },
  { id: 'empty-file', severity: 'warning', summary: 'A delivered file is empty (0 bytes).' },
  { id: 'wrong-extension', severity: 'error', summary: "A file's extension belongs to none of the template's formats." },
  { id: 'naming-mismatch', severity: 'error', summary: "A file name fits none of the template's naming patterns." },
  { id: 'unknown-token-value', severity: 'error', summary: 'A token of a file name has a value its token or metadata pattern does not allow.' },
  { id: 'missing-required-file', severity: 'error', summary: 'A required file of the template is missing.' },
  { id: 'version-gap', severity: 'error', summary: 'Delivered version numbers skip a version.' },
  { id: 'missing-frames', severity: 'error', summary: 'A frame sequence has a hole.' },
  { id: 'checksum-mismatch', severity: 'error', summary: 'A file does not hash to its value in the checksum manifest.' },
  { id: 'checksum-missing-file', severity: 'error', summary: 'The checksum manifest names a file that is not delivered.' },
  { id: 'checksum-unlisted', severity: 'warning', summary: 'A delivered file is not in the checksum manifest.' },
  { id: 'manifest-syntax', severity: 'error', summary: 'A line of the checksum manifest is not `<sha256>  <path>`.' },
];

const SEVERITY = new Map(AUDIT_RULES.map((rule) => [rule.id, rule.severity]));

export interface DeliveredFile {
  /** Relative to the delivery folder, '/' separated. */
  path: string;
  size?: number;
}

export interface ChecksumManifest {
  /** Where the manifest is, as the findings should name it. */
  path: string;
  text: string;
}

export interface AuditInput {
  files: readonly DeliveredFile[];
  /** The handoff whose folder the delivery folder itself is. */
  handoff?: string;
  manifest?: ChecksumManifest;
  /** sha256 (hex) of each delivered file the manifest names, by path. */
  hashes?: ReadonlyMap<string, string>;
}

export interface AuditFinding {
  rule: AuditRule;
  severity: Severity;
  /** The file (or folder, ending in '/') the finding is about, relative to the delivery folder. */
  file: string;
  /** 1-based line, for findings about a manifest line. */
  line?: number;
  message: string;
  handoff?: string;
}

export interface AuditedHandoff {
  handoff: string;
  template?: string;
  files: number;
}

export interface AuditResult {
  files: number;
  handoffs: AuditedHandoff[];
  findings: AuditFinding[];
}

export interface ManifestEntry {
  path: string;
  sha256: string;
  line: number;
}

/** Parses sha256sum output: `<64 hex>  <path>` or `<64 hex> *<path>` a line; blank lines are skipped. */
export function parseChecksumManifest(text: string): { entries: ManifestEntry[]; errors: { line: number; message: string }[] } {
  const entries: ManifestEntry[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    // sha256sum starts a line with '\' when it escaped a '\' or a newline in the name.
    const escaped = raw.startsWith('\\');
    const body = escaped ? raw.slice(1) : raw;
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(body);
    if (!match) {
      const digits = /^([0-9a-fA-F]+)\s/.exec(body)?.[1].length;
      const hint = digits === 32 ? ' (32 hex digits: an MD5 sum; make the manifest with sha256sum)' : digits === 40 ? ' (40 hex digits: a SHA-1 sum; make the manifest with sha256sum)' : '';
      errors.push({ line, message: `Line ${line} of the manifest is not '<sha256 in 64 hex digits>  <path>'${hint}: '${raw.length > 80 ? `${raw.slice(0, 77)}...` : raw}'.` });
      return;
    }
    // An escaped line's backslashes are part of the name; elsewhere they are Windows separators.
    const file = escaped ? match[2].replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')) : match[2].replace(/\\/g, '/');
    entries.push({ path: file.replace(/^(\.\/)+/, ''), sha256: match[1].toLowerCase(), line });
  });
  return { entries, errors };
}

export function auditDelivery(production: ProductionModel, input: AuditInput): AuditResult {
  const findings: AuditFinding[] = [];
  const report = (rule: AuditRule, file: string, message: string, extra: { line?: number; handoff?: string } = {}): void => {
    findings.push({ rule, severity: SEVERITY.get(rule)!, file, ...(extra.line === undefined ? {} : { line: extra.line }), message, ...(extra.handoff === undefined ? {} : { handoff: extra.handoff }) });
  };
  const tokens = new TokenRules(production);

  // Files by handoff folder.
  const byHandoff = new Map<string, { folder: string; files: DeliveredFile[] }>();
  const unknownFolders = new Map<string, number>();
  const loose: DeliveredFile[] = [];
  for (const file of input.files) {
    if (file.size === 0) report('empty-file', file.path, `'${file.path}' is empty (0 bytes); check the render or the copy and deliver it again.`);
    if (input.handoff !== undefined) {
      addTo(byHandoff, input.handoff, '', file);
      continue;
    }
    const slash = file.path.indexOf('/');
    if (slash < 0) {
      loose.push(file);
      continue;
    }
    const folder = file.path.slice(0, slash);
    if (production.handoff(folder)) addTo(byHandoff, folder, `${folder}/`, file);
    else unknownFolders.set(folder, (unknownFolders.get(folder) ?? 0) + 1);
  }

  const handoffIds = production.handoffs.map((handoff) => handoff.id);
  for (const [folder, count] of [...unknownFolders].sort(([a], [b]) => compareText(a, b))) {
    const suggestion = closest(folder, handoffIds);
    report(
      'unknown-handoff',
      `${folder}/`,
      `Folder '${folder}' (${count} file${count === 1 ? '' : 's'}) names no handoff of production '${productionId(production)}'${suggestion ? `; did you mean '${suggestion}'?` : '; name each top-level folder after the handoff it delivers.'}`,
    );
  }

  let everyTemplate: { template: string; handoffs: string[]; patterns: CompiledPattern[] }[] | undefined;
  for (const file of loose) {
    everyTemplate ??= allTemplatePatterns(production, tokens);
    const name = baseName(file.path);
    const fits = everyTemplate.filter((entry) => entry.patterns.some((pattern) => pattern.match(name) !== undefined));
    const where = fits.length === 0 ? "and its name fits no template's naming pattern" : `its name fits template ${fits.map((t) => `'${t.template}'${t.handoffs.length > 0 ? ` (used by ${t.handoffs.join(', ')})` : ''}`).join(' and ')}`;
    report('unassigned-file', file.path, `'${file.path}' is in no handoff folder, ${where}; move it into the folder named after its handoff.`);
  }

  const audited: AuditedHandoff[] = [];
  for (const [id, group] of [...byHandoff].sort(([a], [b]) => compareText(a, b))) {
    const handoff = production.handoff(id);
    if (!handoff) {
      report('unknown-handoff', group.folder || '.', `The delivery folder is said to hold handoff '${id}', which production '${productionId(production)}' does not define.`);
      continue;
    }
    const template = handoff.template === undefined ? undefined : production.template(handoff.template);
    audited.push({ handoff: id, ...(template ? { template: template.id } : {}), files: group.files.length });
    if (!template) {
      const why = handoff.template === undefined ? 'has no template' : `names template '${handoff.template}', which is not defined`;
      report('no-template', group.folder || '.', `Handoff '${id}' ${why}, so its ${group.files.length} delivered file${group.files.length === 1 ? '' : 's'} cannot be checked.`, { handoff: id });
      continue;
    }
    auditHandoff(production, tokens, handoff, template, group.folder, group.files, report);
  }

  if (input.manifest) auditChecksums(input, input.manifest, report);

  findings.sort((a, b) => compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule) || compareText(a.message, b.message));
  return { files: input.files.length, handoffs: audited, findings };
}

function addTo(map: Map<string, { folder: string; files: DeliveredFile[] }>, id: string, folder: string, file: DeliveredFile): void {
  let group = map.get(id);
  if (!group) map.set(id, (group = { folder, files: [] }));
  group.files.push(file);
}

function productionId(production: ProductionModel): string {
  return production.production?.id ?? production.key;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

function dirName(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash + 1);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Naming patterns as regular expressions

/** What a token may be in a file name: the regex source of its group, and a check on the value found. */
interface TokenRule {
  source: string;
  /** Why the value is not allowed, or undefined when it is. */
  problem?: (value: string) => string | undefined;
  /** Words for messages: "naming token 'shot' (sq[0-9]{3}_[0-9]{4})". */
  describe: string;
}

const NUMERIC_TOKENS = new Set(['version', 'frame']);
const GENERIC_SOURCE = '[A-Za-z0-9-]+';

/** Tokens a unit never pins: they vary within one delivery or come from elsewhere. */
const UNPINNED_TOKENS = new Set(['version', 'frame', 'ext', 'date', 'show', 'from', 'to', 'dept']);

class TokenRules {
  private readonly glossary = new Map<string, string>();
  /** Unit tokens by unit id, for this audit. */
  private readonly unitTokenCache = new Map<string, Map<string, string>>();
  private readonly metadata = new Map<string, { pattern: string; regex: RegExp; inner: string }>();
  private readonly departments: string[];

  constructor(readonly production: ProductionModel) {
    for (const token of production.namingTokens) {
      if (token.pattern === undefined || this.glossary.has(token.id) || !compiles(token.pattern)) continue;
      this.glossary.set(token.id, token.pattern);
    }
    for (const field of production.metadata) {
      if (field.pattern === undefined || this.metadata.has(field.id) || !compiles(field.pattern)) continue;
      const inner = field.pattern.replace(/^\^/, '').replace(/(^|[^\\])\$$/, '$1');
      if (!compiles(inner)) continue;
      this.metadata.set(field.id, { pattern: field.pattern, regex: new RegExp(field.pattern), inner });
    }
    this.departments = [...new Set(production.departments.map((department) => department.id))];
  }

  /** The rule for one token of a pattern; `handoff` pins from/to, `extensions` the ext token. */
  rule(token: NamingToken, handoff: HandoffSpec | undefined, extensions: readonly string[]): TokenRule {
    const name = token.name;
    const field = this.metadata.get(name);
    // A handoff scoped to a unit pins the unit's tokens (DESIGN §7.1): its fields ({vendor}), its
    // ancestors by kind ({episode}) and its own kind ({shot} of a shot), so another shot's or
    // vendor's file in the folder is reported.
    const pinned = handoff && !UNPINNED_TOKENS.has(name) && token.width === undefined ? this.unitTokens(handoff)?.get(name) : undefined;
    if (pinned !== undefined) {
      const unit = handoff!.unit!;
      return { source: escapeRegExp(pinned), describe: `{${name}}, '${pinned}' of unit '${unit}'` };
    }
    const metadataProblem = (value: string): string | undefined =>
      field && !field.regex.test(value) ? `does not match the pattern of metadata field '${name}' (${field.pattern})` : undefined;
    const withMetadata = (rule: TokenRule): TokenRule => {
      if (!field) return rule;
      const own = rule.problem;
      return { ...rule, problem: (value) => own?.(value) ?? metadataProblem(value) };
    };
    if (token.width !== undefined) {
      return withMetadata({ source: `[0-9]{${token.width}}`, describe: `{${name}:${token.width}}, exactly ${token.width} digits` });
    }
    const glossary = this.glossary.get(name);
    if (glossary !== undefined) return withMetadata({ source: `(?:${glossary})`, describe: `naming token '${name}' (${glossary})` });
    switch (name) {
      case 'version':
      case 'frame':
        return withMetadata({ source: '[0-9]+', describe: `{${name}}, digits` });
      case 'show': {
        const id = productionId(this.production);
        return withMetadata({ source: escapeRegExp(id), describe: `{show}, the production id '${id}'` });
      }
      case 'from':
      case 'to': {
        const department = handoff?.[name];
        if (department !== undefined) return withMetadata({ source: escapeRegExp(department), describe: `{${name}}, department '${department}' of the handoff` });
        return withMetadata(this.departmentRule(name));
      }
      case 'dept':
        return withMetadata(this.departmentRule(name));
      case 'date':
        return withMetadata({
          source: '[0-9]{4}-?[0-9]{2}-?[0-9]{2}',
          describe: '{date}, a date as YYYY-MM-DD or YYYYMMDD',
          problem: (value) => (parseDate(value.length === 8 ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : value) === undefined ? 'is not a real date' : undefined),
        });
      case 'ext':
        if (extensions.length > 0) return withMetadata({ source: `(?:${extensions.map(escapeRegExp).join('|')})`, describe: `{ext}, one of ${extensions.join(', ')}` });
        return withMetadata({ source: '[A-Za-z0-9]+', describe: '{ext}' });
    }
    if (field) return { source: `(?:${field.inner})`, describe: `metadata field '${name}' (${field.pattern})`, problem: metadataProblem };
    return { source: GENERIC_SOURCE, describe: `{${name}}, letters, digits and '-'` };
  }

  /** The tokens of a handoff's unit, by name; undefined when it has none in the breakdown. */
  private unitTokens(handoff: HandoffSpec): Map<string, string> | undefined {
    if (handoff.unit === undefined) return undefined;
    let tokens = this.unitTokenCache.get(handoff.unit);
    if (!tokens) {
      const unit = this.production.units.byId.get(handoff.unit);
      if (!unit) return undefined;
      tokens = tokensOf(this.production.units.byId, unit);
      if (!(unit.kind in unit.fields)) tokens.set(unit.kind, unit.id);
      this.unitTokenCache.set(handoff.unit, tokens);
    }
    return tokens;
  }

  private departmentRule(name: string): TokenRule {
    if (this.departments.length === 0) return { source: GENERIC_SOURCE, describe: `{${name}}` };
    return { source: `(?:${this.departments.map(escapeRegExp).join('|')})`, describe: `{${name}}, a department id` };
  }
}

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** One naming pattern of a template, compiled for one handoff. */
class CompiledPattern {
  readonly tokens: NamingToken[];
  readonly literals: string[];
  readonly rules: TokenRule[];
  readonly regex: RegExp;
  readonly names: Set<string>;
  private relaxed?: (RegExp | undefined)[];

  constructor(
    readonly text: string,
    readonly format: string | undefined,
    readonly required: boolean,
    parsed: ReturnType<typeof parseNamingPattern>,
    rules: TokenRules,
    handoff: HandoffSpec | undefined,
    extensions: readonly string[],
  ) {
    this.tokens = parsed.tokens;
    this.literals = [];
    let at = 0;
    for (const token of this.tokens) {
      this.literals.push(text.slice(at, token.start));
      at = token.end;
    }
    this.literals.push(text.slice(at));
    this.rules = this.tokens.map((token) => rules.rule(token, handoff, extensions));
    this.regex = this.build(-1);
    this.names = new Set(this.tokens.map((token) => token.name));
  }

  /** The RegExp with the k-th token allowed to be anything (none when k < 0). */
  private build(k: number): RegExp {
    let source = '^';
    this.tokens.forEach((_, index) => {
      source += escapeRegExp(this.literals[index]);
      source += `(?<t${index}>${index === k ? '.+?' : this.rules[index].source})`;
    });
    source += `${escapeRegExp(this.literals[this.literals.length - 1])}$`;
    return new RegExp(source);
  }

  /** Token values by name, or undefined when the name does not match. */
  match(name: string): Map<string, string> | undefined {
    const match = this.regex.exec(name);
    if (!match) return undefined;
    return this.valuesOf(match);
  }

  valuesOf(match: RegExpExecArray): Map<string, string> {
    const values = new Map<string, string>();
    this.tokens.forEach((token, index) => {
      if (!values.has(token.name)) values.set(token.name, match.groups![`t${index}`]);
    });
    return values;
  }

  /** Problems of the values of a match: a value its rule rejects, a token with two values. */
  problems(name: string): string[] {
    const match = this.regex.exec(name);
    if (!match) return [];
    const found: string[] = [];
    const first = new Map<string, string>();
    this.tokens.forEach((token, index) => {
      const value = match.groups![`t${index}`];
      const earlier = first.get(token.name);
      if (earlier !== undefined && earlier !== value) found.push(`token {${token.name}} is '${earlier}' and '${value}' in one name`);
      if (earlier === undefined) first.set(token.name, value);
      const problem = this.rules[index].problem?.(value);
      if (problem) found.push(`token {${token.name}} is '${value}', which ${problem}`);
    });
    return found;
  }

  /** The first token whose value alone keeps the name from matching, with that value. */
  culprit(name: string): { index: number; value: string } | undefined {
    if (!this.relaxed) this.relaxed = this.tokens.map(() => undefined);
    for (let k = 0; k < this.tokens.length; k++) {
      const regex = (this.relaxed[k] ??= this.build(k));
      const match = regex.exec(name);
      if (match) return { index: k, value: match.groups![`t${k}`] };
    }
    return undefined;
  }

  /** The file name with these token values, or undefined when one is missing. */
  render(values: ReadonlyMap<string, string>): string | undefined {
    let out = '';
    for (let index = 0; index < this.tokens.length; index++) {
      const value = values.get(this.tokens[index].name);
      if (value === undefined) return undefined;
      out += this.literals[index] + value;
    }
    return out + this.literals[this.literals.length - 1];
  }
}

interface TemplatePatterns {
  patterns: CompiledPattern[];
  /** Lower-case extensions without the dot, with the formats they come from. */
  extensions: Map<string, string[]>;
}

function templatePatterns(production: ProductionModel, rules: TokenRules, template: TemplateSpec, handoff: HandoffSpec | undefined): TemplatePatterns {
  const sources: { text: string; format?: string; required: boolean }[] = [];
  const seen = new Map<string, { text: string; format?: string; required: boolean }>();
  const add = (text: string | undefined, format: string | undefined, required: boolean): void => {
    if (text === undefined || text.trim() === '') return;
    const existing = seen.get(text);
    if (existing) {
      existing.required ||= required;
      return;
    }
    const entry = { text, format, required };
    seen.set(text, entry);
    sources.push(entry);
  };
  add(template.naming, template.format, false);
  for (const file of template.requiredFiles) add(file.pattern, file.format ?? template.format, true);
  // Without required_files, the naming pattern is what must be delivered.
  if (!sources.some((source) => source.required) && sources.length > 0) sources[0].required = true;

  const extensions = new Map<string, string[]>();
  const addExtension = (extension: string, from: string): void => {
    const bare = extension.replace(/^\./, '').toLowerCase();
    if (bare === '') return;
    const list = extensions.get(bare);
    if (!list) extensions.set(bare, [from]);
    else if (!list.includes(from)) list.push(from);
  };
  const formats = new Set<string>();
  if (template.format !== undefined) formats.add(template.format);
  for (const source of sources) if (source.format !== undefined) formats.add(source.format);
  for (const id of formats) for (const extension of production.format(id)?.extensions ?? []) addExtension(extension, id);

  const patterns: CompiledPattern[] = [];
  for (const source of sources) {
    const parsed = parseNamingPattern(source.text);
    // A pattern with syntax errors is the naming-invalid rule's to report.
    if (parsed.errors.length > 0) continue;
    if (parsed.extension !== undefined && !/[{}]/.test(parsed.extension) && formats.size === 0) addExtension(parsed.extension, source.text);
    patterns.push(new CompiledPattern(source.text, source.format, source.required, parsed, rules, handoff, [...extensions.keys()]));
  }
  return { patterns, extensions };
}

/** Every template's patterns, for naming files that lie outside the handoff folders. */
function allTemplatePatterns(production: ProductionModel, rules: TokenRules): { template: string; handoffs: string[]; patterns: CompiledPattern[] }[] {
  const all: { template: string; handoffs: string[]; patterns: CompiledPattern[] }[] = [];
  const seen = new Set<string>();
  for (const template of production.templates) {
    if (seen.has(template.id)) continue;
    seen.add(template.id);
    all.push({
      template: template.id,
      handoffs: production.handoffs.filter((handoff) => handoff.template === template.id).map((handoff) => handoff.id),
      patterns: templatePatterns(production, rules, template, undefined).patterns,
    });
  }
  return all;
}

function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? undefined : name.slice(dot + 1).toLowerCase();
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------
// One handoff's files

interface MatchedFile {
  file: DeliveredFile;
  pattern: number;
  values: Map<string, string>;
}

type Report = (rule: AuditRule, file: string, message: string, extra?: { line?: number; handoff?: string }) => void;

const NOT_IDENTIFYING = new Set(['frame', 'ext']);

function auditHandoff(
  production: ProductionModel,
  rules: TokenRules,
  handoff: HandoffSpec,
  template: TemplateSpec,
  folder: string,
  files: readonly DeliveredFile[],
  report: Report,
): void {
  const { patterns, extensions } = templatePatterns(production, rules, template, handoff);
  const on = { handoff: handoff.id };
  const matched: MatchedFile[] = [];
  const takes = [...extensions].map(([extension, formats]) => `.${extension} (${formats.join(', ')})`);

  for (const file of files) {
    const name = baseName(file.path);
    const extension = extensionOf(name);
    if (extensions.size > 0 && (extension === undefined || !extensions.has(extension))) {
      report(
        'wrong-extension',
        file.path,
        `'${name}' has ${extension === undefined ? 'no extension' : `extension '.${extension}'`}; template '${template.id}' of '${handoff.id}' takes ${listOf(takes)}.`,
        on,
      );
      continue;
    }
    if (patterns.length === 0) continue;
    let index = -1;
    let values: Map<string, string> | undefined;
    for (let p = 0; p < patterns.length && !values; p++) {
      values = patterns[p].match(name);
      if (values) index = p;
    }
    if (values) {
      const problems = patterns[index].problems(name);
      if (problems.length > 0) {
        report('unknown-token-value', file.path, `'${name}': ${problems.join('; ')}.`, on);
        continue;
      }
      matched.push({ file, pattern: index, values });
      continue;
    }
    let diagnosed = false;
    for (const pattern of patterns) {
      if (pattern.tokens.length === 0) continue;
      const culprit = pattern.culprit(name);
      if (!culprit) continue;
      report(
        'unknown-token-value',
        file.path,
        `'${name}' fits '${pattern.text}' except token {${pattern.tokens[culprit.index].name}}: '${culprit.value}' does not fit ${pattern.rules[culprit.index].describe}.`,
        on,
      );
      diagnosed = true;
      break;
    }
    if (!diagnosed) {
      const texts = patterns.map((pattern) => `'${pattern.text}'`);
      report(
        'naming-mismatch',
        file.path,
        `'${name}' fits no naming pattern of template '${template.id}' (${listOf(texts)}); rename it to follow ${patterns.length === 1 ? 'it' : 'one of them'}.`,
        on,
      );
    }
  }

  checkRequiredFiles(patterns, template, handoff, folder, matched, files.length, report);
  checkVersions(patterns, handoff, matched, report);
  checkFrames(patterns, handoff, matched, report, handoff.unit === undefined ? undefined : production.units.byId.get(handoff.unit));
}

function describeValues(values: ReadonlyMap<string, string>, names: Iterable<string>): string {
  const parts: string[] = [];
  for (const name of names) {
    if (name === 'show') continue;
    const value = values.get(name);
    if (value !== undefined) parts.push(`${name} ${value}`);
  }
  return parts.join(', ');
}

function checkRequiredFiles(
  patterns: readonly CompiledPattern[],
  template: TemplateSpec,
  handoff: HandoffSpec,
  folder: string,
  matched: readonly MatchedFile[],
  delivered: number,
  report: Report,
): void {
  const on = { handoff: handoff.id };
  const required = patterns.map((pattern, index) => ({ pattern, index })).filter(({ pattern }) => pattern.required);
  if (matched.length === 0) {
    const what = delivered === 0 ? 'holds no file' : `holds ${delivered} file${delivered === 1 ? '' : 's'}, none of them named after a pattern of template '${template.id}'`;
    for (const { pattern } of required) {
      report('missing-required-file', folder || '.', `The folder of '${handoff.id}' ${what}; required file '${pattern.text}' is missing.`, on);
    }
    return;
  }
  const byPattern = new Map<number, MatchedFile[]>();
  for (const file of matched) {
    let list = byPattern.get(file.pattern);
    if (!list) byPattern.set(file.pattern, (list = []));
    list.push(file);
  }
  // A file counts for every required pattern its name fits, not only the
  // first pattern it matched: with a general naming pattern
  // ({show}_{episode}_{stem}_v{version:3}.wav) listed first, the stems a
  // template requires by literal name (…_dx_…, …_mx_…) match that one first.
  const fitting = new Map<number, Map<string, string>[]>();
  const fittingOf = (index: number): Map<string, string>[] => {
    let list = fitting.get(index);
    if (!list) {
      list = [];
      for (const file of matched) {
        const values = file.pattern === index ? file.values : patterns[index].match(baseName(file.file.path));
        if (values) list.push(values);
      }
      fitting.set(index, list);
    }
    return list;
  };
  const reported = new Set<string>();
  for (const [source, list] of byPattern) {
    for (const { pattern: target, index } of required) {
      if (index === source) continue;
      const shared = [...patterns[source].names].filter((name) => target.names.has(name) && !NOT_IDENTIFYING.has(name)).sort();
      const keyOf = (values: ReadonlyMap<string, string>) => shared.map((name) => values.get(name)).join('\u001f');
      const present = new Set(fittingOf(index).map(keyOf));
      for (const file of list) {
        const key = keyOf(file.values);
        if (present.has(key) || reported.has(`${index}\u001f${key}`)) continue;
        reported.add(`${index}\u001f${key}`);
        const expected = target.render(file.values);
        const forWhat = describeValues(file.values, shared);
        report(
          'missing-required-file',
          expected === undefined ? dirName(file.file.path) || folder || '.' : `${dirName(file.file.path)}${expected}`,
          expected === undefined
            ? `Required file '${target.text}'${forWhat ? ` for ${forWhat}` : ''} of '${handoff.id}' is missing (next to '${baseName(file.file.path)}').`
            : `Required file '${expected}' of '${handoff.id}' is missing: template '${template.id}' asks for '${target.text}'${forWhat ? ` for ${forWhat}` : ''}, as '${baseName(file.file.path)}' was delivered.`,
          on,
        );
      }
    }
  }
}

function checkVersions(patterns: readonly CompiledPattern[], handoff: HandoffSpec, matched: readonly MatchedFile[], report: Report): void {
  const groups = new Map<string, { values: Map<string, string>; versions: Map<number, MatchedFile> }>();
  for (const file of matched) {
    const version = file.values.get('version');
    if (version === undefined) continue;
    const names = [...patterns[file.pattern].names].filter((name) => name !== 'version' && !NOT_IDENTIFYING.has(name)).sort();
    const key = names.map((name) => `${name}=${file.values.get(name)}`).join('\u001f');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { values: file.values, versions: new Map() }));
    const number = Number(version);
    const existing = group.versions.get(number);
    if (!existing || compareText(file.file.path, existing.file.path) < 0) group.versions.set(number, file);
  }
  for (const group of groups.values()) {
    const versions = [...group.versions.keys()].sort((a, b) => a - b);
    for (let i = 1; i < versions.length; i++) {
      const [before, after] = [versions[i - 1], versions[i]];
      if (after === before + 1) continue;
      const missing = after - before === 2 ? `version ${before + 1} is` : `versions ${before + 1} to ${after - 1} are`;
      const names = [...group.values.keys()].filter((name) => name !== 'version' && !NOT_IDENTIFYING.has(name));
      const forWhat = describeValues(group.values, names);
      const file = group.versions.get(after)!;
      report(
        'version-gap',
        file.file.path,
        `Versions of '${handoff.id}'${forWhat ? ` for ${forWhat}` : ''} jump from ${before} to ${after}: ${missing} missing.`,
        { handoff: handoff.id },
      );
    }
  }
}

/** @param unit the handoff's unit: a sequence must also cover its frame range (a short shot) */
function checkFrames(patterns: readonly CompiledPattern[], handoff: HandoffSpec, matched: readonly MatchedFile[], report: Report, unit?: UnitSpec): void {
  const groups = new Map<string, { pattern: CompiledPattern; values: Map<string, string>; frames: Map<number, MatchedFile> }>();
  for (const file of matched) {
    const frame = file.values.get('frame');
    if (frame === undefined) continue;
    const pattern = patterns[file.pattern];
    const key = `${file.pattern}\u001f${dirName(file.file.path)}\u001f${[...file.values].filter(([name]) => name !== 'frame').map(([name, value]) => `${name}=${value}`).join('\u001f')}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { pattern, values: file.values, frames: new Map() }));
    group.frames.set(Number(frame), file);
  }
  for (const group of groups.values()) {
    const frames = [...group.frames.keys()].sort((a, b) => a - b);
    const width = group.pattern.tokens.find((token) => token.name === 'frame')?.width;
    const pad = (n: number) => (width === undefined ? String(n) : String(n).padStart(width, '0'));
    const hashes = width === undefined ? '#' : '#'.repeat(width);
    const sequence = group.pattern.render(new Map([...group.values, ['frame', hashes]])) ?? group.pattern.text;
    const range = unit?.frames;
    if (range && frames.length > 0 && (frames[0] > range.first || frames[frames.length - 1] < range.last)) {
      const short: string[] = [];
      if (frames[0] > range.first) short.push(frames[0] - range.first === 1 ? `frame ${pad(range.first)}` : `frames ${pad(range.first)} to ${pad(frames[0] - 1)}`);
      const lastFrame = frames[frames.length - 1];
      if (lastFrame < range.last) short.push(range.last - lastFrame === 1 ? `frame ${pad(range.last)}` : `frames ${pad(lastFrame + 1)} to ${pad(range.last)}`);
      report(
        'missing-frames',
        group.frames.get(frames[0])!.file.path,
        `Sequence '${sequence}' of '${handoff.id}' is short: unit '${unit!.id}' runs ${pad(range.first)}–${pad(range.last)}, but ${short.join(' and ')} ${short.length === 1 && short[0].startsWith('frame ') ? 'is' : 'are'} not delivered (delivered ${pad(frames[0])}–${pad(lastFrame)}).`,
        { handoff: handoff.id },
      );
    }
    for (let i = 1; i < frames.length; i++) {
      const [before, after] = [frames[i - 1], frames[i]];
      if (after === before + 1) continue;
      const missing = after - before === 2 ? `frame ${pad(before + 1)} is` : `frames ${pad(before + 1)} to ${pad(after - 1)} are`;
      report(
        'missing-frames',
        group.frames.get(before)!.file.path,
        `Sequence '${sequence}' of '${handoff.id}' has a hole: ${missing} missing between ${pad(before)} and ${pad(after)} (delivered ${pad(frames[0])}–${pad(frames[frames.length - 1])}, ${frames.length} frames).`,
        { handoff: handoff.id },
      );
    }
  }
}

function auditChecksums(input: AuditInput, manifest: ChecksumManifest, report: Report): void {
  const { entries, errors } = parseChecksumManifest(manifest.text);
  for (const error of errors) report('manifest-syntax', manifest.path, error.message, { line: error.line });
  const delivered = new Set(input.files.map((file) => file.path));
  const listed = new Set<string>();
  for (const entry of entries) {
    listed.add(entry.path);
    if (!delivered.has(entry.path)) {
      report('checksum-missing-file', manifest.path, `The manifest lists '${entry.path}' (line ${entry.line}), which is not in the delivery.`, { line: entry.line });
      continue;
    }
    const actual = input.hashes?.get(entry.path);
    if (actual !== undefined && actual.toLowerCase() !== entry.sha256) {
      report(
        'checksum-mismatch',
        entry.path,
        `'${entry.path}' hashes to sha256 ${actual.toLowerCase()}, but the manifest (line ${entry.line}) says ${entry.sha256}: the file changed or was damaged in transfer.`,
      );
    }
  }
  for (const file of input.files) {
    if (!listed.has(file.path)) report('checksum-unlisted', file.path, `'${file.path}' is delivered but not listed in the manifest '${manifest.path}'.`);
  }
}
