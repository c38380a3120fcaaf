import { expect } from 'chai';
import { CancelledError, DeadlineExceededError, LlmInvalidResponseError, LlmUnavailableError } from '../../predictor/errors.js';
import type { GenerateResult } from '../../predictor/llm/language-model.js';
import { createModelRouter } from '../../predictor/llm/model-router.js';
import type { Agent } from '../../predictor/pipeline/agent.js';
import { createAgents } from '../../predictor/pipeline/agents/create-json-agent.js';
import { wholeEpisodePlan, type EpisodePlanner } from '../../predictor/pipeline/episode-plan.js';
import type { Episode } from '../../predictor/pipeline/episode.js';
import { createOrchestrator } from '../../predictor/pipeline/orchestrator.js';
import { ContentBlockedError } from '../../predictor/errors.js';
import type { Guardrails } from '../../predictor/pipeline/guardrails/create-guardrails.js';
import type { PipelineEvent } from '../../predictor/observability/pipeline-events.js';
import { fakeResult, hangUntilAborted, type FakeLanguageModel } from '../fakes/fake-language-model.js';
import { fixtureEpisode } from './support/episodes.js';
import { defaultResultFor } from './support/sample-outputs.js';
import { createAgentScriptedModel, providerOf } from './support/scripted-model.js';

function setup(
  model: FakeLanguageModel,
  options: {
    failOnPartial?: boolean;
    onEvent?: (event: PipelineEvent) => void;
    guardrails?: Pick<Guardrails, 'screenInput'>;
    planner?: EpisodePlanner;
  } = {},
) {
  const events: PipelineEvent[] = [];
  let clockMs = 0;
  const now = () => (clockMs += 10);
  const deps = {
    router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: { 'fact-checker': 'flash' } }),
    models: providerOf(model),
    generation: { temperature: 0.2, maxOutputTokens: 1024 },
    now,
  };
  const agents: Agent[] = [...createAgents(deps)];
  const orchestrator = createOrchestrator({
    agents,
    failOnPartial: options.failOnPartial ?? false,
    onEvent: options.onEvent ?? ((event) => events.push(event)),
    now,
    ...(options.guardrails ? { guardrails: options.guardrails } : {}),
    ...(options.planner ? { planner: options.planner } : {}),
  });
  const run = { episode: fixtureEpisode('grid-under-pressure'), episodeIndex: 0, promptVersion: 'v1' };
  return { orchestrator, events, run };
}

/** A step that answers only once `count` calls have started: sequential agents would never finish. */
function barrier(count: number): {
  step: (request: { labels?: Readonly<Record<string, string>> }) => Promise<GenerateResult>;
  started: string[];
} {
  const started: string[] = [];
  let release: () => void = () => {};
  const allStarted = new Promise<void>((resolve) => (release = resolve));
  return {
    started,
    step: async (request) => {
      const agent = request.labels?.agent ?? '';
      started.push(agent);
      if (started.length === count) release();
      await allStarted;
      return defaultResultFor(agent);
    },
  };
}

/** Screening that swaps in a marked episode and blocks the named agents. */
function screeningGuardrails(blockedAgents: readonly string[], screenedCalls: Episode[]): Pick<Guardrails, 'screenInput'> {
  return {
    async screenInput(episode) {
      screenedCalls.push(episode);
      const screened = { ...episode, title: 'SCREENED' };
      const blocked = new Map(blockedAgents.map((agent) => [agent, new ContentBlockedError(`Blocked by guardrail: injection (${agent})`)]));
      return { episode: screened, isRedacted: true, mayLeave: true, blocked, decisions: [] };
    },
  };
}

