/**
 * @module llm/middleware/response-cache-store
 * Where cached responses live: a string key-value store with a TTL per entry. Values are
 * serialised results, so the in-memory store can bound its size in bytes and Redis can
 * share entries between replicas. Stores never throw: a failing store is a miss.
 */

export interface ResponseCacheStore {
  /** The stored value, or undefined on a miss, an expired entry or a store failure. */
  get(key: string): Promise<string | undefined>;
  /** Stores a value for `ttlMs`; failures are swallowed (and logged by the store). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
