// Entry of the graph webview (dist/webview/graph.js). In VS Code: says
// `ready`, draws each `graph` the host posts, reveals and expands through the
// host. On a standalone page: draws the embedded graph (or one after the
// other when the page carries several productions), read-only.
import type { Graph } from '../../../server/src/protocol';
import { renderGraph, type GraphView } from './graph';
import { html } from './svg';
import { appRoot, embeddedModel, onHostMessage, postedModel, showMessage, vscodeApi } from './webviewHost';

const root = appRoot();
const vscode = vscodeApi();

function isGraph(value: unknown): value is Graph {
  return typeof value === 'object' && value !== null && Array.isArray((value as Graph).nodes) && Array.isArray((value as Graph).edges);
}

if (vscode) {
  let view: GraphView | undefined;
  onHostMessage((message) => {
    switch (message.type) {
      case 'graph': {
        const graph = postedModel(message.graph);
        if (!isGraph(graph)) return;
        if (view) {
          view.update(graph);
          return;
        }
        root.replaceChildren();
        view = renderGraph(root, graph, {
          onReveal: (source) => vscode.postMessage({ type: 'reveal', source }),
          onExpand: (handoff, depth) => vscode.postMessage({ type: 'expand', handoff, depth }),
          // Zoom and pan survive the tab being hidden (and a window reload).
          state: vscode.getState() ?? {},
          onState: (state) => vscode.setState(state),
        });
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
  const graphs = (Array.isArray(model) ? model : [model]).filter(isGraph);
  if (graphs.length === 0) showMessage(root, 'This page carries no graph to draw.');
  else if (graphs.length === 1) renderGraph(root, graphs[0]);
  else {
    root.classList.add('hs-stack');
    for (const graph of graphs) renderGraph(html('section', 'hs-stacked', root), graph);
  }
}
