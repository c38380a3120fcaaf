/**
 * @module pipeline/estimate-request-cost
 * The most tokens and USD a request can be charged, reserved against the limits before it
 * runs (the reservation is replaced by the real usage afterwards). Counted from the prompts
 * as they will be sent, without building them:
 *
 * - every call's prompt: system instruction, task part and response schema (measured on the
 *   real builders), plus the transcript block in bytes after formatting, delimiter escaping
 *   and the most PII redaction can add (`estimation/sent-bytes.ts`);
 * - every call: one per chunk and agent (chunk count and re-sent overlap bounded for the
 *   configured chunk budget, `estimation/chunk-bound.ts`), the summarizer's reduce call over
 *   the chunk summaries; each writes at most `maxOutputTokens`, thinking included (Gemini
 *   2.5 and 3 stop a call whose thoughts and answer reach the cap with MAX_TOKENS);
 * - explicit context caches when the plan could create one: creation, billed as input, and
 *   storage for the whole TTL; a cache holding the Search tool exposes every agent on it to
 *   grounding charges;
 * - grounded calls: `MAX_SEARCH_QUERIES` billable queries (or one grounded prompt) and the
 *   search results fed back as tool-use input;
 * - each group of calls priced on the most expensive model it may end on: any tier routing
 *   can pick for its size, the shared cache model, and their fallback models.
 *
 * Tokens: a prompt byte is at most one token (`GEMINI_TOKENIZER_BOUND`; SentencePiece falls
 * back to one token per byte on text it has no piece for), plus `CALL_OVERHEAD_TOKENS` per
 * call. Ordinary English is ~4 bytes a token, so the reservation is ~4× the usual spend;
 * settlement refunds the difference. Terms the provider alone decides are allowances, not
 * proofs: queries per grounded call, the size of search results, the bytes a generated
 * token spells when model output is re-sent (`docs/security.md`, Limits).
 */
import type { CostEstimate } from '../contract/access-control.js';
import { minimumCachedTokensFor } from '../llm/context-cache-client.js';
import { cacheStorageCostUsd } from '../llm/cost.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { ModelPrice } from '../llm/price-table.js';
import type { Usage } from '../contract/usage.js';
import type { SharedModelPolicy } from '../config/sections/pipeline-config.js';
import type { Agent, AgentName } from './agent.js';
import type { ChunkingSettings } from './chunking/plan-chunks.js';
import type { Episode } from './episode.js';
import { boundChunks } from './estimation/chunk-bound.js';
import { reducePromptBytes, taskPromptBytes } from './estimation/prompt-bytes.js';
import { escapedByteLength, redactionGrowthBytes, transcriptBytesOf } from './estimation/sent-bytes.js';
import type { CostFunction } from './pipeline-response.js';
import { COMMON_SYSTEM_INSTRUCTION } from './prompts/prompt.js';

/** How many tokens text can become, for the bound. */
export interface TokenizerBound {
  /** Most tokens `bytes` of UTF-8 prompt text can count as. */
  promptTokensOf(bytes: number): number;
  /** Most UTF-8 bytes one generated token spells (model output re-sent in a later prompt). */
  readonly outputBytesPerToken: number;
}

/**
 * One token per prompt byte: a SentencePiece tokenizer with byte fallback never needs more.
 * Re-sent model output is allowed 16 bytes per generated token (SentencePiece's default
 * longest piece is 16 characters): an allowance, since the vocabulary is not published.
 */
export const GEMINI_TOKENIZER_BOUND: TokenizerBound = { promptTokensOf: (bytes) => bytes, outputBytesPerToken: 16 };

/** Per call: turn markers, part boundaries and tool declarations the provider counts as prompt. */
export const CALL_OVERHEAD_TOKENS = 256;
/** Billable Search queries allowed per grounded call: one per claim the fact-check schema allows. */
export const MAX_SEARCH_QUERIES = 15;
/** A search result fed back is allowed the size of a whole answer plus its source's title. */
const TOOL_RESULT_TITLE_TOKENS = 64;
/** Labels around one re-sent model output ("Part 2 of 9", "Discussion: ", agent names). */
const RESENT_OUTPUT_LABEL_BYTES = 1_024;
/** Delimiter escaping can triple re-sent output (`<<<` → `‹‹‹`). */
const RESENT_OUTPUT_GROWTH = 3;

