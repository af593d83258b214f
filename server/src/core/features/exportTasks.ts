// The schedule as tracker tasks and calendar events, plain data for
// `handoff export`: one task per handoff (the delivering department's work),
// with its dates from the schedule, its people and its upstream handoffs. The
// CLI writes them in each tracker's import columns and as iCalendar.
import { formatDate, parseDate } from '../calendar';
import type { ProductionModel } from '../production';
import { deliveryReport } from '../report';
import { UNKNOWN_DEPARTMENT_LANE } from './scheduleView';

export interface ExportPerson {
  id: string;
  name?: string;
  email?: string;
}

export interface ExportTask {
  id: string;
  title?: string;
  from: string;
  fromName?: string;
  to: string;
  toName?: string;
  /** The person doing the work: the contact, else the owner. */
  assignee?: ExportPerson;
  owner?: ExportPerson;
  start?: string;
  due?: string;
  /** The last day of the review buffer. */
  ready?: string;
  status: string;
  critical: boolean;
  late: boolean;
  atRisk: boolean;
  feeds?: string;
  /** Upstream handoffs that exist, in depends_on order. */
  upstream: string[];
  doneWhen: string[];
}

export interface ExportMilestone {
  id: string;
  title?: string;
  date: string;
}

export interface ExportModel {
  production: string;
  title?: string;
  tasks: ExportTask[];
  milestones: ExportMilestone[];
  departments: { id: string; name?: string }[];
}

export function exportModel(production: ProductionModel, today: number): ExportModel {
  const schedule = production.schedule;
  const report = deliveryReport(production, today);
  const late = new Set(report.late.map((entry) => entry.handoff));
  const atRisk = new Set(report.atRisk.map((entry) => entry.handoff));
  const person = (id: string | undefined): ExportPerson | undefined => {
    if (id === undefined) return undefined;
    const spec = production.person(id);
    return { id, ...(spec?.name === undefined ? {} : { name: spec.name }), ...(spec?.email === undefined ? {} : { email: spec.email }) };
  };
  const iso = (day: number | undefined) => (day === undefined ? undefined : formatDate(day));
  const seen = new Set<string>();
  const tasks: ExportTask[] = [];
  for (const handoff of production.handoffs) {
    if (seen.has(handoff.id)) continue;
    seen.add(handoff.id);
    const scheduled = schedule.handoffs.get(handoff.id);
    const from = handoff.from ?? UNKNOWN_DEPARTMENT_LANE;
    const to = handoff.to ?? UNKNOWN_DEPARTMENT_LANE;
    const fields: Partial<ExportTask> = {
      title: handoff.title,
      fromName: production.department(from)?.name,
      toName: production.department(to)?.name,
      assignee: person(handoff.contact ?? handoff.owner),
      owner: person(handoff.owner),
      start: iso(scheduled?.start),
      due: iso(scheduled?.due),
      ready: iso(scheduled?.ready),
      feeds: handoff.feeds,
    };
    const task: ExportTask = {
      id: handoff.id,
      from,
      to,
      status: handoff.status ?? 'planned',
      critical: scheduled?.critical ?? false,
      late: late.has(handoff.id),
      atRisk: atRisk.has(handoff.id),
      upstream: scheduled ? [...scheduled.upstream] : [],
      doneWhen: handoff.doneWhen ?? [],
    };
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(task, { [key]: value });
    tasks.push(task);
  }
  const milestones: ExportMilestone[] = [];
  const milestoneIds = new Set<string>();
  for (const milestone of production.milestones) {
    const day = milestone.date === undefined ? undefined : parseDate(milestone.date);
    if (day === undefined || milestoneIds.has(milestone.id)) continue;
    milestoneIds.add(milestone.id);
    milestones.push({ id: milestone.id, ...(milestone.title === undefined ? {} : { title: milestone.title }), date: formatDate(day) });
  }
  const departments: { id: string; name?: string }[] = [];
  const departmentIds = new Set<string>();
  for (const department of production.departments) {
    if (departmentIds.has(department.id)) continue;
    departmentIds.add(department.id);
    departments.push({ id: department.id, ...(department.name === undefined ? {} : { name: department.name }) });
  }
  if (tasks.some((task) => !departmentIds.has(task.from))) departments.push({ id: UNKNOWN_DEPARTMENT_LANE, name: 'Unknown department' });
  return {
    production: production.production?.id ?? production.key,
    ...(production.production?.title === undefined ? {} : { title: production.production.title }),
    tasks,
    milestones,
    departments,
  };
}
