/**
 * @module config/sections/monitoring-config
 * Model monitoring: online LLM-as-judge sampling and its spend cap, the judge's model tier
 * and prompt version, the prompt-version A/B split, feedback and payload-log sinks, trace
 * export, and the quality gate thresholds of `npm run eval`.
 */
import type { ConfigSection, SectionValues, Simplify } from '../config-field.js';

/** One arm of the prompt-version split: `weight` out of the sum of all weights. */
export interface PromptVersionWeight {
  readonly version: string;
  readonly weight: number;
}

const SINK_PATTERN = '^(off|file:///.+|https?://.+)$';
const share = (defaultValue: number) => ({ type: 'number', minimum: 0, maximum: 1, default: defaultValue }) as const;

/** The threshold settings; each is a flag of `npm run eval` (`--eval_min_groundedness 0.6`) and an env var. */
const THRESHOLD_FIELDS = {
  evalMinGroundedness: {
    env: 'EVAL_MIN_GROUNDEDNESS',
    flags: ['eval_min_groundedness'],
    schema: share(0.5),
    description: 'Eval gate: lowest mean judge groundedness (0-1).',
  },
  evalMaxHallucinationRate: {
    env: 'EVAL_MAX_HALLUCINATION_RATE',
    flags: ['eval_max_hallucination_rate'],
    schema: share(0.2),
    description: 'Eval gate: highest share of statements the judge found ungrounded.',
  },
  evalMinQuoteAccuracy: {
    env: 'EVAL_MIN_QUOTE_ACCURACY',
    flags: ['eval_min_quote_accuracy'],
    schema: share(0.9),
    description: 'Eval gate: lowest share of quotes found verbatim in the transcript.',
  },
  evalMinTimestampAccuracy: {
    env: 'EVAL_MIN_TIMESTAMP_ACCURACY',
    flags: ['eval_min_timestamp_accuracy'],
    schema: share(0.9),
    description: 'Eval gate: lowest share of quote and claim timestamps that exist in the transcript.',
  },
  evalMinSourceValidity: {
    env: 'EVAL_MIN_SOURCE_VALIDITY',
    flags: ['eval_min_source_validity'],
    schema: share(1),
    description: 'Eval gate: lowest share of fact-check sources that grounding returned.',
  },
  evalMinNumberSupport: {
    env: 'EVAL_MIN_NUMBER_SUPPORT',
    flags: ['eval_min_number_support'],
    schema: share(0.8),
    description: 'Eval gate: lowest share of numbers in claims found in the transcript or a source.',
  },
  evalMinExpectedFactRecall: {
    env: 'EVAL_MIN_EXPECTED_FACT_RECALL',
    flags: ['eval_min_expected_fact_recall'],
    schema: share(0.5),
    description: "Eval gate: lowest share of a dataset's expected facts the outputs mention.",
  },
  evalMaxErrorRate: {
    env: 'EVAL_MAX_ERROR_RATE',
    flags: ['eval_max_error_rate'],
    schema: share(0),
    description: 'Eval gate: highest share of episodes that failed or came back partial.',
  },
  /** 0 means no cost ceiling. */
  evalMaxCostUsdPerEpisode: {
    env: 'EVAL_MAX_COST_USD_PER_EPISODE',
    flags: ['eval_max_cost_usd_per_episode'],
    schema: { type: 'number', minimum: 0, default: 0 },
    description: 'Eval gate: highest mean pipeline cost per episode in USD (0: no ceiling).',
  },
} as const satisfies ConfigSection;

