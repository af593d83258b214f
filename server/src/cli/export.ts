// `handoff export [dir] --to shotgrid|kitsu|ftrack|ics|csv`: files a user
// imports into the studio's tracker or calendar without credentials. Each
// tracker file uses the column names of that tracker's CSV importer (README,
// "Export"); where an importer cannot take task dependencies, a second file
// `<name>-dependencies.csv` lists them.
import ical from 'ical-generator';
import * as path from 'node:path';
import { Analysis, closest, parseDate, type ExportModel, type ExportPerson, type ExportTask } from '../core/facade';
import type { Command } from './command';
import { stringFlag } from './flags';
import { loadFolder } from './load';
import { writeOutput } from './output';
import { csvCell } from './report';
import { UsageError } from './usage';

export const EXPORT_TARGETS = ['shotgrid', 'kitsu', 'ftrack', 'ics', 'csv'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

const DEFAULT_OUT: Record<ExportTarget, string> = {
  shotgrid: 'shotgrid-tasks.csv',
  kitsu: 'kitsu-shots.csv',
  ftrack: 'ftrack-tasks.csv',
  ics: 'handoffs.ics',
  csv: 'handoffs.csv',
};

export const exportCommand: Command = {
  name: 'export',
  usage: [
    'export [dir]    Tracker task CSVs (ShotGrid, Kitsu, ftrack), a plain CSV or an iCalendar of the schedule',
    '--to shotgrid|kitsu|ftrack|ics|csv  what to write',
    '--out <file>               the file to write (default: e.g. shotgrid-tasks.csv; - for stdout)',
    '--per-department           ics: one calendar per department, <name>-<department>.ics',
    '--production <id>          which production, when dir holds several',
  ],
  flags: { to: { type: 'string' }, out: { type: 'string' }, 'per-department': { type: 'boolean' }, production: { type: 'string' } },
  maxPositionals: 1,
  run: (context) => {
    const target = stringFlag(context.flags.to);
    if (target === undefined) throw new UsageError(`export needs --to; use one of ${EXPORT_TARGETS.join(', ')}`);
    if (!isTarget(target)) {
      const suggestion = closest(target, [...EXPORT_TARGETS]);
      throw new UsageError(`unknown --to '${target}'; ${suggestion ? `did you mean '${suggestion}'? Targets: ` : 'use one of '}${EXPORT_TARGETS.join(', ')}`);
    }
    if (parseDate(context.today) === undefined) throw new UsageError(`--today '${context.today}' is not a date; write it as YYYY-MM-DD`);
    const perDepartment = context.flags['per-department'] === true;
    if (perDepartment && target !== 'ics') throw new UsageError('--per-department applies to --to ics only');
    const out = stringFlag(context.flags.out) ?? DEFAULT_OUT[target];
    const dir = context.positionals[0] ?? '.';
    const { workspace, unreadable } = loadFolder(dir, context.progress);
    for (const entry of unreadable) context.progress(`Skipped ${entry.path}: ${entry.reason}.`);
    const analysis = new Analysis(workspace, { today: context.today });
    let productions = analysis.governedProductions();
    if (productions.length === 0) throw new UsageError(`no *.production.yaml under '${dir}'; export needs a production's calendar`);
    const wanted = stringFlag(context.flags.production);
    if (wanted !== undefined) {
      const ids = productions.map((production) => production.production!.id);
      productions = productions.filter((production) => production.production!.id === wanted);
      if (productions.length === 0) throw new UsageError(`no production '${wanted}' under '${dir}'; it holds ${ids.join(', ')}`);
    }
    if (productions.length > 1) {
      throw new UsageError(`'${dir}' holds several productions (${productions.map((production) => production.production!.id).join(', ')}); pick one with --production`);
    }
    const model = analysis.exportTasks(productions[0]);
    const files = exportFiles(model, target, { stamp: context.today, perDepartment });
    const [main, ...others] = files;
    if (out === '-' && others.length > 0) {
      throw new UsageError(`--to ${target}${perDepartment ? ' --per-department' : ''} writes ${files.length} files; give --out a file name`);
    }
    writeOutput(main.text, out, context);
    for (const other of others) writeOutput(other.text, siblingName(out, other.suffix), context);
    return 0;
  },
};

function isTarget(value: string): value is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(value);
}

