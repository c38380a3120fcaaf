/**
 * @module llm/middleware/create-response-cache-store
 * Picks the response cache store from config: none when disabled, Redis when `REDIS_URL`
 * is set (shared by every replica), otherwise in-memory per replica.
 */
import type { LlmConfig } from '../../config/sections/llm-config.js';
import type { Logger } from '../../observability/logger.js';
import { createMemoryResponseCacheStore } from './memory-response-cache-store.js';
import { createRedisClient, createRedisResponseCacheStore } from './redis-response-cache-store.js';
import type { ResponseCacheStore } from './response-cache-store.js';

export interface CreateResponseCacheStoreOptions {
  readonly config: Pick<LlmConfig, 'isResponseCacheEnabled' | 'redisUrl' | 'responseCacheMaxEntries' | 'responseCacheMaxBytes'>;
  readonly logger: Logger;
}

/**
 * @example
 * const store = await createResponseCacheStore({ config: config.llm, logger });
 * // shutdown: await store?.close?.();
 */
export async function createResponseCacheStore({ config, logger }: CreateResponseCacheStoreOptions): Promise<ResponseCacheStore | undefined> {
  if (!config.isResponseCacheEnabled) return undefined;
  if (config.redisUrl !== undefined) {
    return createRedisResponseCacheStore({ client: await createRedisClient({ url: config.redisUrl, logger }), logger });
  }
  return createMemoryResponseCacheStore({ maxEntries: config.responseCacheMaxEntries, maxBytes: config.responseCacheMaxBytes });
}
