import { status as Status } from '@grpc/grpc-js';
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesInput, inferenceClient, type InferenceClient } from '../protocol/grpc/support/grpc-test-app.js';
import { useHttp2WithoutNock } from '../protocol/grpc/support/grpc-without-nock.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const MODEL = 'podcast-pipeline';
const ANALYST_KEY = 'grpc-analyst-key-7d2e9a';
const REVOKED_KEY = 'grpc-revoked-key-3b8c1f';
const OTHER_TEAM_KEY = 'grpc-other-team-key-5e0a4d';
const READER_KEY = 'grpc-reader-key-9f6b2c';

const POLICY = `version: 1
rules:
  - roles: [analyst]
    models: [${MODEL}]
    actions: [infer, metadata]
  - roles: [reader]
    models: [${MODEL}]
    actions: [metadata]
  - roles: [other-team]
    models: [other-*]
    actions: ["*"]
`;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const EPISODE = JSON.stringify({ title: 'Auth over gRPC', transcript: 'Ann: In 2024 we grew by 40 percent.\nBo: Mostly from referrals.' });

/** Each RPC of the matrix and the action the access policy needs for it. */
const RPCS = [
  {
    method: 'ModelInfer',
    request: { model_name: MODEL, inputs: [bytesInput([EPISODE])], outputs: [{ name: 'summary' }] },
    action: 'infer',
  },
  { method: 'ModelMetadata', request: { name: MODEL }, action: 'metadata' },
  { method: 'ModelReady', request: { name: MODEL }, action: 'metadata' },
] as const;

describe('gRPC authentication and per-model authorisation (whole app, AUTH_MODE=api-key)', function () {
  this.timeout(30000);
  useHttp2WithoutNock();
  let directory: string;
  let app: TestApplication;
  let client: InferenceClient;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'grpc-auth-'));
    await writeFile(join(directory, 'policy.yaml'), POLICY);
    await writeFile(
      join(directory, 'keys.yaml'),
      `keys:\n  - { id: analyst, sha256: ${sha256(ANALYST_KEY)}, roles: [analyst] }\n` +
        `  - { id: retired, sha256: ${sha256(REVOKED_KEY)}, roles: [analyst], revoked: true }\n` +
        `  - { id: reader, sha256: ${sha256(READER_KEY)}, roles: [reader] }\n` +
        `  - { id: other, sha256: ${sha256(OTHER_TEAM_KEY)}, roles: [other-team] }\n`,
    );
    app = await composeTestApp(
      {
        AUTH_MODE: 'api-key',
        API_KEYS_FILE: join(directory, 'keys.yaml'),
        ACCESS_POLICY_FILE: join(directory, 'policy.yaml'),
        WATCH_POLICY_FILES: 'false',
        FEEDBACK_SINK: 'off',
      },
      { grpc: true },
    );
    client = inferenceClient(app.grpcPort!);
  });
  after(async () => {
    client.close();
    await app.close();
    await rm(directory, { recursive: true, force: true });
  });

  const cases = [
    { name: 'no credential', metadata: {}, expected: Status.UNAUTHENTICATED },
    { name: 'a malformed authorization', metadata: { authorization: 'Basic abc' }, expected: Status.UNAUTHENTICATED },
    { name: 'a bad key', metadata: { authorization: 'Bearer not-a-key' }, expected: Status.UNAUTHENTICATED },
    { name: 'a revoked key', metadata: { 'x-api-key': REVOKED_KEY }, expected: Status.UNAUTHENTICATED },
    { name: 'a valid key for other models only', metadata: { 'x-api-key': OTHER_TEAM_KEY }, expected: Status.PERMISSION_DENIED },
    { name: 'a key allowed metadata only', metadata: { 'x-api-key': READER_KEY }, expected: 'metadata-only' },
    { name: 'a valid key (authorization: Bearer)', metadata: { authorization: `Bearer ${ANALYST_KEY}` }, expected: Status.OK },
    { name: 'a valid key (x-api-key)', metadata: { 'x-api-key': ANALYST_KEY }, expected: Status.OK },
  ] as const;

  for (const rpc of RPCS) {
    for (const testCase of cases) {
      const expected =
        testCase.expected === 'metadata-only' ? (rpc.action === 'metadata' ? Status.OK : Status.PERMISSION_DENIED) : testCase.expected;
      it(`${rpc.method}: ${testCase.name} → ${Status[expected]}`, async () => {
        const { error } = await client.call(rpc.method, rpc.request, { metadata: testCase.metadata });
        expect(error?.code ?? Status.OK).to.equal(expected);
      });
    }
  }

  it('decides ServerMetadata as GET /v2 (metadata on every model) for every credential', async () => {
    const grpcToHttp: Readonly<Record<number, number>> = {
      [Status.OK]: 200,
      [Status.UNAUTHENTICATED]: 401,
      [Status.PERMISSION_DENIED]: 403,
    };
    for (const testCase of cases) {
      const { error } = await client.call('ServerMetadata', {}, { metadata: testCase.metadata });
      const rest = await fetch(`${app.baseUrl}/v2`, { headers: testCase.metadata });
      await rest.arrayBuffer();
      expect([testCase.name, grpcToHttp[error?.code ?? Status.OK]]).to.deep.equal([testCase.name, rest.status]);
    }
  });

  it('keeps liveness, readiness and the health service open without credentials', async () => {
    expect((await client.call('ServerLive', {})).response).to.deep.equal({ live: true });
    expect((await client.call('ServerReady', {})).response).to.deep.equal({ ready: true });
  });

  it('says why a call is refused, as REST does', async () => {
    const { error } = await client.call('ModelInfer', RPCS[0].request, { metadata: { authorization: 'Basic abc' } });
    expect(error?.details).to.equal('Authorization header must be "Bearer <token>"');
  });
});
