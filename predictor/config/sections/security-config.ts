/**
 * @module config/sections/security-config
 * Authentication, authorisation policy, request limits, input hardening and guardrails.
 * Cross-field checks reject combinations that would leave an endpoint open by mistake.
 */
import type { ConfigSection, SchemaValue, SectionValues } from '../config-field.js';

const modeSchema = { type: 'string', enum: ['off', 'log', 'block'] } as const;
const failModeSchema = { type: 'string', enum: ['open', 'closed'] } as const;
export const PII_KINDS = ['email', 'phone', 'card', 'national_id', 'iban'] as const;

export type GuardrailMode = SchemaValue<typeof modeSchema>;
export type FailMode = SchemaValue<typeof failModeSchema>;
export type PiiKind = (typeof PII_KINDS)[number];

/** What one agent's guardrails check; every key is optional in `GUARDRAILS`. */
const agentGuardrailSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** Prompt-injection detection on the transcript. */
    injection: modeSchema,
    /** PII in the transcript before it leaves the process. */
    pii: { type: 'string', enum: ['off', 'log', 'redact', 'block'] },
    /** Output JSON against the agent's schema. */
    outputSchema: modeSchema,
    /** Quotes must occur in the transcript; timestamps must exist. */
    quotes: modeSchema,
    /** PII in the agent's output. */
    piiLeak: modeSchema,
    /** Injected instructions echoed in the output. */
    echoedInjection: modeSchema,
    /** What a failing guardrail (an exception inside it) does: pass (open) or block (closed). */
    failMode: failModeSchema,
  },
} as const;

/** Modes of one agent's guardrails; every key is optional in `GUARDRAILS` and falls back to `*`, then to the defaults. */
export type AgentGuardrailSettings = Required<SchemaValue<typeof agentGuardrailSchema>>;
export type PiiMode = AgentGuardrailSettings['pii'];

export const securityConfigSection = {
  authMode: {
    env: 'AUTH_MODE',
    schema: { type: 'string', enum: ['none', 'api-key', 'jwt'], default: 'none' },
    description: 'Authentication of data-plane routes: none (warns at start), api-key or jwt.',
  },
  apiKeysFile: {
    env: 'API_KEYS_FILE',
    schema: { type: 'string', minLength: 1 },
    description: 'YAML/JSON file `keys: [{id, sha256, roles, revoked?}]` (SHA-256 hex of each key; mount as a Secret).',
  },
  accessPolicyFile: {
    env: 'ACCESS_POLICY_FILE',
    schema: { type: 'string', minLength: 1 },
    description: 'YAML/JSON allow-rules (principals/roles → models → actions). Unset: every caller may do all but admin.',
  },
  watchPolicyFiles: {
    env: 'WATCH_POLICY_FILES',
    schema: { type: 'boolean', default: true },
    description: 'Reload the key and policy files when they change (SIGHUP always reloads).',
  },
  jwtJwksUrl: {
    env: 'JWT_JWKS_URL',
    schema: { type: 'string', minLength: 1 },
    description: 'JWKS URL of the token issuer (https; http only for loopback).',
  },
  jwtPublicKey: {
    env: 'JWT_PUBLIC_KEY',
    schema: { type: 'string', minLength: 1 },
    description: 'Static PEM public key(s) (SPKI) verifying JWTs, instead of a JWKS URL.',
  },
  jwtIssuer: {
    env: 'JWT_ISSUER',
    schema: { type: 'string', minLength: 1 },
    description: 'Required `iss` of accepted JWTs.',
  },
  jwtAudience: {
    env: 'JWT_AUDIENCE',
    schema: { type: 'string', minLength: 1 },
    description: 'Required `aud` of accepted JWTs.',
  },
  jwtRolesClaim: {
    env: 'JWT_ROLES_CLAIM',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_:/.-]{1,128}$', default: 'roles' },
    description: 'Claim holding the roles (array or space-separated string; dots walk into objects: `realm_access.roles`).',
  },
  jwtClockToleranceSeconds: {
    env: 'JWT_CLOCK_TOLERANCE_SECONDS',
    schema: { type: 'integer', minimum: 0, maximum: 300, default: 30 },
    description: 'Clock skew allowed when checking exp/nbf.',
  },
  metricsAuth: {
    env: 'METRICS_AUTH',
    schema: { type: 'boolean', default: false },
    description: 'Require credentials with the `admin` action on `/metrics`.',
  },
  rateLimitRequestsPerMinute: {
    env: 'RATE_LIMIT_REQUESTS_PER_MINUTE',
    schema: { type: 'integer', minimum: 0, default: 0 },
    description: 'Inference requests per principal and model per minute (0 = unlimited).',
  },
  tokensPerMinute: {
    env: 'TOKENS_PER_MINUTE',
    schema: { type: 'integer', minimum: 0, default: 0 },
    description: 'LLM tokens per principal and model per minute, worst case reserved up front (0 = unlimited).',
  },
  dailyBudgetUsd: {
    env: 'DAILY_BUDGET_USD',
    schema: { type: 'number', minimum: 0, default: 0 },
    description: 'USD per principal and model per UTC day, worst case reserved up front (0 = unlimited).',
  },
  corsAllowedOrigins: {
    env: 'CORS_ALLOWED_ORIGINS',
    schema: { type: 'array', items: { type: 'string', pattern: '^(\\*|https?://[^/\\s]+)$' }, default: [] },
    description: 'Browser origins allowed by CORS (comma list or JSON); empty turns CORS off.',
  },
  maxJsonDepth: {
    env: 'MAX_JSON_DEPTH',
    schema: { type: 'integer', minimum: 2, maximum: 1000, default: 32 },
    description: 'Deepest nesting accepted in a JSON request body.',
  },
  guardrailFailMode: {
    env: 'GUARDRAIL_FAIL_MODE',
    schema: { ...failModeSchema, default: 'closed' },
    description: 'When a blocking/redacting guardrail itself fails: closed blocks the request, open lets it pass.',
  },
  guardrailPiiKinds: {
    env: 'GUARDRAIL_PII_KINDS',
    schema: { type: 'array', items: { type: 'string', enum: [...PII_KINDS] }, uniqueItems: true, default: [...PII_KINDS] },
    description: 'PII kinds detected and redacted: email, phone, card, national_id, iban.',
  },
  /** Per-agent overrides as written in `GUARDRAILS` (`*` applies to every agent). */
  guardrails: {
    env: 'GUARDRAILS',
    schema: {
      type: 'object',
      default: {},
      propertyNames: { pattern: '^(\\*|[a-z][a-z0-9-]{0,62})$' },
      additionalProperties: agentGuardrailSchema,
    },
    description:
      'Per-agent guardrail modes as JSON, `*` for all: {"*":{"injection":"log","pii":"redact"},"fact-checker":{"quotes":"block"}}.',
  },
} as const satisfies ConfigSection;

