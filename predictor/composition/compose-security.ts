/**
 * @module composition/compose-security
 * The security layer of a server: access guard, limiter and guardrails from config, with
 * one Redis connection for limits shared across replicas when REDIS_URL is set.
 */
import type { Registry } from 'prom-client';
import type { Config } from '../config/config-schema.js';
import { createRedisClient } from '../llm/middleware/redis-response-cache-store.js';
import type { Logger } from '../observability/logger.js';
import { createSecurityMetrics } from '../observability/security-metrics.js';
import { FACT_CHECK_SCHEMA, INSIGHTS_SCHEMA, SUMMARY_SCHEMA } from '../pipeline/agent-output-schemas.js';
import { createSecurity, type Security } from '../security/create-security.js';

export interface ComposeSecurityOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readFile: (path: string) => Promise<string>;
  readonly now: () => number;
}

export async function composeSecurity({ config, logger, registry, readFile, now }: ComposeSecurityOptions): Promise<Security> {
  // Limits must fail fast rather than queue while Redis is down (the limiter then falls
  // back to per-replica memory), hence the same client settings as the response cache.
  const redis = config.llm.redisUrl === undefined ? undefined : await createRedisClient({ url: config.llm.redisUrl, logger });
  const security = await createSecurity({
    config: config.security,
    readFile,
    metrics: createSecurityMetrics({ registry }),
    logger,
    ...(redis ? { redis } : {}),
    outputSchemas: { summarizer: SUMMARY_SCHEMA, insights: INSIGHTS_SCHEMA, 'fact-checker': FACT_CHECK_SCHEMA },
    now,
  });
  return {
    ...security,
    close() {
      security.close();
      void redis?.quit().catch(() => undefined);
    },
  };
}
