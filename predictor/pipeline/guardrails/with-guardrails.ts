/**
 * @module pipeline/guardrails/with-guardrails
 * Wraps an agent with its output guardrails (schema, quotes, PII leaks, echoed
 * instructions), run on what came back. Input guardrails are not here: the orchestrator
 * screens each episode once, before any call leaves the process, and the agent receives the
 * screened episode. A `block` decision fails that agent with ContentBlockedError, which the
 * orchestrator reports like any agent failure.
 */
import { assertNotBlocked, type Guardrails } from './create-guardrails.js';
import type { Agent } from '../agent.js';

export function withGuardrails<TOutput>(agent: Agent<TOutput>, guardrails: Pick<Guardrails, 'checkOutput'>): Agent<TOutput> {
  return {
    name: agent.name,
    usesGoogleSearch: agent.usesGoogleSearch,
    async run(input, context) {
      const result = await agent.run(input, context);
      // Checked against the episode the model saw, so redacted text is not a "made-up" quote.
      assertNotBlocked((await guardrails.checkOutput(agent.name, result.output, input.episode)).decisions);
      return result;
    },
  };
}
