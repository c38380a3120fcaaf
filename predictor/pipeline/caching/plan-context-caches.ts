/**
 * @module pipeline/caching/plan-context-caches
 * Decides, before an episode (or chunk) runs, whether an explicit context cache is cheaper
 * than sending the shared prefix (system instruction + transcript) with every agent call,
 * and whether all agents should move to one model so that they share a single cache.
 *
 * For `n` calls on one model with a prefix of `P` tokens (task `S`, output `O` tokens):
 *   full   = n × price(input P+S, output O)
 *   cached = price(input P)                       — creation, billed as input
 *          + storage(P tokens × TTL)              — upper bound: the run deletes it earlier
 *          + n × price(input P+S of which P cached, output O)
 * A cache needs `P` ≥ the model's minimum, a storage price, and two or more calls (one
 * call can never win: creation alone costs what the call would). Pure; prices come from
 * the price table (`costOf` applies long-context rates where they exist).
 *
 * One shared model: the router may put agents on different tiers (summarizer on flash-lite,
 * fact-checker on flash), which splits them into caches of one or two calls. Moving every
 * agent to the STRONGEST routed model (never a weaker one: no quality loss) lets all calls
 * share one cache; the output tokens of the moved agents then cost that model's rate,
 * which is why `O` is part of the comparison. Policy `auto` takes the cheaper plan,
 * `always` the shared one whenever it can cache, `never` keeps the router's models.
 */
import { cacheStorageCostUsd, costOf } from '../../llm/cost.js';
import { MODEL_TIERS } from '../../llm/model-router.js';
import type { SharedModelPolicy } from '../../config/sections/pipeline-config.js';
import type { ModelPrice } from '../../llm/price-table.js';
import type { Usage } from '../../contract/usage.js';
import type { ModelTier } from '../../config/sections/pipeline-config.js';
import type { AgentName } from '../agent.js';

export type { SharedModelPolicy };

export interface CacheCandidateCall {
  readonly agent: AgentName;
  /** The router's choice for this call. */
  readonly tier: ModelTier;
  readonly modelId: string;
  readonly usesGoogleSearch: boolean;
}

export interface ContextCachePlanInput {
  /** Tokens of the shared prefix (system instruction + transcript block). */
  readonly prefixTokens: number;
  /** Tokens of an agent's own task part (average). */
  readonly taskTokens: number;
  readonly calls: readonly CacheCandidateCall[];
  readonly ttlSeconds: number;
  readonly expectedOutputTokensPerCall: number;
  readonly sharedModel: SharedModelPolicy;
  readonly priceOf: (modelId: string) => ModelPrice | undefined;
  readonly minimumTokensOf: (modelId: string) => number;
  /** Whether the model takes a response schema with the Search tool (a cache holding the tool counts). */
  readonly supportsGroundedJsonOf: (modelId: string) => boolean;
}

export interface PlannedCache {
  readonly modelId: string;
  readonly agents: readonly AgentName[];
  /** The cache holds the googleSearch tool (a Search agent uses it). */
  readonly useGoogleSearch: boolean;
}

export interface ContextCachePlan {
  /** The model of every call: the router's, or the one shared model. */
  readonly routes: Readonly<Partial<Record<AgentName, string>>>;
  readonly caches: readonly PlannedCache[];
  readonly isSharedModel: boolean;
  /** Estimated USD of the chosen plan (NaN when a model has no price). */
  readonly estimatedCostUsd: number;
  /** Estimated USD with the router's models and no explicit cache. */
  readonly uncachedCostUsd: number;
}

interface GroupPlan {
  readonly costUsd: number;
  readonly cache?: PlannedCache;
}

function usd(usage: Usage, price: ModelPrice): number {
  return costOf(usage, price).totalUsd;
}

