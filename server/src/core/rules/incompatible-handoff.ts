// What an upstream handoff delivers (its template's format and color space)
// must be something the downstream handoff's template `accepts`, when the
// template says what it accepts.
//
// A file's findings depend on the file, on templates and on which template
// each handoff names; they are kept with the file's version and found again
// only when one of those changed.
import type { FileModel } from '../fileModel';
import { dependsOnEntries } from '../fileIndex';
import { spanOf } from '../parse';
import type { ProductionModel } from '../production';
import type { Finding, NodePath } from '../types';
import type { Rule } from './rule';

function listText(ids: readonly string[]): string {
  return ids.length === 0 ? 'nothing' : `only ${ids.join(', ')}`;
}

type Report = (finding: Omit<Finding, 'rule'>) => void;

function checkFile(production: ProductionModel, file: FileModel, report: Report): void {
  for (const handoff of file.entities.handoffs) {
    const template = handoff.template === undefined ? undefined : production.template(handoff.template);
    const accepts = template?.accepts;
    if (!template || !accepts || (accepts.formats === undefined && accepts.colorSpaces === undefined)) continue;
    const span = (uri: string, path: NodePath) => {
      const target = production.file(uri);
      return target ? spanOf(target.parsed, path) : { start: 0, end: 0 };
    };
    for (const entry of dependsOnEntries(file, handoff.path)) {
      const upstream = production.handoff(entry.id);
      const upstreamTemplate = upstream?.template === undefined ? undefined : production.template(upstream.template);
      if (!upstream || !upstreamTemplate) continue;
      const checks = [
        { what: 'format', key: 'format', value: upstreamTemplate.format, accepted: accepts.formats, acceptsKey: 'formats' },
        { what: 'color space', key: 'color_space', value: upstreamTemplate.colorSpace, accepted: accepts.colorSpaces, acceptsKey: 'color_spaces' },
      ];
      for (const { what, key, value, accepted, acceptsKey } of checks) {
        if (value === undefined || accepted === undefined || accepted.includes(value)) continue;
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

/** A file's findings and the generations they hold for. */
const cache = new WeakMap<FileModel, { key: string; findings: Omit<Finding, 'rule'>[] }>();

export const incompatibleHandoff: Rule = {
  id: 'incompatible-handoff',
  defaultSeverity: 'error',
  summary: 'An upstream handoff delivers a format or color space that the template of a handoff depending on it does not accept.',
  check(context) {
    const production = context.production;
    const key = [
      production.generation('templates'),
      production.generation('kind:template'),
      production.generation('handoff-templates'),
      production.generation('kind:handoff'),
    ].join('.');
    for (const file of production.files) {
      if (file.entities.handoffs.length === 0) continue;
      let cached = cache.get(file);
      if (!cached || cached.key !== key) {
        const findings: Omit<Finding, 'rule'>[] = [];
        checkFile(production, file, (finding) => findings.push(finding));
        cache.set(file, (cached = { key, findings }));
      }
      for (const finding of cached.findings) context.report(finding);
    }
  },
};
