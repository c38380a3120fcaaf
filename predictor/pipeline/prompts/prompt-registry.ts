/**
 * @module pipeline/prompts/prompt-registry
 * (agent, version) → prompt builder. A pipeline prompt version is valid only when every
 * agent has it, so one `prompt_version` request parameter selects a consistent set.
 */
import { InvalidInputError } from '../../errors.js';
import type { AgentName } from '../agent.js';
import type { Episode } from '../episode.js';
import { buildFactCheckerPrompt } from './fact-checker-prompt.js';
import { buildInsightsPrompt } from './insights-prompt.js';
import type { Prompt, PromptOptions, VersionedPromptBuilder } from './prompt.js';
import { buildSummarizerPrompt } from './summarizer-prompt.js';

const BUILDERS: Readonly<Record<AgentName, VersionedPromptBuilder>> = {
  summarizer: buildSummarizerPrompt,
  insights: buildInsightsPrompt,
  'fact-checker': buildFactCheckerPrompt,
};

/** Versions every agent supports, in declaration order. */
export const PROMPT_VERSIONS: readonly string[] = Object.values(BUILDERS).reduce<readonly string[]>(
  (common, { versions }) => common.filter((version) => versions.includes(version)),
  buildSummarizerPrompt.versions,
);

/** Throws InvalidInputError unless every agent has prompt `version`. */
export function assertPromptVersion(version: string): void {
  if (!PROMPT_VERSIONS.includes(version)) {
    const shown = JSON.stringify(version.slice(0, 40));
    throw new InvalidInputError(`Unknown prompt_version ${shown}; known: ${PROMPT_VERSIONS.join(', ')}`);
  }
}

/** The builder of `agent` at `version`; throws InvalidInputError for an unknown version. */
export function promptBuilderFor(
  agent: AgentName,
  version: string,
): (episode: Episode, options: Omit<PromptOptions, 'version'>) => Prompt {
  assertPromptVersion(version);
  const build = BUILDERS[agent];
  return (episode, options) => build(episode, { ...options, version });
}
