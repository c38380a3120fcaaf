import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { load } from 'js-yaml';
import { deployProgram } from '../../scripts/deploy/deploy-program.js';
import { SOURCE_REVISION_ANNOTATION } from '../../scripts/deploy/release-image.js';
import { startFakeApiServer, type FakeApiServer } from './fake-api-server.js';
import { createFakeClock } from './fake-cluster.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/podcast-pipeline';
const digestOf = (byte: string): string => `sha256:${byte.repeat(32)}`;
const image = (byte: string): string => `${REGISTRY}@${digestOf(byte)}`;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('deploy program (the deploy CLI) against a fake Kubernetes API server on loopback', function () {
  // kubectl kustomize renders each overlay in a child process.
  this.timeout(30_000);
  let fake: FakeApiServer;
  let directory: string;
  let kubeconfig: string;

  async function deploy(args: readonly string[], { env = { KUBECONFIG: kubeconfig }, isTTY = false } = {}): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const code = await deployProgram(args, {
      env,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY,
      ...createFakeClock(),
    });
    return { code, stdout, stderr };
  }

  interface LiveService {
    readonly metadata: { readonly annotations: Record<string, string> };
    readonly spec: { readonly predictor: { readonly canaryTrafficPercent?: number; readonly containers: [{ readonly image: string }] } };
  }
  const isvc = (namespace = 'podcast-pipeline-dev') =>
    fake.get('InferenceService', namespace, 'podcast-pipeline') as unknown as LiveService;
  const patches = () => fake.requests.filter((request) => request.method === 'PATCH');

  beforeEach(async () => {
    fake = await startFakeApiServer({ namespaces: ['default', 'podcast-pipeline', 'podcast-pipeline-dev'] });
    directory = mkdtempSync(join(tmpdir(), 'deploy-cli-'));
    kubeconfig = join(directory, 'kubeconfig');
    writeFileSync(kubeconfig, fake.kubeconfig());
  });
  afterEach(async () => {
    await fake.close();
    rmSync(directory, { recursive: true, force: true });
  });

  describe('release path', () => {
    it('deploys the pushed digest to a production overlay, records the source revision, and finds it again from the overlay', async () => {
      const applied = await deploy(['--overlay', 'prod-us-east-1', '--image', image('ab'), '--source-revision', '0123456789ab']);

      expect(applied.code, applied.stderr).to.equal(0);
      const live = isvc('podcast-pipeline');
      expect(live.spec.predictor.containers[0].image).to.equal(image('ab'));
      expect(live.metadata.annotations[SOURCE_REVISION_ANNOTATION]).to.equal('0123456789ab');
      expect(applied.stderr).to.include('inferenceservice/podcast-pipeline -n podcast-pipeline serverside-applied');
      expect(applied.stdout).to.match(/^URL: http:\/\/podcast-pipeline\.podcast-pipeline\.example\.com\nNAME /);

      // The namespace comes from the overlay for status too (it used to look in "default").
      const status = await deploy(['status', '--overlay', 'prod-us-east-1']);
      expect(status.code, status.stderr).to.equal(0);
      expect(status.stdout.split('\n')[1]).to.match(
        /^podcast-pipeline\s+http:\/\/podcast-pipeline\.podcast-pipeline\.example\.com\s+True\s+100\s/,
      );
      const dev = await deploy(['status', '--overlay', 'dev']);
      expect(dev.code).to.equal(1);
      expect(dev.stderr).to.equal(
        'deploy: inferenceservices.serving.kserve.io "podcast-pipeline" not found in namespace podcast-pipeline-dev (context "fake")\n',
      );
    });

    it('refuses a mutable tag on a production overlay unless --allow-mutable-tag, before contacting the cluster', async () => {
      const refused = await deploy(['--overlay', 'prod-us-east-1']);

      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(
        /^deploy: refusing to deploy 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/podcast-pipeline:0\.1\.0 to overlay prod-us-east-1: a tag can move, a digest cannot\./,
      );
      expect(fake.requests).to.deep.equal([]);
      const tagged = await deploy(['--overlay', 'prod-us-east-1', '--image', `${REGISTRY}:0123456789ab`]);
      expect(tagged.code).to.equal(1);
      const allowed = await deploy(['--overlay', 'prod-us-east-1', '--image', `${REGISTRY}:0123456789ab`, '--allow-mutable-tag']);
      expect(allowed.code, allowed.stderr).to.equal(0);
      expect(isvc('podcast-pipeline').spec.predictor.containers[0].image).to.equal(`${REGISTRY}:0123456789ab`);
    });

    it('refuses a -n that contradicts the overlay on apply, and takes it for status', async () => {
      const conflict = await deploy(['--overlay', 'dev', '-n', 'podcast-pipeline']);
      expect(conflict.code).to.equal(1);
      expect(conflict.stderr).to.equal(
        'deploy: the overlay puts ServiceAccount in namespace podcast-pipeline-dev, not podcast-pipeline: drop -n, or pick the overlay for that namespace\n',
      );
      expect(patches()).to.deep.equal([]);
      const status = await deploy(['status', '-n', 'podcast-pipeline']);
      expect(status).to.deep.include({ code: 0, stdout: '', stderr: 'No InferenceServices found in namespace podcast-pipeline.\n' });
    });

    it('prints the objects it would apply with --dry-run=client, image set, and contacts nothing', async () => {
      const run = await deploy(['--overlay', 'prod-us-east-1', '--image', image('cd'), '--dry-run=client', '-o', 'yaml']);

      expect(run.code, run.stderr).to.equal(0);
      const list = load(run.stdout) as {
        kind: string;
        items: { kind: string; spec?: { predictor?: { containers?: { image: string }[] } } }[];
      };
      expect(list.kind).to.equal('List');
      const service = list.items.find((item) => item.kind === 'InferenceService');
      expect(service?.spec?.predictor?.containers?.[0]?.image).to.equal(image('cd'));
      expect(fake.requests).to.deep.equal([]);
    });

    it('sends dryRun=All with --dry-run=server and stores nothing', async () => {
      const run = await deploy(['--overlay', 'dev', '--dry-run=server']);

      expect(run.code, run.stderr).to.equal(0);
      expect(patches().every((request) => request.query.get('dryRun') === 'All')).to.equal(true);
      expect(isvc()).to.equal(undefined);
    });
  });

  describe('canary, promote, rollback', () => {
    it('splits traffic for a canary, replaces a canary still in progress, rolls back a partial rollout and promotes', async () => {
      expect((await deploy(['--image', image('a1')])).code).to.equal(0);

      const canary = await deploy(['--image', image('a2'), '--canary', '10']);
      expect(canary.code, canary.stderr).to.equal(0);
      expect(isvc().spec.predictor.canaryTrafficPercent).to.equal(10);
      expect(canary.stderr).to.include('canary: the new revision gets 10% once Ready, the current one keeps 90%');
      expect(canary.stdout).to.include(
        '  podcast-pipeline-predictor-00002   10%  latest\n  podcast-pipeline-predictor-00001   90%  prev\n',
      );

      // A second canary while the first is split: KServe splits the newest against the last rolled-out revision.
      const second = await deploy(['--image', image('a3'), '--canary', '20']);
      expect(second.code, second.stderr).to.equal(0);
      expect(second.stderr).to.include(
        'a canary is already in progress (podcast-pipeline-predictor-00002 10%, podcast-pipeline-predictor-00001 90%): the new revision replaces it and gets 20%, podcast-pipeline-predictor-00001 keeps 80%',
      );
      expect(second.stdout).to.include(
        '  podcast-pipeline-predictor-00003   20%  latest\n  podcast-pipeline-predictor-00001   80%  prev\n',
      );

      const rollback = await deploy(['rollback']);
      expect(rollback.code, rollback.stderr).to.equal(0);
      expect(isvc().spec.predictor.canaryTrafficPercent).to.equal(0);
      expect(rollback.stdout).to.equal(
        'rolled back: traffic of podcast-pipeline:\n  podcast-pipeline-predictor-00003    0%  latest\n  podcast-pipeline-predictor-00001  100%  prev\n',
      );

      const promote = await deploy(['promote']);
      expect(promote.code, promote.stderr).to.equal(0);
      expect(isvc().spec.predictor).not.to.have.property('canaryTrafficPercent');
      expect(promote.stdout).to.equal('promoted: traffic of podcast-pipeline:\n  podcast-pipeline-predictor-00003  100%  latest\n');
      const again = await deploy(['promote']);
      expect(again.stdout).to.match(/^nothing to promote: podcast-pipeline-predictor-00003 already receives 100%/);

      // After a full rollout, rollback returns to the revision rolled out before it.
      const afterFull = await deploy(['rollback']);
      expect(afterFull.code, afterFull.stderr).to.equal(0);
      expect(afterFull.stdout).to.include('  podcast-pipeline-predictor-00001  100%  prev\n');
    });

    it('refuses a canary of an unchanged spec, which KServe would split against the release before it; a ramp of a canary under way is fine', async () => {
      await deploy(['--image', image('e1')]);
      await deploy(['--image', image('e2')]);
      const before = patches().length;

      const same = await deploy(['--image', image('e2'), '--canary', '10']);
      expect(same.code).to.equal(1);
      expect(same.stderr).to.match(
        /^deploy: nothing new to roll out as a canary: inferenceservice\/podcast-pipeline -n podcast-pipeline-dev already runs this spec at 100%/m,
      );
      expect(patches()).to.have.length(before);

      await deploy(['--image', image('e3'), '--canary', '10']);
      const ramp = await deploy(['--image', image('e3'), '--canary', '50']);
      expect(ramp.code, ramp.stderr).to.equal(0);
      expect(ramp.stdout).to.include('  podcast-pipeline-predictor-00003   50%  latest\n  podcast-pipeline-predictor-00002   50%  prev\n');
    });

    it('refuses a canary in Standard mode, where KServe has no revisions to split', async () => {
      const run = await deploy(['--overlay', 'standard', '--image', image('f1'), '--canary', '10']);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(
        'deploy: --canary needs Serverless mode: podcast-pipeline runs in Standard mode (no revisions to split)\n',
      );
      expect(fake.requests).to.deep.equal([]);
    });

    it('refuses a rollback with nothing before it, and a promote or rollback of a service that does not exist', async () => {
      expect((await deploy(['rollback'])).stderr).to.equal(
        'deploy: inferenceservices.serving.kserve.io "podcast-pipeline" not found in namespace podcast-pipeline-dev (context "fake")\n',
      );
      await deploy([]);
      const rollback = await deploy(['rollback']);
      expect(rollback.code).to.equal(1);
      expect(rollback.stderr).to.match(
        /^deploy: nothing to roll back to: inferenceservice\/podcast-pipeline -n podcast-pipeline-dev has no previous rolled-out revision/,
      );
    });

    it('waits for a new revision that is not Ready yet, printing changes with the elapsed time, and never shows it holding traffic', async () => {
      await deploy(['--image', image('b1')]);
      fake.holdNewRevisions(3);

      const applied = await deploy(['--image', image('b2'), '--canary', '10', '--no-wait']);
      expect(applied.code).to.equal(0);
      const status = await deploy(['status']);
      expect(status.stdout.split('\n')[1]).to.match(/^podcast-pipeline\s+\S+\s+Unknown\s+100\s+0\s+podcast-pipeline-predictor-00001\s/);
      expect(status.stdout).to.include(
        '  podcast-pipeline-predictor-00002    0%  latest (not Ready)\n  podcast-pipeline-predictor-00001  100%\n',
      );

      const promote = await deploy(['promote']);
      expect(promote.code).to.equal(1);
      expect(promote.stderr).to.match(
        /^deploy: not promoting inferenceservice\/podcast-pipeline -n podcast-pipeline-dev: revision podcast-pipeline-predictor-00002 is not Ready/,
      );
      const rollback = await deploy(['rollback']);
      expect(rollback.code).to.equal(0);
      expect(rollback.stdout).to.match(/^nothing to roll back: revision podcast-pipeline-predictor-00002 is not Ready/);
      expect(patches().filter((request) => request.contentType.startsWith('application/merge-patch'))).to.deep.equal([]);

      // The fake makes the revision Ready on the next read; the wait sees it and reports the split.
      const waited = await deploy(['--image', image('b2'), '--canary', '10', '--timeout', '1m30s']);
      expect(waited.code, waited.stderr).to.equal(0);
      expect(waited.stderr).to.include('to be Ready (timeout 1m30s)');
      expect(waited.stderr).to.match(/\[0s\] Ready: http:/);
      expect(waited.stdout).to.include(
        '  podcast-pipeline-predictor-00002   10%  latest\n  podcast-pipeline-predictor-00001   90%  prev\n',
      );
    });

    it('prints condition changes with the elapsed time, and a live status line only on a terminal', async () => {
      await deploy(['--image', image('c1')]);
      fake.holdNewRevisions(3);
      const piped = await deploy(['--image', image('c2'), '--canary', '10']);
      expect(piped.code, piped.stderr).to.equal(0);
      expect(piped.stderr).to.include(
        '  [0s] waiting: PredictorReady=Unknown (RevisionMissing: Revision "podcast-pipeline-predictor-00002" is not ready)',
      );
      expect(piped.stderr).to.match(/ {2}\[4s\] Ready: /);
      expect(piped.stderr).not.to.include('\r');

      fake.holdNewRevisions(3);
      const terminal = await deploy(['--image', image('c3'), '--canary', '10'], { isTTY: true });
      expect(terminal.code, terminal.stderr).to.equal(0);
      expect(terminal.stderr).to.include(
        '\r\u001b[2K[2s] waiting for inferenceservice/podcast-pipeline -n podcast-pipeline-dev to be Ready (timeout 10m)',
      );
    });
  });

  describe('the gate', () => {
    let prometheus: Server;
    let prometheusUrl: string;
    const queries: string[] = [];
    let errorRate = '0.002';

    beforeEach(async () => {
      queries.length = 0;
      prometheus = createServer((request, response) => {
        const query = new URL(request.url ?? '/', 'http://p').searchParams.get('query') ?? '';
        queries.push(query);
        const value = query.startsWith('histogram_quantile') ? '0.8' : errorRate;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [0, value] }] } }));
      });
      await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
      prometheusUrl = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
      await deploy(['--image', image('d1')]);
      await deploy(['--image', image('d2'), '--canary', '10']);
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => prometheus.close(() => resolve()));
    });

    it('refuses to promote a canary whose error rate is past the threshold, and changes nothing', async () => {
      errorRate = '0.2';
      const run = await deploy(['promote', '--prometheus', prometheusUrl, '--max-error-rate', '0.05']);

      expect(run.code).to.equal(1);
      expect(run.stderr).to.include(
        'gate over 10m: canary podcast-pipeline-predictor-00002 error rate 20.00%, p99 800 ms; previous podcast-pipeline-predictor-00001',
      );
      expect(run.stderr).to.include('deploy: gate failed for podcast-pipeline-predictor-00002: error rate 20.00% > 5.00%. Not promoting');
      expect(isvc().spec.predictor.canaryTrafficPercent).to.equal(10);
      expect(queries[0])
        .to.include('pod=~"podcast-pipeline-predictor-00002-deployment-.*"')
        .and.include('namespace="podcast-pipeline-dev"');
    });

    it('promotes a canary within the thresholds', async () => {
      errorRate = '0.002';
      const gate = await deploy(['gate', '--prometheus', prometheusUrl, '--max-p99', '1s']);
      expect(gate.code, gate.stderr).to.equal(0);
      const slow = await deploy(['gate', '--prometheus', prometheusUrl, '--max-p99', '500ms']);
      expect(slow.code).to.equal(1);
      expect(slow.stderr).to.include('p99 800 ms > 500 ms');

      const run = await deploy(['promote', '--prometheus', prometheusUrl]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.include('podcast-pipeline-predictor-00002  100%  latest');
    });
  });

  describe('usage errors: one line, exit 2, before any request', () => {
    const cases: readonly [readonly string[], string][] = [
      [['status', '--namespace'], 'deploy: flag --namespace needs a value'],
      [['status', '--namspace', 'x'], 'deploy: unknown flag --namspace (did you mean --namespace?)'],
      [['--timeout', '30'], 'deploy: --timeout: invalid duration "30": use e.g. 90s, 1m30s, 10m or 1h'],
      [['--dry-run=yes'], 'deploy: --dry-run must be one of server|client, not "yes"'],
      [['status', '-o', 'jsno'], 'deploy: --output must be one of table|json|yaml|name, not "jsno" (did you mean json?)'],
      [['statsu'], 'deploy: unknown command "statsu" (did you mean status?): use apply, status, promote, rollback, gate or delete'],
      [['status', '--canary', '5'], 'deploy: --canary does not apply to status'],
      [['--canary', '150'], 'deploy: --canary must be an integer from 0 to 100, not "150"'],
      [
        ['--image', 'Not An Image'],
        'deploy: --image "Not An Image" is not an image reference (registry/repository[:tag][@sha256:<64 hex>])',
      ],
      [['gate'], 'deploy: gate needs --prometheus URL'],
    ];
    for (const [args, line] of cases) {
      it(`${args.join(' ')}`, async () => {
        const run = await deploy(args);
        expect(run).to.deep.equal({ code: 2, stdout: '', stderr: `${line}\nRun with --help for usage.\n` });
        expect(fake.requests).to.deep.equal([]);
      });
    }

    it('prints the usage with --help and exits 0', async () => {
      const run = await deploy(['promote', '--help']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/^Usage: npm run deploy -- \[COMMAND\] \[flags\]/);
    });
  });

  describe('cluster errors: one line naming the server and context, exit 1', () => {
    it('no kubeconfig, an unknown context, a closed port, bad credentials', async () => {
      const missing = await deploy(['status'], { env: { KUBECONFIG: join(directory, 'absent') } });
      expect(missing.stderr).to.equal(
        `deploy: no kubeconfig: looked in ${join(directory, 'absent')}. Point KUBECONFIG or --kubeconfig at one (for EKS: aws eks update-kubeconfig --name CLUSTER)\n`,
      );
      const context = await deploy(['status', '--context', 'staging']);
      expect(context.stderr).to.equal(`deploy: context "staging" is not in the kubeconfig (${kubeconfig}); it has: fake\n`);

      const closed = join(directory, 'closed');
      writeFileSync(closed, fake.kubeconfig().replace(/127\.0\.0\.1:\d+/, '127.0.0.1:39999'));
      const refused = await deploy(['status', '--kubeconfig', closed]);
      expect(refused.stderr).to.equal(
        'deploy: cannot connect to the Kubernetes API server http://127.0.0.1:39999 (context "fake"): connection refused. Is the cluster up, and is this the right context? (kubectl config get-contexts)\n',
      );

      const wrongToken = join(directory, 'wrong-token');
      writeFileSync(wrongToken, fake.kubeconfig({ token: 'expired' }));
      const unauthorized = await deploy(['status', '--kubeconfig', wrongToken]);
      expect(unauthorized.stderr).to.equal(
        `deploy: unauthorized: the API server (${fake.url}, context "fake") rejected the kubeconfig's credentials for list inferenceservices -n podcast-pipeline-dev: refresh them (aws eks update-kubeconfig, or a new token)\n`,
      );
      for (const run of [missing, context, refused, unauthorized]) expect(run.code).to.equal(1);
    });

    it('TLS to a server that does not speak it, RBAC refusal with verb and resource, missing CRD', async () => {
      const tls = join(directory, 'tls');
      writeFileSync(tls, fake.kubeconfig().replace('http://', 'https://').replace(', insecure-skip-tls-verify: true', ''));
      const handshake = await deploy(['status', '--kubeconfig', tls]);
      expect(handshake.code).to.equal(1);
      expect(handshake.stderr).to.match(
        /^deploy: TLS handshake with the Kubernetes API server https:\/\/127\.0\.0\.1:\d+ \(context "fake"\) failed \(/,
      );

      fake.forbid('patch', 'inferenceservices');
      const forbidden = await deploy([]);
      expect(forbidden.code).to.equal(1);
      expect(forbidden.stderr.split('\n').filter((line) => line.startsWith('deploy:'))).to.deep.equal([
        `deploy: forbidden: cannot patch inferenceservice/podcast-pipeline -n podcast-pipeline-dev (${fake.url}, context "fake"): inferenceservices.serving.kserve.io "podcast-pipeline" is forbidden: User "deployer" cannot patch resource "inferenceservices" in API group "serving.kserve.io" in the namespace "podcast-pipeline-dev". Ask for a Role that allows it (see docs/deployment.md, "Permissions").`,
      ]);

      const noKserve = await startFakeApiServer({ kserve: false, namespaces: ['podcast-pipeline-dev'] });
      const bare = join(directory, 'bare');
      writeFileSync(bare, noKserve.kubeconfig());
      const crd = await deploy(['status', '--kubeconfig', bare]);
      await noKserve.close();
      expect(crd.code).to.equal(1);
      expect(crd.stderr).to.equal(
        'deploy: the cluster has no InferenceService (serving.kserve.io/v1beta1): its CRD is not installed. Install KServe (and its CRDs) first: docs/deployment.md, step 2.\n',
      );
    });
  });

  describe('output formats', () => {
    it('-o json, yaml and name print the live objects', async () => {
      await deploy([]);
      const json = JSON.parse((await deploy(['status', '-o', 'json'])).stdout) as { kind: string; metadata: { name: string } };
      expect(json).to.include({ kind: 'InferenceService' });
      expect((load((await deploy(['status', '-o', 'yaml'])).stdout) as { metadata: { name: string } }).metadata.name).to.equal(
        'podcast-pipeline',
      );
      expect((await deploy(['status', '-o', 'name'])).stdout).to.equal('inferenceservice.serving.kserve.io/podcast-pipeline\n');
    });
  });

  it('as a process: exit 2 and one line for a usage error, exit 0 and the table against the fake', async () => {
    const run = (args: readonly string[]): Promise<Run> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'scripts/deploy/deploy-cli.ts'), ...args],
          { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: directory, KUBECONFIG: kubeconfig } },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const usage = await run(['status', '--namespace']);
    expect(usage).to.deep.equal({ code: 2, stdout: '', stderr: 'deploy: flag --namespace needs a value\nRun with --help for usage.\n' });
    await deploy([]);
    const status = await run(['status', '-n', 'podcast-pipeline-dev']);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.stdout).to.match(/^NAME\s+URL\s+READY/);
  });
});
