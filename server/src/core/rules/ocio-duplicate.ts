// Two glossary color spaces that name the same color space of the OCIO
// config (by its name, an alias or a role that points at it): probably one
// entry too many. Info: a studio may keep two ids on purpose.
import { resolveOcioName } from '../ocio';
import type { ColorSpaceSpec } from '../specs';
import type { Rule } from './rule';

export const ocioDuplicate: Rule = {
  id: 'ocio-duplicate',
  defaultSeverity: 'info',
  summary: 'Two glossary color spaces name the same color space of the OCIO config.',
  check(context) {
    const { production } = context;
    const loaded = production.ocio?.loaded;
    if (!loaded || !('config' in loaded)) return;
    const first = new Map<string, ColorSpaceSpec>();
    for (const space of production.colorSpaces) {
      if (space.ocio === undefined) continue;
      const target = resolveOcioName(loaded.config, space.ocio)?.colorSpace;
      if (!target) continue;
      const earlier = first.get(target.name);
      if (!earlier) {
        first.set(target.name, space);
        continue;
      }
      context.report({
        uri: space.uri,
        span: context.span(space.uri, [...space.path, 'ocio']),
        message: `Color spaces '${earlier.id}' and '${space.id}' both name OCIO color space '${target.name}'; keep one of them, or point this one at another OCIO name.`,
        related: [{ location: { uri: earlier.uri, span: context.span(earlier.uri, [...earlier.path, 'ocio']) }, message: `'${earlier.id}' names it as '${earlier.ocio}'.` }],
      });
    }
  },
};
