// What an upstream handoff delivers (its template's format and color space)
// must be something the downstream handoff's template `accepts`, when the
// template says what it accepts.
//
// A file's findings depend on the file, on templates and on the template of
// each handoff it depends on. The rule keeps them per file and finds them
// again for a changed file and for the files that depend on a handoff a
// changed file defines (or for all files when a template, or the formats and
// color spaces the glossary defines, changed).
import type { FileModel } from '../fileModel';
import { dependsOnEntries } from '../fileIndex';
import { spanOf } from '../parse';
import { FollowedFiles, type ProductionModel } from '../production';
import { differenceOf } from '../model/chains';
import type { HandoffSpec, TemplateSpec } from '../specs';
import type { Finding, NodePath } from '../types';
import { templateFormatRejected } from './format-not-allowed';
import type { Rule } from './rule';

function listText(ids: readonly string[]): string {
  return ids.length === 0 ? 'nothing' : `only ${ids.join(', ')}`;
}

type Report = (finding: Omit<Finding, 'rule'>) => void;

function upstreamTemplateOf(production: ProductionModel, upstream: HandoffSpec | undefined): TemplateSpec | undefined {
  return upstream?.template === undefined ? undefined : production.template(upstream.template);
}

/** Whether a list of what is accepted (none: anything) leaves out a value delivered (none: nothing to refuse). */
function leftOut(accepted: readonly string[] | undefined, value: string | undefined): boolean {
  return value !== undefined && accepted !== undefined && !accepted.includes(value);
}

/** Whether the upstream template delivers a format or a color space that `accepts` leaves out. */
function refused(accepts: NonNullable<TemplateSpec['accepts']>, upstreamTemplate: TemplateSpec | undefined): boolean {
  return upstreamTemplate !== undefined && (leftOut(accepts.formats, upstreamTemplate.format) || leftOut(accepts.colorSpaces, upstreamTemplate.colorSpace));
}

function checkFile(production: ProductionModel, file: FileModel, handoffOf: (id: string) => HandoffSpec | undefined, report: Report): void {
  for (const handoff of file.entities.handoffs) {
    const template = handoff.template === undefined ? undefined : production.template(handoff.template);
    if (!template || !acceptsSome(template)) continue;
    const accepts = template.accepts!;
    const span = (uri: string, path: NodePath) => {
      const target = production.file(uri);
      return target ? spanOf(target.parsed, path) : { start: 0, end: 0 };
    };
    // The entries (with their places) only of a handoff with an upstream whose template is refused: each entry names one of its ids.
    if (!handoff.dependsOn.some((id) => refused(accepts, upstreamTemplateOf(production, handoffOf(id))))) continue;
    for (const entry of dependsOnEntries(file, handoff.path)) {
      const upstream = handoffOf(entry.id);
      const upstreamTemplate = upstreamTemplateOf(production, upstream);
      if (!upstream || !upstreamTemplate) continue;
      const checks = [
        { what: 'format', key: 'format', value: upstreamTemplate.format, accepted: accepts.formats, acceptsKey: 'formats' },
        { what: 'color space', key: 'color_space', value: upstreamTemplate.colorSpace, accepted: accepts.colorSpaces, acceptsKey: 'color_spaces' },
      ];
      for (const { what, key, value, accepted, acceptsKey } of checks) {
        if (value === undefined || accepted === undefined || accepted.includes(value)) continue;
        // An undefined format or color space is unknown-reference's finding, and a
        // format its own asset type does not allow is format-not-allowed's, both
        // at the upstream template: what is accepted downstream only follows.
        if (key === 'format' ? !production.format(value) || templateFormatRejected(production, upstreamTemplate) : !production.lookup('color-space', value)) continue;
        report({
          uri: entry.uri,
          span: entry.span,
          message:
            `Upstream handoff '${upstream.id}' delivers ${what} '${value}' (template '${upstreamTemplate.id}'), but template '${template.id}' ` +
            `of '${handoff.id}' accepts ${listText(accepted)}; add '${value}' to its accepts.${acceptsKey}, or change the upstream template's ${key}.`,
          related: [
            {
              location: { uri: upstreamTemplate.uri, span: span(upstreamTemplate.uri, [...upstreamTemplate.path, key]) },
              message: `Template '${upstreamTemplate.id}' delivers ${what} '${value}'.`,
            },
            {
              location: { uri: template.uri, span: span(template.uri, [...template.path, 'accepts', acceptsKey]) },
              message: `Template '${template.id}' accepts ${listText(accepted)}.`,
            },
          ],
        });
      }
    }
  }
}

