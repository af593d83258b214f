// Reads the JSON Schemas of the spec language the way an editor needs them:
// which keys a map at a path may hold (with their descriptions), which enum
// values a value may take, and what a node is described as. Follows local
// `$ref`s and looks into every `oneOf` / `anyOf` / `allOf` branch, so a
// checklist entry that is "an id or an object" offers both.
import { schemaFor } from '../schema';
import type { FileKind, NodePath } from '../types';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface SchemaKey {
  key: string;
  description?: string;
  title?: string;
  required: boolean;
  /** The JSON types the key's value may have ('object', 'array', 'string', ...). */
  types: string[];
  /** For arrays: the JSON types of the items. */
  itemTypes: string[];
}

/** A view of one file kind's schema. */
export class SchemaView {
  private constructor(private readonly root: Schema) {}

  static of(kind: FileKind): SchemaView | undefined {
    const root: unknown = schemaFor(kind);
    return isSchema(root) ? new SchemaView(root) : undefined;
  }

  /** The schemas that describe the node at `path`, before `$ref`s are followed (their own descriptions win). */
  at(path: NodePath): Schema[] {
    let current: Schema[] = [this.root];
    for (const segment of path) {
      const next: Schema[] = [];
      for (const schema of current) {
        for (const branch of this.expand(schema)) next.push(...this.child(branch, segment));
      }
      if (next.length === 0) return [];
      current = next;
    }
    return current;
  }

  /** The keys a map at `path` may hold, in schema order. */
  keys(path: NodePath): SchemaKey[] {
    const found = new Map<string, SchemaKey>();
    for (const schema of this.at(path)) {
      for (const branch of this.expand(schema)) {
        const required = Array.isArray(branch.required) ? branch.required.filter((k): k is string => typeof k === 'string') : [];
        if (!isSchema(branch.properties)) continue;
        for (const [key, property] of Object.entries(branch.properties)) {
          if (!isSchema(property) || found.has(key)) continue;
          found.set(key, {
            key,
            description: this.describe([property]),
            title: this.title([property]),
            required: required.includes(key),
            types: this.types([property]),
            itemTypes: this.types(this.itemsOf([property])),
          });
        }
      }
    }
    return [...found.values()];
  }

  /** The enum values a value at `path` may take (booleans as true/false). */
  /** What each enum value at a path means, where the schema says (`enumDescriptions`). */
  enumDescriptions(path: NodePath): Map<string, string> {
    const described = new Map<string, string>();
    for (const schema of this.at(path)) {
      for (const branch of this.expand(schema)) {
        const texts = (branch as { enumDescriptions?: unknown }).enumDescriptions;
        if (!Array.isArray(branch.enum) || !Array.isArray(texts)) continue;
        branch.enum.forEach((value, index) => {
          if (typeof texts[index] === 'string' && !described.has(String(value))) described.set(String(value), texts[index] as string);
        });
      }
    }
    return described;
  }

  enumValues(path: NodePath): string[] {
    const values = new Set<string>();
    for (const schema of this.at(path)) {
      for (const branch of this.expand(schema)) {
        if (Array.isArray(branch.enum)) for (const value of branch.enum) values.add(String(value));
        if (branch.type === 'boolean') {
          values.add('true');
          values.add('false');
        }
      }
    }
    return [...values];
  }

  /** The first description found: the node's own, then what its `$ref`s and branches say. */
  description(path: NodePath): string | undefined {
    return this.describe(this.at(path));
  }

  /** The JSON types the node at `path` may have. */
  typesAt(path: NodePath): string[] {
    return this.types(this.at(path));
  }

  private describe(schemas: Schema[]): string | undefined {
    for (const schema of schemas) if (typeof schema.description === 'string') return schema.description;
    for (const schema of schemas) {
      for (const branch of this.expand(schema)) if (typeof branch.description === 'string') return branch.description;
    }
    return undefined;
  }

  private title(schemas: Schema[]): string | undefined {
    for (const schema of schemas) if (typeof schema.title === 'string') return schema.title;
    return undefined;
  }

  private types(schemas: Schema[]): string[] {
    const types = new Set<string>();
    for (const schema of schemas) {
      for (const branch of this.expand(schema)) {
        if (typeof branch.type === 'string') {
          types.add(branch.type);
        } else if (Array.isArray(branch.type)) {
          for (const t of branch.type) if (typeof t === 'string') types.add(t);
        } else if (isSchema(branch.properties)) {
          types.add('object');
        }
      }
    }
    return [...types];
  }

  private itemsOf(schemas: Schema[]): Schema[] {
    const items: Schema[] = [];
    for (const schema of schemas) for (const branch of this.expand(schema)) if (isSchema(branch.items)) items.push(branch.items);
    return items;
  }

  /** The schemas for one child of a node described by `schema` (already expanded). */
  private child(schema: Schema, segment: string | number): Schema[] {
    if (typeof segment === 'number') {
      if (isSchema(schema.items)) return [schema.items];
      if (Array.isArray(schema.items) && isSchema(schema.items[segment])) return [schema.items[segment] as Schema];
      return [];
    }
    if (isSchema(schema.properties) && isSchema(schema.properties[segment])) return [schema.properties[segment] as Schema];
    const matched: Schema[] = [];
    if (isSchema(schema.patternProperties)) {
      for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
        if (isSchema(sub) && safeTest(pattern, segment)) matched.push(sub);
      }
    }
    if (matched.length === 0 && isSchema(schema.additionalProperties)) matched.push(schema.additionalProperties);
    return matched;
  }

  /** The schema itself with its `$ref` followed and its combinator branches flattened (cycle-safe). */
  private expand(schema: Schema, seen = new Set<Schema>()): Schema[] {
    if (seen.has(schema)) return [];
    seen.add(schema);
    const result: Schema[] = [schema];
    if (typeof schema.$ref === 'string') {
      const target = this.resolveRef(schema.$ref);
      if (target) result.push(...this.expand(target, seen));
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      const branches = schema[combinator];
      if (!Array.isArray(branches)) continue;
      for (const branch of branches) if (isSchema(branch)) result.push(...this.expand(branch, seen));
    }
    return result;
  }

  private resolveRef(ref: string): Schema | undefined {
    if (!ref.startsWith('#')) return undefined;
    let node: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter((part) => part !== '')) {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isSchema(node)) return undefined;
      node = node[part];
    }
    return isSchema(node) ? node : undefined;
  }
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

/** The schema view of a file kind: a wrapper of the kind's schema, made per call (it keeps nothing of its own). */
export function schemaView(kind: FileKind): SchemaView | undefined {
  return SchemaView.of(kind);
}
