import { expect } from 'chai';
import { LlmInvalidResponseError } from '../../../predictor/errors.js';
import { buildAgentRequest, parseAgentOutput } from '../../../predictor/pipeline/agents/agent-call.js';
import type { CompiledAgentSpec } from '../../../predictor/pipeline/agents/agent-spec.js';
import { agentSpecFor, FACT_CHECKER_SPEC, INSIGHTS_SPEC, SUMMARIZER_SPEC } from '../../../predictor/pipeline/agents/agent-specs.js';
import { fakeResult } from '../../fakes/fake-language-model.js';
import { fixtureEpisode } from '../support/episodes.js';
import { SAMPLE_SUMMARY } from '../support/sample-outputs.js';

const GENERATION = { temperature: 0.3, maxOutputTokens: 1024 } as const;

describe('agent-call', () => {
  const input = { episode: fixtureEpisode('grid-under-pressure'), promptVersion: 'v1' };

  it('builds a labelled request with the schema and generation settings', () => {
    const request = buildAgentRequest(SUMMARIZER_SPEC, input, { model: { supportsGroundedJson: true }, generation: GENERATION });
    expect(request).to.include({ temperature: 0.3, maxOutputTokens: 1024 });
    expect(request.labels).to.deep.equal({ agent: 'summarizer', prompt_version: 'v1' });
    expect(request.responseJsonSchema).to.not.equal(undefined);
    expect(request.useGoogleSearch).to.equal(undefined);
  });

  it('spells the schema out as text for a Search agent on a model without grounded JSON', () => {
    const request = buildAgentRequest(FACT_CHECKER_SPEC, input, { model: { supportsGroundedJson: false }, generation: GENERATION });
    expect(request.useGoogleSearch).to.equal(true);
    expect(request.responseJsonSchema).to.equal(undefined);
    expect([request.systemInstruction, ...request.contents].join('\n')).to.contain('"verdict"');
  });

  it('parses, validates and refines a result', () => {
    const output = parseAgentOutput(SUMMARIZER_SPEC, fakeResult(JSON.stringify(SAMPLE_SUMMARY)), input);
    expect(output).to.deep.equal(SAMPLE_SUMMARY);
  });

  it('drops insights quotes that are not in the transcript', () => {
    const text = JSON.stringify({
      takeaways: ['one'],
      topic_tags: ['grid'],
      notable_quotes: [{ quote: 'never said anywhere at all', speaker: 'X', timestamp: '00:00:01' }],
    });
    expect(parseAgentOutput(INSIGHTS_SPEC, fakeResult(text), input).notable_quotes).to.deep.equal([]);
  });

  it('throws LlmInvalidResponseError for a result cut off at the token limit', () => {
    const result = { ...fakeResult('{}'), finishReason: 'length' as const };
    expect(() => parseAgentOutput(SUMMARIZER_SPEC, result, input)).to.throw(LlmInvalidResponseError);
  });

  it('finds every spec by agent name', () => {
    expect(agentSpecFor('fact-checker')).to.equal(FACT_CHECKER_SPEC);
    expect(agentSpecFor('insights').name).to.equal('insights');
  });
});

describe('buildAgentRequest with an explicit context cache', () => {
  const input = { episode: fixtureEpisode('grid-under-pressure'), promptVersion: 'v2' };

  it('sends only the task part, with no system instruction, and keeps Search for the fact-checker', () => {
    const options = { model: { supportsGroundedJson: true }, generation: GENERATION };
    for (const spec of [SUMMARIZER_SPEC, INSIGHTS_SPEC, FACT_CHECKER_SPEC] as CompiledAgentSpec<unknown>[]) {
      const full = buildAgentRequest(spec, input, options);
      const cached = buildAgentRequest(spec, input, { ...options, cachedContent: 'cachedContents/abc' });
      expect(cached.cachedContent).to.equal('cachedContents/abc');
      expect(cached).to.not.have.property('systemInstruction');
      expect(cached.contents).to.deep.equal(full.contents.slice(1));
      expect(cached.useGoogleSearch).to.equal(full.useGoogleSearch);
      expect(cached.responseJsonSchema).to.equal(full.responseJsonSchema);
    }
  });
});
