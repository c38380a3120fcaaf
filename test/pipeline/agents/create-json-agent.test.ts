import { expect } from 'chai';
import { ContentBlockedError, LlmInvalidResponseError, LlmUnavailableError } from '../../../predictor/errors.js';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import type { SummaryOutput } from '../../../predictor/pipeline/agent-output-schemas.js';
import { createAgents } from '../../../predictor/pipeline/agents/create-json-agent.js';
import { fakeResult } from '../../fakes/fake-language-model.js';
import { fixtureEpisode } from '../support/episodes.js';
import { SAMPLE_SUMMARY } from '../support/sample-outputs.js';
import { createAgentScriptedModel, providerOf } from '../support/scripted-model.js';

const TIERS = { 'flash-lite': 'model-lite', flash: 'model-flash', pro: 'model-pro' } as const;

function setup(steps: Parameters<typeof createAgentScriptedModel>[0] = {}, escalation: { inputTokensAbove: number; toTier: 'pro' }[] = []) {
  const model = createAgentScriptedModel(steps);
  const models = providerOf(model);
  const router = createModelRouter({ tiers: TIERS, agentTiers: { summarizer: 'flash-lite' }, escalation });
  let clockMs = 1_000;
  const agent = createAgents({
    router,
    models,
    generation: { temperature: 0.2, maxOutputTokens: 2048 },
    now: () => (clockMs += 250),
  }).find((candidate) => candidate.name === 'summarizer')!;
  const input = { episode: fixtureEpisode('grid-under-pressure'), promptVersion: 'v1' };
  return { model, models, agent, input };
}

describe('createJsonAgent (through the summarizer createAgents builds)', () => {
  it('makes one labelled call with the prompt, generation settings, signal and deadline', async () => {
    const { model, models, agent, input } = setup();
    const controller = new AbortController();
    const result = await agent.run(input, { signal: controller.signal, deadlineAtMs: 99_000 });
    expect(models.requestedIds).to.deep.equal(['model-lite']);
    const [call] = model.calls;
    expect(call?.request.labels).to.deep.equal({ agent: 'summarizer', prompt_version: 'v1' });
    expect(call?.request).to.include({ temperature: 0.2, maxOutputTokens: 2048 });
    expect(call?.request.useGoogleSearch).to.equal(undefined);
    expect(call?.request.responseJsonSchema).to.not.equal(undefined);
    expect(call?.options).to.deep.equal({ signal: controller.signal, deadlineAtMs: 99_000 });
    expect(result).to.deep.include({
      agent: 'summarizer',
      output: SAMPLE_SUMMARY,
      modelId: 'model-lite',
      modelVersion: 'gemini-test-lite-001',
      promptVersion: 'v1',
      durationMs: 250,
      groundingQueryCount: 0,
      isCacheHit: false,
    });
  });

  it('escalates to a stronger tier when the prompt is large', async () => {
    const { models, agent, input } = setup({}, [{ inputTokensAbove: 1_000, toTier: 'pro' }]);
    await agent.run(input, { signal: new AbortController().signal });
    expect(models.requestedIds).to.deep.equal(['model-pro']);
  });

  it('asks upstream again, bypassing the response cache, when a cached answer fails validation', async () => {
    const rejected = fakeResult(JSON.stringify({ overview: 42 }), { isCacheHit: true });
    const { model, agent, input } = setup({ scripts: { summarizer: [rejected, fakeResult(JSON.stringify(SAMPLE_SUMMARY))] } });

    const result = await agent.run(input, { signal: new AbortController().signal });

    expect(result.output).to.deep.equal(SAMPLE_SUMMARY);
    expect(model.calls.map((call) => call.options?.cacheMode)).to.deep.equal([undefined, 'bypass']);
  });

  it('does not ask again when a fresh (uncached) answer fails validation', async () => {
    const { model, agent, input } = setup({ scripts: { summarizer: [fakeResult(JSON.stringify({ overview: 42 }))] } });

    const failure = await agent.run(input, { signal: new AbortController().signal }).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(LlmInvalidResponseError);
    expect(model.calls).to.have.length(1);
  });

  it('repairs JSON wrapped in a fenced block with prose around it', async () => {
    const text = `Here is the summary:\n\`\`\`json\n${JSON.stringify(SAMPLE_SUMMARY, null, 2)}\n\`\`\`\nHope this helps.`;
    const { agent, input } = setup({ scripts: { summarizer: [fakeResult(text)] } });
    const result = await agent.run(input, { signal: new AbortController().signal });
    expect(result.output).to.deep.equal(SAMPLE_SUMMARY);
  });

  it('cuts arrays to their maxItems and drops unknown keys instead of failing', async () => {
    const themes = Array.from({ length: 9 }, (_, index) => `theme ${index}`);
    const text = JSON.stringify({ ...SAMPLE_SUMMARY, core_themes: themes, mood: 'upbeat' });
    const { agent, input } = setup({ scripts: { summarizer: [fakeResult(text)] } });
    const { output } = await agent.run(input, { signal: new AbortController().signal });
    expect((output as SummaryOutput).core_themes).to.deep.equal(themes.slice(0, 7));
    expect(output).to.not.have.property('mood');
  });

  it('throws LlmInvalidResponseError for text that is not JSON', async () => {
    const { agent, input } = setup({ scripts: { summarizer: [fakeResult('I cannot summarise this.')] } });
    const error = await agent.run(input, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(LlmInvalidResponseError);
    expect((error as Error).message).to.equal('summarizer: model response is not valid JSON');
  });

  it('throws LlmInvalidResponseError naming the path when JSON misses a required field', async () => {
    const { overview: _overview, ...incomplete } = SAMPLE_SUMMARY;
    const { agent, input } = setup({ scripts: { summarizer: [fakeResult(JSON.stringify(incomplete))] } });
    const error = await agent.run(input, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(LlmInvalidResponseError);
    expect((error as Error).message).to.match(/^summarizer: response does not match its schema at \/: .*overview/);
  });

  it('treats a response cut off at the token limit as invalid, and a filtered one as blocked', async () => {
    const cut = setup({ scripts: { summarizer: [fakeResult('{"overview": "The ep', { finishReason: 'length' })] } });
    const cutError = await cut.agent.run(cut.input, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(cutError).to.be.instanceOf(LlmInvalidResponseError);
    const blocked = setup({ scripts: { summarizer: [fakeResult('', { finishReason: 'content-filter' })] } });
    const blockedError = await blocked.agent
      .run(blocked.input, { signal: new AbortController().signal })
      .catch((caught: unknown) => caught);
    expect(blockedError).to.be.instanceOf(ContentBlockedError);
  });

  it('passes model errors through unchanged', async () => {
    const failure = new LlmUnavailableError('Gemini is unavailable', 503);
    const { agent, input } = setup({ scripts: { summarizer: [failure] } });
    const error = await agent.run(input, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).to.equal(failure);
  });

  it('reports cache hits and fallback models from the result', async () => {
    const text = JSON.stringify(SAMPLE_SUMMARY);
    const { agent, input } = setup({ scripts: { summarizer: [fakeResult(text, { isCacheHit: true, fallbackModel: 'model-pro' })] } });
    const result = await agent.run(input, { signal: new AbortController().signal });
    expect(result).to.include({ isCacheHit: true, fallbackModel: 'model-pro' });
  });
});
