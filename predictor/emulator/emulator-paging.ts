/**
 * @module emulator/emulator-paging
 * List paging as the service does it: `pageSize` items from an opaque `pageToken`, with
 * `nextPageToken` while more remain (the emulator's token is simply the offset).
 */

const DEFAULT_PAGE_SIZE = 50;

/** One page of `items` and the token of the next, if any. */
export function pageOf<T>(items: readonly T[], pageSize: number, pageToken: string | undefined): { page: T[]; nextPageToken?: string } {
  const start = Math.max(0, Number(pageToken ?? 0) || 0);
  const size = pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE;
  const page = items.slice(start, start + size);
  return { page, ...(start + size < items.length ? { nextPageToken: String(start + size) } : {}) };
}
