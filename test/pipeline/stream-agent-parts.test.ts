import { expect } from 'chai';
import type { AgentPart, RequestContext } from '../../predictor/contract/request-context.js';
import { LlmUnavailableError } from '../../predictor/errors.js';
import { createMemoryResponseCacheStore } from '../../predictor/llm/middleware/memory-response-cache-store.js';
import { createEpisodeResultCache } from '../../predictor/pipeline/episode-result-cache.js';
import { deferredStep } from '../fakes/fake-language-model.js';
import { fixtureBytes } from './support/episodes.js';
import { context, createHarness, requestOf } from './support/pipeline-harness.js';
import { defaultResultFor } from './support/sample-outputs.js';
import { createAgentScriptedModel } from './support/scripted-model.js';

function streamingContext(parts: AgentPart[], onPart: (part: AgentPart) => void = () => undefined): RequestContext {
  return {
    ...context(),
    progress: {
      agentFinished(part) {
        parts.push(part);
        onPart(part);
      },
    },
  };
}

describe('pipeline progress (streaming per agent)', () => {
  it('reports each agent as it settles, before the run ends, with the tensor the response carries', async () => {
    const factCheck = deferredStep();
    const model = createAgentScriptedModel({ scripts: { 'fact-checker': [factCheck.step] } });
    const { pipeline } = await createHarness(model);
    const parts: AgentPart[] = [];
    // The fact-checker answers only once the other two agents were reported: the order is forced, not timed.
    const result = await pipeline.predict(
      requestOf([fixtureBytes('deep-sea-marathon')]),
      streamingContext(parts, () => {
        if (parts.length === 2) factCheck.resolve(defaultResultFor('fact-checker'));
      }),
    );

    expect(parts).to.have.length(3);
    expect(parts.slice(0, 2).map((part) => part.agent)).to.have.members(['summarizer', 'insights']);
    expect(parts[2]?.agent).to.equal('fact-checker');
    for (const part of parts) {
      expect(part.episodeIndex).to.equal(0);
      expect(part.error).to.equal(undefined);
      const [tensor] = part.outputs;
      const final = result.outputs.find((output) => output.name === tensor?.name);
      expect(tensor).to.deep.include({ datatype: 'BYTES', shape: [1] });
      expect(tensor?.data).to.deep.equal(final?.data);
    }
    const report = String(result.outputs.find((output) => output.name === 'report')?.data[0]);
    expect(parts.map((part) => part.text.trimEnd()).every((text) => report.includes(text))).to.equal(true);
    expect(parts.find((part) => part.agent === 'summarizer')?.text).to.match(/^## Summary\n/);
  });

  it('reports a failed agent in its slot as an error object and still answers the partial result', async () => {
    const model = createAgentScriptedModel({ scripts: { insights: [new LlmUnavailableError('upstream down')] } });
    const { pipeline } = await createHarness(model);
    const parts: AgentPart[] = [];
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), streamingContext(parts));

    const failed = parts.find((part) => part.agent === 'insights');
    expect(failed?.error).to.deep.equal({ code: 'llm_unavailable', message: 'upstream down' });
    expect(JSON.parse(String(failed?.outputs[0]?.data[0]))).to.deep.equal({ error: failed?.error });
    expect(failed?.text).to.include('Not available');
    expect(response.parameters?.partial).to.equal(true);
    expect(parts).to.have.length(3);
  });

  it('reports every agent of a result-cache hit from the cached result, once each', async () => {
    const resultCache = createEpisodeResultCache({
      store: createMemoryResponseCacheStore({ maxEntries: 10, maxBytes: 1_000_000 }),
      ttlMs: 60_000,
      fingerprint: 'f',
    });
    const { pipeline } = await createHarness(createAgentScriptedModel(), { resultCache });
    const first: AgentPart[] = [];
    const second: AgentPart[] = [];
    await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), streamingContext(first));
    const hit = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), streamingContext(second));

    expect(hit.parameters?.cache_hit).to.equal(true);
    expect(second.map((part) => part.agent)).to.deep.equal(['summarizer', 'insights', 'fact-checker']);
    for (const [index, name] of ['summary', 'insights', 'fact_checks'].entries()) {
      const final = hit.outputs.find((output) => output.name === name);
      expect(second[index]?.outputs).to.deep.equal([{ name, datatype: 'BYTES', shape: [1], data: final?.data }]);
    }
    expect(first).to.have.length(3);
  });

  it('labels the parts of a batch with their episode index', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const parts: AgentPart[] = [];
    await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon'), fixtureBytes('grid-under-pressure')]), streamingContext(parts));

    expect(parts.filter((part) => part.episodeIndex === 0)).to.have.length(3);
    expect(parts.filter((part) => part.episodeIndex === 1)).to.have.length(3);
  });

  it('answers normally when the progress sink throws', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), {
      ...context(),
      progress: {
        agentFinished() {
          throw new Error('listener bug');
        },
      },
    });
    expect(response.parameters?.partial).to.equal(false);
  });
});
