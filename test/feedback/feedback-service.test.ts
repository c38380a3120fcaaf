import { expect } from 'chai';
import { CancelledError, InvalidInputError, ModelNotFoundError, OverloadedError } from '../../predictor/errors.js';
import { createFeedbackService, FEEDBACK_EVENT_TYPE, type FeedbackServiceOptions } from '../../predictor/feedback/feedback-service.js';
import { createGroupCommit } from '../../predictor/observability/cloud-events/group-commit.js';
import { createRecentRequests } from '../../predictor/feedback/recent-requests.js';
import type { FeedbackMetrics } from '../../predictor/observability/evaluation-metrics.js';
import { createPayloadRedactor } from '../../predictor/dataplane/decorators/payload-logger.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { rejectionOf } from '../support/rejection-of.js';
import { createRecordingSink } from './sinks.js';

function serviceWith(overrides: Partial<FeedbackServiceOptions> = {}, { maxPending = 64, withStore = true } = {}) {
  const sink = createRecordingSink();
  const logger = new CollectingLogger();
  const counted: string[] = [];
  const rejected: string[] = [];
  const metrics: FeedbackMetrics = {
    countFeedback: ({ model, promptVersion, rating }) => counted.push(`${model}/${promptVersion}/${rating}`),
    countFeedbackRejected: (reason) => rejected.push(reason),
  };
  const recentRequests = createRecentRequests();
  const commit = createGroupCommit({ sink, maxPending });
  const service = createFeedbackService({
    isKnownModel: (name) => name === 'podcast-pipeline',
    recentRequests,
    ...(withStore ? { store: commit } : {}),
    metrics,
    logger,
    redact: (text) => text.replaceAll(/\S+@\S+/g, '[EMAIL]'),
    generateId: () => 'fb-1',
    now: () => Date.UTC(2026, 0, 2),
    ...overrides,
  });
  return { service, sink, logger, counted, rejected, recentRequests, commit };
}

const submit = (service: ReturnType<typeof serviceWith>['service'], body: unknown, modelName = 'podcast-pipeline', signal?: AbortSignal) =>
  service.submit({
    modelName,
    body,
    principal: { id: 'alice', roles: ['reviewer'], authMethod: 'api-key' },
    ...(signal ? { signal } : {}),
  });

