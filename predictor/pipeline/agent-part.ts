/**
 * @module pipeline/agent-part
 * One agent's outcome for one episode → the part a streaming transport sends before the
 * response is complete: the agent's output tensor as the response will carry it (shape [1],
 * this episode's element) and its section of the markdown report.
 */
import type { AgentPart, ProgressSink } from '../contract/request-context.js';
import type { AgentOutcome, EpisodeAnalysis } from './orchestrator.js';
import { outcomeJson, PIPELINE_OUTPUTS } from './pipeline-response.js';
import { renderSection } from './report-markdown.js';

/** The part for `outcome` of episode `episodeIndex`. */
export function toAgentPart(outcome: AgentOutcome, episodeIndex: number): AgentPart {
  const element = outcomeJson(outcome);
  const outputs = PIPELINE_OUTPUTS.filter((output) => output.agent === outcome.agent).map((output) => ({
    name: output.name,
    datatype: 'BYTES' as const,
    shape: [1],
    data: [element],
  }));
  return {
    episodeIndex,
    agent: outcome.agent,
    outputs,
    text: `${renderSection(outcome).join('\n')}\n`,
    ...(outcome.status === 'error' ? { error: outcome.error } : {}),
  };
}

/** Reports each agent of one episode once, as it settles or, when the run was skipped (a cached result), from the analysis. */
export interface EpisodeProgress {
  /** For the orchestrator's `onOutcome`. */
  readonly onOutcome: (outcome: AgentOutcome) => void;
  /** Reports the outcomes of `analysis` not reported yet (all of them on a cache hit). */
  finish(analysis: EpisodeAnalysis): void;
}

/** Progress of episode `episodeIndex` into `sink`; a throwing sink never fails the run. */
export function createEpisodeProgress(sink: ProgressSink, episodeIndex: number): EpisodeProgress {
  const reported = new Set<string>();
  const onOutcome = (outcome: AgentOutcome): void => {
    if (reported.has(outcome.agent)) return;
    reported.add(outcome.agent);
    try {
      sink.agentFinished(toAgentPart(outcome, episodeIndex));
    } catch {
      // A progress listener must never fail a request.
    }
  };
  return {
    onOutcome,
    finish(analysis) {
      for (const outcome of analysis.outcomes) onOutcome(outcome);
    },
  };
}
