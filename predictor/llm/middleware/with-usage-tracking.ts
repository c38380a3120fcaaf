/**
 * @module llm/middleware/with-usage-tracking
 * Reports every call that passes through it — usage, cost, duration, outcome — to an
 * injected `onCall` (metrics, logs). In the provider it sits inside retry, right around
 * the per-attempt timeout, so each real upstream attempt is one event on the model that
 * served it (fallbacks included).
 *
 * A failed attempt reports empty usage and no cost: Gemini returns usage only with an
 * answer. An aborted or timed-out call may still be billed upstream, but nothing tells us
 * how much, so it is reported as unknown (`costUsd` undefined), never as 0. Cost is priced
 * on the served `modelVersion`; a version missing from the price table is logged once and
 * its cost stays unknown.
 */
import { PredictorError } from '../../errors.js';
import type { Logger } from '../../observability/logger.js';
import { costOfCall } from '../cost.js';
import type {
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  LanguageModelCalls,
  LanguageModelMiddleware,
} from '../language-model.js';
import type { PriceTable } from '../price-table.js';
import { billedOutputTokens, EMPTY_USAGE } from '../../contract/usage.js';
import type { Now } from '../../clock.js';
import type { LlmCallEvent, LlmCallOutcome } from '../../observability/llm-events.js';

export interface UsageTrackingOptions {
  readonly onCall: (event: LlmCallEvent) => void;
  /** Without a table every cost is unknown. */
  readonly priceTable?: PriceTable | undefined;
  readonly now: Now;
  readonly logger?: Logger | undefined;
}

/** Bound on the versions remembered as "already warned about". */
const MAX_WARNED_VERSIONS = 100;

export function outcomeOf(error: unknown): LlmCallOutcome {
  return error instanceof PredictorError ? error.code : 'internal';
}

/**
 * @example
 * withUsageTracking({ onCall: (event) => metrics.recordCall(event), priceTable, now: Date.now, logger })
 */
export function withUsageTracking({ onCall, priceTable, now, logger }: UsageTrackingOptions): LanguageModelMiddleware {
  const warnedVersions = new Set<string>();

  function costUsdOf(result: GenerateResult, atMs: number): number | undefined {
    if (result.isCacheHit === true) return 0;
    if (priceTable === undefined) return undefined;
    const cost = costOfCall({ table: priceTable, modelVersion: result.modelVersion, usage: result.usage, atMs });
    if (cost === undefined && !warnedVersions.has(result.modelVersion) && warnedVersions.size < MAX_WARNED_VERSIONS) {
      warnedVersions.add(result.modelVersion);
      logger?.warn('no price for model version: its cost is reported as unknown', { modelVersion: result.modelVersion });
    }
    return cost?.totalUsd;
  }

  function report(event: LlmCallEvent): void {
    try {
      onCall(event);
    } catch (error) {
      // Telemetry must never fail a call that succeeded.
      logger?.error('usage tracking callback failed', { error });
    }
  }

  return function trackedModel(model: LanguageModel): LanguageModelCalls {
    async function generate(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult> {
      const startedAtMs = now();
      const base = { modelId: model.modelId, agent: request.labels?.agent ?? 'unknown' };
      let result: GenerateResult;
      const ended = options?.upstreamTime?.begin();
      try {
        result = await model.generate(request, options);
      } catch (error) {
        report({ ...base, usage: EMPTY_USAGE, durationMs: now() - startedAtMs, outcome: outcomeOf(error), isCacheHit: false });
        throw error;
      } finally {
        ended?.();
      }
      const costUsd = costUsdOf(result, startedAtMs);
      if (result.isCacheHit !== true) {
        options?.spend?.add({ tokens: (result.usage.inputTokens ?? 0) + billedOutputTokens(result.usage), costUsd: costUsd ?? 0 });
      }
      report({
        ...base,
        modelVersion: result.modelVersion,
        usage: result.usage,
        costUsd,
        durationMs: now() - startedAtMs,
        outcome: 'success',
        isCacheHit: result.isCacheHit === true,
        ...(result.servedTier === undefined ? {} : { servedTier: result.servedTier }),
      });
      return result;
    }
    return { generate };
  };
}
