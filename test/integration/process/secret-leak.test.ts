import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { createGeminiEmulator, type GeminiEmulator } from '../../../predictor/emulator/gemini-emulator.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const GEMINI_KEY = 'AIzaSyTEST-gemini-key-0123456789abcdefXYZ';
const CLIENT_KEY = 'client-key-5f2b9c1e7d4a4e0f9b8c';
const REDIS_PASSWORD = 'redis-pass-9d8e7f6a5b4c';
const FORGED_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLXNlY3JldA';

function episodeRequest(title: string): string {
  const episode = { title, transcript: [{ timestamp: '00:00:01', speaker: 'Ann', text: 'In 2024 we cut costs by 40 percent.' }] };
  return JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [JSON.stringify(episode)] }] });
}

describe('secrets in logs (whole app, real process)', function () {
  this.timeout(60000);
  let emulator: GeminiEmulator;
  let server: SpawnedServer | undefined;
  let directory: string;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'secret-leak-'));
    emulator = createGeminiEmulator({ apiKey: GEMINI_KEY });
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  });
  after(() => nock.enableNetConnect());

  it('never writes the Gemini key, client keys, tokens or the Redis password to any output', async () => {
    const { baseUrl: geminiUrl } = await emulator.start();
    const keysFile = join(directory, 'api-keys.yaml');
    const hash = createHash('sha256').update(CLIENT_KEY).digest('hex');
    await writeFile(keysFile, `keys:\n  - id: ci-client\n    sha256: ${hash}\n    roles: [analyst]\n`);
    server = await spawnServer({
      LLM_BACKEND: 'gemini',
      GEMINI_API_KEY: GEMINI_KEY,
      GEMINI_BASE_URL: geminiUrl,
      AUTH_MODE: 'api-key',
      API_KEYS_FILE: keysFile,
      // Nothing listens on port 1: every Redis operation fails and gets logged.
      REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:1/0`,
      LOG_LEVEL: 'debug',
      LLM_MAX_ATTEMPTS: '1',
      LLM_FALLBACK_ENABLED: 'false',
    });
    const infer = `${server.baseUrl}/v2/models/podcast-pipeline/infer`;
    const post = (headers: Record<string, string>, title: string) =>
      fetch(infer, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: episodeRequest(title) });

    const statuses = [
      (await post({ authorization: `Bearer ${CLIENT_KEY}` }, 'ok with bearer')).status,
      (await post({ 'x-api-key': CLIENT_KEY }, 'ok with x-api-key')).status,
      (await post({ authorization: `Bearer ${CLIENT_KEY}-wrong` }, 'bad key')).status,
      (await post({ authorization: `Bearer ${FORGED_TOKEN}` }, 'forged token')).status,
    ];
    emulator.scriptFaults(['500', '500', '500']);
    statuses.push((await post({ authorization: `Bearer ${CLIENT_KEY}` }, 'upstream failing')).status);
    const output = server.output();

    expect(statuses).to.deep.equal([200, 200, 401, 401, 502]);
    // The test only proves something if the interesting paths were logged.
    expect(output).to.match(/"message":"agent failed"/);
    expect(output).to.match(/"status":401/);
    for (const secret of [GEMINI_KEY, CLIENT_KEY, REDIS_PASSWORD, FORGED_TOKEN, FORGED_TOKEN.split('.')[2] ?? FORGED_TOKEN]) {
      expect(output, `output contains ${secret.slice(0, 6)}…`).not.to.contain(secret);
    }
  });
});
