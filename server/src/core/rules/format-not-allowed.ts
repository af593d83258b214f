// A template's format must be one its asset type allows, and its color space
// one its format allows. A format that lists color spaces needs the template
// to name one; a format that lists none (audio, editorial) takes none.
import { pathKey, type ParsedFile } from '../parse';
import { MemoKey } from '../memo';
import type { ProductionModel } from '../production';
import type { AssetTypeSpec, FormatSpec, TemplateSpec } from '../specs';
import type { Fix, NodePath, RelatedInfo, Span } from '../types';
import type { Rule, RuleContext } from './rule';

function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `'${id}'`).join(', ');
}

function replaceFix(uri: string, span: Span, text: string, value: string): Fix {
  const quote = text[span.start];
  const newText = quote === '"' || quote === "'" ? `${quote}${value}${quote}` : value;
  return { title: `Change to '${value}'`, edits: [{ uri, span, newText }], preferred: true };
}

/** Where a key of a block map sits when it is the first thing on its line, so a sibling key can be added below it. */
function blockKeyLine(file: ParsedFile, keySpan: Span | undefined): { line: number; indent: string } | undefined {
  if (!keySpan) return undefined;
  const { line, character } = file.lines.positionAt(keySpan.start);
  const before = file.text.slice(file.lines.lineStart(line), keySpan.start);
  if (!/^[ ]*$/.test(before)) return undefined;
  return { line, indent: ' '.repeat(character) };
}

function definitionAt(context: RuleContext, uri: string, path: NodePath, key: string, message: string): RelatedInfo {
  return { location: { uri, span: context.span(uri, [...path, key]) }, message };
}

function checkColorSpace(context: RuleContext, template: TemplateSpec, format: FormatSpec, file: ParsedFile): void {
  const uri = template.uri;
  const allowed = format.colorSpaces;
  const formatRelated = (message: string): RelatedInfo[] => [definitionAt(context, format.uri, format.path, 'color_spaces', message)];
  if (template.colorSpace === undefined) {
    if (allowed.length === 0) return;
    const formatSpans = file.spans.get(pathKey([...template.path, 'format']));
    const place = blockKeyLine(file, formatSpans?.key);
    const fixes: Fix[] = [];
    if (allowed.length === 1 && place) {
      const at = file.lines.lineEnd(place.line);
      const newline = file.text.includes('\r\n') ? '\r\n' : '\n';
      fixes.push({
        title: `Add 'color_space: ${allowed[0]}'`,
        edits: [{ uri, span: { start: at, end: at }, newText: `${newline}${place.indent}color_space: ${allowed[0]}` }],
        preferred: true,
      });
    }
    context.report({
      uri,
      span: context.span(uri, [...template.path, 'format']),
      message:
        `Template '${template.id}' has no color_space, but format '${format.id}' requires one of ${quoteList(allowed)}; ` +
        `add 'color_space: ${allowed[0]}'${allowed.length > 1 ? ' or another of them' : ''}.`,
      related: formatRelated(`Format '${format.id}' lists color spaces ${allowed.join(', ')}.`),
      fixes: fixes.length ? fixes : undefined,
    });
    return;
  }
  // An undefined color space is unknown-reference's finding.
  if (!context.production.lookup('color-space', template.colorSpace)) return;
  const span = context.span(uri, [...template.path, 'color_space']);
  if (allowed.length === 0) {
    const spans = file.spans.get(pathKey([...template.path, 'color_space']));
    const place = blockKeyLine(file, spans?.key);
    const fixes: Fix[] = [];
    if (place && file.lines.positionAt(span.end).line === place.line) {
      const start = file.lines.lineStart(place.line);
      const end = place.line + 1 < file.lines.lineCount ? file.lines.lineStart(place.line + 1) : file.text.length;
      fixes.push({ title: "Remove 'color_space'", edits: [{ uri, span: { start, end }, newText: '' }] });
    }
    context.report({
      uri,
      span,
      message: `Color space '${template.colorSpace}' cannot be set for format '${format.id}', which lists no color spaces; remove color_space from template '${template.id}'.`,
      related: [definitionAt(context, format.uri, format.path, 'id', `Format '${format.id}' lists no color spaces.`)],
      fixes: fixes.length ? fixes : undefined,
    });
    return;
  }
  if (allowed.includes(template.colorSpace)) return;
  context.report({
    uri,
    span,
    message:
      `Color space '${template.colorSpace}' is not allowed by format '${format.id}' (allowed: ${allowed.join(', ')}); ` +
      `use ${allowed.length === 1 ? `'${allowed[0]}'` : `one of ${quoteList(allowed)}`}, or add '${template.colorSpace}' to the format's color_spaces.`,
    related: formatRelated(`Format '${format.id}' allows ${allowed.join(', ')}.`),
    fixes: allowed.length === 1 ? [replaceFix(uri, span, file.text, allowed[0])] : undefined,
  });
}

/** The asset type of a handoff's template, when it restricts formats. */
function restrictingAssetType(context: RuleContext, templateId: string | undefined): { template: TemplateSpec; assetType: AssetTypeSpec } | undefined {
  const production = context.production;
  const template = templateId === undefined ? undefined : production.template(templateId);
  const assetType = template?.assetType === undefined ? undefined : production.assetType(template.assetType);
  // An asset type that lists no formats does not restrict them; unknown ids are unknown-reference's findings.
  if (!template || !assetType || assetType.formats.length === 0) return undefined;
  return { template, assetType };
}

