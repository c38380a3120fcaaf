import { expect } from 'chai';
import nock from 'nock';
import type { Sleep } from '../../predictor/clock.js';
import { createShutdown } from '../../predictor/server.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';
import { bytesRequest, postJson, startTestApp, type TestApp } from '../protocol/support/start-test-app.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

/**
 * Every way the app answers 429 or 503, each asserted for Retry-After and, on a limit's 429,
 * RateLimit-Limit/Remaining/Reset.
 */

const MODEL = 'podcast-pipeline';
const EPISODE = JSON.stringify({
  title: 'Headers',
  transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 we grew by 40 percent.' }],
});
const INFER_BODY = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [EPISODE] }] });

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly error: string;
}

async function answerOf(response: Response): Promise<Answer> {
  return { status: response.status, headers: response.headers, error: ((await response.json()) as { error: string }).error };
}

function expectRetryAfter(answer: Answer, status: 429 | 503, retryAfter?: number): void {
  expect(answer.status, answer.error).to.equal(status);
  const header = answer.headers.get('retry-after');
  expect(header, `Retry-After on "${answer.error}"`).to.match(/^\d+$/);
  if (retryAfter !== undefined) expect(Number(header)).to.equal(retryAfter);
  else expect(Number(header)).to.be.at.least(1);
}

function expectRateLimitHeaders(answer: Answer, limit: number): void {
  expect(answer.headers.get('ratelimit-limit'), answer.error).to.equal(String(limit));
  expect(answer.headers.get('ratelimit-remaining')).to.match(/^\d+$/);
  expect(Number(answer.headers.get('ratelimit-reset'))).to.be.at.least(1);
}

