// A studio's OpenColorIO config (DESIGN §7.4, §7.7): the names a glossary
// color space may give in `ocio:`. The host reads the file (it may be
// missing, too large or a zip); this module takes its text and returns the
// names: those and the aliases of `colorspaces` and `display_colorspaces`,
// and the keys of `roles` (named transforms, looks, views and displays do not
// count), compared without case. The `!<ColorSpace>` style tags of OCIO's
// YAML are tolerated: yaml reads the tagged maps as plain maps.
import { parseDocument } from 'yaml';

export interface OcioColorSpace {
  name: string;
  aliases: string[];
  family?: string;
  encoding?: string;
  description?: string;
  /** Listed under display_colorspaces rather than colorspaces. */
  display: boolean;
}

export interface OcioConfig {
  /** The config's own name (its `name:` field), when it has one. */
  name?: string;
  colorSpaces: OcioColorSpace[];
  /** Role name → the color space (or other name) it stands for. */
  roles: Map<string, string>;
  /** Lower-cased name, alias or role → what it is. */
  byName: Map<string, OcioName>;
}

/** What an OCIO name resolves to: a color space by its name or an alias, or a role. */
export interface OcioName {
  kind: 'color space' | 'alias' | 'role';
  /** The name as the config writes it. */
  name: string;
  /** The color space it names (for a role, the one the role points at, when the config defines it). */
  colorSpace?: OcioColorSpace;
}

/** What the host gives for the config file: its text, or why it could not read one. */
export type OcioSource = { text: string } | { problem: string };

/** A config read and parsed, or the one problem that stopped it. */
export type OcioLoaded = { config: OcioConfig } | { problem: string };

/** The largest config the host reads (real configs are well under 1 MB). */
export const OCIO_MAX_BYTES = 20 * 1024 * 1024;

/** The config's names, or why the text is not a config. */
export function parseOcioConfig(text: string): OcioLoaded {
  let value: unknown;
  try {
    const document = parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
    if (document.errors.length > 0) {
      const first = document.errors[0];
      const line = first.linePos?.[0]?.line;
      return { problem: `is not YAML (${first.code}${line === undefined ? '' : ` at line ${line}`})` };
    }
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { problem: `is not YAML (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isMap(value) || (!Array.isArray(value.colorspaces) && !isMap(value.roles))) {
    return { problem: 'is not an OCIO config: it has neither colorspaces: nor roles:' };
  }
  const colorSpaces: OcioColorSpace[] = [];
  for (const [list, display] of [[value.colorspaces, false], [value.display_colorspaces, true]] as const) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isMap(entry) || typeof entry.name !== 'string' || entry.name === '') continue;
      colorSpaces.push({
        name: entry.name,
        aliases: Array.isArray(entry.aliases) ? entry.aliases.filter((alias): alias is string => typeof alias === 'string' && alias !== '') : [],
        family: textOf(entry.family),
        encoding: textOf(entry.encoding),
        description: textOf(entry.description),
        display,
      });
    }
  }
  const roles = new Map<string, string>();
  if (isMap(value.roles)) {
    for (const [role, target] of Object.entries(value.roles)) if (typeof target === 'string') roles.set(role, target);
  }
  const byName = new Map<string, OcioName>();
  // Color space names first, then aliases, then roles: the first meaning of a name wins.
  for (const space of colorSpaces) if (!byName.has(space.name.toLowerCase())) byName.set(space.name.toLowerCase(), { kind: 'color space', name: space.name, colorSpace: space });
  for (const space of colorSpaces) {
    for (const alias of space.aliases) if (!byName.has(alias.toLowerCase())) byName.set(alias.toLowerCase(), { kind: 'alias', name: alias, colorSpace: space });
  }
  for (const [role, target] of roles) {
    if (byName.has(role.toLowerCase())) continue;
    byName.set(role.toLowerCase(), { kind: 'role', name: role, colorSpace: byName.get(target.toLowerCase())?.colorSpace });
  }
  return { config: { name: textOf(value.name), colorSpaces, roles, byName } };
}

/** Resolves a name as OCIO does here: color space names, aliases and roles, without case. */
export function resolveOcioName(config: OcioConfig, name: string): OcioName | undefined {
  return config.byName.get(name.toLowerCase());
}

/** Every name a glossary may give, as the config writes it (color spaces, then aliases, then roles). */
export function ocioNames(config: OcioConfig): string[] {
  return [...config.byName.values()].map((entry) => entry.name);
}

/**
 * Where the production's `ocio:` points: a URI next to the production file,
 * or why it names no file (`$OCIO`, OCIO's built-in `ocio://` configs).
 */
export function ocioConfigUri(productionUri: string, written: string): { uri: string } | { problem: string } {
  const value = written.trim();
  if (value.startsWith('$')) {
    return { problem: 'is an environment variable, not a file: write the path of the config.ocio it points at, relative to the production file' };
  }
  if (/^ocio:\/\//i.test(value)) {
    return {
      problem: `names a config built into OpenColorIO, not a file: export it with 'ociocheck --iconfig ${value} --oconfig config.ocio' and write that file's path`,
    };
  }
  try {
    return { uri: new URL(value.split('\\').join('/'), productionUri).href };
  } catch {
    return { problem: 'is not a path' };
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
