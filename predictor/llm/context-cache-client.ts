/**
 * @module llm/context-cache-client
 * Provider-neutral explicit context caching, as the pipeline sees it: create a cache holding
 * a shared prompt prefix, delete it, and the smallest cache each model accepts. The Gemini
 * implementation (`gemini-context-cache.ts`, `cachedContents`) satisfies this interface.
 */

export interface CreateContextCacheRequest {
  readonly modelId: string;
  readonly systemInstruction?: string;
  /** User-turn text parts: the shared prefix. */
  readonly contents: readonly string[];
  /** Put the Search tool into the cache: a cached call may not send tools itself. */
  readonly useGoogleSearch?: boolean;
  readonly ttlSeconds: number;
  readonly displayName: string;
}

export interface ContextCache {
  /** Provider name of the cache, passed as `GenerateRequest.cachedContent`. */
  readonly name: string;
  /** Tokens the cache holds, as the provider counted them (billed once at creation). */
  readonly tokenCount?: number;
  /** RFC 3339 expiry, as the provider reports it. */
  readonly expireTime?: string;
}

export interface ContextCacheClient {
  create(request: CreateContextCacheRequest, options?: { readonly signal?: AbortSignal }): Promise<ContextCache>;
  delete(name: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

// Gemini API docs (2026): explicit caches hold at least 2,048 tokens on 2.5 models and 4,096 on 3.x.
const MINIMUM_TOKENS: readonly { readonly pattern: RegExp; readonly minimumTokens: number }[] = [
  { pattern: /^(?:models\/)?gemini-2\.5-/, minimumTokens: 2_048 },
  { pattern: /^(?:models\/)?gemini-([3-9]|\d{2,})/, minimumTokens: 4_096 },
];

/** Unknown models get the larger minimum: a cache that is too small fails creation (400). */
export const DEFAULT_MINIMUM_CACHED_TOKENS = 4_096;

/** The smallest explicit cache `modelId` accepts, in tokens. */
export function minimumCachedTokensFor(modelId: string): number {
  return MINIMUM_TOKENS.find(({ pattern }) => pattern.test(modelId))?.minimumTokens ?? DEFAULT_MINIMUM_CACHED_TOKENS;
}
