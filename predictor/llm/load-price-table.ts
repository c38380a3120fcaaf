/**
 * @module llm/load-price-table
 * Reads `PRICE_TABLE_FILE` once at start-up (main.ts calls it; config loading stays pure
 * env parsing), validates it with ajv and merges it over the built-in table: a model in the
 * file replaces the built-in entry of the same id, new ids extend the table. An invalid
 * file is a ConfigError, so the process stops before listening.
 *
 * File format (same names as `PriceTable`):
 * `{ "batchPriceFactor": 0.5, "models": { "gemini-x": { "inputPerMtokUsd": 1, "cachedInputPerMtokUsd": 0.1, "outputPerMtokUsd": 4 } } }`
 */
import { createAjv } from '../create-ajv.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_PRICE_TABLE } from './default-price-table.js';
import type { PriceTable } from './price-table.js';

const rate = { type: 'number', minimum: 0 } as const;
const tokenRates = {
  inputPerMtokUsd: rate,
  cachedInputPerMtokUsd: rate,
  outputPerMtokUsd: rate,
} as const;
const requiredRates = ['inputPerMtokUsd', 'cachedInputPerMtokUsd', 'outputPerMtokUsd'];
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

export const PRICE_TABLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['models'],
  properties: {
    batchPriceFactor: { type: 'number', minimum: 0, maximum: 1 },
    models: {
      type: 'object',
      propertyNames: { pattern: '^[a-z0-9][a-z0-9._-]{0,127}$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: requiredRates,
        properties: {
          ...tokenRates,
          groundingPer1kUsd: rate,
          groundingUnit: { enum: ['search_query', 'grounded_prompt'] },
          cacheStoragePerMtokHourUsd: rate,
          longContext: {
            type: 'object',
            additionalProperties: false,
            required: [...requiredRates, 'aboveInputTokens'],
            properties: { ...tokenRates, aboveInputTokens: { type: 'integer', minimum: 1 } },
          },
          changes: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [...requiredRates, 'effectiveFrom'],
              properties: { ...tokenRates, effectiveFrom: isoDate },
            },
          },
          asOf: isoDate,
        },
      },
    },
  },
} as const;

export interface LoadPriceTableOptions {
  /** `PRICE_TABLE_FILE`; undefined returns the base table. */
  readonly path: string | undefined;
  readonly readFile: (path: string) => Promise<string>;
  readonly base?: PriceTable;
}

/** Validates a parsed price table file; throws ConfigError listing every problem. */
export function parsePriceTable(value: unknown, source = 'PRICE_TABLE_FILE'): Partial<PriceTable> & Pick<PriceTable, 'models'> {
  const validate = createAjv({ allErrors: true, strict: false }).compile(PRICE_TABLE_SCHEMA);
  if (!validate(value)) {
    throw new ConfigError((validate.errors ?? []).map((error) => `${source}${error.instancePath} ${error.message ?? 'is invalid'}`));
  }
  return value;
}

/** The built-in table with `path`'s entries merged over it. */
export async function loadPriceTable({ path, readFile, base = DEFAULT_PRICE_TABLE }: LoadPriceTableOptions): Promise<PriceTable> {
  if (path === undefined) return base;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path));
  } catch (error) {
    throw new ConfigError([`PRICE_TABLE_FILE ${path} cannot be read as JSON (${(error as Error).message})`]);
  }
  const override = parsePriceTable(parsed);
  return {
    batchPriceFactor: override.batchPriceFactor ?? base.batchPriceFactor,
    models: { ...base.models, ...override.models },
  };
}
