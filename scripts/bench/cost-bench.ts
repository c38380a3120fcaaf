/**
 * @module scripts/bench/cost-bench
 * `npm run bench:cost`: billed input tokens and USD per long episode, for the production
 * pipeline against the naive sequential design (`naive/naive-pipeline.ts`: the agents one
 * after another, the whole transcript four times), measured in one in-process run: the real SDK
 * (createGeminiClient + createGeminiModel + createContextCacheClient) against the Gemini
 * emulator, whose usage rule is ceil(UTF-8 bytes / 4) per text part. Every call's usage is
 * recorded at the model edge and priced with the default price table (`costOf`), plus each
 * explicit cache's creation tokens (billed as input) and storage time. The emulator has no
 * implicit caching, so the `implicit only` row is what Gemini bills when no implicit hit
 * happens (its upper bound). Prints a table per episode size and a markdown snippet.
 *
 * Flags (env): COST_BENCH_SEGMENTS (comma list, default "420,1680").
 */
import type { LanguageModel, LanguageModelProvider } from '../../predictor/llm/language-model.js';
import { loadConfig } from '../../predictor/config/load-config.js';
import { createGeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { costOfCall } from '../../predictor/llm/cost.js';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createContextCacheClient } from '../../predictor/llm/gemini-context-cache.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import { resolvePrice } from '../../predictor/llm/price-table.js';
import type { Usage } from '../../predictor/contract/usage.js';
import { ANONYMOUS_PRINCIPAL } from '../../predictor/contract/request-context.js';
import type { SharedModelPolicy } from '../../predictor/config/sections/pipeline-config.js';
import { createPipelineModel } from '../../predictor/pipeline/pipeline-model.js';
import type { ModelResponse } from '../../predictor/contract/tensor.js';
import { createNaivePipeline } from './naive/naive-pipeline.js';
import { buildSampleEpisode } from './sample-episode.js';

interface Variant {
  readonly label: string;
  readonly mode: 'parallel' | 'naive';
  /** Explicit caching with this shared-model policy; absent: implicit caching only. */
  readonly sharedModel?: SharedModelPolicy;
}

const VARIANTS: readonly Variant[] = [
  { label: 'naive (sequential design)', mode: 'naive' },
  { label: 'parallel, implicit only', mode: 'parallel' },
  { label: 'parallel (default: explicit cache, auto)', mode: 'parallel', sharedModel: 'auto' },
  { label: 'parallel, one shared model', mode: 'parallel', sharedModel: 'always' },
];

interface CallRecord {
  readonly modelVersion: string;
  readonly usage: Usage;
}

/** What one variant billed for one episode. */
export interface Measurement {
  readonly label: string;
  readonly calls: number;
  /** Every input token billed at any rate: prompts (fresh + cached) and cache creation. */
  readonly rawInputTokens: number;
  readonly cachedInputTokens: number;
  /** Fresh input + cache creation + cached tokens weighted by cached/input price: full-price equivalent. */
  readonly billedInputTokens: number;
  readonly outputTokens: number;
  /** Google Search queries billed (the emulator searches whenever a call has the tool). */
  readonly searchQueries: number;
  readonly costUsd: number;
  /** The part of `costUsd` that is grounding (search queries). */
  readonly groundingUsd: number;
}

function recording(model: LanguageModel, calls: CallRecord[]): LanguageModel {
  return {
    modelId: model.modelId,
    supportsGroundedJson: model.supportsGroundedJson,
    async generate(request, options) {
      const result = await model.generate(request, options);
      calls.push({ modelVersion: result.modelVersion, usage: result.usage });
      return result;
    },
  };
}

function cachedWeight(modelVersion: string): number {
  const price = resolvePrice(DEFAULT_PRICE_TABLE, modelVersion);
  return price === undefined ? 1 : price.cachedInputPerMtokUsd / price.inputPerMtokUsd;
}

