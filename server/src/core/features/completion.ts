// Completion: the keys the schema allows where a key goes, enum values, every
// kind of id where a reference goes (with what a user recognises it by),
// naming tokens inside naming patterns, and snippets for new handoffs,
// templates, runbooks and risks.
import { formatDate } from '../calendar';
import { MemoKey } from '../memo';
import { BUILT_IN_NAMING_TOKENS } from '../naming';
import { chainTokenNames, holdsChainTokens } from './chainSteps';
import type { FileKind, NodePath, Span, SymbolDef, SymbolKind } from '../types';
import type { HandoffSpec } from '../specs';
import type { ProductionModel } from '../production';
import type { ParsedFile } from '../parse';
import { RULES_BY_ID } from '../rules';
import type { Workspace } from '../workspace';
import { holdsNamingPattern, idSlotAt, kindName, type IdSlot } from './idSlots';
import { completionContext, isObj, valueAt, type CompletionContext } from './locate';
import { code, escapeMarkdown } from './markdown';
import { schemaView, type SchemaKey } from './schemaLookup';

export type CompletionItemKind = 'key' | 'value' | 'id' | 'enum' | 'snippet' | 'token';

export interface CompletionItem {
  label: string;
  kind: CompletionItemKind;
  /** One line shown beside the label (a department's name, a handoff's due date). */
  detail?: string;
  /**
   * Markdown. An id's is written when it is read: an editor that asks for the
   * selected item's documentation (completionItem/resolve) reads one of 200.
   */
  documentation?: string;
  /** Text to insert instead of the label. */
  insertText?: string;
  /** `insertText` is a snippet (`$0`, `${1:...}`). */
  snippet?: boolean;
  /** The text the item replaces (the word around the cursor). */
  replace?: Span;
  /** Items with the same sort text are ordered by their labels (as VS Code orders them). */
  sortText?: string;
  /** Open completion again after inserting (a key whose value has completions). */
  retrigger?: boolean;
}

/** Snippet bodies as VS Code snippet files hold them. */
export type Snippets = Record<string, { prefix: string; body: string[]; description: string }>;

/** Where each snippet (by its prefix) is offered: as a new item of a list, or at the top of a file. */
const SNIPPET_PLACES: Record<string, { fileKind: FileKind; list?: string; idKey?: string }> = {
  handoff: { fileKind: 'handoff', list: 'handoffs' },
  risk: { fileKind: 'risks', list: 'risks' },
  template: { fileKind: 'template', idKey: 'template' },
  runbook: { fileKind: 'runbook', idKey: 'runbook' },
};

export function complete(workspace: Workspace, uri: string, offset: number, snippets: Snippets = {}, today?: number | (() => number)): CompletionItem[] {
  return completeList(workspace, uri, offset, snippets, Infinity, today).items;
}

export interface CompletionList {
  items: CompletionItem[];
  /** More ids match what is typed than the limit let through: the editor asks again as the user types on. */
  isIncomplete: boolean;
}

/**
 * Completion with at most `limit` ids: the first ones, in file order, and
 * past the limit the first that hold the typed characters in order (what an
 * editor's filter keeps), so each keystroke's request offers the next ones.
 */
export function completeList(workspace: Workspace, uri: string, offset: number, snippets: Snippets = {}, limit = Infinity, today?: number | (() => number)): CompletionList {
  const file = workspace.file(uri);
  if (!file) return { items: [], isIncomplete: false };
  const context = completionContext(file.parsed, offset);
  if (!context) return { items: [], isIncomplete: false };
  const production = workspace.productionOf(uri);
  const completer = new Completer(file.parsed, context, production, snippets, limit, today);
  const items = completer.items();
  return { items, isIncomplete: completer.incomplete };
}

/** Per department, the templates ranked first after its handoffs' `template:` (see Completer.rankFor), kept with the production's revision. */
const TEMPLATES_RANKED_FIRST = new MemoKey<Map<string, ReadonlySet<string>>>('completion: templates ranked first by department');

/**
 * The templates of the asset types that `department` already delivers in
 * its handoffs: worked out once a revision and department, not for each of
 * the templates offered at each request (two lookups each, a third of a
 * request's time).
 */
