// Entry of the timeline webview (dist/webview/timeline.js). In VS Code: says
// `ready`, draws each `schedule` (and a dropped bar's `preview`) the host posts, reveals and moves through
// the host, and keeps zoom and scroll in the webview state. On a standalone
// page: draws the embedded model, read-only.
import type { ScheduleView } from '../../../server/src/protocol';
import type { ViewState } from './messages';
import { renderTimeline, type TimelineView } from './timeline';
import { appRoot, embeddedModel, onHostMessage, showMessage, vscodeApi } from './webviewHost';

const root = appRoot();
const vscode = vscodeApi();

if (vscode) {
  let view: TimelineView | undefined;
  let state: ViewState = vscode.getState() ?? {};
  onHostMessage((message) => {
    switch (message.type) {
      case 'schedule':
        if (view) {
          view.update(message.model);
          return;
        }
        root.replaceChildren();
        view = renderTimeline(root, message.model, {
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
      case 'preview':
        view?.preview(message.model);
        return;
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
  const model = embeddedModel() as ScheduleView | undefined;
  if (model && Array.isArray(model.handoffs)) renderTimeline(root, model);
  else showMessage(root, 'This page carries no schedule to draw.');
}
