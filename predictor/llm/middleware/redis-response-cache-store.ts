/**
 * @module llm/middleware/redis-response-cache-store
 * Response cache store in Redis (ioredis), shared by every replica: `SET key value PX ttl`
 * and `GET` under a key prefix. The cache must never fail or stall a request, so the
 * client fails fast (no offline queue, one attempt, short command timeout) and every
 * error is a miss; an outage is logged once, and its end once.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';
import type { ResponseCacheStore } from './response-cache-store.js';

/** The ioredis commands the store uses (a real client in production and tests). */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  quit(): Promise<unknown>;
}

export interface RedisResponseCacheStoreOptions {
  readonly client: RedisCommands;
  readonly logger: Logger;
  /** Namespaces our keys in a shared Redis. */
  readonly keyPrefix?: string;
}

export interface CreateRedisClientOptions {
  /** `REDIS_URL` (may hold a password: never log it). */
  readonly url: string;
  readonly logger: Logger;
  /** Upper bound a cache lookup may add to a call. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * An ioredis client tuned for a cache: fail fast rather than queue while disconnected.
 * ioredis is imported on first use, so a server without REDIS_URL never loads it (cold start).
 */
export async function createRedisClient({ url, logger, commandTimeoutMs = 250, connectTimeoutMs = 2000 }: CreateRedisClientOptions): Promise<Redis> {
  const { Redis: RedisClient } = await import('ioredis');
  const client = new RedisClient(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    // Keep reconnecting in the background, backing off to 5 s.
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let isReported = false;
  // Without a listener ioredis prints every connection error; report the outage once.
  client.on('error', (error: Error) => {
    if (isReported) return;
    isReported = true;
    logger.warn('response cache: redis connection failed; serving without cache until it is back', { errorName: error.name });
  });
  client.on('ready', () => {
    if (isReported) logger.info('response cache: redis connection restored');
    isReported = false;
  });
  return client;
}

/**
 * @example
 * const store = createRedisResponseCacheStore({ client: await createRedisClient({ url, logger }), logger });
 */
export function createRedisResponseCacheStore({ client, logger, keyPrefix = 'predictor:llm-response:' }: RedisResponseCacheStoreOptions): ResponseCacheStore {
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
    async close() {
      await client.quit().catch(() => undefined);
    },
  };
}
