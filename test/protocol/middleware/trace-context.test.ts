import { SpanKind, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { withTracing } from '../../../predictor/llm/middleware/with-tracing.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { contextFromTraceparent, withTraceContext } from '../../../predictor/protocol/middleware/trace-context.js';
import { FakeLanguageModel, fakeResult } from '../../fakes/fake-language-model.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';
import { parentSpanIdOf, startInMemoryTracing, type InMemoryTracing } from '../../observability/support/in-memory-tracing.js';
import { bytesRequest, postJson, startTestApp, useTestAppHooks, type TestApp } from '../support/start-test-app.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('withTraceContext', () => {
  let app: TestApp | undefined;
  let tracing: InMemoryTracing | undefined;
  useTestAppHooks(() => app);
  afterEach(async () => tracing?.stop());

  /** An app whose model makes one traced LLM call per request, as the pipeline's agents do. */
  async function startTracedApp(): Promise<TestApp> {
    tracing = startInMemoryTracing();
    const { tracer } = tracing;
    const llm = wrapModel({
      model: new FakeLanguageModel({ fallback: fakeResult('{}') }),
      middleware: [
        withTracing({ tracer, providerName: 'gcp.gemini', operation: 'invoke_agent' }),
        withTracing({ tracer, providerName: 'gcp.gemini' }),
      ],
    });
    const model = new FakePredictorModel({ name: 'podcast-pipeline' });
    model.enqueue(async (request) => {
      await llm.generate({ contents: ['x'], labels: { agent: 'summarizer' } });
      return { outputs: request.inputs };
    });
    app = await startTestApp({ models: [model], extraMiddleware: [withTraceContext({ tracer })] });
    return app;
  }

  it('continues the caller trace: request span → agent span → LLM call span', async () => {
    await startTracedApp();
    const response = await postJson(`${app!.baseUrl}/v2/models/podcast-pipeline/infer`, bytesRequest(['{}']), {
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
    });
    expect(response.status).to.equal(200);
    await response.arrayBuffer();

    const spans = tracing!.spans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const agent = spans.find((span) => span.name === 'invoke_agent summarizer')!;
    const chat = spans.find((span) => span.name === 'generate_content fake-model')!;
    expect(server.name).to.equal('POST /v2/models/:name/infer');
    expect(server.spanContext().traceId).to.equal(TRACE_ID);
    expect(parentSpanIdOf(server)).to.equal(PARENT_ID);
    expect(parentSpanIdOf(agent)).to.equal(server.spanContext().spanId);
    expect(parentSpanIdOf(chat)).to.equal(agent.spanContext().spanId);
    expect(server.attributes).to.deep.include({
      'http.route': '/v2/models/:name/infer',
      'http.response.status_code': 200,
      'app.model': 'podcast-pipeline',
    });
  });

  it('starts a new trace without a valid traceparent and logs its trace id', async () => {
    await startTracedApp();
    const response = await postJson(`${app!.baseUrl}/v2/models/podcast-pipeline/infer`, bytesRequest(['{}']), { traceparent: 'garbage' });
    await response.arrayBuffer();
    const server = tracing!.spans().find((span) => span.kind === SpanKind.SERVER)!;
    expect(parentSpanIdOf(server)).to.equal(undefined);
    expect(server.spanContext().traceId).not.to.equal(TRACE_ID);
    const accessLine = app!.logger.lines.find((line) => line.fields.trace_id !== undefined);
    expect(accessLine?.fields.trace_id).to.equal(server.spanContext().traceId);
  });

  it('names a span for a path no route claimed as unmatched', async () => {
    await startTracedApp();
    await (await fetch(`${app!.baseUrl}/nowhere`)).arrayBuffer();
    expect(tracing!.spans().find((span) => span.kind === SpanKind.SERVER)?.name).to.equal('GET unmatched');
  });
});

describe('contextFromTraceparent', () => {
  it('reads trace id, parent id and the sampled flag as a remote parent', () => {
    const parent = trace.getSpanContext(contextFromTraceparent(`00-${TRACE_ID}-${PARENT_ID}-01`));
    expect(parent).to.deep.equal({ traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: 1, isRemote: true });
    expect(trace.getSpanContext(contextFromTraceparent(`00-${TRACE_ID}-${PARENT_ID}-00`))?.traceFlags).to.equal(0);
    expect(trace.getSpanContext(contextFromTraceparent(undefined))).to.equal(undefined);
  });
});
