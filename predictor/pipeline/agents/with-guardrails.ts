/**
 * @module pipeline/agents/with-guardrails
 * Wraps an agent with its guardrails: input checks (injection, PII) run before the call
 * and may redact the episode the model sees; output checks (schema, quotes, PII leaks,
 * echoed instructions) run on what came back. A `block` decision fails that agent with
 * ContentBlockedError, which the orchestrator reports like any agent failure.
 */
import { assertNotBlocked, type Guardrails } from '../../security/guardrails/create-guardrails.js';
import type { Agent } from '../agent.js';

export function withGuardrails<TOutput>(agent: Agent<TOutput>, guardrails: Guardrails): Agent<TOutput> {
  return {
    name: agent.name,
    usesGoogleSearch: agent.usesGoogleSearch,
    async run(input, context) {
      const checked = await guardrails.checkInput(agent.name, input.episode);
      assertNotBlocked(checked.decisions);
      const result = await agent.run({ ...input, episode: checked.episode }, context);
      // Checked against the episode the model saw, so redacted text is not a "made-up" quote.
      assertNotBlocked((await guardrails.checkOutput(agent.name, result.output, checked.episode)).decisions);
      return result;
    },
  };
}
