/**
 * @module deep-freeze
 * Freezing a value and everything it holds, and telling whether a value is frozen that way.
 * The configuration is frozen once loaded; the agents' response schemas are frozen where they
 * are declared, so the response cache can key their canonical JSON by identity.
 */

/** Freezes `value` and every object it holds (an object already frozen is taken as done, which also ends cycles). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const frozenTrees = new WeakSet<object>();

/**
 * Whether `value` is a plain object or array that can never change: frozen, with data
 * properties only (no getter), no `toJSON`, and every object it holds the same. Such a value
 * always serialises to the same JSON. Remembered per object once true (it stays true).
 */
export function isFrozenPlainTree(value: object): boolean {
  if (frozenTrees.has(value)) return true;
  if (!Object.isFrozen(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  const isPlain = Array.isArray(value) ? prototype === Array.prototype : prototype === Object.prototype || prototype === null;
  if (!isPlain) return false;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if (key === 'toJSON' || !('value' in descriptor)) return false;
    const child: unknown = descriptor.value;
    if (child !== null && typeof child === 'object' && !isFrozenPlainTree(child)) return false;
  }
  frozenTrees.add(value);
  return true;
}
