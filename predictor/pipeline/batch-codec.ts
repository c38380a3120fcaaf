/**
 * @module pipeline/batch-codec
 * The pipeline as Batch API requests and back, built from the online pipeline's own pieces
 * (request reading, episode decoding, routing, `buildAgentRequest`, `parseAgentOutput`,
 * `toPipelineResponse`), so a job answers exactly what `/infer` would.
 *
 * Nothing is stored locally, and the Batch API returns responses, not requests. So every
 * request carries, as flat string metadata returned with its result: `key` (episode index,
 * agent, prompt version), `episode` (the report header: title, host, guests, id) and, on
 * the request of an agent whose spec `refineReadsSegments` (insights), `transcript`
 * (speaker, timestamp and text of each segment, what quote verification reads). That
 * duplicates the transcript once more in the upload (it is already in every prompt) but
 * keeps quote verification and the report intact. The requests of an episode are one per
 * spec of `AGENT_SPECS`, in its order.
 * Responses are matched by key, never by position: the service has been seen returning
 * inlined responses out of order.
 */
import { InvalidInputError } from '../errors.js';
import type { ModelRequest, ModelResponse } from '../contract/tensor.js';
import type { BatchEntry, BatchRequestItem } from '../llm/batch-client.js';
import type { LanguageModelProvider } from '../llm/language-model.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { Guardrails } from './guardrails/create-guardrails.js';
import { sumUsage } from '../contract/usage.js';
import { AGENT_NAMES, type AgentName, type AgentResult } from './agent.js';
import { buildAgentRequest, parseAgentOutput, type GenerationSettings } from './agents/agent-call.js';
import type { CompiledAgentSpec } from './agents/agent-spec.js';
import { AGENT_SPECS } from './agents/agent-specs.js';
import { routeAgentCall } from './agents/create-json-agent.js';
import { decodeEpisode } from './decode-episode.js';
import type { Episode, TranscriptSegment } from './episode.js';
import { readEpisodeElements, readPromptVersion } from './episode-tensor.js';
import { toErrorObject, type AgentErrorObject, type AgentOutcome, type EpisodeAnalysis } from './orchestrator.js';
import { toPipelineResponse, type CostFunction } from './pipeline-response.js';

/** The agents of one episode, in the order the online pipeline reports them. */
const SPECS: readonly CompiledAgentSpec<unknown>[] = AGENT_SPECS as readonly CompiledAgentSpec<unknown>[];
/** The agent part is checked against `AGENT_NAMES` after matching. */
const KEY = /^mp1:(\d{1,7}):([a-z-]{1,32}):([a-z0-9.-]{1,32})$/;
const MISSING: AgentErrorObject = { code: 'llm_invalid_response', message: 'The Batch API returned no result for this request' };

/** The Batch API requests of one job: one group per model, as Gemini batches are per model. */
export interface EncodedJob {
  readonly episodeCount: number;
  readonly promptVersion: string;
  readonly groups: readonly { readonly modelId: string; readonly requests: readonly BatchRequestItem[] }[];
}

export interface AssembleOptions {
  readonly episodeCount: number;
  /** Entries of every batch of the job that succeeded. */
  readonly entries: readonly BatchEntry[];
  /** What an agent without a result shows (a batch of the job failed or expired). */
  readonly missingError?: AgentErrorObject;
  readonly llmBackend: string;
  /** Prices usage at the batch rate. */
  readonly costOf?: CostFunction;
}

export interface AssembledJob {
  /** The same outputs and parameters `/infer` answers. */
  readonly response: ModelResponse;
  /** Agents that produced output; 0 means the job has nothing to show. */
  readonly succeededAgentCount: number;
  readonly firstError?: AgentErrorObject;
  /** Entries with no or a foreign key (ignored). */
  readonly unmatchedEntryCount: number;
}

export interface BatchCodec {
  /**
   * Reads, validates and screens the whole request (every episode) before anything is sent
   * upstream; an input guardrail that blocks any agent of any episode refuses the job.
   */
  encode(request: ModelRequest): Promise<EncodedJob>;
  assemble(options: AssembleOptions): AssembledJob;
}