describe('Retry-After on every 429 and 503, RateLimit-* on every limit refusal', function () {
  this.timeout(30000);
  let testApp: TestApp | undefined;
  let application: TestApplication | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(async () => {
    await testApp?.close();
    await application?.close();
    testApp = undefined;
    application = undefined;
  });
  after(() => nock.enableNetConnect());

  const inferV2 = (baseUrl: string, body: string | Record<string, unknown>, model = 'fake-model') =>
    postJson(`${baseUrl}/v2/models/${model}/infer`, body).then(answerOf);
  const predictV1 = (baseUrl: string) => postJson(`${baseUrl}/v1/models/fake-model:predict`, { instances: ['x'] }).then(answerOf);

  describe('server and model state', () => {
    it('readiness off: the ready probe, model readiness, v2 infer and v1 predict answer 503 with Retry-After', async () => {
      testApp = await startTestApp({ models: [new FakePredictorModel({ isReady: false })] });
      expectRetryAfter(await answerOf(await fetch(`${testApp.baseUrl}/v2/health/ready`)), 503, 1);
      expectRetryAfter(await answerOf(await fetch(`${testApp.baseUrl}/v2/models/fake-model/ready`)), 503, 1);
      expectRetryAfter(await inferV2(testApp.baseUrl, bytesRequest(['x'])), 503, 1);
      expectRetryAfter(await predictV1(testApp.baseUrl), 503, 1);
    });

    it('draining: the ready probe, v2 infer and v1 predict answer 503 with Retry-After', async () => {
      testApp = await startTestApp();
      testApp.dataPlane.startDraining();
      expectRetryAfter(await answerOf(await fetch(`${testApp.baseUrl}/v2/health/ready`)), 503, 1);
      expectRetryAfter(await inferV2(testApp.baseUrl, bytesRequest(['x'])), 503, 1);
      expectRetryAfter(await predictV1(testApp.baseUrl), 503, 1);
    });

    it('shutdown: a request still running when patience ends is answered 503 with Retry-After', async () => {
      const model = new FakePredictorModel({
        script: [
          (_request, context) =>
            new Promise((_resolve, reject) =>
              context.signal.addEventListener('abort', () => reject(context.signal.reason as Error), { once: true }),
            ),
        ],
      });
      testApp = await startTestApp({ models: [model] });
      // Zero waits pass at once; the grace wait after aborting lasts until the request has closed (its abort rejects it).
      const sleep: Sleep = (ms, signal) =>
        ms === 0
          ? Promise.resolve()
          : new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
      const called = model.nextCall();
      const stuck = inferV2(testApp.baseUrl, bytesRequest(['stuck']));
      await called;
      const { dataPlane, server, inFlight, logger } = testApp;
      const done = createShutdown({ dataPlane, server, inFlight, drainDelayMs: 0, shutdownTimeoutMs: 0, sleep, logger })();
      const answer = await stuck;
      expectRetryAfter(answer, 503, 1);
      expect(answer.error).to.equal('Server shut down before the request finished');
      await done;
    });
  });

  describe('per-principal limits (whole app)', () => {
    const common = { FEEDBACK_SINK: 'off', RESPONSE_CACHE_ENABLED: 'false' };

    it('requests per minute: the second request gets 429 with Retry-After and RateLimit-*', async () => {
      application = await composeTestApp({ ...common, RATE_LIMIT_REQUESTS_PER_MINUTE: '1' });
      expect((await inferV2(application.baseUrl, INFER_BODY, MODEL)).status).to.equal(200);
      const answer = await inferV2(application.baseUrl, INFER_BODY, MODEL);
      expectRetryAfter(answer, 429);
      expectRateLimitHeaders(answer, 1);
      expect(answer.error).to.match(/^Request limit/);
      expect(answer.headers.get('ratelimit-remaining')).to.equal('0');
    });

    it('tokens per minute: the request the token limit refuses gets 429 with Retry-After and RateLimit-*', async () => {
      // One token a minute: whether the limiter refuses a worst case above the window at once or
      // lets it run alone in its minute, one of two requests is refused for tokens.
      application = await composeTestApp({ ...common, TOKENS_PER_MINUTE: '1' });
      const answers = [await inferV2(application.baseUrl, INFER_BODY, MODEL), await inferV2(application.baseUrl, INFER_BODY, MODEL)];
      const answer = answers.find((candidate) => candidate.status === 429);
      expect(answer, 'a token refusal').to.not.equal(undefined);
      expectRetryAfter(answer!, 429);
      expectRateLimitHeaders(answer!, 1);
      expect(answer!.error).to.match(/token/i);
    });

    it('daily budget: infer and a job submission beyond the budget get 429 with Retry-After and RateLimit-* (micro-USD)', async () => {
      application = await composeTestApp({ ...common, DAILY_BUDGET_USD: '0.000001', JOBS_ENABLED: 'true' });
      for (const path of [`/v2/models/${MODEL}/infer`, `/v2/models/${MODEL}/jobs`]) {
        const answer = await answerOf(await postJson(`${application.baseUrl}${path}`, INFER_BODY));
        expectRetryAfter(answer, 429);
        expectRateLimitHeaders(answer, 1);
        expect(answer.error).to.match(/daily budget/);
        expect(answer.headers.get('ratelimit-remaining')).to.equal('1');
      }
    });
  });

  describe('the LLM stack (whole app on the emulator)', () => {
    const faultyModels = (fault: string) => ({
      FEEDBACK_SINK: 'off',
      LLM_MAX_ATTEMPTS: '1',
      LLM_FALLBACK_ENABLED: 'false',
      PIPELINE_FAIL_ON_PARTIAL: 'true',
      GEMINI_MODEL_FLASH_LITE: `gemini-3.8-flash-fault-${fault}`,
      GEMINI_MODEL_FLASH: `gemini-3.8-flash-fault-${fault}`,
      GEMINI_MODEL_PRO: `gemini-3.8-flash-fault-${fault}`,
    });

    it('upstream rate-limited: 503 with the upstream RetryInfo delay as Retry-After', async () => {
      application = await composeTestApp(faultyModels('429'));
      expectRetryAfter(await inferV2(application.baseUrl, INFER_BODY, MODEL), 503, 1);
    });

    it('breaker open: 503 with the time until the half-open probe as Retry-After', async () => {
      application = await composeTestApp({ ...faultyModels('503'), LLM_BREAKER_FAILURES: '1', LLM_BREAKER_HALF_OPEN_AFTER_MS: '20000' });
      expect((await inferV2(application.baseUrl, INFER_BODY, MODEL)).status, 'the failure that opens the breaker').to.equal(502);
      const answer = await inferV2(application.baseUrl, INFER_BODY, MODEL);
      expectRetryAfter(answer, 503);
      expect(Number(answer.headers.get('retry-after'))).to.be.within(1, 20);
      expect(answer.error).to.match(/Circuit breaker/);
    });

    it('bulkhead full: 503 with Retry-After', async () => {
      // One slot, no queue, and the call holding it never answers: the agents' other calls overflow.
      application = await composeTestApp({ ...faultyModels('hang'), LLM_MAX_CONCURRENT_CALLS: '1', LLM_MAX_QUEUED_CALLS: '0' });
      const answer = await inferV2(application.baseUrl, INFER_BODY, MODEL);
      expectRetryAfter(answer, 503, 1);
      expect(answer.error).to.match(/Too many concurrent calls/);
    });
  });
});
