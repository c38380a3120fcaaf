/**
 * @module jobs/resolve-job-id-secret
 * Decides the key job ids are signed with. Job ids must survive restarts and work on every
 * replica (the whole point of keeping no local state), so on the gemini backend a shared
 * `JOBS_ID_SECRET` is required. The emulator (local runs, tests) may fall back to a random
 * per-process key, with a warning; on vertex jobs answer 501, so the key is never used.
 */
import { randomBytes as nodeRandomBytes } from 'node:crypto';
import type { LlmBackend } from '../config/sections/gemini-config.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../observability/logger.js';

export interface ResolveJobIdSecretOptions {
  /** Config `JOBS_ID_SECRET`, when set. */
  readonly configuredSecret?: string | undefined;
  readonly backend: LlmBackend;
  readonly logger: Logger;
  readonly randomBytes?: (size: number) => Uint8Array;
}

/** The configured secret, or a generated one where that is safe; throws ConfigError otherwise. */
export function resolveJobIdSecret({
  configuredSecret,
  backend,
  logger,
  randomBytes = nodeRandomBytes,
}: ResolveJobIdSecretOptions): string | Uint8Array {
  if (configuredSecret !== undefined) return configuredSecret;
  if (backend === 'gemini') {
    throw new ConfigError([
      'JOBS_ID_SECRET is required for batch jobs on the gemini backend: job ids must stay valid across restarts and replicas',
    ]);
  }
  if (backend === 'emulator') {
    logger.warn(
      'JOBS_ID_SECRET is unset: job ids are signed with a per-process key and stop resolving after a restart or on another replica',
    );
  }
  return randomBytes(32);
}
