import { expect } from 'chai';
import nock from 'nock';
import { startInMemoryTracing, type InMemoryTracing } from '../observability/support/in-memory-tracing.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const EPISODE = JSON.stringify({
  title: 'Spans',
  transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 our churn fell by 12 percent after the pricing change.' }],
});
const BODY = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [EPISODE] }] });

describe('spans of LLM calls (whole app, emulator backend)', function () {
  this.timeout(30000);
  let tracing: InMemoryTracing;
  let app: TestApplication | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  beforeEach(() => {
    tracing = startInMemoryTracing();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await tracing.stop();
  });
  after(() => nock.enableNetConnect());

  async function spanNamesOfOneInference(traceLlmCalls: boolean | undefined): Promise<string[]> {
    app = await composeTestApp(
      { LLM_BACKEND: 'emulator' },
      { tracer: tracing.tracer, ...(traceLlmCalls === undefined ? {} : { traceLlmCalls }) },
    );
    const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    expect(response.status).to.equal(200);
    await app.close();
    app = undefined;
    return tracing.spans().map((span) => span.name);
  }

  it('gives each agent and model call a span when traces are exported (the default)', async () => {
    const names = await spanNamesOfOneInference(undefined);
    expect(names).to.include('POST /v2/models/:name/infer');
    expect(names.filter((name) => name.startsWith('invoke_agent '))).to.have.length(3);
    expect(names.filter((name) => name.startsWith('generate_content '))).to.have.length(3);
  });

  it('keeps the request span but makes none per call when LLM calls are not traced (trace export off)', async () => {
    const names = await spanNamesOfOneInference(false);
    expect(names).to.include('POST /v2/models/:name/infer');
    expect(names.filter((name) => name.startsWith('invoke_agent ') || name.startsWith('generate_content '))).to.deep.equal([]);
  });
});
