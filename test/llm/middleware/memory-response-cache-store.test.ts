import { expect } from 'chai';
import { createMemoryResponseCacheStore } from '../../../predictor/llm/middleware/memory-response-cache-store.js';
import { createManualClock } from './manual-clock.js';

describe('createMemoryResponseCacheStore', () => {
  it('returns a stored value until its TTL has passed', async () => {
    const clock = createManualClock();
    const store = createMemoryResponseCacheStore({ maxEntries: 10, maxBytes: 10_000, now: clock.now });
    await store.set('k', 'v', 1_000);
    clock.advance(1_000);
    expect(await store.get('k')).to.equal('v');
    clock.advance(1);
    expect(await store.get('k')).to.equal(undefined);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = createMemoryResponseCacheStore({ maxEntries: 2, maxBytes: 10_000 });
    await store.set('a', '1', 60_000);
    await store.set('b', '2', 60_000);
    await store.get('a');
    await store.set('c', '3', 60_000);
    expect([await store.get('a'), await store.get('b'), await store.get('c')]).to.deep.equal(['1', undefined, '3']);
  });

  it('evicts by total bytes and refuses a single value larger than the bound', async () => {
    const store = createMemoryResponseCacheStore({ maxEntries: 100, maxBytes: 100 });
    await store.set('a', 'x'.repeat(40), 60_000);
    await store.set('b', 'y'.repeat(40), 60_000);
    await store.set('c', 'z'.repeat(40), 60_000);
    expect(await store.get('a')).to.equal(undefined);
    expect(await store.get('c')).to.have.length(40);
    await store.set('huge', 'h'.repeat(500), 60_000);
    expect(await store.get('huge')).to.equal(undefined);
    expect(await store.get('c')).to.have.length(40);
  });

  it('counts multi-byte characters by their UTF-8 size', async () => {
    const store = createMemoryResponseCacheStore({ maxEntries: 100, maxBytes: 100 });
    await store.set('e', 'é'.repeat(60), 60_000);
    expect(await store.get('e')).to.equal(undefined);
  });
});
