/**
 * @module test/config/config-types.typecheck
 * Type-level tests of the configuration, checked by `tsc -p tsconfig.check.json` (`npm run
 * lint`, CI's first job) and never run by mocha. The config types are derived from the
 * section schemas; these pin what the derivation gives, rule by rule and section by section,
 * so a schema edit that changes what the rest of the code receives (a type, an enum member, a
 * default dropped so a setting may be absent) fails the type check here, by name.
 */
import type { MismatchedDefaults, SchemaValue, SectionValues } from '../../predictor/config/config-field.js';
import type { Config, ConfigValues } from '../../predictor/config/config-schema.js';
import { geminiConfigSection, type GeminiConfig, type LlmBackend } from '../../predictor/config/sections/gemini-config.js';
import { jobsConfigSection, type JobsConfig } from '../../predictor/config/sections/jobs-config.js';
import { llmConfigSection, type LlmConfig, type ProvisionedThroughputMode } from '../../predictor/config/sections/llm-config.js';
import {
  monitoringConfigSection,
  type EvalThresholds,
  type MonitoringConfig,
  type PromptVersionWeight,
} from '../../predictor/config/sections/monitoring-config.js';
import { observabilityConfigSection, type ObservabilityConfig } from '../../predictor/config/sections/observability-config.js';
import {
  pipelineConfigSection,
  type ModelTier,
  type PipelineConfig,
  type SharedModelPolicy,
} from '../../predictor/config/sections/pipeline-config.js';
import {
  securityConfigSection,
  type AgentGuardrailSettings,
  type AuthMode,
  type FailMode,
  type GuardrailMode,
  type PiiKind,
  type PiiMode,
  type SecurityConfig,
} from '../../predictor/config/sections/security-config.js';
import { serverConfigSection, type ServerConfig } from '../../predictor/config/sections/server-config.js';
import { expectType } from './expect-type.js';

// How a field's JSON schema becomes its type.
expectType<SchemaValue<{ type: 'integer'; minimum: 0 }>, number>();
expectType<SchemaValue<{ type: 'number'; maximum: 1 }>, number>();
expectType<SchemaValue<{ type: 'boolean' }>, boolean>();
expectType<SchemaValue<{ type: 'string'; pattern: '^x' }>, string>();
expectType<SchemaValue<{ type: 'string'; enum: readonly ['a', 'b'] }>, 'a' | 'b'>();
expectType<SchemaValue<{ type: 'array'; items: { type: 'string'; enum: readonly ['a', 'b'] } }>, readonly ('a' | 'b')[]>();
expectType<SchemaValue<{ type: 'object'; properties: { mode: { type: 'string'; enum: readonly ['on'] } } }>, { readonly mode?: 'on' }>();
expectType<SchemaValue<{ type: 'object'; additionalProperties: { type: 'integer' } }>, Readonly<Record<string, number>>>();
// A schema the rules do not cover gives unknown, never a type nobody checked.
expectType<SchemaValue<{ type: 'null' }>, unknown>();
// @ts-expect-error an integer setting is a number, not a string
expectType<SchemaValue<{ type: 'integer' }>, string>();

// A setting with a default is always present; one without may be absent.
type Sample = {
  withDefault: { schema: { type: 'string'; default: 'x' }; description: 'd' };
  withoutDefault: { schema: { type: 'integer'; minimum: 1 }; description: 'd' };
};
expectType<SectionValues<Sample>, { readonly withDefault: string; readonly withoutDefault?: number }>();
// @ts-expect-error a setting without a default is optional
expectType<SectionValues<Sample>, { readonly withDefault: string; readonly withoutDefault: number }>();

