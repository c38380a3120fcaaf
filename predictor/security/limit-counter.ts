/**
 * @module security/limit-counter
 * One limit (requests, tokens or budget points) over rate-limiter-flexible: an atomic
 * increment that is admitted only while the window total stays within the limit (Redis
 * INCRBY in a Lua script, shared by replicas; or in memory). Reservations are adjusted
 * later with `reward`/`penalty`, which are atomic increments too.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../observability/logger.js';
import type { LimitName, SecurityMetrics } from '../observability/security-metrics.js';

/** The ioredis client that rate-limiter-flexible drives (its Lua script is defined on it). */
export type RedisClient = Redis;

export interface Reservation {
  readonly key: string;
  readonly points: number;
  /** Epoch ms when the window holding the reservation ends; later adjustments are dropped. */
  readonly windowEndsAtMs: number;
  readonly store: RateLimiterAbstract;
}

export type ReserveResult =
  | { readonly isAdmitted: true; readonly reservation: Reservation }
  | { readonly isAdmitted: false; readonly msBeforeReset: number; readonly remaining: number };

export interface LimitCounter {
  readonly name: LimitName;
  readonly limit: number;
  /** Atomically adds `points`; when that crosses the limit the call is rejected (and refunded if configured). */
  reserve(key: string, points: number, options?: { readonly windowSeconds?: number }): Promise<ReserveResult>;
  /** Adds `deltaPoints` (negative refunds) to the reservation's window, unless that window has ended. */
  adjust(reservation: Reservation, deltaPoints: number): Promise<void>;
}

export interface LimitCounterOptions {
  readonly name: LimitName;
  readonly limit: number;
  readonly windowSeconds: number;
  /** Give rejected points back (tokens, budget: a rejected request used nothing). */
  readonly refundRejected: boolean;
  readonly redis?: RedisClient | undefined;
  readonly keyPrefix: string;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Creates the counter. With Redis, a store failure falls back to a per-replica in-memory
 * counter (limits still hold per replica) and is counted as `store_error`.
 */
export function createLimitCounter(options: LimitCounterOptions): LimitCounter {
  const { name, limit, windowSeconds, refundRejected, redis, keyPrefix, metrics, logger, now } = options;
  const settings = { points: limit, duration: windowSeconds, keyPrefix: `${keyPrefix}:${name}` };
  const memory = new RateLimiterMemory(settings);
  // rejectIfRedisNotReady: fall back at once while ioredis reconnects, instead of queueing.
  const primary = redis ? new RateLimiterRedis({ ...settings, storeClient: redis, rejectIfRedisNotReady: true }) : memory;

  const consume = async (store: RateLimiterAbstract, key: string, points: number, windowSeconds?: number) => {
    const consumeOptions = windowSeconds === undefined ? {} : { customDuration: windowSeconds };
    try {
      const result = await store.consume(key, points, consumeOptions);
      return { isAdmitted: true as const, result };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (refundRejected && points > 0) await store.reward(key, points, consumeOptions);
      return { isAdmitted: false as const, result: rejection };
    }
  };

  return {
    name,
    limit,
    async reserve(key, points, reserveOptions = {}) {
      let store: RateLimiterAbstract = primary;
      let outcome;
      try {
        outcome = await consume(primary, key, points, reserveOptions.windowSeconds);
      } catch (error) {
        metrics.rateLimitDecision(name, 'store_error');
        logger.warn('limit store failed; using the in-memory limit of this replica', { limit: name, error });
        store = memory;
        outcome = await consume(memory, key, points, reserveOptions.windowSeconds);
      }
      metrics.rateLimitDecision(name, outcome.isAdmitted ? 'allowed' : 'limited');
      const msBeforeReset = Math.max(0, outcome.result.msBeforeNext);
      if (!outcome.isAdmitted) {
        // The store counts the refused points as consumed; once they are given back, what is
        // left is the limit minus what was consumed before this request.
        const remaining = refundRejected ? Math.max(0, limit - (outcome.result.consumedPoints - points)) : outcome.result.remainingPoints;
        return { isAdmitted: false, msBeforeReset, remaining };
      }
      return { isAdmitted: true, reservation: { key, points, windowEndsAtMs: now() + msBeforeReset, store } };
    },
    async adjust(reservation, deltaPoints) {
      if (deltaPoints === 0 || now() >= reservation.windowEndsAtMs) return;
      try {
        if (deltaPoints < 0) await reservation.store.reward(reservation.key, -deltaPoints);
        else await reservation.store.penalty(reservation.key, deltaPoints);
      } catch (error) {
        logger.warn('limit settlement failed', { limit: name, error });
      }
    },
  };
}
