/**
 * @module jobs/job-service
 * Asynchronous pipeline jobs on a provider batch API (half the token price): `submit`
 * validates every episode, creates one upstream batch per model and answers a job id;
 * `status` reads the upstream batches and, once they ended, assembles the same outputs as
 * `/infer`; `cancel` stops them. Transport-neutral and stateless: the job id (see
 * job-id-codec.ts) is the only handle, so any replica can answer for any job.
 */
import type { RequestLimiter } from '../contract/access-control.js';
import type { RequestContext } from '../contract/request-context.js';
import type { ModelRequest, ModelResponse } from '../contract/tensor.js';
import { LlmRejectedError, ModelNotFoundError, NotImplementedError, PayloadTooLargeError } from '../errors.js';
import { TERMINAL_BATCH_STATES, type BatchClient, type BatchJob, type BatchState } from '../llm/batch-client.js';
import { costOfCall } from '../llm/cost.js';
import type { PriceTable } from '../llm/price-table.js';
import type { Logger } from '../observability/logger.js';
import type { BatchCodec, EncodedJob } from '../pipeline/batch-codec.js';
import type { CostFunction } from '../pipeline/pipeline-response.js';
import { combineBatchStates, endingMessage, missingResultError } from './combine-batch-states.js';
import type { JobIdCodec, JobIdScope } from './job-id-codec.js';
import { estimateJobCost } from './estimate-job-cost.js';
import { JobNotFoundError } from './job-not-found-error.js';

/** What a client learns about a job. */
export interface JobView {
  readonly id: string;
  readonly modelName: string;
  readonly status: BatchState;
  readonly episodeCount: number;
  readonly createdAtMs?: number;
  readonly updatedAtMs?: number;
  readonly endedAtMs?: number;
  /** The `/infer`-shaped result, once the job succeeded. */
  readonly response?: ModelResponse;
  /** Why a job ended without results. */
  readonly error?: string;
}

/** Whether the job has ended (succeeded, failed, cancelled or expired): nothing more will change. */
export function hasJobEnded(view: JobView): boolean {
  return TERMINAL_BATCH_STATES.has(view.status);
}

export interface JobService {
  submit(modelName: string, request: ModelRequest, context: RequestContext): Promise<JobView>;
  status(modelName: string, id: string, context: RequestContext): Promise<JobView>;
  /** Cancels the batches still running; answers the status after the request. */
  cancel(modelName: string, id: string, context: RequestContext): Promise<JobView>;
  /** Deletes the upstream batches (requests and results); running ones are cancelled first. */
  purge(modelName: string, id: string, context: RequestContext): Promise<void>;
}

export interface JobServiceOptions {
  readonly batchClient: BatchClient;
  readonly pipelineCodec: BatchCodec;
  readonly idCodec: JobIdCodec;
  /** The one model the jobs route serves (config `MODEL_NAME`). */
  readonly modelName: string;
  /** Reported as the `llm_backend` response parameter. */
  readonly llmBackend: string;
  /** Largest upstream batch request (the Gemini API takes inline batches up to 20 MB). */
  readonly maxBatchBytes: number;
  /** Prices results at the table's batch factor; without it no `cost_usd` is reported. */
  readonly priceTable?: PriceTable;
  /**
   * The same per-principal limiter as `/infer`. A job takes one request from the request
   * rate and its worst-case cost from the daily budget; it is kept out of the per-minute
   * token limit, which guards interactive capacity and which a large offline job would never
   * fit. With no state kept, the reservation is settled with the estimate, not the usage.
   */
  readonly limiter?: RequestLimiter;
  readonly logger: Logger;
  /** Epoch ms clock (prices that change by date); Date.now by default. */
  readonly now?: () => number;
}

const encoder = new TextEncoder();

function assertSize({ groups }: EncodedJob, maxBatchBytes: number): void {
  for (const { modelId, requests } of groups) {
    // Approximates the upload; the SDK's field names differ by a few bytes per request.
    const bytes = encoder.encode(JSON.stringify(requests)).byteLength;
    if (bytes > maxBatchBytes) {
      throw new PayloadTooLargeError(
        `The job's requests for ${modelId} take ${bytes} bytes; a batch may take at most ${maxBatchBytes}. Split the episodes over several jobs.`,
      );
    }
  }
}

