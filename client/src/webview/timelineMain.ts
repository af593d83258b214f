// Entry of the timeline webview (dist/webview/timeline.js). In VS Code: says
// `ready`, draws each `schedule` (and a dropped bar's `preview`) the host posts, reveals and moves through
// the host, and keeps zoom and scroll in the webview state. On a standalone
// page: draws the embedded model, read-only.
import type { ScheduleView } from '../../../server/src/protocol';
import type { ViewState } from './messages';
import { renderTimeline, type TimelineView } from './timeline';
import { appRoot, embeddedModel, onHostMessage, postedModel, showMessage, vscodeApi } from './webviewHost';

const root = appRoot();
const vscode = vscodeApi();

function isSchedule(value: unknown): value is ScheduleView {
  return typeof value === 'object' && value !== null && Array.isArray((value as ScheduleView).handoffs);
}

if (vscode) {
  let view: TimelineView | undefined;
  let state: ViewState = vscode.getState() ?? {};
  onHostMessage((message) => {
    switch (message.type) {
      case 'schedule': {
        const model = postedModel(message.model);
        if (!isSchedule(model)) return;
        if (view) {
          view.update(model);
          return;
        }
        root.replaceChildren();
        view = renderTimeline(root, model, {
          state,
          onReveal: (source) => vscode.postMessage({ type: 'reveal', source }),
          onMove: (handoff, dates) => vscode.postMessage({ type: 'move', handoff, ...dates }),
          onUndo: (command) => vscode.postMessage({ type: command }),
          onState: (next) => {
            state = next;
            vscode.setState(state);
          },
        });
        return;
      }
      case 'preview': {
        const model = postedModel(message.model);
        if (isSchedule(model)) view?.preview(model);
        return;
      }
      case 'focus':
        view?.focus(message.handoff);
        return;
      case 'empty':
        view?.destroy();
        view = undefined;
        showMessage(root, message.message);
        return;
      default:
        return;
    }
  });
  vscode.postMessage({ type: 'ready' });
} else {
  const model = embeddedModel();
  if (isSchedule(model)) renderTimeline(root, model);
  else showMessage(root, 'This page carries no schedule to draw.');
}
