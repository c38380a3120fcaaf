/**
 * @module config/closest-name
 * "Did you mean": the known name nearest a misspelt one, by edit distance, when it is close
 * enough to be a typo rather than a different word.
 */

/** Levenshtein distance (insertions, deletions and substitutions each cost 1). */
export function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}

/**
 * The candidate nearest `name`, or undefined when none is within a third of its length
 * (at least 2 edits allowed: `--http-port` for `--http_port`, `--modle_name` for `--model_name`).
 * @example closestName('htp_port', ['http_port', 'grpc_port']) // 'http_port'
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.max(2, Math.floor(name.length / 3));
  let best: { readonly candidate: string; readonly distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
