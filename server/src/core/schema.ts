// Schema validation of one spec file: ajv checks the plain value against
// schemas/<kind>.schema.json, and every error is pointed at the YAML node it
// is about and reworded for the coordinator who has to fix it.
import type { ErrorObject } from 'ajv';
import breakdownSchema from '../../../schemas/breakdown.schema.json';
import glossarySchema from '../../../schemas/glossary.schema.json';
import handoffSchema from '../../../schemas/handoff.schema.json';
import productionSchema from '../../../schemas/production.schema.json';
import journalSchema from '../../../schemas/journal.schema.json';
import risksSchema from '../../../schemas/risks.schema.json';
import runbookSchema from '../../../schemas/runbook.schema.json';
import templateSchema from '../../../schemas/template.schema.json';
import { commaSplits, pathKey, quotedText, spanOf, type ParsedFile } from './parse';
import { VALIDATORS } from './generated/validators';
import { MESSAGES_KEYWORD, alternativeLists, branchValidatorKey, daysInMonth, isCalendarDate, nodeAt, regexProblem, type SchemaValidate } from './schemaContract';
import { closest, editDistance } from './suggest';
import type { FileKind, Finding, Fix, NodePath, Span } from './types';

/** The parts of a JSON Schema that messages, hover and completion read. */
export interface JsonSchema {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  not?: JsonSchema;
  pattern?: string;
  format?: string;
  minimum?: number;
  default?: unknown;
  definitions?: Record<string, JsonSchema>;
  /** Our wording of what the schema node's own `not`, `required` or `oneOf` refuses (see MESSAGES_KEYWORD). */
  'x-messages'?: SchemaMessages;
  [keyword: string]: unknown;
}

/**
 * `x-messages` on a schema node: the message a finding gets when the node's
 * own `not`, `required` or `oneOf` fails, in place of a generic one.
 * - `not`: by field, for each forbidden field the value has (at its key);
 * - `required`: by field, for each missing field (at the object);
 * - `oneOf`: one text, when more than one branch fits (at the last field the branches require).
 * `{value}` in a text stands for the field's value as written.
 */
export interface SchemaMessages {
  not?: Record<string, string | undefined>;
  required?: Record<string, string | undefined>;
  oneOf?: string;
}

const RULE = 'schema';

const SCHEMAS: Record<FileKind, JsonSchema> = {
  production: productionSchema,
  glossary: glossarySchema,
  template: templateSchema,
  handoff: handoffSchema,
  runbook: runbookSchema,
  risks: risksSchema,
  journal: journalSchema,
  breakdown: breakdownSchema,
};

/** The raw JSON Schema of a file kind. */
export function schemaFor(kind: FileKind): JsonSchema {
  return SCHEMAS[kind];
}

/** What a file of each kind starts with, for empty files and files that are not a map. */
const FILE_START: Record<FileKind, string> = {
  production: "'production:' and the production's id",
  glossary: "one of 'color_spaces:', 'formats:', 'asset_types:', 'metadata:' or 'naming_tokens:'",
  template: "'template:' and the template's id",
  handoff: "'handoffs:' and a list of handoffs",
  runbook: "'runbook:' and the runbook's id",
  risks: "'risks:' and a list of risks",
  journal: "'decisions:' or 'postmortems:' and a list",
  breakdown: "'units:' and a list of units, or 'import:' and the shot lists to read",
};

// ---------------------------------------------------------------------------
// Validators: compiled at build time (scripts/validators.ts), constants here.

function rootValidator(kind: FileKind): SchemaValidate {
  return VALIDATORS[kind];
}

/** The validator of the schema node at a JSON pointer inside a kind's schema (one of validatorBranches). */
function validatorAt(kind: FileKind, pointer: string): SchemaValidate | undefined {
  return VALIDATORS[branchValidatorKey(kind, pointer)];
}

/**
 * The JSON pointer of every oneOf/anyOf list of each kind's schema, by its
 * text. An error's `schema` is the generated code's copy of the list, not the
 * imported schema's own object, and its `schemaPath` is relative to the
 * `$ref`'d definition when ajv compiled that definition as a function of its
 * own; the text is the same wherever the list is written. Two lists of the
 * same text hold the same branches, so either pointer picks the same
 * validators. Worked out once from the schemas (constants) and never changed.
 */
const ALTERNATIVES: Readonly<Record<FileKind, ReadonlyMap<string, string>>> = alternativeTables();

function alternativeTables(): Record<FileKind, ReadonlyMap<string, string>> {
  const tables = {} as Record<FileKind, ReadonlyMap<string, string>>;
  for (const kind of Object.keys(SCHEMAS) as FileKind[]) {
    const table = new Map<string, string>();
    for (const list of alternativeLists(SCHEMAS[kind])) {
      const text = JSON.stringify(nodeAt(SCHEMAS[kind], list));
      if (!table.has(text)) table.set(text, list);
    }
    tables[kind] = table;
  }
  return tables;
}

