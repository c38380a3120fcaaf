import { expect } from 'chai';
import type { Redis } from 'ioredis';
import { createRedisResponseCacheStore } from '../../../predictor/llm/middleware/redis-response-cache-store.js';
import type { LogFields, Logger } from '../../../predictor/observability/logger.js';
import { connectRedis } from '../../../predictor/composition/connect-redis.js';
import { freePort, startRedisServer, type RedisTestServer } from '../support/redis-test-server.js';

function recordingLogger(): Logger & { lines: { level: string; message: string; fields: LogFields | undefined }[] } {
  const lines: { level: string; message: string; fields: LogFields | undefined }[] = [];
  const logger = {
    lines,
    debug: (message: string, fields?: LogFields) => lines.push({ level: 'debug', message, fields }),
    info: (message: string, fields?: LogFields) => lines.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: LogFields) => lines.push({ level: 'warn', message, fields }),
    error: (message: string, fields?: LogFields) => lines.push({ level: 'error', message, fields }),
    child: () => logger,
  };
  return logger;
}

describe('createRedisResponseCacheStore', () => {
  let redis: RedisTestServer | undefined;
  const clients: Redis[] = [];

  before(async function () {
    redis = await startRedisServer(this);
  });

  after(async () => {
    for (const client of clients) client.disconnect();
    await redis?.stop();
  });

  async function connectedClient(logger: Logger): Promise<Redis> {
    const client = await connectRedis({ url: redis!.url, logger });
    clients.push(client);
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
    return client;
  }

  it('stores with SET PX under the key prefix and reads it back', async () => {
    const logger = recordingLogger();
    const client = await connectedClient(logger);
    const store = createRedisResponseCacheStore({ client, logger, keyPrefix: 'test:' });
    await store.set('abc', '{"text":"hi"}', 60_000);
    expect(await store.get('abc')).to.equal('{"text":"hi"}');
    expect(await client.get('test:abc')).to.equal('{"text":"hi"}');
    const ttlMs = await client.pttl('test:abc');
    expect(ttlMs).to.be.greaterThan(0).and.at.most(60_000);
    expect(await store.get('missing')).to.equal(undefined);
  });

  it('sets a whole-millisecond TTL of at least 1 ms', async () => {
    const logger = recordingLogger();
    const client = await connectedClient(logger);
    const store = createRedisResponseCacheStore({ client, logger });
    await store.set('fractional', 'v', 1500.7);
    const ttlMs = await client.pttl('predictor:llm-response:fractional');
    expect(ttlMs).to.be.greaterThan(0).and.at.most(1501);
  });

  it('behaves as a miss and logs once when redis is unreachable', async () => {
    const logger = recordingLogger();
    const deadPort = await freePort();
    const client = await connectRedis({ url: `redis://127.0.0.1:${deadPort}`, logger });
    clients.push(client);
    const store = createRedisResponseCacheStore({ client, logger });
    expect(await store.get('a')).to.equal(undefined);
    await store.set('a', 'v', 1_000);
    expect(await store.get('a')).to.equal(undefined);
    const storeWarnings = logger.lines.filter((line) => line.message.includes('redis command failed'));
    expect(storeWarnings).to.have.length(1);
    expect(JSON.stringify(logger.lines)).to.not.include(String(deadPort));
  });

  it('logs an outage once and its end once', async () => {
    const logger = recordingLogger();
    const client = await connectedClient(logger);
    let isDown = true;
    const flaky = {
      get: (key: string) => (isDown ? Promise.reject(new Error('down')) : client.get(key)),
      set: (key: string, value: string, mode: 'PX', ttlMs: number) =>
        isDown ? Promise.reject(new Error('down')) : client.set(key, value, mode, ttlMs),
    };
    const store = createRedisResponseCacheStore({ client: flaky, logger });
    await store.set('x', 'v', 60_000);
    expect(await store.get('x')).to.equal(undefined);
    isDown = false;
    await store.set('x', 'v', 60_000);
    expect(await store.get('x')).to.equal('v');
    expect(logger.lines.map((line) => line.level)).to.deep.equal(['warn', 'info']);
  });
});
