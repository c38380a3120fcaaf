import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import nock from 'nock';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

async function episodeFixture(name: string): Promise<string> {
  return readFile(new URL(`../../fixtures/episodes/${name}`, import.meta.url), 'utf8');
}

describe('the predictor process (end to end, built-in emulator)', function () {
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

  it('serves a batch of episodes through the HTTP API, one output element per episode in order', async () => {
    server = await spawnServer({});
    const episodes = await Promise.all(['grid-under-pressure.json', 'balcony-tomatoes-plain.json'].map(episodeFixture));
    const response = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'batch-1', inputs: [{ name: 'episode', datatype: 'BYTES', shape: [2], data: episodes }] }),
    });
    const body = (await response.json()) as {
      id: string;
      parameters: Record<string, unknown>;
      outputs: { name: string; shape: number[]; data: string[] }[];
    };

    expect(response.status).to.equal(200);
    expect(body.id).to.equal('batch-1');
    expect(body.parameters).to.include({ llm_backend: 'emulator', partial: false });
    expect(body.parameters.input_tokens).to.be.a('number').above(0);
    const report = body.outputs.find((output) => output.name === 'report');
    expect(report?.shape).to.deep.equal([2]);
    const titles = episodes.map((episode) => (JSON.parse(episode) as { title: string }).title);
    expect(report?.data[0]).to.contain(titles[0]);
    expect(report?.data[1]).to.contain(titles[1]);
    expect(server.output()).to.contain('Gemini EMULATOR');
  });

  it('answers bad input with a 400 in OIP error form and keeps serving', async () => {
    server = await spawnServer({});
    const bad = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/infer`, { method: 'POST', body: '{"inputs": [' });
    const good = await fetch(`${server.baseUrl}/v2/health/ready`);

    expect(bad.status).to.equal(400);
    expect(bad.headers.get('content-type')).to.match(/^application\/json/);
    expect(Object.keys((await bad.json()) as object)).to.deep.equal(['error']);
    expect(good.status).to.equal(200);
  });

  it('drains on SIGTERM and exits 0', async () => {
    server = await spawnServer({});
    const code = await server.stop('SIGTERM');

    expect(code).to.equal(0);
    expect(server.output()).to.contain('shutdown complete');
  });

  it('refuses to start on invalid configuration and names the setting', async () => {
    const failed = await spawnServer({ PORT: 'not-a-port' }).catch((error: Error) => error);

    expect(failed).to.be.instanceOf(Error);
    expect((failed as Error).message).to.contain(
      'invalid configuration: PORT="not-a-port" is not allowed: expected an integer from 0 to 65535',
    );
  });
});
