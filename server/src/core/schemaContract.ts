// What the schema validators generated at build time (scripts/validators.ts
// writes server/src/core/generated/validators.ts) and the message builder in
// schema.ts agree on: the formats our schemas use beyond JSON Schema's own
// (`date`, a real calendar day; `regex`, a pattern JavaScript compiles), the
// annotation keyword, and which oneOf/anyOf branches get a validator of their
// own. The generated code calls these very functions.
import type { ErrorObject } from 'ajv';

/** Days in a month of the Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** YYYY-MM-DD naming a day that exists. */
export function isCalendarDate(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!parts) return false;
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(parts[1]), month);
}

/** Why a regular expression does not compile, or undefined when it does. */
export function regexProblem(text: string): string | undefined {
  try {
    new RegExp(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.slice(message.lastIndexOf(': ') + 1).trim();
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
}

/** A format as ajv takes it (and as generated validators call it: `.validate`). */
export interface StringFormat {
  readonly type: 'string';
  readonly validate: (text: string) => boolean;
}

/** The formats by name, for ajv at build time and the generated validators at run time. */
export const SCHEMA_FORMATS: Readonly<Record<'date' | 'regex', StringFormat>> = {
  date: { type: 'string', validate: isCalendarDate },
  regex: { type: 'string', validate: (text: string) => regexProblem(text) === undefined },
};

/** `x-messages`: our wording of what a schema node's own `not`, `required` or `oneOf` refuses (see schema.ts). */
export const MESSAGES_KEYWORD = 'x-messages';

/** A generated validator: true when the value fits; the errors of the last call otherwise. */
export interface SchemaValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** The key of the validator of the schema node at `pointer` in a kind's schema. */
export function branchValidatorKey(kind: string, pointer: string): string {
  return `${kind}#${pointer}`;
}

/** The JSON pointer of every oneOf/anyOf list in a schema. */
export function alternativeLists(schema: object): string[] {
  const found: string[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((child, index) => visit(child, `${pointer}/${index}`));
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if ((key === 'oneOf' || key === 'anyOf') && Array.isArray(child)) found.push(at);
      // Values, not schemas: what an enum lists, a default or an example holds.
      if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples' || key === 'enumDescriptions' || key === MESSAGES_KEYWORD) continue;
      visit(child, at);
    }
  };
  visit(schema, '');
  return found;
}

/** The schema node at a JSON pointer. */
export function nodeAt(root: unknown, pointer: string): unknown {
  let target = root;
  for (const segment of pointer === '' ? [] : pointer.slice(1).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    target = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)[key] : undefined;
  }
  return target;
}

/**
 * The JSON pointer of every oneOf/anyOf branch of a schema that is validated
 * on its own: one with a type or a `$ref`. A branch with neither (`{ required:
 * [units] }` under a map's oneOf) cannot be compiled alone in strict mode; its
 * errors are read from those of the whole value instead.
 */
export function validatorBranches(schema: object): string[] {
  return alternativeLists(schema).flatMap((list) => {
    const branches = nodeAt(schema, list) as unknown[];
    return branches.flatMap((branch, index) => (typeof branch === 'object' && branch !== null && ('type' in branch || '$ref' in branch) ? [`${list}/${index}`] : []));
  });
}
