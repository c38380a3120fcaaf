/**
 * @module llm/middleware/with-response-cache
 * Exact response cache, the outermost middleware so a hit spends nothing: no breaker
 * slot, no bulkhead slot, no tokens. Decisions:
 * - A hit returns the stored result with `isCacheHit: true` and usage of explicit zeros
 *   (known to cost nothing, unlike `{}` = unknown), so per-request sums stay exact.
 * - `cacheMode: 'bypass'` skips the read and the in-flight sharing but still stores the
 *   fresh answer: the caller asked for a new answer, and it refreshes the entry for others.
 * - Only complete answers are stored: finish reason `stop`, not a fallback model's answer
 *   (it would outlive the primary's recovery under the primary's key), and when a JSON
 *   schema was asked, text that parses as JSON.
 * - Single flight: concurrent identical requests share one upstream call. The shared call
 *   carries its own signal, aborted only when every waiter has gone, so one caller's
 *   disconnect never cancels the answer others wait for; it runs to the first caller's
 *   deadline. A flight lives as long as its upstream call; with Redis, a call arriving in
 *   the one round trip between answer and SET may still go upstream (harmless). Callers that joined a running call get it like a hit (zero usage): only the
 *   first one caused the upstream spend.
 * - Scope: with `scope: 'principal'` (the default) the caller's `cacheScope` (its principal)
 *   is part of the key, so stored answers and running calls are shared within one tenant
 *   only; a hit never tells one tenant what another sent. `'shared'` ignores `cacheScope`
 *   and shares across tenants (cheaper when tenants trust each other).
 */
import { raceAbort } from '../../abort.js';
import { CancelledError } from '../../errors.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { Usage } from '../../contract/usage.js';
import { responseCacheKey } from './response-cache-key.js';
import type { ResponseCacheStore } from './response-cache-store.js';

import type { CacheLookupResult } from '../../observability/llm-events.js';

/** Who may share an entry: callers of one principal (default), or every caller. */
export type ResponseCacheScope = 'principal' | 'shared';

export interface ResponseCacheOptions {
  readonly store: ResponseCacheStore;
  readonly ttlMs: number;
  /** `principal` (default): hits and running calls are shared per `cacheScope` only. */
  readonly scope?: ResponseCacheScope;
  /** Metric `llm_response_cache_total{gen_ai_request_model,result}`. */
  readonly onLookup?: ((event: { readonly modelId: string; readonly result: CacheLookupResult }) => void) | undefined;
}

const ZERO_USAGE: Usage = Object.freeze({
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
  thoughtsTokens: 0,
  toolUseInputTokens: 0,
  searchQueries: 0,
  groundedPrompts: 0,
});

interface Flight {
  readonly promise: Promise<GenerateResult>;
  readonly controller: AbortController;
  waiters: number;
}

function isCacheable(request: GenerateRequest, result: GenerateResult): boolean {
  if (result.finishReason !== 'stop' || result.isCacheHit === true || result.fallbackModel !== undefined) return false;
  if (request.responseJsonSchema === undefined) return true;
  try {
    JSON.parse(result.text);
    return true;
  } catch {
    return false;
  }
}

function asHit(result: GenerateResult): GenerateResult {
  return { ...result, usage: ZERO_USAGE, isCacheHit: true };
}

function parseStored(value: string | undefined): GenerateResult | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as GenerateResult;
    return typeof parsed.text === 'string' && typeof parsed.finishReason === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function cancelled(modelId: string, signal: AbortSignal): CancelledError {
  return new CancelledError(`Call to ${modelId} was cancelled`, { cause: signal.reason });
}

/**
 * @example
 * withResponseCache({ store: createMemoryResponseCacheStore({ maxEntries: 1000, maxBytes: 64 << 20 }), ttlMs: 3_600_000 })
 */
export function withResponseCache({ store, ttlMs, scope = 'principal', onLookup }: ResponseCacheOptions): LanguageModelMiddleware {
  return function cachedModel(model: LanguageModel): LanguageModelCalls {
    const { modelId } = model;
    const flights = new Map<string, Flight>();

    async function write(key: string, request: GenerateRequest, result: GenerateResult): Promise<void> {
      if (!isCacheable(request, result)) return;
      await store.set(key, JSON.stringify(result), ttlMs).catch(() => undefined);
    }

    function start(key: string, request: GenerateRequest, options: GenerateOptions): Flight {
      const controller = new AbortController();
      const promise = model.generate(request, { ...options, signal: controller.signal });
      const flight: Flight = { promise, controller, waiters: 0 };
      flights.set(key, flight);
      const land = () => {
        if (flights.get(key) === flight) flights.delete(key);
      };
      // Registered before any waiter's handler, so the entry is stored (the memory store
      // synchronously) and the flight gone before callers resume: later calls read the store.
      promise.then((result) => {
        void write(key, request, result);
        land();
      }, land);
      return flight;
    }

    function wait(flight: Flight, signal: AbortSignal | undefined): Promise<GenerateResult> {
      flight.waiters++;
      if (signal === undefined) return flight.promise;
      // A waiter whose signal aborts leaves; the last one to leave cancels the shared call.
      return raceAbort(flight.promise, signal, () => {
        flight.waiters--;
        if (flight.waiters === 0) flight.controller.abort(signal.reason);
        return cancelled(modelId, signal);
      });
    }

    async function generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
      const { signal } = options;
      if (signal?.aborted) throw cancelled(modelId, signal);
      const key = responseCacheKey(modelId, request, scope === 'shared' ? undefined : options.cacheScope);
      if (options.cacheMode === 'bypass') {
        onLookup?.({ modelId, result: 'bypass' });
        const result = await model.generate(request, options);
        void write(key, request, result);
        return result;
      }
      const running = flights.get(key);
      if (running !== undefined) {
        onLookup?.({ modelId, result: 'coalesced' });
        return asHit(await wait(running, signal));
      }
      const stored = parseStored(await store.get(key).catch(() => undefined));
      if (stored !== undefined) {
        onLookup?.({ modelId, result: 'hit' });
        return asHit(stored);
      }
      if (signal?.aborted) throw cancelled(modelId, signal);
      // Another identical call may have started while we looked in the store.
      const flight = flights.get(key);
      onLookup?.({ modelId, result: flight === undefined ? 'miss' : 'coalesced' });
      if (flight !== undefined) return asHit(await wait(flight, signal));
      return wait(start(key, request, options), signal);
    }

    return { generate };
  };
}
