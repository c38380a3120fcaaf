import { expect } from 'chai';
import { cacheStorageCostUsd, costOf, costOfCall } from '../../predictor/llm/cost.js';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import type { ModelPrice } from '../../predictor/llm/price-table.js';

const flash: ModelPrice = {
  inputPerMtokUsd: 0.75,
  cachedInputPerMtokUsd: 0.075,
  outputPerMtokUsd: 3.75,
  groundingPer1kUsd: 14,
  groundingUnit: 'search_query',
  cacheStoragePerMtokHourUsd: 1,
};

describe('costOf', () => {
  it('prices a call with cached, tool-use, thoughts and search-query usage', () => {
    // promptTokenCount 5120 (4096 cached), toolUse 2210, candidates 180, thoughts 640, 1 query.
    const cost = costOf(
      { inputTokens: 5120, cachedInputTokens: 4096, toolUseInputTokens: 2210, outputTokens: 180, thoughtsTokens: 640, searchQueries: 1 },
      flash,
    );
    expect(cost.inputUsd).to.be.closeTo(((5120 - 4096 + 2210) * 0.75) / 1e6, 1e-12);
    expect(cost.cachedInputUsd).to.be.closeTo((4096 * 0.075) / 1e6, 1e-12);
    expect(cost.outputUsd).to.be.closeTo(((180 + 640) * 3.75) / 1e6, 1e-12);
    expect(cost.groundingUsd).to.be.closeTo(0.014, 1e-12);
    expect(cost.totalUsd).to.be.closeTo(cost.inputUsd + cost.cachedInputUsd + cost.outputUsd + 0.014, 1e-12);
  });

  it('costs a million fresh input and output tokens at the per-Mtok rates', () => {
    const cost = costOf({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, flash);
    expect(cost.inputUsd).to.be.closeTo(0.75, 1e-9);
    expect(cost.outputUsd).to.be.closeTo(3.75, 1e-9);
    expect(cost.cachedInputUsd).to.equal(0);
  });

  it('bills grounded prompts only for models priced per grounded prompt', () => {
    const perPrompt: ModelPrice = { ...flash, groundingPer1kUsd: 35, groundingUnit: 'grounded_prompt' };
    expect(costOf({ groundedPrompts: 2, searchQueries: 5 }, perPrompt).groundingUsd).to.be.closeTo(0.07, 1e-12);
    expect(costOf({ groundedPrompts: 2, searchQueries: 5 }, flash).groundingUsd).to.be.closeTo(0.07, 1e-12);
  });

  it('treats unknown counts as contributing nothing', () => {
    expect(costOf({}, flash).totalUsd).to.equal(0);
  });

  it('switches every token kind to the long-context rates past the threshold', () => {
    const pro = DEFAULT_PRICE_TABLE.models['gemini-2.5-pro']!;
    const small = costOf({ inputTokens: 200_000, outputTokens: 1_000_000 }, pro);
    const large = costOf({ inputTokens: 200_001, outputTokens: 1_000_000 }, pro);
    expect(small.outputUsd).to.be.closeTo(10, 1e-9);
    expect(large.outputUsd).to.be.closeTo(15, 1e-9);
    expect(large.inputUsd).to.be.closeTo((200_001 * 2.5) / 1e6, 1e-12);
  });

  it('applies the batch price factor to tokens but not to grounding', () => {
    const cost = costOf({ inputTokens: 1_000_000, searchQueries: 1000 }, flash, { tokenPriceFactor: 0.5 });
    expect(cost.inputUsd).to.be.closeTo(0.375, 1e-9);
    expect(cost.groundingUsd).to.be.closeTo(14, 1e-9);
  });
});

describe('cacheStorageCostUsd', () => {
  it('charges per million tokens per hour', () => {
    expect(cacheStorageCostUsd(2_000_000, 1800, flash)).to.be.closeTo(1, 1e-12);
    expect(cacheStorageCostUsd(1_000_000, 3600, DEFAULT_PRICE_TABLE.models['gemini-2.5-pro']!)).to.be.closeTo(4.5, 1e-12);
  });

  it('is unknown when the price has no storage rate', () => {
    const { cacheStoragePerMtokHourUsd: _omitted, ...withoutStorage } = flash;
    expect(cacheStorageCostUsd(1000, 60, withoutStorage)).to.equal(undefined);
  });
});

describe('costOfCall', () => {
  it('prices on the served model version and halves tokens for batch', () => {
    const usage = { inputTokens: 1_000_000 };
    expect(costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion: 'models/gemini-3.8-flash-09-2026', usage })?.totalUsd).to.be.closeTo(
      0.75,
      1e-9,
    );
    expect(costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion: 'gemini-3.8-flash', usage, isBatch: true })?.totalUsd).to.be.closeTo(
      0.375,
      1e-9,
    );
  });

  it('uses the rates in force at the time of the call', () => {
    const usage = { outputTokens: 1_000_000 };
    const before = costOfCall({
      table: DEFAULT_PRICE_TABLE,
      modelVersion: 'gemini-3.8-flash',
      usage,
      atMs: Date.parse('2026-12-31T23:59:59Z'),
    });
    const after = costOfCall({
      table: DEFAULT_PRICE_TABLE,
      modelVersion: 'gemini-3.8-flash',
      usage,
      atMs: Date.parse('2027-01-01T00:00:00Z'),
    });
    expect(before?.outputUsd).to.be.closeTo(3.75, 1e-9);
    expect(after?.outputUsd).to.be.closeTo(7.5, 1e-9);
  });

  it('returns undefined for a model without a price', () => {
    expect(costOfCall({ table: DEFAULT_PRICE_TABLE, modelVersion: 'gemma-9', usage: { inputTokens: 1 } })).to.equal(undefined);
  });
});
