import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { startRedisServer, type RedisTestServer } from '../support/redis-test-server.js';
import { composeTestApp, type TestApplication } from '../../component/support/compose-test-app.js';

const KEY = 'shared-limit-key-7d2c9a';

function inferBody(title: string): string {
  // Numbers and dates make claims for the fact-checker: each run then pays for Search queries.
  const text = 'In 2024 our costs fell by 40 percent, and by March 2025 we served 1.2 million episodes.';
  const episode = { title, transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text }] };
  return JSON.stringify({
    parameters: { cache: false },
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [JSON.stringify(episode)] }],
  });
}

async function infer(app: TestApplication, title: string): Promise<Response> {
  const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: inferBody(title),
  });
  await response.arrayBuffer();
  return response;
}

describe('limits shared by two app instances through one real Redis', function () {
  this.timeout(30000);
  let redis: RedisTestServer | undefined;
  let directory: string;
  let apps: TestApplication[] = [];

  before(async function () {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    redis = await startRedisServer(this);
    directory = await mkdtemp(join(tmpdir(), 'shared-limits-'));
    const hash = createHash('sha256').update(KEY).digest('hex');
    await writeFile(join(directory, 'keys.yaml'), `keys:\n  - { id: team-a, sha256: ${hash}, roles: [analyst] }\n`);
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });
  after(async () => {
    await redis?.stop();
    if (directory) await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  async function twoApps(env: Record<string, string>): Promise<[TestApplication, TestApplication]> {
    const common = {
      AUTH_MODE: 'api-key',
      API_KEYS_FILE: join(directory, 'keys.yaml'),
      WATCH_POLICY_FILES: 'false',
      REDIS_URL: `redis://127.0.0.1:${redis!.port}/0`,
      FEEDBACK_SINK: 'off',
      ...env,
    };
    apps = [await composeTestApp(common), await composeTestApp(common)];
    return apps as [TestApplication, TestApplication];
  }

  it('holds one request rate across both replicas', async () => {
    const [first, second] = await twoApps({ RATE_LIMIT_REQUESTS_PER_MINUTE: '3' });

    const statuses = [(await infer(first, 'r1')).status, (await infer(second, 'r2')).status, (await infer(first, 'r3')).status];
    const fourth = await infer(second, 'r4');

    expect(statuses).to.deep.equal([200, 200, 200]);
    expect(fourth.status).to.equal(429);
    expect(Number(fourth.headers.get('retry-after'))).to.be.above(0);
    expect(fourth.headers.get('ratelimit-limit')).to.equal('3');
  });

  it('holds one daily budget across both replicas', async () => {
    // A run reserves its worst case (Search queries included) before it starts and is
    // settled to what it really cost after: spend on one replica exhausts the other's budget.
    // The worst case of one request (Search allowance included) is ~0.29 USD: room for a few runs.
    const [first, second] = await twoApps({ DAILY_BUDGET_USD: '0.4' });

    let successes = 0;
    let last = 200;
    for (let index = 0; index < 40 && last === 200; index++) {
      last = (await infer(first, `b${index}`)).status;
      if (last === 200) successes++;
    }
    const onOtherReplica = await infer(second, 'other');

    expect(last).to.equal(429);
    expect(successes).to.be.at.least(2);
    expect(onOtherReplica.status).to.equal(429);
  });
});
