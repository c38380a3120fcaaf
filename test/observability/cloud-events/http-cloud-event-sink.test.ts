import { expect } from 'chai';
import nock from 'nock';
import { createHttpCloudEventSink } from '../../../predictor/observability/cloud-events/http-cloud-event-sink.js';

const EVENT = {
  id: 'fb-1',
  source: '/v2/models/podcast-pipeline/feedback',
  type: 'org.kubeflow.serving.inference.feedback',
  time: '2026-01-01T00:00:00.000Z',
  data: { rating: 5 },
  extensions: { inferenceservicename: 'podcast-pipeline' },
};

describe('createHttpCloudEventSink', () => {
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(() => nock.cleanAll());

  it('POSTs a binary-mode CloudEvent: ce- headers and the data as the JSON body', async () => {
    const scope = nock('http://logger.example')
      .post('/events', { rating: 5 })
      .matchHeader('ce-specversion', '1.0')
      .matchHeader('ce-id', 'fb-1')
      .matchHeader('ce-type', 'org.kubeflow.serving.inference.feedback')
      .matchHeader('ce-source', '/v2/models/podcast-pipeline/feedback')
      .matchHeader('ce-inferenceservicename', 'podcast-pipeline')
      .matchHeader('content-type', 'application/json')
      .reply(202);
    const sink = createHttpCloudEventSink({ url: 'http://logger.example/events' });
    await sink.send(EVENT);
    await sink.close();
    expect(scope.isDone()).to.equal(true);
  });

  it('rejects on a non-2xx answer', async () => {
    const scope = nock('http://logger.example').post('/events').reply(500, 'no');
    const sink = createHttpCloudEventSink({ url: 'http://logger.example/events' });
    let message = '';
    await sink.send(EVENT).catch((error: Error) => (message = error.message));
    expect(message).to.equal('CloudEvent sink answered HTTP 500');
    expect(scope.isDone()).to.equal(true);
  });
});
