import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { LlmRateLimitedError } from '../../../predictor/errors.js';
import { withTracing } from '../../../predictor/llm/middleware/with-tracing.js';
import { wrapModel } from '../../../predictor/llm/wrap-model.js';
import { FakeLanguageModel, fakeResult } from '../../fakes/fake-language-model.js';
import { parentSpanIdOf, startInMemoryTracing, type InMemoryTracing } from '../../observability/support/in-memory-tracing.js';

const REQUEST = {
  contents: ['<<<TRANSCRIPT secret words'],
  temperature: 0.2,
  maxOutputTokens: 512,
  labels: { agent: 'summarizer', prompt_version: 'v2' },
};

describe('withTracing', () => {
  let tracing: InMemoryTracing | undefined;
  afterEach(async () => tracing?.stop());

  it('records a generate_content span with the OTel GenAI request, response and usage attributes', async () => {
    tracing = startInMemoryTracing();
    const model = new FakeLanguageModel({
      modelId: 'gemini-3.8-flash',
      steps: [
        fakeResult('{}', {
          modelVersion: 'gemini-3.8-flash-002',
          responseId: 'resp-1',
          usage: { inputTokens: 120, outputTokens: 30, thoughtsTokens: 10, cachedInputTokens: 100 },
        }),
      ],
    });
    await wrapModel({ model, middleware: [withTracing({ tracer: tracing.tracer, providerName: 'gcp.gemini' })] }).generate(REQUEST);

    const [span] = tracing.spans();
    expect(span?.name).to.equal('generate_content gemini-3.8-flash');
    expect(span?.kind).to.equal(SpanKind.CLIENT);
    expect(span?.attributes).to.deep.equal({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-3.8-flash',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.agent.name': 'summarizer',
      'app.prompt.version': 'v2',
      'gen_ai.response.model': 'gemini-3.8-flash-002',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.response.id': 'resp-1',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 40,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.reasoning.output_tokens': 10,
    });
    expect(JSON.stringify(span?.attributes)).not.to.contain('secret words');
    expect(span?.attributes).not.to.have.property('gen_ai.system');
  });

  it('nests the generate_content attempts under one invoke_agent span, under the caller span', async () => {
    tracing = startInMemoryTracing();
    const { tracer } = tracing;
    const model = new FakeLanguageModel({ steps: [fakeResult('{}')] });
    const agentModel = wrapModel({
      model,
      middleware: [
        withTracing({ tracer, providerName: 'gcp.gemini', operation: 'invoke_agent' }),
        withTracing({ tracer, providerName: 'gcp.gemini' }),
      ],
    });
    await tracer.startActiveSpan('request', async (requestSpan) => {
      await agentModel.generate(REQUEST);
      requestSpan.end();
    });

    const byName = new Map(tracing.spans().map((span) => [span.name, span]));
    const request = byName.get('request')!;
    const agent = byName.get('invoke_agent summarizer')!;
    const chat = byName.get('generate_content fake-model')!;
    expect(parentSpanIdOf(agent)).to.equal(request.spanContext().spanId);
    expect(parentSpanIdOf(chat)).to.equal(agent.spanContext().spanId);
    expect(new Set([request, agent, chat].map((span) => span.spanContext().traceId)).size).to.equal(1);
    expect(agent.attributes['gen_ai.operation.name']).to.equal('invoke_agent');
  });

  it('marks a failed call with its error code only', async () => {
    tracing = startInMemoryTracing();
    const model = new FakeLanguageModel({ steps: [new LlmRateLimitedError('upstream said {"quota": "secret"}')] });
    await wrapModel({ model, middleware: [withTracing({ tracer: tracing.tracer, providerName: 'gcp.gemini' })] })
      .generate(REQUEST)
      .catch(() => undefined);
    const [span] = tracing.spans();
    expect(span?.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'llm_rate_limited' });
    expect(span?.attributes['error.type']).to.equal('llm_rate_limited');
    expect(span?.events).to.deep.equal([]);
  });

  it('passes results through when no OTel SDK is registered', async () => {
    const model = new FakeLanguageModel({ steps: [fakeResult('{}')] });
    const result = await wrapModel({
      model,
      middleware: [withTracing({ tracer: trace.getTracer('none'), providerName: 'gcp.gemini' })],
    }).generate(REQUEST);
    expect(result.text).to.equal('{}');
  });
});