/** Follows local `$ref`s to the schema that does the work. */
function resolveRef(kind: FileKind, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; hops < 16 && typeof current.$ref === 'string' && current.$ref.startsWith('#/'); hops++) {
    let target: unknown = SCHEMAS[kind];
    for (const segment of current.$ref.slice(2).split('/')) {
      const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isRecord(target) ? target[key] : undefined;
    }
    if (!isRecord(target)) break;
    current = target as JsonSchema;
  }
  return current;
}

// ---------------------------------------------------------------------------
// Validating.

/** Schema findings of one file; none when its YAML did not parse (yaml-syntax reports that). */
export function validateSchema(file: ParsedFile): Finding[] {
  if (file.syntaxFindings.length > 0) return [];
  if (file.value === undefined || file.value === null) {
    return [{ rule: RULE, uri: file.uri, span: { start: 0, end: 0 }, message: `An empty ${file.kind} file: start with ${FILE_START[file.kind]}.` }];
  }
  const found = schemaErrors(file.kind, file.value);
  if (found.length === 0) return [];
  const errors = resolveAlternatives(file.kind, found);
  return new Describer(file).describe(errors);
}

/**
 * ajv appends the errors of each `$ref`'d entry by copying every error found
 * so far, so one call over a long list of faulty entries is quadratic (a
 * 50,000-entry file took minutes). A long top-level list (each schema gives
 * those a plain `type: array` + `items`) is validated a slice at a time.
 */
const LIST_SLICE = 500;

function schemaErrors(kind: FileKind, value: unknown): ErrorObject[] {
  const validate = rootValidator(kind);
  const long = isRecord(value) ? Object.keys(value).filter((key) => Array.isArray(value[key]) && (value[key] as unknown[]).length > LIST_SLICE) : [];
  if (!isRecord(value) || long.length === 0) return validate(value) ? [] : [...(validate.errors ?? [])];
  const rest: Record<string, unknown> = { ...value };
  for (const key of long) rest[key] = [];
  const errors = validate(rest) ? [] : [...(validate.errors ?? [])];
  for (const key of long) {
    const list = value[key] as unknown[];
    const prefix = `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}/`;
    for (let from = 0; from < list.length; from += LIST_SLICE) {
      if (validate({ ...rest, [key]: list.slice(from, from + LIST_SLICE) })) continue;
      for (const error of validate.errors ?? []) {
        if (!error.instancePath.startsWith(prefix)) continue;
        const tail = error.instancePath.slice(prefix.length);
        const slash = tail.indexOf('/');
        const index = Number(slash < 0 ? tail : tail.slice(0, slash)) + from;
        errors.push({ ...error, instancePath: `${prefix}${index}${slash < 0 ? '' : tail.slice(slash)}` });
      }
    }
  }
  return errors;
}

function isAlternative(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || error.keyword === 'anyOf';
}

function isAtOrUnder(instancePath: string, ancestor: string): boolean {
  return instancePath === ancestor || instancePath.startsWith(`${ancestor}/`);
}

/**
 * Replaces each failed oneOf/anyOf, and the errors of all its branches, by
 * the errors of the one branch the value was most likely meant to be (the
 * branch of its type with the fewest errors). A oneOf-holding schema node is
 * expected to carry no assertions besides the oneOf: every error at or under
 * its value right before it is taken to come from its branches.
 */
function resolveAlternatives(kind: FileKind, errors: ErrorObject[]): ErrorObject[] {
  let result = errors;
  const settled = new Set<ErrorObject>();
  // Each list's pointer once per file: a long faulty list repeats the same few.
  const pointers = new Map<unknown[], string | undefined>();
  for (let round = 0; round < 1000; round++) {
    // Outermost first: choosing its branch drops what the other branches said deeper down.
    const pending = result.filter((error) => isAlternative(error) && !settled.has(error));
    if (pending.length === 0) break;
    const alternative = pending.reduce((a, b) => (depthOf(b.instancePath) < depthOf(a.instancePath) ? b : a));
    settled.add(alternative);
    const at = result.indexOf(alternative);
    let from = at;
    while (from > 0 && isAtOrUnder(result[from - 1].instancePath, alternative.instancePath)) from--;
    const branchErrors = bestBranchErrors(kind, alternative, result.slice(from, at), pointers);
    result = [...result.slice(0, from), ...(branchErrors ?? [alternative]), ...result.slice(at + 1)];
  }
  return result;
}

/** The JSON pointer of a oneOf/anyOf list an error carries (see ALTERNATIVES), looked up once per list object in `pointers`. */
function listPointer(kind: FileKind, list: unknown[], pointers: Map<unknown[], string | undefined>): string | undefined {
  if (!pointers.has(list)) pointers.set(list, ALTERNATIVES[kind].get(JSON.stringify(list)));
  return pointers.get(list);
}

function depthOf(instancePath: string): number {
  return instancePath === '' ? 0 : instancePath.split('/').length;
}

/**
 * `preceding`: the errors right before the alternative's, at or under its
 * value. A branch without a type of its own (`{ required: [units] }` under a
 * map's oneOf) cannot be compiled alone in strict mode: its errors are taken
 * from those, by their schema path.
 */
