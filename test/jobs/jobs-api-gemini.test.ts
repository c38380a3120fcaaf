/**
 * The job API over HTTP with the real SDK and Gemini batch client against nock'd Batch API
 * endpoints: submit, poll while running, read the assembled results.
 */
import { expect } from 'chai';
import nock from 'nock';
import { createJobIdCodec } from '../../predictor/jobs/job-id-codec.js';
import { createJobService } from '../../predictor/jobs/job-service.js';
import { createGeminiBatchClient } from '../../predictor/llm/gemini-batch.js';
import { createJobsRouter } from '../../predictor/protocol/jobs-router.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { GEMINI_HOST, createTestClient } from '../fixtures/gemini/gemini-nock.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { fixtureBytes } from '../pipeline/support/episodes.js';
import { SAMPLE_CLAIMS, SAMPLE_GROUNDING, SAMPLE_INSIGHTS, SAMPLE_SUMMARY } from '../pipeline/support/sample-outputs.js';
import { postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';
import { agentOfKey } from './fake-batch-client.js';
import { createTestCodec, JOB_MODEL_NAME, TEST_ID_SECRET, TEST_PRICE_TABLE } from './job-test-kit.js';

interface InlinedRequest {
  readonly metadata: Record<string, string>;
}

type WireBatchBody = { batch: { displayName: string; inputConfig: { requests: { requests: InlinedRequest[] } } } };

const GRID = JSON.parse(new TextDecoder().decode(fixtureBytes('grid-under-pressure'))) as unknown;

/** A generateContent response as the Batch API inlines it. */
function wireResponse(agent: string, modelVersion: string): Record<string, unknown> {
  const text = JSON.stringify(agent === 'summarizer' ? SAMPLE_SUMMARY : agent === 'insights' ? SAMPLE_INSIGHTS : SAMPLE_CLAIMS);
  const grounding =
    agent === 'fact-checker'
      ? {
          groundingMetadata: {
            webSearchQueries: SAMPLE_GROUNDING.webSearchQueries,
            groundingChunks: SAMPLE_GROUNDING.sources.map((source) => ({ web: source })),
            groundingSupports: SAMPLE_GROUNDING.supports.map((support) => ({
              segment: { text: support.text },
              groundingChunkIndices: support.sourceIndices,
            })),
          },
        }
      : {};
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0, ...grounding }],
    usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 100, totalTokenCount: 1100 },
    modelVersion,
  };
}

/**
 * The batch operation in `state`; once succeeded it answers each submitted request (metadata
 * echoed), with an UNAVAILABLE per-request error for `failingAgent`.
 */
function batchOperation(
  name: string,
  modelId: string,
  state: string,
  requests: readonly InlinedRequest[],
  failingAgent?: string,
): Record<string, unknown> {
  const operation = loadGeminiFixture('batch-running');
  const metadata = operation.metadata as Record<string, unknown>;
  Object.assign(metadata, { name, model: `models/${modelId}`, state: `BATCH_STATE_${state}` });
  if (state === 'SUCCEEDED') {
    metadata.endTime = '2026-11-27T03:10:00Z';
    const inlinedResponses = requests.map((request) => {
      const agent = agentOfKey(request.metadata.key ?? '');
      const entry =
        agent === failingAgent
          ? { error: { code: 14, message: 'The service is currently unavailable.' } }
          : { response: wireResponse(agent, `${modelId}-001`) };
      return { ...entry, metadata: request.metadata };
    });
    metadata.output = { inlinedResponses: { inlinedResponses } };
  }
  return { ...operation, name };
}

