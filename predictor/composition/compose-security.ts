/**
 * @module composition/compose-security
 * The security layer of a server (access guard and limiter from config, limits shared
 * across replicas through the server's Redis connection when there is one) and the
 * pipeline's guardrails, which report to the same security metrics.
 */
import type { Registry } from 'prom-client';
import type { Config } from '../config/config-schema.js';
import type { Logger } from '../observability/logger.js';
import { createSecurityMetrics } from '../observability/security-metrics.js';
import { AGENT_OUTPUT_SCHEMAS } from '../pipeline/agents/agent-specs.js';
import { createGuardrails, type Guardrails } from '../pipeline/guardrails/create-guardrails.js';
import { createSecurity, type Security } from '../security/create-security.js';
import type { RedisClient } from '../security/limit-counter.js';

export interface ComposedSecurity extends Security {
  readonly guardrails: Guardrails;
}

export interface ComposeSecurityOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readFile: (path: string) => Promise<string>;
  readonly now: () => number;
  /** The server's Redis connection (REDIS_URL); limits stay per replica without it. */
  readonly redis?: RedisClient;
}

export async function composeSecurity({
  config,
  logger,
  registry,
  readFile,
  now,
  redis,
}: ComposeSecurityOptions): Promise<ComposedSecurity> {
  const metrics = createSecurityMetrics({ registry });
  const security = await createSecurity({ config: config.security, readFile, metrics, logger, ...(redis ? { redis } : {}), now });
  const guardrails = createGuardrails({
    overrides: config.security.guardrails,
    failMode: config.security.guardrailFailMode,
    piiKinds: config.security.guardrailPiiKinds,
    outputSchemas: AGENT_OUTPUT_SCHEMAS,
    metrics,
    logger,
  });
  return { ...security, guardrails };
}
