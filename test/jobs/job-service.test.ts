import { expect } from 'chai';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import type { Tensor } from '../../predictor/contract/tensor.js';
import type { Admission, RequestLimiter } from '../../predictor/contract/access-control.js';
import {
  BudgetExceededError,
  InvalidInputError,
  LlmRateLimitedError,
  LlmUnavailableError,
  ModelNotFoundError,
  NotImplementedError,
  PayloadTooLargeError,
} from '../../predictor/errors.js';
import { JobNotFoundError } from '../../predictor/jobs/job-not-found-error.js';
import { costOfCall } from '../../predictor/llm/cost.js';
import { fixtureBytes, smallWireEpisode } from '../pipeline/support/episodes.js';
import { defaultResultFor } from '../pipeline/support/sample-outputs.js';
import { agentOfKey, FakeBatchClient, sampleEntry } from './fake-batch-client.js';
import { contextFor, createTestJobService, episodesRequest, JOB_MODEL_NAME, TEST_PRICE_TABLE } from './job-test-kit.js';

/** Records reservations and settlements; throws `refusal` when set. */
class RecordingLimiter implements RequestLimiter {
  readonly admitted: { principal: string; modelName: string; maxTokens: number; maxCostUsd: number }[] = [];
  readonly settled: { tokens: number; costUsd: number }[] = [];
  refusal: Error | undefined;

  async admit({ principal, modelName, estimate }: Parameters<RequestLimiter['admit']>[0]): Promise<Admission> {
    if (this.refusal) throw this.refusal;
    this.admitted.push({
      principal: principal.id,
      modelName,
      maxTokens: estimate?.maxTokens ?? -1,
      maxCostUsd: estimate?.maxCostUsd ?? -1,
    });
    return { settle: async (actual) => void this.settled.push({ ...actual }) };
  }
}

const GRID = new TextDecoder().decode(fixtureBytes('grid-under-pressure'));
const ALICE = { id: 'alice', roles: ['jobs'], authMethod: 'api-key' } as const;

function output(tensors: readonly Tensor[] | undefined, name: string): string[] {
  const tensor = tensors?.find((candidate) => candidate.name === name);
  return (tensor?.data ?? []) as string[];
}