export const monitoringConfigSection = {
  onlineEvalSampleRate: {
    env: 'ONLINE_EVAL_SAMPLE_RATE',
    schema: share(0),
    description: 'Share of live inference requests judged asynchronously (0 = online evaluation off).',
  },
  onlineEvalMaxUsdPerHour: {
    env: 'ONLINE_EVAL_MAX_USD_PER_HOUR',
    schema: { type: 'number', minimum: 0, default: 1 },
    description: 'Spend cap of the online judge over any rolling hour, in USD; past it only the free deterministic checks run.',
  },
  judgeModelTier: {
    env: 'JUDGE_MODEL_TIER',
    schema: { type: 'string', enum: ['flash-lite', 'flash', 'pro'], default: 'flash-lite' },
    description: 'Model tier of the LLM judge (online and `npm run eval`).',
  },
  judgePromptVersion: {
    env: 'JUDGE_PROMPT_VERSION',
    schema: { type: 'string', pattern: '^[a-z0-9.-]{1,32}$', default: 'judge-v1' },
    description: 'Prompt version of the LLM judge; it is reported with every judge result.',
  },
  promptVersionSplit: {
    env: 'PROMPT_VERSION_SPLIT',
    schema: { type: 'string', pattern: '^$|^[a-z0-9.-]{1,32}=\\d{1,6}(,[a-z0-9.-]{1,32}=\\d{1,6})*$', default: '' },
    description: 'Weighted A/B split of prompt versions for requests without `prompt_version`, e.g. `v1=90,v2=10` (sticky per request id).',
  },
  /** `file:///path.jsonl` or an http(s) URL; `off` disables the sink. */
  feedbackSink: {
    env: 'FEEDBACK_SINK',
    schema: { type: 'string', pattern: SINK_PATTERN, default: 'file:///tmp/feedback.jsonl' },
    description:
      'Where feedback CloudEvents go: `file:///path.jsonl` (JSON lines), an http(s) URL (binary-mode CloudEvents, as the KServe logger), or `off`.',
  },
  /** Feedback records waiting for or being written to the sink; past it feedback gets 503. */
  feedbackMaxPending: {
    env: 'FEEDBACK_MAX_PENDING',
    schema: { type: 'integer', minimum: 1, maximum: 100000, default: 1024 },
    description:
      'Feedback records waiting for or being written to the sink; past it feedback gets 503 with Retry-After (each holds at most a 64 KiB body).',
  },
  /** How long a feedback request waits for the sink to store its record (and the HTTP sink's timeout). */
  feedbackWriteTimeoutMs: {
    env: 'FEEDBACK_WRITE_TIMEOUT_MS',
    schema: { type: 'integer', minimum: 1, maximum: 600000, default: 5000 },
    description: 'How long a feedback request waits for the sink to store its record before it gets 503; also the HTTP sink timeout.',
  },
  payloadLogSink: {
    env: 'PAYLOAD_LOG_SINK',
    schema: { type: 'string', pattern: SINK_PATTERN, default: 'off' },
    description:
      'KServe-style request/response payload logging (CloudEvents, PII and secrets redacted): `off`, `file:///path.jsonl` or an http(s) URL.',
  },
  tracesExporter: {
    env: 'OTEL_TRACES_EXPORTER',
    schema: { type: 'string', enum: ['none', 'otlp'], default: 'none' },
    description: 'OpenTelemetry trace export: `none` (spans are no-ops, nothing loaded) or `otlp` (OTLP/HTTP).',
  },
  otlpEndpoint: {
    env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    schema: { type: 'string', pattern: '^https?://', default: 'http://localhost:4318' },
    description: 'OTLP/HTTP collector base URL; traces go to `<endpoint>/v1/traces`.',
  },
  serviceName: {
    env: 'OTEL_SERVICE_NAME',
    schema: { type: 'string', minLength: 1, maxLength: 100, default: 'multi-agent-pipeline' },
    description: 'service.name resource attribute of exported spans.',
  },
  ...THRESHOLD_FIELDS,
} as const satisfies ConfigSection;

/** The section as validated: the split still a string, the thresholds not yet grouped. */
export type MonitoringSettings = SectionValues<typeof monitoringConfigSection>;

type ThresholdSettings = SectionValues<typeof THRESHOLD_FIELDS>;

/** `evalMinGroundedness` → `minGroundedness`. */
type ThresholdName<Key> = Key extends `eval${infer Rest}` ? Uncapitalize<Rest> : never;

/** Floors and ceilings the offline evaluation must meet; a miss exits non-zero. */
export type EvalThresholds = { readonly [Key in keyof ThresholdSettings as ThresholdName<Key>]: ThresholdSettings[Key] };

export type MonitoringConfig = Simplify<
  Omit<MonitoringSettings, 'promptVersionSplit' | keyof ThresholdSettings> & {
    /** Parsed `PROMPT_VERSION_SPLIT`; empty: every request without `prompt_version` gets the default. */
    readonly promptVersionSplit: readonly PromptVersionWeight[];
    readonly evalThresholds: EvalThresholds;
  }
>;

/** `v1=90,v2=10` → weights; an arm repeated or a split of only zero weights is a problem. */
function parseSplit(text: string, problems: string[]): PromptVersionWeight[] {
  if (text === '') return [];
  const arms = text.split(',').map((arm) => {
    const [version = '', weight = '0'] = arm.split('=');
    return { version, weight: Number(weight) };
  });
  if (new Set(arms.map((arm) => arm.version)).size !== arms.length) problems.push('PROMPT_VERSION_SPLIT names a prompt version twice');
  if (arms.every((arm) => arm.weight === 0)) problems.push('PROMPT_VERSION_SPLIT needs at least one positive weight');
  return arms;
}

/**
 * Cross-field checks and derived values, after schema validation and defaults: parses the
 * split and groups the eval thresholds. Unknown prompt versions in the split are reported
 * when the split decorator is built (config does not know the prompt registry).
 */
export function resolveMonitoringConfig(settings: MonitoringSettings, problems: string[]): MonitoringConfig {
  return {
    onlineEvalSampleRate: settings.onlineEvalSampleRate,
    onlineEvalMaxUsdPerHour: settings.onlineEvalMaxUsdPerHour,
    judgeModelTier: settings.judgeModelTier,
    judgePromptVersion: settings.judgePromptVersion,
    promptVersionSplit: parseSplit(settings.promptVersionSplit, problems),
    feedbackSink: settings.feedbackSink,
    feedbackMaxPending: settings.feedbackMaxPending,
    feedbackWriteTimeoutMs: settings.feedbackWriteTimeoutMs,
    payloadLogSink: settings.payloadLogSink,
    tracesExporter: settings.tracesExporter,
    otlpEndpoint: settings.otlpEndpoint,
    serviceName: settings.serviceName,
    evalThresholds: {
      minGroundedness: settings.evalMinGroundedness,
      maxHallucinationRate: settings.evalMaxHallucinationRate,
      minQuoteAccuracy: settings.evalMinQuoteAccuracy,
      minTimestampAccuracy: settings.evalMinTimestampAccuracy,
      minSourceValidity: settings.evalMinSourceValidity,
      minNumberSupport: settings.evalMinNumberSupport,
      minExpectedFactRecall: settings.evalMinExpectedFactRecall,
      maxErrorRate: settings.evalMaxErrorRate,
      maxCostUsdPerEpisode: settings.evalMaxCostUsdPerEpisode,
    },
  };
}
