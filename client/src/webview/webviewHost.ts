// Where a renderer gets its data and sends its requests: the VS Code webview
// API when the page runs in a panel, else the model embedded in the page by
// `handoff timeline` / `handoff graph --format html` (read-only, no host).
import { unpackModel } from '../../../server/src/protocol';
import type { HostMessage, PackedText, ViewMessage, ViewState } from './messages';
import { html } from './svg';

/** The part of the webview API the views use. */
export interface VsCodeApi {
  postMessage(message: ViewMessage): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The webview API, or undefined on a standalone page (it may be acquired only once per page). */
export function vscodeApi(): VsCodeApi | undefined {
  return typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
}

/** Calls `handle` with each message the host posts. */
export function onHostMessage(handle: (message: HostMessage) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string') {
      handle(message as HostMessage);
    }
  });
}

/** The model a standalone page carries, packed, in `<script type="application/json" id="model">`. */
export function embeddedModel(): unknown {
  const text = document.getElementById('model')?.textContent;
  return text ? unpacked(text) : undefined;
}

/** A model the host posted, as objects or packed (undefined when the text is not a packed model). */
export function postedModel<T>(model: T | PackedText): T | undefined {
  return typeof model === 'string' ? (unpacked(model) as T | undefined) : model;
}

function unpacked(text: PackedText): unknown {
  try {
    return unpackModel(text);
  } catch {
    return undefined;
  }
}

/** Replaces the page's content with one line of text (no production, nothing to draw). */
export function showMessage(root: HTMLElement, text: string): void {
  root.replaceChildren();
  html('div', 'hs-message', root, text);
}

/** The element the panel (or the standalone page) gives the view. */
export function appRoot(): HTMLElement {
  return document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
}
