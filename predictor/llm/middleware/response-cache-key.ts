/**
 * @module llm/middleware/response-cache-key
 * The exact-match key of the response cache: sha256 of the canonical JSON (keys sorted,
 * undefined dropped) of the model id and the whole request — system instruction, contents,
 * schema, Search flag, every generation parameter, service tier and labels (so a new
 * prompt version never reads an old answer).
 *
 * `cachedContent` (an explicit context cache name) stays IN the key: with a context cache
 * the shared prefix (transcript, instruction) lives upstream and the request no longer
 * carries it, so two episodes could send identical requests that differ only by cache
 * name. Dropping it would serve one episode's answer for another.
 *
 * A scope (the caller's principal, unless the cache is configured as shared) is in the key
 * too: a hit then only ever answers the tenant whose own call stored it, so `cache_hit`
 * and a zero bill never reveal that another tenant sent the same transcript.
 */
import { createHash } from 'node:crypto';
import type { GenerateRequest } from '../language-model.js';

/** Bump when the key layout or the stored value format changes. */
const KEY_VERSION = 1;

/**
 * JSON with object keys sorted at every level; `undefined` members are dropped as
 * JSON.stringify does (and become `null` in arrays, as there). Written out by hand rather
 * than with a JSON.stringify replacer: it runs on every LLM call, over the prompt and the
 * response schema, and a replacer is called (and a sorted copy made) for every value.
 */
export function canonicalJson(value: unknown): string {
  return canonicalOf(value) ?? 'null';
}

function canonicalOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalOf((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalOf(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of sortedKeys(value)) {
    const member = canonicalOf((value as Record<string, unknown>)[key]);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;

/**
 * The keys in the order the keys were written before (a sorted copy serialised by
 * JSON.stringify): sorted, except that integer-like keys come first in numeric order, as
 * JavaScript orders an object's own keys. Keys already stored stay valid.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value).sort();
  const indices = keys.filter((key) => ARRAY_INDEX.test(key) && Number(key) < 2 ** 32 - 1);
  if (indices.length === 0) return keys;
  const indexSet = new Set(indices);
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !indexSet.has(key))];
}

/**
 * Hex sha256 identifying a request to a model within `scope`. Without a scope the key is
 * the one every unscoped caller shares. A member set to undefined is dropped from the JSON
 * like an absent one, so a request rebuilt from parsed or spread data keys the same.
 */
export function responseCacheKey(
  modelId: string,
  request: { readonly [K in keyof GenerateRequest]?: GenerateRequest[K] | undefined },
  scope?: string,
): string {
  return createHash('sha256')
    .update(canonicalJson({ version: KEY_VERSION, modelId, request, scope }))
    .digest('hex');
}
