/**
 * @module llm/gemini-batch
 * The BatchClient on the Gemini Batch API (`batchGenerateContent`) through
 * `client.batches`: inline requests built by the same converter as online calls, results
 * converted by the same response converter, errors mapped by `toLlmError`. Vertex AI takes GCS/BigQuery input
 * only (the SDK refuses inline requests there), so on Vertex every call is not_implemented.
 */
import { ApiError, type BatchJob as SdkBatchJob, type GoogleGenAI, type InlinedRequest, type InlinedResponse } from '@google/genai';
import { LlmInvalidResponseError, NotImplementedError } from '../errors.js';
import type { BatchClient, BatchEntry, BatchJob, BatchRequestItem, BatchState } from './batch-client.js';
import { toLlmError } from './gemini-errors.js';
import { supportsGroundedJsonByDefault, toGeminiRequest } from './gemini-request.js';
import { fromGeminiResponse } from './gemini-response.js';

const VERTEX_UNAVAILABLE =
  'Batch jobs are not available on the vertex backend: Vertex AI batch prediction reads GCS or BigQuery input only, not inline requests. Use the gemini backend.';

/** SDK job states → ours. Unknown future states count as running, so callers keep polling. */
const STATES: Readonly<Record<string, BatchState>> = {
  JOB_STATE_UNSPECIFIED: 'pending',
  JOB_STATE_QUEUED: 'pending',
  JOB_STATE_PENDING: 'pending',
  JOB_STATE_PAUSED: 'pending',
  JOB_STATE_RUNNING: 'running',
  JOB_STATE_UPDATING: 'running',
  JOB_STATE_CANCELLING: 'running',
  JOB_STATE_SUCCEEDED: 'succeeded',
  JOB_STATE_PARTIALLY_SUCCEEDED: 'succeeded',
  JOB_STATE_FAILED: 'failed',
  JOB_STATE_CANCELLED: 'cancelled',
  JOB_STATE_EXPIRED: 'expired',
};

/** google.rpc.Code → HTTP status (google/rpc/code.proto), for per-request errors. */
const HTTP_BY_RPC_CODE: readonly number[] = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];
const RPC_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

interface EntryError {
  readonly code?: number;
  readonly message?: string;
  readonly status?: string;
}

/** HTTP status of a per-request error: its `status` name, an HTTP `code`, or a google.rpc `code`. */
export function httpStatusOfEntryError({ code, status }: EntryError): number {
  const byName = status === undefined ? -1 : RPC_NAMES.indexOf(status);
  if (byName > 0) return HTTP_BY_RPC_CODE[byName]!;
  if (code !== undefined && code >= 100 && code <= 599) return code;
  return (code === undefined ? undefined : HTTP_BY_RPC_CODE[code]) ?? 500;
}

function toInlinedRequest({ key, request, metadata }: BatchRequestItem, modelId: string): InlinedRequest {
  const { contents, config = {} } = toGeminiRequest(request, {
    modelId,
    supportsGroundedJson: supportsGroundedJsonByDefault(modelId),
    isVertex: false,
  });
  // Batch is its own price tier: no service tier, no per-call HTTP options (Vertex headers).
  const { serviceTier: _serviceTier, httpOptions: _httpOptions, abortSignal: _abortSignal, ...batchConfig } = config;
  return { contents, config: batchConfig, metadata: { ...metadata, key } };
}

