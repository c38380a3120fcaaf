import { expect } from 'chai';
import { createCallRecorder } from '../../../predictor/evaluation/call-recorder.js';
import { createJudge } from '../../../predictor/evaluation/create-judge.js';
import type { DatasetEpisode } from '../../../scripts/eval/eval-dataset.js';
import { runOfflineEvaluation, type OfflineVariant } from '../../../scripts/eval/run-offline-evaluation.js';
import { LlmUnavailableError } from '../../../predictor/errors.js';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import { createPipelineModel } from '../../../predictor/pipeline/pipeline-model.js';
import { FakeLanguageModel, fakeResult, type FakeStep } from '../../fakes/fake-language-model.js';
import { fixtureBytes, fixtureEpisode } from '../../pipeline/support/episodes.js';
import { createAgentScriptedModel, providerOf } from '../../pipeline/support/scripted-model.js';

function gridEpisode(expectedFacts: string[] = []): DatasetEpisode {
  return {
    file: 'grid.json',
    id: 'grid-under-pressure',
    payload: new TextDecoder().decode(fixtureBytes('grid-under-pressure')),
    episode: fixtureEpisode('grid-under-pressure'),
    expectedFacts,
  };
}

async function variantOf(
  name: string,
  promptVersion: string,
  scripts: Partial<Record<'summarizer' | 'insights' | 'fact-checker', FakeStep[]>> = {},
): Promise<OfflineVariant & { llm: FakeLanguageModel }> {
  const recorder = createCallRecorder();
  const llm = createAgentScriptedModel({ scripts });
  const model = createPipelineModel({
    name: 'podcast-pipeline',
    version: '1',
    router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: { 'fact-checker': 'flash' } }),
    models: recorder.wrapProvider(providerOf(llm)),
    promptVersion: 'v1',
    generation: { temperature: 0.2, maxOutputTokens: 1000 },
    maxEpisodesPerRequest: 4,
    episodeConcurrency: 1,
    failOnPartial: false,
    llmBackend: 'fake',
    costOf: () => 0.01,
    onEvent: () => {},
    now: () => 0,
  });
  await model.load();
  return { name, promptVersion, settings: {}, model, recorder, llm };
}

function steppingClock(stepMs: number): () => number {
  let nowMs = 0;
  return () => (nowMs += stepMs);
}

describe('runOfflineEvaluation', () => {
  it('runs each variant over the dataset with the requested prompt version and evaluates the outputs', async () => {
    const [v1, v2] = await Promise.all([variantOf('v1', 'v1'), variantOf('v2', 'v2')]);
    const judgeModel = new FakeLanguageModel({
      fallback: fakeResult('{"statements":{"s1":{"score":0.9,"rationale":"ok"}},"relevance":{"score":1,"rationale":"ok"}}'),
    });
    const judge = createJudge({
      models: { languageModel: () => judgeModel },
      modelId: 'judge',
      promptVersion: 'judge-v1',
      costOf: () => 0.002,
    });

    const variants = await runOfflineEvaluation({
      dataset: [gridEpisode(['Data centres use about 1 percent of global electricity'])],
      variants: [v1, v2],
      judge,
      episodeTimeoutMs: 60_000,
      now: steppingClock(5),
    });

    expect(variants.map((variant) => variant.name)).to.deep.equal(['v1', 'v2']);
    expect(v2.llm.calls.map((call) => call.request.labels?.prompt_version)).to.deep.equal(['v2', 'v2', 'v2']);
    const [episode] = variants[1]!.episodes;
    expect(episode).to.include({ id: 'grid-under-pressure', status: 'ok', latencyMs: 5, costUsd: 0.03 });
    expect(episode?.models).to.deep.equal({ summarizer: 'lite', insights: 'lite', 'fact-checker': 'flash' });
    expect(episode?.checks.find((check) => check.name === 'source_validity')).to.include({ passed: 2, total: 2 });
    expect(episode?.judge).to.include({ promptVersion: 'judge-v1', costUsd: 0.002 });
    expect(episode?.expectedFacts).to.deep.equal([{ fact: 'Data centres use about 1 percent of global electricity', isMentioned: true }]);
    expect(judgeModel.calls).to.have.length(2);
    expect(variants[1]!.summary).to.include({
      episodeCount: 1,
      errorRate: 0,
      sourceValidity: 1,
      expectedFactRecall: 1,
      judgeCostUsdTotal: 0.002,
    });
  });

  it('reports a failed request with its error code and goes on', async () => {
    const failing = await variantOf('broken', 'v1', {
      summarizer: [new LlmUnavailableError('down', 503)],
      insights: [new LlmUnavailableError('down', 503)],
      'fact-checker': [new LlmUnavailableError('down', 503)],
    });
    const variants = await runOfflineEvaluation({
      dataset: [gridEpisode(), gridEpisode()],
      variants: [failing],
      episodeTimeoutMs: 60_000,
      now: steppingClock(1),
    });
    const [first, second] = variants[0]!.episodes;
    expect(first).to.include({ status: 'error' });
    expect(first?.error?.code).to.equal('llm_unavailable');
    expect(second?.status).to.equal('ok');
    expect(variants[0]!.summary.errorRate).to.equal(0.5);
  });

  it('marks an episode partial when one agent failed', async () => {
    const variant = await variantOf('partial', 'v1', { insights: [new LlmUnavailableError('down', 503)] });
    const [result] = await runOfflineEvaluation({
      dataset: [gridEpisode()],
      variants: [variant],
      episodeTimeoutMs: 60_000,
      now: steppingClock(1),
    });
    expect(result!.episodes[0]?.status).to.equal('partial');
    expect(result!.episodes[0]?.checks.some((check) => check.agent === 'insights')).to.equal(false);
  });
});
