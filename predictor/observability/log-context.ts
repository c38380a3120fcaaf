/**
 * @module observability/log-context
 * AsyncLocalStorage that carries per-request log fields (request id, model) so every log
 * line written while serving a request names it, without passing a logger around.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

type Fields = Readonly<Record<string, unknown>>;

const storage = new AsyncLocalStorage<Fields>();

/** Runs `callback` with `fields` added to every log line written inside it. */
export function runWithLogFields<T>(fields: Fields, callback: () => T): T {
  const merged = { ...(storage.getStore() ?? {}), ...fields };
  return storage.run(merged, callback);
}

/** Fields of the current async context ({} outside a request). */
export function currentLogFields(): Fields {
  return storage.getStore() ?? {};
}
