/**
 * @module llm/language-model
 * Our provider-neutral LLM interface (after vercel/ai's model spec). The Gemini adapter
 * implements it; retry, timeout, cache, breaker and usage tracking wrap it
 * (`wrap-model.ts`); the pipeline only ever sees this interface.
 */
import type { SpendMeter, UpstreamTimer } from '../contract/request-context.js';
import type { Usage } from '../contract/usage.js';

/** JSON Schema subset Gemini accepts as `responseJsonSchema`. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export type ThinkingLevel = 'minimal' | 'low' | 'medium' | 'high';

/** Capacity class for the call: Vertex provisioned throughput, or Gemini service tiers. */
export type ServiceTier = 'standard' | 'flex' | 'priority' | 'provisioned';

export interface GenerateRequest {
  /** Instructions. Never contains user data: transcripts go in `contents`, delimited. */
  readonly systemInstruction?: string;
  /** User-turn text parts, in order; put stable content (the transcript) first for implicit caching. */
  readonly contents: readonly string[];
  /** Ask for JSON matching this schema (responseMimeType application/json). */
  readonly responseJsonSchema?: JsonSchema;
  /** Enable the Google Search grounding tool. */
  readonly useGoogleSearch?: boolean;
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  readonly thinkingLevel?: ThinkingLevel;
  readonly seed?: number;
  /** Name of an explicit context cache (`cachedContents/...`) holding the shared prefix. */
  readonly cachedContent?: string;
  readonly serviceTier?: ServiceTier;
  /** Bounded labels for telemetry (agent name, prompt version); never sent upstream. */
  readonly labels?: Readonly<Record<string, string>>;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'other';

export interface GroundingSource {
  readonly uri: string;
  readonly title?: string;
}

export interface GroundingSupport {
  readonly text: string;
  readonly startIndex?: number;
  readonly endIndex?: number;
  /** Indices into `Grounding.sources`. */
  readonly sourceIndices: readonly number[];
  readonly confidenceScores?: readonly number[];
}

/** Google Search grounding metadata, normalised. */
export interface Grounding {
  readonly webSearchQueries: readonly string[];
  readonly sources: readonly GroundingSource[];
  readonly supports: readonly GroundingSupport[];
}

export interface GenerateResult {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  /** The model version that actually served the call (price on this). */
  readonly modelVersion: string;
  readonly responseId?: string;
  readonly grounding?: Grounding;
  /** Served from our response cache: no tokens were billed for this result. */
  readonly isCacheHit?: boolean;
  /** Set by the fallback middleware when a model other than the requested one answered. */
  readonly fallbackModel?: string;
  /** Capacity that served the call (e.g. provisioned vs shared), when known. */
  readonly servedTier?: string;
}

export interface GenerateOptions {
  /** Aborted on client disconnect, deadline or shutdown; passed down to the SDK. */
  readonly signal?: AbortSignal;
  /** Epoch ms by which the call must finish (the request deadline). */
  readonly deadlineAtMs?: number;
  /** `bypass` skips the response cache for this call (request parameter `cache: false`). */
  readonly cacheMode?: 'default' | 'bypass';
  /** Partition of the response cache, the caller's principal id: hits stay within it. Absent: the unscoped partition. */
  readonly cacheScope?: string;
  /** Told what the call was billed when it answers (not for cache hits). */
  readonly spend?: SpendMeter;
  /** Told when each attempt goes upstream and when it returns. */
  readonly upstreamTime?: UpstreamTimer;
}

/** What describes a model rather than calls it; `wrapModel` carries it through every middleware. */
export interface LanguageModelMetadata {
  /** The requested model id, e.g. `gemini-3.8-flash`. */
  readonly modelId: string;
  /** Whether the model accepts a response schema together with the Google Search tool (Gemini 3+). */
  readonly supportsGroundedJson: boolean;
}

/** The calls of a model: what a middleware may wrap. */
export interface LanguageModelCalls {
  generate(request: GenerateRequest, options?: GenerateOptions): Promise<GenerateResult>;
}

export interface LanguageModel extends LanguageModelMetadata, LanguageModelCalls {}

/**
 * A middleware adds one behaviour (retry, timeout, cache, ...) to the model it is given by
 * supplying the calls it wraps; `wrapModel` applies it, passes the other calls through and
 * copies the metadata, so a middleware never rebuilds the model object.
 */
export type LanguageModelMiddleware = (model: LanguageModel) => Partial<LanguageModelCalls>;

/** Gives the (wrapped) model for an id; the router decides which id an agent uses. */
export interface LanguageModelProvider {
  languageModel(modelId: string): LanguageModel;
}
