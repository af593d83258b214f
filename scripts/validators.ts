// The schema validators are compiled here, at build time, into ajv's
// standalone code: server/src/core/generated/validators.ts, written by
// `npm run build` (esbuild.mjs runs writeValidators) and not committed. The
// core then compiles nothing at run time and keeps no compiler or cache of
// validators: starting the server, the CLI or a parse worker costs no ajv
// compile, and every thread holds the same constant functions.
//
// Exported: each file kind's validator, and one for every branch of a oneOf
// or anyOf that the message builder validates on its own to say which branch
// a value was meant to be (see bestBranchErrors in server/src/core/schema.ts).
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MESSAGES_KEYWORD, SCHEMA_FORMATS, branchValidatorKey, validatorBranches } from '../server/src/core/schemaContract';
import { FILE_KINDS, type FileKind } from '../server/src/core/types';

/** Where the generated module goes, relative to the repository root. */
export const VALIDATORS_MODULE = 'server/src/core/generated/validators.ts';

/**
 * Every kind's schema, read from schemas/ now rather than imported: the
 * build writes the rules block of production.schema.json (scripts/catalogue.ts)
 * after this script was bundled, and the validators must check that text.
 */
export function readKindSchemas(root: string): Record<FileKind, object> {
  const schemas = {} as Record<FileKind, object>;
  for (const kind of FILE_KINDS) schemas[kind] = JSON.parse(readFileSync(path.join(root, 'schemas', `${kind}.schema.json`), 'utf8')) as object;
  return schemas;
}

/** The ajv the validators are compiled with: the options the message builder relies on. */
function compiler(): Ajv {
  // Strict except strictRequired: `not: { required: [start, work] }` names
  // properties that the `not` subschema itself does not define.
  const ajv = new Ajv({
    allErrors: true,
    // Errors carry their schema node (`schema`, `parentSchema`): the messages read x-messages, enums and properties from it.
    verbose: true,
    strictSchema: true,
    strictNumbers: true,
    strictTypes: true,
    strictTuples: true,
    strictRequired: false,
    code: { source: true, esm: true, lines: true, formats: _`schemaFormats` },
  });
  // What each enum value means, for hovers (and editors that read JSON Schema the way VS Code does).
  ajv.addKeyword('enumDescriptions');
  // Our wording of a node's refusals: an annotation, it checks nothing.
  ajv.addKeyword(MESSAGES_KEYWORD);
  for (const [name, format] of Object.entries(SCHEMA_FORMATS)) ajv.addFormat(name, format);
  return ajv;
}

/** The text of the generated module for these schemas. */
export function validatorsModule(schemas: Readonly<Record<FileKind, object>>): string {
  const ajv = compiler();
  const keys: string[] = [];
  const refs: Record<string, string> = {};
  const add = (key: string, ref: string): void => {
    refs[`v${keys.length}`] = ref;
    keys.push(key);
  };
  for (const kind of Object.keys(schemas).sort() as FileKind[]) {
    const schema = schemas[kind] as { $id?: string };
    const id = schema.$id ?? kind;
    ajv.addSchema(schema, schema.$id ? undefined : kind);
    add(kind, id);
    for (const pointer of validatorBranches(schema)) add(branchValidatorKey(kind, pointer), `${id}#${pointer}`);
  }
  const code = standaloneCode(ajv, refs).replace(/^"use strict";\n?/, '');
  const table = keys.map((key, index) => `  ${JSON.stringify(key)}: v${index},`).join('\n');
  return [
    '// @ts-nocheck',
    '// Written by `npm run build` (scripts/validators.ts) from schemas/*.schema.json; do not edit, do not commit.',
    "import type { SchemaValidate } from '../schemaContract';",
    // The name code.formats above reads the formats under.
    "import { SCHEMA_FORMATS as schemaFormats } from '../schemaContract';",
    code.trim(),
    '',
    '/** Each kind\'s validator by kind, and the branch validators by branchValidatorKey. */',
    'export const VALIDATORS: Readonly<Record<string, SchemaValidate>> = {',
    table,
    '};',
    '',
  ].join('\n');
}

/** Writes the generated module when it is missing or differs; returns whether it wrote. */
export function writeValidators(root: string): boolean {
  const file = path.join(root, VALIDATORS_MODULE);
  const text = validatorsModule(readKindSchemas(root));
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return true;
}
