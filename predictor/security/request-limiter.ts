/**
 * @module security/request-limiter
 * Per principal and model: requests per minute, tokens per minute and a daily USD budget
 * (UTC day). A request's worst-case tokens and cost are reserved before it runs and settled
 * with what it really used, so concurrent requests cannot overshoot a limit: every
 * reservation is one atomic increment that is admitted only if the total stays within the
 * limit (budget points are micro-USD, since the counters are integers). The whole worst
 * case is reserved, never capped, so a request that could not fit is refused; a run that
 * used more than it reserved is still charged in full, and logged.
 */
import type { Admission, CostEstimate, RequestLimiter } from '../contract/access-control.js';
import type { Principal } from '../contract/request-context.js';
import { BudgetExceededError, RateLimitedError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { SecurityMetrics } from '../observability/security-metrics.js';
import { createLimitCounter, type LimitCounter, type RedisClient, type Reservation } from './limit-counter.js';

const MICRO_USD_PER_USD = 1_000_000;
const MS_PER_DAY = 86_400_000;

export interface RequestLimiterOptions {
  /** 0 disables a limit. */
  readonly requestsPerMinute: number;
  readonly tokensPerMinute: number;
  readonly dailyBudgetUsd: number;
  /** An ioredis client: limits shared by every replica. In memory per replica when absent. */
  readonly redis?: RedisClient;
  /** Namespaces the Redis keys (tests, several deployments on one Redis). */
  readonly keyPrefix?: string;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
  readonly now?: () => number;
}

function secondsUntil(msBeforeReset: number): number {
  return Math.max(1, Math.ceil(msBeforeReset / 1000));
}

function rateLimited(counter: LimitCounter, what: string, msBeforeReset: number, remaining: number, message?: string): RateLimitedError {
  const resetSeconds = secondsUntil(msBeforeReset);
  return new RateLimitedError(message ?? `${what} limit of ${counter.limit} per minute reached; retry in ${resetSeconds} s`, {
    retryAfterSeconds: resetSeconds,
    limit: { limit: counter.limit, remaining, resetSeconds },
  });
}

/**
 * Creates the limiter the data plane calls around `predict`.
 * @example const limiter = createRequestLimiter({ requestsPerMinute: 60, tokensPerMinute: 200000, dailyBudgetUsd: 5, redis, metrics, logger });
 */
export function createRequestLimiter(options: RequestLimiterOptions): RequestLimiter {
  const { requestsPerMinute, tokensPerMinute, dailyBudgetUsd, redis, keyPrefix = 'predictor:limits', metrics, logger } = options;
  const now = options.now ?? Date.now;
  const common = { redis, keyPrefix, metrics, logger, now };
  const requests =
    requestsPerMinute > 0
      ? createLimitCounter({ ...common, name: 'requests', limit: requestsPerMinute, windowSeconds: 60, refundRejected: false })
      : undefined;
  const tokens =
    tokensPerMinute > 0
      ? createLimitCounter({ ...common, name: 'tokens', limit: tokensPerMinute, windowSeconds: 60, refundRejected: true })
      : undefined;
  const budgetMicroUsd = Math.round(dailyBudgetUsd * MICRO_USD_PER_USD);
  const budget =
    budgetMicroUsd > 0
      ? createLimitCounter({ ...common, name: 'budget', limit: budgetMicroUsd, windowSeconds: 86_400, refundRejected: true })
      : undefined;

  const reserveTokens = async (key: string, estimate: CostEstimate | undefined): Promise<Reservation | undefined> => {
    if (!tokens) return undefined;
    // The whole worst case is reserved, never capped at the window: a request whose worst
    // case exceeds the limit is refused by the counter (and given back), since letting it
    // run could spend more than the limit in one minute.
    const points = Math.ceil(estimate?.maxTokens ?? 0);
    const result = await tokens.reserve(key, points);
    if (!result.isAdmitted) {
      const tooLarge =
        points > tokens.limit
          ? `This request's worst case of ${points} tokens exceeds the limit of ${tokens.limit} tokens per minute; send fewer or shorter episodes`
          : undefined;
      throw rateLimited(tokens, 'Token', result.msBeforeReset, result.remaining, tooLarge);
    }
    return result.reservation;
  };

  const reserveBudget = async (key: string, estimate: CostEstimate | undefined): Promise<Reservation | undefined> => {
    if (!budget) return undefined;
    const points = Math.ceil((estimate?.maxCostUsd ?? 0) * MICRO_USD_PER_USD);
    const nowMs = now();
    const secondsToMidnight = secondsUntil(MS_PER_DAY - (nowMs % MS_PER_DAY));
    const day = new Date(nowMs).toISOString().slice(0, 10);
    // A worst case above the whole budget is refused by the counter too (and given back),
    // which also reports what is left for the RateLimit-* headers.
    const result = await budget.reserve(`${key}:${day}`, points, { windowSeconds: secondsToMidnight });
    if (!result.isAdmitted) {
      const message =
        points > budget.limit
          ? `This request's worst-case cost exceeds the daily budget of ${dailyBudgetUsd} USD`
          : `Daily budget of ${dailyBudgetUsd} USD reached; it resets at 00:00 UTC`;
      throw new BudgetExceededError(message, {
        retryAfterSeconds: secondsToMidnight,
        limit: { limit: budget.limit, remaining: result.remaining, resetSeconds: secondsToMidnight },
      });
    }
    return result.reservation;
  };

  return {
    async admit({
      principal,
      modelName,
      estimate,
    }: {
      principal: Principal;
      modelName: string;
      estimate?: CostEstimate;
    }): Promise<Admission> {
      const key = `${encodeURIComponent(principal.id)}:${encodeURIComponent(modelName)}`;
      if (requests) {
        const result = await requests.reserve(key, 1);
        if (!result.isAdmitted) throw rateLimited(requests, 'Request', result.msBeforeReset, result.remaining);
      }
      const tokenReservation = await reserveTokens(key, estimate);
      let budgetReservation: Reservation | undefined;
      try {
        budgetReservation = await reserveBudget(key, estimate);
      } catch (error) {
        if (tokens && tokenReservation) await tokens.adjust(tokenReservation, -tokenReservation.points);
        throw error;
      }
      let isSettled = false;
      return {
        async settle(actual) {
          if (isSettled) return;
          isSettled = true;
          const overTokens = Math.round(actual.tokens) - Math.ceil(estimate?.maxTokens ?? 0);
          const overMicroUsd = Math.round(actual.costUsd * MICRO_USD_PER_USD) - Math.ceil((estimate?.maxCostUsd ?? 0) * MICRO_USD_PER_USD);
          if (estimate && (overTokens > 0 || overMicroUsd > 0)) {
            // The estimate is built as an upper bound; exceeding it means an allowance (search
            // queries, result sizes) was wrong. The real usage is still what gets charged.
            logger.warn('request used more than its reservation', {
              model: modelName,
              overTokens: Math.max(0, overTokens),
              overUsd: Math.max(0, overMicroUsd) / MICRO_USD_PER_USD,
            });
          }
          if (tokens && tokenReservation) await tokens.adjust(tokenReservation, Math.round(actual.tokens) - tokenReservation.points);
          if (budget && budgetReservation) {
            const actualMicroUsd = Math.round(actual.costUsd * MICRO_USD_PER_USD);
            await budget.adjust(budgetReservation, actualMicroUsd - budgetReservation.points);
          }
        },
      };
    },
  };
}
