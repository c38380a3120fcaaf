import { expect } from 'chai';
import nock from 'nock';
import { ABUSE_KINDS, buildAbuseCase, DEFAULT_ABUSE_LIMITS } from '../support/abuse-corpus.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const INFER = '/v2/models/podcast-pipeline/infer';

async function statusAndBody(response: Promise<Response>): Promise<{ status: number; body: unknown }> {
  const answered = await response;
  return { status: answered.status, body: await answered.json() };
}

describe('abuse corpus: the largest accepted request of every hostile kind (whole app, shipped defaults)', function () {
  this.timeout(120_000);
  let app: TestApplication;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    app = await composeTestApp({});
  });
  after(async () => {
    await app.close();
    nock.enableNetConnect();
  });

  it('builds every case deterministically, filling the body limit to within one segment', () => {
    for (const kind of ABUSE_KINDS) {
      const abuse = buildAbuseCase(kind);

      expect(abuse.body.byteLength, kind).to.be.at.most(DEFAULT_ABUSE_LIMITS.maxBodyBytes);
      expect(abuse.body.byteLength, kind).to.be.greaterThan(0.99 * DEFAULT_ABUSE_LIMITS.maxBodyBytes);
      expect(buildAbuseCase(kind).body.equals(abuse.body), kind).to.equal(true);
    }
  });

  for (const kind of ABUSE_KINDS) {
    it(`${kind}: answers 200 or a 4xx with a JSON error, and the probes answer while it runs`, async () => {
      const { body } = buildAbuseCase(kind);

      const answer = statusAndBody(
        fetch(`${app.baseUrl}${INFER}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      );
      const probes = await Promise.all(['/v2/health/live', '/v2/health/ready'].map((path) => fetch(`${app.baseUrl}${path}`)));
      const { status, body: answered } = await answer;

      expect(probes.map((probe) => probe.status)).to.deep.equal([200, 200]);
      if (status === 200) {
        expect(answered).to.have.property('outputs').that.is.an('array').with.length.greaterThan(0);
      } else {
        expect(status, JSON.stringify(answered)).to.be.within(400, 499);
        expect(answered).to.have.all.keys('error');
      }
    });
  }

  it('is still ready after the whole corpus', async () => {
    expect((await fetch(`${app.baseUrl}/v2/health/ready`)).status).to.equal(200);
  });
});
