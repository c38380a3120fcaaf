/**
 * @module emulator/schema-instance
 * Makes the emulator honour ANY response schema in Gemini's subset (type, properties,
 * required, items, enum, const, min/max, minItems/maxItems, minLength/maxLength, anyOf,
 * $ref/$defs, OpenAPI upper-case types and `nullable`): `conformToSchema` bends a draft
 * answer into a valid instance, filling what is missing from a word list.
 */

type Schema = Readonly<Record<string, unknown>>;

const MAX_DEPTH = 12;

/** Deterministic string material for filled values. */
export interface FillSource {
  readonly words: readonly string[];
}

interface Walk {
  readonly root: Schema;
  readonly source: FillSource;
  cursor: number;
}

function asSchema(value: unknown): Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Schema) : {};
}

function resolve(schema: Schema, walk: Walk): Schema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < MAX_DEPTH; hops++) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    current = asSchema(path.reduce<unknown>((node, key) => asSchema(node)[decodeURIComponent(key)], walk.root));
  }
  const branches = current.anyOf ?? current.oneOf;
  return Array.isArray(branches) && branches.length > 0 ? resolve(asSchema(branches[0]), walk) : current;
}

function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((item) => String(item).toLowerCase() !== 'null') : schema.type;
  if (typeof type === 'string') return type.toLowerCase();
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

function nextWord(walk: Walk): string {
  const { words } = walk.source;
  const word = words.length === 0 ? 'emulated' : (words[walk.cursor % words.length] ?? 'emulated');
  walk.cursor++;
  return word;
}

function numberBounds(schema: Schema, isInteger: boolean): { low: number; high: number } {
  const step = isInteger ? 1 : 1e-6;
  const low =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + step
        : -Infinity;
  const high =
    typeof schema.maximum === 'number'
      ? schema.maximum
      : typeof schema.exclusiveMaximum === 'number'
        ? schema.exclusiveMaximum - step
        : Infinity;
  return isInteger ? { low: Math.ceil(low), high: Math.floor(high) } : { low, high };
}

function conformNumber(value: unknown, schema: Schema, isInteger: boolean): number {
  const { low, high } = numberBounds(schema, isInteger);
  const fallback =
    Number.isFinite(low) && Number.isFinite(high)
      ? (low + high) / 2
      : Number.isFinite(low)
        ? low
        : Number.isFinite(high)
          ? Math.min(high, 0)
          : 0;
  const raw = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const clamped = Math.min(Math.max(raw, low), high);
  return isInteger ? Math.round(clamped) : clamped;
}

function conformString(value: unknown, schema: Schema, walk: Walk): string {
  if (schema.format === 'date-time' && typeof value !== 'string') return '1970-01-01T00:00:00Z';
  if (schema.format === 'date' && typeof value !== 'string') return '1970-01-01';
  let text = typeof value === 'string' ? value : nextWord(walk);
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  while (text.length < minLength) text = `${text} ${nextWord(walk)}`;
  return typeof schema.maxLength === 'number' ? text.slice(0, schema.maxLength) : text;
}

function conformArray(value: unknown, schema: Schema, walk: Walk, depth: number): unknown[] {
  const itemSchema = asSchema(schema.items);
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const minItems = Math.min(typeof schema.minItems === 'number' ? schema.minItems : 0, maxItems);
  const items = (Array.isArray(value) ? value : []).slice(0, maxItems).map((item) => conform(item, itemSchema, walk, depth + 1));
  // A filled array gets one item (when allowed) so generic answers are not empty shells.
  const wanted = Array.isArray(value) ? minItems : Math.min(Math.max(minItems, 1), maxItems);
  while (items.length < wanted) items.push(conform(undefined, itemSchema, walk, depth + 1));
  return items;
}

function conformObject(value: unknown, schema: Schema, walk: Walk, depth: number): Record<string, unknown> {
  const draft = asSchema(value);
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const result: Record<string, unknown> = {};
  for (const [key, propertySchema] of Object.entries(properties)) {
    // Optional properties are kept when the draft has them, and filled only in a blank draft.
    if (key in draft || required.has(key) || value === undefined)
      result[key] = conform(draft[key], asSchema(propertySchema), walk, depth + 1);
  }
  for (const key of required) if (!(key in result)) result[key] = draft[key] ?? nextWord(walk);
  return result;
}

function conform(value: unknown, rawSchema: Schema, walk: Walk, depth: number): unknown {
  const schema = resolve(rawSchema, walk);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.includes(value) ? value : schema.enum[0];
  if (value === null && (schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')))) return null;
  if (depth > MAX_DEPTH) return value === undefined ? null : value;
  switch (typeOf(schema)) {
    case 'object':
      return conformObject(value, schema, walk, depth);
    case 'array':
      return conformArray(value, schema, walk, depth);
    case 'string':
      return conformString(value, schema, walk);
    case 'number':
      return conformNumber(value, schema, false);
    case 'integer':
      return conformNumber(value, schema, true);
    case 'boolean':
      return typeof value === 'boolean' ? value : false;
    case 'null':
      return null;
    default:
      return value === undefined ? nextWord(walk) : value;
  }
}

/**
 * Returns a valid instance of `schema` that keeps whatever of `draft` already fits: arrays
 * are trimmed to maxItems and padded to minItems, numbers clamped, enums enforced, missing
 * required properties filled. `conformToSchema(undefined, schema, source)` fills from scratch.
 */
export function conformToSchema(draft: unknown, schema: Schema, source: FillSource): unknown {
  return conform(draft, schema, { root: schema, source, cursor: 0 }, 0);
}
