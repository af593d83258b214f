// Hover: a reference shows what it points at; a handoff id shows its schedule
// (start, due, ready, slack, critical path), status and risk; a date shows its
// weekday and whether the production works that day; a key shows what the
// schema says it means. Markdown, with every text from a spec escaped.
import { formatDate, parseDate, WorkCalendar, weekdayName, weekdayOf } from '../calendar';
import { BUILT_IN_NAMING_TOKENS } from '../naming';
import { resolveOcioName } from '../ocio';
import type { ProductionModel } from '../production';
import { RULES_BY_ID } from '../rules';
import type { FileEntities } from '../specs';
import type { FileKind, NodePath, Span, SymbolDef } from '../types';
import type { Workspace } from '../workspace';
import { chainStepAt, stepHover } from './chainSteps';
import { kindName } from './idSlots';
import { innerSpan, locate, type NodeAt } from './locate';
import { code, escapeMarkdown, lineLink } from './markdown';
import { schemaView } from './schemaLookup';
import { namingTokenAt } from './usages';
import { plural } from '../words';

export interface Hover {
  /** Markdown. */
  contents: string;
  span: Span;
}

/**
 * @param loading while the workspace is still being read, what to say about
 *   it ("3,000 spec files still to read"): a schedule worked out from part of
 *   the files would be wrong, and an id not found may be in a file not read yet
 */
export function hover(workspace: Workspace, uri: string, offset: number, loading?: string): Hover | undefined {
  const located = locate(workspace, uri, offset);
  if (!located) return undefined;
  const { file, production, reference, symbol, node } = located;
  if (reference && production) {
    const definition = production.resolve(reference);
    if (!definition) {
      // A checklist item of a template that is not defined cannot be looked up at all: say that, as the
      // diagnostic does, rather than that the item is not defined (it may well be, in the intended template).
      const scopes = reference.scopes ?? [];
      if (!loading && reference.kind === 'checklist-item' && scopes.every((scope) => production.lookup('template', scope) === undefined)) {
        const why = scopes.length === 0 ? 'no template is given to look it up in' : `template ${scopes.map(code).join(', ')} is not defined; fix the template first`;
        return { contents: `Checklist item ${code(reference.id)} cannot be looked up: ${why}.`, span: reference.span };
      }
      const contents = loading
        ? `${capitalised(kindName(reference.kind))} ${code(reference.id)} is not in the files read so far (${loading}).`
        : `Unknown ${kindName(reference.kind)} ${code(reference.id)}: nothing of that id is defined in this production.`;
      return { contents, span: reference.span };
    }
    const body = definition.kind === 'handoff' ? handoffHover(production, definition.id, loading) : entityHover(production, definition, loading);
    return { contents: `${body}\n\n${whereDefined(production, definition)}`, span: reference.span };
  }
  if (symbol && production) {
    const body = symbol.kind === 'handoff' ? handoffHover(production, symbol.id, loading) : entityHover(production, symbol, loading);
    return { contents: body, span: symbol.span };
  }
  if (production && !loading && file.parsed.kind === 'handoff') {
    const step = chainStepAt(production, uri, offset);
    if (step) return { contents: stepHover(production, step), span: innerSpan(file.parsed.text, step.span) };
  }
  const token = namingTokenAt(file.parsed, offset);
  if (token) return { contents: tokenHover(production, token.name), span: token.span };
  if (!node) return undefined;
  if (file.parsed.kind === 'glossary' && node.part === 'value' && node.path.length === 3 && node.path[0] === 'color_spaces' && node.path[2] === 'ocio' && typeof node.value === 'string') {
    return { contents: ocioHover(production, node.value), span: node.span };
  }
  const date = dateAt(file.parsed.text, node, offset);
  if (date) return { contents: dateHover(production, date.text, calendarsAt(production, file.entities, node.path)), span: date.span };
  if (node.part === 'value' && (typeof node.value === 'string' || typeof node.value === 'boolean')) {
    const contents = enumHover(file.parsed.kind, node.path, String(node.value));
    if (contents) return { contents, span: node.span };
  }
  if (node.part === 'key') {
    const contents = keyHover(file.parsed.kind, node);
    return contents ? { contents, span: node.span } : undefined;
  }
  return undefined;
}

// --- handoffs

