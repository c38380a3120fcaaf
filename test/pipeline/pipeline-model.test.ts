import { expect } from 'chai';
import type { Tensor } from '../../predictor/contract/tensor.js';
import { ConfigError, InvalidInputError, LlmUnavailableError, ModelNotReadyError } from '../../predictor/errors.js';
import type { GenerateRequest, GenerateResult } from '../../predictor/llm/language-model.js';
import { decodeEpisode } from '../../predictor/pipeline/decode-episode.js';
import { createPipelineModel, type PipelineModelOptions } from '../../predictor/pipeline/pipeline-model.js';
import { formatTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { fakeResult, type FakeStep } from '../fakes/fake-language-model.js';
import { fixtureBytes, smallWireEpisode, toBytes } from './support/episodes.js';
import { defaultResultFor, SAMPLE_SUMMARY } from './support/sample-outputs.js';
import { context, createHarness, pipelineOptions, requestOf } from './support/pipeline-harness.js';
import { createAgentScriptedModel } from './support/scripted-model.js';

function episodeTensor(elements: readonly (Uint8Array | string)[], shape: number[] = [elements.length]): Tensor {
  return { name: 'episode', datatype: 'BYTES', shape, data: elements };
}

function titleOf(request: GenerateRequest): string {
  return /^Title: (.*)$/m.exec(request.contents[0] ?? '')?.[1] ?? '';
}

function outputData(response: { outputs: readonly Tensor[] }, name: string): readonly string[] {
  return response.outputs.find((output) => output.name === name)?.data as readonly string[];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('createPipelineModel', () => {
  it('describes its inputs and outputs and is ready only after load', async () => {
    const pipeline = createPipelineModel({ ...pipelineOptions(createAgentScriptedModel()), promptVersion: 'v2' });
    expect(pipeline.isReady()).to.equal(false);
    expect(await rejection(pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context()))).to.be.instanceOf(ModelNotReadyError);
    await pipeline.load();
    expect(pipeline.isReady()).to.equal(true);
    expect(pipeline.metadata()).to.deep.equal({
      name: 'podcast-pipeline',
      versions: ['1'],
      platform: 'multi-agent-pipeline/emulator',
      inputs: [{ name: 'episode', datatype: 'BYTES', shape: [-1] }],
      outputs: ['report', 'summary', 'insights', 'fact_checks'].map((name) => ({ name, datatype: 'BYTES', shape: [-1] })),
      parameters: { prompt_version: 'v2', prompt_versions: 'v1,v2' },
    });
  });

  it('refuses an unknown default prompt version at start-up', () => {
    expect(() => createPipelineModel({ ...pipelineOptions(createAgentScriptedModel()), promptVersion: 'v7' })).to.throw(ConfigError);
  });

  it('answers a batch with element i of every output belonging to episode i, whatever order they finish in', async () => {
    const titles = ['Episode A', 'Episode B', 'Episode C'];
    // Episode i's summary is released only after episode i+1's: completion order is C, B, A.
    const released = titles.map(() => Promise.withResolvers<void>());
    const summarize: FakeStep = async (request) => {
      const index = titles.indexOf(titleOf(request));
      if (index < titles.length - 1) await released[index + 1]?.promise;
      released[index]?.resolve();
      return fakeResult(JSON.stringify({ ...SAMPLE_SUMMARY, overview: `About ${titles[index]}` }));
    };
    const model = createAgentScriptedModel({ scripts: { summarizer: [summarize, summarize, summarize] } });
    const { pipeline } = await createHarness(model, { episodeConcurrency: 3 });
    const response = await pipeline.predict(requestOf(titles.map((title) => toBytes(smallWireEpisode({ title })))), context());
    for (const output of response.outputs) expect(output).to.include({ datatype: 'BYTES' }).and.have.deep.property('shape', [3]);
    expect(outputData(response, 'summary').map((json) => JSON.parse(json).overview)).to.deep.equal(titles.map((title) => `About ${title}`));
    expect(outputData(response, 'report').map((report) => report.split('\n')[0])).to.deep.equal(titles.map((title) => `# ${title}`));
    expect(JSON.parse(outputData(response, 'fact_checks')[0] ?? ''))
      .to.have.property('claims')
      .with.length(3);
  });

  it('sums usage of every call into the response parameters, with cost when priced', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model, { costOf: (usage) => (usage.inputTokens ?? 0) / 1000 });
    const response = await pipeline.predict(
      requestOf([fixtureBytes('grid-under-pressure'), fixtureBytes('balcony-tomatoes-plain')]),
      context(),
    );
    expect(model.calls).to.have.length(6);
    expect(response.parameters).to.deep.equal({
      llm_backend: 'emulator',
      prompt_version: 'v1',
      pipeline_mode: 'parallel',
      context_cache_tokens: 0,
      input_tokens: 1000,
      cached_input_tokens: 200,
      output_tokens: 230,
      partial: false,
      cache_hit: false,
      models: 'gemini-test-flash-002,gemini-test-lite-001',
      cost_usd: 1,
    });
  });

  it('passes `cache: false` down as a cache bypass on every call', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);

    await pipeline.predict(requestOf([toBytes(smallWireEpisode())], { cache: false }), context());

    expect(model.calls.map((call) => call.options?.cacheMode)).to.deep.equal(['bypass', 'bypass', 'bypass']);
  });

  it('rejects a non-boolean cache parameter before any call', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);

    const failure = await rejection(pipeline.predict(requestOf([toBytes(smallWireEpisode())], { cache: 'no' }), context()));

    expect(failure).to.be.instanceOf(InvalidInputError);
    expect(model.calls).to.have.length(0);
  });

  it('reports cache_hit and no billed tokens when every call was answered from the response cache', async () => {
    const hit = (agent: string) => ({ ...defaultResultFor(agent), isCacheHit: true, usage: {} });
    const model = createAgentScriptedModel({
      scripts: { summarizer: [hit('summarizer')], insights: [hit('insights')], 'fact-checker': [hit('fact-checker')] },
    });
    const { pipeline } = await createHarness(model, { costOf: () => 1 });

    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context());

    expect(response.parameters).to.include({ cache_hit: true, input_tokens: 0, output_tokens: 0, cost_usd: 0 });
  });

  it('names the fallback model in the response parameters when one answered', async () => {
    const model = createAgentScriptedModel({
      scripts: { 'fact-checker': [{ ...defaultResultFor('fact-checker'), fallbackModel: 'lite' }] },
    });
    const { pipeline } = await createHarness(model);

    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context());

    expect(response.parameters?.fallback_model).to.equal('lite');
  });

  it('uses the prompt version a request asks for', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);
    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())], { prompt_version: 'v2' }), context());
    expect(model.calls.map((call) => call.request.labels?.prompt_version)).to.deep.equal(['v2', 'v2', 'v2']);
    expect(response.parameters?.prompt_version).to.equal('v2');
  });

  it('rejects an unknown or non-string prompt_version before any call', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);
    const unknown = await rejection(pipeline.predict(requestOf([toBytes(smallWireEpisode())], { prompt_version: 'v9' }), context()));
    expect(unknown).to.be.instanceOf(InvalidInputError).with.property('message').that.includes('known: v1, v2');
    const numeric = await rejection(pipeline.predict(requestOf([toBytes(smallWireEpisode())], { prompt_version: 2 }), context()));
    expect(numeric).to.be.instanceOf(InvalidInputError);
    expect(model.calls).to.have.length(0);
  });

  it('rejects other input names, datatypes and shapes, naming the expected input', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const bytes = toBytes(smallWireEpisode());
    const wrongName = await rejection(pipeline.predict({ inputs: [{ ...episodeTensor([bytes]), name: 'transcript' }] }, context()));
    expect(wrongName)
      .to.be.instanceOf(InvalidInputError)
      .with.property('message')
      .that.matches(/Unexpected inputs \('transcript'\); expected exactly one input 'episode'/);
    const wrongType = await rejection(
      pipeline.predict({ inputs: [{ name: 'episode', datatype: 'FP32', shape: [1], data: [1] }] }, context()),
    );
    expect(wrongType).to.be.instanceOf(InvalidInputError).with.property('message').that.includes('datatype FP32');
    const wrongShape = await rejection(pipeline.predict({ inputs: [episodeTensor([bytes, bytes, bytes, bytes], [2, 2])] }, context()));
    expect(wrongShape).to.be.instanceOf(InvalidInputError).with.property('message').that.includes('shape [2,2]');
  });

  it('accepts shape [N,1] and answers shape [N]', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const bytes = toBytes(smallWireEpisode());
    const response = await pipeline.predict({ inputs: [episodeTensor([bytes, bytes], [2, 1])] }, context());
    expect(response.outputs.map((output) => output.shape)).to.deep.equal([[2], [2], [2], [2]]);
  });

  it('rejects more episodes than allowed, and a bad element, before any call', async () => {
    const model = createAgentScriptedModel();
    const { pipeline } = await createHarness(model);
    const good = toBytes(smallWireEpisode());
    const tooMany = await rejection(pipeline.predict(requestOf([good, good, good, good, good]), context()));
    expect(tooMany).to.be.instanceOf(InvalidInputError).with.property('message').that.includes('at most 4 per request');
    const bad = await rejection(pipeline.predict(requestOf([good, toBytes(smallWireEpisode({ host: 7 }))]), context()));
    expect(bad).to.be.instanceOf(InvalidInputError).with.property('message', 'episode[1].host: must be string');
    expect(model.calls).to.have.length(0);
  });

  it('returns partial results with an error object for a failed agent', async () => {
    const model = createAgentScriptedModel({ scripts: { 'fact-checker': [new LlmUnavailableError('Gemini is unavailable', 503)] } });
    const { pipeline, events } = await createHarness(model);
    const response = await pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context());
    expect(response.parameters?.partial).to.equal(true);
    expect(JSON.parse(outputData(response, 'fact_checks')[0] ?? '')).to.deep.equal({
      error: { code: 'llm_unavailable', message: 'Gemini is unavailable' },
    });
    expect(JSON.parse(outputData(response, 'summary')[0] ?? '')).to.deep.equal(SAMPLE_SUMMARY);
    expect(outputData(response, 'report')[0]).to.include('**Not available:** the fact-checker agent failed');
    expect(events.some((event) => event.type === 'agent-error' && event.agent === 'fact-checker')).to.equal(true);
  });

  it('throws the agent error with failOnPartial', async () => {
    const failure = new LlmUnavailableError('Gemini is unavailable', 503);
    const { pipeline } = await createHarness(createAgentScriptedModel({ scripts: { insights: [failure] } }), { failOnPartial: true });
    expect(await rejection(pipeline.predict(requestOf([toBytes(smallWireEpisode())]), context()))).to.equal(failure);
  });

  it('reports a batch episode whose agents all failed in place, and throws when every episode failed', async () => {
    const failEpisodeB: FakeStep = async (request): Promise<GenerateResult> => {
      if (titleOf(request) === 'B') throw new LlmUnavailableError('Gemini is unavailable', 503);
      return defaultResultFor(request.labels?.agent ?? '');
    };
    const steps = {
      summarizer: [failEpisodeB, failEpisodeB],
      insights: [failEpisodeB, failEpisodeB],
      'fact-checker': [failEpisodeB, failEpisodeB],
    };
    const { pipeline } = await createHarness(createAgentScriptedModel({ scripts: steps }));
    const response = await pipeline.predict(requestOf(['A', 'B'].map((title) => toBytes(smallWireEpisode({ title })))), context());
    expect(response.parameters?.partial).to.equal(true);
    expect(JSON.parse(outputData(response, 'insights')[1] ?? '')).to.have.nested.property('error.code', 'llm_unavailable');
    expect(JSON.parse(outputData(response, 'insights')[0] ?? '')).to.have.property('takeaways');

    const allFail = createAgentScriptedModel({
      scripts: { summarizer: [failEpisodeB], insights: [failEpisodeB], 'fact-checker': [failEpisodeB] },
    });
    const { pipeline: failing } = await createHarness(allFail);
    expect(await rejection(failing.predict(requestOf([toBytes(smallWireEpisode({ title: 'B' }))]), context()))).to.be.instanceOf(
      LlmUnavailableError,
    );
  });

  it('runs at most episodeConcurrency episodes at once, each with its agents in parallel', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const track: FakeStep = async (request) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      for (let tick = 0; tick < 5; tick++) await Promise.resolve();
      inFlight--;
      return defaultResultFor(request.labels?.agent ?? '');
    };
    const script = Array.from({ length: 4 }, () => track);
    const model = createAgentScriptedModel({ scripts: { summarizer: script, insights: script, 'fact-checker': script } });
    const { pipeline } = await createHarness(model, { episodeConcurrency: 1 });
    const bytes = toBytes(smallWireEpisode());
    await pipeline.predict(requestOf([bytes, bytes, bytes, bytes]), context());
    expect(model.calls).to.have.length(12);
    expect(maxInFlight).to.equal(3);
  });

  it('estimates the worst case from the decoded episodes, and refuses an element that does not decode before reserving', async () => {
    // One USD per million tokens on 'lite', two on 'flash' (the fact-checker), one cent per search query.
    const costOf: PipelineModelOptions['costOf'] = (usage, modelId) =>
      ((modelId === 'flash' ? 2 : 1) * ((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0))) / 1e6 + (usage.searchQueries ?? 0) * 0.01;
    const { pipeline } = await createHarness(createAgentScriptedModel(), { costOf });
    expect(await rejection(pipeline.estimateCost!(requestOf([new Uint8Array(4_000)])))).to.be.instanceOf(InvalidInputError);
    const bytes = fixtureBytes('deep-sea-marathon');
    const one = await pipeline.estimateCost!(requestOf([bytes]));
    const two = await pipeline.estimateCost!(requestOf([bytes, bytes]));
    expect(two.maxTokens).to.equal(2 * one.maxTokens);
    // At least one token per byte of the transcript block for each of the three agents, plus their output caps.
    const block = Buffer.byteLength(formatTranscriptBlock(decodeEpisode(bytes, 0)), 'utf8');
    expect(one.maxTokens).to.be.above(3 * block + 3 * 1_000);
    expect(one.maxCostUsd).to.be.above(15 * 0.01);
  });
});