/** Creates the service. */
export function createJobService(options: JobServiceOptions): JobService {
  const { batchClient, pipelineCodec, idCodec, modelName, logger, now = Date.now } = options;

  /** Prices usage at the table's batch factor, at `atMs`; undefined without a price table. */
  function batchCostFunction(atMs: number | undefined): CostFunction | undefined {
    const table = options.priceTable;
    if (table === undefined) return undefined;
    return (usage, modelVersion) => costOfCall({ table, modelVersion, usage, atMs, isBatch: true })?.totalUsd ?? 0;
  }

  function scopeOf(name: string, context: RequestContext): JobIdScope {
    if (name !== modelName) throw new ModelNotFoundError(name);
    if (batchClient.unavailableReason !== undefined) throw new NotImplementedError(batchClient.unavailableReason);
    return { modelName, principalId: context.principal.id };
  }

  async function readBatches(id: string, scope: JobIdScope, signal: AbortSignal) {
    const handle = idCodec.decode(id, scope);
    try {
      return { handle, batches: await Promise.all(handle.batchNames.map((name) => batchClient.get(name, { signal }))) };
    } catch (error) {
      // A batch deleted upstream (purged, or past retention) is a job that no longer exists.
      if (error instanceof LlmRejectedError && error.upstreamStatus === 404) throw new JobNotFoundError({ cause: error });
      throw error;
    }
  }

  /** Status and times only: what submit answers (results are read by polling). */
  function summaryOf(id: string, episodeCount: number, batches: readonly BatchJob[]): JobView {
    const status = combineBatchStates(batches.map((batch) => batch.state));
    const times = (pick: (batch: BatchJob) => number | undefined) => batches.map(pick).filter((ms): ms is number => ms !== undefined);
    const created = times((batch) => batch.createdAtMs);
    const updated = times((batch) => batch.updatedAtMs);
    const ended = times((batch) => batch.endedAtMs);
    return {
      id,
      modelName,
      status,
      episodeCount,
      ...(created.length > 0 ? { createdAtMs: Math.min(...created) } : {}),
      ...(updated.length > 0 ? { updatedAtMs: Math.max(...updated) } : {}),
      ...(ended.length === batches.length && ended.length > 0 ? { endedAtMs: Math.max(...ended) } : {}),
    };
  }

  /** The summary plus, once ended, the results or why there are none. */
  function viewOf(id: string, episodeCount: number, batches: readonly BatchJob[]): JobView {
    const base = summaryOf(id, episodeCount, batches);
    const { status } = base;
    if (status === 'failed' || status === 'expired' || status === 'cancelled') return { ...base, error: endingMessage(status) };
    if (status !== 'succeeded') return base;
    const missingError = missingResultError(batches.map((batch) => batch.state));
    const costOf = batchCostFunction(base.createdAtMs);
    const assembled = pipelineCodec.assemble({
      episodeCount,
      entries: batches.flatMap((batch) => batch.entries ?? []),
      llmBackend: options.llmBackend,
      ...(missingError ? { missingError } : {}),
      ...(costOf ? { costOf } : {}),
    });
    if (assembled.unmatchedEntryCount > 0) {
      logger.warn('Batch entries without a matching request key were ignored', {
        jobBatches: batches.map((batch) => batch.name),
        unmatched: assembled.unmatchedEntryCount,
      });
    }
    // As online: a job where every agent failed is an error, not an empty success.
    if (assembled.succeededAgentCount === 0)
      return { ...base, status: 'failed', error: assembled.firstError?.message ?? endingMessage('failed') };
    return { ...base, response: { ...assembled.response, parameters: { ...assembled.response.parameters, batch: true } } };
  }

  /** Best effort and without the request's signal: a client that left must not leave batches billing upstream. */
  async function removeQuietly(names: readonly string[]): Promise<void> {
    for (const name of names) {
      try {
        await batchClient.cancel(name);
        await batchClient.delete(name);
      } catch (error) {
        logger.warn('Could not remove a batch of a job whose submission failed', { batch: name, error });
      }
    }
  }

  return {
    async submit(name, request, context) {
      const scope = scopeOf(name, context);
      const encoded = await pipelineCodec.encode(request);
      assertSize(encoded, options.maxBatchBytes);
      const { costUsd } = estimateJobCost(encoded, batchCostFunction(now()));
      const admission = await options.limiter?.admit({
        principal: context.principal,
        modelName,
        estimate: { maxTokens: 0, maxCostUsd: costUsd },
      });
      const created: BatchJob[] = [];
      try {
        for (const { modelId, requests } of encoded.groups) {
          // Our ids only: the display name shows in the provider console and never holds user text.
          const displayName = `${modelName} job ${context.requestId}`;
          created.push(await batchClient.submit({ modelId, displayName, requests }, { signal: context.signal }));
        }
      } catch (error) {
        await removeQuietly(created.map((batch) => batch.name));
        await admission?.settle({ tokens: 0, costUsd: 0 });
        throw error;
      }
      await admission?.settle({ tokens: 0, costUsd });
      const id = idCodec.encode({ batchNames: created.map((batch) => batch.name), episodeCount: encoded.episodeCount }, scope);
      return summaryOf(id, encoded.episodeCount, created);
    },
    async status(name, id, context) {
      const { handle, batches } = await readBatches(id, scopeOf(name, context), context.signal);
      return viewOf(id, handle.episodeCount, batches);
    },
    async cancel(name, id, context) {
      const scope = scopeOf(name, context);
      const { batches } = await readBatches(id, scope, context.signal);
      const running = batches.filter((batch) => !TERMINAL_BATCH_STATES.has(batch.state));
      await Promise.all(running.map((batch) => batchClient.cancel(batch.name, { signal: context.signal })));
      const after = await readBatches(id, scope, context.signal);
      return viewOf(id, after.handle.episodeCount, after.batches);
    },
    async purge(name, id, context) {
      const { batches } = await readBatches(id, scopeOf(name, context), context.signal);
      for (const batch of batches) {
        if (!TERMINAL_BATCH_STATES.has(batch.state)) await batchClient.cancel(batch.name, { signal: context.signal });
        await batchClient.delete(batch.name, { signal: context.signal });
      }
    },
  };
}