describe('createFeedbackService', () => {
  it('resolves with a receipt only after the sink stored the event, tied to the prompt version the server recorded', async () => {
    const { service, sink, counted, recentRequests } = serviceWith();
    recentRequests.remember(['req-7'], 'v2');
    const receipt = await submit(service, { request_id: 'req-7', rating: 2, prompt_version: 'v1', comment: 'mail me at a@b.example' });

    expect(receipt).to.deep.equal({ id: 'fb-1', request_id: 'req-7', prompt_version: 'v2', prompt_version_source: 'server' });
    expect(counted).to.deep.equal(['podcast-pipeline/v2/2']);
    const [event] = sink.events;
    expect(event).to.deep.include({
      id: 'fb-1',
      type: FEEDBACK_EVENT_TYPE,
      source: '/v2/models/podcast-pipeline/feedback',
      time: '2026-01-02T00:00:00.000Z',
    });
    expect(event?.extensions).to.deep.equal({ inferenceservicename: 'podcast-pipeline', component: 'predictor', requestid: 'req-7' });
    expect(event?.data).to.deep.include({
      rating: 2,
      prompt_version: 'v2',
      prompt_version_source: 'server',
      principal: 'alice',
      comment: 'mail me at [EMAIL]',
    });
  });

  it('falls back to the client version, then to unknown', async () => {
    const { service } = serviceWith();
    expect(await submit(service, { request_id: 'r1', rating: 5, prompt_version: 'v1' })).to.include({
      prompt_version: 'v1',
      prompt_version_source: 'client',
    });
    expect(await submit(service, { request_id: 'r2', rating: 5 })).to.include({
      prompt_version: 'unknown',
      prompt_version_source: 'unknown',
    });
  });

  it('rejects an unknown model and an invalid body without counting or sending', async () => {
    const { service, sink, counted, rejected } = serviceWith();
    expect(await rejectionOf(submit(service, { request_id: 'r', rating: 5 }, 'other'))).to.be.instanceOf(ModelNotFoundError);
    expect(await rejectionOf(submit(service, { request_id: 'r', rating: 0 }))).to.be.instanceOf(InvalidInputError);
    expect(counted).to.deep.equal([]);
    expect(rejected).to.deep.equal([]);
    expect(sink.events).to.deep.equal([]);
  });

  it('refuses with a retryable OverloadedError when the sink fails, counting the refusal and not the feedback', async () => {
    const { service, sink, counted, rejected, logger } = serviceWith();
    sink.failWith = new Error('ECONNREFUSED 10.0.0.7:8080');

    const error = await rejectionOf(submit(service, { request_id: 'r', rating: 1 }));

    expect(error).to.be.instanceOf(OverloadedError);
    expect((error as OverloadedError).retryAfterSeconds).to.equal(5);
    expect((error as Error).message).not.to.contain('10.0.0.7');
    expect(counted).to.deep.equal([]);
    expect(rejected).to.deep.equal(['sink_failed']);
    expect(logger.lines.some((line) => line.message === 'feedback not stored')).to.equal(true);
  });

  it('refuses past the pending bound at once, and stores every feedback it accepted', async () => {
    const { service, sink, counted, rejected } = serviceWith({}, { maxPending: 2 });
    let release!: () => void;
    sink.stall = new Promise((resolve) => (release = resolve));

    const accepted = [submit(service, { request_id: 'a', rating: 5 }), submit(service, { request_id: 'b', rating: 5 })];
    const refused = await rejectionOf(submit(service, { request_id: 'c', rating: 5 }));
    release();
    sink.stall = undefined;
    await Promise.all(accepted);

    expect(refused).to.be.instanceOf(OverloadedError);
    expect((refused as OverloadedError).retryAfterSeconds).to.equal(1);
    expect(sink.events.map((event) => (event.data as { request_id: string }).request_id)).to.deep.equal(['a', 'b']);
    expect(counted).to.have.length(2);
    expect(rejected).to.deep.equal(['overloaded']);
  });

  it('refuses with OverloadedError when the sink does not answer within writeTimeoutMs', async () => {
    const { service, sink, counted, rejected } = serviceWith({ writeTimeoutMs: 1 });
    sink.stall = new Promise(() => {});

    const error = await rejectionOf(submit(service, { request_id: 'slow', rating: 3 }));

    expect(error).to.be.instanceOf(OverloadedError);
    expect((error as Error).message).to.contain('within 1 ms');
    expect((error as OverloadedError).retryAfterSeconds).to.equal(5);
    expect(counted).to.deep.equal([]);
    expect(rejected).to.deep.equal(['timeout']);
  });

  it('passes the abort error of a cancelled request through and counts it as cancelled', async () => {
    const { service, sink, rejected } = serviceWith();
    sink.stall = new Promise(() => {});
    const controller = new AbortController();

    const pending = submit(service, { request_id: 'gone', rating: 3 }, 'podcast-pipeline', controller.signal);
    controller.abort(new CancelledError('Client closed the connection before the response was sent'));

    expect(await rejectionOf(pending)).to.be.instanceOf(CancelledError);
    expect(rejected).to.deep.equal(['cancelled']);
  });

  it('redacts seeded emails, cards and phones from the comment, labels and corrections with the PII detector', async () => {
    const { service, sink } = serviceWith({ redact: createPayloadRedactor({ piiKinds: ['email', 'phone', 'card'], secrets: [] }) });

    await submit(service, {
      request_id: 'req-pii',
      rating: 1,
      labels: ['415-555-0134', 'wrong-quote'],
      comment: 'Reach jane.doe@example.com or +44 20 7946 0958; card 4111 1111 1111 1111.',
      corrections: {
        summary: { overview: 'Ask jane.doe@example.com', items: ['card 5500-0000-0000-0004'] },
        fact_checks: { 'jane.doe@example.com': 'x' },
      },
    });

    const stored = JSON.stringify(sink.events[0]);
    for (const seeded of ['jane.doe@example.com', '415-555-0134', '+44 20 7946 0958', '4111 1111 1111 1111', '5500-0000-0000-0004'])
      expect(stored).not.to.contain(seeded);
    expect(sink.events[0]?.data).to.deep.include({ labels: ['[PHONE]', 'wrong-quote'] });
  });

  it('logs ids and the rating but never the comment', async () => {
    const { service, logger } = serviceWith();
    await submit(service, { request_id: 'r', rating: 4, comment: 'secret opinion', labels: ['great'] });
    const line = logger.lines.find((candidate) => candidate.message === 'feedback received');
    expect(line?.fields).to.include({ feedback_request_id: 'r', rating: 4, label_count: 1 });
    expect(JSON.stringify(line?.fields)).not.to.contain('secret opinion');
  });

  it('counts and logs feedback when no sink is configured', async () => {
    const { service, counted } = serviceWith({}, { withStore: false });
    await submit(service, { request_id: 'r', rating: 1 });
    expect(counted).to.have.length(1);
  });
});
