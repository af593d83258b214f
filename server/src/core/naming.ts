// Naming patterns: literal text with `{token}` or `{token:N}` placeholders
// (N = zero-padded width). Parsed tolerantly so the naming rule, completion,
// hover and `handoff audit` can all work on a pattern that is half typed.

/** Tokens every production has; glossaries add more under `naming_tokens:`. */
export const BUILT_IN_NAMING_TOKENS: readonly string[] = ['show', 'seq', 'shot', 'asset', 'from', 'to', 'dept', 'version', 'frame', 'date', 'ext'];

/** Offsets are UTF-16 indexes into the pattern text; `end` is exclusive. */
export interface NamingToken {
  name: string;
  width?: number;
  /** Offset of the opening `{`. */
  start: number;
  /** Offset just after the closing `}`. */
  end: number;
}

export interface NamingPatternError {
  message: string;
  start: number;
  end: number;
}

export interface NamingPattern {
  tokens: NamingToken[];
  errors: NamingPatternError[];
  /** Literal text after the last '.', when nothing but literal text follows it. */
  extension?: string;
  /** Offset of the first character of `extension` (after the dot). */
  extensionStart?: number;
}

const TOKEN_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function parseNamingPattern(text: string): NamingPattern {
  const tokens: NamingToken[] = [];
  const errors: NamingPatternError[] = [];
  // Where the literal text after the last token (or placeholder error) begins.
  let literalTail = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '}') {
      errors.push({ message: "Naming pattern has a '}' without a matching '{'; remove it or add the opening '{'.", start: i, end: i + 1 });
      i++;
      literalTail = i;
      continue;
    }
    if (c !== '{') {
      i++;
      continue;
    }
    const close = text.indexOf('}', i + 1);
    const nextOpen = text.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      const end = nextOpen >= 0 && (close < 0 || nextOpen < close) ? nextOpen : text.length;
      errors.push({
        message: `Naming pattern has an unclosed '{' in '${text.slice(i, end)}'; close the token with '}'.`,
        start: i,
        end,
      });
      i = end;
      literalTail = end;
      continue;
    }
    const inner = text.slice(i + 1, close);
    const end = close + 1;
    const colon = inner.indexOf(':');
    const name = colon < 0 ? inner : inner.slice(0, colon);
    const widthText = colon < 0 ? undefined : inner.slice(colon + 1);
    if (name === '') {
      errors.push({ message: `Naming pattern has an empty token '${text.slice(i, end)}'; put a token name inside the braces, such as '{shot}'.`, start: i, end });
    } else if (!TOKEN_NAME.test(name)) {
      errors.push({
        message: `Naming token '${name}' is not a valid name; use letters, digits, '_' or '-' with no spaces, such as '{shot}'.`,
        start: i,
        end,
      });
    } else if (widthText !== undefined && !/^[0-9]+$/.test(widthText)) {
      errors.push({
        message: `Naming token '${text.slice(i, end)}' has an invalid width '${widthText}'; write a positive whole number of digits, such as '{${name}:4}'.`,
        start: i,
        end,
      });
    } else if (widthText !== undefined && Number(widthText) <= 0) {
      errors.push({
        message: `Naming token '${text.slice(i, end)}' has width ${widthText}; the width must be at least 1, such as '{${name}:4}', or drop it: '{${name}}'.`,
        start: i,
        end,
      });
    } else {
      tokens.push(widthText === undefined ? { name, start: i, end } : { name, width: Number(widthText), start: i, end });
    }
    i = end;
    literalTail = end;
  }
  const pattern: NamingPattern = { tokens, errors };
  const dot = text.lastIndexOf('.');
  if (dot >= literalTail && dot + 1 < text.length) {
    pattern.extension = text.slice(dot + 1);
    pattern.extensionStart = dot + 1;
  }
  return pattern;
}

/** Whether a pattern's literal ending fits one of a format's extensions (case does not matter, a leading dot is optional). */
export function extensionMatches(pattern: string, extension: string, formatExtensions: readonly string[]): boolean {
  const lower = pattern.toLowerCase();
  for (const candidate of formatExtensions) {
    const bare = candidate.replace(/^\./, '').toLowerCase();
    if (bare === '') continue;
    if (bare === extension.toLowerCase() || lower.endsWith(`.${bare}`)) return true;
  }
  return false;
}
