import { expect } from 'chai';
import { createCloudEventSink } from '../../../predictor/observability/cloud-events/create-cloud-event-sink.js';

describe('createCloudEventSink', () => {
  it('returns no sink for off, a file sink for file: and an HTTP sink for http(s):', () => {
    expect(createCloudEventSink({ url: 'off' })).to.equal(undefined);
    expect(createCloudEventSink({ url: 'file:///tmp/a.jsonl' })?.kind).to.equal('file');
    expect(createCloudEventSink({ url: 'https://logger.example/' })?.kind).to.equal('http');
  });
});
