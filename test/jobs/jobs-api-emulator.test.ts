/**
 * End to end: the job API over HTTP, the real SDK, and the in-process Gemini emulator,
 * which runs inline batches (its batches finish at creation).
 */
import { expect } from 'chai';
import { createJobIdCodec } from '../../predictor/jobs/job-id-codec.js';
import { createJobService } from '../../predictor/jobs/job-service.js';
import { createGeminiBatchClient } from '../../predictor/llm/gemini-batch.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import { createBatchCodec } from '../../predictor/pipeline/batch-codec.js';
import { createJobsRouter } from '../../predictor/protocol/jobs-router.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { startEmulatorHarness, type EmulatorHarness } from '../emulator/emulator-harness.js';
import { fixtureBytes, smallWireEpisode } from '../pipeline/support/episodes.js';
import { postJson, startTestApp, type TestApp, useTestAppHooks } from '../protocol/support/start-test-app.js';
import { capabilityOnlyModels, JOB_MODEL_NAME, TEST_ID_SECRET } from './job-test-kit.js';

const GRID = JSON.parse(new TextDecoder().decode(fixtureBytes('grid-under-pressure'))) as unknown;

interface JobBody {
  readonly id: string;
  readonly status: string;
  readonly parameters?: Record<string, unknown>;
  readonly outputs?: { name: string; shape: number[]; data: string[] }[];
}

describe('job API end to end on the Gemini emulator', () => {
  let app: TestApp | undefined;
  let harness: EmulatorHarness | undefined;
  useTestAppHooks(() => app);
  afterEach(async () => harness?.stop());

  it('submits episodes, reads the analysed results, then purges the job', async () => {
    harness = await startEmulatorHarness();
    const jobService = createJobService({
      batchClient: createGeminiBatchClient({ client: harness.client }),
      pipelineCodec: createBatchCodec({
        router: createModelRouter({
          tiers: { 'flash-lite': 'gemini-3.1-flash-lite', flash: 'gemini-3.8-flash', pro: 'gemini-3.1-pro-preview' },
          agentTiers: { summarizer: 'flash-lite', insights: 'flash-lite', 'fact-checker': 'flash' },
        }),
        models: capabilityOnlyModels(),
        generation: { temperature: 0.2, maxOutputTokens: 4096 },
        defaultPromptVersion: 'v1',
        maxEpisodesPerJob: 10,
      }),
      idCodec: createJobIdCodec({ secret: TEST_ID_SECRET }),
      modelName: JOB_MODEL_NAME,
      llmBackend: 'emulator',
      maxBatchBytes: 20_000_000,
      logger: new CollectingLogger(),
    });
    app = await startTestApp({ extraRouters: [createJobsRouter({ jobService, maxBodyBytes: 1024 * 1024 })] });
    const jobUrl = (id: string) => `${app!.baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs/${id}`;

    const accepted = await postJson(`${app.baseUrl}/v2/models/${JOB_MODEL_NAME}/jobs`, { episodes: [GRID, smallWireEpisode()] });
    const { id } = (await accepted.json()) as JobBody;
    const result = (await (await fetch(jobUrl(id))).json()) as JobBody;
    const purged = await fetch(`${jobUrl(id)}?purge=true`, { method: 'DELETE' });
    const gone = await fetch(jobUrl(id));

    expect(accepted.status).to.equal(202);
    expect(result.status).to.equal('succeeded');
    expect(result.outputs?.map((output) => [output.name, output.shape])).to.deep.equal([
      ['report', [2]],
      ['summary', [2]],
      ['insights', [2]],
      ['fact_checks', [2]],
    ]);
    const [gridReport, shortReport] = result.outputs![0]!.data;
    expect(gridReport).to.match(/^# Power Lines #42/);
    expect(shortReport).to.match(/^# Short Talk/);
    for (const output of result.outputs!.slice(1)) {
      for (const element of output.data) expect(JSON.parse(element), output.name).to.not.have.property('error');
    }
    // The emulator quotes transcript lines; they survive verification against the transcript in the metadata.
    expect(JSON.parse(result.outputs![2]!.data[0]!).notable_quotes).to.have.length.greaterThan(0);
    expect(result.parameters).to.deep.include({
      llm_backend: 'emulator',
      partial: false,
      batch: true,
      models: 'gemini-3.1-flash-lite,gemini-3.8-flash',
    });
    expect(result.parameters?.input_tokens).to.be.greaterThan(0);
    expect(purged.status).to.equal(204);
    expect(gone.status).to.equal(404);
  });
});
