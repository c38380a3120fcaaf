import { expect } from 'chai';
import { buildSampleEpisode, inferRequestBody } from '../../scripts/bench/sample-episode.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const EMULATOR_LATENCY_MS = 40;

/** `{ total: 12.5, llm: 10, predictor: 2.5 }` from a Server-Timing header. */
function timingsOf(header: string | null): Record<string, number> {
  expect(header, 'Server-Timing header').to.be.a('string');
  return Object.fromEntries(
    header!.split(', ').map((metric) => {
      const [name, duration] = metric.split(';');
      return [name!, Number(duration!.replace('dur=', ''))];
    }),
  );
}

describe('Server-Timing on inference responses (whole app, emulator backend)', () => {
  let app: TestApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('splits the time spent waiting on the LLM backend from the predictor own time', async () => {
    app = await composeTestApp({ EMULATOR_LATENCY_MS: String(EMULATOR_LATENCY_MS), RESPONSE_CACHE_ENABLED: 'false' });
    const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: inferRequestBody([buildSampleEpisode(6, 'server-timing')]),
    });
    expect(response.status).to.equal(200);
    const timings = timingsOf(response.headers.get('server-timing'));
    // Every agent call waits at least the emulator's latency, so the LLM share cannot be less.
    expect(timings.llm).to.be.at.least(EMULATOR_LATENCY_MS - 1);
    expect(timings.total).to.be.at.least(timings.llm!);
    expect(timings.predictor).to.be.closeTo(timings.total! - timings.llm!, 0.11);
  });

  it('is on error responses too, with no LLM time when nothing went upstream', async () => {
    app = await composeTestApp({});
    const response = await fetch(`${app.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [] }),
    });
    expect(response.status).to.equal(400);
    expect(timingsOf(response.headers.get('server-timing')).llm).to.equal(0);
  });

  it('is on KServe v1 predictions', async () => {
    app = await composeTestApp({});
    const response = await fetch(`${app.baseUrl}/v1/models/podcast-pipeline:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [JSON.stringify(buildSampleEpisode(3, 'v1-timing'))] }),
    });
    expect(response.status).to.equal(200);
    expect(timingsOf(response.headers.get('server-timing')).total).to.be.above(0);
  });
});
