import { expect } from 'chai';
import type { ModelPrice } from '../../../predictor/llm/price-table.js';
import { createContextCacheSession, type CacheToCreate } from '../../../predictor/pipeline/caching/context-cache-session.js';
import type { PipelineEvent } from '../../../predictor/observability/pipeline-events.js';
import { sharedPrefixOf } from '../../../predictor/pipeline/prompts/prompt.js';
import { fixtureEpisode } from '../support/episodes.js';
import { createFakeContextCacheClient } from '../support/fake-context-cache-client.js';

const PRICE: ModelPrice = { inputPerMtokUsd: 0.75, cachedInputPerMtokUsd: 0.075, outputPerMtokUsd: 3.75, cacheStoragePerMtokHourUsd: 1 };

function setup() {
  const client = createFakeContextCacheClient();
  const events: PipelineEvent[] = [];
  let clockMs = 1_000_000;
  const clock = { advance: (ms: number) => (clockMs += ms) };
  const session = createContextCacheSession({
    client,
    ttlSeconds: 300,
    priceOf: (modelId) => (modelId === 'flash' ? PRICE : undefined),
    onEvent: (event) => events.push(event),
    now: () => clockMs,
    episodeIndex: 3,
    episodeId: 'ep-1',
  });
  const cache: CacheToCreate = {
    modelId: 'flash',
    agents: ['summarizer', 'fact-checker'],
    useGoogleSearch: true,
    chunkIndex: 0,
    prefix: sharedPrefixOf(fixtureEpisode('grid-under-pressure')),
    estimatedTokens: 1,
  };
  return { client, events, session, cache, clock };
}

describe('createContextCacheSession', () => {
  it('creates a cache holding the shared prefix and the Search tool, with no user text in its name', async () => {
    const { client, session, cache, events } = setup();
    const name = await session.create(cache, new AbortController().signal);
    expect(name).to.equal('cachedContents/fake-1');
    expect(client.created).to.deep.equal([
      {
        modelId: 'flash',
        systemInstruction: cache.prefix.systemInstruction,
        contents: cache.prefix.contents,
        useGoogleSearch: true,
        ttlSeconds: 300,
        displayName: 'podcast-pipeline-e3-c0',
      },
    ]);
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ type: 'context-cache', outcome: 'created', modelId: 'flash', episodeIndex: 3, episodeId: 'ep-1' });
  });

  it('deletes on release and bills creation tokens plus storage from creation to deletion', async () => {
    const { client, session, cache, clock } = setup();
    await session.create(cache, new AbortController().signal);
    clock.advance(36_000);
    const [record] = await session.release();
    expect(client.deleted).to.deep.equal(['cachedContents/fake-1']);
    expect(record?.storageSeconds).to.equal(36);
    expect(record?.creationUsage).to.deep.equal({ inputTokens: record?.tokenCount });
    // tokens / 1e6 × 1 USD per Mtok-hour × 36 s / 3600.
    expect(record?.storageCostUsd).to.be.closeTo(((record?.tokenCount ?? 0) / 1e6) * 0.01, 1e-15);
    expect(await session.release()).to.equal(await session.release());
    expect(client.deleted).to.have.length(1);
  });

  it('bills the whole TTL when deletion fails, and reports it', async () => {
    const { client, session, cache, events } = setup();
    client.failDelete = true;
    await session.create(cache, new AbortController().signal);
    const [record] = await session.release();
    expect(record?.storageSeconds).to.equal(300);
    expect(events.at(-1)).to.include({ type: 'context-cache', outcome: 'delete-failed', errorCode: 'llm_unavailable' });
  });

  it('answers undefined and reports the error when creation fails, and creates nothing once aborted', async () => {
    const { client, session, cache, events } = setup();
    client.failCreate = true;
    expect(await session.create(cache, new AbortController().signal)).to.equal(undefined);
    expect(events[0]).to.include({ outcome: 'failed', errorCode: 'llm_rejected' });
    client.failCreate = false;
    const aborted = new AbortController();
    aborted.abort();
    expect(await session.create(cache, aborted.signal)).to.equal(undefined);
    expect(client.created).to.deep.equal([]);
    expect(await session.release()).to.deep.equal([]);
  });

  it('leaves storage unpriced for a model without a price', async () => {
    const { session, cache } = setup();
    await session.create({ ...cache, modelId: 'unpriced' }, new AbortController().signal);
    const [record] = await session.release();
    expect(record).to.not.have.property('storageCostUsd');
  });
});
