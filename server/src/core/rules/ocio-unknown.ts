// A glossary color space whose `ocio` name the production's OCIO config does
// not define (DESIGN §7.4): names, aliases and roles count, compared without
// case. A config that cannot be used (no `ocio:` file, $OCIO or an ocio://
// URI, missing, unreadable, not YAML, a zip, too large) is one finding at the
// production's `ocio` value, and then no name is reported against it.
import { resolveOcioName, ocioNames } from '../ocio';
import { closest } from '../suggest';
import type { Fix } from '../types';
import type { Rule } from './rule';

export const ocioUnknown: Rule = {
  id: 'ocio-unknown',
  defaultSeverity: 'error',
  summary: "A color space's ocio name is not a color space, alias or role of the production's OCIO config.",
  check(context) {
    const { production } = context;
    const spec = production.production;
    const named = production.colorSpaces.filter((space) => space.ocio !== undefined);
    const state = production.ocio;
    if (spec && state?.loaded && 'problem' in state.loaded) {
      context.report({
        uri: spec.uri,
        span: context.span(spec.uri, ['ocio']),
        message: `OCIO config '${spec.ocio}' ${state.loaded.problem}.`,
      });
      return;
    }
    if (named.length === 0) return;
    if (!state) {
      for (const space of named) {
        context.report({
          uri: space.uri,
          span: context.span(space.uri, [...space.path, 'ocio']),
          message: `Color space '${space.id}' names OCIO color space '${space.ocio}', but the production names no OCIO config; add 'ocio: <path to config.ocio>' to ${spec ? 'the production file' : 'a *.production.yaml'}, or remove 'ocio' here.`,
        });
      }
      return;
    }
    const loaded = state.loaded;
    // Not read yet: nothing can be said.
    if (!loaded || !('config' in loaded)) return;
    const config = loaded.config;
    for (const space of named) {
      if (resolveOcioName(config, space.ocio!)) continue;
      const span = context.span(space.uri, [...space.path, 'ocio']);
      const suggestion = closestName(space.ocio!, ocioNames(config));
      const fixes: Fix[] = suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ uri: space.uri, span, newText: quoted(suggestion) }], preferred: true }] : [];
      context.report({
        uri: space.uri,
        span,
        message:
          `OCIO name '${space.ocio}' of color space '${space.id}' is not a color space, alias or role of ${spec?.ocio ?? 'the OCIO config'}` +
          (suggestion ? `; did you mean '${suggestion}'?` : '; use a name the config defines (completion lists them).'),
        related: spec ? [{ location: { uri: spec.uri, span: context.span(spec.uri, ['ocio']) }, message: `The production's OCIO config: ${spec.ocio}.` }] : undefined,
        fixes,
      });
    }
  },
};

/** The closest name ignoring case, as the config writes it. */
function closestName(name: string, names: readonly string[]): string | undefined {
  const lower = new Map(names.map((candidate) => [candidate.toLowerCase(), candidate]));
  const found = closest(name.toLowerCase(), lower.keys());
  return found === undefined ? undefined : lower.get(found);
}

function quoted(text: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(text) && !/^[0-9]/.test(text) ? text : JSON.stringify(text);
}