function handoffHover(production: ProductionModel, id: string, loading: string | undefined): string {
  const handoff = production.handoff(id);
  if (!handoff) return `Handoff ${code(id)}`;
  const scheduled = loading ? undefined : production.schedule.handoffs.get(id);
  const lines: string[] = [];
  lines.push(`**Handoff** ${code(id)}${handoff.title ? `: ${escapeMarkdown(handoff.title)}` : ''}`);
  const department = (departmentId: string | undefined) => {
    if (departmentId === undefined) return '?';
    const name = production.department(departmentId)?.name;
    return name ? `${escapeMarkdown(name)} (${code(departmentId)})` : code(departmentId);
  };
  lines.push(`${department(handoff.from)} → ${department(handoff.to)}`);
  const facts: string[] = [];
  const day = (value: number | undefined) => (value === undefined ? 'not set' : `${weekdayName(value)} ${formatDate(value)}`);
  if (scheduled) {
    const startNote = handoff.start === undefined && handoff.work !== undefined ? ` (${handoff.work} working days of work)` : '';
    facts.push(`start: ${day(scheduled.start)}${startNote}`);
    facts.push(`due: ${day(scheduled.due)}`);
    const review = scheduled.bufferDays === 0 ? 'no review buffer' : `after ${plural(scheduled.bufferDays, 'working day')} of review`;
    facts.push(`ready: ${day(scheduled.ready)}${scheduled.ready === undefined ? '' : ` (${review})`}`);
    if (scheduled.slack !== undefined) {
      facts.push(scheduled.slack < 0 ? `slack: ${plural(scheduled.slack, 'working day')} (late)` : `slack: ${plural(scheduled.slack, 'working day')}`);
    } else {
      facts.push('slack: unknown (no due date)');
    }
    facts.push(scheduled.critical ? '**on the critical path**' : 'not on the critical path');
  } else if (loading) {
    facts.push(`schedule: once the workspace is read (${loading})`);
  }
  facts.push(`status: ${handoff.status ? code(handoff.status) : 'not set'}`);
  facts.push(`risk: ${handoff.riskLevel ? code(handoff.riskLevel) : 'not set'}`);
  if (handoff.feeds) {
    const milestone = production.milestone(handoff.feeds);
    facts.push(`feeds: ${code(handoff.feeds)}${milestone?.date ? ` (${escapeMarkdown(milestone.date)})` : ''}`);
  }
  return `${lines.join('\n\n')}\n\n${facts.map((fact) => `- ${fact}`).join('\n')}`;
}


// --- other definitions

