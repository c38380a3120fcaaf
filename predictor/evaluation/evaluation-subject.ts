/**
 * @module evaluation/evaluation-subject
 * What is evaluated: one episode, the outputs the agents produced for it, the prompt
 * version and models behind them, and (when the LLM calls were recorded) the grounding the
 * fact-checker's search returned. Built the same way online (from a live request and its
 * response) and offline (from the eval runner).
 */
import type { ModelResponse } from '../contract/tensor.js';
import type { Grounding } from '../llm/language-model.js';
import type { FactCheckOutput, InsightsOutput, SummaryOutput } from '../pipeline/agent-output-schemas.js';
import { AGENT_NAMES, type AgentName } from '../pipeline/agent.js';
import type { Episode } from '../pipeline/episode.js';
import { formatTranscriptBlock } from '../pipeline/transcript-format.js';
import type { RecordedCall } from './call-recorder.js';

export interface EvaluationSubject {
  readonly episode: Episode;
  readonly promptVersion: string;
  /** Absent when the agent failed (its output is an error object). */
  readonly summary?: SummaryOutput;
  readonly insights?: InsightsOutput;
  readonly factCheck?: FactCheckOutput;
  /** Requested model id per agent that answered, for metric labels. */
  readonly models: Readonly<Partial<Record<AgentName, string>>>;
  /**
   * Grounding returned to the fact-checker's call. Undefined when the calls were not
   * recorded: the source check is then skipped rather than guessed.
   */
  readonly factCheckGrounding?: Grounding | null;
}

/** The three per-agent output texts of one episode (JSON, or an `{ error }` object). */
export interface AgentOutputTexts {
  readonly summary?: string | undefined;
  readonly insights?: string | undefined;
  readonly factChecks?: string | undefined;
}

const utf8 = new TextDecoder();

function outputText(response: ModelResponse, name: string, index: number): string | undefined {
  const element = response.outputs.find((output) => output.name === name)?.data[index];
  if (typeof element === 'string') return element;
  return element instanceof Uint8Array ? utf8.decode(element) : undefined;
}

/** The agent outputs of episode `index` in a pipeline response. */
export function agentOutputsOf(response: ModelResponse, index: number): AgentOutputTexts {
  return {
    summary: outputText(response, 'summary', index),
    insights: outputText(response, 'insights', index),
    factChecks: outputText(response, 'fact_checks', index),
  };
}

function parseOutput<T>(text: string | undefined, requiredKey: string): T | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return value !== null && typeof value === 'object' && requiredKey in value ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

export interface BuildSubjectOptions {
  readonly episode: Episode;
  readonly promptVersion: string;
  readonly outputs: AgentOutputTexts;
  /** The LLM calls made while the request ran; undefined when not recorded. */
  readonly calls?: readonly RecordedCall[];
}

/**
 * Builds the subject of one episode. Calls are matched to the episode by the transcript
 * block they sent (a batch runs the same agent once per episode).
 */
export function buildEvaluationSubject({ episode, promptVersion, outputs, calls }: BuildSubjectOptions): EvaluationSubject {
  const block = calls === undefined ? undefined : formatTranscriptBlock(episode);
  const ownCalls = calls?.filter((call) => call.transcriptBlock === block) ?? [];
  const models: Partial<Record<AgentName, string>> = {};
  for (const call of ownCalls) if (isAgentName(call.agent)) models[call.agent] = call.modelId;
  const factCheckCall = ownCalls.findLast((call) => call.agent === 'fact-checker');
  const summary = parseOutput<SummaryOutput>(outputs.summary, 'overview');
  const insights = parseOutput<InsightsOutput>(outputs.insights, 'takeaways');
  const factCheck = parseOutput<FactCheckOutput>(outputs.factChecks, 'claims');
  return {
    episode,
    promptVersion,
    ...(summary ? { summary } : {}),
    ...(insights ? { insights } : {}),
    ...(factCheck ? { factCheck } : {}),
    models,
    ...(calls === undefined ? {} : { factCheckGrounding: factCheckCall?.result.grounding ?? null }),
  };
}

function isAgentName(name: string): name is AgentName {
  return (AGENT_NAMES as readonly string[]).includes(name);
}
