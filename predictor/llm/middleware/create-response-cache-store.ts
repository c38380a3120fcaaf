/**
 * @module llm/middleware/create-response-cache-store
 * Picks the response cache store from config: none when disabled, Redis when the server has
 * a Redis connection (REDIS_URL; shared by every replica), otherwise in-memory per replica.
 */
import type { LlmConfig } from '../../config/sections/llm-config.js';
import type { Logger } from '../../observability/logger.js';
import { createMemoryResponseCacheStore } from './memory-response-cache-store.js';
import { createRedisResponseCacheStore, type RedisCommands } from './redis-response-cache-store.js';
import type { ResponseCacheStore } from './response-cache-store.js';

export interface CreateResponseCacheStoreOptions {
  readonly config: Pick<LlmConfig, 'isResponseCacheEnabled' | 'responseCacheMaxEntries' | 'responseCacheMaxBytes'>;
  readonly logger: Logger;
  /** The server's Redis connection; its owner closes it. */
  readonly redis?: RedisCommands;
}

/** @example const store = createResponseCacheStore({ config: config.llm, logger, redis }); */
export function createResponseCacheStore({ config, logger, redis }: CreateResponseCacheStoreOptions): ResponseCacheStore | undefined {
  if (!config.isResponseCacheEnabled) return undefined;
  if (redis !== undefined) return createRedisResponseCacheStore({ client: redis, logger });
  return createMemoryResponseCacheStore({ maxEntries: config.responseCacheMaxEntries, maxBytes: config.responseCacheMaxBytes });
}
