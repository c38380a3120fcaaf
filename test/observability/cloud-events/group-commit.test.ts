import { expect } from 'chai';
import { OverloadedError } from '../../../predictor/errors.js';
import type { CloudEvent, CloudEventSink } from '../../../predictor/observability/cloud-events/cloud-event.js';
import { createGroupCommit } from '../../../predictor/observability/cloud-events/group-commit.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { createRecordingSink } from '../../feedback/sinks.js';

function event(id: string): CloudEvent {
  return { id, source: '/s', type: 't', time: '2026-01-01T00:00:00.000Z', data: { id } };
}

/** A batching sink whose writes wait until released, one gate per write; records each batch. */
function createGatedBatchSink() {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  let onGate: (() => void) | undefined;
  let failNext: Error | undefined;
  const sink: CloudEventSink & { batches: string[][]; releaseNext(): Promise<void>; failNextWith(error: Error): void } = {
    kind: 'batch',
    batches,
    send: (single) => sink.sendBatch!([single]),
    async sendBatch(events) {
      await new Promise<void>((resolve) => {
        gates.push(resolve);
        onGate?.();
      });
      if (failNext) {
        const error = failNext;
        failNext = undefined;
        throw error;
      }
      batches.push(events.map((item) => item.id));
    },
    close: async () => {},
    /** Lets the next write finish, first waiting for it to start. */
    async releaseNext() {
      if (gates.length === 0) await new Promise<void>((resolve) => (onGate = resolve));
      onGate = undefined;
      gates.shift()?.();
    },
    failNextWith: (error) => (failNext = error),
  };
  return sink;
}

describe('createGroupCommit', () => {
  it('writes the records that arrive during a write together in the next single write, each resolving after its own write', async () => {
    const sink = createGatedBatchSink();
    const commit = createGroupCommit({ sink, maxPending: 100 });
    const order: string[] = [];

    const first = commit.store(event('a')).then(() => order.push('a'));
    const rest = ['b', 'c', 'd'].map((id) => commit.store(event(id)).then(() => order.push(id)));
    expect(commit.pendingCount).to.equal(4);
    await sink.releaseNext();
    await first;
    expect(order).to.deep.equal(['a']);
    await sink.releaseNext();
    await Promise.all(rest);

    expect(sink.batches).to.deep.equal([['a'], ['b', 'c', 'd']]);
    expect(order).to.deep.equal(['a', 'b', 'c', 'd']);
    expect(commit.pendingCount).to.equal(0);
  });

  it('refuses a record past maxPending at once with a retryable OverloadedError, and stores the ones it took', async () => {
    const sink = createGatedBatchSink();
    const commit = createGroupCommit({ sink, maxPending: 3, retryAfterSeconds: 2 });

    const accepted = ['a', 'b', 'c'].map((id) => commit.store(event(id)));
    const refused = await rejectionOf(commit.store(event('d')));
    await sink.releaseNext();
    await accepted[0];
    await sink.releaseNext();
    await Promise.all(accepted);

    expect(refused).to.be.instanceOf(OverloadedError);
    expect(refused.retryAfterSeconds).to.equal(2);
    expect(sink.batches.flat()).to.deep.equal(['a', 'b', 'c']);
  });

  it('rejects every record of a failed write with the sink error and keeps writing later records', async () => {
    const sink = createGatedBatchSink();
    const commit = createGroupCommit({ sink, maxPending: 10 });
    const stored: string[] = [];

    const first = commit.store(event('a'));
    const second = ['b', 'c'].map((id) => commit.store(event(id), { onStored: () => stored.push(id) }));
    await sink.releaseNext();
    await first;
    sink.failNextWith(new Error('disk full'));
    await sink.releaseNext();
    const errors = await Promise.all(second.map((pending) => rejectionOf(pending)));
    const third = commit.store(event('d'), { onStored: () => stored.push('d') });
    await sink.releaseNext();
    await third;

    expect(errors.map((error) => error.message)).to.deep.equal(['disk full', 'disk full']);
    expect(sink.batches).to.deep.equal([['a'], ['d']]);
    expect(stored).to.deep.equal(['d']);
  });

  it('withdraws a waiting record whose signal aborts, so it is never written', async () => {
    const sink = createGatedBatchSink();
    const commit = createGroupCommit({ sink, maxPending: 10 });
    const controller = new AbortController();

    const first = commit.store(event('a'));
    const withdrawn = commit.store(event('b'), { signal: controller.signal });
    const kept = commit.store(event('c'));
    controller.abort(new Error('client gone'));
    expect((await rejectionOf(withdrawn)).message).to.equal('client gone');
    expect(commit.pendingCount).to.equal(2);
    await sink.releaseNext();
    await first;
    await sink.releaseNext();
    await kept;

    expect(sink.batches).to.deep.equal([['a'], ['c']]);
  });

  it('stops waiting for a record already being written when its signal aborts, and still reports it stored', async () => {
    const sink = createGatedBatchSink();
    const commit = createGroupCommit({ sink, maxPending: 10 });
    const controller = new AbortController();
    let isStored = false;

    const pending = commit.store(event('a'), { signal: controller.signal, onStored: () => (isStored = true) });
    controller.abort(new Error('deadline'));
    expect((await rejectionOf(pending)).message).to.equal('deadline');
    await sink.releaseNext();
    await commit.close();

    expect(sink.batches).to.deep.equal([['a']]);
    expect(isStored).to.equal(true);
  });

  it('sends event by event to a sink without batches, each record with its own outcome', async () => {
    const sink = createRecordingSink();
    const commit = createGroupCommit({ sink, maxPending: 10 });
    let release!: () => void;
    sink.stall = new Promise((resolve) => (release = resolve));

    const first = commit.store(event('a'));
    const second = commit.store(event('b'));
    release();
    sink.stall = undefined;
    await Promise.all([first, second]);
    sink.failWith = new Error('HTTP 500');
    const failed = await rejectionOf(commit.store(event('c')));

    expect(sink.events.map((item) => item.id)).to.deep.equal(['a', 'b']);
    expect(failed.message).to.equal('HTTP 500');
  });

  it('close writes what is still waiting before it closes the sink, and refuses new records', async () => {
    const sink = createGatedBatchSink();
    let isSinkClosed = false;
    sink.close = async () => {
      isSinkClosed = true;
    };
    const commit = createGroupCommit({ sink, maxPending: 10 });

    const accepted = ['a', 'b', 'c'].map((id) => commit.store(event(id)));
    const closed = commit.close();
    const refused = await rejectionOf(commit.store(event('late')));
    expect(isSinkClosed).to.equal(false);
    await sink.releaseNext();
    await accepted[0];
    await sink.releaseNext();
    await closed;

    expect(refused).to.be.instanceOf(OverloadedError);
    expect(sink.batches).to.deep.equal([['a'], ['b', 'c']]);
    expect(isSinkClosed).to.equal(true);
    await Promise.all(accepted);
  });
});
