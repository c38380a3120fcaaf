/**
 * @module llm/gemini-context-cache
 * Explicit context caching (`cachedContents`): put the shared prefix of several calls (the
 * transcript, the system instruction and, for grounded agents, the Search tool) into a cache
 * once, then pass its name as `GenerateRequest.cachedContent`. Also counts tokens, so the
 * caller can skip caches below the model's minimum size.
 */
import type { GoogleGenAI } from '@google/genai';
import { LlmInvalidResponseError } from '../errors.js';
import type { ContextCacheClient } from './context-cache-client.js';
import { toLlmError } from './gemini-errors.js';

export type { ContextCache, CreateContextCacheRequest } from './context-cache-client.js';

/** The provider-neutral client, plus token counting to decide whether a cache pays off. */
export interface GeminiContextCacheClient extends ContextCacheClient {
  countTokens(modelId: string, contents: readonly string[], options?: { readonly signal?: AbortSignal }): Promise<number>;
}

function toContents(contents: readonly string[]): { role: string; parts: { text: string }[] }[] {
  return [{ role: 'user', parts: contents.map((text) => ({ text })) }];
}

/**
 * Creates the cache client. Errors come out as LlmErrors (e.g. LlmRejectedError for
 * "cached content is too small").
 */
export function createContextCacheClient({ client }: { readonly client: GoogleGenAI }): GeminiContextCacheClient {
  return {
    async create(request, { signal } = {}) {
      try {
        const cache = await client.caches.create({
          model: request.modelId,
          config: {
            contents: toContents(request.contents),
            ...(request.systemInstruction === undefined ? {} : { systemInstruction: request.systemInstruction }),
            ...(request.useGoogleSearch === true ? { tools: [{ googleSearch: {} }] } : {}),
            ttl: `${request.ttlSeconds}s`,
            displayName: request.displayName,
            ...(signal === undefined ? {} : { abortSignal: signal }),
          },
        });
        if (cache.name === undefined) throw new LlmInvalidResponseError(`Gemini ${request.modelId} created a cache without a name`);
        return {
          name: cache.name,
          ...(cache.usageMetadata?.totalTokenCount === undefined ? {} : { tokenCount: cache.usageMetadata.totalTokenCount }),
          ...(cache.expireTime === undefined ? {} : { expireTime: cache.expireTime }),
        };
      } catch (error) {
        throw toLlmError(error, request.modelId, signal);
      }
    },
    async delete(name, { signal } = {}) {
      try {
        await client.caches.delete({ name, ...(signal === undefined ? {} : { config: { abortSignal: signal } }) });
      } catch (error) {
        throw toLlmError(error, name, signal);
      }
    },
    async countTokens(modelId, contents, { signal } = {}) {
      try {
        const response = await client.models.countTokens({
          model: modelId,
          contents: toContents(contents),
          ...(signal === undefined ? {} : { config: { abortSignal: signal } }),
        });
        return response.totalTokens ?? 0;
      } catch (error) {
        throw toLlmError(error, modelId, signal);
      }
    },
  };
}