/** `shotgrid-tasks.csv` + `-dependencies` → `shotgrid-tasks-dependencies.csv`. */
export function siblingName(file: string, suffix: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, file.length - ext.length)}-${suffix}${ext}`;
}

export interface ExportFile {
  /** Empty for the main file; else what is appended to its name. */
  suffix: string;
  text: string;
}

export function exportFiles(model: ExportModel, target: ExportTarget, options: { stamp: string; perDepartment: boolean }): ExportFile[] {
  switch (target) {
    case 'shotgrid':
      return [
        { suffix: '', text: csv(SHOTGRID_COLUMNS, model.tasks.map(shotgridRow)) },
        { suffix: 'dependencies', text: csv(['Task Name', 'Link', 'Upstream Task Name', 'Upstream Link'], dependencies(model).map(([task, upstream]) => [task, '', upstream, ''])) },
      ];
    case 'ftrack':
      return [
        { suffix: '', text: csv(FTRACK_COLUMNS, model.tasks.map((task) => ftrackRow(model, task))) },
        { suffix: 'dependencies', text: csv(['Name', 'Parent', 'Depends on', 'Depends on parent'], dependencies(model).map(([task, upstream]) => [task, model.production, upstream, model.production])) },
      ];
    case 'kitsu':
      return kitsuFiles(model);
    case 'csv':
      return [{ suffix: '', text: csv(PLAIN_COLUMNS, model.tasks.map(plainRow)) }];
    case 'ics':
      return icsFiles(model, options);
  }
}

function csv(headings: readonly string[], rows: readonly string[][]): string {
  return `${[headings, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function dependencies(model: ExportModel): [string, string][] {
  return model.tasks.flatMap((task) => task.upstream.map((upstream): [string, string] => [task.id, upstream]));
}

const personName = (person: ExportPerson | undefined) => (person === undefined ? '' : (person.name ?? person.id));
const departmentName = (id: string, name: string | undefined) => name ?? id;

/** What the task is, for a tracker's description field. */
function description(task: ExportTask): string {
  const parts = [`${task.title ?? task.id}: ${task.from} → ${task.to}`];
  if (task.ready !== undefined) parts.push(`ready ${task.ready}`);
  if (task.status === 'rejected') parts.push('rejected, to redeliver');
  if (task.status === 'blocked') parts.push('blocked');
  if (task.doneWhen.length > 0) parts.push(`done when: ${task.doneWhen.join('; ')}`);
  return parts.join('. ');
}

// Flow Production Tracking (ShotGrid) task status codes of the default task status list.
const SHOTGRID_STATUS: Record<string, string> = { planned: 'wtg', in_progress: 'ip', submitted: 'rev', accepted: 'fin', rejected: 'ip', blocked: 'hld' };
const SHOTGRID_COLUMNS = ['Task Name', 'Link', 'Pipeline Step', 'Assigned To', 'Start Date', 'Due Date', 'Status', 'Description'];

function shotgridRow(task: ExportTask): string[] {
  return [task.id, '', departmentName(task.from, task.fromName), personName(task.assignee), task.start ?? '', task.due ?? '', SHOTGRID_STATUS[task.status] ?? 'wtg', description(task)];
}

// ftrack Studio's default task statuses.
const FTRACK_STATUS: Record<string, string> = { planned: 'Not started', in_progress: 'In progress', submitted: 'Pending review', accepted: 'Approved', rejected: 'In progress', blocked: 'On hold' };
const FTRACK_COLUMNS = ['Name', 'Object type', 'Parent', 'Type', 'Status', 'Assignees', 'Start date', 'Due date', 'Description'];

function ftrackRow(model: ExportModel, task: ExportTask): string[] {
  const assignee = task.assignee?.email ?? task.assignee?.id ?? '';
  return [task.id, 'Task', model.production, departmentName(task.from, task.fromName), FTRACK_STATUS[task.status] ?? 'Not started', assignee, task.start ?? '', task.due ?? '', description(task)];
}

// Kitsu's default task status short names.
const KITSU_STATUS: Record<string, string> = { planned: 'todo', in_progress: 'wip', submitted: 'wfa', accepted: 'done', rejected: 'retake', blocked: 'todo' };

/**
 * Kitsu imports shots, one row per shot with one status column per task type
 * (plus `<type> Assignations` and `<type> comment`); its CSV takes no dates and
 * no links, so the dates go into the comment and the schedule file lists them.
 */
function kitsuFiles(model: ExportModel): ExportFile[] {
  const types: string[] = [];
  for (const task of model.tasks) {
    const type = departmentName(task.from, task.fromName);
    if (!types.includes(type)) types.push(type);
  }
  const headings = ['Sequence', 'Name', 'Description', ...types.flatMap((type) => [type, `${type} Assignations`, `${type} comment`])];
  const rows = model.tasks.map((task) => {
    const type = departmentName(task.from, task.fromName);
    const cells = [model.production, task.id, task.title ?? ''];
    for (const other of types) {
      if (other !== type) cells.push('', '', '');
      else {
        const when = [task.start && `start ${task.start}`, task.due && `due ${task.due}`].filter(Boolean).join(', ');
        cells.push(KITSU_STATUS[task.status] ?? 'todo', task.assignee?.email ?? personName(task.assignee), when);
      }
    }
    return cells;
  });
  return [
    { suffix: '', text: csv(headings, rows) },
    { suffix: 'dependencies', text: csv(['Sequence', 'Name', 'Task Type', 'Start date', 'Due date', 'Depends on'], model.tasks.map((task) => [model.production, task.id, departmentName(task.from, task.fromName), task.start ?? '', task.due ?? '', task.upstream.join(' ')])) },
  ];
}

const PLAIN_COLUMNS = ['handoff', 'title', 'from', 'to', 'assignee', 'owner', 'start', 'due', 'ready', 'status', 'critical', 'late', 'at_risk', 'feeds', 'depends_on'];

function plainRow(task: ExportTask): string[] {
  return [
    task.id,
    task.title ?? '',
    task.from,
    task.to,
    task.assignee?.id ?? '',
    task.owner?.id ?? '',
    task.start ?? '',
    task.due ?? '',
    task.ready ?? '',
    task.status,
    String(task.critical),
    String(task.late),
    String(task.atRisk),
    task.feeds ?? '',
    task.upstream.join(' '),
  ];
}

const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);
const nextDay = (iso: string) => new Date(dayOf(iso).getTime() + 86_400_000);

/** All-day events: each handoff's due day and review end, and each milestone; one calendar, or one per department. */
function icsFiles(model: ExportModel, options: { stamp: string; perDepartment: boolean }): ExportFile[] {
  const name = model.title ?? model.production;
  const build = (title: string, tasks: readonly ExportTask[]): string => {
    const calendar = ical({ name: title, prodId: { company: 'handoff-specs', product: 'handoff', language: 'EN' } });
    const stamp = dayOf(options.stamp);
    for (const task of tasks) {
      const who = [task.assignee && `contact ${personName(task.assignee)}`, task.owner && `owner ${personName(task.owner)}`].filter(Boolean).join(', ');
      const text = [description(task), who].filter(Boolean).join('\n');
      if (task.due !== undefined) {
        calendar.createEvent({
          id: `${task.id}-due@${model.production}.handoff`,
          start: dayOf(task.due),
          end: nextDay(task.due),
          allDay: true,
          stamp,
          summary: `Due: ${task.title ?? task.id} (${task.from} → ${task.to})`,
          description: text,
          categories: [{ name: 'due' }],
        });
      }
      if (task.ready !== undefined && task.ready !== task.due) {
        calendar.createEvent({
          id: `${task.id}-review@${model.production}.handoff`,
          start: dayOf(task.ready),
          end: nextDay(task.ready),
          allDay: true,
          stamp,
          summary: `Review ends: ${task.title ?? task.id} (${task.to})`,
          description: text,
          categories: [{ name: 'review' }],
        });
      }
    }
    for (const milestone of model.milestones) {
      calendar.createEvent({
        id: `${milestone.id}-milestone@${model.production}.handoff`,
        start: dayOf(milestone.date),
        end: nextDay(milestone.date),
        allDay: true,
        stamp,
        summary: `Milestone: ${milestone.title ?? milestone.id}`,
        categories: [{ name: 'milestone' }],
      });
    }
    // RFC 5545 lines end in CRLF, the last one too.
    return `${calendar.toString()}\r\n`;
  };
  if (!options.perDepartment) return [{ suffix: '', text: build(name, model.tasks) }];
  const files = model.departments.map((department) => ({
    suffix: department.id.replace(/[^A-Za-z0-9_.-]/g, '_'),
    text: build(`${name} — ${department.name ?? department.id}`, model.tasks.filter((task) => task.from === department.id || task.to === department.id)),
  }));
  // The main file is the whole production; each department's calendar sits beside it.
  return [{ suffix: '', text: build(name, model.tasks) }, ...files];
}