describe('createJobService', () => {
  it('submits one batch per model and answers a pending job', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);

    const view = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID, smallWireEpisode()]), contextFor());

    expect(view).to.deep.include({ modelName: JOB_MODEL_NAME, status: 'pending', episodeCount: 2 });
    expect(view.id).to.match(/^j1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(view.response).to.equal(undefined);
    expect(batches.submitted.map((batch) => [batch.modelId, batch.requests.map((item) => item.key)])).to.deep.equal([
      ['gemini-test-lite', ['mp1:0:summarizer:v1', 'mp1:0:insights:v1', 'mp1:1:summarizer:v1', 'mp1:1:insights:v1']],
      ['gemini-test-flash', ['mp1:0:fact-checker:v1', 'mp1:1:fact-checker:v1']],
    ]);
    expect(batches.submitted[0]!.displayName).to.equal('podcast-pipeline job req-1');
  });

  it('follows the job from pending to running to succeeded with the /infer outputs priced at the batch rate', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());

    expect((await service.status(JOB_MODEL_NAME, id, contextFor())).status).to.equal('pending');
    batches.setState('running', batches.names()[0]);
    expect((await service.status(JOB_MODEL_NAME, id, contextFor())).status).to.equal('running');
    batches.setState('succeeded');
    const done = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(done.status).to.equal('succeeded');
    expect(done.endedAtMs).to.be.a('number');
    const outputs = done.response?.outputs;
    expect(outputs?.map((tensor) => [tensor.name, tensor.shape])).to.deep.equal([
      ['report', [1]],
      ['summary', [1]],
      ['insights', [1]],
      ['fact_checks', [1]],
    ]);
    const report = output(outputs, 'report')[0]!;
    expect(report).to.match(/^# Power Lines #42 — The Grid Under Pressure/);
    expect(report).to.include('**Host:** Maya Okafor');
    // The quote is verified against the transcript carried in the insights request's metadata.
    const insights = JSON.parse(output(outputs, 'insights')[0]!) as { notable_quotes: unknown[] };
    expect(insights.notable_quotes).to.have.length(1);
    const claims = JSON.parse(output(outputs, 'fact_checks')[0]!) as { claims: { sources: unknown[] }[] };
    expect(claims.claims[0]!.sources).to.have.length(1);
    const lite = defaultResultFor('summarizer');
    const flash = defaultResultFor('fact-checker');
    const fullPrice = [lite, defaultResultFor('insights'), flash].reduce(
      (total, result) => total + costOfCall({ table: TEST_PRICE_TABLE, modelVersion: result.modelVersion, usage: result.usage })!.totalUsd,
      0,
    );
    const groundingUsd = costOfCall({ table: TEST_PRICE_TABLE, modelVersion: flash.modelVersion, usage: flash.usage })!.groundingUsd;
    expect(done.response?.parameters).to.deep.include({
      llm_backend: 'gemini',
      prompt_version: 'v1',
      partial: false,
      batch: true,
      input_tokens: 500,
      models: 'gemini-test-flash-002,gemini-test-lite-001',
    });
    // Tokens at half price; grounding is billed per query and not discounted.
    expect(done.response?.parameters?.cost_usd).to.be.closeTo((fullPrice - groundingUsd) / 2 + groundingUsd, 1e-12);
  });

  it('reports a failed job with its reason and no outputs', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('failed');

    const view = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(view).to.deep.include({ status: 'failed', error: 'The Batch API reported the job as failed' });
    expect(view.response).to.equal(undefined);
  });

  it('answers partial results when one of the job batches failed', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('succeeded', batches.names()[0]);
    batches.setState('expired', batches.names()[1]);

    const view = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(view.status).to.equal('succeeded');
    expect(view.response?.parameters?.partial).to.equal(true);
    expect(JSON.parse(output(view.response?.outputs, 'fact_checks')[0]!)).to.deep.equal({
      error: { code: 'llm_unavailable', message: 'No result: the upstream batch holding this request ended as expired' },
    });
  });

  it('carries a per-request error of a succeeded batch in that agent output and marks the result partial', async () => {
    const batches = new FakeBatchClient();
    batches.answer = (item) =>
      agentOfKey(item.key) === 'insights'
        ? {
            key: item.key,
            metadata: { key: item.key },
            outcome: { status: 'error', error: new LlmRateLimitedError('Gemini gemini-test-lite is rate limited or out of quota (429)') },
          }
        : sampleEntry(item);
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('succeeded');

    const view = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(view.status).to.equal('succeeded');
    expect(view.response?.parameters?.partial).to.equal(true);
    expect(JSON.parse(output(view.response?.outputs, 'insights')[0]!)).to.deep.equal({
      error: { code: 'llm_rate_limited', message: 'Gemini gemini-test-lite is rate limited or out of quota (429)' },
    });
    expect(output(view.response?.outputs, 'report')[0]).to.include('**Not available:** the insights agent failed');
  });

  it('fails a job in which every agent failed, as /infer would', async () => {
    const batches = new FakeBatchClient();
    batches.answer = (item) => ({
      key: item.key,
      metadata: { key: item.key },
      outcome: { status: 'error', error: new LlmUnavailableError('Gemini is overloaded (503)', 503) },
    });
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('succeeded');

    const view = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(view).to.deep.include({ status: 'failed', error: 'Gemini is overloaded (503)' });
  });

  it('ignores entries without a request key and logs how many', async () => {
    const batches = new FakeBatchClient();
    batches.answer = (item) =>
      agentOfKey(item.key) === 'summarizer' ? { metadata: {}, outcome: sampleEntry(item).outcome } : sampleEntry(item);
    const { service, logger } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('succeeded');

    const view = await service.status(JOB_MODEL_NAME, id, contextFor());

    expect(JSON.parse(output(view.response?.outputs, 'summary')[0]!).error.code).to.equal('llm_invalid_response');
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.fields.unmatched)).to.deep.equal([1]);
  });

  it('cancels the running batches and then reports the job cancelled', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    batches.setState('succeeded', batches.names()[0]);

    const view = await service.cancel(JOB_MODEL_NAME, id, contextFor());

    expect(batches.calls.filter((call) => call.startsWith('cancel'))).to.deep.equal([`cancel:${batches.names()[1]}`]);
    expect(view).to.deep.include({ status: 'cancelled', error: 'The job was cancelled' });
  });

  it('purges: cancels what runs and deletes every batch, after which the job is not found', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor());
    const [first, second] = batches.names();
    batches.setState('succeeded', first);

    await service.purge(JOB_MODEL_NAME, id, contextFor());

    expect(batches.calls.filter((call) => !call.startsWith('get') && !call.startsWith('submit'))).to.deep.equal([
      `delete:${first}`,
      `cancel:${second}`,
      `delete:${second}`,
    ]);
    expect(await service.status(JOB_MODEL_NAME, id, contextFor()).catch((error: unknown) => error)).to.be.instanceOf(JobNotFoundError);
  });

  it('answers not found for a tampered id, another caller, and another model', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);
    const { id } = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor(ALICE));
    const [version, payload, tag] = id.split('.') as [string, string, string];
    const tampered = `${version}.${payload}.${tag.startsWith('A') ? 'B' : 'A'}${tag.slice(1)}`;

    expect(await service.status(JOB_MODEL_NAME, tampered, contextFor(ALICE)).catch((error: unknown) => error)).to.be.instanceOf(
      JobNotFoundError,
    );
    expect(await service.status(JOB_MODEL_NAME, id, contextFor(ANONYMOUS_PRINCIPAL)).catch((error: unknown) => error)).to.be.instanceOf(
      JobNotFoundError,
    );
    expect(await service.cancel(JOB_MODEL_NAME, 'batches/fake-1', contextFor(ALICE)).catch((error: unknown) => error)).to.be.instanceOf(
      JobNotFoundError,
    );
    expect(await service.status('other-model', id, contextFor(ALICE)).catch((error: unknown) => error)).to.be.instanceOf(
      ModelNotFoundError,
    );
    expect(batches.calls.filter((call) => call.startsWith('get'))).to.deep.equal([]);
  });

  it('validates every episode before submitting anything', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches);

    const error = await service
      .submit(JOB_MODEL_NAME, episodesRequest([GRID, { title: 'No transcript' }]), contextFor())
      .catch((error: unknown) => error);

    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as Error).message).to.match(/^episode\[1\]/);
    expect(batches.calls).to.deep.equal([]);
  });

  it('refuses a job whose batch would exceed the size limit, before submitting', async () => {
    const batches = new FakeBatchClient();
    const { service } = createTestJobService(batches, { maxBatchBytes: 10_000 });

    const error = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor()).catch((error: unknown) => error);

    expect(error).to.be.instanceOf(PayloadTooLargeError);
    expect(batches.calls).to.deep.equal([]);
  });

  it('removes the batches already created when a later submission fails', async () => {
    const batches = new FakeBatchClient();
    batches.failSubmitFrom = 1;
    batches.submitError = new LlmRateLimitedError('Gemini gemini-test-flash is rate limited or out of quota (429)');
    const { service } = createTestJobService(batches);

    const error = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor()).catch((error: unknown) => error);

    expect(error).to.equal(batches.submitError);
    expect(batches.calls).to.deep.equal([
      'submit:gemini-test-lite',
      'submit:gemini-test-flash',
      'cancel:batches/fake-1',
      'delete:batches/fake-1',
    ]);
  });

  it('reserves the worst-case cost against the caller budget, outside the token rate limit, and settles it', async () => {
    const batches = new FakeBatchClient();
    const limiter = new RecordingLimiter();
    const { service } = createTestJobService(batches, { limiter });

    await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor(ALICE));

    const [admitted] = limiter.admitted;
    expect(admitted).to.deep.include({ principal: 'alice', modelName: JOB_MODEL_NAME, maxTokens: 0 });
    expect(admitted!.maxCostUsd).to.be.greaterThan(0);
    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: admitted!.maxCostUsd }]);
  });

  it('submits nothing when the budget is exhausted, and releases the reservation when submission fails', async () => {
    const batches = new FakeBatchClient();
    const limiter = new RecordingLimiter();
    limiter.refusal = new BudgetExceededError('Daily budget of 1 USD reached; it resets at 00:00 UTC');
    const { service } = createTestJobService(batches, { limiter });

    const refused = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor()).catch((error: unknown) => error);
    limiter.refusal = undefined;
    batches.failSubmitFrom = 0;
    const failed = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor()).catch((error: unknown) => error);

    expect(refused).to.be.instanceOf(BudgetExceededError);
    expect(failed).to.equal(batches.submitError);
    expect(batches.submitted).to.deep.equal([]);
    expect(limiter.settled).to.deep.equal([{ tokens: 0, costUsd: 0 }]);
  });

  it('is not implemented where the batch client cannot run inline batches', async () => {
    const batches = new FakeBatchClient();
    batches.unavailableReason = 'Batch jobs are not available on the vertex backend';
    const { service } = createTestJobService(batches);

    const error = await service.submit(JOB_MODEL_NAME, episodesRequest([GRID]), contextFor()).catch((error: unknown) => error);

    expect(error).to.be.instanceOf(NotImplementedError);
    expect((error as Error).message).to.equal('Batch jobs are not available on the vertex backend');
    expect(batches.calls).to.deep.equal([]);
  });
});