// Every default is a value of its own schema's type (ajv does not check defaults).
expectType<MismatchedDefaults<typeof serverConfigSection>, never>();
expectType<MismatchedDefaults<typeof geminiConfigSection>, never>();
expectType<MismatchedDefaults<typeof pipelineConfigSection>, never>();
expectType<MismatchedDefaults<typeof llmConfigSection>, never>();
expectType<MismatchedDefaults<typeof jobsConfigSection>, never>();
expectType<MismatchedDefaults<typeof securityConfigSection>, never>();
expectType<MismatchedDefaults<typeof monitoringConfigSection>, never>();
expectType<MismatchedDefaults<typeof observabilityConfigSection>, never>();
type WrongDefault = {
  port: { schema: { type: 'integer'; default: '8080' }; description: 'd' };
};
expectType<MismatchedDefaults<WrongDefault>, 'port'>();

// The named unions.
expectType<ModelTier, 'flash-lite' | 'flash' | 'pro'>();
expectType<SharedModelPolicy, 'auto' | 'always' | 'never'>();
expectType<LlmBackend, 'gemini' | 'vertex' | 'emulator'>();
expectType<ProvisionedThroughputMode, 'off' | 'dedicated' | 'dedicated-with-spillover'>();
expectType<AuthMode, 'none' | 'api-key' | 'jwt'>();
expectType<GuardrailMode, 'off' | 'log' | 'block'>();
expectType<PiiMode, GuardrailMode | 'redact'>();
expectType<FailMode, 'open' | 'closed'>();
expectType<PiiKind, 'email' | 'phone' | 'card' | 'national_id' | 'iban'>();

// What the rest of the code receives, section by section.
expectType<
  ServerConfig,
  {
    readonly port: number;
    readonly grpcPort: number;
    readonly grpcOnHttpPort: boolean;
    readonly host: string;
    readonly modelName: string;
    readonly modelVersion: string;
    readonly maxBodyBytes: number;
    readonly requestTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly drainDelayMs: number;
    readonly shutdownTimeoutMs: number;
    readonly containerConcurrency: number;
    readonly memoryLimitBytes: number;
  }
>();
// @ts-expect-error a section type that differs from its schema in one setting fails
expectType<ServerConfig, Omit<ServerConfig, 'port'> & { readonly port: string }>();

expectType<
  GeminiConfig,
  {
    readonly backend: LlmBackend;
    readonly isBackendInferred: boolean;
    readonly apiKey?: string;
    readonly useVertex: boolean;
    readonly vertexProject?: string;
    readonly vertexLocation: string;
    readonly apiVersion: 'v1' | 'v1beta' | 'v1beta1';
    readonly baseUrl?: string;
    readonly httpClient: 'node-http' | 'fetch';
    readonly modelFlashLite: string;
    readonly modelFlash: string;
    readonly modelPro: string;
    readonly emulatorLatencyMs: number;
    readonly emulatorFaultRate: number;
    readonly emulatorPort: number;
  }
>();

expectType<
  PipelineConfig,
  {
    readonly promptVersion: string;
    readonly summarizerTier: ModelTier;
    readonly insightsTier: ModelTier;
    readonly factCheckerTier: ModelTier;
    readonly temperature: number;
    readonly maxOutputTokens: number;
    readonly maxEpisodesPerRequest: number;
    readonly episodeConcurrency: number;
    readonly failOnPartial: boolean;
    readonly chunkMaxInputTokens: number;
    readonly chunkOverlapSegments: number;
    readonly chunkConcurrency: number;
    readonly isContextCacheEnabled: boolean;
    readonly contextCacheTtlSeconds: number;
    readonly contextCacheSharedModel: SharedModelPolicy;
    readonly contextCacheExpectedOutputTokens: number;
  }
>();

