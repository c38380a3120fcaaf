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

/** JSON with object keys sorted at every level; `undefined` members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  });
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
