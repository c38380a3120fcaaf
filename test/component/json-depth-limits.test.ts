import { expect } from 'chai';
import nock from 'nock';
import { serverConfigSection } from '../../predictor/config/sections/server-config.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const MODEL = 'podcast-pipeline';
const INFER_MAX_BYTES = serverConfigSection.maxBodyBytes.schema.default;
const JOBS_MAX_BYTES = 8 * 1024 * 1024; // JOBS_MAX_BODY_BYTES default
const FEEDBACK_MAX_BYTES = 64 * 1024; // the feedback route's fixed limit

/** `prefix` + `[[[…]]]` + `suffix`, exactly `size` bytes. */
function deeplyNested(prefix: string, suffix: string, size: number): string {
  const room = size - prefix.length - suffix.length;
  const half = Math.floor(room / 2);
  return `${prefix}${'['.repeat(half)}${']'.repeat(half)}${' '.repeat(room - 2 * half)}${suffix}`;
}

/** `prefix` + `"[[[…"` + `suffix`, exactly `size` bytes: brackets inside a string. */
function bracketsInString(prefix: string, suffix: string, size: number): string {
  return `${prefix}"${'['.repeat(size - prefix.length - suffix.length - 2)}"${suffix}`;
}

const ROUTES = [
  { name: 'v2 infer', path: `/v2/models/${MODEL}/infer`, prefix: '{"inputs":', maxBytes: INFER_MAX_BYTES },
  { name: 'v1 predict', path: `/v1/models/${MODEL}:predict`, prefix: '{"instances":', maxBytes: INFER_MAX_BYTES },
  { name: 'jobs', path: `/v2/models/${MODEL}/jobs`, prefix: '{"inputs":', maxBytes: JOBS_MAX_BYTES },
  { name: 'feedback', path: `/v2/models/${MODEL}/feedback`, prefix: '{"request_id":', maxBytes: FEEDBACK_MAX_BYTES },
] as const;

async function post(app: TestApplication, path: string, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: await response.json() };
}

describe('JSON nesting limit on every JSON route (whole app)', function () {
  this.timeout(60000);
  let app: TestApplication;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    app = await composeTestApp({ JOBS_ENABLED: 'true', FEEDBACK_SINK: 'off', MAX_JSON_DEPTH: '32' });
  });
  after(async () => {
    await app.close();
    nock.enableNetConnect();
  });

  for (const route of ROUTES) {
    it(`${route.name}: answers 400 with the KServe error body for a deeply nested body of the largest accepted size`, async () => {
      const body = deeplyNested(route.prefix, '}', route.maxBytes);
      expect(Buffer.byteLength(body)).to.equal(route.maxBytes);
      const response = await post(app, route.path, body);
      expect(response).to.deep.equal({ status: 400, body: { error: 'JSON nesting exceeds the maximum depth of 32' } });
    });

    it(`${route.name}: does not count brackets inside a string of the largest accepted size as depth`, async () => {
      const response = await post(app, route.path, bracketsInString(route.prefix, '}', route.maxBytes));
      expect(response.status).to.equal(400);
      expect((response.body as { error: string }).error)
        .to.be.a('string')
        .and.not.match(/depth/);
    });
  }

  it('v2 infer: refuses a deeply nested episode element with the element named', async () => {
    const element = `{"title":"T","transcript":"Ann: hi","extra":${'['.repeat(40)}${']'.repeat(40)}}`;
    const body = JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [element] }] });
    const response = await post(app, `/v2/models/${MODEL}/infer`, body);
    expect(response).to.deep.equal({ status: 400, body: { error: 'episode[0]: JSON nesting exceeds the maximum depth of 32' } });
  });
});
