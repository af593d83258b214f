// Element builders shared by the timeline and graph renderers. Spec text only
// ever reaches the page through textContent and setAttribute, never as markup,
// so a title like `<img onerror=...>` is shown, not parsed.

export const SVG_NS = 'http://www.w3.org/2000/svg';

type AttributeValue = string | number | undefined;

/** An SVG element with attributes (undefined values are left out), appended to `parent` when given. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, AttributeValue> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  if (parent) parent.appendChild(element);
  return element;
}

/** An HTML element with a class and text content, appended to `parent` when given. */
export function html<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, parent?: Element, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  if (parent) parent.appendChild(element);
  return element;
}

/** A `<title>` child: the native tooltip of an SVG element. */
export function tooltip(parent: SVGElement, lines: readonly string[]): void {
  svg('title', {}, parent).textContent = lines.join('\n');
}

/**
 * A color from a spec, if it is one we can draw: `#rgb`, `#rrggbb`,
 * `#rrggbbaa` or a plain color name. Anything else (a `url(...)`, a
 * `var(...)`, text with `;`) is refused and the caller uses a theme color.
 */
export function safeColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  if (/^#(?:[0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(color)) return color.toLowerCase();
  if (/^[a-z]{3,20}$/i.test(color)) return color.toLowerCase();
  return undefined;
}

/** Theme chart colors for groups the spec gives no color, in the order they are handed out. */
export const PALETTE = [
  'var(--vscode-charts-blue, #3794ff)',
  'var(--vscode-charts-purple, #b180d7)',
  'var(--vscode-charts-green, #89d185)',
  'var(--vscode-charts-orange, #d18616)',
  'var(--vscode-charts-yellow, #cca700)',
  'var(--vscode-charts-red, #f14c4c)',
];

/**
 * Text widths without laying the page out: a canvas measures with the font
 * the view uses, so packing rows and sizing nodes costs no reflow. Each
 * character is measured once and a text's width is the sum of its
 * characters' (kerning left out, the canvas measures that way too): 50,000
 * distinct bar labels cost 50,000 sums, not 50,000 text measurements.
 * Falls back to an estimate where no canvas context exists.
 */
export function textMeasurer(reference: Element, size: number, weight = 'normal'): (text: string) => number {
  const family = getComputedStyle(reference).fontFamily || 'sans-serif';
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => text.length * size * 0.6;
  context.font = `${weight} ${size}px ${family}`;
  context.fontKerning = 'none';
  /** Widths of the ASCII characters by code (NaN: not measured yet), and of the others by character. */
  const ascii = new Float64Array(128).fill(NaN);
  const others = new Map<string, number>();
  const measureOther = (char: string): number => {
    let width = others.get(char);
    if (width === undefined) {
      width = context.measureText(char).width;
      others.set(char, width);
    }
    return width;
  };
  return (text) => {
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        let w = ascii[code];
        if (Number.isNaN(w)) w = ascii[code] = context.measureText(text[i]).width;
        width += w;
      } else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        // A character outside the BMP (an emoji): both halves of its surrogate pair.
        width += measureOther(text.slice(i, i + 2));
        i++;
      } else {
        width += measureOther(text[i]);
      }
    }
    return width;
  };
}

let nextPrefix = 0;

/** A prefix for element ids (patterns, markers) unique within the page, so two views never share a definition. */
export function uniquePrefix(name: string): string {
  nextPrefix += 1;
  return `hs-${name}${nextPrefix}-`;
}