/** What the bound needs of the explicit context-cache settings (`ContextCacheSettings`). */
export interface ContextCacheBound {
  readonly ttlSeconds: number;
  readonly sharedModel: SharedModelPolicy;
  readonly priceOf: (modelId: string) => ModelPrice | undefined;
  readonly minimumTokensOf?: (modelId: string) => number;
}

export interface EstimateRequestCostOptions {
  /** The decoded episodes of the request. */
  readonly episodes: readonly Episode[];
  readonly agents: readonly Pick<Agent, 'name' | 'usesGoogleSearch'>[];
  readonly router: ModelRouter;
  readonly promptVersion: string;
  readonly maxOutputTokens: number;
  /** Absent: cost 0 (nothing is priced). */
  readonly costOf?: CostFunction;
  /** The chunk budget and overlap (config `CHUNK_*`); absent: never chunked. */
  readonly chunking?: Pick<ChunkingSettings, 'maxInputTokens' | 'overlapSegments'>;
  /** Explicit context caching; absent: no cache is ever created. */
  readonly contextCache?: ContextCacheBound;
  /** The models a call on `modelId` may fall back to (config `LLM_FALLBACK_ENABLED`). */
  readonly fallbackModelsOf?: (modelId: string) => readonly string[];
  /** Guardrails may replace PII by longer placeholders before the text is sent. */
  readonly isRedactionPossible?: boolean;
  /** Default `GEMINI_TOKENIZER_BOUND`; tests pass the emulator's ceil(bytes / 4). */
  readonly tokenizer?: TokenizerBound;
}

/** Identical calls priced together (linear prices: the sum of their usage on the dearest model). */
interface CallGroup {
  readonly calls: number;
  /** Prompt bytes of all the calls together. */
  readonly inputBytes: number;
  readonly writesOutput: boolean;
  readonly isGrounded: boolean;
  readonly models: readonly string[];
  /** Explicit caches: their tokens are also stored for the TTL. */
  readonly isCacheCreation?: boolean;
}

function union(lists: Iterable<readonly string[]>): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const item of list) all.add(item);
  return [...all];
}

/** Everything one episode's run can call. */
function callGroupsOf(episode: Episode, options: EstimateRequestCostOptions, tokenizer: TokenizerBound): CallGroup[] {
  const { agents, router, promptVersion, maxOutputTokens, chunking, contextCache } = options;
  const isRedacted = options.isRedactionPossible === true;
  const transcript = transcriptBytesOf(episode, { isRedacted });
  const withFallbacks = (models: readonly string[]) => union([models, ...models.map((model) => options.fallbackModelsOf?.(model) ?? [])]);
  // Routing escalates by ceil(bytes / 4) of the prompt; it is monotone, so both ends cover every size.
  const routesOf = (agent: AgentName, maxBytes: number) =>
    union([
      [router.route(agent, { estimatedInputTokens: 0 }).modelId],
      [router.route(agent, { estimatedInputTokens: Math.ceil(maxBytes / 4) }).modelId],
    ]);
  const resentOutputBytes = RESENT_OUTPUT_GROWTH * tokenizer.outputBytesPerToken * maxOutputTokens + RESENT_OUTPUT_LABEL_BYTES;
  const wholeBlockBytes = transcript.headerBytes + transcript.linesBytes;
  const taskBytesOf = (agent: AgentName, chunkCount: number) =>
    taskPromptBytes({ agent, promptVersion, hasTimestamps: episode.hasTimestamps, chunkCount });

  const chunks = chunking ? boundChunks({ ...transcript, ...chunking }) : { chunkCount: 1, linesBytes: transcript.linesBytes };
  const chunkCount = chunks.chunkCount;
  const blocksBytes = chunkCount * transcript.headerBytes + chunks.linesBytes;
  const tasks = new Map(agents.map((agent) => [agent.name, taskBytesOf(agent.name, chunkCount)]));
  const routed = new Map(agents.map((agent) => [agent.name, routesOf(agent.name, (tasks.get(agent.name) ?? 0) + wholeBlockBytes)]));
  const cacheModels = contextCache ? cacheableModels(contextCache, union(routed.values()), wholeBlockBytes) : [];
  const isCachePossible = contextCache !== undefined && agents.length >= 2 && cacheModels.length > 0;
  const isSharedModel = isCachePossible && contextCache.sharedModel !== 'never';
  const searchRoutes = union(agents.filter((agent) => agent.usesGoogleSearch).map((agent) => routed.get(agent.name) ?? []));

  const groups: CallGroup[] = agents.map((agent) => {
    const ownRoutes = routed.get(agent.name) ?? [];
    // A cache holding the Search tool lends it to every call served from that cache.
    const sharesSearchCache = isCachePossible && (isSharedModel || ownRoutes.some((model) => searchRoutes.includes(model)));
    return {
      calls: chunkCount,
      inputBytes: chunkCount * (tasks.get(agent.name) ?? 0) + blocksBytes,
      writesOutput: true,
      isGrounded: agent.usesGoogleSearch || sharesSearchCache,
      models: withFallbacks(isSharedModel ? union(routed.values()) : ownRoutes),
    };
  });
  if (chunkCount > 1 && agents.some((agent) => agent.name === 'summarizer')) {
    const title = escapedByteLength(episode.title) + (isRedacted ? redactionGrowthBytes(episode.title) : 0);
    const reduce = reducePromptBytes(promptVersion) + title + chunkCount * (resentOutputBytes + 2);
    groups.push({
      calls: 1,
      inputBytes: reduce,
      writesOutput: true,
      isGrounded: false,
      models: withFallbacks(routesOf('summarizer', reduce)),
    });
  }
  if (isCachePossible) {
    // A cache needs two calls on its model: at most ⌊agents / 2⌋ per chunk, each holding the chunk's prefix.
    const cachesPerChunk = Math.floor(agents.length / 2);
    const systemBytes = Buffer.byteLength(COMMON_SYSTEM_INSTRUCTION, 'utf8');
    groups.push({
      calls: cachesPerChunk * chunkCount,
      inputBytes: cachesPerChunk * (chunkCount * systemBytes + blocksBytes),
      writesOutput: false,
      isGrounded: false,
      models: cacheModels,
      isCacheCreation: true,
    });
  }
  return groups;
}

