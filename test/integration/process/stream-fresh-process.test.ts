import { expect } from 'chai';
import nock from 'nock';
import { readSse } from '../../support/stream-sse-reader.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const TRANSCRIPT = '[00:00:05] Dana: In 2025 our idle cost fell by 62 percent.\n[00:01:10] Sam: Cold starts matter more than throughput.';

describe('streams on a fresh predictor process (first call after start, built-in emulator)', function () {
  this.timeout(60000);
  let server: SpawnedServer | undefined;

  before(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
  });
  after(() => nock.enableNetConnect());

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
});