export type SecurityConfig = SectionValues<typeof securityConfigSection>;
export type AuthMode = SecurityConfig['authMode'];

function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function checkJwt(config: SecurityConfig, problems: string[]): void {
  if (config.authMode !== 'jwt') {
    const settings = {
      JWT_JWKS_URL: config.jwtJwksUrl,
      JWT_PUBLIC_KEY: config.jwtPublicKey,
      JWT_ISSUER: config.jwtIssuer,
      JWT_AUDIENCE: config.jwtAudience,
    };
    const stray = Object.entries(settings)
      .filter(([, value]) => value !== undefined)
      .map(([name]) => name);
    if (stray.length > 0) problems.push(`${stray.join(', ')} set but AUTH_MODE=${config.authMode}; set AUTH_MODE=jwt or unset them`);
    return;
  }
  if (config.jwtIssuer === undefined) problems.push('AUTH_MODE=jwt needs JWT_ISSUER');
  if (config.jwtAudience === undefined) problems.push('AUTH_MODE=jwt needs JWT_AUDIENCE');
  if ((config.jwtJwksUrl === undefined) === (config.jwtPublicKey === undefined)) {
    problems.push('AUTH_MODE=jwt needs exactly one of JWT_JWKS_URL or JWT_PUBLIC_KEY');
  }
  if (config.jwtJwksUrl !== undefined) {
    const url = URL.parse(config.jwtJwksUrl);
    if (url === null || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url)))) {
      problems.push('JWT_JWKS_URL must be an https URL (http only for localhost)');
    }
  }
  if (config.jwtPublicKey !== undefined && !config.jwtPublicKey.includes('-----BEGIN PUBLIC KEY-----')) {
    problems.push('JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
  }
}

/**
 * Cross-field checks after schema validation: pushes problems naming env vars (auth mode
 * without its key source, credentials configured while auth is off, protected metrics without
 * auth) and returns the typed section.
 */
export function resolveSecurityConfig(config: SecurityConfig, problems: string[]): SecurityConfig {
  if (config.authMode === 'api-key' && config.apiKeysFile === undefined) {
    problems.push('AUTH_MODE=api-key needs API_KEYS_FILE');
  }
  if (config.authMode !== 'api-key' && config.apiKeysFile !== undefined) {
    problems.push(`API_KEYS_FILE set but AUTH_MODE=${config.authMode}; set AUTH_MODE=api-key or unset it`);
  }
  if (config.metricsAuth && config.authMode === 'none') problems.push('METRICS_AUTH=true needs AUTH_MODE api-key or jwt');
  checkJwt(config, problems);
  return config;
}
