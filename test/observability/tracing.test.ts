import { context, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import nock from 'nock';
import { createTracing, otlpTracesUrl, type Tracing } from '../../predictor/observability/tracing.js';

describe('createTracing', () => {
  let tracing: Tracing | undefined;
  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(async () => {
    await tracing?.shutdown();
    tracing = undefined;
    nock.cleanAll();
  });

  it('gives a no-op tracer and registers nothing when export is off', async () => {
    tracing = await createTracing({ exporter: 'none', endpoint: 'http://localhost:4318', serviceName: 'svc' });
    const span = tracing.tracer.startSpan('x');
    expect(tracing.isExporting).to.equal(false);
    expect(span.isRecording()).to.equal(false);
    span.end();
  });

  it('exports spans over OTLP/HTTP with the service name, and flushes on shutdown', async () => {
    let body = '';
    const scope = nock('http://collector.test:4318')
      .post('/v1/traces', (sent: unknown) => ((body = JSON.stringify(sent)), true))
      .reply(200, {});
    tracing = await createTracing({
      exporter: 'otlp',
      endpoint: 'http://collector.test:4318/',
      serviceName: 'podcast-svc',
      serviceVersion: '1.2.3',
    });
    expect(tracing.isExporting).to.equal(true);
    tracing.tracer.startActiveSpan('request', (span) => span.end());

    await tracing.shutdown();
    tracing = undefined;

    expect(scope.isDone()).to.equal(true);
    expect(body).to.contain('podcast-svc').and.contain('"name":"request"');
  });

  it('registers an async context manager while exporting and removes it on shutdown', async () => {
    nock('http://collector.test:4318').post('/v1/traces').optionally().reply(200, {});
    tracing = await createTracing({ exporter: 'otlp', endpoint: 'http://collector.test:4318', serviceName: 'svc' });
    const seen = await tracing.tracer.startActiveSpan('outer', async (span) => {
      await new Promise((resolve) => setImmediate(resolve));
      const active = trace.getSpan(context.active());
      span.end();
      return active === span;
    });
    expect(seen).to.equal(true);
    await tracing.shutdown();
    tracing = undefined;
    expect(trace.getTracer('after').startSpan('y').isRecording()).to.equal(false);
  });
});

describe('otlpTracesUrl', () => {
  it('appends /v1/traces to the collector base URL', () => {
    expect(otlpTracesUrl('http://collector:4318')).to.equal('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('https://otel.example/base//')).to.equal('https://otel.example/base/v1/traces');
  });
});
