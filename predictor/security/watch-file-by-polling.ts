/**
 * @module security/watch-file-by-polling
 * A `WatchFile` for mounted ConfigMaps and Secrets. Kubernetes updates them by swapping a
 * `..data` symlink, which inotify-based `fs.watch` on the file misses after the first swap;
 * polling `stat` follows the link every time, at negligible cost for two small files.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { WatchFile } from './policy-store.js';

function hasChanged(current: Stats, previous: Stats): boolean {
  return current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino || current.size !== previous.size;
}

/**
 * Returns a WatchFile polling every `intervalMs`; the timer does not keep the process alive.
 * @example createPolicyStore({ ..., watch: createPollingWatcher({ intervalMs: 2000 }) })
 */
export function createPollingWatcher({ intervalMs }: { readonly intervalMs: number }): WatchFile {
  return function watchByPolling(path, onChange) {
    const listener = (current: Stats, previous: Stats) => {
      if (hasChanged(current, previous)) onChange();
    };
    watchFile(path, { interval: intervalMs, persistent: false }, listener);
    return { close: () => unwatchFile(path, listener) };
  };
}
