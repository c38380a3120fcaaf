import { expect } from 'chai';
import { Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { createGeminiEmulator, type GeminiEmulator } from '../../predictor/emulator/gemini-emulator.js';
import type { InferParameter, ModelInferRequest, ModelStreamInferResponse } from '../../predictor/protocol/grpc/grpc-wire-types.js';
import { inferenceClient, type InferenceClient } from '../protocol/grpc/support/grpc-test-app.js';
import { startGateProxy, type GateProxy } from '../support/stream-gate-proxy.js';
import { composeTestApp, type TestApplication } from './support/compose-test-app.js';
import nock from 'nock';

const MODEL = 'podcast-pipeline';
const EPISODE = JSON.stringify({
  title: 'Reservoirs in a dry year',
  transcript: [
    { timestamp: '00:00:05', speaker: 'Mara', text: 'The reservoir held 61 percent of its capacity in March.' },
    { timestamp: '00:00:20', speaker: 'Ivo', text: 'Farmers cut irrigation by a fifth.' },
  ],
});
// Default tiers: the fact-checker runs on Flash, the other two agents on Flash-Lite.
const FACT_CHECKER_CALL = (path: string) => path.includes('/models/gemini-3.8-flash:');

type Stream = ClientDuplexStream<ModelInferRequest, ModelStreamInferResponse>;

function inferRequest(id: string, element = EPISODE): ModelInferRequest {
  return {
    model_name: MODEL,
    id,
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: ['1'], contents: { bytes_contents: [Buffer.from(element)] } }],
  };
}