export interface BatchCodecOptions {
  readonly router: ModelRouter;
  /** Only the models' capabilities are read (grounded JSON); nothing is called. */
  readonly models: LanguageModelProvider;
  readonly generation: GenerationSettings;
  readonly defaultPromptVersion: string;
  readonly maxEpisodesPerJob: number;
  /** The online pipeline's input screening, so a job uploads only what `/infer` would send. */
  readonly guardrails?: Pick<Guardrails, 'screenInput'>;
}

/** The key of one request, e.g. `mp1:0:insights:v1` (`mp1` versions the format). */
export function batchKey(episodeIndex: number, agent: AgentName, promptVersion: string): string {
  return `mp1:${episodeIndex}:${agent}:${promptVersion}`;
}

function parseKey(key: string | undefined): { episodeIndex: number; agent: AgentName; promptVersion: string } | undefined {
  const match = key === undefined ? null : KEY.exec(key);
  const agent = AGENT_NAMES.find((name) => name === match?.[2]);
  return match && agent ? { episodeIndex: Number(match[1]), agent, promptVersion: match[3]! } : undefined;
}

function headerMetadata(episode: Episode): string {
  const { title, host, guests, episodeId, hasTimestamps } = episode;
  return JSON.stringify({ title, host, guests, episode_id: episodeId, has_timestamps: hasTimestamps });
}

/** What quote verification reads: [timestamp, speaker, text] per segment. */
function transcriptMetadata(episode: Episode): string {
  return JSON.stringify(episode.segments.map((segment) => [segment.timestamp, segment.speaker, segment.text]));
}

