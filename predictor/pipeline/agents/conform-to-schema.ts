/**
 * @module pipeline/agents/conform-to-schema
 * Validation that does not fail on what can be fixed safely. Gemini enforces a response
 * schema only in JSON mode; in text mode a model may return six takeaways or a confidence
 * of 1.2. So the agent validates against a relaxed schema (no maxItems/minimum/maximum)
 * and then conforms the value: arrays cut to maxItems, numbers clamped, unknown keys dropped.
 */
import type { JsonSchema } from '../../llm/language-model.js';

const FIXABLE_KEYWORDS = new Set(['maxItems', 'minimum', 'maximum']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema without the keywords `conformToSchema` repairs. */
export function relaxSchema(schema: JsonSchema): JsonSchema {
  const relaxed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (FIXABLE_KEYWORDS.has(key)) continue;
    if (key === 'properties' && isRecord(value)) {
      relaxed[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isRecord(child) ? relaxSchema(child) : child]));
    } else if (key === 'items' && isRecord(value)) {
      relaxed[key] = relaxSchema(value);
    } else {
      relaxed[key] = value;
    }
  }
  return relaxed;
}

/** Brings a value that passed the relaxed schema within the full one. */
export function conformToSchema(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = isRecord(schema.items) ? schema.items : undefined;
    const limited = typeof schema.maxItems === 'number' ? value.slice(0, schema.maxItems) : value;
    return items ? limited.map((item) => conformToSchema(item, items)) : limited;
  }
  if (typeof value === 'number') {
    const minimum = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const maximum = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    return Math.min(maximum, Math.max(minimum, value));
  }
  if (isRecord(value) && isRecord(schema.properties)) {
    const properties = schema.properties;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => Object.hasOwn(properties, key))
        .map(([key, child]) => {
          const childSchema = properties[key];
          return [key, isRecord(childSchema) ? conformToSchema(child, childSchema) : child];
        }),
    );
  }
  return value;
}
