import { ApiError } from '@google/genai';
import { expect } from 'chai';
import nock from 'nock';
import {
  CancelledError,
  ContentBlockedError,
  LlmInvalidResponseError,
  LlmRateLimitedError,
  LlmRejectedError,
  LlmUnavailableError,
} from '../../predictor/errors.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import type { LanguageModel } from '../../predictor/llm/language-model.js';
import { SUMMARY_SCHEMA } from '../../predictor/pipeline/agent-output-schemas.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { GEMINI_HOST, TEST_MODEL_ID, createTestClient, isolateNetwork, modelPath } from '../fixtures/gemini/gemini-nock.js';
import { rejectionOf } from '../support/rejection-of.js';

const PATH = modelPath('generateContent');

function createModel(): LanguageModel {
  return createGeminiModel({ client: createTestClient(), modelId: TEST_MODEL_ID });
}

describe('createGeminiModel errors', () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    nock.cleanAll();
  });

  it('maps a 429 with RetryInfo to LlmRateLimitedError carrying retryAfterSeconds', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(429, loadGeminiFixture('error-429-resource-exhausted'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmRateLimitedError);
    expect(error.retryable).to.equal(true);
    expect(error.retryAfterSeconds).to.equal(21);
    expect(error.message).to.equal('Gemini gemini-3.8-flash is rate limited or out of quota (429)');
    expect(error.cause).to.be.instanceOf(ApiError);
  });

  it('maps a 503 overloaded to a retryable LlmUnavailableError without retrying inside the SDK', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(503, loadGeminiFixture('error-503-unavailable'));
    const second = nock(GEMINI_HOST).post(PATH).reply(200, loadGeminiFixture('generate-content-success'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(second.isDone()).to.equal(false);
    expect(error).to.be.instanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).upstreamStatus).to.equal(503);
    expect(error.retryable).to.equal(true);
    expect(error.message).to.equal('Gemini gemini-3.8-flash is overloaded (503)');
  });

  it('maps a 500 to LlmUnavailableError', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(500, loadGeminiFixture('error-500-internal'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).upstreamStatus).to.equal(500);
  });

  it('maps a 400 to a non-retryable LlmRejectedError without the upstream message', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(400, loadGeminiFixture('error-400-invalid-argument'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmRejectedError);
    expect(error.retryable).to.equal(false);
    expect(error.message).to.equal('Gemini gemini-3.8-flash rejected the request (400: INVALID_ARGUMENT)');
    expect(error.message).not.to.contain('CachedContent');
  });

  it('names a rejected API key without echoing it', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(400, loadGeminiFixture('error-400-api-key-invalid'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error.message).to.equal('Gemini gemini-3.8-flash rejected the API key (400)');
  });

  it('maps a network failure to LlmUnavailableError', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const scope = nock(GEMINI_HOST).post(PATH).replyWithError(reset);

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmUnavailableError);
    expect(error.message).to.equal('Gemini gemini-3.8-flash is unreachable (network error)');
  });

  it('maps an abort by the caller to CancelledError', async () => {
    const arrived = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const scope = nock(GEMINI_HOST)
      .post(PATH)
      .reply(async () => {
        arrived.resolve();
        await release.promise;
        return [200, loadGeminiFixture('generate-content-success')];
      });
    const controller = new AbortController();

    const pending = rejectionOf(createModel().generate({ contents: ['x'] }, { signal: controller.signal }));
    await arrived.promise;
    controller.abort();
    const error = await pending;
    release.resolve();

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(CancelledError);
  });

  it('throws ContentBlockedError naming the reason when the prompt is blocked', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(200, loadGeminiFixture('generate-content-prompt-blocked'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(ContentBlockedError);
    expect(error.message).to.equal('Gemini gemini-3.8-flash blocked the prompt (PROHIBITED_CONTENT)');
  });

  it('throws ContentBlockedError when the candidate stops for SAFETY', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(200, loadGeminiFixture('generate-content-safety'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(ContentBlockedError);
    expect(error.message).to.equal('Gemini gemini-3.8-flash withheld the answer (SAFETY)');
  });

  it('throws LlmInvalidResponseError when there are no candidates', async () => {
    const scope = nock(GEMINI_HOST).post(PATH).reply(200, loadGeminiFixture('generate-content-no-candidates'));

    const error = await rejectionOf(createModel().generate({ contents: ['x'] }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmInvalidResponseError);
    expect(error.retryable).to.equal(true);
  });

  it('throws LlmInvalidResponseError when a schema-bound answer is not JSON', async () => {
    const response = loadGeminiFixture('generate-content-success');
    (response.candidates as { content: { parts: unknown[] } }[])[0]!.content.parts = [{ text: '{"overview": "cut' }];
    const scope = nock(GEMINI_HOST).post(PATH).reply(200, response);

    const error = await rejectionOf(createModel().generate({ contents: ['x'], responseJsonSchema: SUMMARY_SCHEMA }));

    expect(scope.isDone()).to.equal(true);
    expect(error).to.be.instanceOf(LlmInvalidResponseError);
    expect(error.message).to.equal('Gemini gemini-3.8-flash returned malformed JSON');
  });
});
