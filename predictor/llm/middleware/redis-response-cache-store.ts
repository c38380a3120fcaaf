/**
 * @module llm/middleware/redis-response-cache-store
 * Response cache store in Redis (ioredis), shared by every replica: `SET key value PX ttl`
 * and `GET` under a key prefix. The cache must never fail or stall a request, so the
 * client fails fast (no offline queue, one attempt, short command timeout) and every
 * error is a miss; an outage is logged once, and its end once.
 */
import type { Logger } from '../../observability/logger.js';
import type { ResponseCacheStore } from './response-cache-store.js';

/** The ioredis commands the store uses (a real client in production and tests). */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
}

export interface RedisResponseCacheStoreOptions {
  readonly client: RedisCommands;
  readonly logger: Logger;
  /** Namespaces our keys in a shared Redis. */
  readonly keyPrefix?: string;
}

/**
 * @example
 * const store = createRedisResponseCacheStore({ client: await createRedisClient({ url, logger }), logger });
 */
export function createRedisResponseCacheStore({
  client,
  logger,
  keyPrefix = 'predictor:llm-response:',
}: RedisResponseCacheStoreOptions): ResponseCacheStore {
  let isFailing = false;
  const failed = (operation: string, error: unknown) => {
    if (isFailing) return;
    isFailing = true;
    logger.warn('response cache: redis command failed, treating as a miss', { operation, errorName: (error as Error)?.name });
  };
  const succeeded = () => {
    if (isFailing) logger.info('response cache: redis commands succeed again');
    isFailing = false;
  };
  return {
    async get(key) {
      try {
        const value = await client.get(keyPrefix + key);
        succeeded();
        return value ?? undefined;
      } catch (error) {
        failed('get', error);
        return undefined;
      }
    },
    async set(key, value, ttlMs) {
      try {
        await client.set(keyPrefix + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
        succeeded();
      } catch (error) {
        failed('set', error);
      }
    },
  };
}