/** Measures every variant on one episode of `segmentCount` segments. */
export async function measureEpisode(segmentCount: number, nowMs = Date.now()): Promise<Measurement[]> {
  const config = loadConfig({ env: {} });
  const emulator = createGeminiEmulator();
  const { baseUrl } = await emulator.start();
  try {
    const client = createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl });
    const tiers = { 'flash-lite': config.gemini.modelFlashLite, flash: config.gemini.modelFlash, pro: config.gemini.modelPro };
    const { pipeline: settings } = config;
    const router = createModelRouter({
      tiers,
      agentTiers: { summarizer: settings.summarizerTier, insights: settings.insightsTier, 'fact-checker': settings.factCheckerTier },
    });
    const episode = new TextEncoder().encode(JSON.stringify(buildSampleEpisode(segmentCount, `cost-bench-${segmentCount}`)));
    const measurements: Measurement[] = [];
    for (const variant of VARIANTS) {
      const calls: CallRecord[] = [];
      const baseModels = new Map<string, LanguageModel>();
      const models: LanguageModelProvider = {
        languageModel(modelId) {
          if (!baseModels.has(modelId)) baseModels.set(modelId, recording(createGeminiModel({ client, modelId }), calls));
          return baseModels.get(modelId) as LanguageModel;
        },
      };
      const price = (usage: Usage, modelVersion: string): number =>
        costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion, usage, atMs: nowMs })?.totalUsd ?? 0;
      const creations: CallRecord[] = [];
      const generation = { temperature: settings.temperature, maxOutputTokens: settings.maxOutputTokens };
      const context = { signal: new AbortController().signal, deadlineAtMs: Date.now() + 600_000 };
      const analyse = async (): Promise<ModelResponse> => {
        if (variant.mode === 'naive') {
          const naive = createNaivePipeline({
            router,
            models,
            generation,
            now: Date.now,
            promptVersion: settings.promptVersion,
            llmBackend: 'emulator',
            costOf: price,
          });
          return naive.analyse(episode, context);
        }
        const pipeline = createPipelineModel({
          name: 'podcast-pipeline',
          version: '1',
          router,
          models,
          promptVersion: settings.promptVersion,
          generation,
          maxEpisodesPerRequest: 1,
          episodeConcurrency: 1,
          failOnPartial: true,
          llmBackend: 'emulator',
          costOf: price,
          chunking: {
            maxInputTokens: settings.chunkMaxInputTokens,
            overlapSegments: settings.chunkOverlapSegments,
            concurrency: settings.chunkConcurrency,
          },
          ...(variant.sharedModel === undefined
            ? {}
            : {
                contextCache: {
                  client: createContextCacheClient({ client }),
                  ttlSeconds: settings.contextCacheTtlSeconds,
                  sharedModel: variant.sharedModel,
                  expectedOutputTokensPerCall: settings.contextCacheExpectedOutputTokens,
                  priceOf: (modelId: string) => resolvePrice(DEFAULT_PRICE_TABLE, modelId, nowMs),
                },
              }),
          onEvent: (event) => {
            if (event.type === 'context-cache' && event.outcome === 'created') {
              creations.push({ modelVersion: event.modelId, usage: { inputTokens: event.tokenCount ?? 0 } });
            }
          },
          now: Date.now,
        });
        await pipeline.load();
        return pipeline.predict(
          { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episode] }] },
          { requestId: `cost-bench-${variant.label}`, ...context, principal: ANONYMOUS_PRINCIPAL },
        );
      };
      const response = await analyse();
      const all = [...calls, ...creations];
      const sum = (pick: (call: CallRecord) => number): number => all.reduce((total, call) => total + pick(call), 0);
      const cached = (call: CallRecord): number => call.usage.cachedInputTokens ?? 0;
      const fresh = (call: CallRecord): number => (call.usage.inputTokens ?? 0) - cached(call) + (call.usage.toolUseInputTokens ?? 0);
      measurements.push({
        label: variant.label,
        calls: calls.length,
        rawInputTokens: sum((call) => (call.usage.inputTokens ?? 0) + (call.usage.toolUseInputTokens ?? 0)),
        cachedInputTokens: sum(cached),
        billedInputTokens: Math.round(sum((call) => fresh(call) + cached(call) * cachedWeight(call.modelVersion))),
        outputTokens: sum((call) => (call.usage.outputTokens ?? 0) + (call.usage.thoughtsTokens ?? 0)),
        searchQueries: sum((call) => call.usage.searchQueries ?? 0),
        costUsd: Number(response.parameters?.cost_usd ?? Number.NaN),
        groundingUsd: calls.reduce(
          (total, call) =>
            total +
            (costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion: call.modelVersion, usage: call.usage, atMs: nowMs })?.groundingUsd ??
              0),
          0,
        ),
      });
      // The response's cost must equal the edge-recorded calls plus cache storage: a cross-check of the pipeline's own pricing.
      const edgeUsd = calls.reduce((total, call) => total + price(call.usage, call.modelVersion), 0);
      if (edgeUsd > Number(response.parameters?.cost_usd) + 1e-12) throw new Error(`${variant.label}: response cost below the calls' cost`);
    }
    return measurements;
  } finally {
    await emulator.stop();
  }
}

function usd(value: number): string {
  return value.toFixed(5);
}

/** The markdown rows for one episode size (ratios against the first, naive, row). */
export function toMarkdown(segmentCount: number, measurements: readonly Measurement[]): string {
  const naive = measurements[0];
  const rows = measurements.map((row) => {
    const ratio = naive ? (row.billedInputTokens / naive.billedInputTokens).toFixed(2) : '';
    const cells = [
      segmentCount,
      row.label,
      row.calls,
      row.rawInputTokens,
      row.cachedInputTokens,
      row.billedInputTokens,
      `${ratio}x`,
      row.outputTokens,
    ];
    const money = [usd(row.costUsd - row.groundingUsd), `${row.searchQueries} / ${usd(row.groundingUsd)}`, usd(row.costUsd)];
    return `| ${[...cells, ...money].join(' | ')} |`;
  });
  return rows.join('\n');
}

const HEADER = [
  '| Segments | Design | LLM calls | Input tokens (raw) | of which cached | Billed input (full-price equivalent) | vs naive | Output tokens | Token USD | Searches / USD | USD per episode |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
].join('\n');

async function main(): Promise<void> {
  const sizes = (process.env.COST_BENCH_SEGMENTS ?? '420,1680')
    .split(',')
    .map(Number)
    .filter((size) => size > 0);
  const sections = [HEADER];
  for (const size of sizes) sections.push(toMarkdown(size, await measureEpisode(size)));
  process.stdout.write(`${sections.join('\n')}\n`);
  process.stdout.write(
    `\nRun: npm run bench:cost (${new Date().toISOString().slice(0, 10)}, default config, default price table, Gemini emulator)\n`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
