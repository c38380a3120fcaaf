import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nock from 'nock';
import { findOtherNode } from '../support/other-node.js';
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

  it('prints --help and exits 0 without starting anything', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(directory, 'main.mjs'), '--help']);

    expect(stdout).to.match(/^Usage: node dist\/predictor\/main\.js/);
    expect(stderr).to.equal('');
  });

  const oldNode = findOtherNode();
  (oldNode ? it : it.skip)('refuses another Node.js major in one line before the bundled modules run', async () => {
    const failed = (await run(oldNode?.path ?? 'node', [join(directory, 'main.mjs'), '--help']).catch((error: unknown) => error)) as {
      code?: number;
      stdout?: string;
      stderr?: string;
    };

    expect(failed.code).to.equal(1);
    expect(failed.stdout).to.equal('');
    expect(failed.stderr).to.match(new RegExp(`^unsupported Node\\.js ${oldNode?.version.replace(/\./g, '\\.')}: [^\\n]*\\n$`));
  });
});
