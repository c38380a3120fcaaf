/**
 * @module llm/cost
 * What a call cost, from its usage and the price of the model that served it, as Gemini
 * bills it: fresh input = input − cached + tool-use input at the input rate; cached input
 * at the cached rate; output = visible + thinking tokens at the output rate; grounding per
 * billable unit. Unknown counts contribute nothing; an unknown price is the caller's `undefined`.
 */
import type { Usage } from '../contract/usage.js';
import { billedOutputTokens } from '../contract/usage.js';
import { resolvePrice, type ModelPrice, type PriceTable, type TokenRates } from './price-table.js';

export interface Cost {
  readonly inputUsd: number;
  readonly cachedInputUsd: number;
  readonly outputUsd: number;
  readonly groundingUsd: number;
  readonly totalUsd: number;
}

export interface CostOptions {
  /** Share of the token price paid (Batch API / Flex: the table's `batchPriceFactor`). */
  readonly tokenPriceFactor?: number;
}

const PER_MILLION = 1_000_000;

function ratesFor(usage: Usage, price: ModelPrice): TokenRates {
  const { longContext } = price;
  // Gemini prices the whole call at the long-context rate once the prompt passes the threshold.
  return longContext !== undefined && (usage.inputTokens ?? 0) > longContext.aboveInputTokens ? longContext : price;
}

function groundingUnits(usage: Usage, price: ModelPrice): number {
  if (price.groundingUnit === 'grounded_prompt') return usage.groundedPrompts ?? 0;
  if (price.groundingUnit === 'search_query') return usage.searchQueries ?? 0;
  return 0;
}

/** Cost of one call's usage at `price`; free grounding allowances are ignored (upper bound). */
export function costOf(usage: Usage, price: ModelPrice, { tokenPriceFactor = 1 }: CostOptions = {}): Cost {
  const rates = ratesFor(usage, price);
  const cachedTokens = usage.cachedInputTokens ?? 0;
  const freshTokens = Math.max(0, (usage.inputTokens ?? 0) - cachedTokens) + (usage.toolUseInputTokens ?? 0);
  const inputUsd = ((freshTokens * rates.inputPerMtokUsd) / PER_MILLION) * tokenPriceFactor;
  const cachedInputUsd = ((cachedTokens * rates.cachedInputPerMtokUsd) / PER_MILLION) * tokenPriceFactor;
  const outputUsd = ((billedOutputTokens(usage) * rates.outputPerMtokUsd) / PER_MILLION) * tokenPriceFactor;
  const groundingUsd = (groundingUnits(usage, price) * (price.groundingPer1kUsd ?? 0)) / 1000;
  return { inputUsd, cachedInputUsd, outputUsd, groundingUsd, totalUsd: inputUsd + cachedInputUsd + outputUsd + groundingUsd };
}

/**
 * Storage cost of an explicit context cache holding `tokens` for `seconds`, or undefined
 * when the price has no storage rate.
 */
export function cacheStorageCostUsd(tokens: number, seconds: number, price: ModelPrice): number | undefined {
  if (price.cacheStoragePerMtokHourUsd === undefined) return undefined;
  return (tokens / PER_MILLION) * price.cacheStoragePerMtokHourUsd * (seconds / 3600);
}

export interface CallCostInput {
  readonly table: PriceTable;
  /** The version that served the call (price on it, not on the requested id). */
  readonly modelVersion: string;
  readonly usage: Usage;
  /** When the call happened (epoch ms), for dated price changes. */
  readonly atMs?: number | undefined;
  readonly isBatch?: boolean;
}

/** Cost of a call looked up in a price table; undefined when the model has no price. */
export function costOfCall({ table, modelVersion, usage, atMs, isBatch = false }: CallCostInput): Cost | undefined {
  const price = resolvePrice(table, modelVersion, atMs);
  if (price === undefined) return undefined;
  return costOf(usage, price, { tokenPriceFactor: isBatch ? table.batchPriceFactor : 1 });
}
