/**
 * Runs the README's five-command release path exactly as written, in bash, against the stub
 * docker/aws CLIs (scripts/test-stubs: the ECR registry and API), the loopback fake Kubernetes
 * API server and a fake Prometheus. The one mapping: `npm run deploy --` runs the deploy CLI
 * from source (tsx) instead of rebuilding dist/ first, which is all `npm run` adds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { SOURCE_REVISION_ANNOTATION } from '../../scripts/deploy/release-image.js';
import { startFakeApiServer, type FakeApiServer } from './fake-api-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STUB_DIGEST = `sha256:${'ab'.repeat(32)}`;

/** The fenced block after the `release-path` marker in README.md, one command per line. */
export function readmeReleasePath(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- release-path:[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README.md has no release-path block');
  return block.split('\n').filter((line) => line.trim() !== '');
}

describe('README release path', function () {
  this.timeout(120_000);
  let fake: FakeApiServer;
  let prometheus: Server;
  let directory: string;

  beforeEach(async () => {
    fake = await startFakeApiServer({ namespaces: ['podcast-pipeline'] });
    prometheus = createServer((request, response) => {
      const query = new URL(request.url ?? '/', 'http://p').searchParams.get('query') ?? '';
      response.writeHead(200, { 'content-type': 'application/json' });
      const value = query.startsWith('histogram_quantile') ? '2.5' : '0.001';
      response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [0, value] }] } }));
    });
    await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
    directory = mkdtempSync(join(tmpdir(), 'readme-release-'));
  });
  afterEach(async () => {
    await fake.close();
    await new Promise<void>((resolve) => prometheus.close(() => resolve()));
    rmSync(directory, { recursive: true, force: true });
  });

  it('has five commands: build, push + canary, status, gate, promote', () => {
    const lines = readmeReleasePath();
    expect(lines).to.have.length(5);
    expect(lines[0]).to.equal('scripts/build.sh');
    expect(lines[1]).to.include('--image "$(scripts/push-ecr.sh)"').and.include('--canary');
  });

  it('works as written: the pushed digest ends up at 100% on the InferenceService', async () => {
    // Only docker and aws are stubbed; kubectl stays the real one (it renders the overlay).
    const bin = join(directory, 'bin');
    mkdirSync(bin);
    for (const program of ['docker', 'aws']) symlinkSync(join(ROOT, 'scripts', 'test-stubs', program), join(bin, program));
    const kubeconfig = join(directory, 'kubeconfig');
    writeFileSync(kubeconfig, fake.kubeconfig());
    const script = [
      'set -euo pipefail',
      `npm() { if [[ "$1 $2 $3" == "run deploy --" ]]; then shift 3; node --import tsx scripts/deploy/deploy-cli.ts "$@"; else command npm "$@"; fi; }`,
      // The release before this one, so that the canary has a revision to split against.
      `npm run deploy -- --overlay prod-us-east-1 --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/podcast-pipeline@sha256:${'cd'.repeat(32)} >/dev/null 2>&1`,
      ...readmeReleasePath().map((line) => `echo "+ ${line.replace(/["$\\`]/g, '\\$&')}" >&2; ${line}`),
    ].join('\n');
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      HOME: directory,
      KUBECONFIG: kubeconfig,
      AWS_REGION: 'us-east-1',
      // A clean tree's tag (a checkout with local changes would be "-dirty", which push-ecr.sh refuses).
      IMAGE_TAG: '0123456789ab',
      STUB_LOG: join(directory, 'calls.log'),
      PROMETHEUS_URL: `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`,
    };

    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile('bash', ['-c', script], { cwd: ROOT, env }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

    expect(run.code, run.stderr).to.equal(0);
    const service = fake.get('InferenceService', 'podcast-pipeline', 'podcast-pipeline') as {
      metadata: { annotations: Record<string, string> };
      spec: { predictor: { canaryTrafficPercent?: number; containers: [{ image: string }] } };
    };
    expect(service.spec.predictor.containers[0].image).to.equal(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/podcast-pipeline@${STUB_DIGEST}`,
    );
    expect(service.metadata.annotations[SOURCE_REVISION_ANNOTATION]).to.match(/^[0-9a-f]{40}(-dirty)?$/);
    expect(service.spec.predictor).not.to.have.property('canaryTrafficPercent');
    expect(run.stderr).to.include('gate passed for podcast-pipeline-predictor-00002');
    expect(run.stdout).to.include('  podcast-pipeline-predictor-00002   10%  latest\n  podcast-pipeline-predictor-00001   90%  prev\n');
    expect(run.stdout).to.include('promoted: traffic of podcast-pipeline:\n  podcast-pipeline-predictor-00002  100%  latest\n');
    expect(run.stdout).to.match(/NAME\s+URL\s+READY/);
    expect(readFileSync(env.STUB_LOG, 'utf8')).to.match(
      /^docker push 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/podcast-pipeline:0123456789ab$/m,
    );
  });
});