describe('job API against the Gemini Batch API (nock)', () => {
  let app: TestApp | undefined;
  // Registered first, so it runs before the shared hooks clean nock up.
  afterEach(() => expect(nock.pendingMocks()).to.deep.equal([]));
  useTestAppHooks(() => app);

  async function startJobsApp(): Promise<{ baseUrl: string; submitted: Map<string, InlinedRequest[]> }> {
    const submitted = new Map<string, InlinedRequest[]>();
    for (const [modelId, name] of [
      ['gemini-test-lite', 'batches/lite1'],
      ['gemini-test-flash', 'batches/flash1'],
    ] as const) {
      nock(GEMINI_HOST)
        .post(
          `/v1beta/models/${modelId}:batchGenerateContent`,
          (body: WireBatchBody) => submitted.set(name, body.batch.inputConfig.requests.requests) !== undefined,
        )
        .reply(200, () => batchOperation(name, modelId, 'PENDING', []));
    }
    const jobService = createJobService({
      batchClient: createGeminiBatchClient({ client: createTestClient() }),
      pipelineCodec: createTestCodec(),
      idCodec: createJobIdCodec({ secret: TEST_ID_SECRET }),
      modelName: JOB_MODEL_NAME,
      llmBackend: 'gemini',
      maxBatchBytes: 20_000_000,
      priceTable: TEST_PRICE_TABLE,
      logger: new CollectingLogger(),
    });
    app = await startTestApp({ extraRouters: [createJobsRouter({ jobService, maxBodyBytes: 1024 * 1024 })] });
    return { baseUrl: app.baseUrl, submitted };
  }

  it('submits, reports running, then answers the assembled results at the batch price', async () => {
    const { baseUrl, submitted } = await startJobsApp();

    const accepted = await postJson(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs`, { episodes: [GRID] });
    const { id } = (await accepted.json()) as { id: string };
    nock(GEMINI_HOST)
      .get('/v1beta/batches/lite1')
      .reply(200, () => batchOperation('batches/lite1', 'gemini-test-lite', 'RUNNING', []))
      .get('/v1beta/batches/flash1')
      .reply(200, () => batchOperation('batches/flash1', 'gemini-test-flash', 'PENDING', []));
    const running = (await (await fetch(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs/${id}`)).json()) as Record<string, unknown>;
    nock(GEMINI_HOST)
      .get('/v1beta/batches/lite1')
      .reply(200, () => batchOperation('batches/lite1', 'gemini-test-lite', 'SUCCEEDED', submitted.get('batches/lite1')!))
      .get('/v1beta/batches/flash1')
      .reply(200, () => batchOperation('batches/flash1', 'gemini-test-flash', 'SUCCEEDED', submitted.get('batches/flash1')!));
    const done = await fetch(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs/${id}`);

    expect(accepted.status).to.equal(202);
    expect([...submitted.values()].map((requests) => requests.map((request) => request.metadata.key))).to.deep.equal([
      ['mp1:0:summarizer:v1', 'mp1:0:insights:v1'],
      ['mp1:0:fact-checker:v1'],
    ]);
    expect(running.status).to.equal('running');
    expect(done.status).to.equal(200);
    const body = (await done.json()) as {
      status: string;
      parameters: Record<string, unknown>;
      outputs: { name: string; data: string[] }[];
    };
    expect(body.status).to.equal('succeeded');
    expect(body.outputs.map((output) => output.name)).to.deep.equal(['report', 'summary', 'insights', 'fact_checks']);
    expect(body.outputs[0]!.data[0]).to.match(/^# Power Lines #42/);
    expect(JSON.parse(body.outputs[2]!.data[0]!).notable_quotes).to.have.length(1);
    // 3 calls x (1000 input, 100 output); lite 0.1/0.4, flash 0.5/3 USD per Mtok; 2 search queries at 14 USD per 1k.
    const tokensUsd = (2 * (1000 * 0.1 + 100 * 0.4)) / 1e6 + (1000 * 0.5 + 100 * 3) / 1e6;
    expect(body.parameters).to.deep.include({ input_tokens: 3000, output_tokens: 300, partial: false, batch: true });
    expect(body.parameters.cost_usd).to.be.closeTo(tokensUsd / 2 + 2 * 0.014, 1e-12);
  });

  it('shows a per-request upstream error in its agent output and cancels with DELETE', async () => {
    const { baseUrl, submitted } = await startJobsApp();
    const { id } = (await (await postJson(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs`, { episodes: [GRID] })).json()) as { id: string };
    nock(GEMINI_HOST)
      .get('/v1beta/batches/lite1')
      .reply(200, () => batchOperation('batches/lite1', 'gemini-test-lite', 'SUCCEEDED', submitted.get('batches/lite1')!, 'insights'))
      .get('/v1beta/batches/flash1')
      .reply(200, () => batchOperation('batches/flash1', 'gemini-test-flash', 'RUNNING', []))
      .post('/v1beta/batches/flash1:cancel')
      .reply(200, {})
      .get('/v1beta/batches/lite1')
      .reply(200, () => batchOperation('batches/lite1', 'gemini-test-lite', 'SUCCEEDED', submitted.get('batches/lite1')!, 'insights'))
      .get('/v1beta/batches/flash1')
      .reply(200, () => batchOperation('batches/flash1', 'gemini-test-flash', 'CANCELLED', []));

    const cancelled = await fetch(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs/${id}`, { method: 'DELETE' });

    expect(cancelled.status).to.equal(200);
    expect(await cancelled.json()).to.deep.include({ status: 'cancelled', error: 'The job was cancelled' });
    // Had the flash batch failed instead, the job would succeed partially, showing the insights error entry.
    nock(GEMINI_HOST)
      .get('/v1beta/batches/lite1')
      .reply(200, () => batchOperation('batches/lite1', 'gemini-test-lite', 'SUCCEEDED', submitted.get('batches/lite1')!, 'insights'))
      .get('/v1beta/batches/flash1')
      .reply(200, () => batchOperation('batches/flash1', 'gemini-test-flash', 'FAILED', []));
    const partial = (await (await fetch(`${baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs/${id}`)).json()) as {
      parameters: Record<string, unknown>;
      outputs: { name: string; data: string[] }[];
    };
    expect(partial.parameters.partial).to.equal(true);
    expect(JSON.parse(partial.outputs[2]!.data[0]!)).to.deep.equal({
      error: { code: 'llm_unavailable', message: 'Gemini gemini-test-lite is overloaded (503)' },
    });
    expect(JSON.parse(partial.outputs[3]!.data[0]!).error.message).to.equal(
      'No result: the upstream batch holding this request ended as failed',
    );
  });
});