function parseJsonOr<T>(text: string | undefined, fallback: T, isValid: (value: unknown) => boolean): T {
  try {
    const value: unknown = text === undefined ? undefined : JSON.parse(text);
    return isValid(value) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

const isStringArray = (value: unknown): boolean => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The episode as far as the metadata restores it; a title-only placeholder when nothing came back. */
function restoreEpisode(index: number, entries: ReadonlyMap<AgentName, BatchEntry>): Episode {
  const metadata = [...entries.values()].map((entry) => entry.metadata);
  const header = parseJsonOr<Record<string, unknown>>(
    metadata.find((item) => item.episode)?.episode,
    {},
    (value) => typeof value === 'object' && value !== null,
  );
  const rows = parseJsonOr<string[][]>(
    metadata.find((item) => item.transcript)?.transcript,
    [],
    (value) => Array.isArray(value) && value.every(isStringArray),
  );
  const segments: TranscriptSegment[] = rows.map(([timestamp = '', speaker = '', text = '']) => ({ timestamp, speaker, text }));
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const host = text(header.host);
  const episodeId = text(header.episode_id);
  return {
    title: text(header.title) ?? `Episode ${index + 1}`,
    ...(host ? { host } : {}),
    ...(episodeId ? { episodeId } : {}),
    guests: isStringArray(header.guests) ? (header.guests as string[]) : [],
    segments,
    hasTimestamps: header.has_timestamps === true,
  };
}

function toOutcome(
  spec: CompiledAgentSpec<unknown>,
  entry: BatchEntry | undefined,
  episode: Episode,
  promptVersion: string,
  missing: AgentErrorObject,
): AgentOutcome {
  if (entry === undefined) return { agent: spec.name, status: 'error', error: missing, cause: undefined };
  if (entry.outcome.status === 'error') {
    return { agent: spec.name, status: 'error', error: toErrorObject(entry.outcome.error), cause: entry.outcome.error };
  }
  const { result } = entry.outcome;
  try {
    const output = parseAgentOutput(spec, result, { episode, promptVersion });
    const agentResult: AgentResult = {
      agent: spec.name,
      output,
      usage: result.usage,
      promptVersion,
      modelId: result.modelVersion,
      modelVersion: result.modelVersion,
      durationMs: 0,
      groundingQueryCount: result.grounding?.webSearchQueries.length ?? result.usage.searchQueries ?? 0,
      isCacheHit: false,
    };
    return { agent: spec.name, status: 'ok', result: agentResult };
  } catch (error) {
    return { agent: spec.name, status: 'error', error: toErrorObject(error), cause: error };
  }
}

/** Creates the codec with the same routing and generation settings as the online agents. */
export function createBatchCodec({
  router,
  models,
  generation,
  defaultPromptVersion,
  maxEpisodesPerJob,
  guardrails,
}: BatchCodecOptions): BatchCodec {
  const agentNames = SPECS.map((spec) => spec.name);
  /** One episode at a time, so a large job holds one screening in memory, not all of them. */
  async function screenAll(episodes: readonly Episode[]): Promise<Episode[]> {
    const screened: Episode[] = [];
    for (const episode of episodes) {
      if (guardrails === undefined) {
        screened.push(episode);
        continue;
      }
      const screening = await guardrails.screenInput(episode, agentNames);
      const [blocked] = screening.blocked.values();
      if (blocked) throw blocked;
      screened.push(screening.episode);
    }
    return screened;
  }

  function requestFor(spec: CompiledAgentSpec<unknown>, episode: Episode, promptVersion: string) {
    const input = { episode, promptVersion };
    // Routed like createJsonAgent: on the schema-enforced prompt's size, rebuilt for models without grounded JSON.
    const { modelId } = routeAgentCall(spec, input, { router, generation });
    const model = models.languageModel(modelId);
    return { modelId, request: buildAgentRequest(spec, input, { model, generation }) };
  }

  return {
    async encode(request) {
      if (request.outputs !== undefined && request.outputs.length > 0) {
        throw new InvalidInputError('A job returns every output; remove "outputs" from the request');
      }
      const promptVersion = readPromptVersion(request.parameters, defaultPromptVersion);
      const elements = readEpisodeElements(request, maxEpisodesPerJob);
      const episodes = await screenAll(elements.map((element, index) => decodeEpisode(element as Uint8Array | string, index)));
      const groups = new Map<string, BatchRequestItem[]>();
      for (const [index, episode] of episodes.entries()) {
        const header = headerMetadata(episode);
        for (const spec of SPECS) {
          const { modelId, request: generateRequest } = requestFor(spec, episode, promptVersion);
          const metadata: Record<string, string> = { episode: header };
          if (spec.refineReadsSegments) metadata.transcript = transcriptMetadata(episode);
          const item: BatchRequestItem = { key: batchKey(index, spec.name, promptVersion), request: generateRequest, metadata };
          groups.set(modelId, [...(groups.get(modelId) ?? []), item]);
        }
      }
      return { episodeCount: episodes.length, promptVersion, groups: [...groups].map(([modelId, requests]) => ({ modelId, requests })) };
    },

    assemble({ episodeCount, entries, missingError = MISSING, llmBackend, costOf }) {
      const byEpisode = new Map<number, Map<AgentName, BatchEntry>>();
      let promptVersion: string | undefined;
      let unmatchedEntryCount = 0;
      for (const entry of entries) {
        const key = parseKey(entry.key);
        if (key === undefined || key.episodeIndex >= episodeCount) {
          unmatchedEntryCount++;
          continue;
        }
        promptVersion ??= key.promptVersion;
        const agents = byEpisode.get(key.episodeIndex) ?? new Map<AgentName, BatchEntry>();
        if (!agents.has(key.agent)) agents.set(key.agent, entry);
        byEpisode.set(key.episodeIndex, agents);
      }
      const version = promptVersion ?? defaultPromptVersion;
      const analyses: EpisodeAnalysis[] = Array.from({ length: episodeCount }, (_, index) => {
        const agents = byEpisode.get(index) ?? new Map<AgentName, BatchEntry>();
        const episode = restoreEpisode(index, agents);
        const outcomes = SPECS.map((spec) => toOutcome(spec, agents.get(spec.name), episode, version, missingError));
        const ok = outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.result.usage] : []));
        return { episode, outcomes, isPartial: ok.length < outcomes.length, usage: sumUsage(ok) };
      });
      const outcomes = analyses.flatMap((analysis) => analysis.outcomes);
      const firstFailure = outcomes.find((outcome) => outcome.status === 'error');
      return {
        response: toPipelineResponse({ analyses, promptVersion: version, llmBackend, ...(costOf ? { costOf } : {}) }),
        succeededAgentCount: outcomes.filter((outcome) => outcome.status === 'ok').length,
        ...(firstFailure?.status === 'error' ? { firstError: firstFailure.error } : {}),
        unmatchedEntryCount,
      };
    },
  };
}
