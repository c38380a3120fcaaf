import { expect } from 'chai';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../../predictor/contract/request-context.js';
import { createBackgroundDelivery } from '../../../predictor/observability/cloud-events/background-delivery.js';
import {
  createPayloadLogger,
  createPayloadRedactor,
  REQUEST_EVENT_TYPE,
  RESPONSE_EVENT_TYPE,
} from '../../../predictor/dataplane/decorators/payload-logger.js';
import { CollectingLogger } from '../../fakes/collecting-logger.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';
import { createRecordingSink } from '../../feedback/sinks.js';

const CONTEXT: RequestContext = {
  requestId: 'req-9',
  signal: new AbortController().signal,
  deadlineAtMs: Number.MAX_SAFE_INTEGER,
  principal: ANONYMOUS_PRINCIPAL,
};
const EPISODE = JSON.stringify({
  title: 'T',
  transcript: 'Ana: write to ana.silva@example.com or call +44 20 7946 0958, key AIzaSyA1234567890abcdefghijklmnopqrstuv',
});

function setUp(mode?: 'all' | 'request' | 'response') {
  const sink = createRecordingSink();
  const delivery = createBackgroundDelivery({ sink, logger: new CollectingLogger(), stream: 'payload' });
  const logger = createPayloadLogger({
    delivery,
    redact: createPayloadRedactor({ piiKinds: ['email', 'phone'], secrets: ['s3cret-value'] }),
    now: () => Date.UTC(2026, 0, 1),
    ...(mode ? { mode } : {}),
  });
  return { sink, delivery, logger };
}

describe('createPayloadLogger', () => {
  it('logs request and response as KServe CloudEvents sharing the request id, with PII and secrets redacted', async () => {
    const { sink, delivery, logger } = setUp();
    const model = new FakePredictorModel({
      name: 'podcast-pipeline',
      script: [
        {
          id: 'oip-1',
          outputs: [{ name: 'report', datatype: 'BYTES', shape: [1], data: ['Contact ana.silva@example.com'] }],
          parameters: { prompt_version: 'v1', note: 's3cret-value' },
        },
      ],
    });
    await logger
      .wrap(model)
      .predict(
        { id: 'oip-1', inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [new TextEncoder().encode(EPISODE)] }] },
        CONTEXT,
      );
    await delivery.flush();

    expect(sink.events.map((event) => [event.type, event.id, event.source])).to.deep.equal([
      [REQUEST_EVENT_TYPE, 'req-9', '/v2/models/podcast-pipeline'],
      [RESPONSE_EVENT_TYPE, 'req-9', '/v2/models/podcast-pipeline'],
    ]);
    expect(sink.events[0]?.extensions).to.include({ inferenceservicename: 'podcast-pipeline', component: 'predictor' });
    const logged = JSON.stringify(sink.events.map((event) => event.data));
    expect(logged).not.to.contain('ana.silva@example.com');
    expect(logged).not.to.contain('7946');
    expect(logged).not.to.contain('AIzaSy');
    expect(logged).not.to.contain('s3cret-value');
    const request = sink.events[0]?.data as { id: string; inputs: { data: string[] }[] };
    expect(request.id).to.equal('oip-1');
    expect(request.inputs[0]?.data[0]).to.contain('Ana: write to');
  });

  it('logs only what its mode asks for', async () => {
    const { sink, delivery, logger } = setUp('response');
    await logger.wrap(new FakePredictorModel()).predict({ inputs: [] }, CONTEXT);
    await delivery.flush();
    expect(sink.events.map((event) => event.type)).to.deep.equal([RESPONSE_EVENT_TYPE]);
  });

  it('logs the request even when the model fails', async () => {
    const { sink, delivery, logger } = setUp();
    await logger
      .wrap(new FakePredictorModel({ script: [new Error('boom')] }))
      .predict({ inputs: [] }, CONTEXT)
      .catch(() => undefined);
    await delivery.flush();
    expect(sink.events.map((event) => event.type)).to.deep.equal([REQUEST_EVENT_TYPE]);
  });
});
