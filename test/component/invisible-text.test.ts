import { expect } from 'chai';
import nock from 'nock';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';
import { upstreamCalls } from './support/whole-app-fixtures.js';

const MODEL = 'podcast-pipeline';
const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF'.repeat(2000);

function inferBody(episode: Record<string, unknown>): string {
  return JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [JSON.stringify(episode)] }] });
}

async function post(app: TestApplication, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: await response.json() };
}

describe('invisible-only text is empty text (whole app)', function () {
  this.timeout(30000);
  let app: TestApplication;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    app = await composeTestApp({ JOBS_ENABLED: 'true', FEEDBACK_SINK: 'off' });
  });
  after(async () => {
    await app.close();
    nock.enableNetConnect();
  });

  for (const [name, path] of [
    ['v2 infer', `/v2/models/${MODEL}/infer`],
    ['jobs', `/v2/models/${MODEL}/jobs`],
  ] as const) {
    it(`${name}: answers 400 naming the transcript for zero-width-only text, and calls no LLM`, async () => {
      const segments = await post(
        app,
        path,
        inferBody({ title: 'Silent', transcript: [{ timestamp: 1, speaker: 'Ann', text: ZERO_WIDTH }] }),
      );
      const plain = await post(app, path, inferBody({ title: 'Silent', transcript: `Ann: ${ZERO_WIDTH}` }));
      expect(segments).to.deep.equal({ status: 400, body: { error: 'episode[0].transcript: has no text' } });
      expect(plain).to.deep.equal({ status: 400, body: { error: 'episode[0].transcript: has no text' } });
      expect(await upstreamCalls(app)).to.equal(0);
    });

    it(`${name}: answers 400 naming the title for a zero-width-only title, as for a whitespace-only one`, async () => {
      const transcript = [{ timestamp: 1, speaker: 'Ann', text: 'Words.' }];
      for (const title of ['\u200B\uFEFF', '   ']) {
        expect(await post(app, path, inferBody({ title, transcript }))).to.deep.equal({
          status: 400,
          body: { error: 'episode[0].title: must not be blank' },
        });
      }
    });
  }

  it('v1 predict: answers 400 naming the transcript', async () => {
    const instance = JSON.stringify({ title: 'Silent', transcript: ZERO_WIDTH });
    const response = await post(app, `/v1/models/${MODEL}:predict`, JSON.stringify({ instances: [instance] }));
    expect(response).to.deep.equal({ status: 400, body: { error: 'episode[0].transcript: has no text' } });
  });
});
