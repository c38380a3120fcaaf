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
import { isFrozenPlainTree } from '../../deep-freeze.js';
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
  return canonicalOf(value, '') ?? 'null';
}

/** As JSON.stringify writes `value` found under `key`: its `toJSON` is called once, with the key. */
function canonicalOf(value: unknown, key: string): string | undefined {
  const json: unknown =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(key: string): unknown }).toJSON(key)
      : value;
  if (json === null || typeof json !== 'object') return JSON.stringify(json);
  const known = canonicalOfFrozen.get(json);
  if (known !== undefined) return known;
  const text = canonicalOfObject(json);
  if (isFrozenPlainTree(json)) canonicalOfFrozen.set(json, text);
  return text;
}

/**
 * The canonical JSON of objects that can never change (see `isFrozenPlainTree`), by identity:
 * the agents' response schemas are the same frozen objects on every call, and walking them
 * with sorted keys was most of the key's cost.
 */
const canonicalOfFrozen = new WeakMap<object, string>();

function canonicalOfObject(json: object): string {
  if (Array.isArray(json)) {
    // An index loop: a hole in a sparse array is written as null, as JSON.stringify does.
    const items: string[] = [];
    for (let index = 0; index < json.length; index++) items.push(canonicalOf(json[index], String(index)) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const members: string[] = [];
  for (const memberKey of sortedKeys(json)) {
    const member = canonicalOf((json as Record<string, unknown>)[memberKey], memberKey);
    if (member !== undefined) members.push(`${JSON.stringify(memberKey)}:${member}`);
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
  // An own `__proto__` key (JSON.parse makes them) never reached the former keys: assigning it
  // to the sorted copy set that copy's prototype. Requests built here never carry one.
  const keys = Object.keys(value)
    .filter((key) => key !== '__proto__')
    .sort();
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
