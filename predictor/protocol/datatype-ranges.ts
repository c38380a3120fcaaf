/**
 * @module protocol/datatype-ranges
 * How one JSON tensor element is read for each OIP datatype: integers must be whole and
 * within the type's range, floats finite and within the type's magnitude (non-finite values
 * only as the strings "NaN", "Infinity", "-Infinity", since JSON has no literal for them),
 * BOOL a JSON boolean and BYTES a JSON string (stored as its UTF-8 bytes).
 */
import type { Datatype, TensorElement } from '../contract/tensor.js';

export interface ElementRule {
  /** The element as a tensor element, or undefined when the value does not fit. */
  readonly read: (value: unknown) => TensorElement | undefined;
  /** What a valid element looks like, for error messages. */
  readonly expected: string;
}

const utf8 = new TextEncoder();

/** Largest finite magnitudes of the IEEE 754 half, single and double formats. */
export const FLOAT_MAX = Object.freeze({ FP16: 65504, FP32: 3.4028234663852886e38, FP64: Number.MAX_VALUE });

const NON_FINITE: ReadonlyMap<string, number> = new Map([
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
]);

function integerRule(minimum: bigint, maximum: bigint): ElementRule {
  const low = Number(minimum);
  const high = Number(maximum);
  return {
    expected: `an integer in [${minimum}, ${maximum}]`,
    read(value) {
      // Unsafe numbers are not exact, so they cannot be trusted to be in range (1e20, 2**64).
      if (typeof value === 'number') return Number.isSafeInteger(value) && value >= low && value <= high ? value : undefined;
      if (typeof value === 'bigint') return value >= minimum && value <= maximum ? value : undefined;
      return undefined;
    },
  };
}

function floatRule(maximum: number): ElementRule {
  return {
    expected: `a number with magnitude <= ${maximum}, or "NaN", "Infinity", "-Infinity"`,
    read(value) {
      const number = typeof value === 'bigint' ? Number(value) : value;
      if (typeof number === 'number') return Number.isFinite(number) && Math.abs(number) <= maximum ? number : undefined;
      return typeof value === 'string' ? NON_FINITE.get(value) : undefined;
    },
  };
}

/** The JSON element rule of every datatype. */
export const JSON_ELEMENT_RULES: Readonly<Record<Datatype, ElementRule>> = Object.freeze({
  BOOL: { expected: 'true or false', read: (value: unknown) => (typeof value === 'boolean' ? value : undefined) },
  UINT8: integerRule(0n, 255n),
  UINT16: integerRule(0n, 65535n),
  UINT32: integerRule(0n, 4294967295n),
  UINT64: integerRule(0n, 18446744073709551615n),
  INT8: integerRule(-128n, 127n),
  INT16: integerRule(-32768n, 32767n),
  INT32: integerRule(-2147483648n, 2147483647n),
  INT64: integerRule(-9223372036854775808n, 9223372036854775807n),
  FP16: floatRule(FLOAT_MAX.FP16),
  FP32: floatRule(FLOAT_MAX.FP32),
  FP64: floatRule(FLOAT_MAX.FP64),
  BYTES: { expected: 'a string', read: (value: unknown) => (typeof value === 'string' ? utf8.encode(value) : undefined) },
});
