import { expect } from 'chai';
import nock from 'nock';
import {
  ContentBlockedError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmUnavailableError,
  NotImplementedError,
} from '../../predictor/errors.js';
import type { BatchEntry } from '../../predictor/llm/batch-client.js';
import { createGeminiBatchClient, httpStatusOfEntryError } from '../../predictor/llm/gemini-batch.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { GEMINI_HOST, TEST_API_KEY, createTestClient, isolateNetwork, modelPath } from '../fixtures/gemini/gemini-nock.js';

function withState(state: string): Record<string, unknown> {
  const body = loadGeminiFixture('batch-running');
  (body.metadata as Record<string, unknown>).state = state;
  return body;
}

describe('createGeminiBatchClient', () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    nock.cleanAll();
  });

  it('submits keyed inline requests in the batchGenerateContent wire format', async () => {
    const bodies: unknown[] = [];
    const scope = nock(GEMINI_HOST)
      .post(modelPath('batchGenerateContent'), (body: unknown) => bodies.push(body) > 0)
      .matchHeader('x-goog-api-key', TEST_API_KEY)
      .reply(200, loadGeminiFixture('batch-created'));
    const batches = createGeminiBatchClient({ client: createTestClient() });

    const job = await batches.submit({
      modelId: 'gemini-3.8-flash',
      displayName: 'podcast-pipeline-jobs',
      requests: [
        {
          key: 'req-0',
          metadata: { episode: '{"title":"Balcony tomatoes"}' },
          request: {
            systemInstruction: 'You check facts.',
            contents: ['<<<TRANSCRIPT', 'Check the claims.'],
            responseJsonSchema: { type: 'object' },
            useGoogleSearch: true,
            temperature: 0.2,
            maxOutputTokens: 512,
            serviceTier: 'flex',
            labels: { agent: 'fact-checker' },
          },
        },
      ],
    });

    expect(scope.isDone()).to.equal(true);
    expect(bodies[0]).to.deep.equal({
      batch: {
        displayName: 'podcast-pipeline-jobs',
        inputConfig: {
          requests: {
            requests: [
              {
                request: {
                  contents: [{ role: 'user', parts: [{ text: '<<<TRANSCRIPT' }, { text: 'Check the claims.' }] }],
                  systemInstruction: { role: 'user', parts: [{ text: 'You check facts.' }] },
                  tools: [{ googleSearch: {} }],
                  generationConfig: {
                    temperature: 0.2,
                    maxOutputTokens: 512,
                    responseMimeType: 'application/json',
                    responseJsonSchema: { type: 'object' },
                  },
                },
                metadata: { episode: '{"title":"Balcony tomatoes"}', key: 'req-0' },
              },
            ],
          },
        },
      },
    });
    expect(job).to.deep.equal({
      name: 'batches/q7w8e9r0',
      state: 'pending',
      modelId: 'gemini-3.8-flash',
      createdAtMs: Date.parse('2026-11-27T01:00:00.123Z'),
      updatedAtMs: Date.parse('2026-11-27T01:00:00.123Z'),
    });
  });

  it('refuses duplicate keys before calling the API', async () => {
    const batches = createGeminiBatchClient({ client: createTestClient() });
    const request = { contents: ['x'] };

    const error = await batches
      .submit({
        modelId: 'gemini-3.8-flash',
        displayName: 'd',
        requests: [
          { key: 'a', request },
          { key: 'a', request },
        ],
      })
      .catch((error: unknown) => error);

    expect((error as Error).message).to.match(/unique/);
  });

  it('reads a running batch without entries', async () => {
    const scope = nock(GEMINI_HOST).get('/v1beta/batches/q7w8e9r0').reply(200, loadGeminiFixture('batch-running'));
    const batches = createGeminiBatchClient({ client: createTestClient() });

    const job = await batches.get('batches/q7w8e9r0');

    expect(scope.isDone()).to.equal(true);
    expect(job.state).to.equal('running');
    expect(job.entries).to.equal(undefined);
    expect(job.updatedAtMs).to.equal(Date.parse('2026-11-27T01:20:00Z'));
  });

  it('converts every entry of a succeeded batch: results with usage, grounding and per-request errors', async () => {
    const scope = nock(GEMINI_HOST).get('/v1beta/batches/q7w8e9r0').reply(200, loadGeminiFixture('batch-succeeded'));
    const batches = createGeminiBatchClient({ client: createTestClient() });

    const job = await batches.get('batches/q7w8e9r0');

    expect(scope.isDone()).to.equal(true);
    expect(job).to.deep.include({ state: 'succeeded', modelId: 'gemini-3.8-flash', endedAtMs: Date.parse('2026-11-27T03:10:00Z') });
    const [summary, factCheck, quota, blocked, keyless] = job.entries as BatchEntry[];
    expect(summary!.key).to.equal('req-0');
    expect(summary!.metadata).to.deep.equal({ key: 'req-0', episode: '{"title":"Balcony tomatoes"}' });
    expect(summary!.outcome).to.deep.equal({
      status: 'ok',
      result: {
        text: '{"overview":"Two gardeners compare balcony tomatoes."}',
        finishReason: 'stop',
        usage: { inputTokens: 900, outputTokens: 120, thoughtsTokens: 30 },
        modelVersion: 'gemini-3.8-flash-001',
        responseId: 'bR7kaZ2cLpWm',
      },
    });
    const grounded = factCheck!.outcome.status === 'ok' ? factCheck!.outcome.result : expect.fail('fact check failed');
    expect(grounded.usage).to.deep.equal({
      inputTokens: 950,
      outputTokens: 40,
      toolUseInputTokens: 210,
      searchQueries: 1,
      groundedPrompts: 1,
    });
    expect(grounded.grounding?.sources).to.deep.equal([{ uri: 'https://example.org/tomatoes', title: 'example.org' }]);
    const quotaError = quota!.outcome.status === 'error' ? quota!.outcome.error : expect.fail('expected an error');
    expect(quotaError).to.be.instanceOf(LlmRateLimitedError);
    expect(quotaError.message).to.not.include('Resource has been exhausted');
    expect(blocked!.outcome.status === 'error' && blocked!.outcome.error).to.be.instanceOf(ContentBlockedError);
    expect(keyless!.key).to.equal(undefined);
    expect(keyless!.outcome.status === 'ok' && keyless!.outcome.result.modelVersion).to.equal('gemini-3.8-flash');
  });

  it('maps batch states, unknown ones to running', async () => {
    const states = [
      'BATCH_STATE_FAILED',
      'BATCH_STATE_CANCELLED',
      'BATCH_STATE_EXPIRED',
      'BATCH_STATE_PENDING',
      'BATCH_STATE_SOMETHING_NEW',
    ];
    const scope = nock(GEMINI_HOST);
    for (const state of states) scope.get('/v1beta/batches/q7w8e9r0').reply(200, withState(state));
    const batches = createGeminiBatchClient({ client: createTestClient() });

    const seen = [];
    for (const _state of states) seen.push((await batches.get('batches/q7w8e9r0')).state);

    expect(scope.isDone()).to.equal(true);
    expect(seen).to.deep.equal(['failed', 'cancelled', 'expired', 'pending', 'running']);
  });

  it('cancels and deletes by name', async () => {
    const bodies: unknown[] = [];
    const scope = nock(GEMINI_HOST)
      .post('/v1beta/batches/q7w8e9r0:cancel', (body: unknown) => bodies.push(body) > 0)
      .reply(200, {})
      .delete('/v1beta/batches/q7w8e9r0')
      .reply(200, {});
    const batches = createGeminiBatchClient({ client: createTestClient() });

    await batches.cancel('batches/q7w8e9r0');
    await batches.delete('batches/q7w8e9r0');

    expect(scope.isDone()).to.equal(true);
    expect(bodies).to.deep.equal([{}]);
  });

  it('maps an unknown batch to LlmRejectedError 404 and a 503 to LlmUnavailableError', async () => {
    const scope = nock(GEMINI_HOST)
      .get('/v1beta/batches/gone')
      .reply(404, loadGeminiFixture('error-404-not-found'))
      .post(modelPath('batchGenerateContent'))
      .reply(503, loadGeminiFixture('error-503-unavailable'));
    const batches = createGeminiBatchClient({ client: createTestClient() });

    const notFound = await batches.get('batches/gone').catch((error: unknown) => error);
    const overloaded = await batches
      .submit({ modelId: 'gemini-3.8-flash', displayName: 'd', requests: [{ key: 'a', request: { contents: ['x'] } }] })
      .catch((error: unknown) => error);

    expect(scope.isDone()).to.equal(true);
    expect(notFound).to.be.instanceOf(LlmRejectedError);
    expect((notFound as LlmRejectedError).upstreamStatus).to.equal(404);
    expect(overloaded).to.be.instanceOf(LlmUnavailableError);
  });

  it('is not implemented on Vertex AI and sends nothing', async () => {
    const client = createGeminiClient({ backend: 'vertex', vertexProject: 'demo', vertexLocation: 'europe-west4', apiVersion: 'v1beta1' });
    const batches = createGeminiBatchClient({ client });

    const error = await batches.get('batches/q7w8e9r0').catch((error: unknown) => error);

    expect(batches.unavailableReason).to.match(/GCS or BigQuery/);
    // With the network blocked, any HTTP attempt would surface as LlmUnavailableError instead.
    expect(error).to.be.instanceOf(NotImplementedError);
  });
});

describe('httpStatusOfEntryError', () => {
  it('reads the status name, an HTTP code, or a google.rpc code', () => {
    expect(httpStatusOfEntryError({ code: 400, status: 'RESOURCE_EXHAUSTED' })).to.equal(429);
    expect(httpStatusOfEntryError({ code: 503 })).to.equal(503);
    expect(httpStatusOfEntryError({ code: 8 })).to.equal(429);
    expect(httpStatusOfEntryError({ code: 14 })).to.equal(503);
    expect(httpStatusOfEntryError({ code: 99 })).to.equal(500);
    expect(httpStatusOfEntryError({})).to.equal(500);
  });
});
