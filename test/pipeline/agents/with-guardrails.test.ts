import { expect } from 'chai';
import { ContentBlockedError } from '../../../predictor/errors.js';
import type { Agent, AgentResult } from '../../../predictor/pipeline/agent.js';
import { withGuardrails } from '../../../predictor/pipeline/agents/with-guardrails.js';
import type { Episode } from '../../../predictor/pipeline/episode.js';
import type { Guardrails } from '../../../predictor/security/guardrails/create-guardrails.js';

function episode(text: string): Episode {
  return { title: 'T', guests: [], hasTimestamps: true, segments: [{ timestamp: '00:00:01', speaker: 'Ann', text }] };
}

function recordingAgent(seen: Episode[]): Agent<{ said: string }> {
  return {
    name: 'summarizer',
    usesGoogleSearch: false,
    async run(input) {
      seen.push(input.episode);
      const result: AgentResult<{ said: string }> = {
        agent: 'summarizer',
        output: { said: input.episode.segments[0]?.text ?? '' },
        usage: {},
        promptVersion: 'v1',
        modelId: 'm',
        modelVersion: 'm',
        durationMs: 1,
        groundingQueryCount: 0,
        isCacheHit: false,
      };
      return result;
    },
  };
}

function fakeGuardrails(options: { redactTo?: string; blockInput?: boolean; blockOutput?: boolean; outputs?: unknown[] }): Guardrails {
  const decision = (verdict: string) => [{ agent: 'summarizer', guardrail: 'pii', verdict }] as never;
  return {
    async checkInput(_agent, input) {
      const redacted = options.redactTo ? episode(options.redactTo) : input;
      return { episode: redacted, decisions: options.blockInput ? decision('blocked') : [] };
    },
    async checkOutput(_agent, output) {
      options.outputs?.push(output);
      return { decisions: options.blockOutput ? decision('blocked') : [] };
    },
  };
}

describe('withGuardrails', () => {
  it('runs the agent on the redacted episode and checks its output', async () => {
    const seen: Episode[] = [];
    const outputs: unknown[] = [];
    const agent = withGuardrails(recordingAgent(seen), fakeGuardrails({ redactTo: 'mail [EMAIL]', outputs }));

    const result = await agent.run({ episode: episode('mail ann@example.com'), promptVersion: 'v1' }, { signal: new AbortController().signal });

    expect(seen[0]?.segments[0]?.text).to.equal('mail [EMAIL]');
    expect(outputs).to.deep.equal([{ said: 'mail [EMAIL]' }]);
    expect(result.output).to.deep.equal({ said: 'mail [EMAIL]' });
  });

  it('fails with ContentBlockedError before any LLM call when an input guardrail blocks', async () => {
    const seen: Episode[] = [];
    const agent = withGuardrails(recordingAgent(seen), fakeGuardrails({ blockInput: true }));

    const failure = await agent.run({ episode: episode('x'), promptVersion: 'v1' }, { signal: new AbortController().signal }).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(ContentBlockedError);
    expect(seen).to.have.length(0);
  });

  it('fails with ContentBlockedError when an output guardrail blocks', async () => {
    const agent = withGuardrails(recordingAgent([]), fakeGuardrails({ blockOutput: true }));

    const failure = await agent.run({ episode: episode('x'), promptVersion: 'v1' }, { signal: new AbortController().signal }).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(ContentBlockedError);
  });
});
