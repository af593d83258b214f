// What an upstream handoff delivers (its template's format and color space)
// must be something the downstream handoff's template `accepts`, when the
// template says what it accepts.
import { pathKey } from '../parse';
import type { Reference } from '../types';
import type { Rule } from './rule';

function listText(ids: readonly string[]): string {
  return ids.length === 0 ? 'nothing' : `only ${ids.join(', ')}`;
}

export const incompatibleHandoff: Rule = {
  id: 'incompatible-handoff',
  defaultSeverity: 'error',
  summary: 'An upstream handoff delivers a format or color space that the template of a handoff depending on it does not accept.',
  check(context) {
    const production = context.production;
    // `depends_on` entries by the handoff that holds them, with their exact spans.
    const entries = new Map<string, Reference[]>();
    for (const reference of production.references) {
      const path = reference.path;
      if (reference.kind !== 'handoff' || path.length < 2 || path[path.length - 2] !== 'depends_on') continue;
      const owner = `${reference.uri}\u001f${pathKey(path.slice(0, -2))}`;
      const list = entries.get(owner);
      if (list) list.push(reference);
      else entries.set(owner, [reference]);
    }
    for (const handoff of production.handoffs) {
      const template = handoff.template === undefined ? undefined : production.template(handoff.template);
      const accepts = template?.accepts;
      if (!template || !accepts || (accepts.formats === undefined && accepts.colorSpaces === undefined)) continue;
      for (const entry of entries.get(`${handoff.uri}\u001f${pathKey(handoff.path)}`) ?? []) {
        const upstream = production.handoff(entry.id);
        const upstreamTemplate = upstream?.template === undefined ? undefined : production.template(upstream.template);
        if (!upstream || !upstreamTemplate) continue;
        const checks = [
          { what: 'format', key: 'format', value: upstreamTemplate.format, accepted: accepts.formats, acceptsKey: 'formats' },
          { what: 'color space', key: 'color_space', value: upstreamTemplate.colorSpace, accepted: accepts.colorSpaces, acceptsKey: 'color_spaces' },
        ];
        for (const { what, key, value, accepted, acceptsKey } of checks) {
          if (value === undefined || accepted === undefined || accepted.includes(value)) continue;
          context.report({
            uri: entry.uri,
            span: entry.span,
            message:
              `Upstream handoff '${upstream.id}' delivers ${what} '${value}' (template '${upstreamTemplate.id}'), but template '${template.id}' ` +
              `of '${handoff.id}' accepts ${listText(accepted)}; add '${value}' to its accepts.${acceptsKey}, or change the upstream template's ${key}.`,
            related: [
              {
                location: { uri: upstreamTemplate.uri, span: context.span(upstreamTemplate.uri, [...upstreamTemplate.path, key]) },
                message: `Template '${upstreamTemplate.id}' delivers ${what} '${value}'.`,
              },
              {
                location: { uri: template.uri, span: context.span(template.uri, [...template.path, 'accepts', acceptsKey]) },
                message: `Template '${template.id}' accepts ${listText(accepted)}.`,
              },
            ],
          });
        }
      }
    }
  },
};
