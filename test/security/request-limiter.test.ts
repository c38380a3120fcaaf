import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Principal } from '../../predictor/contract/request-context.js';
import { BudgetExceededError, RateLimitedError } from '../../predictor/errors.js';
import { createRequestLimiter, type RequestLimiterOptions } from '../../predictor/security/request-limiter.js';
import { createRecordingLogger, createRecordingMetrics } from './security-fakes.js';

const alice: Principal = { id: 'alice', roles: [], authMethod: 'api-key' };
const bob: Principal = { id: 'bob', roles: [], authMethod: 'api-key' };
const MODEL = 'podcast-pipeline';
// 2024-05-01T23:00:00Z: one hour before the UTC day ends.
const LATE_EVENING_MS = Date.UTC(2024, 4, 1, 23, 0, 0);

function limiterWith(options: Partial<RequestLimiterOptions>) {
  const metrics = createRecordingMetrics();
  const limiter = createRequestLimiter({
    requestsPerMinute: 0,
    tokensPerMinute: 0,
    dailyBudgetUsd: 0,
    metrics,
    logger: createRecordingLogger(),
    ...options,
  });
  return { limiter, metrics };
}

async function rejectionOf(attempt: Promise<unknown>): Promise<unknown> {
  try {
    await attempt;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const estimate = (maxTokens: number, maxCostUsd: number) => ({ maxTokens, maxCostUsd });

describe('createRequestLimiter (in memory)', () => {
  it('admits requests up to the per-minute limit, then answers RateLimitedError with limit state', async () => {
    const { limiter } = limiterWith({ requestsPerMinute: 3 });
    for (let index = 0; index < 3; index++) await limiter.admit({ principal: alice, modelName: MODEL });
    const error = await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL }));
    expect(error).to.be.instanceOf(RateLimitedError);
    const limited = error as RateLimitedError;
    expect(limited.retryAfterSeconds).to.be.within(1, 60);
    expect(limited.limit).to.include({ limit: 3, remaining: 0 });
    expect(limited.limit?.resetSeconds).to.equal(limited.retryAfterSeconds);
  });

  it('counts each principal and model separately', async () => {
    const { limiter } = limiterWith({ requestsPerMinute: 1 });
    await limiter.admit({ principal: alice, modelName: MODEL });
    await limiter.admit({ principal: bob, modelName: MODEL });
    await limiter.admit({ principal: alice, modelName: 'other-model' });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL }))).to.be.instanceOf(RateLimitedError);
  });

  it('reserves worst-case tokens and gives back the unused part on settle', async () => {
    const { limiter } = limiterWith({ tokensPerMinute: 1000 });
    const first = await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(600, 0) });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(600, 0) }))).to.be.instanceOf(
      RateLimitedError,
    );
    await first.settle({ tokens: 100, costUsd: 0 });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(600, 0) });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(301, 0) }))).to.be.instanceOf(
      RateLimitedError,
    );
  });

  it('refuses a request whose worst case exceeds the whole token window, and reserves nothing for it', async () => {
    // Capping the reservation at the window would let the run spend past the limit.
    const { limiter } = limiterWith({ tokensPerMinute: 1000 });
    const error = await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(5000, 0) }));
    expect(error).to.be.instanceOf(RateLimitedError);
    expect((error as RateLimitedError).message).to.include('worst case of 5000 tokens exceeds the limit of 1000');
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(1000, 0) });
  });

  it('warns when a run used more than its reservation, and still charges what it used', async () => {
    const logger = createRecordingLogger();
    const { limiter } = limiterWith({ tokensPerMinute: 1000, logger });
    const admission = await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(100, 0) });
    await admission.settle({ tokens: 400, costUsd: 0 });
    expect(logger.records.map((record) => [record.level, record.message, record.fields.overTokens])).to.deep.equal([
      ['warn', 'request used more than its reservation', 300],
    ]);
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(601, 0) }))).to.be.instanceOf(
      RateLimitedError,
    );
  });

  it('never lets concurrent reservations overshoot the daily budget', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, () => limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.3) })),
    );
    const admitted = attempts.filter((attempt) => attempt.status === 'fulfilled');
    expect(admitted).to.have.length(3);
    expect(
      attempts.filter((attempt) => attempt.status === 'rejected').every((attempt) => attempt.reason instanceof BudgetExceededError),
    ).to.equal(true);
  });

  it('settles the budget with the real cost, so the unspent reservation is available again', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    const first = await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.6) });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.6) }))).to.be.instanceOf(
      BudgetExceededError,
    );
    await first.settle({ tokens: 0, costUsd: 0.1 });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.9) });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.000002) }))).to.be.instanceOf(
      BudgetExceededError,
    );
  });

  it('does not count a rejected reservation against the budget', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.6) });
    await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.6) }));
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.4) });
  });

  it('charges a run that cost more than its estimate', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    const admission = await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.1) });
    await admission.settle({ tokens: 0, costUsd: 0.95 });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.1) }))).to.be.instanceOf(
      BudgetExceededError,
    );
  });

  it('settles once only', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    const admission = await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.5) });
    await admission.settle({ tokens: 0, costUsd: 0 });
    await admission.settle({ tokens: 0, costUsd: 0 });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 1) });
    expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.5) }))).to.be.instanceOf(
      BudgetExceededError,
    );
  });

  it('says when the budget resets and starts a fresh budget on the next UTC day', async () => {
    let nowMs = LATE_EVENING_MS;
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => nowMs });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 1) });
    const error = (await rejectionOf(
      limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.5) }),
    )) as BudgetExceededError;
    expect(error.retryAfterSeconds).to.equal(3600);
    nowMs += 2 * 3600 * 1000;
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.5) });
  });

  it('refuses outright a request whose worst case exceeds the whole budget', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    const error = await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 1.5) }));
    expect(error)
      .to.be.instanceOf(BudgetExceededError)
      .with.property('message')
      .that.matches(/worst-case cost exceeds/);
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 1) });
  });

  it('says when and what is left of the budget on every budget refusal, outright ones included', async () => {
    const { limiter } = limiterWith({ dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.25) });
    const reached = (await rejectionOf(
      limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 0.8) }),
    )) as BudgetExceededError;
    const outright = (await rejectionOf(
      limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(0, 1.5) }),
    )) as BudgetExceededError;
    for (const error of [reached, outright]) {
      expect(error.retryAfterSeconds).to.equal(3600);
      expect(error.limit).to.deep.equal({ limit: 1_000_000, remaining: 750_000, resetSeconds: 3600 });
    }
  });

  it('reports the tokens still left when a refused reservation is given back', async () => {
    const { limiter } = limiterWith({ tokensPerMinute: 1000 });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(300, 0) });
    const error = (await rejectionOf(
      limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(900, 0) }),
    )) as RateLimitedError;
    expect(error.limit).to.include({ limit: 1000, remaining: 700 });
  });

  it('releases the token reservation when the budget refuses the request', async () => {
    const { limiter } = limiterWith({ tokensPerMinute: 1000, dailyBudgetUsd: 1, now: () => LATE_EVENING_MS });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(100, 1) });
    await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(800, 0.5) }));
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(900, 0) });
  });

  it('records allowed and limited decisions per limit, and nothing for disabled limits', async () => {
    const { limiter, metrics } = limiterWith({ requestsPerMinute: 1 });
    await limiter.admit({ principal: alice, modelName: MODEL, estimate: estimate(10, 1) });
    await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL }));
    expect(metrics.calls).to.deep.equal(['limit requests allowed', 'limit requests limited']);
  });

  it('falls back to an in-memory limit of this replica when Redis is unavailable', async () => {
    const redis = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    try {
      const { limiter, metrics } = limiterWith({ requestsPerMinute: 1, redis });
      await limiter.admit({ principal: alice, modelName: MODEL });
      expect(await rejectionOf(limiter.admit({ principal: alice, modelName: MODEL }))).to.be.instanceOf(RateLimitedError);
      expect(metrics.calls).to.deep.equal([
        'limit requests store_error',
        'limit requests allowed',
        'limit requests store_error',
        'limit requests limited',
      ]);
    } finally {
      redis.disconnect();
    }
  });
});
