// Models for the browser tests, computed by the analysis core from fixture
// folders: the base fixture (with edits), and the example production.
import * as path from 'node:path';
import { handoffGraph, type Graph } from '../../server/src/core/features/graph';
import { scheduleView, type ScheduleView } from '../../server/src/core/features/scheduleView';
import type { ProductionModel } from '../../server/src/core/production';
import { Workspace } from '../../server/src/core/workspace';
import { findSpecFiles, readSpecFile, uriOfPath } from '../../server/src/node/files';
import { DEFAULT_TODAY, workspaceOf } from '../harness';
import { ROOT } from './browser';

function productionOf(workspace: Workspace): ProductionModel {
  const production = workspace.productions().find((p) => p.production !== undefined);
  if (!production) throw new Error('the fixture has no production');
  return production;
}

/** The base fixture with `changes` (see workspaceOf), as the timeline model. */
export function baseSchedule(changes: Record<string, string | null> = {}): ScheduleView {
  return scheduleView(productionOf(workspaceOf(changes)), DEFAULT_TODAY);
}

/** The base fixture with `changes`, as the handoff graph (optionally focused). */
export function baseGraph(changes: Record<string, string | null> = {}, focus?: { handoff: string; depth: number }): Graph {
  return handoffGraph(productionOf(workspaceOf(changes)), focus ? { focus: focus.handoff, depth: focus.depth } : {});
}

/** The example production every reader of the README sees. */
export function nightfall(): ProductionModel {
  const folder = path.join(ROOT, 'examples', 'nightfall');
  const workspace = new Workspace();
  for (const file of findSpecFiles(folder).files) workspace.setFile(uriOfPath(file), readSpecFile(file), 0);
  return productionOf(workspace);
}

export const NIGHTFALL_TODAY = '2027-01-15';

export function nightfallSchedule(): ScheduleView {
  return scheduleView(nightfall(), NIGHTFALL_TODAY);
}

/** A date as a day number, for comparing positions with dates. */
export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
