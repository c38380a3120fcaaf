import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nock from 'nock';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const run = promisify(execFile);

describe('the production bundle (scripts/bundle.mjs, what the image runs)', function () {
  this.timeout(60000);
  let directory: string;
  let server: SpawnedServer | undefined;

  before(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    directory = await mkdtemp(join(tmpdir(), 'bundle-'));
    await run(process.execPath, ['scripts/bundle.mjs', directory]);
  });
  after(async () => {
    await server?.stop('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    nock.enableNetConnect();
  });

  it('starts, serves an inference on the built-in emulator and drains on SIGTERM', async () => {
    server = await spawnServer({}, [join(directory, 'main.mjs')]);
    const episode = JSON.stringify({ title: 'Bundle', transcript: 'Ann: In 2024 we grew by 40 percent.\nBob: Caching mattered most.' });
    const response = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episode] }] }),
    });
    const body = (await response.json()) as { outputs: { name: string; data: string[] }[] };

    expect(response.status).to.equal(200);
    expect(body.outputs.find((output) => output.name === 'report')?.data[0]).to.contain('# Bundle');
    expect(await server.stop('SIGTERM')).to.equal(0);
  });
});
