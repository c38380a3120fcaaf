import { expect } from 'chai';
import { LlmUnavailableError } from '../../predictor/errors.js';
import type { GenerateRequest, GenerateResult } from '../../predictor/llm/language-model.js';
import { estimateTokens } from '../../predictor/llm/model-router.js';
import type { FactCheckOutput, InsightsOutput, SummaryOutput } from '../../predictor/pipeline/agent-output-schemas.js';
import { PARTIALS_BEGIN } from '../../predictor/pipeline/prompts/summary-reduce-prompt.js';
import { parseTranscriptBlock } from '../../predictor/pipeline/transcript-format.js';
import { fakeResult, hangUntilAborted } from '../fakes/fake-language-model.js';
import { fixtureBytes, fixtureEpisode } from './support/episodes.js';
import { context, createHarness, outputJson, requestOf } from './support/pipeline-harness.js';
import { SAMPLE_SUMMARY } from './support/sample-outputs.js';
import { createAgentScriptedModel } from './support/scripted-model.js';

const CHUNKING = { maxInputTokens: 6_000, overlapSegments: 2, concurrency: 3 };
const usage = { inputTokens: 1_000, outputTokens: 100 };

/** Answers every agent from the chunk it was sent, so outputs can be traced back to segments. */
function chunkAwareAnswer(request: GenerateRequest): GenerateResult {
  const agent = request.labels?.agent;
  if (request.contents[0]?.startsWith(PARTIALS_BEGIN)) {
    return fakeResult(JSON.stringify({ ...SAMPLE_SUMMARY, overview: 'The whole marathon.' }), { usage, modelVersion: 'lite-001' });
  }
  const segments = parseTranscriptBlock(request.contents[0] ?? '');
  const first = segments[0]!;
  const last = segments.at(-1)!;
  if (agent === 'summarizer') {
    return fakeResult(JSON.stringify({ ...SAMPLE_SUMMARY, overview: `From ${first.timestamp}.` }), { usage, modelVersion: 'lite-001' });
  }
  if (agent === 'insights') {
    const output: InsightsOutput = {
      takeaways: [`Takeaway from ${first.timestamp}.`],
      notable_quotes: [{ quote: last.text, speaker: 'Someone Else', timestamp: '99:99:99' }],
      topic_tags: ['ocean', first.section ?? 'none'],
    };
    return fakeResult(JSON.stringify(output), { usage, modelVersion: 'lite-001' });
  }
  const claim = { claim: last.text, timestamp: last.timestamp, verdict: 'unverifiable', confidence: 0.5, explanation: 'No source.' };
  return fakeResult(JSON.stringify({ claims: [claim] }), { usage, modelVersion: 'flash-002' });
}