function templatesRankedFirst(production: ProductionModel, department: string): ReadonlySet<string> {
  const byDepartment = production.derived.get(TEMPLATES_RANKED_FIRST, () => new Map<string, ReadonlySet<string>>());
  let first = byDepartment.get(department);
  if (first) return first;
  const assetTypes = new Set<string>();
  for (const template of production.templatesFrom(department)) {
    const assetType = production.template(template)?.assetType;
    if (assetType !== undefined) assetTypes.add(assetType);
  }
  const ranked = new Set<string>();
  if (assetTypes.size > 0) {
    for (const id of production.symbols.get('template')?.keys() ?? []) {
      const assetType = production.template(id)?.assetType;
      if (assetType !== undefined && assetTypes.has(assetType)) ranked.add(id);
    }
  }
  byDepartment.set(department, (first = ranked));
  return first;
}

/** Whether `word` holds the characters of `typed` in order (what an editor's fuzzy filter asks at the least), ignoring case. */
function holdsInOrder(word: string, typed: string): boolean {
  let at = 0;
  const lower = word.toLowerCase();
  for (const char of typed) {
    at = lower.indexOf(char, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/**
 * An id's item, whose documentation is written when it is read: an editor
 * that resolves the selected item reads one of 200. (A getter on the class,
 * not in an object literal: that made each item 25 times dearer to build.)
 */
class IdItem implements CompletionItem {
  readonly kind = 'id' as const;
  sortText?: string;

  constructor(
    readonly label: string,
    readonly detail: string | undefined,
    readonly replace: Span,
    private readonly write: (() => string | undefined) | undefined,
  ) {}

  get documentation(): string | undefined {
    return this.write?.();
  }
}

class Completer {
  private readonly kind: FileKind;
  /** Ids were left out for the limit. */
  incomplete = false;

  constructor(
    private readonly file: ParsedFile,
    private readonly context: CompletionContext,
    private readonly production: ProductionModel | undefined,
    private readonly snippets: Snippets,
    private readonly limit = Infinity,
    /** The day snippets date from (their `YYYY-MM-DD` placeholders), or what tells it when a snippet needs it; undefined leaves those placeholders as they are. */
    private readonly today?: number | (() => number),
  ) {
    this.kind = file.kind;
  }

  items(): CompletionItem[] {
    const { position, path } = this.context;
    switch (position) {
      case 'key': {
        // The first line under an empty `handoffs:` is a list item without its dash yet.
        const types = this.context.newBlock ? (schemaView(this.kind)?.typesAt(path) ?? []) : [];
        if (types.includes('array') && !types.includes('object')) return this.listSnippets(path, false);
        return [...this.keyItems(path), ...this.rootSnippets(path)];
      }
      case 'value': {
        const tokens = this.tokenItems(path);
        if (tokens) return tokens;
        return this.valueItems(path);
      }
      case 'key-or-value': {
        const tokens = this.tokenItems(path);
        if (tokens) return tokens;
        const types = schemaView(this.kind)?.typesAt(path) ?? [];
        const items = [...this.listSnippets(path.slice(0, -1), true), ...this.valueItems(path)];
        if (types.includes('object')) items.push(...this.keyItems(path));
        return items;
      }
      case 'list-item':
        return this.listSnippets(path, false);
    }
  }

  // --- keys

  private keyItems(path: NodePath): CompletionItem[] {
    const schema = schemaView(this.kind);
    if (!schema) return [];
    const existing = new Set(this.context.existingKeys);
    // A handoff gives either `start` or `work`, never both.
    if (existing.has('start')) existing.add('work');
    if (existing.has('work')) existing.add('start');
    const afterText = this.file.text.slice(this.context.replace.end);
    const colonFollows = /^\s*:/.test(afterText);
    const items: CompletionItem[] = [];
    schema.keys(path).forEach((key, index) => {
      if (existing.has(key.key)) return;
      const documentation = key.description ?? (path.length === 1 && path[0] === 'rules' ? RULES_BY_ID.get(key.key)?.summary : undefined);
      const insert = colonFollows ? { insertText: key.key } : this.keyInsert(path, key);
      items.push({
        label: key.key,
        kind: 'key',
        detail: key.title && key.title !== key.key ? key.title : undefined,
        documentation,
        ...insert,
        replace: this.context.replace,
        sortText: `${key.required ? 0 : 1}${String(index).padStart(3, '0')}`,
      });
    });
    return items;
  }

  /** `key: `, or a started block (`key:` + an indented line, or `- `) for collections. */
  private keyInsert(path: NodePath, key: SchemaKey): Pick<CompletionItem, 'insertText' | 'snippet' | 'retrigger'> {
    const valuePath = [...path, key.key];
    const hasValues = (p: NodePath) => idSlotAt(this.kind, p) !== undefined || (schemaView(this.kind)?.enumValues(p).length ?? 0) > 0;
    if (this.context.flow) return { insertText: `${key.key}: `, retrigger: hasValues(valuePath) || undefined };
    const isArray = key.types.includes('array');
    const isObject = key.types.includes('object') && !isArray;
    if (isArray) {
      const itemPath = [...valuePath, 0];
      // depends_on entries are ids, rarely { id, lag } maps.
      const scalarIds = hasValues(itemPath) && (!key.itemTypes.includes('object') || key.key === 'depends_on');
      if (scalarIds) return { insertText: `${key.key}: [$0]`, snippet: true, retrigger: true };
      return { insertText: `${key.key}:\n  - $0`, snippet: true };
    }
    if (isObject) return { insertText: `${key.key}:\n  $0`, snippet: true, retrigger: true };
    return { insertText: `${key.key}: `, retrigger: hasValues(valuePath) || undefined };
  }

  // --- values

  private valueItems(path: NodePath): CompletionItem[] {
    const items: CompletionItem[] = [];
    const replace = this.context.replace;
    const schema = schemaView(this.kind);
    for (const value of schema?.enumValues(path) ?? []) {
      items.push({ label: value, kind: 'enum', replace, documentation: schema?.description(path) });
    }
    if (this.kind === 'glossary' && path.length === 3 && path[0] === 'color_spaces' && path[2] === 'ocio') {
      for (const item of this.ocioItems()) items.push(item);
    }
    const slot = idSlotAt(this.kind, path);
    // Not push(...ids): a production of 200,000 people overflows the stack with the spread.
    if (slot && this.production) for (const item of this.idItems(path, slot)) items.push(item);
    return items;
  }

  /** The names of the production's OCIO config: color spaces first, then aliases, then roles. */
  private ocioItems(): CompletionItem[] {
    const loaded = this.production?.ocio?.loaded;
    if (!loaded || !('config' in loaded)) return [];
    const order = { 'color space': 0, alias: 1, role: 2 };
    return [...loaded.config.byName.values()].map((entry) => {
      const space = entry.colorSpace;
      const detail = entry.kind === 'color space' ? ['OCIO color space', space?.family].filter(Boolean).join(', ') : `OCIO ${entry.kind} of ${space?.name ?? loaded.config.roles.get(entry.name) ?? '?'}`;
      return {
        label: entry.name,
        kind: 'value' as const,
        detail,
        documentation: space?.description === undefined ? undefined : escapeMarkdown(space.description),
        insertText: /[,:#{}[\]&*!|>'"%@`]/.test(entry.name) ? JSON.stringify(entry.name) : entry.name,
        replace: this.context.replace,
        sortText: `${order[entry.kind]}${entry.name.toLowerCase()}`,
      };
    });
  }

  private idItems(path: NodePath, slot: IdSlot): CompletionItem[] {
    const production = this.production!;
    const scopes = this.scopesFor(path, slot);
    const excluded = this.excludedIds(path, slot);
    const byId = production.symbols.get(slot.kind);
    if (!byId) return [];
    const { rank, first } = this.rankFor(path, slot);
    /**
     * The first `limit` ids that may go here and hold `typed` in order, the
     * ones the context ranks first (`first`) before the rest, so that a list
     * cut at the limit still starts with them; `more` when others do too.
     */
    const take = (typed: string): { defs: SymbolDef[]; more: boolean } => {
      // Scoped ids (checklist items, steps) are keyed with their scope, so one id can come twice.
      let seen = scopes || slot.kind === 'checklist-item' || slot.kind === 'step' ? new Set<string>() : undefined;
      const defs: SymbolDef[] = [];
      /** Whether the list is full (`def` then waits for another request). */
      const full = (def: SymbolDef): boolean => {
        if (scopes && (def.scope === undefined || !scopes.includes(def.scope))) return false;
        if (excluded.has(def.id)) return false;
        if (seen) {
          if (seen.has(def.id)) return false;
          seen.add(def.id);
        }
        if (typed !== '' && !holdsInOrder(def.id, typed)) return false;
        if (defs.length === this.limit) return true;
        defs.push(def);
        return false;
      };
      // `first` holds each id once: the ids taken from it are skipped after it, which is only
      // reached when it did not fill the list (then it held fewer than `limit` ids).
      for (const id of first ?? []) {
        const def = byId.get(id)?.[0];
        if (def && full(def)) return { defs, more: true };
      }
      if (first) seen ??= new Set(defs.map((def) => def.id));
      for (const all of byId.values()) if (full(all[0])) return { defs, more: true };
      return { defs, more: false };
    };
    let offered = take('');
    // Past the limit, only ids the editor would show for what is typed count.
    if (offered.more && this.context.prefix !== '') offered = take(this.context.prefix.toLowerCase());
    this.incomplete ||= offered.more;
    const ranks: string[] = [];
    const items = offered.defs.map((def): CompletionItem => {
      // Looked up once for its description and its rank (200 handoffs a request).
      const handoff = slot.kind === 'handoff' ? production.handoff(def.id) : undefined;
      ranks.push(rank(def.id, handoff));
      const { detail, documentation } = this.describeId(def, slot.kind, handoff);
      return new IdItem(def.id, detail, this.context.replace, documentation);
    });
    // The rank alone is the sort text: items of one rank are ordered by their ids. Ranks that are all the
    // same order the items as their ids do: then none is sent (a sixth of the bytes of 200 handoff ids).
    if (ranks.some((r) => r !== ranks[0])) items.forEach((item, index) => (item.sortText = ranks[index]));
    return items;
  }

  /**
   * What the context puts first ('0', the rest '1'): in `depends_on`, the
   * handoffs that deliver to this handoff's `from` department (what it waits
   * for), also listed as `first` so that a list cut at the limit is taken
   * from them before the rest; in `template:`, the templates of the asset
   * types this handoff's `from` department already delivers in its other
   * handoffs.
   */
  private rankFor(path: NodePath, slot: IdSlot): { rank: (id: string, handoff: HandoffSpec | undefined) => string; first?: Iterable<string> } {
    const none = { rank: () => '' };
    const production = this.production;
    if (!production || this.kind !== 'handoff' || path[0] !== 'handoffs' || typeof path[1] !== 'number') return none;
    const entity = valueAt(this.file, path.slice(0, 2));
    const from = isObj(entity) && typeof entity.from === 'string' ? entity.from : undefined;
    if (from === undefined) return none;
    if (slot.kind === 'handoff' && path[2] === 'depends_on') {
      // Thousands of handoffs and a list cut at 200: the ones delivering here are taken first, not found among the first 200.
      return { rank: (_id, handoff) => (handoff?.to === from ? '0' : '1'), first: production.handoffsTo(from) };
    }
    if (slot.kind === 'template' && path[2] === 'template' && path.length === 3) {
      const first = templatesRankedFirst(production, from);
      return first.size === 0 ? none : { rank: (id) => (first.has(id) ? '0' : '1') };
    }
    return none;
  }

  /** For scoped kinds: the templates (checklist items) or the runbook (steps) whose ids may go here. */
  private scopesFor(path: NodePath, slot: IdSlot): string[] | undefined {
    const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : undefined);
    switch (slot.scope) {
      case 'handoff-template': {
        const template = text(valueAt(this.file, [...path.slice(0, 2), 'template']));
        return template === undefined ? [] : [template];
      }
      case 'runbook-templates': {
        const appliesTo = valueAt(this.file, ['applies_to']);
        return Array.isArray(appliesTo) ? appliesTo.flatMap((item) => text(item) ?? []) : [];
      }
      case 'runbook': {
        const runbook = text(valueAt(this.file, ['runbook']));
        return runbook === undefined ? [] : [runbook];
      }
      default:
        return undefined;
    }
  }

  /** Ids that make no sense here: the entry itself (a handoff cannot depend on itself) and ids the list already holds. */
  private excludedIds(path: NodePath, slot: IdSlot): Set<string> {
    const excluded = new Set<string>();
    const index = path[path.length - 1];
    if (typeof index === 'number') {
      const list = valueAt(this.file, path.slice(0, -1));
      if (Array.isArray(list)) {
        list.forEach((item, i) => {
          if (i !== index && (typeof item === 'string' || typeof item === 'number')) excluded.add(String(item));
        });
      }
    }
    if ((slot.kind === 'handoff' && this.kind === 'handoff') || (slot.kind === 'step' && this.kind === 'runbook')) {
      const entity = valueAt(this.file, path.slice(0, 2));
      if (isObj(entity) && (typeof entity.id === 'string' || typeof entity.id === 'number')) excluded.add(String(entity.id));
    }
    return excluded;
  }

  /**
   * An id's detail, and what writes its documentation when it is read (most
   * of 200 are never shown). `handoff`: for a handoff's id, the handoff
   * (looked up by the caller).
   */
  private describeId(def: SymbolDef, kind: SymbolKind, handoff: HandoffSpec | undefined): { detail?: string; documentation?: () => string | undefined } {
    const production = this.production!;
    switch (kind) {
      case 'department': {
        const department = production.department(def.id);
        const lead = department?.lead;
        return { detail: department?.name, documentation: lead ? () => `Lead: ${code(lead)}` : undefined };
      }
      case 'person': {
        const person = production.person(def.id);
        const detail = [person?.name, person?.role].filter(Boolean).join(' · ');
        const department = person?.department;
        return { detail: detail || undefined, documentation: department ? () => `Department: ${code(department)}` : undefined };
      }
      case 'handoff': {
        const detail = handoff?.due ? `due ${handoff.due}` : 'no due date';
        if (!handoff?.title && !handoff?.from && !handoff?.to) return { detail };
        return {
          detail,
          documentation: () => {
            const route = handoff.from || handoff.to ? `${code(handoff.from ?? '?')} → ${code(handoff.to ?? '?')}` : undefined;
            return [handoff.title && escapeMarkdown(handoff.title), route].filter(Boolean).join('\n\n');
          },
        };
      }
      case 'milestone': {
        const milestone = production.milestone(def.id);
        const detail = [milestone?.date, milestone?.title].filter(Boolean).join(' · ');
        return { detail: detail || undefined };
      }
      default:
        return { detail: def.detail ? `${def.detail}` : kindName(kind) };
    }
  }

  // --- naming tokens

  /** Inside a naming pattern after an unclosed `{`: the tokens; undefined anywhere else. */
  private tokenItems(path: NodePath): CompletionItem[] | undefined {
    const chain = this.kind === 'handoff' && holdsChainTokens(path);
    if (!chain && !holdsNamingPattern(this.kind, path)) return undefined;
    const typed = this.context.valueBefore;
    const open = typed.lastIndexOf('{');
    if (open < 0 || typed.indexOf('}', open) >= 0) return undefined;
    const partial = typed.slice(open + 1);
    if (!/^[A-Za-z0-9_-]*$/.test(partial)) return undefined;
    const text = this.file.text;
    const start = this.context.valueStart + open + 1;
    let end = start + partial.length;
    while (end < text.length && /[A-Za-z0-9_-]/.test(text[end])) end++;
    const closed = text[end] === '}' || text[end] === ':';
    const replace = { start, end };
    const items: CompletionItem[] = [];
    const seen = new Set<string>();
    const add = (name: string, detail: string, documentation?: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      items.push({ label: name, kind: 'token', detail, documentation, insertText: closed ? name : `${name}}`, replace, sortText: name });
    };
    if (chain) {
      // A step's text: the tokens its chain's units define (DESIGN §7.7).
      if (this.production) for (const name of chainTokenNames(this.production, this.file.uri, path[1] as number)) add(name, 'unit token');
      return items;
    }
    for (const token of this.production?.namingTokens ?? []) {
      add(token.id, token.pattern ? `glossary: ${token.pattern}` : 'glossary naming token', token.pattern ? `Matches ${code(token.pattern)}` : undefined);
    }
    for (const name of BUILT_IN_NAMING_TOKENS) add(name, 'built-in naming token');
    return items;
  }

  // --- snippets

  /** Snippets for a new item of the list at `listPath` (a new handoff, a new risk). */
  private listSnippets(listPath: NodePath, dashTyped: boolean): CompletionItem[] {
    if (listPath.length !== 1) return [];
    const items: CompletionItem[] = [];
    for (const snippet of Object.values(this.snippets)) {
      const place = SNIPPET_PLACES[snippet.prefix];
      if (!place || place.fileKind !== this.kind || place.list !== listPath[0]) continue;
      let body = snippet.body.join('\n');
      // After a typed `- `, the body's own dash goes; its other lines keep their place under the item.
      if (dashTyped) body = body.replace(/^-[ ]/, '');
      items.push(this.snippetItem(snippet.prefix, snippet.description, body));
    }
    return items;
  }

  /** Snippets for the top of a file that has no id yet (a new template, a new runbook). */
  private rootSnippets(path: NodePath): CompletionItem[] {
    if (path.length !== 0 || this.context.flow) return [];
    const items: CompletionItem[] = [];
    for (const snippet of Object.values(this.snippets)) {
      const place = SNIPPET_PLACES[snippet.prefix];
      if (!place || place.fileKind !== this.kind || !place.idKey || this.context.existingKeys.includes(place.idKey)) continue;
      items.push(this.snippetItem(snippet.prefix, snippet.description, snippet.body.join('\n')));
    }
    return items;
  }

  /**
   * `${3:delivering-department}` → `${3|fx,comp|}`: the production's ids as a
   * choice, so the inserted text checks clean; `start:` and `due:` dated from
   * the next working day, `reviewed:` today.
   */
  private withChoices(body: string): string {
    const production = this.production;
    if (!production) return body;
    const withIds = body.replace(/\$\{(\d+):([a-z-]+)\}/g, (whole, index: string, name: string) => {
      const kind = PLACEHOLDER_KINDS[name];
      let ids = kind ? production.ids(kind).filter((id) => /^[A-Za-z0-9_-]+$/.test(id)).slice(0, 50) : [];
      // The receiving department's first choice is not the delivering one's: the snippet as inserted hands off between two.
      if (name === 'receiving-department' && ids.length > 1) ids = [...ids.slice(1), ids[0]];
      return ids.length > 0 ? `\${${index}|${ids.join(',')}|}` : whole;
    });
    // Asked only here: most requests offer no snippet.
    const today = typeof this.today === 'function' ? this.today() : this.today;
    if (today === undefined) return withIds;
    // The production calendar: the department is not chosen yet when the snippet goes in.
    const calendar = production.calendar;
    const start = calendar.after(today);
    const dates: Record<string, number> = { start, due: calendar.addWorkingDays(start, SNIPPET_WORKING_DAYS - 1), reviewed: today };
    return withIds.replace(/^(\s*(?:- )?)([a-z_]+): \$\{(\d+):YYYY-MM-DD\}/gm, (whole, indent: string, key: string, index: string) =>
      `${indent}${key}: \${${index}:${formatDate(dates[key] ?? start)}}`,
    );
  }

  private snippetItem(prefix: string, description: string, text: string): CompletionItem {
    const body = this.withChoices(text);
    return {
      label: prefix,
      kind: 'snippet',
      detail: description,
      documentation: ['```yaml', snippetPreview(body), '```'].join('\n'),
      insertText: body,
      snippet: true,
      replace: this.context.replace,
      sortText: `0${prefix}`,
    };
  }
}

/** A new handoff's working days in the snippet: a working week, from the next working day. */
const SNIPPET_WORKING_DAYS = 5;

/** Snippet placeholders that name a kind of id: offered as a choice of the production's ids. */
const PLACEHOLDER_KINDS: Record<string, SymbolKind> = {
  'delivering-department': 'department',
  'receiving-department': 'department',
  template: 'template',
  'accountable-person': 'person',
  'point-of-contact': 'person',
  person: 'person',
  handoff: 'handoff',
};

/** A snippet as the text it inserts with its defaults: placeholders by their text, choices by their first option. */
export function snippetPreview(body: string): string {
  let out = '';
  let i = 0;
  const readUntil = (stops: string): string => {
    let text = '';
    while (i < body.length && !stops.includes(body[i])) {
      if (body[i] === '\\' && i + 1 < body.length) {
        text += body[i + 1];
        i += 2;
      } else if (body[i] === '$') {
        text += readDollar();
      } else {
        text += body[i++];
      }
    }
    return text;
  };
  const readDollar = (): string => {
    i++; // '$'
    if (/[0-9]/.test(body[i] ?? '')) {
      while (/[0-9]/.test(body[i] ?? '')) i++;
      return '';
    }
    if (body[i] !== '{') return '$';
    i++; // '{'
    while (/[0-9A-Za-z_]/.test(body[i] ?? '')) i++;
    let text = '';
    if (body[i] === ':') {
      i++;
      text = readUntil('}');
    } else if (body[i] === '|') {
      i++;
      text = readUntil(',|');
      readUntil('}');
    }
    if (body[i] === '}') i++;
    return text;
  };
  while (i < body.length) out += readUntil('');
  return out.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
}
