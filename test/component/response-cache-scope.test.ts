import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';
import { upstreamCalls, writeApiKeysFile } from './support/whole-app-fixtures.js';

const KEY_A = 'team-a-key-5f1e8c2b7d';
const KEY_B = 'team-b-key-9a3d6e0c4f';
const EPISODE = JSON.stringify({
  title: 'Scoped cache',
  transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 our churn fell by 12 percent after the pricing change.' }],
});
const BODY = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [EPISODE] }] });

async function infer(app: TestApplication, key: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
    method: 'POST',
    headers: { 'x-api-key': key },
    body: BODY,
  });
  expect(response.status).to.equal(200);
  return ((await response.json()) as { parameters: Record<string, unknown> }).parameters;
}

describe('response cache scope (whole app, two principals)', function () {
  this.timeout(30000);
  let directory: string;
  let app: TestApplication | undefined;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'cache-scope-'));
    await writeApiKeysFile(directory, [
      { id: 'team-a', key: KEY_A, roles: ['analyst'] },
      { id: 'team-b', key: KEY_B, roles: ['analyst'] },
    ]);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  const start = (scope?: string) =>
    composeTestApp({
      AUTH_MODE: 'api-key',
      API_KEYS_FILE: join(directory, 'keys.yaml'),
      WATCH_POLICY_FILES: 'false',
      FEEDBACK_SINK: 'off',
      ...(scope ? { RESPONSE_CACHE_SCOPE: scope } : {}),
    });

  it("by default answers a second principal from upstream, not with the first principal's cached result", async () => {
    app = await start();
    expect((await infer(app, KEY_A)).cache_hit).to.equal(false);
    const afterA = await upstreamCalls(app);
    expect(afterA).to.be.greaterThan(0);

    const forB = await infer(app, KEY_B);

    expect(forB.cache_hit).to.equal(false);
    expect(forB.input_tokens).to.be.greaterThan(0);
    expect(await upstreamCalls(app)).to.equal(2 * afterA);
    expect((await infer(app, KEY_B)).cache_hit, 'B still hits its own entry').to.equal(true);
    expect(await upstreamCalls(app)).to.equal(2 * afterA);
  });

  it('with RESPONSE_CACHE_SCOPE=shared answers the second principal from the cache', async () => {
    app = await start('shared');
    await infer(app, KEY_A);
    const afterA = await upstreamCalls(app);

    expect((await infer(app, KEY_B)).cache_hit).to.equal(true);
    expect(await upstreamCalls(app)).to.equal(afterA);
  });
});
