// The rule catalogue has one source: the rule files, listed in
// server/src/core/rules/index.ts. Everything else that names the rules is
// derived here and written by `npm run build` (esbuild.mjs runs
// writeCatalogue); test/unit/generated.test.ts fails when a derived copy is
// stale or a rule has no page in docs/rules/.
//
// Only the derived parts of each file are rewritten, in place, so the rest of
// the file (and the diff) stays the way people wrote it.
import { findNodeAtLocation, parseTree, type JSONPath } from 'jsonc-parser';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../server/src/core/rules';
import type { Rule } from '../server/src/core/rules/rule';
import { ruleDocCommandUri } from '../server/src/protocol';

export interface DerivedFile {
  /** Relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

const SEVERITIES = ['error', 'warning', 'info', 'off'];

/** A markdown link that opens the rule's page bundled with the extension, inside VS Code, with no network. */
export function ruleDocLink(rule: string): string {
  return `[${rule}](${ruleDocCommandUri(rule)})`;
}

export const TABLE_START = '<!-- The table below is written by `npm run build` from server/src/core/rules; edit the rule files, not the table. -->';
export const TABLE_END = '<!-- end of the generated table -->';

/** Replace the JSON value at `jsonPath` in `text`, written at that value's indentation. */
function replaceJsonValue(text: string, file: string, jsonPath: JSONPath, value: unknown, style: 'lines' | 'one-line-per-key'): string {
  const node = findNodeAtLocation(parseTree(text)!, jsonPath);
  if (!node) throw new Error(`${file}: no ${jsonPath.join('.')} to write the rule catalogue into`);
  const lineStart = text.lastIndexOf('\n', node.offset) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart))![0];
  let written: string;
  if (style === 'lines') {
    written = JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  } else {
    // The schema keeps one line per rule, like its other compact maps.
    const entries = Object.entries(value as Record<string, unknown>).map(([key, entry]) => `${indent}  ${JSON.stringify(key)}: { ${Object.entries(entry as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`);
    written = `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return text.slice(0, node.offset) + written + text.slice(node.offset + node.length);
}

function schemaRules(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    rules.map((rule) => [rule.id, { $ref: '#/definitions/severity', title: rule.id, description: `${rule.summary} Default: ${rule.defaultSeverity}.` }]),
  );
}

function settingsRules(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    rules.map((rule) => [
      rule.id,
      {
        type: 'string',
        enum: SEVERITIES,
        markdownDescription: `${rule.summary} Default: \`${rule.defaultSeverity}\`. See ${ruleDocLink(rule.id)}.`,
      },
    ]),
  );
}

function ruleTable(rules: readonly Rule[]): string {
  const rows = rules.map((rule) => `| [${rule.id}](${rule.id}.md) | ${rule.defaultSeverity} | ${rule.summary.replace(/\|/g, '\\|')} |`);
  return ['| rule | default | catches |', '| --- | --- | --- |', ...rows].join('\n');
}

function replaceTable(text: string, file: string, table: string): string {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${file}: the markers of the generated rule table are missing`);
  return `${text.slice(0, start + TABLE_START.length)}\n${table}\n${text.slice(end)}`;
}

/**
 * The derived files as they should be, given how they read now (`read` takes
 * a path relative to the repository root).
 */
export function deriveCatalogue(read: (file: string) => string, rules: readonly Rule[] = RULES): DerivedFile[] {
  const schemaFile = 'schemas/production.schema.json';
  const packageFile = 'package.json';
  const docsFile = 'docs/rules/README.md';
  return [
    { path: schemaFile, text: replaceJsonValue(read(schemaFile), schemaFile, ['properties', 'rules', 'properties'], schemaRules(rules), 'one-line-per-key') },
    {
      path: packageFile,
      text: replaceJsonValue(read(packageFile), packageFile, ['contributes', 'configuration', 'properties', 'handoff.rules', 'properties'], settingsRules(rules), 'lines'),
    },
    { path: docsFile, text: replaceTable(read(docsFile), docsFile, ruleTable(rules)) },
  ];
}

/** Rules without their page `docs/rules/<id>.md`, which the derived files and every diagnostic link to. */
export function rulesWithoutDocs(exists: (file: string) => boolean, rules: readonly Rule[] = RULES): string[] {
  return rules.filter((rule) => !exists(`docs/rules/${rule.id}.md`)).map((rule) => rule.id);
}

/** Write the derived files under `root` that changed; returns their paths. */
export function writeCatalogue(root: string): string[] {
  const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
  const written: string[] = [];
  for (const derived of deriveCatalogue(read)) {
    if (read(derived.path) === derived.text) continue;
    writeFileSync(path.join(root, derived.path), derived.text);
    written.push(derived.path);
  }
  const missing = rulesWithoutDocs((file) => existsSync(path.join(root, file)));
  if (missing.length > 0) console.warn(`Rules without a page in docs/rules/: ${missing.join(', ')} (write docs/rules/<id>.md: what, a failing example, the fix).`);
  return written;
}
