import { expect } from 'chai';
import { toBinaryHeaders, toStructuredCloudEvent, type CloudEvent } from '../../../predictor/observability/cloud-events/cloud-event.js';

const EVENT: CloudEvent = {
  id: 'req-1',
  source: '/v2/models/podcast-pipeline',
  type: 'org.kubeflow.serving.inference.request',
  time: '2026-01-01T00:00:00.000Z',
  data: { inputs: [{ name: 'n', data: [9007199254740993n] }] },
  extensions: { inferenceservicename: 'podcast-pipeline', component: 'predictor' },
};

describe('toStructuredCloudEvent', () => {
  it('writes the 1.0 attributes, extensions and data as one JSON object, bigints as strings', () => {
    expect(JSON.parse(toStructuredCloudEvent(EVENT))).to.deep.equal({
      specversion: '1.0',
      id: 'req-1',
      source: '/v2/models/podcast-pipeline',
      type: 'org.kubeflow.serving.inference.request',
      time: '2026-01-01T00:00:00.000Z',
      datacontenttype: 'application/json',
      inferenceservicename: 'podcast-pipeline',
      component: 'predictor',
      data: { inputs: [{ name: 'n', data: ['9007199254740993'] }] },
    });
  });
});

describe('toBinaryHeaders', () => {
  it('maps attributes and extensions to ce- headers as the KServe logger does', () => {
    expect(toBinaryHeaders(EVENT)).to.deep.equal({
      'content-type': 'application/json',
      'ce-specversion': '1.0',
      'ce-id': 'req-1',
      'ce-source': '/v2/models/podcast-pipeline',
      'ce-type': 'org.kubeflow.serving.inference.request',
      'ce-time': '2026-01-01T00:00:00.000Z',
      'ce-inferenceservicename': 'podcast-pipeline',
      'ce-component': 'predictor',
    });
  });
});
