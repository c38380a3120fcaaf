/**
 * @module security/create-security
 * Builds the security layer from its config section in one call: the policy store (keys and
 * policy, watched and reloadable), the AccessGuard and the RequestLimiter.
 * The composition root passes clients and I/O in; nothing here reads env or opens sockets.
 */
import type { AccessGuard, RequestLimiter } from '../contract/access-control.js';
import type { SecurityConfig } from '../config/sections/security-config.js';
import type { Logger } from '../observability/logger.js';
import type { SecurityMetrics } from '../observability/security-metrics.js';
import { createAccessGuard } from './create-access-guard.js';
import { createJwtAuthenticator } from './jwt-authenticator.js';
import type { RedisClient } from './limit-counter.js';
import { createPolicyStore, type WatchFile } from './policy-store.js';
import { createRequestLimiter } from './request-limiter.js';
import { createPollingWatcher } from './watch-file-by-polling.js';

const POLICY_POLL_INTERVAL_MS = 2000;

export interface CreateSecurityOptions {
  readonly config: SecurityConfig;
  readonly readFile: (path: string) => Promise<string>;
  readonly metrics: SecurityMetrics;
  readonly logger: Logger;
  /** An ioredis client for REDIS_URL (config.llm.redisUrl); limits stay in memory per replica without it. */
  readonly redis?: RedisClient;
  /** File watching; polling every 2 s by default when `watchPolicyFiles` is on. */
  readonly watch?: WatchFile;
  readonly now?: () => number;
}

export interface Security {
  readonly accessGuard: AccessGuard;
  readonly limiter: RequestLimiter;
  /** Re-reads the key and policy files (main.ts calls it on SIGHUP); a bad file keeps the old one. */
  reloadPolicy(): Promise<void>;
  /** Stops file watching. */
  close(): void;
}

/**
 * Creates the security layer; rejects with ConfigError when a key or policy file is invalid,
 * so the process exits before listening.
 * @example const security = await createSecurity({ config: config.security, readFile, metrics: createSecurityMetrics({ registry }), logger, redis });
 */
export async function createSecurity(options: CreateSecurityOptions): Promise<Security> {
  const { config, readFile, metrics, logger, redis, now = Date.now } = options;
  if (config.authMode === 'none') logger.warn('AUTH_MODE=none: every data-plane route is open to any caller');
  const watch = options.watch ?? (config.watchPolicyFiles ? createPollingWatcher({ intervalMs: POLICY_POLL_INTERVAL_MS }) : undefined);
  const store = await createPolicyStore({
    ...(config.accessPolicyFile === undefined ? {} : { policyFile: config.accessPolicyFile }),
    ...(config.apiKeysFile === undefined ? {} : { apiKeysFile: config.apiKeysFile }),
    readFile,
    ...(watch ? { watch } : {}),
    logger,
  });
  const verifyJwt =
    config.authMode === 'jwt'
      ? createJwtAuthenticator({
          issuer: config.jwtIssuer as string,
          audience: config.jwtAudience as string,
          ...(config.jwtJwksUrl === undefined ? {} : { jwksUrl: config.jwtJwksUrl }),
          ...(config.jwtPublicKey === undefined ? {} : { publicKeysPem: config.jwtPublicKey }),
          rolesClaim: config.jwtRolesClaim,
          clockToleranceSeconds: config.jwtClockToleranceSeconds,
          now,
        })
      : undefined;
  return {
    accessGuard: createAccessGuard({
      authMode: config.authMode,
      access: store.current,
      ...(verifyJwt ? { verifyJwt } : {}),
      metrics,
      logger,
    }),
    limiter: createRequestLimiter({
      requestsPerMinute: config.rateLimitRequestsPerMinute,
      tokensPerMinute: config.tokensPerMinute,
      dailyBudgetUsd: config.dailyBudgetUsd,
      ...(redis ? { redis } : {}),
      metrics,
      logger,
      now,
    }),
    reloadPolicy: async () => {
      await store.reload();
    },
    close: () => store.close(),
  };
}
