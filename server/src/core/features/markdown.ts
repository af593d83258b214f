// Markdown for hovers and completion documentation. Every text that comes from
// a spec goes through `escapeMarkdown` or `code`, so a title such as
// "*Final* <b>comp</b>" is shown as written, never rendered.

const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** Spec text as literal markdown: punctuation backslash-escaped, `<`, `>` and `&` as entities. */
export function escapeMarkdown(text: string): string {
  return text.replace(SPECIAL, (c) => {
    if (c === '<') return '&lt;';
    if (c === '>') return '&gt;';
    if (c === '&') return '&amp;';
    return `\\${c}`;
  }).replace(/\r?\n/g, ' ');
}

/** An inline code span that holds any text (ids, patterns), backticks included. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  let fence = '`';
  while (flat.includes(fence)) fence += '`';
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The file name at the end of a URI, decoded, for "defined in x.yaml". */
export function fileNameOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** A markdown link to a line of a file (editors open `uri#Lline`). */
export function lineLink(uri: string, line: number): string {
  const target = `${uri}#L${line}`.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(fileNameOf(uri))}, line ${line}](${target})`;
}
