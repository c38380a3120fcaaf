/**
 * @module llm/middleware/memory-response-cache-store
 * In-process response cache store: LRU bounded by entries and by bytes, each entry with
 * its own TTL (lru-cache). Per replica: use the Redis store to share hits across pods.
 */
import { LRUCache } from 'lru-cache';
import type { Now } from '../../clock.js';
import type { ResponseCacheStore } from './response-cache-store.js';

export interface MemoryResponseCacheStoreOptions {
  readonly maxEntries: number;
  /** Bound on the UTF-8 size of stored values. */
  readonly maxBytes: number;
  /** TTL clock; lru-cache's own `perf` hook, so tests expire entries without waiting. */
  readonly now?: Now;
}

/**
 * @example
 * const store = createMemoryResponseCacheStore({ maxEntries: 1000, maxBytes: 64 * 1024 * 1024 });
 */
export function createMemoryResponseCacheStore({ maxEntries, maxBytes, now }: MemoryResponseCacheStoreOptions): ResponseCacheStore {
  const cache = new LRUCache<string, string>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, Buffer.byteLength(value) + Buffer.byteLength(key)),
    ...(now === undefined ? {} : { perf: { now }, ttlResolution: 0 }),
  });
  return {
    async get(key) {
      return cache.get(key);
    },
    async set(key, value, ttlMs) {
      // lru-cache refuses (without throwing) an entry larger than maxSize: it is simply not cached.
      cache.set(key, value, { ttl: ttlMs });
    },
  };
}