describe('pipeline on a transcript over the chunk budget', () => {
  const episode = fixtureEpisode('deep-sea-marathon');

  it('names a fallback model that served a chunk or the reduce call, and passes cache:false to every call', async () => {
    const model = createAgentScriptedModel();
    const viaFallback = (request: GenerateRequest): GenerateResult => ({ ...chunkAwareAnswer(request), fallbackModel: 'lite' });
    model.enqueue(...Array.from({ length: 25 }, () => viaFallback));
    const { pipeline } = await createHarness(model, { chunking: CHUNKING });

    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')], { cache: false }), context());

    expect(response.parameters?.fallback_model).to.equal('lite');
    expect(model.calls.every((call) => call.options?.cacheMode === 'bypass')).to.equal(true);
  });

  it('runs every agent per chunk, reduces the summaries with one more call, and keeps original timestamps', async () => {
    const model = createAgentScriptedModel();
    model.enqueue(...Array.from({ length: 25 }, () => chunkAwareAnswer));
    const { pipeline } = await createHarness(model, {
      chunking: CHUNKING,
      costOf: (callUsage, version) => (version === 'flash-002' ? 2 : 1) * (callUsage.inputTokens ?? 0),
    });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());

    const chunkCalls = model.calls.filter((call) => !call.request.contents[0]?.startsWith(PARTIALS_BEGIN));
    expect(chunkCalls).to.have.length(24);
    expect(model.calls).to.have.length(25);
    for (const { request } of chunkCalls) {
      const promptTokens = estimateTokens([request.systemInstruction ?? '', ...request.contents].join('\n'));
      expect(promptTokens).to.be.at.most(CHUNKING.maxInputTokens);
      expect(request.contents[1]).to.match(/part \d of 8/);
    }
    const summary = outputJson(response, 'summary') as SummaryOutput;
    expect(summary.overview).to.equal('The whole marathon.');
    const reduce = model.calls.find((call) => call.request.contents[0]?.startsWith(PARTIALS_BEGIN));
    for (let part = 1; part <= 8; part++) expect(reduce?.request.contents[0]).to.include(`Part ${part} of 8`);

    const insights = outputJson(response, 'insights') as InsightsOutput;
    expect(insights.takeaways).to.have.length(5);
    expect(insights.notable_quotes).to.have.length(8);
    for (const quote of insights.notable_quotes) {
      const source = episode.segments.find((segment) => segment.timestamp === quote.timestamp);
      expect(source?.text, quote.timestamp).to.equal(quote.quote);
      expect(quote.speaker).to.equal(source?.speaker);
    }
    const claims = (outputJson(response, 'fact_checks') as FactCheckOutput).claims;
    expect(claims.length).to.be.greaterThan(0);
    for (const claim of claims)
      expect(episode.segments.find((segment) => segment.timestamp === claim.timestamp)?.text).to.equal(claim.claim);

    expect(response.parameters).to.include({ input_tokens: 25_000, output_tokens: 2_500, partial: false });
    // 8 fact-checker calls priced at 2 per token, 17 others at 1.
    expect(response.parameters?.cost_usd).to.equal(8 * 2_000 + 17 * 1_000);
  });

  it('merges the chunk summaries without a model when the reduce call fails', async () => {
    const failingReduce = (request: GenerateRequest): GenerateResult => {
      if (request.contents[0]?.startsWith(PARTIALS_BEGIN)) throw new LlmUnavailableError('Gemini is unavailable');
      return chunkAwareAnswer(request);
    };
    const model = createAgentScriptedModel();
    model.enqueue(...Array.from({ length: 25 }, () => failingReduce));
    const { pipeline } = await createHarness(model, { chunking: CHUNKING });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    const summary = outputJson(response, 'summary') as SummaryOutput;
    expect(summary.overview.startsWith('From 00:00:04.')).to.equal(true);
    expect(summary.overview.split('From ')).to.have.length(9);
    expect(model.calls).to.have.length(25);
    expect(response.parameters?.partial).to.equal(false);
  });

  it('fails only the agent whose chunk call failed', async () => {
    const model = createAgentScriptedModel({
      scripts: { 'fact-checker': [new LlmUnavailableError('Gemini is unavailable')] },
    });
    const { pipeline } = await createHarness(model, { chunking: CHUNKING });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(response.parameters?.partial).to.equal(true);
    expect(outputJson(response, 'fact_checks')).to.deep.equal({ error: { code: 'llm_unavailable', message: 'Gemini is unavailable' } });
    expect((outputJson(response, 'summary') as SummaryOutput).overview).to.be.a('string');
  });

  it("stops the agent's other chunk calls once one chunk fails", async function () {
    this.timeout(2_000); // chunk calls that are never aborted would hang
    const failure = new LlmUnavailableError('Gemini is unavailable');
    const model = createAgentScriptedModel({ scripts: { insights: [hangUntilAborted, failure, hangUntilAborted] } });
    const { pipeline } = await createHarness(model, { chunking: CHUNKING });
    const response = await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(outputJson(response, 'insights')).to.deep.equal({ error: { code: 'llm_unavailable', message: 'Gemini is unavailable' } });
    expect(model.calls.filter((call) => call.request.labels?.agent === 'insights')).to.have.length(3);
  });

  it('keeps each agent within the chunk concurrency', async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const model = createAgentScriptedModel();
    model.enqueue(
      ...Array.from({ length: 25 }, () => async (request: GenerateRequest) => {
        const agent = request.labels?.agent ?? '';
        inFlight.set(agent, (inFlight.get(agent) ?? 0) + 1);
        peak.set(agent, Math.max(peak.get(agent) ?? 0, inFlight.get(agent) ?? 0));
        await new Promise((resolve) => setImmediate(resolve));
        inFlight.set(agent, (inFlight.get(agent) ?? 0) - 1);
        return chunkAwareAnswer(request);
      }),
    );
    const { pipeline } = await createHarness(model, { chunking: { ...CHUNKING, concurrency: 2 } });
    await pipeline.predict(requestOf([fixtureBytes('deep-sea-marathon')]), context());
    expect(Object.fromEntries(peak)).to.deep.equal({ summarizer: 2, insights: 2, 'fact-checker': 2 });
  });
});
