/**
 * @module test/pipeline/support/fake-context-cache-client
 * A ContextCacheClient double that records creations and deletions, reports a token count
 * (ceil(bytes / 4) of what it holds, like the emulator) and can be told to fail.
 */
import { LlmRejectedError, LlmUnavailableError } from '../../../predictor/errors.js';
import type { ContextCacheClient, CreateContextCacheRequest } from '../../../predictor/llm/context-cache-client.js';
import { estimateTokens } from '../../../predictor/llm/model-router.js';

export interface FakeContextCacheClient extends ContextCacheClient {
  readonly created: CreateContextCacheRequest[];
  readonly deleted: string[];
  /** Fail every creation (e.g. "too small"). */
  failCreate: boolean;
  failDelete: boolean;
}

/** The fake; names are `cachedContents/fake-<n>`. */
export function createFakeContextCacheClient(): FakeContextCacheClient {
  let count = 0;
  const client: FakeContextCacheClient = {
    created: [],
    deleted: [],
    failCreate: false,
    failDelete: false,
    async create(request) {
      if (client.failCreate) throw new LlmRejectedError('Gemini rejected the request: cached content is too small');
      client.created.push(request);
      const tokenCount =
        estimateTokens(request.systemInstruction ?? '') + request.contents.reduce((sum, text) => sum + estimateTokens(text), 0);
      return { name: `cachedContents/fake-${++count}`, tokenCount };
    },
    async delete(name) {
      if (client.failDelete) throw new LlmUnavailableError('Gemini is unavailable');
      client.deleted.push(name);
    },
  };
  return client;
}
