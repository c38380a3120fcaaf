import { expect } from 'chai';
import { CancelledError } from '../../predictor/errors.js';
import { createMemoryResponseCacheStore } from '../../predictor/llm/middleware/memory-response-cache-store.js';
import type { AgentResult } from '../../predictor/pipeline/agent.js';
import type { Episode } from '../../predictor/pipeline/episode.js';
import { createEpisodeResultCache } from '../../predictor/pipeline/episode-result-cache.js';
import type { EpisodeAnalysis } from '../../predictor/pipeline/orchestrator.js';

function episode(text = 'We grew by 40 percent in 2024.'): Episode {
  return { title: 'T', guests: [], hasTimestamps: true, segments: [{ timestamp: '00:00:01', speaker: 'Ann', text }] };
}

function result(agent: AgentResult['agent']): AgentResult {
  return {
    agent,
    output: { from: agent },
    usage: { inputTokens: 100, outputTokens: 10 },
    promptVersion: 'v1',
    modelId: 'm',
    modelVersion: 'm-001',
    durationMs: 5,
    groundingQueryCount: 0,
    isCacheHit: false,
  };
}

function analysisOf(input: Episode, isPartial = false): EpisodeAnalysis {
  const outcomes = isPartial
    ? [
        { agent: 'summarizer' as const, status: 'ok' as const, result: result('summarizer') },
        { agent: 'insights' as const, status: 'error' as const, error: { code: 'llm_unavailable', message: 'down' }, cause: undefined },
      ]
    : [{ agent: 'summarizer' as const, status: 'ok' as const, result: result('summarizer') }];
  return { episode: input, outcomes, isPartial, usage: { inputTokens: 100, outputTokens: 10 } };
}

function setup(fingerprint = 'f1', scope?: 'principal' | 'shared') {
  const store = createMemoryResponseCacheStore({ maxEntries: 100, maxBytes: 1_000_000 });
  return createEpisodeResultCache({ store, ttlMs: 60_000, fingerprint, ...(scope ? { scope } : {}) });
}

type KeyOverrides = Partial<{
  promptVersion: string;
  mode: string;
  cacheMode: 'default' | 'bypass';
  cacheScope: string;
  signal: AbortSignal;
}>;

const key = (input: Episode, overrides: KeyOverrides = {}) => ({
  episode: input,
  promptVersion: 'v1',
  mode: 'parallel',
  cacheMode: 'default' as const,
  cacheScope: 'team-a',
  signal: new AbortController().signal,
  ...overrides,
});

/** A run that answers only once `release()` is called, counting how often it was started. */
function gatedRun() {
  let started = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const compute = async () => {
    started++;
    await gate;
    return analysisOf(episode());
  };
  return { compute, release: () => release(), runs: () => started };
}

describe('createEpisodeResultCache', () => {
  it('answers an equal episode from the cache as a hit that bills nothing', async () => {
    const cache = setup();
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode()));

    await cache.run(key(episode()), compute);
    const hit = await cache.run(key(episode()), compute);

    expect(runs).to.equal(1);
    expect(hit.usage).to.deep.equal({});
    const [outcome] = hit.outcomes;
    expect(outcome?.status === 'ok' && outcome.result).to.deep.include({ isCacheHit: true, usage: {}, output: { from: 'summarizer' } });
  });

  it('keys on the episode content, prompt version, mode and fingerprint', async () => {
    const cache = setup();
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode()));

    await cache.run(key(episode()), compute);
    await cache.run(key(episode('Something else.')), compute);
    await cache.run(key(episode(), { promptVersion: 'v2' }), compute);
    await cache.run(key(episode(), { mode: 'naive' }), compute);
    await setup('f2').run(key(episode()), compute);

    expect(runs).to.equal(5);
  });

  it('replays a result only for the principal that computed it, by default', async () => {
    const cache = setup();
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode()));

    await cache.run(key(episode(), { cacheScope: 'team-a' }), compute);
    const other = await cache.run(key(episode(), { cacheScope: 'team-b' }), compute);
    const again = await cache.run(key(episode(), { cacheScope: 'team-b' }), compute);

    expect(runs).to.equal(2);
    expect(other.usage, 'team-b pays for its own first run').to.deep.equal({ inputTokens: 100, outputTokens: 10 });
    expect(again.usage).to.deep.equal({});
  });

  it('shares results across principals when configured shared', async () => {
    const cache = setup('f1', 'shared');
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode()));

    await cache.run(key(episode(), { cacheScope: 'team-a' }), compute);
    await cache.run(key(episode(), { cacheScope: 'team-b' }), compute);

    expect(runs).to.equal(1);
  });

  it('does not let a run in flight for one principal answer another', async () => {
    const cache = setup();
    const { compute, release, runs } = gatedRun();

    const all = Promise.all([
      cache.run(key(episode(), { cacheScope: 'team-a' }), compute),
      cache.run(key(episode(), { cacheScope: 'team-b' }), compute),
    ]);
    release();
    const analyses = await all;

    expect(runs()).to.equal(2);
    expect(analyses.map((analysis) => analysis.usage)).to.deep.equal([
      { inputTokens: 100, outputTokens: 10 },
      { inputTokens: 100, outputTokens: 10 },
    ]);
  });

  it('does not store a partial analysis', async () => {
    const cache = setup();
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode(), true));

    await cache.run(key(episode()), compute);
    await cache.run(key(episode()), compute);

    expect(runs).to.equal(2);
  });

  it('skips the read on bypass but stores the fresh result', async () => {
    const cache = setup();
    let runs = 0;
    const compute = async () => (runs++, analysisOf(episode()));

    await cache.run(key(episode()), compute);
    await cache.run(key(episode(), { cacheMode: 'bypass' }), compute);
    await cache.run(key(episode()), compute);

    expect(runs).to.equal(2);
  });

  it('lets concurrent identical requests share one run, the followers reporting a hit', async () => {
    const cache = setup();
    const { compute, release, runs } = gatedRun();

    const all = Promise.all([cache.run(key(episode()), compute), cache.run(key(episode()), compute), cache.run(key(episode()), compute)]);
    release();
    const [leader, ...followers] = await all;

    expect(runs()).to.equal(1);
    expect(leader.usage).to.deep.equal({ inputTokens: 100, outputTokens: 10 });
    expect(followers.map((follower) => follower.usage)).to.deep.equal([{}, {}]);
  });

  it('runs a live follower itself when the shared run fails', async () => {
    const cache = setup();
    let runs = 0;
    let fail: (error: Error) => void = () => {};
    let started: () => void = () => {};
    const leaderStarted = new Promise<void>((resolve) => (started = resolve));
    const leaderRun = () =>
      new Promise<EpisodeAnalysis>((_, reject) => {
        fail = reject;
        started();
      });
    const followerRun = async () => (runs++, analysisOf(episode()));

    const leader = cache.run(key(episode()), leaderRun).catch((error: unknown) => error);
    await leaderStarted;
    const follower = cache.run(key(episode()), followerRun);
    // One macrotask turn: the follower's (in-memory) store lookup settles and it joins the shared run.
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs, 'the follower waits on the shared run').to.equal(0);
    fail(new CancelledError('leader client went away'));

    expect(await leader).to.be.instanceOf(CancelledError);
    expect((await follower).outcomes).to.have.length(1);
    expect(runs).to.equal(1);
  });
});
