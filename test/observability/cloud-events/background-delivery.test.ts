import { expect } from 'chai';
import { createBackgroundDelivery } from '../../../predictor/observability/cloud-events/background-delivery.js';
import { CollectingLogger } from '../../fakes/collecting-logger.js';
import { createRecordingSink } from '../../feedback/sinks.js';

const event = (id: string) => ({ id, source: '/s', type: 't', time: '2026-01-01T00:00:00.000Z', data: {} });

describe('createBackgroundDelivery', () => {
  it('returns at once and delivers in the background', async () => {
    const sink = createRecordingSink();
    let release!: () => void;
    sink.stall = new Promise((resolve) => (release = resolve));
    const delivery = createBackgroundDelivery({ sink, logger: new CollectingLogger(), stream: 'feedback' });
    delivery.deliver(event('a'));
    expect(sink.events).to.have.length(0);
    release();
    await delivery.flush();
    expect(sink.events.map((sent) => sent.id)).to.deep.equal(['a']);
  });

  it('logs and counts a failed send without throwing', async () => {
    const sink = createRecordingSink();
    sink.failWith = new Error('refused');
    const lost: string[] = [];
    const logger = new CollectingLogger();
    const delivery = createBackgroundDelivery({ sink, logger, stream: 'payload', onLost: (reason) => lost.push(reason) });
    delivery.deliver(event('a'));
    await delivery.flush();
    expect(lost).to.deep.equal(['failed']);
    expect(logger.lines[0]).to.deep.include({ level: 'warn', message: 'cloudevent delivery failed' });
    expect(logger.lines[0]?.fields).to.include({ stream: 'payload', event_id: 'a' });
  });

  it('drops events while maxPending sends are outstanding', async () => {
    const sink = createRecordingSink();
    let release!: () => void;
    sink.stall = new Promise((resolve) => (release = resolve));
    const lost: string[] = [];
    const delivery = createBackgroundDelivery({
      sink,
      logger: new CollectingLogger(),
      stream: 'payload',
      maxPending: 1,
      onLost: (reason) => lost.push(reason),
    });
    delivery.deliver(event('a'));
    delivery.deliver(event('b'));
    release();
    await delivery.flush();
    expect(lost).to.deep.equal(['dropped']);
    expect(sink.events.map((sent) => sent.id)).to.deep.equal(['a']);
  });
});
