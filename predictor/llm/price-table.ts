/**
 * @module llm/price-table
 * Prices per model and how a served `modelVersion` finds its price. Rates are USD per
 * million tokens (Gemini's unit); grounding is USD per 1,000 billable units. Prices are
 * looked up by the version that served the call (Gemini routes deprecated ids to their
 * successors and bills the successor's rates), trimming `models/` prefixes and version
 * suffixes.
 */

/** What Gemini bills grounding by: each executed search query (Gemini 3) or each grounded prompt (2.5). */
export type GroundingUnit = 'search_query' | 'grounded_prompt';

export interface TokenRates {
  readonly inputPerMtokUsd: number;
  readonly cachedInputPerMtokUsd: number;
  /** Visible output and thinking tokens alike. */
  readonly outputPerMtokUsd: number;
}

/** The rates in force for one model at one time. */
export interface ModelPrice extends TokenRates {
  readonly groundingPer1kUsd?: number | undefined;
  readonly groundingUnit?: GroundingUnit | undefined;
  /** Explicit context cache storage, USD per million tokens per hour. */
  readonly cacheStoragePerMtokHourUsd?: number | undefined;
  /** Higher rates for every token of a call whose prompt exceeds `aboveInputTokens` (Pro models). */
  readonly longContext?: (TokenRates & { readonly aboveInputTokens: number }) | undefined;
}

/** New token rates from a date on (e.g. an introductory price ending). */
export interface PriceChange extends TokenRates {
  /** UTC date `YYYY-MM-DD` from which these rates apply. */
  readonly effectiveFrom: string;
}

export interface ModelPriceEntry extends ModelPrice {
  readonly changes?: readonly PriceChange[];
  /** Date the price was last checked, for humans. */
  readonly asOf?: string;
}

export interface PriceTable {
  /** Share of the token price paid through the Batch API or the Flex tier (0.5). */
  readonly batchPriceFactor: number;
  readonly models: Readonly<Record<string, ModelPriceEntry>>;
}

const PREFIXES = [/^publishers\/google\/models\//, /^models\//];
// Dated or numbered releases and channel tags: -001, -09-2026, -2026-09-02, -05-20, -preview, -latest, -exp.
const VERSION_SUFFIX = /-(?:\d{3}|\d{2}-\d{4}|\d{4}-\d{2}-\d{2}|\d{2}-\d{2}|preview|latest|exp)$/;

/** The ids tried for a model version, most specific first. */
export function priceLookupIds(modelVersion: string): string[] {
  let id = modelVersion.trim().toLowerCase();
  for (const prefix of PREFIXES) id = id.replace(prefix, '');
  const ids = [id];
  while (VERSION_SUFFIX.test(id)) {
    id = id.replace(VERSION_SUFFIX, '');
    ids.push(id);
  }
  return ids;
}

function ratesAt(entry: ModelPriceEntry, atMs: number | undefined): TokenRates {
  if (atMs === undefined || entry.changes === undefined) return entry;
  let rates: TokenRates = entry;
  let latestMs = -Infinity;
  for (const change of entry.changes) {
    const fromMs = Date.parse(`${change.effectiveFrom}T00:00:00Z`);
    if (fromMs <= atMs && fromMs > latestMs) {
      rates = change;
      latestMs = fromMs;
    }
  }
  return rates;
}

/**
 * The price of the model that served a call, at `atMs` (epoch ms; omitted: the base
 * rates), or undefined when no entry matches — callers report the cost as unknown, not 0.
 */
export function resolvePrice(table: PriceTable, modelVersion: string, atMs?: number): ModelPrice | undefined {
  const id = priceLookupIds(modelVersion).find((candidate) => Object.hasOwn(table.models, candidate));
  const entry = id === undefined ? undefined : table.models[id];
  if (entry === undefined) return undefined;
  const { inputPerMtokUsd, cachedInputPerMtokUsd, outputPerMtokUsd } = ratesAt(entry, atMs);
  const { groundingPer1kUsd, groundingUnit, cacheStoragePerMtokHourUsd, longContext } = entry;
  return {
    inputPerMtokUsd,
    cachedInputPerMtokUsd,
    outputPerMtokUsd,
    groundingPer1kUsd,
    groundingUnit,
    cacheStoragePerMtokHourUsd,
    longContext,
  };
}
