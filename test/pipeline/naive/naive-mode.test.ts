import { expect } from 'chai';
import { InvalidInputError } from '../../../predictor/errors.js';
import type { GenerateRequest } from '../../../predictor/llm/language-model.js';
import { TRANSCRIPT_BEGIN } from '../../../predictor/pipeline/transcript-format.js';
import { fixtureBytes } from '../support/episodes.js';
import { createFakeContextCacheClient } from '../support/fake-context-cache-client.js';
import { context, createHarness, outputJson, requestOf } from '../support/pipeline-harness.js';
import { defaultResultFor, SAMPLE_CLAIMS } from '../support/sample-outputs.js';
import { createAgentScriptedModel } from '../support/scripted-model.js';

function transcriptCount(requests: readonly GenerateRequest[]): number {
  return requests.reduce((total, request) => total + request.contents.filter((part) => part.startsWith(TRANSCRIPT_BEGIN)).length, 0);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.fail('expected a rejection'), (error: unknown) => error);
}

describe('pipeline_mode naive', () => {
  it('is refused unless enabled, and unknown modes are refused', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel());
    const naive = requestOf([fixtureBytes('grid-under-pressure')], { pipeline_mode: 'naive' });
    expect(await rejection(pipeline.predict(naive, context()))).to.be.instanceOf(InvalidInputError);
    const unknown = requestOf([fixtureBytes('grid-under-pressure')], { pipeline_mode: 'fast' });
    expect(await rejection(pipeline.predict(unknown, context()))).to.be.instanceOf(InvalidInputError);
  });

  it('runs the seed design: agents one after another, four full transcripts, no explicit cache', async () => {
    const startedWhileSummarizing: string[] = [];
    const model = createAgentScriptedModel({
      scripts: {
        summarizer: [
          async () => {
            await new Promise((resolve) => setImmediate(resolve));
            startedWhileSummarizing.push(...model.calls.map((call) => call.request.labels?.agent ?? ''));
            return defaultResultFor('summarizer');
          },
        ],
      },
    });
    const client = createFakeContextCacheClient();
    const contextCache = { client, ttlSeconds: 300, sharedModel: 'always' as const, expectedOutputTokensPerCall: 1_000, priceOf: () => undefined };
    const { pipeline } = await createHarness(model, { isNaiveModeEnabled: true, contextCache });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')], { pipeline_mode: 'naive' }), context());

    const requests = model.calls.map((call) => call.request);
    expect(requests.map((request) => request.labels?.agent)).to.deep.equal(['summarizer', 'insights', 'fact-checker', 'fact-checker']);
    expect(startedWhileSummarizing).to.deep.equal(['summarizer']);
    expect(transcriptCount(requests)).to.equal(4);
    expect(requests.every((request) => request.cachedContent === undefined)).to.equal(true);
    expect(client.created).to.deep.equal([]);
    const [, , finder, verifier] = requests;
    expect(finder?.useGoogleSearch).to.equal(false);
    expect(finder?.contents[1]).to.include('summarizer: {').and.include('insights: {');
    expect(verifier?.useGoogleSearch).to.equal(true);
    expect(verifier?.contents[1]).to.include(SAMPLE_CLAIMS.claims[0].claim);
    expect(response.parameters).to.include({ pipeline_mode: 'naive', input_tokens: 100 + 100 + 300 + 300 });
    expect(outputJson(response, 'fact_checks')).to.have.property('claims').with.length(3);
  });

  it('reserves more for a naive request than for the parallel pipeline', async () => {
    const { pipeline } = await createHarness(createAgentScriptedModel(), { isNaiveModeEnabled: true, costOf: (usage) => usage.inputTokens ?? 0 });
    const bytes = fixtureBytes('deep-sea-marathon');
    const parallel = pipeline.estimateCost?.(requestOf([bytes]));
    const naive = pipeline.estimateCost?.(requestOf([bytes], { pipeline_mode: 'naive' }));
    expect(naive?.maxTokens).to.be.greaterThan((parallel?.maxTokens ?? 0) * 1.3);
    expect(naive?.maxCostUsd).to.be.greaterThan((parallel?.maxCostUsd ?? 0) * 1.3);
  });
});
