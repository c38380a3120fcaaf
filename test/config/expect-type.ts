/**
 * @module test/config/expect-type
 * Type-level assertions for files that tsc checks (`npm run lint`) rather than mocha runs:
 * a call compiles only when the two types are the same, readonly and optional modifiers
 * included, so a mismatch fails the type check.
 */

/** `true` when `Actual` and `Expected` are identical to the compiler, `false` otherwise (mutual assignability is not enough). */
export type Equal<Actual, Expected> =
  (<Probe>() => Probe extends Actual ? 1 : 2) extends <Probe>() => Probe extends Expected ? 1 : 2 ? true : false;

/** Compiles only when `Actual` is `Expected`; otherwise tsc asks for the missing `typesDiffer` argument. */
export function expectType<Actual, Expected>(...proof: Equal<Actual, Expected> extends true ? [] : [typesDiffer: never]): typeof proof {
  return proof;
}
