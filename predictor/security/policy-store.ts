/**
 * @module security/policy-store
 * Holds the current API keys and access policy, and swaps them atomically on reload
 * (SIGHUP from main.ts, or a file-change callback). A reload that fails validation keeps the
 * previous snapshot: a typo in a policy edit must not open or close the whole service.
 */
import type { Logger } from '../observability/logger.js';
import { DEFAULT_ACCESS_POLICY, parseAccessPolicy, type AccessPolicy } from './access-policy.js';
import { parseApiKeysFile, type ApiKeyRecord } from './api-key-authenticator.js';

/** Keys and policy that belong together; replaced as one value. */
export interface AccessSnapshot {
  readonly policy: AccessPolicy;
  readonly apiKeys: readonly ApiKeyRecord[];
}

export interface PolicyStore {
  current(): AccessSnapshot;
  /** Re-reads the files; on failure keeps the previous snapshot and rejects with the ConfigError. */
  reload(): Promise<AccessSnapshot>;
  /** Stops file watching. */
  close(): void;
}

/** Calls `onChange` when the file may have changed; returns a handle that stops watching. */
export type WatchFile = (path: string, onChange: () => void) => { close(): void };

export interface PolicyStoreOptions {
  readonly policyFile?: string;
  readonly apiKeysFile?: string;
  readonly readFile: (path: string) => Promise<string>;
  /** When given, both files are watched and reloaded on change. */
  readonly watch?: WatchFile;
  readonly logger: Logger;
}

/**
 * Loads both files once (throwing ConfigError at start-up, before listening) and returns the
 * store. Reloads are serialised so two quick changes cannot finish out of order.
 * @example const store = await createPolicyStore({ policyFile, apiKeysFile, readFile: (path) => readFile(path, 'utf8'), logger });
 */
export async function createPolicyStore(options: PolicyStoreOptions): Promise<PolicyStore> {
  const { policyFile, apiKeysFile, readFile, watch, logger } = options;

  const load = async (): Promise<AccessSnapshot> => {
    const [policy, apiKeys] = await Promise.all([
      policyFile === undefined ? DEFAULT_ACCESS_POLICY : readFile(policyFile).then((text) => parseAccessPolicy(text, policyFile)),
      apiKeysFile === undefined ? [] : readFile(apiKeysFile).then((text) => parseApiKeysFile(text, apiKeysFile)),
    ]);
    return Object.freeze({ policy, apiKeys });
  };

  let snapshot = await load();
  let queue: Promise<unknown> = Promise.resolve();

  const reload = (): Promise<AccessSnapshot> => {
    const attempt = queue.then(async () => {
      try {
        snapshot = await load();
        logger.info('access policy reloaded', { rules: snapshot.policy.rules.length, apiKeys: snapshot.apiKeys.length });
        return snapshot;
      } catch (error) {
        logger.error('access policy reload failed; keeping the previous policy', { error });
        throw error;
      }
    });
    queue = attempt.catch(() => undefined);
    return attempt;
  };

  const watchers = watch
    ? [policyFile, apiKeysFile]
        .filter((path): path is string => path !== undefined)
        .map((path) => watch(path, () => void reload().catch(() => undefined)))
    : [];

  return {
    current: () => snapshot,
    reload,
    close() {
      for (const watcher of watchers) watcher.close();
    },
  };
}
