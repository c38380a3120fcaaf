import { expect } from 'chai';
import { ConfigError } from '../../predictor/errors.js';
import { DEFAULT_PRICE_TABLE } from '../../predictor/llm/default-price-table.js';
import { loadPriceTable } from '../../predictor/llm/load-price-table.js';
import { resolvePrice } from '../../predictor/llm/price-table.js';

describe('loadPriceTable', () => {
  const readFileOf = (files: Record<string, string>) => async (path: string) => {
    const content = files[path];
    if (content === undefined) throw new Error(`ENOENT: ${path}`);
    return content;
  };

  it('returns the built-in table without a file', async () => {
    expect(await loadPriceTable({ path: undefined, readFile: readFileOf({}) })).to.equal(DEFAULT_PRICE_TABLE);
  });

  it('replaces and extends built-in entries from the file', async () => {
    const file = JSON.stringify({
      batchPriceFactor: 0.4,
      models: {
        'gemini-3.8-flash': { inputPerMtokUsd: 1, cachedInputPerMtokUsd: 0.1, outputPerMtokUsd: 5 },
        'gemini-4-flash': {
          inputPerMtokUsd: 2,
          cachedInputPerMtokUsd: 0.2,
          outputPerMtokUsd: 8,
          groundingPer1kUsd: 14,
          groundingUnit: 'search_query',
        },
      },
    });
    const table = await loadPriceTable({ path: '/prices.json', readFile: readFileOf({ '/prices.json': file }) });
    expect(table.batchPriceFactor).to.equal(0.4);
    expect(resolvePrice(table, 'gemini-3.8-flash')?.outputPerMtokUsd).to.equal(5);
    expect(resolvePrice(table, 'gemini-3.8-flash', Date.parse('2027-02-01T00:00:00Z'))?.outputPerMtokUsd).to.equal(5);
    expect(resolvePrice(table, 'gemini-4-flash-001')?.inputPerMtokUsd).to.equal(2);
    expect(resolvePrice(table, 'gemini-2.5-pro')?.inputPerMtokUsd).to.equal(1.25);
  });

  it('reports every schema problem at once as a ConfigError', async () => {
    const file = JSON.stringify({ models: { 'gemini-x': { inputPerMtokUsd: -1, outputPerMtokUsd: 'a' } }, extra: 1 });
    const error = await loadPriceTable({ path: '/bad.json', readFile: readFileOf({ '/bad.json': file }) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).problems.length).to.be.greaterThanOrEqual(3);
  });

  it('fails with a ConfigError when the file is missing or not JSON', async () => {
    for (const path of ['/missing.json', '/broken.json']) {
      const error = await loadPriceTable({ path, readFile: readFileOf({ '/broken.json': '{' }) }).catch((caught: unknown) => caught);
      expect(error, path).to.be.instanceOf(ConfigError);
    }
  });
});