/** Reads a stream's messages one at a time, in arrival order. */
function reader(stream: Stream) {
  const queued: ModelStreamInferResponse[] = [];
  const waiting: ((message: ModelStreamInferResponse | undefined) => void)[] = [];
  let isEnded = false;
  stream.on('data', (message: ModelStreamInferResponse) => {
    const next = waiting.shift();
    if (next) next(message);
    else queued.push(message);
  });
  stream.on('error', () => undefined);
  stream.on('end', () => {
    isEnded = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  return {
    next(): Promise<ModelStreamInferResponse | undefined> {
      if (queued.length > 0) return Promise.resolve(queued.shift());
      if (isEnded) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    async rest(): Promise<ModelStreamInferResponse[]> {
      const messages: ModelStreamInferResponse[] = [];
      for (let message = await this.next(); message !== undefined; message = await this.next()) messages.push(message);
      return messages;
    },
  };
}

const parameter = (message: ModelStreamInferResponse | undefined, key: string): InferParameter | undefined =>
  message?.infer_response?.parameters?.[key];
const agentOf = (message: ModelStreamInferResponse | undefined) => parameter(message, 'agent')?.string_param;
const outputNames = (message: ModelStreamInferResponse | undefined) => message?.infer_response?.outputs.map((output) => output.name);

// nock's interception (active once any test file imported it) keeps grpc-js from connecting:
// it is switched off for these tests. Every peer is on loopback (the app, its gRPC server, the
// emulator and the proxy), so nothing can reach the network meanwhile.
describe('gRPC ModelStreamInfer (grpc-js client, whole app on the emulator)', function () {
  this.timeout(30_000);
  let wasNockActive = false;
  let app: TestApplication | undefined;
  let emulator: GeminiEmulator | undefined;
  let gate: GateProxy | undefined;
  let client: InferenceClient | undefined;

  before(() => {
    wasNockActive = nock.isActive();
    if (wasNockActive) nock.restore();
  });
  after(() => {
    if (wasNockActive) nock.activate();
  });
  afterEach(async () => {
    client?.close();
    app?.application.grpcServer.closeAllConnections();
    await app?.close();
    await gate?.close();
    await emulator?.stop();
    app = undefined;
    gate = undefined;
    emulator = undefined;
    client = undefined;
  });

  /** The app with its gRPC server on a port of its own. */
  async function start(env: Record<string, string> = {}): Promise<Stream> {
    app = await composeTestApp({ FEEDBACK_SINK: 'off', GRPC_PORT: '0', ...env });
    const port = await app.application.grpcServer.listen(0, '127.0.0.1');
    client = inferenceClient(port);
    return client.raw.ModelStreamInfer!(new Metadata()) as Stream;
  }

  async function startGated(): Promise<{ stream: Stream; gate: GateProxy }> {
    emulator = createGeminiEmulator();
    const { baseUrl } = await emulator.start({ host: '127.0.0.1' });
    gate = await startGateProxy(baseUrl, FACT_CHECKER_CALL);
    return { stream: await start({ LLM_BACKEND: 'emulator', GEMINI_BASE_URL: gate.baseUrl }), gate };
  }

  it('answers one response per agent as it finishes (the held fact-check last), then the final one with the report and totals', async () => {
    const { stream, gate: held } = await startGated();
    const messages = reader(stream);

    stream.write(inferRequest('r1'));
    const early = [await messages.next(), await messages.next()];
    expect(early.map(agentOf)).to.have.members(['summarizer', 'insights']);
    held.release();
    stream.end();
    const [factCheck, final, ...after] = await messages.rest();

    expect(agentOf(factCheck)).to.equal('fact-checker');
    expect(outputNames(factCheck)).to.deep.equal(['fact_checks']);
    expect(after).to.deep.equal([]);
    for (const message of [...early, factCheck]) {
      expect(message?.infer_response?.id).to.equal('r1');
      expect(parameter(message, 'triton_final_response')?.bool_param).to.equal(false);
      expect(message?.infer_response?.outputs[0]?.shape).to.deep.equal(['1']);
    }
    const summary = early.find((message) => agentOf(message) === 'summarizer');
    const summaryJson = JSON.parse(Buffer.from(summary!.infer_response!.outputs[0]!.contents!.bytes_contents![0]!).toString()) as object;
    expect(summaryJson).to.have.property('overview');
    expect(agentOf(final)).to.equal(undefined);
    expect(outputNames(final)).to.deep.equal(['report', 'summary', 'insights', 'fact_checks']);
    expect(parameter(final, 'triton_final_response')?.bool_param).to.equal(true);
    expect(parameter(final, 'partial')?.bool_param).to.equal(false);
    expect(Number(parameter(final, 'output_tokens')?.int64_param)).to.be.greaterThan(0);
    expect(Buffer.from(final!.infer_response!.outputs[0]!.contents!.bytes_contents![0]!).toString()).to.match(
      /^# Reservoirs in a dry year/,
    );
  });

  it("streams a failed agent's error object in its slot, then a partial final response", async () => {
    const stream = await start({ GEMINI_MODEL_FLASH: 'gemini-3.8-flash-fault-503', LLM_MAX_ATTEMPTS: '1', LLM_FALLBACK_ENABLED: 'false' });
    const messages = reader(stream);
    stream.write(inferRequest('r2'));
    stream.end();
    const all = await messages.rest();

    expect(all).to.have.length(4);
    const failed = all.find((message) => agentOf(message) === 'fact-checker');
    expect(parameter(failed, 'agent_error_code')?.string_param).to.equal('llm_unavailable');
    const element = JSON.parse(Buffer.from(failed!.infer_response!.outputs[0]!.contents!.bytes_contents![0]!).toString()) as {
      error: { code: string };
    };
    expect(element.error.code).to.equal('llm_unavailable');
    expect(parameter(all[3], 'partial')?.bool_param).to.equal(true);
    expect(parameter(all[3], 'triton_final_response')?.bool_param).to.equal(true);
  });

  it('answers a bad request with error_message and serves the next request on the same stream', async () => {
    const stream = await start();
    const messages = reader(stream);

    stream.write(inferRequest('bad', '{"title": "No transcript"}'));
    const refused = await messages.next();
    stream.write(inferRequest('good'));
    stream.end();
    const answered = await messages.rest();

    expect(refused?.error_message).to.match(/episode\[0\].*transcript/);
    expect(refused?.infer_response).to.equal(undefined);
    expect(answered).to.have.length(4);
    expect(answered.every((message) => message.infer_response?.id === 'good')).to.equal(true);
  });

  it('stops the run and its held LLM call when the client cancels the stream', async () => {
    const { stream, gate: held } = await startGated();
    const messages = reader(stream);
    stream.write(inferRequest('r3'));
    await messages.next();
    await held.held;

    stream.cancel();

    // Resolves only when the predictor closed the upstream call it was waiting on (the test times out otherwise).
    await held.abandoned;
  });
});