function entityHover(production: ProductionModel, def: SymbolDef, loading: string | undefined): string {
  const heading = `**${capitalised(kindName(def.kind))}** ${code(def.id)}`;
  const facts = entityFacts(production, def, loading);
  const parts = [heading];
  if (facts.length > 0) parts.push(facts.map((fact) => `- ${fact}`).join('\n'));
  else if (def.detail) parts.push(escapeMarkdown(def.detail));
  return parts.join('\n\n');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fact(label: string, value: string | undefined): string[] {
  return value === undefined || value === '' ? [] : [`${label}: ${escapeMarkdown(value)}`];
}

function ids(label: string, values: readonly string[]): string[] {
  return values.length === 0 ? [] : [`${label}: ${values.map(code).join(', ')}`];
}

/** The post-mortem actions that change a template or runbook (`updates:`), one fact each: "changed by pm-x: …". */
function postmortemActions(production: ProductionModel, id: string): string[] {
  const facts: string[] = [];
  for (const postmortem of production.postmortems) {
    for (const action of postmortem.actions) {
      if (action.updates !== id) continue;
      const state = action.done === true ? 'done' : action.due === undefined ? 'open' : `open, due ${action.due}`;
      facts.push(`changed by post-mortem ${code(postmortem.id)}: ${escapeMarkdown(action.do ?? 'an action')} (${state}${action.owner ? `, ${action.owner}` : ''})`);
    }
  }
  return facts;
}

function entityFacts(production: ProductionModel, def: SymbolDef, loading: string | undefined): string[] {
  const id = def.id;
  switch (def.kind) {
    case 'production':
      return fact('title', production.production?.title);
    case 'department': {
      const department = production.department(id);
      if (!department) return [];
      const lead = department.lead ? production.person(department.lead) : undefined;
      return [...fact('name', department.name), ...(department.lead ? [`lead: ${lead?.name ? `${escapeMarkdown(lead.name)} ` : ''}(${code(department.lead)})`] : []), ...fact('channel', department.channel)];
    }
    case 'person': {
      const person = production.person(id);
      if (!person) return [];
      return [...fact('name', person.name), ...fact('role', person.role), ...(person.department ? [`department: ${code(person.department)}`] : []), ...fact('email', person.email)];
    }
    case 'milestone': {
      const milestone = production.milestone(id);
      if (!milestone) return [];
      const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
      const slack = loading ? undefined : production.schedule.milestoneSlack.get(id);
      const scheduled = loading ? undefined : production.schedule.milestones.find((entry) => entry.id === id);
      const chain: string[] = [];
      if (scheduled?.lateUpstream !== undefined) chain.push(`slack not given: ${code(scheduled.lateUpstream)} starts before its upstream is ready`);
      if (scheduled && scheduled.chain.length > 0) {
        // Upstream first, as `handoff check` prints it.
        chain.push(`critical chain (${plural(scheduled.chain.length, 'handoff')}): ${scheduled.chain.map((handoff) => code(handoff)).join(' → ')}`);
        if (scheduled.ready !== undefined) chain.push(`last feeder ready: ${weekdayName(scheduled.ready)} ${formatDate(scheduled.ready)}`);
      }
      return [
        ...fact('title', milestone.title),
        ...(day === undefined ? fact('date', milestone.date) : [`date: ${weekdayName(day)} ${formatDate(day)}`]),
        ...(slack === undefined ? [] : [slack < 0 ? `late by ${plural(-slack, 'working day')}` : `slack: ${plural(slack, 'working day')}`]),
        ...chain,
      ];
    }
    case 'template': {
      const template = production.template(id);
      if (!template) return [];
      return [
        ...(template.assetType ? [`asset type: ${code(template.assetType)}`] : []),
        ...(template.format ? [`format: ${code(template.format)}`] : []),
        ...(template.colorSpace ? [`color space: ${code(template.colorSpace)}`] : []),
        ...(template.naming ? [`naming: ${code(template.naming)}`] : []),
        ...(template.checklist.length ? [`checklist: ${plural(template.checklist.length, 'item')}`] : []),
        ...postmortemActions(production, id),
      ];
    }
    case 'format': {
      const format = production.format(id);
      if (!format) return [];
      return [...ids('extensions', format.extensions), ...ids('color spaces', format.colorSpaces)];
    }
    case 'asset-type': {
      const assetType = production.assetType(id);
      if (!assetType) return [];
      return [...fact('description', assetType.description), ...ids('formats', assetType.formats), ...ids('metadata', assetType.metadata)];
    }
    case 'color-space':
      return fact('name', production.colorSpaces.find((entry) => entry.id === id)?.name);
    case 'metadata': {
      const field = production.metadata.find((entry) => entry.id === id);
      return [...fact('type', field?.type), ...(field?.pattern ? [`pattern: ${code(field.pattern)}`] : [])];
    }
    case 'naming-token': {
      const token = production.namingTokens.find((entry) => entry.id === id);
      return token?.pattern ? [`pattern: ${code(token.pattern)}`] : [];
    }
    case 'checklist-item': {
      const item = def.scope === undefined ? undefined : production.template(def.scope)?.checklist.find((entry) => entry.id === id);
      return [...fact('check', item?.check), ...(item?.verify ? [`verifies: ${code(item.verify)}`] : []), ...(def.scope ? [`template: ${code(def.scope)}`] : [])];
    }
    case 'step': {
      const step = def.scope === undefined ? undefined : production.runbook(def.scope)?.steps.find((entry) => entry.id === id);
      return [...fact('do', step?.do), ...ids('after', step?.after ?? []), ...(def.scope ? [`runbook: ${code(def.scope)}`] : [])];
    }
    case 'runbook': {
      const runbook = production.runbook(id);
      return [...fact('title', runbook?.title), ...ids('applies to', runbook?.appliesTo ?? []), ...postmortemActions(production, id)];
    }
    case 'risk': {
      const risk = production.risks.find((entry) => entry.id === id);
      if (!risk) return [];
      return [
        ...fact('description', risk.description),
        ...(risk.likelihood || risk.impact ? [`likelihood ${code(risk.likelihood ?? '?')}, impact ${code(risk.impact ?? '?')}`] : []),
        ...(risk.status ? [`status: ${code(risk.status)}`] : []),
        ...(risk.handoffs.length > 0 ? ids(risk.handoffs.length === 1 ? 'handoff' : 'handoffs', risk.handoffs) : []),
        ...(risk.exposureDays !== undefined ? [`exposure: ${risk.exposureDays} working day${risk.exposureDays === 1 ? '' : 's'}`] : []),
        ...fact('contingency', risk.contingency?.plan),
      ];
    }
    default:
      return [];
  }
}

function whereDefined(production: ProductionModel, def: SymbolDef): string {
  const file = production.file(def.uri);
  const line = file ? file.parsed.lines.positionAt(def.span.start).line + 1 : 1;
  return `Defined in ${lineLink(def.uri, line)}`;
}

// --- naming tokens

function tokenHover(production: ProductionModel | undefined, name: string): string {
  const def = production?.lookup('naming-token', name);
  if (production && def) {
    const pattern = def.detail ? `: matches ${code(def.detail)}` : '';
    return `**Naming token** ${code(name)}${pattern}\n\n${whereDefined(production, def)}`;
  }
  if (BUILT_IN_NAMING_TOKENS.includes(name)) return `**Naming token** ${code(name)}: built in`;
  return `Unknown naming token ${code(name)}: add it under ${code('naming_tokens:')} in the glossary, or use a built-in token (${BUILT_IN_NAMING_TOKENS.map(code).join(', ')}).`;
}

// --- dates

const DATE_WORD = /\d{4}-\d{2}-\d{2}/g;

/** The ISO date written at the offset, inside a scalar value. */
function dateAt(text: string, node: NodeAt, offset: number): { text: string; span: Span } | undefined {
  if (node.part !== 'value' || (typeof node.value !== 'string' && typeof node.value !== 'number')) return undefined;
  const raw = text.slice(node.span.start, node.span.end);
  for (const match of raw.matchAll(DATE_WORD)) {
    const start = node.span.start + match.index!;
    const end = start + match[0].length;
    if (start <= offset && offset <= end) return { text: match[0], span: { start, end } };
  }
  return undefined;
}

/**
 * The calendars a date at a path is read in: a handoff's dates in its `from`
 * and `to` departments' calendars, a named calendar's in that calendar, any
 * other date in the production calendar and every calendar a department works by.
 */
function calendarsAt(production: ProductionModel | undefined, entities: FileEntities, path: NodePath): WorkCalendar[] {
  if (!production) return [new WorkCalendar()];
  const { calendars } = production;
  const handoff = path[0] === 'handoffs' && typeof path[1] === 'number' ? entities.handoffs.find((entry) => entry.path[1] === path[1]) : undefined;
  if (handoff) return unique([calendars.forDepartment(handoff.from), calendars.forDepartment(handoff.to)]);
  if (path[0] === 'calendars' && typeof path[1] === 'number') {
    const id = entities.production?.calendars.find((entry) => entry.path[1] === path[1])?.id;
    const named = id === undefined ? undefined : calendars.named.get(id);
    if (named) return [named];
  }
  return unique([calendars.production, ...production.departments.map((department) => calendars.forDepartment(department.id))]);
}

/** Holiday names and region codes as they read ('GB-ENG', 'Christmas Day (substitute day)'); anything else escaped. */
function plainText(text: string): string {
  return /^[\p{L}\p{N} ,.'’()-]+$/u.test(text) ? text : escapeMarkdown(text);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function dateHover(production: ProductionModel | undefined, iso: string, calendars: WorkCalendar[]): string {
  const day = parseDate(iso);
  if (day === undefined) return `${code(iso)} is not a real calendar date.`;
  const calendar = calendars[0] ?? production?.calendar ?? new WorkCalendar();
  const heading = `**${weekdayName(day)}** ${formatDate(day)}`;
  if (calendars.length > 1) {
    // Whose working day it is, each calendar named: "Good Friday in GB-ENG; a working day in CA-BC".
    const parts = calendars.map((each) => {
      const reason = each.dayOffReason(day);
      const what = reason === undefined ? 'a working day' : reason === weekdayName(day) ? 'weekend' : reason;
      return `${plainText(what)} in ${plainText(each.label ?? 'the production calendar')}`;
    });
    return `${heading}: ${parts.join('; ')}`;
  }
  if (calendar.isWorkingDay(day)) return `${heading}: a working day`;
  const reason = calendar.dayOffReason(day);
  const why = calendar.workdays.includes(weekdayOf(day)) ? (reason && reason !== 'holiday' ? `holiday: ${plainText(reason)}` : 'holiday') : 'weekend';
  const next = calendar.onOrAfter(day);
  return `${heading}: not a working day (${why}). Next working day: ${weekdayName(next)} ${formatDate(next)}.`;
}

// --- OCIO names

/** What an `ocio:` name is in the production's config: its kind, family, encoding and aliases. */
function ocioHover(production: ProductionModel | undefined, name: string): string {
  const state = production?.ocio;
  if (!state) return `OCIO name ${code(name)}: the production names no OCIO config (\`ocio:\` in the production file).`;
  const loaded = state.loaded;
  if (!loaded) return `OCIO name ${code(name)}: the OCIO config has not been read yet.`;
  if ('problem' in loaded) return `OCIO name ${code(name)}: the OCIO config cannot be used (${escapeMarkdown(loaded.problem)}).`;
  const found = resolveOcioName(loaded.config, name);
  if (!found) return `OCIO name ${code(name)} is not a color space, alias or role of the config.`;
  const space = found.colorSpace;
  const lines: string[] = [];
  if (found.kind === 'color space') lines.push(`**OCIO color space** ${code(found.name)}${space?.display ? ' (display)' : ''}`);
  else if (found.kind === 'alias') lines.push(`**OCIO alias** ${code(found.name)} of ${code(space?.name ?? '?')}`);
  else lines.push(`**OCIO role** ${code(found.name)}: ${code(loaded.config.roles.get(found.name) ?? '?')}`);
  if (space) {
    lines.push(`family: ${space.family === undefined ? '—' : escapeMarkdown(space.family)}`);
    lines.push(`encoding: ${space.encoding === undefined ? '—' : escapeMarkdown(space.encoding)}`);
    lines.push(`aliases: ${space.aliases.length === 0 ? '—' : space.aliases.map(code).join(', ')}`);
  }
  return lines.join('\n\n');
}

// --- enum values

/** `status: planned`: what the value means, and the other values the key takes. */
function enumHover(kind: FileKind, path: NodePath, value: string): string | undefined {
  const schema = schemaView(kind);
  const values = schema?.enumValues(path) ?? [];
  if (!values.includes(value) || values.length < 2) return undefined;
  const described = schema!.enumDescriptions(path);
  const key = [...path].reverse().find((part): part is string => typeof part === 'string') ?? '';
  const title = schema!.keys(path.slice(0, -1)).find((entry) => entry.key === key)?.title ?? key;
  const meaning = described.get(value);
  const others = values.filter((other) => other !== value).map((other) => {
    const text = described.get(other);
    return `- ${code(other)}${text ? `: ${text}` : ''}`;
  });
  // Schema text is ours, written as markdown-safe prose.
  return [`${code(value)} (${escapeMarkdown(title)})${meaning ? `: ${meaning}` : ''}`, `Other values:\n${others.join('\n')}`].join('\n\n');
}

// --- keys

function keyHover(kind: FileKind, node: NodeAt): string | undefined {
  const path = node.path;
  const key = String(path[path.length - 1]);
  if (kind === 'production' && path.length === 2 && path[0] === 'rules') {
    const rule = RULES_BY_ID.get(key);
    if (rule) return `**Rule** ${code(key)} (default: ${rule.defaultSeverity})\n\n${rule.summary}`;
  }
  const schema = schemaView(kind);
  const description = schema?.description(path);
  if (!description) return undefined;
  const keys = schema!.keys(path.slice(0, -1));
  const title = keys.find((entry) => entry.key === key)?.title;
  const heading = title && title !== key ? `**${escapeMarkdown(title)}** (${code(key)})` : `**${code(key)}**`;
  // Schema text is ours, written as markdown-safe prose.
  return `${heading}\n\n${description}`;
}
