import { expect } from 'chai';
import nock from 'nock';
import { createGeminiClient, toGoogleGenAIOptions, type CreateGeminiClientOptions } from '../../predictor/llm/gemini-client.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import { loadGeminiFixture } from '../fixtures/gemini/load-gemini-fixture.js';
import { isolateNetwork } from '../fixtures/gemini/gemini-nock.js';

/** Stands in for a google-auth-library client, so no ADC or metadata server is consulted. */
const fakeAuthClient = {
  getRequestHeaders: async () => new Headers({ authorization: 'Bearer test-token' }),
} as unknown as NonNullable<NonNullable<CreateGeminiClientOptions['googleAuthOptions']>['authClient']>;

describe('toGoogleGenAIOptions', () => {
  it('pins the API version and never sets SDK retries', () => {
    const options = toGoogleGenAIOptions({ backend: 'gemini', apiKey: 'k', apiVersion: 'v1beta' });
    expect(options).to.deep.include({ vertexai: false, apiKey: 'k', apiVersion: 'v1beta' });
    expect(JSON.stringify(options)).not.to.contain('retry');
  });

  it('points the emulator backend at its base URL with a dummy key', () => {
    const options = toGoogleGenAIOptions({ backend: 'emulator', apiVersion: 'v1beta', baseUrl: 'http://127.0.0.1:9090' });
    expect(options).to.deep.include({ apiKey: 'emulator' });
    expect(options.httpOptions?.baseUrl).to.equal('http://127.0.0.1:9090');
    expect(() => toGoogleGenAIOptions({ backend: 'emulator', apiVersion: 'v1beta' })).to.throw(/base URL/);
  });

  it('sends calls through keep-alive node:http(s) unless the global fetch is chosen', () => {
    expect(toGoogleGenAIOptions({ backend: 'gemini', apiKey: 'k', apiVersion: 'v1beta' }).httpOptions?.fetch).to.be.a('function');
    expect(toGoogleGenAIOptions({ backend: 'gemini', apiKey: 'k', apiVersion: 'v1beta', httpClient: 'fetch' }).httpOptions).to.deep.equal(
      {},
    );
  });

  it('uses project and location on Vertex, and the key only in express mode', () => {
    expect(toGoogleGenAIOptions({ backend: 'vertex', apiKey: 'k', vertexProject: 'p', vertexLocation: 'europe-west4', apiVersion: 'v1' }))
      .to.deep.include({ vertexai: true, project: 'p', location: 'europe-west4' })
      .and.not.have.property('apiKey');
    expect(toGoogleGenAIOptions({ backend: 'vertex', apiKey: 'k', apiVersion: 'v1' })).to.deep.include({ vertexai: true, apiKey: 'k' });
  });
});

describe('createGeminiClient', () => {
  beforeEach(isolateNetwork);
  afterEach(() => {
    nock.cleanAll();
  });

  it('calls the regional Vertex endpoint with a bearer token and routes provisioned calls to dedicated capacity', async () => {
    const client = createGeminiClient({
      backend: 'vertex',
      vertexProject: 'demo-project',
      vertexLocation: 'europe-west4',
      apiVersion: 'v1',
      googleAuthOptions: { authClient: fakeAuthClient },
    });
    const scope = nock('https://europe-west4-aiplatform.googleapis.com')
      .post('/v1/projects/demo-project/locations/europe-west4/publishers/google/models/gemini-3.8-flash:generateContent')
      .matchHeader('authorization', 'Bearer test-token')
      .matchHeader('x-vertex-ai-llm-request-type', 'dedicated')
      .reply(200, loadGeminiFixture('generate-content-success'));
    const model = createGeminiModel({ client, modelId: 'gemini-3.8-flash' });

    const result = await model.generate({ contents: ['x'], serviceTier: 'provisioned' });

    expect(scope.isDone()).to.equal(true);
    expect(result.finishReason).to.equal('stop');
  });

  it('sends no service tier for provisioned calls on the Gemini API', async () => {
    const bodies: Record<string, unknown>[] = [];
    const client = createGeminiClient({ backend: 'gemini', apiKey: 'k', apiVersion: 'v1beta' });
    const scope = nock('https://generativelanguage.googleapis.com')
      .post('/v1beta/models/gemini-3.8-flash:generateContent', (body: Record<string, unknown>) => bodies.push(body) > 0)
      .reply(200, loadGeminiFixture('generate-content-success'));

    await createGeminiModel({ client, modelId: 'gemini-3.8-flash' }).generate({ contents: ['x'], serviceTier: 'provisioned' });

    expect(scope.isDone()).to.equal(true);
    expect(bodies[0]).not.to.have.property('serviceTier');
  });
});
