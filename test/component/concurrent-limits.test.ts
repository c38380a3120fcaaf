import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { pipelineModelOptionsFrom } from '../../predictor/composition/pipeline-model-options.js';
import { loadConfig } from '../../predictor/config/load-config.js';
import type { CostEstimate } from '../../predictor/contract/access-control.js';
import { createPipelineModel } from '../../predictor/pipeline/pipeline-model.js';
import { requestOf } from '../pipeline/support/pipeline-harness.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

/**
 * Concurrent requests against a small daily budget and a small token limit, over the whole
 * app on the emulator. The transcript is one a bytes/4 estimate under-counts: many tiny
 * timestamped lines (each sent with an `Unknown:` speaker) full of `<<<`/`>>>` (each run
 * escaped to three 3-byte guillemets), so the prompt sent is ~2.5× the episode's JSON.
 * Tokens are priced high and Search not at all, so spend follows the transcript.
 */

const MODEL = 'podcast-pipeline';
const REQUESTS = 8;
const EXPENSIVE = { inputPerMtokUsd: 100, cachedInputPerMtokUsd: 10, outputPerMtokUsd: 100, cacheStoragePerMtokHourUsd: 1 };
const PRICE_TABLE = { models: { 'gemini-3.1-flash-lite': EXPENSIVE, 'gemini-3.8-flash': EXPENSIVE, 'gemini-3.1-pro-preview': EXPENSIVE } };

function episodeJson(title: string): string {
  const lines = Array.from(
    { length: 2_000 },
    (_, index) => `[${Math.floor(index / 60)}:${String(index % 60).padStart(2, '0')}] <<<>>><<<>>>`,
  );
  return JSON.stringify({ title, transcript: lines.join('\n') });
}

const inferBody = (title: string) =>
  JSON.stringify({
    parameters: { cache: false },
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episodeJson(title)] }],
  });

interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly tokens: number;
  readonly costUsd: number;
}

async function infer(baseUrl: string, title: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}/v2/models/${MODEL}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: inferBody(title),
  });
  const body = (await response.json()) as { parameters?: Record<string, number> };
  const parameters = body.parameters ?? {};
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    tokens: (parameters.input_tokens ?? 0) + (parameters.output_tokens ?? 0),
    costUsd: parameters.cost_usd ?? 0,
  };
}

describe('concurrent requests stay within the daily budget and the token limit (whole app, emulator)', function () {
  this.timeout(60_000);
  let directory: string;
  let application: TestApplication | undefined;
  let env: Record<string, string>;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'concurrent-limits-'));
    await writeFile(join(directory, 'prices.json'), JSON.stringify(PRICE_TABLE));
    // Latency keeps the admitted runs in flight while the others ask to be admitted.
    env = {
      FEEDBACK_SINK: 'off',
      RESPONSE_CACHE_ENABLED: 'false',
      PRICE_TABLE_FILE: join(directory, 'prices.json'),
      EMULATOR_LATENCY_MS: '300',
    };
  });
  afterEach(async () => {
    await application?.close();
    application = undefined;
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  /** What the app reserves for one request, from the pipeline model exactly as the app composes it. */
  async function reservationOfOneRequest(): Promise<CostEstimate> {
    const probe = await composeTestApp(env);
    try {
      const config = loadConfig({ env: { HOST: '127.0.0.1', PORT: '0', ...env } });
      const { llm, security } = probe.application;
      const pipeline = createPipelineModel(
        pipelineModelOptionsFrom({
          config,
          llm,
          models: llm.provider,
          onEvent: () => {},
          now: Date.now,
          ...(security.guardrails ? { guardrails: security.guardrails } : {}),
        }),
      );
      return await pipeline.estimateCost!(requestOf([episodeJson('probe')]));
    } finally {
      await probe.close();
    }
  }

  it(`${REQUESTS} concurrent requests: the settled usage of the admitted ones stays within both limits, the others get 429 with Retry-After`, async () => {
    const reservation = await reservationOfOneRequest();
    // Room for two worst cases and a half: at most two run at once.
    const budgetUsd = 2.5 * reservation.maxCostUsd;
    const tokensPerMinute = Math.floor(2.5 * reservation.maxTokens);
    application = await composeTestApp({ ...env, DAILY_BUDGET_USD: budgetUsd.toFixed(6), TOKENS_PER_MINUTE: String(tokensPerMinute) });

    const answers = await Promise.all(Array.from({ length: REQUESTS }, (_, index) => infer(application!.baseUrl, `episode ${index}`)));

    const admitted = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(admitted.length + refused.length, JSON.stringify(answers.map((answer) => answer.status))).to.equal(REQUESTS);
    expect(admitted.length, 'admitted').to.be.at.least(1);
    expect(refused.length, 'refused').to.be.at.least(1);
    for (const answer of refused) expect(Number(answer.retryAfter), 'Retry-After').to.be.at.least(1);
    const spentTokens = admitted.reduce((sum, answer) => sum + answer.tokens, 0);
    const spentUsd = admitted.reduce((sum, answer) => sum + answer.costUsd, 0);
    expect(spentTokens, 'tokens settled in the minute').to.be.at.most(tokensPerMinute);
    expect(spentUsd, 'USD settled in the day').to.be.at.most(budgetUsd);
    // The admitted runs really spent: the limits bound real usage.
    for (const answer of admitted) expect(answer.costUsd).to.be.above(0);
  });
});
