import { expect } from 'chai';
import nock from 'nock';
import { Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import type { ModelInferRequest, ModelStreamInferResponse } from '../../../predictor/protocol/grpc/grpc-wire-types.js';
import { inferenceClient } from '../../protocol/grpc/support/grpc-test-app.js';
import { readSse } from '../../support/stream-sse-reader.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const TRANSCRIPT = '[00:00:05] Dana: In 2025 our idle cost fell by 62 percent.\n[00:01:10] Sam: Cold starts matter more than throughput.';

// nock's interception (active once any test file imported it) keeps grpc-js from connecting: it is
// switched off here. Every peer (the process and its built-in emulator) is on loopback.
describe('streams on a fresh predictor process (first call after start, built-in emulator)', function () {
  this.timeout(60000);
  let server: SpawnedServer | undefined;
  let wasNockActive = false;

  before(() => {
    wasNockActive = nock.isActive();
    if (wasNockActive) nock.restore();
  });
  after(() => {
    if (wasNockActive) nock.activate();
  });

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });

  it('answers generate_stream as its very first request: each agent, then the final report', async () => {
    server = await spawnServer({ GRPC_PORT: '0' });
    const response = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/generate_stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text_input: TRANSCRIPT, parameters: { title: 'Cold start' } }),
    });
    const events = await readSse(response).rest();

    expect(response.status).to.equal(200);
    const data = events.map((event) => event.data as { agent?: string; text_output: string; parameters?: Record<string, unknown> });
    expect(data.slice(0, 3).map((event) => event.agent)).to.have.members(['summarizer', 'insights', 'fact-checker']);
    expect(data).to.have.length(4);
    expect(data[3]?.agent).to.equal(undefined);
    expect(data[3]?.text_output).to.match(/^# Cold start\n/);
    expect(data[3]?.parameters).to.include({ llm_backend: 'emulator', partial: false, cache_hit: false });
  });

  it('answers ModelStreamInfer over h2c on the HTTP port as its very first call: each agent, then the final response', async () => {
    server = await spawnServer({ GRPC_PORT: '0' });
    const client = inferenceClient(Number(new URL(server.baseUrl).port));
    try {
      const stream = client.raw.ModelStreamInfer!(new Metadata()) as ClientDuplexStream<ModelInferRequest, ModelStreamInferResponse>;
      const messages: ModelStreamInferResponse[] = [];
      stream.on('data', (message: ModelStreamInferResponse) => messages.push(message));
      const ended = new Promise<void>((resolve, reject) => {
        stream.on('end', resolve);
        stream.on('error', reject);
      });
      const episode = JSON.stringify({ title: 'Cold start', transcript: TRANSCRIPT });
      stream.write({
        model_name: 'podcast-pipeline',
        id: 'first',
        inputs: [{ name: 'episode', datatype: 'BYTES', shape: ['1'], contents: { bytes_contents: [Buffer.from(episode)] } }],
      });
      stream.end();
      await ended;

      const agents = messages.map((message) => message.infer_response?.parameters?.agent?.string_param);
      expect(agents.slice(0, 3)).to.have.members(['summarizer', 'insights', 'fact-checker']);
      expect(messages).to.have.length(4);
      expect(messages[3]?.infer_response?.parameters?.triton_final_response?.bool_param).to.equal(true);
      expect(messages[3]?.infer_response?.outputs.map((output) => output.name)).to.include('report');
    } finally {
      client.close();
    }
  });
});