/** Whether a template says what it accepts (a list of formats or of color spaces, maybe empty). */
function acceptsSome(template: TemplateSpec): boolean {
  const accepts = template.accepts;
  return accepts !== undefined && (accepts.formats !== undefined || accepts.colorSpaces !== undefined);
}

/** What the rule last found, per file, and the templates it was found with. */
interface Checked {
  templates: string;
  /** The file versions checked, and the model they were found for. */
  files: FollowedFiles;
  findings: Map<string, Omit<Finding, 'rule'>[]>;
}

export const incompatibleHandoff: Rule = {
  id: 'incompatible-handoff',
  defaultSeverity: 'error',
  summary: 'An upstream handoff delivers a format or color space that the template of a handoff depending on it does not accept.',
  check(context) {
    const production = context.production;
    const checked = production.memo(incompatibleHandoff, (): Checked => ({ templates: '', files: new FollowedFiles(), findings: new Map() }));
    // No template says what it accepts: nothing to find, and no handoff to look at (a chain production without
    // templates has 10,000). A template that comes to say it is a template edit, so the run then starts over (below).
    if (!production.templates.some(acceptsSome)) return;
    // Which templates have a format their asset type rejects (glossary edits change it): few templates, one pass.
    const rejected = production.templates.filter((template) => templateFormatRejected(production, template)).map((template) => template.id).join(',');
    // A finding also needs the delivered format or color space defined in the glossary (else it is unknown-reference's).
    const defined = `${production.generation('kind:format')}.${production.generation('kind:color-space')}`;
    const templates = `${production.generation('templates')}.${production.generation('kind:template')}.${defined}|${rejected}`;
    if (checked.templates !== templates) {
      checked.templates = templates;
      // Every file is checked again.
      checked.files.reset();
      checked.findings.clear();
    }
    // Checking every file (the first run, other templates: `first`): no handoff needs telling apart.
    const { changed, removed, first } = production.follow(checked.files);
    const dirty = new Set<string>();
    // Handoffs whose template (or whose first definition) may differ now: the files depending on them are checked again.
    const ids = new Set<string>();
    for (const [before, after] of changed) {
      dirty.add(after.parsed.uri);
      if (first) continue;
      // The handoffs that differ by object (a chain file's instances an edit did not rebuild are the same).
      const [gone, added] = differenceOf(before, after).handoffs;
      for (const handoff of gone) ids.add(handoff.id);
      for (const handoff of added) ids.add(handoff.id);
    }
    for (const [uri, before] of removed) {
      checked.findings.delete(uri);
      for (const handoff of before.entities.handoffs) ids.add(handoff.id);
    }
    for (const id of ids) for (const uri of production.referencingFiles('handoff', id)) dirty.add(uri);
    // Checking most files (the first run): the first handoff of each id from one map made in passing.
    let handoffOf = (id: string) => production.handoff(id);
    if (dirty.size > production.files.length / 4) {
      // Made when first asked (few handoffs have a template that accepts something).
      let first: Map<string, HandoffSpec> | undefined;
      handoffOf = (id) => {
        if (!first) {
          first = new Map();
          for (const handoff of production.handoffs) if (!first.has(handoff.id)) first.set(handoff.id, handoff);
        }
        return first.get(id);
      };
    }
    for (const uri of dirty) {
      const file = production.file(uri)!;
      const findings: Omit<Finding, 'rule'>[] = [];
      checkFile(production, file, handoffOf, (finding) => findings.push(finding));
      if (findings.length > 0) checked.findings.set(uri, findings);
      else checked.findings.delete(uri);
    }
    if (checked.findings.size === 0) return;
    for (const file of production.files) for (const finding of checked.findings.get(file.parsed.uri) ?? []) context.report(finding);
  },
};
