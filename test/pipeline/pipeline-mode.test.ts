/**
 * @module test/pipeline/pipeline-mode
 * The request parameter `pipeline_mode`: the served pipeline accepts only `parallel` (the
 * default, reported in every response); the benchmark's sequential baseline (`naive`) and
 * unknown modes are refused before any call or reservation.
 */
import { expect } from 'chai';
import { InvalidInputError } from '../../predictor/errors.js';
import { fixtureBytes } from './support/episodes.js';
import { context, createHarness, requestOf } from './support/pipeline-harness.js';
import { createAgentScriptedModel } from './support/scripted-model.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('pipeline_mode', () => {
  it('refuses naive and unknown modes before any call', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);
    for (const mode of ['naive', 'fast', 1]) {
      const request = requestOf([fixtureBytes('grid-under-pressure')], { pipeline_mode: mode });
      expect(await rejection(pipeline.predict(request, context())))
        .to.be.instanceOf(InvalidInputError)
        .with.property('message')
        .that.includes('pipeline_mode');
      expect(await rejection(pipeline.estimateCost!(request))).to.be.instanceOf(InvalidInputError);
    }
    expect(model.calls).to.have.length(0);
  });

  it('accepts parallel, the default, and reports it', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const explicit = requestOf([fixtureBytes('grid-under-pressure')], { pipeline_mode: 'parallel' });
    expect((await pipeline.estimateCost!(explicit)).maxTokens).to.be.above(0);
    const response = await pipeline.predict(explicit, context());
    expect(response.parameters).to.include({ pipeline_mode: 'parallel', partial: false });
  });
});
