/**
 * @module config/describe-allowed
 * What a setting accepts, in words, from its JSON schema, for the one-line error a bad value
 * gets at start-up ("an integer from 0 to 65535", "one of: gemini, vertex, emulator").
 */
import type { FieldSchema } from './config-field.js';

function rangeOf(schema: FieldSchema, noun: string): string {
  const { minimum, maximum, exclusiveMinimum } = schema as { minimum?: number; maximum?: number; exclusiveMinimum?: number };
  if (minimum !== undefined && maximum !== undefined) return `${noun} from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `${noun} of at least ${minimum}`;
  if (exclusiveMinimum !== undefined) return `${noun} above ${exclusiveMinimum}`;
  if (maximum !== undefined) return `${noun} of at most ${maximum}`;
  return noun;
}

/** The values `schema` accepts, described for a person. */
export function describeAllowed(schema: FieldSchema): string {
  const { type, pattern, items, minLength } = schema as { type?: string; pattern?: string; items?: FieldSchema; minLength?: number };
  const members = schema.enum as readonly unknown[] | undefined;
  if (members !== undefined) return `one of: ${members.map(String).join(', ')}`;
  switch (type) {
    case 'integer':
      return rangeOf(schema, 'an integer');
    case 'number':
      return rangeOf(schema, 'a number');
    case 'boolean':
      return 'true or false';
    case 'array':
      return `a comma-separated list or JSON array${items ? ` of ${describeAllowed(items)}` : ''}`;
    case 'object':
      return 'a JSON object';
    case 'string':
      if (pattern !== undefined) return `text matching /${pattern}/`;
      return minLength ? 'non-empty text' : 'text';
    default:
      return 'a valid value';
  }
}