function stringValues(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function toEntry(inlined: InlinedResponse, modelId: string): BatchEntry {
  const metadata = stringValues(inlined.metadata);
  const base = { ...(metadata.key === undefined ? {} : { key: metadata.key }), metadata };
  if (inlined.response !== undefined) {
    try {
      // JSON validity is the caller's to judge (it repairs fenced JSON), as for online calls.
      return { ...base, outcome: { status: 'ok', result: fromGeminiResponse(inlined.response, { modelId, isJsonRequested: false }) } };
    } catch (error) {
      return { ...base, outcome: { status: 'error', error: toLlmError(error, modelId) } };
    }
  }
  if (inlined.error !== undefined) {
    const entryError = inlined.error as EntryError;
    const status = httpStatusOfEntryError(entryError);
    const apiError = new ApiError({ message: JSON.stringify({ error: { ...entryError, code: status } }), status });
    return { ...base, outcome: { status: 'error', error: toLlmError(apiError, modelId) } };
  }
  return {
    ...base,
    outcome: { status: 'error', error: new LlmInvalidResponseError(`Gemini ${modelId} batch entry has neither a response nor an error`) },
  };
}

function timeMs(time: string | undefined): number | undefined {
  const ms = time === undefined ? NaN : Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The SDK's flat BatchJob → ours; entries are converted once the batch succeeded. */
export function fromSdkBatchJob(job: SdkBatchJob, requestedModelId?: string): BatchJob {
  if (job.name === undefined) throw new LlmInvalidResponseError('Gemini returned a batch without a name');
  const state = job.state === undefined ? 'pending' : (STATES[job.state] ?? 'running');
  const modelId = job.model?.replace(/^models\//, '') ?? requestedModelId;
  const inlined = job.dest?.inlinedResponses;
  const entryModelId = modelId ?? 'batch';
  const createdAtMs = timeMs(job.createTime);
  const updatedAtMs = timeMs(job.updateTime);
  const endedAtMs = timeMs(job.endTime);
  return {
    name: job.name,
    state,
    ...(modelId === undefined ? {} : { modelId }),
    ...(createdAtMs === undefined ? {} : { createdAtMs }),
    ...(updatedAtMs === undefined ? {} : { updatedAtMs }),
    ...(endedAtMs === undefined ? {} : { endedAtMs }),
    ...(state === 'succeeded' ? { entries: (inlined ?? []).map((entry) => toEntry(entry, entryModelId)) } : {}),
  };
}

function assertUniqueKeys(requests: readonly BatchRequestItem[]): void {
  const keys = new Set(requests.map((item) => item.key));
  // Our bug, not the client's: keys are generated by the batch codec.
  if (keys.size !== requests.length || keys.has('')) throw new Error('Batch request keys must be unique and non-empty');
}

/**
 * Creates the Gemini batch client.
 *
 * @example
 * const batches = createGeminiBatchClient({ client: createGeminiClient(options) });
 * const job = await batches.submit({ modelId: 'gemini-3.8-flash', displayName: 'jobs', requests });
 */
export function createGeminiBatchClient({ client }: { readonly client: GoogleGenAI }): BatchClient {
  const unavailableReason = client.vertexai ? VERTEX_UNAVAILABLE : undefined;

  /** Runs one SDK call with the caller's signal; SDK errors leave as LlmErrors about `subject`. */
  async function call<T>(
    subject: string,
    signal: AbortSignal | undefined,
    run: (config: { abortSignal?: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    if (unavailableReason !== undefined) throw new NotImplementedError(unavailableReason);
    try {
      return await run(signal === undefined ? {} : { abortSignal: signal });
    } catch (error) {
      throw toLlmError(error, subject, signal);
    }
  }

  return {
    ...(unavailableReason === undefined ? {} : { unavailableReason }),
    async submit({ modelId, displayName, requests }, { signal } = {}) {
      const job = await call(modelId, signal, (config) => {
        assertUniqueKeys(requests);
        const src = requests.map((item) => toInlinedRequest(item, modelId));
        return client.batches.create({ model: modelId, src, config: { displayName, ...config } });
      });
      return fromSdkBatchJob(job, modelId);
    },
    async get(name, { signal } = {}) {
      return fromSdkBatchJob(await call(name, signal, (config) => client.batches.get({ name, config })));
    },
    async cancel(name, { signal } = {}) {
      await call(name, signal, (config) => client.batches.cancel({ name, config }));
    },
    async delete(name, { signal } = {}) {
      await call(name, signal, (config) => client.batches.delete({ name, config }));
    },
  };
}
