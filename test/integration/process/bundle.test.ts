import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import nock from 'nock';
import { STARTUP_PHASES } from '../../../predictor/observability/startup-phases.js';
import { reflectionClient } from '../../protocol/grpc/support/reflection-client.js';
import { findOtherNode } from '../support/other-node.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const run = promisify(execFile);

/** Every directory from `directory` up to the root. */
function selfAndAncestors(directory: string): string[] {
  const parent = dirname(directory);
  return parent === directory ? [directory] : [directory, ...selfAndAncestors(parent)];
}

/** `name{phase="x"} 1.23` lines of a Prometheus text exposition, as [label value, number]. */
function samplesOf(metrics: string, name: string): [string, number][] {
  const pattern = new RegExp(`^${name}(?:\\{phase="([a-z_]+)"\\})? ([0-9.e+-]+)$`, 'gm');
  return [...metrics.matchAll(pattern)].map((match) => [match[1] ?? '', Number(match[2])]);
}

describe('the production bundle (scripts/bundle.mjs, what the image runs)', function () {
  this.timeout(90000);
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

  it('lies where no node_modules can be found: a launcher, one server script, its V8 code cache warmed by the build and the gRPC reflection protos', async () => {
    expect(selfAndAncestors(directory).filter((ancestor) => existsSync(join(ancestor, 'node_modules')))).to.deep.equal([]);
    const files = (await readdir(directory)).filter((file) => !file.endsWith('.map'));
    expect(files.sort()).to.deep.equal(['grpc-reflection-proto', 'main.mjs', 'server.cjs', 'server.cjs.v8-cache']);
    expect((await stat(join(directory, 'server.cjs.v8-cache'))).size).to.be.above(0);
  });

  it('starts, serves an inference on the built-in emulator, reports its start-up phases in order and drains on SIGTERM', async () => {
    server = await spawnServer({}, [join(directory, 'main.mjs')]);
    const episode = JSON.stringify({ title: 'Bundle', transcript: 'Ann: In 2024 we grew by 40 percent.\nBob: Caching mattered most.' });
    const response = await fetch(`${server.baseUrl}/v2/models/podcast-pipeline/infer`, {
      method: 'POST',
      body: JSON.stringify({ inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: [episode] }] }),
    });
    const body = (await response.json()) as { outputs: { name: string; data: string[] }[] };
    const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();

    expect(response.status).to.equal(200);
    expect(body.outputs.find((output) => output.name === 'report')?.data[0]).to.contain('# Bundle');
    const phases = samplesOf(metrics, 'predictor_startup_phase_seconds');
    expect(phases.map(([phase]) => phase)).to.deep.equal([...STARTUP_PHASES]);
    const seconds = phases.map(([, value]) => value);
    expect(seconds).to.deep.equal([...seconds].sort((a, b) => a - b));
    const [[, firstInference] = ['', 0]] = samplesOf(metrics, 'predictor_first_inference_seconds');
    expect(firstInference).to.be.at.least(seconds.at(-1) ?? Infinity);
    const readyLine = server
      .output()
      .split('\n')
      .find((line) => line.includes('"message":"start-up phases'));
    expect(JSON.parse(readyLine ?? '{}')).to.include({ validators_compiled_at_run_time: 0 });
    expect(await server.stop('SIGTERM')).to.equal(0);
    // GRPC_PORT=0 and REST only: gRPC (grpc-js, the protos, the services) was never built
    // (read once the process has exited, so every line it wrote is in).
    expect(server.output()).not.to.contain('"message":"gRPC server built"');
  });

  it('serves gRPC reflection from the bundle alone (its protos travel beside server.cjs), over h2c on the HTTP port', async () => {
    const wasActive = nock.isActive();
    // nock intercepts every socket and hangs an HTTP/2 client's preface; the server is on loopback.
    if (wasActive) nock.restore();
    server = await spawnServer({}, [join(directory, 'main.mjs')]);
    const reflection = reflectionClient(Number(new URL(server.baseUrl).port));
    try {
      const answer = await reflection.ask({ list_services: '' });

      expect((answer.list_services_response as { service: { name: string }[] }).service.map((service) => service.name)).to.include(
        'inference.GRPCInferenceService',
      );
      expect(server.output()).not.to.contain('reflection');
    } finally {
      reflection.close();
      if (wasActive) nock.activate();
      await server.stop('SIGTERM');
    }
    // Built once, by this first gRPC call over h2c (GRPC_PORT=0), not at start.
    const lines = server.output().split('\n');
    const built = lines.findIndex((line) => line.includes('"message":"gRPC server built"'));
    expect(built).to.be.above(lines.findIndex((line) => line.includes('"message":"start-up phases')));
    expect(lines.filter((line) => line.includes('"message":"gRPC server built"'))).to.have.length(1);
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
