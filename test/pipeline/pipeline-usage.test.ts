import { expect } from 'chai';
import { LlmInvalidResponseError } from '../../predictor/errors.js';
import { withUsageTracking } from '../../predictor/llm/middleware/with-usage-tracking.js';
import { wrapModel } from '../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult } from '../fakes/fake-language-model.js';
import { createAgentScriptedModel } from './support/scripted-model.js';
import { defaultResultFor } from './support/sample-outputs.js';
import { fixtureBytes, smallWireEpisode, toBytes } from './support/episodes.js';
import { context, createHarness, requestOf } from './support/pipeline-harness.js';

describe("the pipeline response's typed usage (what request limits settle)", () => {
  it('is the billed tokens and USD of the response parameters, from the same sums', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel(), { costOf: (usage) => (usage.inputTokens ?? 0) / 1000 });

    const response = await pipeline.predict(
      requestOf([fixtureBytes('grid-under-pressure'), fixtureBytes('balcony-tomatoes-plain')]),
      context(),
    );

    const {
      input_tokens: input,
      output_tokens: output,
      cost_usd: costUsd,
    } = response.parameters as { input_tokens: number; output_tokens: number; cost_usd: number };
    expect(response.usage).to.deep.equal({ tokens: input + output, costUsd });
    expect(response.usage).to.deep.equal({ tokens: 1230, costUsd: 1 });
  });

  it('has no cost when the pipeline prices nothing, as the parameters have no cost_usd', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());

    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context());

    expect(response.parameters).to.not.have.property('cost_usd');
    expect(response.usage).to.have.property('tokens').that.is.above(0);
    expect(response.usage).to.not.have.property('costUsd');
  });

  it('is zero when every call was answered from the response cache', async () => {
    const hit = (agent: string) => ({ ...defaultResultFor(agent), isCacheHit: true, usage: {} });
    const model = createAgentScriptedModel({
      scripts: { summarizer: [hit('summarizer')], insights: [hit('insights')], 'fact-checker': [hit('fact-checker')] },
    });
    const { pipeline } = await createHarness(model, { costOf: () => 1 });

    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context());

    expect(response.usage).to.deep.equal({ tokens: 0, costUsd: 0 });
  });
});

describe('what a failed run was billed (request limits settle a failure with it)', () => {
  it("reports every call that answered to the request's spend meter, even when every agent then rejects its answer", async () => {
    const model = new FakeLanguageModel({ fallback: fakeResult('not json at all', { usage: { inputTokens: 500, outputTokens: 20 } }) });
    const tracked = wrapModel({ model, middleware: [withUsageTracking({ onCall: () => {}, now: () => 0 })] });
    const { pipeline } = await createHarness(model, { models: { languageModel: () => tracked } });
    const billed: { tokens: number; costUsd: number }[] = [];

    const failure = await pipeline
      .predict(requestOf([toBytes(smallWireEpisode())]), { ...context(), spend: { add: (call) => billed.push(call) } })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    expect(failure).to.be.instanceOf(LlmInvalidResponseError);
    expect(billed).to.deep.equal(model.calls.map(() => ({ tokens: 520, costUsd: 0 })));
    expect(billed).to.have.length.at.least(3);
  });
});