describe('createOrchestrator', () => {
  it('screens the episode once and gives the screened one to the planner and every agent call', async () => {
    const model = createAgentScriptedModel();
    const screened: Episode[] = [];
    const planned: { title: string; agents: string[] }[] = [];
    const planner: EpisodePlanner = {
      async prepare({ episode, agents }) {
        planned.push({ title: episode.title, agents: agents.map((agent) => agent.name) });
        return wholeEpisodePlan(episode);
      },
    };
    const { orchestrator, run } = setup(model, { guardrails: screeningGuardrails([], screened), planner });

    await orchestrator.run(run, { signal: new AbortController().signal });

    expect(screened).to.have.length(1);
    expect(planned).to.deep.equal([{ title: 'SCREENED', agents: ['summarizer', 'insights', 'fact-checker'] }]);
    expect(model.calls).to.have.length(3);
    for (const call of model.calls) expect(JSON.stringify(call.request)).to.include('SCREENED').and.not.include(run.episode.title);
  });

  it('fails a blocked agent in its slot without a call or a cache, and runs the others', async () => {
    const model = createAgentScriptedModel();
    const planned: string[][] = [];
    const planner: EpisodePlanner = {
      async prepare({ episode, agents }) {
        planned.push(agents.map((agent) => agent.name));
        return wholeEpisodePlan(episode);
      },
    };
    const { orchestrator, run } = setup(model, { guardrails: screeningGuardrails(['fact-checker'], []), planner });

    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });

    expect(planned).to.deep.equal([['summarizer', 'insights']]);
    expect(model.calls.map((call) => call.request.labels?.agent).sort()).to.deep.equal(['insights', 'summarizer']);
    expect(analysis.isPartial).to.equal(true);
    const failed = analysis.outcomes.find((outcome) => outcome.agent === 'fact-checker');
    expect(failed?.status === 'error' ? failed.error : undefined).to.deep.equal({
      code: 'content_blocked',
      message: 'Blocked by guardrail: injection (fact-checker)',
    });
  });

  it('runs the three agents in parallel', async function () {
    this.timeout(2_000); // a sequential orchestrator deadlocks on the barrier
    const gate = barrier(3);
    const model = createAgentScriptedModel({ scripts: { summarizer: [gate.step], insights: [gate.step], 'fact-checker': [gate.step] } });
    const { orchestrator, run } = setup(model);
    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });
    expect([...gate.started].sort()).to.deep.equal(['fact-checker', 'insights', 'summarizer']);
    expect(analysis.outcomes.map((outcome) => [outcome.agent, outcome.status])).to.deep.equal([
      ['summarizer', 'ok'],
      ['insights', 'ok'],
      ['fact-checker', 'ok'],
    ]);
    expect(analysis.isPartial).to.equal(false);
  });

  it('sums billed usage and leaves cache hits out', async () => {
    const cached = fakeResult(JSON.stringify(JSON.parse(defaultResultFor('insights').text)), {
      isCacheHit: true,
      usage: { inputTokens: 999 },
    });
    const { orchestrator, run } = setup(createAgentScriptedModel({ scripts: { insights: [cached] } }));
    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });
    expect(analysis.usage).to.deep.equal({
      inputTokens: 400,
      cachedInputTokens: 100,
      outputTokens: 70,
      thoughtsTokens: 25,
      searchQueries: 2,
    });
  });

  it('emits start and end events with outcome, duration, usage and model', async () => {
    const { orchestrator, run, events } = setup(createAgentScriptedModel());
    await orchestrator.run({ ...run, episodeIndex: 3 }, { signal: new AbortController().signal });
    expect(events.filter((event) => event.type === 'agent-start')).to.have.length(3);
    const end = events.find((event) => event.type === 'agent-end' && event.agent === 'fact-checker');
    expect(end).to.deep.include({
      episodeIndex: 3,
      episodeId: 'power-lines-042',
      promptVersion: 'v1',
      outcome: 'ok',
      modelId: 'flash',
      modelVersion: 'gemini-test-flash-002',
      groundingQueryCount: 2,
      isCacheHit: false,
    });
    expect(end).to.have.property('durationMs').that.is.above(0);
    expect(events.at(-1)).to.deep.include({ type: 'episode-end', outcome: 'ok', episodeIndex: 3 });
  });

  it('returns the other outputs and an error object when one agent fails', async () => {
    const model = createAgentScriptedModel({ scripts: { insights: [new LlmUnavailableError('Gemini is unavailable', 503)] } });
    const { orchestrator, run, events } = setup(model);
    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });
    expect(analysis.isPartial).to.equal(true);
    const insights = analysis.outcomes[1];
    expect(insights).to.deep.include({
      agent: 'insights',
      status: 'error',
      error: { code: 'llm_unavailable', message: 'Gemini is unavailable' },
    });
    expect(analysis.outcomes.filter((outcome) => outcome.status === 'ok')).to.have.length(2);
    expect(events.find((event) => event.type === 'agent-error')).to.deep.include({
      agent: 'insights',
      code: 'llm_unavailable',
      retryable: true,
      isCancelled: false,
    });
    expect(events.find((event) => event.type === 'agent-end' && event.agent === 'insights')).to.deep.include({
      outcome: 'error',
      errorCode: 'llm_unavailable',
    });
    expect(events.at(-1)).to.deep.include({ type: 'episode-end', outcome: 'partial' });
  });

  it('hides the message of an error that is not a PredictorError', async () => {
    const model = createAgentScriptedModel({ scripts: { summarizer: [new TypeError('secret internals at /srv/app.js')] } });
    const { orchestrator, run } = setup(model);
    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });
    expect(analysis.outcomes[0]).to.deep.include({ status: 'error', error: { code: 'internal', message: 'internal error' } });
  });

  it('throws the first error and cancels the other agents with failOnPartial', async () => {
    const failure = new LlmInvalidResponseError('summarizer: model response is not valid JSON');
    const model = createAgentScriptedModel({
      scripts: { summarizer: [failure], insights: [hangUntilAborted], 'fact-checker': [hangUntilAborted] },
    });
    const { orchestrator, run, events } = setup(model, { failOnPartial: true });
    const error = await orchestrator.run(run, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).to.equal(failure);
    expect(model.calls.every((call) => call.options.signal?.aborted)).to.equal(true);
    await new Promise((resolve) => setImmediate(resolve));
    const cancelled = events.filter((event) => event.type === 'agent-end' && event.outcome === 'cancelled');
    expect(cancelled.map((event) => (event.type === 'agent-end' ? event.agent : ''))).to.have.members(['insights', 'fact-checker']);
  });

  it('throws the first error when every agent fails', async () => {
    const first = new LlmUnavailableError('Gemini is unavailable', 503);
    const model = createAgentScriptedModel({
      scripts: {
        summarizer: [first],
        insights: [new LlmUnavailableError('again', 503)],
        'fact-checker': [new LlmUnavailableError('again', 503)],
      },
    });
    const { orchestrator, run, events } = setup(model);
    const error = await orchestrator.run(run, { signal: new AbortController().signal }).catch((caught: unknown) => caught);
    expect(error).to.equal(first);
    expect(events.at(-1)).to.deep.include({ type: 'episode-end', outcome: 'error' });
  });

  it('stops waiting and throws CancelledError when the caller aborts', async () => {
    const model = createAgentScriptedModel({ scripts: { summarizer: [hangUntilAborted], insights: [hangUntilAborted] } });
    const { orchestrator, run } = setup(model);
    const controller = new AbortController();
    const running = orchestrator.run(run, { signal: controller.signal });
    controller.abort();
    const error = await running.catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(CancelledError);
    expect(model.calls.filter((call) => call.options.signal?.aborted)).to.have.length(3);
  });

  it('throws DeadlineExceededError when the signal aborts at the deadline', async () => {
    const model = createAgentScriptedModel({ scripts: { summarizer: [hangUntilAborted] } });
    const { orchestrator, run } = setup(model);
    const controller = new AbortController();
    const running = orchestrator.run(run, { signal: controller.signal, deadlineAtMs: 5 });
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    expect(await running.catch((caught: unknown) => caught)).to.be.instanceOf(DeadlineExceededError);
    expect(model.calls[0]?.options.deadlineAtMs).to.equal(5);
  });

  it("hands the request's spend meter and cache partition to every agent's LLM call", async () => {
    const model = createAgentScriptedModel();
    const { orchestrator, run } = setup(model);
    const spend = { add: () => {} };

    await orchestrator.run(run, { signal: new AbortController().signal, spend, cacheScope: 'team-a' });

    expect(model.calls).to.have.length(3);
    for (const call of model.calls) expect(call.options).to.include({ spend, cacheScope: 'team-a' });
  });

  it('makes no call when the signal is already aborted', async () => {
    const model = createAgentScriptedModel();
    const { orchestrator, run } = setup(model);
    const controller = new AbortController();
    controller.abort();
    expect(await orchestrator.run(run, { signal: controller.signal }).catch((caught: unknown) => caught)).to.be.instanceOf(CancelledError);
    expect(model.calls).to.have.length(0);
  });

  it('keeps working when the event sink throws', async () => {
    const { orchestrator, run } = setup(createAgentScriptedModel(), {
      onEvent: () => {
        throw new Error('telemetry bug');
      },
    });
    const analysis = await orchestrator.run(run, { signal: new AbortController().signal });
    expect(analysis.isPartial).to.equal(false);
  });
});
