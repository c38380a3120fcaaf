import { expect } from 'chai';
import { ContentBlockedError } from '../../../predictor/errors.js';
import type { Agent, AgentResult } from '../../../predictor/pipeline/agent.js';
import { withGuardrails } from '../../../predictor/pipeline/guardrails/with-guardrails.js';
import type { Episode } from '../../../predictor/pipeline/episode.js';
import type { Guardrails } from '../../../predictor/pipeline/guardrails/create-guardrails.js';

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

function fakeGuardrails(options: {
  blockOutput?: boolean;
  outputs?: unknown[];
  checkedAgainst?: Episode[];
}): Pick<Guardrails, 'checkOutput'> {
  const decision = (verdict: string) => [{ agent: 'summarizer', guardrail: 'quotes', verdict }] as never;
  return {
    async checkOutput(_agent, output, episode) {
      options.outputs?.push(output);
      options.checkedAgainst?.push(episode);
      return { decisions: options.blockOutput ? decision('blocked') : [] };
    },
  };
}

describe('withGuardrails', () => {
  it('runs the agent on the episode it is given and checks its output against that episode', async () => {
    const seen: Episode[] = [];
    const outputs: unknown[] = [];
    const checkedAgainst: Episode[] = [];
    const agent = withGuardrails(recordingAgent(seen), fakeGuardrails({ outputs, checkedAgainst }));
    const screened = episode('mail [EMAIL]');

    const result = await agent.run({ episode: screened, promptVersion: 'v1' }, { signal: new AbortController().signal });

    expect(seen).to.deep.equal([screened]);
    expect(checkedAgainst).to.deep.equal([screened]);
    expect(outputs).to.deep.equal([{ said: 'mail [EMAIL]' }]);
    expect(result.output).to.deep.equal({ said: 'mail [EMAIL]' });
  });

  it('fails with ContentBlockedError when an output guardrail blocks', async () => {
    const agent = withGuardrails(recordingAgent([]), fakeGuardrails({ blockOutput: true }));

    const failure = await agent
      .run({ episode: episode('x'), promptVersion: 'v1' }, { signal: new AbortController().signal })
      .catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(ContentBlockedError);
  });
});
