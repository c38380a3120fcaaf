import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import { startGateProxy, type GateProxy } from '../support/stream-gate-proxy.js';
import { readSse, type SseEvent } from '../support/stream-sse-reader.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';

const MODEL = 'podcast-pipeline';
const EPISODE = {
  title: 'Reservoirs in a dry year',
  host: 'Mara',
  transcript: [
    { timestamp: '00:00:05', speaker: 'Mara', text: 'The reservoir held 61 percent of its capacity in March.' },
    { timestamp: '00:00:20', speaker: 'Ivo', text: 'Farmers cut irrigation by a fifth, and the town fixed its leaking mains first.' },
  ],
};
const PLAIN = '[00:00:01] Ann: We moved the bakery to four-day weeks in 2023.\n[00:00:09] Raj: Sales per day rose, and nobody quit.';
const API_KEY = 'generate-test-key-4c1d9e';
// Default tiers: the fact-checker runs on Flash, the other two agents on Flash-Lite.
const FACT_CHECKER_CALL = (path: string) => path.includes('/models/gemini-3.8-flash:');

interface GenerateBody {
  readonly model_name: string;
  readonly model_version?: string;
  readonly text_output: string;
  readonly parameters?: Record<string, unknown>;
  readonly error?: string;
}

describe('OIP generate extension (whole app on the emulator)', function () {
  this.timeout(30_000);
  let app: TestApplication | undefined;
  let emulator: GeminiEmulator | undefined;
  let gate: GateProxy | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(async () => {
    await app?.close();
    await gate?.close();
    await emulator?.stop();
    app = undefined;
    gate = undefined;
    emulator = undefined;
  });
  after(() => nock.enableNetConnect());

  const start = (env: Record<string, string> = {}) => composeTestApp({ FEEDBACK_SINK: 'off', ...env });

  /** The app on an emulator behind a proxy that holds the fact-checker's calls until released. */
  async function startGated(env: Record<string, string> = {}): Promise<{ app: TestApplication; gate: GateProxy }> {
    emulator = createGeminiEmulator();
    const { baseUrl } = await emulator.start({ host: '127.0.0.1' });
    gate = await startGateProxy(baseUrl, FACT_CHECKER_CALL);
    app = await start({ LLM_BACKEND: 'emulator', GEMINI_BASE_URL: gate.baseUrl, ...env });
    return { app, gate };
  }

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${app!.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });

  describe('POST /generate', () => {
    it('answers the markdown report of a JSON episode as text_output, with the totals as parameters', async () => {
      app = await start();
      const response = await post(`/v2/models/${MODEL}/generate`, { text_input: JSON.stringify(EPISODE) });
      const body = (await response.json()) as GenerateBody;

      expect(response.status).to.equal(200);
      expect(body.model_name).to.equal(MODEL);
      expect(body.text_output).to.match(/^# Reservoirs in a dry year\n/);
      expect(body.text_output).to.include('## Summary').and.to.include('## Key insights').and.to.include('## Fact check');
      expect(body.parameters).to.include({ partial: false, llm_backend: 'emulator' });
      expect(body.parameters?.input_tokens).to.be.a('number').greaterThan(0);
    });

    it('takes a plain transcript as text_input, titled by the title parameter, and echoes a named version', async () => {
      app = await start();
      const response = await post(`/v2/models/${MODEL}/versions/1/generate`, { text_input: PLAIN, parameters: { title: 'Bakery hours' } });
      const body = (await response.json()) as GenerateBody;

      expect(response.status).to.equal(200);
      expect(body.model_version).to.equal('1');
      expect(body.text_output).to.match(/^# Bakery hours\n/);
      expect(body.text_output).to.include('Raj');
    });

    it('refuses bad input with 4xx and the KServe error body, before any LLM call', async () => {
      app = await start();
      const cases: [unknown, number, RegExp][] = [
        ['{"text_input": ', 400, /not valid JSON/],
        [{ parameters: {} }, 400, /text_input is required/],
        [{ text_input: 42 }, 400, /text_input is required and must be a string/],
        [{ text_input: '{"title": "No transcript"}' }, 400, /episode\[0\].*transcript/],
        [{ text_input: '   ' }, 400, /transcript/],
        [{ text_input: PLAIN, parameters: { prompt_version: 'v99' } }, 400, /v99/],
        [{ text_input: PLAIN, parameters: { stop: ['\n'] } }, 400, /parameters/],
      ];
      for (const [body, status, message] of cases) {
        const response = await post(`/v2/models/${MODEL}/generate`, body);
        expect(response.status, JSON.stringify(body)).to.equal(status);
        expect(response.headers.get('content-type')).to.equal('application/json');
        expect(((await response.json()) as GenerateBody).error).to.match(message);
      }
      expect((await post(`/v2/models/nope/generate`, { text_input: PLAIN })).status).to.equal(404);
      expect((await post(`/v2/models/${MODEL}/versions/7/generate_stream`, { text_input: PLAIN })).status).to.equal(501);
      const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
      expect(metrics).not.to.match(/^llm_calls_total\{/m);
      expect(metrics).to.match(
        /^http_server_request_duration_seconds_count\{http_request_method="POST",http_route="\/v2\/models\/:name\/generate",http_response_status_code="400"\} 7$/m,
      );
    });

    it('asks for the same credentials as /infer', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'generate-auth-'));
      try {
        const sha256 = createHash('sha256').update(API_KEY).digest('hex');
        await writeFile(join(directory, 'keys.yaml'), `keys:\n  - { id: team-a, sha256: ${sha256}, roles: [analyst] }\n`);
        app = await start({ AUTH_MODE: 'api-key', API_KEYS_FILE: join(directory, 'keys.yaml'), WATCH_POLICY_FILES: 'false' });
        for (const route of ['generate', 'generate_stream']) {
          const path = `/v2/models/${MODEL}/${route}`;
          const refused = await post(path, { text_input: PLAIN });
          expect(refused.status, route).to.equal(401);
          expect(((await refused.json()) as GenerateBody).error).to.be.a('string');
          expect((await post(path, { text_input: PLAIN }, { 'x-api-key': 'wrong-key-0000000' })).status, route).to.equal(401);
          const allowed = await post(path, { text_input: PLAIN }, { 'x-api-key': API_KEY });
          expect(allowed.status, route).to.equal(200);
          await allowed.arrayBuffer();
        }
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });
  });

  describe('POST /generate_stream', () => {
    it("sends each agent's section as it finishes, the held fact-check after the others, then the final report and totals", async () => {
      const started = await startGated();
      const response = await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) });
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.equal('text/event-stream');
      const events = readSse(response);

      // The fact-checker's call is held upstream: the other two agents must already be on the wire.
      const early = [await events.next(), await events.next()].map((event) => event?.data as Record<string, unknown>);
      expect(early.map((event) => event.agent)).to.have.members(['summarizer', 'insights']);
      started.gate.release();
      const [factCheck, final, ...after] = await events.rest();

      expect((factCheck?.data as Record<string, unknown>).agent).to.equal('fact-checker');
      expect(after).to.deep.equal([]);
      const summary = early.find((event) => event.agent === 'summarizer')!;
      expect(summary.text_output).to.match(/^## Summary\n/);
      expect(summary.output).to.have.property('overview').that.is.a('string');
      expect(summary.model_name).to.equal(MODEL);
      const finalData = final?.data as GenerateBody;
      expect(final?.event).to.equal('message');
      expect(finalData).not.to.have.property('agent');
      for (const event of [...early, factCheck!.data as Record<string, unknown>]) {
        expect(finalData.text_output).to.include(String(event.text_output).trimEnd());
      }
      expect(finalData.parameters).to.include({ partial: false, cache_hit: false });
      expect(finalData.parameters?.output_tokens).to.be.a('number').greaterThan(0);
    });

    it('streams a failed agent as an error object in its slot and ends with a partial report', async () => {
      app = await start({ GEMINI_MODEL_FLASH: 'gemini-3.8-flash-fault-503', LLM_MAX_ATTEMPTS: '1', LLM_FALLBACK_ENABLED: 'false' });
      const response = await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) });
      const events = await readSse(response).rest();

      expect(events.map((event) => event.event)).to.deep.equal(['message', 'message', 'message', 'message']);
      const data = events.map((event) => event.data as Record<string, unknown>);
      const failed = data.find((event) => event.agent === 'fact-checker');
      expect(failed?.error).to.deep.include({ code: 'llm_unavailable' });
      expect(failed).not.to.have.property('output');
      expect(failed?.text_output).to.include('Not available');
      expect(data.at(-1)?.agent).to.equal(undefined);
      expect(data.at(-1)?.parameters).to.include({ partial: true });
    });

    it('answers an error before the first event as a plain JSON status', async () => {
      app = await start({ DAILY_BUDGET_USD: '0.000001' });
      const response = await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) });

      expect(response.status).to.equal(429);
      expect(response.headers.get('content-type')).to.equal('application/json');
      expect(((await response.json()) as GenerateBody).error).to.match(/budget/);
    });

    it('ends a started stream with an error event when the request fails after an agent was sent', async () => {
      // Fail on partial: the first failed agent is streamed, then the request fails.
      app = await start({
        GEMINI_MODEL_FLASH: 'gemini-3.8-flash-fault-503',
        LLM_MAX_ATTEMPTS: '1',
        LLM_FALLBACK_ENABLED: 'false',
        PIPELINE_FAIL_ON_PARTIAL: 'true',
      });
      const response = await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) });
      const events = await readSse(response).rest();

      expect(response.status).to.equal(200);
      const last = events.at(-1) as SseEvent;
      expect(last.event).to.equal('error');
      expect((last.data as GenerateBody).error)
        .to.be.a('string')
        .and.not.to.include('stack');
      expect(events.slice(0, -1).every((event) => event.event === 'message')).to.equal(true);
    });

    it('stops the run and its held LLM call when the client disconnects mid-stream', async () => {
      const started = await startGated();
      const client = new AbortController();
      const response = await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) }, {}, client.signal);
      const events = readSse(response);
      await events.next();
      await started.gate.held;

      client.abort();

      // Resolves only when the predictor closed the upstream call it was waiting on (the test times out otherwise).
      await started.gate.abandoned;
      await started.app.application.inFlight.whenIdle();
      expect(started.app.application.inFlight.size).to.equal(0);
    });

    it('streams through every data-plane decorator: request limits, payload logging, prompt split and online evaluation', async () => {
      const directory = await mkdtemp(join(tmpdir(), 'generate-decorators-'));
      try {
        app = await start({
          DAILY_BUDGET_USD: '100',
          PAYLOAD_LOG_SINK: `file://${join(directory, 'payloads.jsonl')}`,
          PROMPT_VERSION_SPLIT: 'v1=1,v2=1',
          ONLINE_EVAL_SAMPLE_RATE: '1',
        });
        const events = await readSse(await post(`/v2/models/${MODEL}/generate_stream`, { text_input: JSON.stringify(EPISODE) })).rest();

        const data = events.map((event) => event.data as Record<string, unknown>);
        expect(data.slice(0, 3).map((event) => event.agent)).to.have.members(['summarizer', 'insights', 'fact-checker']);
        expect(data).to.have.length(4);
        expect(data[3]?.parameters).to.have.property('prompt_version').that.is.oneOf(['v1', 'v2']);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    });

    it('streams every agent of a result-cache hit, then the final with cache_hit', async () => {
      app = await start();
      const body = { text_input: JSON.stringify(EPISODE) };
      await (await post(`/v2/models/${MODEL}/generate`, body)).arrayBuffer();
      const events = await readSse(await post(`/v2/models/${MODEL}/generate_stream`, body)).rest();

      const data = events.map((event) => event.data as Record<string, unknown>);
      expect(data.map((event) => event.agent)).to.deep.equal(['summarizer', 'insights', 'fact-checker', undefined]);
      expect(data[3]?.parameters).to.include({ cache_hit: true, input_tokens: 0 });
    });
  });
});