/** Models a cache can be created on: priced for storage, and reached by a prefix of this size. */
function cacheableModels(cache: ContextCacheBound, models: readonly string[], wholeBlockBytes: number): string[] {
  const minimumTokensOf = cache.minimumTokensOf ?? minimumCachedTokensFor;
  // The planner compares ceil(bytes / 4) of the system instruction and of the block with the minimum.
  const prefixTokens = Math.ceil(Buffer.byteLength(COMMON_SYSTEM_INSTRUCTION, 'utf8') / 4) + Math.ceil(wholeBlockBytes / 4);
  return models.filter((model) => cache.priceOf(model)?.cacheStoragePerMtokHourUsd !== undefined && prefixTokens >= minimumTokensOf(model));
}

function usageOf(group: CallGroup, maxOutputTokens: number, tokenizer: TokenizerBound): Usage {
  const { calls } = group;
  const usage: Usage = {
    inputTokens: tokenizer.promptTokensOf(group.inputBytes) + calls * CALL_OVERHEAD_TOKENS,
    outputTokens: group.writesOutput ? calls * maxOutputTokens : 0,
  };
  if (!group.isGrounded) return usage;
  const searchQueries = calls * MAX_SEARCH_QUERIES;
  return {
    ...usage,
    searchQueries,
    groundedPrompts: calls,
    toolUseInputTokens: searchQueries * (maxOutputTokens + TOOL_RESULT_TITLE_TOKENS),
  };
}

function costOfGroup(group: CallGroup, usage: Usage, options: EstimateRequestCostOptions): number {
  const { costOf, contextCache } = options;
  let largest = 0;
  for (const model of group.models) {
    let usd = costOf?.(usage, model) ?? 0;
    if (group.isCacheCreation && contextCache) {
      const price = contextCache.priceOf(model);
      usd += (price && cacheStorageCostUsd(usage.inputTokens ?? 0, contextCache.ttlSeconds, price)) ?? 0;
    }
    largest = Math.max(largest, usd);
  }
  return largest;
}

/**
 * Upper bound of the tokens (input + output, as the response reports them and the limiter
 * settles) and USD the request's episodes can be charged.
 */
export function estimateRequestCost(options: EstimateRequestCostOptions): CostEstimate {
  const tokenizer = options.tokenizer ?? GEMINI_TOKENIZER_BOUND;
  let maxTokens = 0;
  let maxCostUsd = 0;
  for (const episode of options.episodes) {
    for (const group of callGroupsOf(episode, options, tokenizer)) {
      const usage = usageOf(group, options.maxOutputTokens, tokenizer);
      // Tool-use tokens are priced, but the response's token totals (what is settled) leave them out.
      maxTokens += (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
      maxCostUsd += costOfGroup(group, usage, options);
    }
  }
  return { maxTokens, maxCostUsd };
}
