/**
 * @module pipeline/chunking/pick-round-robin
 * Fair selection from per-chunk lists that are each ordered best first: the first item of
 * every chunk, then the second, and so on, skipping duplicates, up to a maximum. So a merged
 * list of at most N items covers the whole episode instead of only its first chunks.
 */

export interface Picked<T> {
  readonly item: T;
  readonly listIndex: number;
  readonly position: number;
}

/** Up to `max` distinct items (by `keyOf`) in round-robin order over `lists`. */
export function pickRoundRobin<T>(lists: readonly (readonly T[])[], max: number, keyOf: (item: T) => string): Picked<T>[] {
  const picked: Picked<T>[] = [];
  const seen = new Set<string>();
  const longest = Math.max(0, ...lists.map((list) => list.length));
  for (let position = 0; position < longest && picked.length < max; position++) {
    for (let listIndex = 0; listIndex < lists.length && picked.length < max; listIndex++) {
      const item = lists[listIndex]?.[position];
      if (item === undefined) continue;
      const key = keyOf(item);
      if (seen.has(key)) continue;
      seen.add(key);
      picked.push({ item, listIndex, position });
    }
  }
  return picked;
}

/** The picked items back in episode order: by chunk, then by position within it. */
export function inEpisodeOrder<T>(picked: readonly Picked<T>[]): T[] {
  return [...picked].sort((left, right) => left.listIndex - right.listIndex || left.position - right.position).map(({ item }) => item);
}

/** Items ranked by how many lists contain them (ties: first appearance), distinct by `keyOf`. */
export function rankByFrequency<T>(lists: readonly (readonly T[])[], max: number, keyOf: (item: T) => string): T[] {
  const counts = new Map<string, { item: T; count: number }>();
  for (const list of lists) {
    for (const key of new Set(list.map(keyOf))) {
      const item = list.find((candidate) => keyOf(candidate) === key) as T;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { item, count: 1 });
    }
  }
  // Map order is first appearance and sort is stable.
  return [...counts.values()]
    .sort((left, right) => right.count - left.count)
    .slice(0, max)
    .map(({ item }) => item);
}
