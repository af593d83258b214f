// Request handlers: each turns LSP params into a core call and the result
// back into LSP data through convert.ts.
import { todayDay } from '../core/analysis';
import { formatDate } from '../core/calendar';
import { graphForFile } from '../core/features/graph';
import { scheduleView } from '../core/features/scheduleView';
import { GraphRequest, ScheduleRequest } from '../protocol';
import { toOffset } from './convert';
import { runSafe, type ServerState } from './server';

export function registerFeatures(state: ServerState): void {
  const { connection, workspace } = state;

  connection.onRequest(ScheduleRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/schedule', () => {
      const production = workspace.productionOf(params.uri) ?? workspace.productions().find((p) => p.production);
      if (!production?.production) return null;
      return scheduleView(production, formatDate(todayDay(state.analysisOptions())));
    }),
  );

  connection.onRequest(GraphRequest, (params, token) =>
    runSafe(state, token, null, 'handoff/graph', () => {
      const file = workspace.file(params.uri);
      const offset = file && params.position ? toOffset(file, params.position) : undefined;
      return graphForFile(workspace, params.uri, offset, { focus: params.focus, depth: params.depth }) ?? null;
    }),
  );
}
