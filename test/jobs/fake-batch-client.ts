/**
 * @module test/jobs/fake-batch-client
 * An in-memory BatchClient: batches start pending, tests move them through states, and a
 * succeeded batch answers each request through `answer` (by default the pipeline's sample
 * outputs for the request's agent). Records every call.
 */
import { LlmRejectedError } from '../../predictor/errors.js';
import type {
  BatchClient,
  BatchEntry,
  BatchJob,
  BatchRequestItem,
  BatchState,
  SubmitBatchRequest,
} from '../../predictor/llm/batch-client.js';
import { defaultResultFor } from '../pipeline/support/sample-outputs.js';

/** The agent named in a batch key (`mp1:<episode>:<agent>:<version>`). */
export function agentOfKey(key: string): string {
  return key.split(':')[2] ?? '';
}

/** Answers with the sample output of the request's agent. */
export function sampleEntry(item: BatchRequestItem): BatchEntry {
  return {
    key: item.key,
    metadata: { ...item.metadata, key: item.key },
    outcome: { status: 'ok', result: defaultResultFor(agentOfKey(item.key)) },
  };
}

interface StoredBatch {
  readonly request: SubmitBatchRequest;
  state: BatchState;
  readonly createdAtMs: number;
}

export class FakeBatchClient implements BatchClient {
  unavailableReason?: string;
  /** Every call, as `method:argument` (model id for submit, batch name otherwise). */
  readonly calls: string[] = [];
  readonly submitted: SubmitBatchRequest[] = [];
  /** How a succeeded batch answers each of its requests. */
  answer: (item: BatchRequestItem) => BatchEntry = sampleEntry;
  /** Submissions from this index on (0-based) fail with `submitError`. */
  failSubmitFrom = Infinity;
  submitError: Error = new Error('submit failed');
  private readonly batches = new Map<string, StoredBatch>();
  private createdAtMs = Date.parse('2026-11-27T01:00:00Z');

  /** Names of the batches created so far, in order. */
  names(): string[] {
    return [...this.batches.keys()];
  }

  setState(state: BatchState, name?: string): void {
    for (const [batchName, batch] of this.batches) if (name === undefined || name === batchName) batch.state = state;
  }

  async submit(request: SubmitBatchRequest): Promise<BatchJob> {
    this.calls.push(`submit:${request.modelId}`);
    if (this.submitted.length >= this.failSubmitFrom) throw this.submitError;
    this.submitted.push(request);
    const name = `batches/fake-${this.batches.size + 1}`;
    const batch: StoredBatch = { request, state: 'pending', createdAtMs: (this.createdAtMs += 1000) };
    this.batches.set(name, batch);
    return this.toJob(name, batch);
  }

  async get(name: string): Promise<BatchJob> {
    this.calls.push(`get:${name}`);
    return this.toJob(name, this.stored(name));
  }

  async cancel(name: string): Promise<void> {
    this.calls.push(`cancel:${name}`);
    const batch = this.stored(name);
    if (batch.state === 'pending' || batch.state === 'running') batch.state = 'cancelled';
  }

  async delete(name: string): Promise<void> {
    this.calls.push(`delete:${name}`);
    this.stored(name);
    this.batches.delete(name);
  }

  private stored(name: string): StoredBatch {
    const batch = this.batches.get(name);
    if (batch === undefined) throw new LlmRejectedError(`Gemini ${name} does not know the model or resource (404)`, 404);
    return batch;
  }

  private toJob(name: string, batch: StoredBatch): BatchJob {
    const ended = batch.state !== 'pending' && batch.state !== 'running';
    return {
      name,
      state: batch.state,
      modelId: batch.request.modelId,
      createdAtMs: batch.createdAtMs,
      updatedAtMs: batch.createdAtMs + 500,
      ...(ended ? { endedAtMs: batch.createdAtMs + 900 } : {}),
      ...(batch.state === 'succeeded' ? { entries: batch.request.requests.map((item) => this.answer(item)) } : {}),
    };
  }
}