function bestBranchErrors(kind: FileKind, alternative: ErrorObject, preceding: ErrorObject[], pointers: Map<unknown[], string | undefined>): ErrorObject[] | undefined {
  const branches: unknown = alternative.schema;
  const pointer = Array.isArray(branches) ? listPointer(kind, branches, pointers) : undefined;
  // More than one branch fits: no branch's errors say what is wrong.
  if (!Array.isArray(branches) || pointer === undefined || Array.isArray(alternative.params.passingSchemas)) return undefined;
  let best: ErrorObject[] | undefined;
  for (let index = 0; index < branches.length; index++) {
    const branch: unknown = branches[index];
    if (!isRecord(branch)) continue;
    const resolved = resolveRef(kind, branch as JsonSchema);
    if (!typeFits(resolved, alternative.data)) continue;
    let errors: ErrorObject[];
    if (resolved.type === undefined && branch.$ref === undefined) {
      const prefix = `${alternative.schemaPath}/${index}/`;
      errors = preceding.filter((error) => error.schemaPath.startsWith(prefix));
      if (errors.length === 0) return undefined;
    } else {
      const validate = validatorAt(kind, `${pointer}/${index}`);
      if (!validate || validate(alternative.data)) return undefined;
      errors = (validate.errors ?? []).map((error) => ({ ...error, instancePath: alternative.instancePath + error.instancePath }));
    }
    if (!best || errors.length < best.length) best = errors;
  }
  return best;
}

function jsonTypesOf(value: unknown): string[] {
  if (value === null || value === undefined) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value === 'number') return Number.isInteger(value) ? ['integer', 'number'] : ['number'];
  return [typeof value];
}

function typeFits(schema: JsonSchema, value: unknown): boolean {
  if (schema.type === undefined) return true;
  const allowed = typeof schema.type === 'string' ? [schema.type] : schema.type;
  return jsonTypesOf(value).some((type) => allowed.includes(type));
}

// ---------------------------------------------------------------------------
// Wording: one finding per node and cause, on the node the user has to edit.

interface PatternForm {
  /** What the value is, capitalised, e.g. "Id". */
  what: string;
  /** The form it must have, e.g. "kebab-case (lowercase letters, digits and '-')". */
  form: string;
  /** What a type error expects, e.g. "a kebab-case id". */
  expected: string;
  /** Ends the message when no corrected value can be guessed. */
  otherwise: string;
  /** A corrected value, when one can be guessed from the wrong one. */
  suggest(value: string): string | undefined;
}

const ID_PATTERN = '^[a-z][a-z0-9-]*$';

const PATTERN_FORMS: Record<string, PatternForm> = {
  [ID_PATTERN]: {
    what: 'Id',
    form: "kebab-case (lowercase letters, digits and '-')",
    expected: 'a kebab-case id',
    otherwise: ' and start with a letter',
    suggest: (value) => {
      const kebab = value
        .trim()
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      return new RegExp(ID_PATTERN).test(kebab) ? kebab : undefined;
    },
  },
  // Unit and handoff ids (DESIGN §1): shot codes such as ep101_hbr_0010.
  '^[A-Za-z0-9][A-Za-z0-9_.-]*$': {
    what: 'Id',
    form: "letters, digits, '_', '.' and '-'",
    expected: 'an id such as ep101_hbr_0010',
    otherwise: ' and start with a letter or digit',
    suggest: (value) => {
      const fixed = value.trim().replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
      return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(fixed) ? fixed : undefined;
    },
  },
  '^#[0-9a-fA-F]{6}$': {
    what: 'Color',
    form: "'#' and six hex digits, in quotes",
    expected: "a color such as '#c678dd'",
    otherwise: ", e.g. '#c678dd'",
    suggest: (value) => {
      const short = /^#?([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$/.exec(value.trim());
      if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
      const bare = /^#?([0-9a-fA-F]{6})$/.exec(value.trim());
      return bare ? `#${bare[1]}` : undefined;
    },
  },
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$': {
    what: 'Email address',
    form: 'name@domain',
    expected: 'an email address',
    otherwise: ", e.g. 'ana@example.com'",
    suggest: () => undefined,
  },
  '^[A-Za-z0-9][A-Za-z0-9._-]*$': {
    what: 'Extension',
    form: 'written without the leading dot',
    expected: 'a file extension',
    otherwise: ", e.g. 'exr'",
    suggest: (value) => {
      const trimmed = value.trim().replace(/^\.+/, '');
      return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(trimmed) ? trimmed : undefined;
    },
  },
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': {
    what: 'Delivery time',
    form: 'HH:MM on a 24-hour clock, in quotes',
    expected: "a time such as '18:00'",
    otherwise: ", e.g. '18:00'",
    suggest: (value) => {
      const clock = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$/i.exec(value.trim());
      if (!clock) return undefined;
      let hours = Number(clock[1]);
      const minutes = clock[2] ?? '00';
      const half = clock[3]?.toLowerCase();
      if (half === 'pm' && hours < 12) hours += 12;
      if (half === 'am' && hours === 12) hours = 0;
      if (hours > 23 || Number(minutes) > 59) return undefined;
      return `${String(hours).padStart(2, '0')}:${minutes}`;
    },
  },
  '^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$': {
    what: 'Region',
    form: "an ISO country code or country-region code such as 'GB' or 'CA-BC'",
    expected: "a region such as 'GB-ENG'",
    otherwise: '',
    suggest: (value) => {
      const code = value.trim().toUpperCase().replace(/[_ ]/g, '-');
      return /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(code) ? code : undefined;
    },
  },
  '^[a-z][a-z0-9_-]*$': {
    what: 'Naming token name',
    form: "made of lowercase letters, digits, '_' and '-', starting with a letter",
    expected: 'a naming token name',
    otherwise: ", e.g. 'shot'",
    suggest: (value) => {
      const lower = value.trim().toLowerCase().replace(/[^a-z0-9_-]+/g, '_');
      return /^[a-z][a-z0-9_-]*$/.test(lower) ? lower : undefined;
    },
  },
};

