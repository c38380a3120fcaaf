import { expect } from 'chai';
import { createBackgroundDelivery } from '../../predictor/feedback/background-delivery.js';
import { createFeedbackService, FEEDBACK_EVENT_TYPE, type FeedbackServiceOptions } from '../../predictor/feedback/feedback-service.js';
import { createRecentRequests } from '../../predictor/feedback/recent-requests.js';
import { InvalidInputError, ModelNotFoundError } from '../../predictor/errors.js';
import type { EvaluationMetrics } from '../../predictor/observability/evaluation-metrics.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { createRecordingSink } from './sinks.js';

function serviceWith(overrides: Partial<FeedbackServiceOptions> = {}) {
  const sink = createRecordingSink();
  const logger = new CollectingLogger();
  const counted: string[] = [];
  const metrics: EvaluationMetrics = {
    observeScore() {},
    countEvaluation() {},
    setJudgeSpendUsd() {},
    countFeedback: ({ model, promptVersion, rating }) => counted.push(`${model}/${promptVersion}/${rating}`),
  };
  const recentRequests = createRecentRequests();
  const delivery = createBackgroundDelivery({ sink, logger, stream: 'feedback' });
  const service = createFeedbackService({
    isKnownModel: (name) => name === 'podcast-pipeline',
    recentRequests,
    delivery,
    metrics,
    logger,
    redact: (text) => text.replaceAll(/\S+@\S+/g, '[EMAIL]'),
    generateId: () => 'fb-1',
    now: () => Date.UTC(2026, 0, 2),
    ...overrides,
  });
  return { service, sink, logger, counted, recentRequests };
}

const submit = (service: ReturnType<typeof serviceWith>['service'], body: unknown, modelName = 'podcast-pipeline') =>
  service.submit({ modelName, body, principal: { id: 'alice', roles: ['reviewer'], authMethod: 'api-key' } });

describe('createFeedbackService', () => {
  it('ties feedback to the prompt version the server recorded for the request id, over the one the client quotes', async () => {
    const { service, sink, counted, recentRequests } = serviceWith();
    recentRequests.remember(['req-7'], 'v2');
    const receipt = submit(service, { request_id: 'req-7', rating: 2, prompt_version: 'v1', comment: 'mail me at a@b.example' });
    await service.flush();

    expect(receipt).to.deep.equal({ id: 'fb-1', request_id: 'req-7', prompt_version: 'v2', prompt_version_source: 'server' });
    expect(counted).to.deep.equal(['podcast-pipeline/v2/2']);
    const [event] = sink.events;
    expect(event).to.deep.include({ id: 'fb-1', type: FEEDBACK_EVENT_TYPE, source: '/v2/models/podcast-pipeline/feedback', time: '2026-01-02T00:00:00.000Z' });
    expect(event?.extensions).to.deep.equal({ inferenceservicename: 'podcast-pipeline', component: 'predictor', requestid: 'req-7' });
    expect(event?.data).to.deep.include({ rating: 2, prompt_version: 'v2', prompt_version_source: 'server', principal: 'alice', comment: 'mail me at [EMAIL]' });
  });

  it('falls back to the client version, then to unknown', () => {
    const { service } = serviceWith();
    expect(submit(service, { request_id: 'r1', rating: 5, prompt_version: 'v1' })).to.include({ prompt_version: 'v1', prompt_version_source: 'client' });
    expect(submit(service, { request_id: 'r2', rating: 5 })).to.include({ prompt_version: 'unknown', prompt_version_source: 'unknown' });
  });

  it('rejects an unknown model and an invalid body without counting or sending', async () => {
    const { service, sink, counted } = serviceWith();
    expect(() => submit(service, { request_id: 'r', rating: 5 }, 'other')).to.throw(ModelNotFoundError);
    expect(() => submit(service, { request_id: 'r', rating: 0 })).to.throw(InvalidInputError);
    await service.flush();
    expect(counted).to.deep.equal([]);
    expect(sink.events).to.deep.equal([]);
  });

  it('logs ids and the rating but never the comment', () => {
    const { service, logger } = serviceWith();
    submit(service, { request_id: 'r', rating: 4, comment: 'secret opinion', labels: ['great'] });
    const line = logger.lines.find((candidate) => candidate.message === 'feedback received');
    expect(line?.fields).to.include({ feedback_request_id: 'r', rating: 4, label_count: 1 });
    expect(JSON.stringify(line?.fields)).not.to.contain('secret opinion');
  });

  it('counts and logs feedback when no sink is configured', () => {
    const { service, counted } = serviceWith({ delivery: undefined });
    submit(service, { request_id: 'r', rating: 1 });
    expect(counted).to.have.length(1);
  });
});

