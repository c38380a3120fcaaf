import { expect } from 'chai';
import nock from 'nock';
import { LlmRejectedError, LlmUnavailableError } from '../../predictor/errors.js';
import { createContextCacheClient } from '../../predictor/llm/gemini-context-cache.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { GEMINI_HOST, TEST_MODEL_ID, createTestClient, isolateNetwork, modelPath } from '../fixtures/gemini/gemini-nock.js';

describe('createContextCacheClient', () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    nock.cleanAll();
  });

  it('creates a cache holding instruction, transcript and the search tool', async () => {
    const bodies: Record<string, unknown>[] = [];
    const scope = nock(GEMINI_HOST)
      .post('/v1beta/cachedContents', (body: Record<string, unknown>) => bodies.push(body) > 0)
      .reply(200, loadGeminiFixture('cached-content-created'));
    const caches = createContextCacheClient({ client: createTestClient() });

    const cache = await caches.create({
      modelId: TEST_MODEL_ID,
      systemInstruction: 'You analyse podcasts.',
      contents: ['<<<TRANSCRIPT ...'],
      useGoogleSearch: true,
      ttlSeconds: 600,
      displayName: 'episode-42',
    });

    expect(scope.isDone()).to.equal(true);
    expect(cache).to.deep.equal({ name: 'cachedContents/ep42-cache', tokenCount: 48210, expireTime: '2026-11-27T11:00:00.000000Z' });
    expect(bodies[0]).to.deep.equal({
      model: 'models/gemini-3.8-flash',
      displayName: 'episode-42',
      ttl: '600s',
      systemInstruction: { role: 'user', parts: [{ text: 'You analyse podcasts.' }] },
      contents: [{ role: 'user', parts: [{ text: '<<<TRANSCRIPT ...' }] }],
      tools: [{ googleSearch: {} }],
    });
  });

  it('maps a too-small cache to LlmRejectedError', async () => {
    const scope = nock(GEMINI_HOST).post('/v1beta/cachedContents').reply(400, loadGeminiFixture('error-400-cache-too-small'));
    const caches = createContextCacheClient({ client: createTestClient() });

    const attempt = caches.create({ modelId: TEST_MODEL_ID, contents: ['short'], ttlSeconds: 60, displayName: 'tiny' });

    await expectRejection(attempt, LlmRejectedError);
    expect(scope.isDone()).to.equal(true);
  });

  it('deletes a cache and maps failures', async () => {
    const scope = nock(GEMINI_HOST)
      .delete('/v1beta/cachedContents/ep42-cache')
      .reply(200, {})
      .delete('/v1beta/cachedContents/ep42-cache')
      .reply(503, loadGeminiFixture('error-503-unavailable'));
    const caches = createContextCacheClient({ client: createTestClient() });

    await caches.delete('cachedContents/ep42-cache');
    await expectRejection(caches.delete('cachedContents/ep42-cache'), LlmUnavailableError);

    expect(scope.isDone()).to.equal(true);
  });

  it('counts tokens of the contents only', async () => {
    const bodies: Record<string, unknown>[] = [];
    const scope = nock(GEMINI_HOST)
      .post(modelPath('countTokens'), (body: Record<string, unknown>) => bodies.push(body) > 0)
      .reply(200, loadGeminiFixture('count-tokens'));
    const caches = createContextCacheClient({ client: createTestClient() });

    const tokens = await caches.countTokens(TEST_MODEL_ID, ['a', 'b']);

    expect(scope.isDone()).to.equal(true);
    expect(tokens).to.equal(1834);
    expect(bodies[0]).to.deep.equal({ contents: [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }] });
  });
});

async function expectRejection(promise: Promise<unknown>, type: abstract new (...args: never[]) => Error): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(type);
    return;
  }
  expect.fail('expected a rejection');
}