function planGroup(modelId: string, calls: readonly CacheCandidateCall[], input: ContextCachePlanInput): GroupPlan {
  const price = input.priceOf(modelId);
  if (price === undefined) return { costUsd: Number.NaN };
  const { prefixTokens: prefix, taskTokens: task, expectedOutputTokensPerCall: output } = input;
  const fullCall = usd({ inputTokens: prefix + task, outputTokens: output }, price);
  const uncached = { costUsd: calls.length * fullCall };
  // A model without grounded JSON cannot serve schema-bound agents from a cache that holds the Search tool.
  const isMixed = calls.some((call) => call.usesGoogleSearch) && calls.some((call) => !call.usesGoogleSearch);
  const members = isMixed && !input.supportsGroundedJsonOf(modelId) ? calls.filter((call) => !call.usesGoogleSearch) : calls;
  const storageUsd = cacheStorageCostUsd(prefix, input.ttlSeconds, price);
  if (members.length < 2 || storageUsd === undefined || prefix < input.minimumTokensOf(modelId)) return uncached;
  const cachedCall = usd({ inputTokens: prefix + task, cachedInputTokens: prefix, outputTokens: output }, price);
  const cachedUsd =
    usd({ inputTokens: prefix }, price) + storageUsd + members.length * cachedCall + (calls.length - members.length) * fullCall;
  if (cachedUsd >= uncached.costUsd) return uncached;
  const cache = { modelId, agents: members.map((call) => call.agent), useGoogleSearch: members.some((call) => call.usesGoogleSearch) };
  return { costUsd: cachedUsd, cache };
}

function planRoutes(routes: ReadonlyMap<string, CacheCandidateCall[]>, input: ContextCachePlanInput) {
  const groups = [...routes].map(([modelId, calls]) => planGroup(modelId, calls, input));
  return {
    costUsd: groups.reduce((total, group) => total + group.costUsd, 0),
    caches: groups.flatMap((group) => (group.cache ? [group.cache] : [])),
  };
}

function groupByModel(calls: readonly CacheCandidateCall[]): Map<string, CacheCandidateCall[]> {
  const groups = new Map<string, CacheCandidateCall[]>();
  for (const call of calls) groups.set(call.modelId, [...(groups.get(call.modelId) ?? []), call]);
  return groups;
}

/** The cheapest caching plan for the calls that share one prefix. */
export function planContextCaches(input: ContextCachePlanInput): ContextCachePlan {
  const routed = groupByModel(input.calls);
  const uncachedCostUsd = [...routed].reduce((total, [modelId, calls]) => {
    const price = input.priceOf(modelId);
    const fullCall = price
      ? usd({ inputTokens: input.prefixTokens + input.taskTokens, outputTokens: input.expectedOutputTokensPerCall }, price)
      : Number.NaN;
    return total + calls.length * fullCall;
  }, 0);
  const own = planRoutes(routed, input);
  const ownPlan: ContextCachePlan = {
    routes: Object.fromEntries(input.calls.map((call) => [call.agent, call.modelId])),
    caches: own.caches,
    isSharedModel: false,
    estimatedCostUsd: own.costUsd,
    uncachedCostUsd,
  };
  const strongest = [...input.calls].sort((left, right) => MODEL_TIERS.indexOf(right.tier) - MODEL_TIERS.indexOf(left.tier))[0];
  if (input.sharedModel === 'never' || strongest === undefined || routed.size < 2) return ownPlan;
  const sharedCalls = input.calls.map((call) => ({ ...call, modelId: strongest.modelId, tier: strongest.tier }));
  const shared = planRoutes(groupByModel(sharedCalls), input);
  const isSharedBetter = input.sharedModel === 'always' ? shared.caches.length > 0 : shared.costUsd < own.costUsd;
  if (!isSharedBetter) return ownPlan;
  return {
    routes: Object.fromEntries(input.calls.map((call) => [call.agent, strongest.modelId])),
    caches: shared.caches,
    isSharedModel: true,
    estimatedCostUsd: shared.costUsd,
    uncachedCostUsd,
  };
}