/** "Id 'Comp_Render' must be kebab-case (...), e.g. 'comp-render'." and the fix to that value. */
function patternMessage(form: PatternForm, value: string, span: Span, uri: string): { message: string; fixes: Fix[] } {
  const suggestion = form.suggest(value);
  if (suggestion === undefined || suggestion === value) return { message: `${form.what} '${value}' must be ${form.form}${form.otherwise}.`, fixes: [] };
  const fix: Fix = { title: `Change to '${suggestion}'`, edits: [{ uri, span, newText: quoteIfNeeded(suggestion) }], preferred: false };
  return { message: `${form.what} '${value}' must be ${form.form}, e.g. '${suggestion}'.`, fixes: [fix] };
}

/** Whether `key` is `field` mistyped (a few edits apart), not a longer or shorter word that starts like it. */
function isTypo(key: string, field: string): boolean {
  const limit = Math.max(1, Math.floor(key.length / 3));
  return editDistance(key.toLowerCase(), field.toLowerCase(), limit) <= limit;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface Problem {
  error: ErrorObject;
  path: NodePath;
}

class Describer {
  private readonly findings: Finding[] = [];
  private readonly causes = new Set<string>();
  /** Fields suggested for unknown keys, by object: their "missing" error would say the same thing again. */
  private readonly suggested = new Map<string, Set<string>>();

  constructor(private readonly file: ParsedFile) {}

  describe(errors: ErrorObject[]): Finding[] {
    const problems = errors.map((error) => ({ error, path: this.nodePath(error.instancePath) }));
    // A value of the wrong type makes every other complaint about it noise.
    const wrongType = new Set(problems.filter((p) => p.error.keyword === 'type' || isAlternative(p.error)).map((p) => p.error.instancePath));
    const missing = new Map<string, { problem: Problem; names: string[] }>();
    for (const problem of problems) {
      const { error } = problem;
      if (error.keyword !== 'type' && !isAlternative(error) && wrongType.has(error.instancePath)) continue;
      // if/then/else: the failing branch's own errors say what is wrong.
      if (error.keyword === 'if') continue;
      // propertyNames reports each inner failure too; its own error says it all.
      if (error.propertyName !== undefined && error.keyword !== 'propertyNames') continue;
      if (error.keyword === 'required') {
        if (this.annotatedRequired(problem)) continue;
        const entry = missing.get(error.instancePath) ?? { problem, names: [] };
        const name = String(error.params.missingProperty);
        if (!entry.names.includes(name)) entry.names.push(name);
        // An if/then/else branch requires fields too: the object's own schema names them best, in its order.
        const count = (e: ErrorObject) => Object.keys((e.parentSchema as JsonSchema | undefined)?.properties ?? {}).length;
        if (count(error) > count(entry.problem.error)) entry.problem = problem;
        missing.set(error.instancePath, entry);
        continue;
      }
      this.describeOne(problem);
    }
    for (const [instancePath, { problem, names }] of missing) {
      const explained = this.suggested.get(instancePath);
      const unexplained = names.filter((name) => !explained?.has(name));
      if (unexplained.length > 0) this.required(problem, unexplained);
    }
    return this.findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.message.localeCompare(b.message));
  }

  private describeOne(problem: Problem): void {
    switch (problem.error.keyword) {
      case 'additionalProperties':
        return this.additionalProperty(problem);
      case 'enum':
        return this.enumValue(problem);
      case 'type':
        return this.wrongType(problem);
      case 'oneOf':
      case 'anyOf':
        return this.noAlternative(problem);
      case 'pattern':
        return this.pattern(problem);
      case 'format':
        return this.format(problem);
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        return this.limit(problem);
      case 'uniqueItems':
        return this.duplicateItem(problem);
      case 'propertyNames':
        return this.propertyName(problem);
      case 'not':
        return this.exclusive(problem);
      default:
        return this.add(problem, '', this.nodeSpan(problem.path), `The value of ${this.target(problem.path)} is not valid: ${problem.error.message ?? 'it does not fit the schema'}.`);
    }
  }

  // --- per keyword -------------------------------------------------------

  private additionalProperty({ error, path }: Problem): void {
    const key = String(error.params.additionalProperty);
    const parent = error.parentSchema as JsonSchema | undefined;
    const allowed = Object.keys(parent?.properties ?? {});
    const span = spanOf(this.file, [...path, key], 'key');
    if (this.splitText({ error, path }, span)) return;
    const isRules = this.file.kind === 'production' && path.length === 1 && path[0] === 'rules';
    const what = isRules ? `Unknown rule '${key}' in 'rules'` : `Unknown field '${key}' in ${withArticle(this.nounOf(parent, path))}`;
    const suggestion = closest(key, allowed);
    const alreadySet = suggestion !== undefined && isRecord(error.data) && Object.prototype.hasOwnProperty.call(error.data, suggestion);
    // `Due` beside `due` is the same field written twice; `due_time` beside
    // `due` only starts like it: a field of its own this place does not have.
    const sameFieldAgain = alreadySet && isTypo(key, suggestion);
    if (suggestion !== undefined && !alreadySet) {
      const suggested = this.suggested.get(error.instancePath) ?? new Set<string>();
      this.suggested.set(error.instancePath, suggested.add(suggestion));
      const fix = this.replace(span, suggestion, `Change to '${suggestion}'`, true);
      this.add({ error, path }, key, span, `${what}. Did you mean '${suggestion}'?`, [fix]);
    } else if (sameFieldAgain) {
      this.add({ error, path }, key, span, `${what}: '${suggestion}' is already set, so remove this one.`);
    } else {
      this.add({ error, path }, key, span, `${what}; remove it or use one of ${allowed.join(', ')}.`);
    }
  }

  /**
   * `{ description: Avid, ALE, AAF }`: the unknown keys 'ALE' and 'AAF' are
   * the rest of a text an unquoted comma cut. One finding for the whole text,
   * saying to quote it, instead of one unknown field per piece.
   */
  private splitText(problem: Problem, keySpan: Span): boolean {
    const text = this.file.text;
    const map = spanOf(this.file, problem.path);
    if (text[map.start] !== '{') return false;
    const split = commaSplits(text, map.start).find((candidate) => candidate.pieces.some((piece) => piece.start === keySpan.start));
    if (!split) return false;
    const written = text.slice(split.text.start, split.text.end);
    const field = text.slice(split.field.start, split.field.end);
    const quoted = quotedText(written);
    const message = `The text '${written}' of '${field}' is cut at its commas: inside { … } a comma ends a value, so YAML reads ${joinAnd(split.pieces.map((piece) => `'${text.slice(piece.start, piece.end)}'`))} as fields. Quote this text: ${field}: ${quoted}.`;
    this.add(problem, `split@${split.text.start}`, split.text, message, [this.replace(split.text, quoted, 'Quote this text', true)]);
    return true;
  }

  private required({ error, path }: Problem, names: string[]): void {
    const parent = error.parentSchema as JsonSchema | undefined;
    const order = Object.keys(parent?.properties ?? {});
    if (order.length > 0) names = [...names].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const described = names.map((name) => {
      const title = parent?.properties?.[name]?.title;
      return title && title !== name ? `'${name}' (its ${title})` : `'${name}'`;
    });
    const noun = withArticle(this.nounOf(parent, path));
    const spans = this.file.spans.get(pathKey(path));
    const span = spans?.key ?? this.firstLine(spanOf(this.file, path));
    this.add({ error, path }, names.join(','), span, `${capitalize(noun)} needs ${joinAnd(described)}.`);
  }

  private enumValue({ error, path }: Problem): void {
    const allowed = (Array.isArray(error.schema) ? error.schema : []).map(String);
    const parent = error.parentSchema as JsonSchema | undefined;
    const what = parent?.title ? withArticle(parent.title) : `a valid value for ${this.target(path)}`;
    const span = this.nodeSpan(path);
    const value = error.data;
    const suggestion = typeof value === 'string' || typeof value === 'number' ? closest(String(value), allowed) : undefined;
    let message = `${show(value)} is not ${what}; use one of ${allowed.join(', ')}.`;
    const fixes: Fix[] = [];
    if (suggestion !== undefined) {
      message += ` Did you mean '${suggestion}'?`;
      fixes.push(this.replace(span, suggestion, `Change to '${suggestion}'`, true));
    }
    this.add({ error, path }, '', span, capitalize(message), fixes);
  }

  private wrongType({ error, path }: Problem): void {
    const schema = (error.parentSchema ?? {}) as JsonSchema;
    const value = error.data;
    if (path.length === 0) {
      const start = `start with ${FILE_START[this.file.kind]}`;
      this.add({ error, path }, '', this.nodeSpan(path), `A ${this.file.kind} file must ${start}, not with ${show(value)}.`);
      return;
    }
    const expected = expectedPhrase(schema);
    if (value === null || value === undefined) {
      this.missingValue({ error, path }, expected);
      return;
    }
    const span = this.nodeSpan(path);
    const raw = this.file.text.slice(span.start, span.end);
    let message = `Expected ${expected} for ${this.target(path)}, not ${show(value)}.`;
    const fixes: Fix[] = [];
    const types = typeof schema.type === 'string' ? [schema.type] : schema.type ?? [];
    const scalar = typeof value !== 'object' && !raw.includes('\n') && raw.length > 0;
    if (scalar && types.includes('string') && typeof value !== 'string' && stringFits(schema, raw)) {
      message += ` Put it in quotes: "${raw}".`;
      fixes.push(this.replace(span, `"${raw}"`, 'Put the value in quotes', false));
    } else if (scalar && types.includes('array')) {
      message += ` Write it as a list: [${raw}].`;
      fixes.push(this.replace(span, `[${raw}]`, 'Make it a list', false));
    }
    this.add({ error, path }, '', span, message, fixes);
  }

  private missingValue({ error, path }: Problem, expected: string): void {
    const key = this.file.spans.get(pathKey(path))?.key;
    const span = key ?? this.nodeSpan(path);
    let message = `Missing value for ${this.target(path)}: write ${expected}.`;
    const fixes: Fix[] = [];
    if (key) {
      // `color: #c678dd` is a key followed by a comment, not a color.
      const lineEnd = this.file.lines.lineEnd(this.file.lines.positionAt(key.end).line);
      const rest = this.file.text.slice(key.end, lineEnd);
      const comment = /^\s*:\s+(#.*?)\s*$/.exec(rest);
      if (comment) {
        const start = key.end + rest.indexOf(comment[1]);
        const quoted = JSON.stringify(comment[1]);
        message += ` A '#' starts a comment in YAML, so put the value in quotes: ${quoted}.`;
        fixes.push(this.replace({ start, end: start + comment[1].length }, quoted, 'Put the value in quotes', false));
      }
    }
    this.add({ error, path }, '', span, message, fixes);
  }

  private noAlternative({ error, path }: Problem): void {
    const span = this.nodeSpan(path);
    if (Array.isArray(error.params.passingSchemas)) {
      if (this.annotatedOneOf({ error, path })) return;
      this.add({ error, path }, '', span, `The value of ${this.target(path)} fits more than one of its allowed forms; make it one of them.`);
      return;
    }
    const branches = Array.isArray(error.schema) ? (error.schema as JsonSchema[]) : [];
    const phrases = branches.map((branch) => {
      const resolved = resolveRef(this.file.kind, branch);
      const isObject = resolved.type === 'object';
      return !isObject && resolved.title ? withArticle(resolved.title) : expectedPhrase(resolved);
    });
    this.add({ error, path }, '', span, `Expected ${joinOr(phrases)} for ${this.target(path)}, not ${show(error.data)}.`);
  }

  private pattern({ error, path }: Problem): void {
    const value = String(error.data);
    const pattern = String(error.params.pattern);
    const span = this.nodeSpan(path);
    const form = PATTERN_FORMS[pattern];
    if (!form) {
      this.add({ error, path }, '', span, `The value '${value}' of ${this.target(path)} must match the pattern ${pattern}.`);
      return;
    }
    const { message, fixes } = patternMessage(form, value, span, this.file.uri);
    this.add({ error, path }, '', span, message, fixes);
  }

  private format({ error, path }: Problem): void {
    const value = String(error.data);
    const span = this.nodeSpan(path);
    if (error.params.format === 'regex') {
      this.add({ error, path }, '', span, `Regular expression '${value}' is not valid: ${regexProblem(value) ?? 'it does not compile'}.`);
      return;
    }
    if (error.params.format !== 'date') {
      this.add({ error, path }, '', span, `The value '${value}' of ${this.target(path)} is not a valid ${String(error.params.format)}.`);
      return;
    }
    const parts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
    if (parts) {
      const year = Number(parts[1]);
      const month = Number(parts[2]);
      const day = Number(parts[3]);
      if (month < 1 || month > 12) {
        this.add({ error, path }, '', span, `Date '${value}' has no month ${month}: write it as YYYY-MM-DD with a month from 01 to 12.`);
        return;
      }
      const days = daysInMonth(year, month);
      if (day < 1 || day > days) {
        this.add({ error, path }, '', span, `Date '${value}' does not exist: ${MONTHS[month - 1]} ${year} has ${days} days.`);
        return;
      }
      const padded = `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}`;
      const fix = this.replace(span, padded, `Change to '${padded}'`, false);
      this.add({ error, path }, '', span, `Date '${value}' must be written as YYYY-MM-DD, e.g. '${padded}'.`, [fix]);
      return;
    }
    this.add({ error, path }, '', span, `Date '${value}' must be written as YYYY-MM-DD, e.g. '2027-01-22'.`);
  }

  private limit({ error, path }: Problem): void {
    const schema = (error.parentSchema ?? {}) as JsonSchema;
    const limit = Number(error.params.limit);
    const bound = { minimum: `at least ${limit}`, maximum: `at most ${limit}`, exclusiveMinimum: `more than ${limit}`, exclusiveMaximum: `less than ${limit}` }[error.keyword] ?? String(limit);
    this.add({ error, path }, '', this.nodeSpan(path), `Expected ${expectedPhrase(schema)} of ${bound} for ${this.target(path)}, not ${show(error.data)}.`);
  }

  private duplicateItem({ error, path }: Problem): void {
    // ajv names one pair; every repeat is worth its own finding.
    const items: unknown[] = Array.isArray(error.data) ? error.data : [];
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const key = JSON.stringify(item) ?? 'null';
      if (!seen.has(key)) {
        seen.add(key);
        return;
      }
      const itemPath = [...path, index];
      this.add({ error, path: itemPath }, '', this.nodeSpan(itemPath), `${capitalize(show(item))} is listed more than once in ${this.target(path)}; remove this one.`);
    });
  }

  private propertyName({ error, path }: Problem): void {
    const name = String(error.params.propertyName);
    const schema = resolveRef(this.file.kind, (error.schema ?? {}) as JsonSchema);
    const span = spanOf(this.file, [...path, name], 'key');
    const form = schema.pattern !== undefined ? PATTERN_FORMS[schema.pattern] : undefined;
    if (!form) {
      this.add({ error, path }, name, span, `The name '${name}' is not allowed in ${this.target(path)}.`);
      return;
    }
    const { message, fixes } = patternMessage(form, name, span, this.file.uri);
    this.add({ error, path }, name, span, message, fixes);
  }

  private exclusive({ error, path }: Problem): void {
    const forbidden = error.schema as JsonSchema | undefined;
    const parent = error.parentSchema as JsonSchema | undefined;
    const names = fieldsNamedBy(forbidden).filter((name) => isRecord(error.data) && name in error.data);
    const noun = capitalize(withArticle(this.nounOf(parent, path)));
    const written = parent?.[MESSAGES_KEYWORD]?.not ?? {};
    const texts = names.map((name) => written[name]);
    if (names.length > 0 && texts.every((text): text is string => text !== undefined)) {
      names.forEach((name, k) => this.add({ error, path }, name, spanOf(this.file, [...path, name], 'key'), this.filled(texts[k], [...path, name])));
      return;
    }
    if (names.length === 0) {
      this.add({ error, path }, '', this.nodeSpan(path), `${noun} has fields that are not allowed together; see the description of ${this.target(path)}.`);
      return;
    }
    const keySpans = names.map((name) => spanOf(this.file, [...path, name], 'key'));
    const last = keySpans.reduce((a, b) => (b.start > a.start ? b : a));
    const described = names.map((name) => {
      const title = parent?.properties?.[name]?.title;
      return title ? `'${name}' (its ${title})` : `'${name}'`;
    });
    // One field that is not allowed here: remove it. Two that exclude each other: keep one. Three that are not allowed together (start, work, due: any two give the third): drop one.
    const advice =
      names.length === 1
        ? `cannot have ${described[0]} here; remove it`
        : names.length === 2
          ? `cannot have both ${joinAnd(described)}; keep one of them`
          : `cannot have ${joinAnd(described)} together; leave one of them out`;
    this.add({ error, path }, names.join(','), last, `${noun} ${advice}.`);
  }

  /** A missing field whose schema node says in its own words why it is needed: one finding of its own. */
  private annotatedRequired({ error, path }: Problem): boolean {
    const name = String(error.params.missingProperty);
    const text = (error.parentSchema as JsonSchema | undefined)?.[MESSAGES_KEYWORD]?.required?.[name];
    if (text === undefined) return false;
    const spans = this.file.spans.get(pathKey(path));
    this.add({ error, path }, name, spans?.key ?? this.firstLine(spanOf(this.file, path)), this.filled(text, [...path, name]));
    return true;
  }

  /** More than one branch of a oneOf fits: its own words, at the last of the fields its branches require. */
  private annotatedOneOf({ error, path }: Problem): boolean {
    const text = (error.parentSchema as JsonSchema | undefined)?.[MESSAGES_KEYWORD]?.oneOf;
    if (text === undefined) return false;
    const branches = Array.isArray(error.schema) ? (error.schema as JsonSchema[]) : [];
    const names = branches.flatMap((branch) => fieldsNamedBy(resolveRef(this.file.kind, branch))).filter((name) => isRecord(error.data) && name in error.data);
    const keySpans = names.map((name) => spanOf(this.file, [...path, name], 'key'));
    const span = keySpans.length > 0 ? keySpans.reduce((a, b) => (b.start > a.start ? b : a)) : this.nodeSpan(path);
    this.add({ error, path }, 'oneOf', span, text);
    return true;
  }

  /** A schema's message with `{value}` replaced by the value at `path` as written (its first line). */
  private filled(text: string, path: NodePath): string {
    if (!text.includes('{value}')) return text;
    const span = this.file.spans.get(pathKey(path))?.value;
    const written = span ? this.firstLine(span) : undefined;
    const value = written && written.end > written.start ? this.file.text.slice(written.start, written.end) : show(undefined);
    return text.split('{value}').join(value);
  }

  // --- helpers -------------------------------------------------------------

  private add(problem: Problem, detail: string, span: Span, message: string, fixes: Fix[] = []): void {
    const cause = `${problem.error.keyword}|${pathKey(problem.path)}|${detail}`;
    if (this.causes.has(cause)) return;
    this.causes.add(cause);
    const finding: Finding = { rule: RULE, uri: this.file.uri, span, message };
    if (fixes.length > 0) finding.fixes = fixes;
    this.findings.push(finding);
  }

  private replace(span: Span, newText: string, title: string, preferred: boolean): Fix {
    return { title, edits: [{ uri: this.file.uri, span, newText }], preferred };
  }

  /** Path segments of an ajv instancePath; indexes become numbers where the value is a list. */
  private nodePath(instancePath: string): NodePath {
    const path: (string | number)[] = [];
    let value: unknown = this.file.value;
    for (const raw of instancePath.split('/').slice(1)) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(value) && /^\d+$/.test(segment)) {
        const index = Number(segment);
        path.push(index);
        value = value[index];
      } else {
        path.push(segment);
        value = isRecord(value) ? value[segment] : undefined;
      }
    }
    return path;
  }

  /** The node's value, or, when that spans several lines, its key or its first line. */
  private nodeSpan(path: NodePath): Span {
    const spans = this.file.spans.get(pathKey(path));
    if (!spans) return spanOf(this.file, path);
    const value = spans.value;
    const text = this.file.text.slice(value.start, value.end);
    if (value.end > value.start && !text.includes('\n')) return value;
    if (spans.key) return spans.key;
    return value.end > value.start ? this.firstLine(value) : this.emptyItemSpan(path, value);
  }

  /** An empty list entry (a bare '-') is shown at its dash, else at the list. */
  private emptyItemSpan(path: NodePath, at: Span): Span {
    const lineStart = this.file.lines.lineStart(this.file.lines.positionAt(at.start).line);
    const before = this.file.text.slice(lineStart, at.start).trimEnd();
    if (before.endsWith('-')) return { start: lineStart + before.length - 1, end: lineStart + before.length };
    return spanOf(this.file, path.slice(0, -1), 'key');
  }

  private firstLine(span: Span): Span {
    const text = this.file.text.slice(span.start, span.end);
    const lineBreak = text.search(/\r?\n/);
    if (lineBreak < 0) return span;
    return { start: span.start, end: span.start + text.slice(0, lineBreak).trimEnd().length };
  }

  /** How a message names the node: 'due', entry 2 of 'escalation', the file. */
  private target(path: NodePath): string {
    if (path.length === 0) return `the ${this.file.kind} file`;
    const last = path[path.length - 1];
    if (typeof last === 'string') return `'${last}'`;
    const parent = path[path.length - 2];
    return typeof parent === 'string' ? `entry ${last + 1} of '${parent}'` : `entry ${last + 1}`;
  }

  /** What an object is called: its schema's title, "handoff file" at the root. */
  private nounOf(schema: JsonSchema | undefined, path: NodePath): string {
    if (path.length === 0) return `${this.file.kind} file`;
    if (schema?.title) return schema.title;
    const last = [...path].reverse().find((segment) => typeof segment === 'string');
    return last === undefined ? 'entry' : `'${last}' map`;
  }
}