function allowedText(allowed: readonly string[]): string {
  return allowed.length === 1 ? `'${allowed[0]}'` : `one of ${quoteList(allowed)}`;
}

/** A format written somewhere else than the template's `format` (a required file, a contingency) that the asset type does not allow. */
function checkOtherFormat(context: RuleContext, uri: string, path: NodePath, formatId: string, what: string, assetType: AssetTypeSpec, via: string): void {
  if (!context.production.format(formatId) || assetType.formats.includes(formatId)) return;
  const allowed = assetType.formats;
  const span = context.span(uri, path);
  const text = context.production.file(uri)?.parsed.text ?? '';
  context.report({
    uri,
    span,
    message:
      `${what} '${formatId}' is not allowed for asset type '${assetType.id}'${via} (allowed: ${allowed.join(', ')}); ` +
      `use ${allowedText(allowed)}, or add '${formatId}' to the asset type's formats.`,
    related: [definitionAt(context, assetType.uri, assetType.path, 'formats', `Asset type '${assetType.id}' allows ${allowed.join(', ')}.`)],
    fixes: allowed.length === 1 ? [replaceFix(uri, span, text, allowed[0])] : undefined,
  });
}

/**
 * Whether a template's own format is one its asset type does not allow (this
 * rule's finding). What only follows from that format (its color space, the
 * extensions of its patterns, what downstream templates accept) is then not
 * reported: the format must change first.
 */
export function templateFormatRejected(production: ProductionModel, template: TemplateSpec): boolean {
  if (template.format === undefined || !production.format(template.format)) return false;
  const assetType = template.assetType === undefined ? undefined : production.assetType(template.assetType);
  return assetType !== undefined && assetType.formats.length > 0 && !assetType.formats.includes(template.format);
}

/** Whether a file version has a handoff whose contingency names an alternate format. */
const ALTERNATE_FORMAT = new MemoKey<boolean>('has an alternate format');

export const formatNotAllowed: Rule = {
  id: 'format-not-allowed',
  defaultSeverity: 'error',
  summary:
    "A template's or a required file's format, or a contingency's alternate format, is not one the asset type allows, or a color space is not one the format allows.",
  check(context) {
    const production = context.production;
    for (const template of production.templates) {
      const file = production.file(template.uri)?.parsed;
      if (!file) continue;
      const restricting = restrictingAssetType(context, template.id);
      if (restricting && restricting.template === template) {
        for (const required of template.requiredFiles) {
          if (required.format === undefined) continue;
          checkOtherFormat(context, required.uri, [...required.path, 'format'], required.format, 'Format of required file', restricting.assetType, ` of template '${template.id}'`);
        }
      }
      if (template.format === undefined) continue;
      // An undefined format is unknown-reference's finding.
      const format = production.format(template.format);
      if (!format) continue;
      const assetType = template.assetType === undefined ? undefined : production.assetType(template.assetType);
      // An asset type that lists no formats does not restrict them.
      if (assetType && assetType.formats.length > 0 && !assetType.formats.includes(format.id)) {
        const allowed = assetType.formats;
        const span = context.span(template.uri, [...template.path, 'format']);
        context.report({
          uri: template.uri,
          span,
          message:
            `Format '${format.id}' is not allowed for asset type '${assetType.id}' (allowed: ${allowed.join(', ')}); ` +
            `use ${allowedText(allowed)}, or add '${format.id}' to the asset type's formats.`,
          related: [definitionAt(context, assetType.uri, assetType.path, 'formats', `Asset type '${assetType.id}' allows ${allowed.join(', ')}.`)],
          fixes: allowed.length === 1 ? [replaceFix(template.uri, span, file.text, allowed[0])] : undefined,
        });
        // The color space follows from a format that must change first: one mistake, one diagnostic.
        continue;
      }
      checkColorSpace(context, template, format, file);
    }
    // A contingency's alternate format must be one the asset type of the handoff's template allows (DESIGN §3, §7.7).
    // Only files with an alternate format: which files have one is kept with each file version.
    for (const file of production.filesWhere(ALTERNATE_FORMAT, (file) => file.entities.handoffs.some((handoff) => handoff.contingency?.alternateFormat !== undefined))) {
      for (const handoff of file.entities.handoffs) {
        const alternate = handoff.contingency?.alternateFormat;
        if (alternate === undefined) continue;
        const restricting = restrictingAssetType(context, handoff.template);
        if (!restricting) continue;
        checkOtherFormat(context, handoff.contingency!.uri, [...handoff.contingency!.path, 'alternate_format'], alternate, `Alternate format`, restricting.assetType, ` of '${handoff.id}' (template '${restricting.template.id}')`);
      }
    }
    for (const risk of production.risks) {
      const alternate = risk.contingency?.alternateFormat;
      if (alternate === undefined || !production.format(alternate)) continue;
      const path = [...risk.path, 'contingency', 'alternate_format'];
      for (const id of risk.handoffs) {
        const handoff = production.handoff(id);
        const restricting = handoff && restrictingAssetType(context, handoff.template);
        if (!restricting || restricting.assetType.formats.includes(alternate)) continue;
        checkOtherFormat(context, risk.uri, path, alternate, 'Alternate format', restricting.assetType, ` of '${id}' (template '${restricting.template.id}')`);
        // One finding per risk: the first handoff that does not allow it.
        break;
      }
    }
  },
};
