/**
 * @module composition/connect-redis
 * Opens the server's single Redis connection (REDIS_URL), shared by the LLM response cache,
 * the episode result cache and the request limiter, and closed once by the composition.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.js';

export interface ConnectRedisOptions {
  /** `REDIS_URL` (may hold a password: never log it). */
  readonly url: string;
  readonly logger: Logger;
  /** Upper bound a cache lookup may add to a call. */
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

/**
 * The one Redis client of a server (response cache and shared limits), tuned to fail fast
 * rather than queue while disconnected: a cache miss or a per-replica limit beats a stall.
 * ioredis is imported on first use, so a server without REDIS_URL never loads it (cold start).
 */
export async function connectRedis({ url, logger, commandTimeoutMs = 250, connectTimeoutMs = 2000 }: ConnectRedisOptions): Promise<Redis> {
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
    logger.warn('redis connection failed; the response cache misses and limits fall back to per-replica memory until it is back', {
      errorName: error.name,
    });
  });
  client.on('ready', () => {
    if (isReported) logger.info('redis connection restored');
    isReported = false;
  });
  return client;
}