/** The fields a `not` (or a oneOf branch) names: its `required`, also inside anyOf/oneOf/allOf. */
export function fieldsNamedBy(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const names = [...(schema.required ?? [])];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches: unknown = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) if (isRecord(branch)) names.push(...fieldsNamedBy(branch as JsonSchema));
  }
  return [...new Set(names)];
}

function expectedPhrase(schema: JsonSchema): string {
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type ?? [];
  const phrases = types.map((type) => {
    switch (type) {
      case 'string':
        if (schema.pattern !== undefined && PATTERN_FORMS[schema.pattern]) return PATTERN_FORMS[schema.pattern].expected;
        if (schema.format === 'date') return 'a date (YYYY-MM-DD)';
        if (schema.format === 'regex') return 'a regular expression';
        if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(', ')}`;
        return 'text';
      case 'integer':
        return 'a whole number';
      case 'number':
        return 'a number';
      case 'boolean':
        return 'true or false';
      case 'array':
        return 'a list';
      case 'object':
        return schema.required && schema.required.length > 0 ? `a map with ${joinAnd(schema.required.map((name) => `'${name}'`))}` : 'a map of fields';
      case 'null':
        return 'nothing';
      default:
        return type;
    }
  });
  return phrases.length > 0 ? joinOr(phrases) : 'a valid value';
}

/** Whether `text`, quoted, would satisfy a string schema's pattern and format. */
function stringFits(schema: JsonSchema, text: string): boolean {
  if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(text)) return false;
  if (schema.format === 'date' && !isCalendarDate(text)) return false;
  return true;
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

export function quoteIfNeeded(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(text) ? text : JSON.stringify(text);
}

function withArticle(noun: string): string {
  if (noun.startsWith("'") || noun.startsWith('the ')) return `the ${noun.replace(/^the /, '')}`;
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function joinOr(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
