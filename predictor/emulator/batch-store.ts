/**
 * @module emulator/batch-store
 * In-memory batch jobs with inline requests (`batchGenerateContent`). A batch completes at
 * creation: state SUCCEEDED, each inlined request answered like generateContent (or an `error`
 * entry when that request would be rejected), returned in the long-running-operation shape.
 */
import { EmulatorRpcError, invalidArgument, notFound } from './emulator-http.js';
import { pageOf } from './emulator-paging.js';
import type { WireGenerateRequest, WireGenerateResponse } from './emulator-wire.js';

/** The emulator's batch jobs; names are `batches/emu-…`. */
export interface BatchStore {
  create(modelId: string, body: Readonly<Record<string, unknown>>): Record<string, unknown>;
  get(name: string): Record<string, unknown>;
  list(pageSize: number, pageToken: string | undefined): { operations: Record<string, unknown>[]; nextPageToken?: string };
  cancel(name: string): void;
  delete(name: string): void;
}

interface InlinedRequest {
  readonly request?: WireGenerateRequest;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface CreateBatchStoreOptions {
  readonly now: () => number;
  /** Answers one inlined request (throws EmulatorRpcError to record a per-request error). */
  readonly answer: (request: WireGenerateRequest, modelId: string) => WireGenerateResponse;
}

function inlinedRequestsOf(body: Readonly<Record<string, unknown>>): InlinedRequest[] {
  const batch = (body.batch ?? {}) as { inputConfig?: { requests?: { requests?: unknown }; fileName?: unknown } };
  if (batch.inputConfig?.fileName !== undefined) throw invalidArgument('The emulator supports inline batch requests only.');
  const requests = batch.inputConfig?.requests?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('Batch input config has no requests.');
  return requests as InlinedRequest[];
}

/** Creates an empty batch store. */
export function createBatchStore({ now, answer }: CreateBatchStoreOptions): BatchStore {
  const operations = new Map<string, { name: string; metadata: Record<string, unknown>; done: boolean }>();
  let created = 0;
  const get = (name: string) => {
    const operation = operations.get(name);
    if (operation === undefined) throw notFound(name);
    return operation;
  };
  return {
    create(modelId, body) {
      const inlined = inlinedRequestsOf(body).map((entry) => {
        const metadata = entry.metadata === undefined ? {} : { metadata: entry.metadata };
        try {
          return { response: answer(entry.request ?? {}, modelId), ...metadata };
        } catch (error) {
          if (!(error instanceof EmulatorRpcError)) throw error;
          return { error: error.toBody().error, ...metadata };
        }
      });
      created++;
      const name = `batches/emu-${created.toString(36).padStart(6, '0')}`;
      const stamp = new Date(now()).toISOString();
      const displayName = (body.batch as { displayName?: unknown }).displayName;
      const metadata = {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.GenerateContentBatch',
        name,
        ...(typeof displayName === 'string' ? { displayName } : {}),
        model: `models/${modelId}`,
        state: 'BATCH_STATE_SUCCEEDED',
        createTime: stamp,
        updateTime: stamp,
        endTime: stamp,
        output: { inlinedResponses: { inlinedResponses: inlined } },
        batchStats: {
          requestCount: String(inlined.length),
          successfulRequestCount: String(inlined.filter((entry) => 'response' in entry).length),
          failedRequestCount: String(inlined.filter((entry) => 'error' in entry).length),
        },
      };
      const operation = { name, metadata, done: true };
      operations.set(name, operation);
      return operation;
    },
    get,
    list(pageSize, pageToken) {
      const { page, nextPageToken } = pageOf([...operations.values()], pageSize, pageToken);
      return { operations: page, ...(nextPageToken === undefined ? {} : { nextPageToken }) };
    },
    cancel(name) {
      // Emulated batches finish at creation, and cancelling a finished batch changes nothing.
      get(name);
    },
    delete(name) {
      get(name);
      operations.delete(name);
    },
  };
}
