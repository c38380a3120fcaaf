/**
 * @module pipeline/failed-analysis
 * The analysis of a batch episode whose every agent failed, so the rest of the batch can
 * still be answered: each agent's output becomes the episode's error object.
 */
import type { Agent } from './agent.js';
import type { Episode } from './episode.js';
import { toErrorObject, type EpisodeAnalysis } from './orchestrator.js';

/** An analysis with every outcome failed with `error` (the first error of the episode). */
export function toFailedAnalysis(episode: Episode, agents: readonly Agent[], error: unknown): EpisodeAnalysis {
  const errorObject = toErrorObject(error);
  return {
    episode,
    outcomes: agents.map((agent) => ({ agent: agent.name, status: 'error', error: errorObject, cause: error })),
    isPartial: true,
    usage: {},
  };
}
