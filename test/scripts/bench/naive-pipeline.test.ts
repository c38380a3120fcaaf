/**
 * @module test/scripts/bench/naive-pipeline
 * The cost benchmark's baseline (`scripts/bench/naive/`): the agents one after another, the
 * whole transcript four times, no explicit cache, the claim finder given the earlier outputs
 * and the grounded verifier the claims found; answered in the served response format.
 */
import { expect } from 'chai';
import type { GenerateRequest } from '../../../predictor/llm/language-model.js';
import { TRANSCRIPT_BEGIN } from '../../../predictor/pipeline/transcript-format.js';
import { createNaivePipeline } from '../../../scripts/bench/naive/naive-pipeline.js';
import { fixtureBytes } from '../../pipeline/support/episodes.js';
import { outputJson, pipelineOptions } from '../../pipeline/support/pipeline-harness.js';
import { defaultResultFor, SAMPLE_CLAIMS } from '../../pipeline/support/sample-outputs.js';
import { createAgentScriptedModel } from '../../pipeline/support/scripted-model.js';

function transcriptCount(requests: readonly GenerateRequest[]): number {
  return requests.reduce((total, request) => total + request.contents.filter((part) => part.startsWith(TRANSCRIPT_BEGIN)).length, 0);
}

describe('bench naive pipeline', () => {
  it('runs the agents one after another: four full transcripts, no explicit cache', async () => {
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
    const { router, models, generation, now } = pipelineOptions(model);
    const naive = createNaivePipeline({
      router,
      models,
      generation,
      now,
      promptVersion: 'v1',
      llmBackend: 'emulator',
      costOf: (usage) => usage.inputTokens ?? 0,
    });
    const response = await naive.analyse(fixtureBytes('deep-sea-marathon'), { signal: new AbortController().signal });

    const requests = model.calls.map((call) => call.request);
    expect(requests.map((request) => request.labels?.agent)).to.deep.equal(['summarizer', 'insights', 'fact-checker', 'fact-checker']);
    expect(startedWhileSummarizing).to.deep.equal(['summarizer']);
    expect(transcriptCount(requests)).to.equal(4);
    expect(requests.every((request) => request.cachedContent === undefined)).to.equal(true);
    const [, , finder, verifier] = requests;
    expect(finder?.useGoogleSearch).to.equal(false);
    expect(finder?.contents[1]).to.include('summarizer: {').and.include('insights: {');
    expect(verifier?.useGoogleSearch).to.equal(true);
    expect(verifier?.contents[1]).to.include(SAMPLE_CLAIMS.claims[0].claim);
    expect(response.parameters).to.include({
      pipeline_mode: 'naive',
      input_tokens: 100 + 100 + 300 + 300,
      cost_usd: 100 + 100 + 300 + 300,
    });
    expect(outputJson(response, 'fact_checks')).to.have.property('claims').with.length(3);
  });
});
