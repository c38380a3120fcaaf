/**
 * @module llm/batch-client
 * Our provider-neutral view of an asynchronous batch API (the Gemini Batch API: half the
 * token price, results within hours): submit many keyed GenerateRequests for one model,
 * read the job's state and, once it ended, each request's result with its usage; cancel;
 * delete. Nothing is kept locally: the upstream job name is the only handle.
 */
import type { GenerateRequest, GenerateResult } from './language-model.js';

/** One request of a batch. `key` must be unique in the batch: results are matched by it. */
export interface BatchRequestItem {
  readonly key: string;
  readonly request: GenerateRequest;
  /**
   * Extra flat string metadata that the provider keeps with the request and returns with
   * its result (not sent to the model). Nested values are not allowed by Gemini.
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface SubmitBatchRequest {
  /** The one model every request of the batch runs on (Gemini batches are per model). */
  readonly modelId: string;
  /** Shown in the provider's console; never holds user text. */
  readonly displayName: string;
  readonly requests: readonly BatchRequestItem[];
}

/** Normalised job state; `pending` covers queued/paused, `running` covers cancelling. */
export type BatchState = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'expired';

/** States after which a batch never changes again. */
export const TERMINAL_BATCH_STATES: ReadonlySet<BatchState> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

/** The result of one request: our GenerateResult, or the error that request ended with. */
export type BatchEntryOutcome =
  { readonly status: 'ok'; readonly result: GenerateResult } | { readonly status: 'error'; readonly error: Error };

export interface BatchEntry {
  /** The request's key; undefined when the provider returned the entry without it. */
  readonly key?: string;
  /** Every metadata value that came back with the entry (includes `key`). */
  readonly metadata: Readonly<Record<string, string>>;
  readonly outcome: BatchEntryOutcome;
}

export interface BatchJob {
  /** Provider name of the job, e.g. `batches/q7w8e9r0`. */
  readonly name: string;
  readonly state: BatchState;
  /** The model the batch runs on, without a `models/` prefix, when reported. */
  readonly modelId?: string;
  readonly createdAtMs?: number;
  readonly updatedAtMs?: number;
  readonly endedAtMs?: number;
  /** Per-request results; present once the batch succeeded. */
  readonly entries?: readonly BatchEntry[];
}

export interface BatchCallOptions {
  readonly signal?: AbortSignal;
}

export interface BatchClient {
  /**
   * Set when this backend cannot run inline batches (Vertex AI takes GCS/BigQuery input
   * only); every method then throws NotImplementedError with this text.
   */
  readonly unavailableReason?: string;
  /** Creates the batch; not idempotent, so never retried. */
  submit(request: SubmitBatchRequest, options?: BatchCallOptions): Promise<BatchJob>;
  get(name: string, options?: BatchCallOptions): Promise<BatchJob>;
  /** Asks the provider to stop the batch; requests already answered stay billed. */
  cancel(name: string, options?: BatchCallOptions): Promise<void>;
  /** Removes the batch and its stored requests and results. */
  delete(name: string, options?: BatchCallOptions): Promise<void>;
}