expectType<
  LlmConfig,
  {
    readonly maxAttempts: number;
    readonly retryBaseDelayMs: number;
    readonly retryMaxDelayMs: number;
    readonly callTimeoutMs: number;
    readonly breakerFailureCount: number;
    readonly breakerHalfOpenAfterMs: number;
    readonly maxConcurrentCallsPerModel?: number;
    readonly maxQueuedCallsPerModel?: number;
    readonly isFallbackEnabled: boolean;
    readonly isResponseCacheEnabled: boolean;
    readonly responseCacheTtlSeconds: number;
    readonly responseCacheMaxEntries: number;
    readonly responseCacheMaxBytes: number;
    readonly responseCacheScope: 'principal' | 'shared';
    readonly redisUrl?: string;
    readonly priceTableFile?: string;
    readonly provisionedThroughput: ProvisionedThroughputMode;
  }
>();

expectType<
  JobsConfig,
  {
    readonly isEnabled: boolean;
    readonly idSecret?: string;
    readonly maxEpisodes: number;
    readonly maxBodyBytes: number;
    readonly maxBatchBytes: number;
  }
>();
// @ts-expect-error a setting without a default (JOBS_ID_SECRET) is never promised to be present
expectType<JobsConfig, Omit<JobsConfig, 'idSecret'> & { readonly idSecret: string }>();

expectType<
  AgentGuardrailSettings,
  {
    readonly injection: GuardrailMode;
    readonly pii: PiiMode;
    readonly outputSchema: GuardrailMode;
    readonly quotes: GuardrailMode;
    readonly piiLeak: GuardrailMode;
    readonly echoedInjection: GuardrailMode;
    readonly failMode: FailMode;
  }
>();

expectType<
  SecurityConfig,
  {
    readonly authMode: AuthMode;
    readonly apiKeysFile?: string;
    readonly accessPolicyFile?: string;
    readonly watchPolicyFiles: boolean;
    readonly jwtJwksUrl?: string;
    readonly jwtPublicKey?: string;
    readonly jwtIssuer?: string;
    readonly jwtAudience?: string;
    readonly jwtRolesClaim: string;
    readonly jwtClockToleranceSeconds: number;
    readonly metricsAuth: boolean;
    readonly rateLimitRequestsPerMinute: number;
    readonly tokensPerMinute: number;
    readonly dailyBudgetUsd: number;
    readonly corsAllowedOrigins: readonly string[];
    readonly maxJsonDepth: number;
    readonly guardrailFailMode: FailMode;
    readonly guardrailPiiKinds: readonly PiiKind[];
    readonly guardrails: Readonly<Record<string, Partial<AgentGuardrailSettings>>>;
  }
>();

expectType<
  EvalThresholds,
  {
    readonly minGroundedness: number;
    readonly maxHallucinationRate: number;
    readonly minQuoteAccuracy: number;
    readonly minTimestampAccuracy: number;
    readonly minSourceValidity: number;
    readonly minNumberSupport: number;
    readonly minExpectedFactRecall: number;
    readonly maxErrorRate: number;
    readonly maxCostUsdPerEpisode: number;
  }
>();

expectType<
  MonitoringConfig,
  {
    readonly onlineEvalSampleRate: number;
    readonly onlineEvalMaxUsdPerHour: number;
    readonly judgeModelTier: ModelTier;
    readonly judgePromptVersion: string;
    readonly promptVersionSplit: readonly PromptVersionWeight[];
    readonly feedbackSink: string;
    readonly feedbackMaxPending: number;
    readonly feedbackWriteTimeoutMs: number;
    readonly payloadLogSink: string;
    readonly tracesExporter: 'none' | 'otlp';
    readonly otlpEndpoint: string;
    readonly serviceName: string;
    readonly evalThresholds: EvalThresholds;
  }
>();

expectType<ObservabilityConfig, { readonly logLevel: 'debug' | 'info' | 'warn' | 'error' }>();

// The validated values are what the sections without a resolve step hand on unchanged.
expectType<ConfigValues['server'], Config['server']>();
expectType<ConfigValues['pipeline'], Config['pipeline']>();
expectType<ConfigValues['jobs'], Config['jobs']>();
expectType<ConfigValues['observability'], Config['observability']>();
