// Naming patterns of templates: `naming`, each `required_files` pattern and
// the tokens of `delivery.location`. Unknown tokens and bad syntax are
// reported at their exact place inside the YAML string; the extension of a
// file pattern must be one of its format's extensions.
import { MemoKey } from '../memo';
import { BUILT_IN_NAMING_TOKENS, extensionMatches, parseNamingPattern } from '../naming';
import { pathKey, type ParsedFile } from '../parse';
import { closest } from '../suggest';
import type { FormatSpec, TemplateSpec } from '../specs';
import type { Finding, Fix, NodePath, Span } from '../types';
import { displayPath } from './duplicate-id';
import { templateFormatRejected } from './format-not-allowed';
import { reportingAgain, type Rule, type RuleContext } from './rule';

/**
 * Maps offsets in a string value to offsets in the file. Exact for plain and
 * quoted scalars written without escapes or line folding; otherwise every
 * offset maps to the whole value.
 */
class ScalarText {
  private readonly base: number | undefined;

  constructor(
    readonly span: Span,
    file: ParsedFile,
    value: string,
  ) {
    const raw = file.text.slice(span.start, span.end);
    const quote = raw[0];
    if (raw === value) this.base = span.start;
    else if ((quote === '"' || quote === "'") && raw.length >= 2 && raw[raw.length - 1] === quote && raw.slice(1, -1) === value && !value.includes('\\')) {
      this.base = span.start + 1;
    }
  }

  get exact(): boolean {
    return this.base !== undefined;
  }

  at(start: number, end: number): Span {
    return this.base === undefined ? this.span : { start: this.base + start, end: this.base + end };
  }
}

interface PatternSite {
  template: TemplateSpec;
  path: NodePath;
  text: string;
  /** Where it must match a format's extensions: the format; undefined for locations. */
  format?: FormatSpec;
  /** "naming pattern", "required file pattern" or "delivery location". */
  what: string;
}

/** Whether a file is a glossary (kept with the file version: an edit finds the first one without looking at every file). */
const GLOSSARY = new MemoKey<boolean>('is a glossary, for naming-invalid');

class NamingChecker {
  private readonly known: Set<string>;
  private readonly glossaryFile: string;
  private readonly suggestions = new Map<string, string | undefined>();
  /** Comparisons left for did-you-mean, so a flood of unknown tokens stays linear. */
  private budget = 1_000_000;
  /** Reports a finding as it was last time when nothing it quotes changed (the template file keeps its diagnostics). */
  private readonly report: (finding: Omit<Finding, 'rule'>) => void;

  constructor(private readonly context: RuleContext) {
    this.report = reportingAgain(context, namingInvalid);
    const production = context.production;
    this.known = new Set([...BUILT_IN_NAMING_TOKENS, ...production.ids('naming-token')]);
    const glossary = production.filesWhere(GLOSSARY, (file) => file.parsed.kind === 'glossary')[0];
    this.glossaryFile = glossary ? displayPath(production, glossary.parsed.uri) : 'a *.glossary.yaml';
  }

  private suggest(name: string): string | undefined {
    if (this.suggestions.has(name)) return this.suggestions.get(name);
    let suggestion: string | undefined;
    if (this.budget >= this.known.size) {
      this.budget -= this.known.size;
      suggestion = closest(name, this.known);
    }
    this.suggestions.set(name, suggestion);
    return suggestion;
  }

  check(site: PatternSite): void {
    const { template, text } = site;
    const file = this.context.production.file(template.uri)?.parsed;
    if (!file) return;
    const scalar = new ScalarText(this.context.span(template.uri, site.path), file, text);
    const pattern = parseNamingPattern(text);
    for (const error of pattern.errors) {
      this.report({ uri: template.uri, span: scalar.at(error.start, error.end), message: error.message.replace(/^Naming pattern/, `The ${site.what}`) });
    }
    for (const token of pattern.tokens) {
      if (this.known.has(token.name)) continue;
      const suggestion = this.suggest(token.name);
      const span = scalar.at(token.start, token.end);
      if (suggestion === undefined) {
        this.report({
          uri: template.uri,
          span,
          message:
            `Unknown naming token '${token.name}' in the ${site.what}; use a built-in token (${BUILT_IN_NAMING_TOKENS.join(', ')}) ` +
            `or define it under naming_tokens: in ${this.glossaryFile}.`,
        });
        continue;
      }
      const fixes: Fix[] | undefined = scalar.exact
        ? [{ title: `Change to '${suggestion}'`, edits: [{ uri: template.uri, span: scalar.at(token.start + 1, token.start + 1 + token.name.length), newText: suggestion }], preferred: true }]
        : undefined;
      this.report({ uri: template.uri, span, message: `Unknown naming token '${token.name}' in the ${site.what}. Did you mean '${suggestion}'?`, fixes });
    }
    const format = site.format;
    if (!format || format.extensions.length === 0 || pattern.extension === undefined || pattern.extensionStart === undefined) return;
    if (extensionMatches(text, pattern.extension, format.extensions)) return;
    const extensions = format.extensions.map((extension) => extension.replace(/^\./, ''));
    const span = scalar.at(pattern.extensionStart, text.length);
    const fixes: Fix[] | undefined =
      extensions.length === 1 && scalar.exact
        ? [{ title: `Change the extension to '.${extensions[0]}'`, edits: [{ uri: template.uri, span, newText: extensions[0] }], preferred: true }]
        : undefined;
    this.report({
      uri: template.uri,
      span,
      message:
        `Extension '.${pattern.extension}' of the ${site.what} does not match format '${format.id}' (${extensions.map((e) => `.${e}`).join(', ')}); ` +
        `change the extension, or the format.`,
      related: [{ location: { uri: format.uri, span: this.context.span(format.uri, [...format.path, 'extensions']) }, message: `Format '${format.id}' has extensions ${extensions.map((e) => `.${e}`).join(', ')}.` }],
      fixes,
    });
  }
}

function sitesOf(context: RuleContext, template: TemplateSpec): PatternSite[] {
  const production = context.production;
  // A format the asset type does not allow is format-not-allowed's finding;
  // extensions that do not match it only follow from it (one mistake, one diagnostic).
  const templateFormat = template.format === undefined || templateFormatRejected(production, template) ? undefined : production.format(template.format);
  const sites: PatternSite[] = [];
  if (template.naming !== undefined) {
    sites.push({ template, path: [...template.path, 'naming'], text: template.naming, format: templateFormat, what: 'naming pattern' });
  }
  if (template.deliveryLocation !== undefined) {
    sites.push({ template, path: [...template.path, 'delivery', 'location'], text: template.deliveryLocation, what: 'delivery location' });
  }
  const file = production.file(template.uri)?.parsed;
  for (const required of template.requiredFiles) {
    if (required.pattern === undefined) continue;
    // `- "x.exr"` or `- { pattern: "x.mov", format: prores4444 }`
    const written = file?.spans.has(pathKey([...required.path, 'pattern'])) ? [...required.path, 'pattern'] : required.path;
    const format = required.format === undefined ? templateFormat : production.format(required.format);
    sites.push({ template, path: written, text: required.pattern, format, what: 'required file pattern' });
  }
  return sites;
}

export const namingInvalid: Rule = {
  id: 'naming-invalid',
  defaultSeverity: 'error',
  summary: 'A naming pattern has an unknown token or bad syntax, or its extension does not match the format.',
  check(context) {
    const checker = new NamingChecker(context);
    for (const template of context.production.templates) {
      for (const site of sitesOf(context, template)) checker.check(site);
    }
  },
};
