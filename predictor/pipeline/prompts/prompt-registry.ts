/**
 * @module pipeline/prompts/prompt-registry
 * (agent, version) → prompt builder. A pipeline prompt version is valid only when every
 * agent has it, so one `prompt_version` request parameter selects a consistent set.
 */
import { InvalidInputError } from '../../errors.js';
import type { AgentName } from '../agent.js';
import { agentSpecFor, AGENT_SPECS } from '../agents/agent-specs.js';
import type { Episode } from '../episode.js';
import type { Prompt, PromptOptions } from './prompt.js';

/** Versions every agent supports, in declaration order. */
export const PROMPT_VERSIONS: readonly string[] = AGENT_SPECS.reduce<readonly string[]>(
  (common, { prompt }) => common.filter((version) => prompt.versions.includes(version)),
  AGENT_SPECS[0].prompt.versions,
);

/** Throws InvalidInputError unless every agent has prompt `version`. */
export function assertPromptVersion(version: string): void {
  if (!PROMPT_VERSIONS.includes(version)) {
    const shown = JSON.stringify(version.slice(0, 40));
    throw new InvalidInputError(`Unknown prompt_version ${shown}; known: ${PROMPT_VERSIONS.join(', ')}`);
  }
}

/** The builder of `agent` at `version`; throws InvalidInputError for an unknown version. */
export function promptBuilderFor(agent: AgentName, version: string): (episode: Episode, options: Omit<PromptOptions, 'version'>) => Prompt {
  assertPromptVersion(version);
  const build = agentSpecFor(agent).prompt;
  return (episode, options) => build(episode, { ...options, version });
}
