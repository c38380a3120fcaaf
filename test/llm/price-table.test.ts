import { expect } from 'chai';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import { priceLookupIds, resolvePrice } from '../../predictor/llm/price-table.js';

describe('resolvePrice', () => {
  const cases: [string, number | undefined][] = [
    ['gemini-3.8-flash', 0.75],
    ['models/gemini-3.8-flash', 0.75],
    ['gemini-3.8-flash-09-2026', 0.75],
    ['gemini-3.8-flash-001', 0.75],
    ['publishers/google/models/gemini-2.5-pro-2026-05-06', 1.25],
    ['gemini-2.5-flash-preview-05-20', 0.3],
    ['gemini-3-flash-preview', 0.5],
    ['gemini-3.1-pro-preview-11-2026', 2],
    ['GEMINI-3.1-FLASH-LITE', 0.25],
    ['gemini-9-ultra', undefined],
    ['gemini-3.8', undefined],
  ];
  for (const [modelVersion, inputPerMtokUsd] of cases) {
    it(`resolves ${modelVersion} to ${inputPerMtokUsd ?? 'no price'}`, () => {
      expect(resolvePrice(DEFAULT_PRICE_TABLE, modelVersion)?.inputPerMtokUsd).to.equal(inputPerMtokUsd);
    });
  }

  it('prefers the most specific id', () => {
    const table = {
      batchPriceFactor: 0.5,
      models: {
        ...DEFAULT_PRICE_TABLE.models,
        'gemini-3.8-flash-001': { inputPerMtokUsd: 9, cachedInputPerMtokUsd: 1, outputPerMtokUsd: 9 },
      },
    };
    expect(resolvePrice(table, 'gemini-3.8-flash-001')?.inputPerMtokUsd).to.equal(9);
    expect(priceLookupIds('models/gemini-2.5-flash-preview-05-20')).to.deep.equal([
      'gemini-2.5-flash-preview-05-20',
      'gemini-2.5-flash-preview',
      'gemini-2.5-flash',
    ]);
  });

  it('does not match inherited object keys', () => {
    expect(resolvePrice(DEFAULT_PRICE_TABLE, 'constructor')).to.equal(undefined);
  });

  it('applies a dated change only from its effective date', () => {
    expect(resolvePrice(DEFAULT_PRICE_TABLE, 'gemini-3.8-flash', Date.parse('2027-01-01T00:00:00Z'))?.inputPerMtokUsd).to.equal(1.5);
    expect(resolvePrice(DEFAULT_PRICE_TABLE, 'gemini-3.8-flash', Date.parse('2026-11-20T00:00:00Z'))?.inputPerMtokUsd).to.equal(0.75);
    expect(resolvePrice(DEFAULT_PRICE_TABLE, 'gemini-3.8-flash', Date.parse('2027-06-01T00:00:00Z'))?.groundingUnit).to.equal(
      'search_query',
    );
  });
});

describe('DEFAULT_PRICE_TABLE', () => {
  it('prices the configured default tiers and Gemini 2.5 grounding per prompt', () => {
    for (const id of ['gemini-3.1-flash-lite', 'gemini-3.8-flash', 'gemini-3.1-pro-preview']) {
      expect(resolvePrice(DEFAULT_PRICE_TABLE, id), id).to.not.equal(undefined);
    }
    expect(DEFAULT_PRICE_TABLE.models['gemini-2.5-flash']?.groundingUnit).to.equal('grounded_prompt');
    expect(DEFAULT_PRICE_TABLE.batchPriceFactor).to.equal(0.5);
  });
});
