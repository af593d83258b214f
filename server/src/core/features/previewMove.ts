// What a move would do to the schedule before it is written: the timeline
// shows a dropped bar's effect (its ready date, a dependant that now starts
// too early, a milestone it overruns) as the schedule engine works it out,
// not as the view would guess it.
import type { TextEdit } from '../types';
import type { Workspace } from '../workspace';
import { moveHandoff, type HandoffMove } from './moveHandoff';
import { scheduleView, type ScheduleView } from './scheduleView';

/**
 * The schedule view of the production governing `uri` with the handoff moved
 * as `moveHandoff` would write it; undefined when there is no production to
 * show, or why the move cannot be made. The workspace takes the moved text
 * for the time of the computation and gets its own model back afterwards:
 * nothing is written, and the file keeps the version the editor gave it.
 */
export function previewMove(workspace: Workspace, uri: string, handoffId: string, move: HandoffMove, today: string): ScheduleView | { error: string } | undefined {
  const result = moveHandoff(workspace, uri, handoffId, move);
  if ('error' in result) return result;
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of result.edits) byFile.set(edit.uri, [...(byFile.get(edit.uri) ?? []), edit]);
  const originals = [...byFile.keys()].map((file) => workspace.file(file)!);
  try {
    for (const original of originals) {
      workspace.setFile(original.parsed.uri, applied(original.parsed.text, byFile.get(original.parsed.uri)!), original.parsed.version);
    }
    const production = workspace.productionOf(uri);
    return production?.production ? scheduleView(production, today) : undefined;
  } finally {
    for (const original of originals) workspace.setModel(original);
  }
}

/** The text with the edits made (spans of the original text, not overlapping). */
function applied(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}
