// A compact JSON text of a view's model (the schedule, the graph) for the
// standalone pages and the webview panels. Tens of thousands of handoffs are
// arrays of objects with the same keys and many repeated strings (file URIs,
// departments, dates, statuses): each such array is written as a table, its
// keys once and a column per key, and a column of repeated strings or
// booleans as a dictionary and indexes into it. A schedule of 50,000
// handoffs takes about a third of its JSON text (less page to decode and
// parse), a webview receives it as one string (not a structured clone of
// 50,000 objects), and it unpacks, one JSON.parse and a pass over the
// columns, in about the time JSON.parse takes for the full objects.
//
// Lossless for any JSON value: unpackModel(packModel(value)) deep-equals
// value. The packed form, as JSON:
// - a string, number, boolean or null: itself;
// - an object: its keys and packed values; a key that starts with `~` is
//   written with another `~` in front, so no object is read as a column;
// - an array: a column (below) with no absent items.
// A column, the values of one key over the rows of a table (absent where a
// row lacks the key), is one of:
// - `[v, …]`: the packed values, none absent;
// - `{"~t": [keys], "n": rows, "c": [columns], "x"?: [rows]}`: a table of
//   objects, the rows listed in x absent;
// - `{"~d": [values], "i": [index or -1 when absent]}`: a dictionary;
// - `{"~v": [v or null], "x": [rows]}`: the packed values, the rows listed
//   in x absent.

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Packed = JsonValue;
/** The values of a column, `undefined` where a row has no value. */
type Column = (JsonValue | undefined)[];

/** Fewer objects than this stay an array of objects: a table would not be shorter. */
const TABLE_MIN = 4;

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The packed JSON text of a model (of JSON data: no undefined in arrays, no functions). */
export function packModel(model: unknown): string {
  return JSON.stringify(model === undefined ? null : packValue(model as JsonValue));
}

/** The model a packed text holds. */
export function unpackModel(text: string): unknown {
  return unpackValue(JSON.parse(text) as Packed);
}

function packValue(value: JsonValue): Packed {
  if (Array.isArray(value)) return packColumn(value);
  if (!isObject(value)) return value;
  const packed: { [key: string]: Packed } = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    // JSON.stringify leaves out a key whose value is undefined; so does the packed form.
    if (item === undefined) continue;
    packed[key.startsWith('~') ? `~${key}` : key] = packValue(item);
  }
  return packed;
}

function absentRows(values: Column): number[] {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === undefined) rows.push(i);
  return rows;
}

function packColumn(values: Column): Packed {
  let objects = 0;
  let repeatable = 0;
  let present = 0;
  for (const value of values) {
    if (value === undefined) continue;
    present++;
    if (isObject(value)) objects++;
    else if (typeof value === 'string' || typeof value === 'boolean') repeatable++;
  }
  const absent = present < values.length ? absentRows(values) : [];
  if (objects === present && present >= TABLE_MIN) {
    // One pass over the rows, each value put in its key's column (made when the key is first met).
    const keys: string[] = [];
    const columns: Column[] = [];
    const columnOf = new Map<string, Column>();
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      if (value === undefined) continue;
      const object = value as { [key: string]: JsonValue };
      for (const key in object) {
        const item = object[key];
        if (item === undefined) continue;
        let column = columnOf.get(key);
        if (!column) {
          column = new Array<JsonValue | undefined>(values.length).fill(undefined);
          columnOf.set(key, column);
          keys.push(key);
          columns.push(column);
        }
        column[row] = item;
      }
    }
    const packed = columns.map(packColumn);
    return absent.length > 0 ? { '~t': keys, n: values.length, c: packed, x: absent } : { '~t': keys, n: values.length, c: packed };
  }
  if (repeatable === present && present > 0) {
    const dictionary = packDictionary(values, present);
    if (dictionary) return dictionary;
  }
  const packed = values.map((value) => (value === undefined ? null : packValue(value)));
  return absent.length > 0 ? { '~v': packed, x: absent } : packed;
}

/** A column of strings and booleans as a dictionary, when its values repeat (dates, departments, URIs); undefined when they do not (ids, titles). */
function packDictionary(values: Column, present: number): Packed | undefined {
  const dictionary: (string | boolean)[] = [];
  const index = new Map<string | boolean, number>();
  const indexes = new Array<number>(values.length);
  let last: string | boolean | undefined;
  let lastAt = -1;
  for (let row = 0; row < values.length; row++) {
    const value = values[row] as string | boolean | undefined;
    if (value === undefined) {
      indexes[row] = -1;
      continue;
    }
    // Runs of one value (the rows of one file) skip the lookup.
    if (value === last) {
      indexes[row] = lastAt;
      continue;
    }
    let at = index.get(value);
    if (at === undefined) {
      at = dictionary.length;
      // More than one distinct value in two: not worth it.
      if (at * 2 >= present) return undefined;
      dictionary.push(value);
      index.set(value, at);
    }
    indexes[row] = at;
    last = value;
    lastAt = at;
  }
  return { '~d': dictionary, i: indexes };
}

function unpackValue(packed: Packed): JsonValue {
  if (Array.isArray(packed) || isColumn(packed)) return unpackColumn(packed) as JsonValue[];
  if (!isObject(packed)) return packed;
  const value: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(packed)) value[key.startsWith('~') ? key.slice(1) : key] = unpackValue(packed[key]);
  return value;
}

function isColumn(packed: Packed): packed is { [key: string]: JsonValue } {
  return isObject(packed) && ('~t' in packed || '~d' in packed || '~v' in packed);
}

/** The packed values of a column made its values, in place: the array is the one JSON.parse just made. */
function unpackInPlace(values: Packed[]): Column {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'object' && value !== null) values[i] = unpackValue(value);
  }
  return values;
}

function unpackColumn(packed: Packed): Column {
  if (Array.isArray(packed)) return unpackInPlace(packed);
  if (!isObject(packed)) throw new Error('not a packed column');
  if ('~d' in packed) {
    const dictionary = packed['~d'] as JsonValue[];
    return (packed.i as number[]).map((at) => (at < 0 ? undefined : dictionary[at]));
  }
  if ('~v' in packed) {
    const values = unpackInPlace(packed['~v'] as Packed[]);
    for (const row of packed.x as number[]) values[row] = undefined;
    return values;
  }
  const keys = packed['~t'] as string[];
  const count = packed.n as number;
  // Dictionary columns are read through their indexes, the others unpacked first.
  const columns = (packed.c as Packed[]).map((column) => (isObject(column) && '~d' in column ? undefined : unpackColumn(column)));
  const dictionaries = (packed.c as Packed[]).map((column) => (isObject(column) && '~d' in column ? (column['~d'] as JsonValue[]) : undefined));
  const indexes = (packed.c as Packed[]).map((column) => (isObject(column) && '~d' in column ? (column.i as number[]) : undefined));
  // Row by row, each object gets its keys in one go: objects of the same keys share one shape.
  const rows: Column = new Array<JsonValue | undefined>(count);
  for (let i = 0; i < count; i++) {
    const row: { [key: string]: JsonValue } = {};
    for (let k = 0; k < keys.length; k++) {
      const column = columns[k];
      let value: JsonValue | undefined;
      if (column) value = column[i];
      else {
        const at = indexes[k]![i];
        value = at < 0 ? undefined : dictionaries[k]![at];
      }
      if (value !== undefined) row[keys[k]] = value;
    }
    rows[i] = row;
  }
  for (const row of (packed.x as number[] | undefined) ?? []) rows[row] = undefined;
  return rows;
}
