/**
 * @module feedback/recent-requests
 * A bounded memory of which prompt version answered each recent request id, so feedback
 * that quotes only a request id is still tied to the version that produced the output.
 * Per replica and in memory: feedback routed to another replica, or arriving after the
 * entry was evicted, falls back to the `prompt_version` in its body.
 */
import { LRUCache } from 'lru-cache';

export interface RecentRequests {
  remember(requestIds: readonly string[], promptVersion: string): void;
  promptVersionOf(requestId: string): string | undefined;
}

/** @example const recent = createRecentRequests({ maxEntries: 10_000 }); withPromptSplit({ ..., onAnswered: recent.remember }); */
export function createRecentRequests({ maxEntries = 10_000 }: { readonly maxEntries?: number } = {}): RecentRequests {
  const versions = new LRUCache<string, string>({ max: maxEntries });
  return {
    remember(requestIds, promptVersion) {
      for (const requestId of requestIds) versions.set(requestId, promptVersion);
    },
    promptVersionOf: (requestId) => versions.get(requestId),
  };
}
