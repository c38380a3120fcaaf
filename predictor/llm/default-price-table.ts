/**
 * @module llm/default-price-table
 * Built-in Gemini Developer API prices (paid Standard tier, text input), USD per 1M tokens,
 * checked 2026-10-07 against Google's pricing page as transcribed by third parties (the
 * 3.6/3.7 Flash rates come from release notes only: low confidence). `PRICE_TABLE_FILE`
 * overrides or extends it at start-up without a rebuild.
 *
 * Conventions and assumptions:
 * - Cached input is 10 % of input (Google: "caching is a 90 % discount").
 * - Cache storage is quoted for 2.5 only (Flash/Flash-Lite 1.00, Pro 4.50 per 1M tokens per
 *   hour); Gemini 3 models are assumed to keep the same rate per tier.
 * - Grounding: 2.5 bills per grounded prompt at 35 USD / 1,000, Gemini 3 per executed
 *   non-empty search query at 14 USD / 1,000; the free allowances (1,500 prompts/day,
 *   5,000 queries/month, shared across the project) are ignored, so costs are an upper bound.
 * - Audio input rates (higher on 2.5) are not modelled: the pipeline sends text only.
 * - Flex tier and Batch API pay half the token price (`batchPriceFactor`).
 */
import type { ModelPriceEntry, PriceTable } from './price-table.js';

const GEMINI_25_GROUNDING = { groundingPer1kUsd: 35, groundingUnit: 'grounded_prompt' } as const;
const GEMINI_3_GROUNDING = { groundingPer1kUsd: 14, groundingUnit: 'search_query' } as const;
const FLASH_STORAGE = { cacheStoragePerMtokHourUsd: 1 } as const;
const PRO_STORAGE = { cacheStoragePerMtokHourUsd: 4.5 } as const;

/** Gemini 3.6/3.7/3.8 Flash: introductory rates through 2026-12-31, doubled from 2027-01-01. */
const FLASH_INTRODUCTORY: ModelPriceEntry = {
  inputPerMtokUsd: 0.75,
  cachedInputPerMtokUsd: 0.075,
  outputPerMtokUsd: 3.75,
  ...GEMINI_3_GROUNDING,
  ...FLASH_STORAGE,
  changes: [{ effectiveFrom: '2027-01-01', inputPerMtokUsd: 1.5, cachedInputPerMtokUsd: 0.15, outputPerMtokUsd: 7.5 }],
  asOf: '2026-10-07',
};

export const DEFAULT_PRICE_TABLE: PriceTable = {
  batchPriceFactor: 0.5,
  models: {
    'gemini-2.5-flash-lite': {
      inputPerMtokUsd: 0.1,
      cachedInputPerMtokUsd: 0.01,
      outputPerMtokUsd: 0.4,
      ...GEMINI_25_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-10-07',
    },
    // Shut down 2026-12-01; later calls are served (and billed) as gemini-3.5-flash-lite.
    'gemini-2.5-flash': {
      inputPerMtokUsd: 0.3,
      cachedInputPerMtokUsd: 0.03,
      outputPerMtokUsd: 2.5,
      ...GEMINI_25_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-10-07',
    },
    // Shut down 2026-12-01; later calls are served (and billed) as gemini-3.8-flash.
    'gemini-2.5-pro': {
      inputPerMtokUsd: 1.25,
      cachedInputPerMtokUsd: 0.125,
      outputPerMtokUsd: 10,
      longContext: { aboveInputTokens: 200_000, inputPerMtokUsd: 2.5, cachedInputPerMtokUsd: 0.25, outputPerMtokUsd: 15 },
      ...GEMINI_25_GROUNDING,
      ...PRO_STORAGE,
      asOf: '2026-10-07',
    },
    'gemini-3-flash-preview': {
      inputPerMtokUsd: 0.5,
      cachedInputPerMtokUsd: 0.05,
      outputPerMtokUsd: 3,
      ...GEMINI_3_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-06-11',
    },
    'gemini-3.1-flash-lite': {
      inputPerMtokUsd: 0.25,
      cachedInputPerMtokUsd: 0.025,
      outputPerMtokUsd: 1.5,
      ...GEMINI_3_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-06-11',
    },
    'gemini-3.1-pro-preview': {
      inputPerMtokUsd: 2,
      cachedInputPerMtokUsd: 0.2,
      outputPerMtokUsd: 12,
      // Long-context cached rate by the 10 % rule; not seen quoted.
      longContext: { aboveInputTokens: 200_000, inputPerMtokUsd: 4, cachedInputPerMtokUsd: 0.4, outputPerMtokUsd: 18 },
      ...GEMINI_3_GROUNDING,
      ...PRO_STORAGE,
      asOf: '2026-10-07',
    },
    'gemini-3.5-flash-lite': {
      inputPerMtokUsd: 0.3,
      cachedInputPerMtokUsd: 0.03,
      outputPerMtokUsd: 2.5,
      ...GEMINI_3_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-10-07',
    },
    'gemini-3.5-flash': {
      inputPerMtokUsd: 1.5,
      cachedInputPerMtokUsd: 0.15,
      outputPerMtokUsd: 9,
      ...GEMINI_3_GROUNDING,
      ...FLASH_STORAGE,
      asOf: '2026-10-07',
    },
    'gemini-3.6-flash': { ...FLASH_INTRODUCTORY, asOf: '2026-09-30' },
    'gemini-3.7-flash': { ...FLASH_INTRODUCTORY, asOf: '2026-09-30' },
    'gemini-3.8-flash': FLASH_INTRODUCTORY,
  },
};
