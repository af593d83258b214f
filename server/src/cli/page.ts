// Standalone HTML pages for `handoff timeline` and `handoff graph --format
// html`: the webview renderer and its stylesheet inlined, the model embedded
// as JSON, and a Content-Security-Policy that lets nothing else run or load.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { escapeHtml, packModel } from '../core/facade';
import { UsageError } from './usage';

export interface StandalonePage {
  /** The page title (spec text: escaped here). */
  title: string;
  /** The bundled renderer, e.g. dist/webview/timeline.js. */
  script: string;
  css: string;
  /** What the renderer draws; embedded as packed JSON (packedModel.ts), which the renderer unpacks. */
  model: unknown;
  /**
   * The folder the specs were read from: source locations are embedded
   * relative to it, so the page names no absolute path of the machine it was
   * made on (a file outside it keeps only its name).
   */
  root?: string;
}

/** The model with every `uri` made relative to the root folder. */
function withRelativeUris(model: unknown, root: string | undefined): unknown {
  if (root === undefined) return model;
  const base = pathToFileURL(path.resolve(root)).href.replace(/\/?$/, '/');
  return JSON.parse(
    JSON.stringify(model, (key, value: unknown) => {
      if (key !== 'uri' || typeof value !== 'string' || !value.startsWith('file:')) return value;
      if (value.startsWith(base)) return decodeURIComponent(value.slice(base.length));
      return decodeURIComponent(value.slice(value.lastIndexOf('/') + 1));
    }),
  );
}

export function standalonePage(page: StandalonePage): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data:`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${asciiHtml(escapeHtml(page.title))}</title>`,
    `<style nonce="${nonce}">${rawText(page.css, 'style')}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    `<script type="application/json" id="model">${scriptText(packModel(withRelativeUris(page.model, page.root)))}</script>`,
    `<script nonce="${nonce}">${rawText(page.script, 'script')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * JSON that cannot end the `<script>` element holding it: `<`, `>` and `&`
 * become \u escapes (so `</script>` and `<!--` never appear), and so does
 * every character outside ASCII (U+2028/U+2029 among them, which older
 * JavaScript parsers take for line breaks): see asciiScript.
 */
export function scriptText(json: string): string {
  return json.replace(/[<>&\u0080-\uffff]/g, unicodeEscape);
}

function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A page of ASCII only: Chromium decodes a large page several times faster
 * when it holds no other byte (one dash in a comment of the bundle tripled
 * the decoding of a 6 MB page). In our script every character outside ASCII
 * is a \u escape, which means the same in a string, a regular expression or
 * an identifier, and reads the same in a comment; in the stylesheet it is a
 * CSS escape.
 */
function asciiScript(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, unicodeEscape);
}

function asciiStyle(text: string): string {
  return text.replace(/[\u0080-\u{10ffff}]/gu, (char) => `\\${char.codePointAt(0)!.toString(16)} `);
}

/** HTML text with every character outside ASCII as a character reference. */
function asciiHtml(text: string): string {
  return text.replace(/[\u0080-\u{10ffff}]/gu, (char) => `&#x${char.codePointAt(0)!.toString(16)};`);
}

/**
 * Our own bundle or stylesheet inside `<script>` / `<style>`: a `</script`
 * or `<!--` in a string literal would end or confuse the element, so its `<`
 * is written `\x3C`, which means the same inside a JavaScript string or
 * regular expression and inside a CSS string.
 */
function rawText(text: string, element: 'script' | 'style'): string {
  const closing = new RegExp(`</(${element})`, 'gi');
  return element === 'script' ? asciiScript(text.replace(closing, '\\x3C/$1').replace(/<!--/g, '\\x3C!--')) : asciiStyle(text.replace(closing, '\\3C/$1'));
}

export type WebviewName = 'timeline' | 'graph';

/**
 * The bundled renderer and stylesheet, read next to the bundled CLI
 * (dist/cli.js reads dist/webview/*); `npm run build` writes them.
 */
export function webviewAssets(name: WebviewName, dir: string = path.join(__dirname, 'webview')): { script: string; css: string } {
  const script = path.join(dir, `${name}.js`);
  const css = path.join(dir, `${name}.css`);
  for (const file of [script, css]) {
    if (!existsSync(file)) throw new UsageError(`the ${name} page renderer is missing (${path.basename(path.dirname(file))}/${path.basename(file)} next to the handoff command); run npm run build`);
  }
  return { script: readFileSync(script, 'utf8'), css: readFileSync(css, 'utf8') };
}
