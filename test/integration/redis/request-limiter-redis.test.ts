import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Principal } from '../../../predictor/contract/request-context.js';
import { BudgetExceededError, RateLimitedError } from '../../../predictor/errors.js';
import { createRequestLimiter, type RequestLimiterOptions } from '../../../predictor/security/request-limiter.js';
import { startRedisServer, type RedisTestServer } from '../support/redis-test-server.js';
import { createRecordingLogger, createRecordingMetrics } from '../../security/security-fakes.js';

const alice: Principal = { id: 'alice', roles: [], authMethod: 'jwt' };
const MODEL = 'podcast-pipeline';
const NOON_MS = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('createRequestLimiter (two replicas on one real Redis)', () => {
  let server: RedisTestServer | undefined;
  const clients: Redis[] = [];

  before(async function () {
    server = await startRedisServer(this);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.quit()));
    await server?.stop();
  });

  /** Two limiters as two replicas would build them: own client each, same key prefix. */
  async function twoReplicas(options: Partial<RequestLimiterOptions>) {
    const keyPrefix = `test:${randomUUID()}`;
    const build = async () => {
      const redis = new Redis({ port: server!.port, host: '127.0.0.1', lazyConnect: true });
      clients.push(redis);
      await redis.connect();
      return createRequestLimiter({
        requestsPerMinute: 0,
        tokensPerMinute: 0,
        dailyBudgetUsd: 0,
        redis,
        keyPrefix,
        metrics: createRecordingMetrics(),
        logger: createRecordingLogger(),
        now: () => NOON_MS,
        ...options,
      });
    };
    return [await build(), await build()] as const;
  }

  it('holds one request limit across both replicas', async () => {
    const [first, second] = await twoReplicas({ requestsPerMinute: 5 });
    for (let index = 0; index < 3; index++) await first.admit({ principal: alice, modelName: MODEL });
    for (let index = 0; index < 2; index++) await second.admit({ principal: alice, modelName: MODEL });
    const outcomes = await Promise.allSettled([
      first.admit({ principal: alice, modelName: MODEL }),
      second.admit({ principal: alice, modelName: MODEL }),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).to.equal('rejected');
      expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(RateLimitedError);
    }
  });

  it('holds one daily budget when both replicas reserve concurrently', async () => {
    const [first, second] = await twoReplicas({ dailyBudgetUsd: 1 });
    const estimate = { maxTokens: 0, maxCostUsd: 0.3 };
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, index) => (index % 2 === 0 ? first : second).admit({ principal: alice, modelName: MODEL, estimate })),
    );
    const admitted = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const rejected = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    expect(admitted).to.have.length(3);
    expect(rejected.every((attempt) => attempt.reason instanceof BudgetExceededError)).to.equal(true);
  });

  it('makes budget settled on one replica available on the other', async () => {
    const [first, second] = await twoReplicas({ dailyBudgetUsd: 1 });
    const admission = await first.admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 0, maxCostUsd: 0.8 } });
    let refused: unknown;
    await second
      .admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 0, maxCostUsd: 0.5 } })
      .catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(BudgetExceededError);
    await admission.settle({ tokens: 0, costUsd: 0.2 });
    await second.admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 0, maxCostUsd: 0.8 } });
  });

  it('holds one tokens-per-minute limit across both replicas', async () => {
    const [first, second] = await twoReplicas({ tokensPerMinute: 1000 });
    await first.admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 700, maxCostUsd: 0 } });
    let refused: unknown;
    await second
      .admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 400, maxCostUsd: 0 } })
      .catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(RateLimitedError);
    await second.admit({ principal: alice, modelName: MODEL, estimate: { maxTokens: 300, maxCostUsd: 0 } });
  });
});
