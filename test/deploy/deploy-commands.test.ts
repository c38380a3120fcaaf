import { expect } from 'chai';
import nock from 'nock';
import { applyCommand, deleteCommand, statusCommand, type CommandDeps } from '../../scripts/deploy/deploy-commands.js';
import {
  ForbiddenError,
  MissingCrdError,
  MissingNamespaceError,
  NotFoundError,
  WaitTimeoutError,
} from '../../scripts/deploy/deploy-errors.js';
import { createKubernetesApi } from '../../scripts/deploy/kubernetes-api.js';
import {
  createFakeClock,
  createKubeConfig,
  inferenceService,
  isvcPath,
  liveInferenceService,
  mockDiscovery,
  namespace,
  server,
  serviceAccount,
} from './fake-cluster.js';

const saPath = `/api/v1/namespaces/${namespace}/serviceaccounts/podcast-pipeline`;
const isServerSideApply = (query: Record<string, unknown>) => query.fieldManager === 'podcast-pipeline-deploy' && query.force === 'true';

function createDeps(): CommandDeps & { output: () => string } {
  const lines: string[] = [];
  return {
    api: createKubernetesApi({ kubeConfig: createKubeConfig() }),
    write: (text) => lines.push(text),
    ...createFakeClock(),
    output: () => lines.join(''),
  };
}

describe('deploy commands against the Kubernetes API', () => {
  beforeEach(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('server-side applies every object, waits for Ready and prints the URL and status table', async () => {
    mockDiscovery();
    const applied: string[] = [];
    const scope = nock(server)
      .matchHeader('content-type', 'application/apply-patch+yaml')
      .patch(saPath, (body: { kind: string }) => applied.push(body.kind) > 0)
      .query(isServerSideApply)
      .reply(200, serviceAccount())
      .patch(isvcPath, (body: { kind: string }) => applied.push(body.kind) > 0)
      .query(isServerSideApply)
      .reply(200, inferenceService());
    const polls = nock(server)
      .get(isvcPath)
      .reply(200, liveInferenceService({ ready: 'Unknown', reason: 'RevisionMissing' }))
      .get(isvcPath)
      .reply(200, liveInferenceService({ ready: 'Unknown', reason: 'RevisionMissing' }))
      .get(isvcPath)
      .reply(200, liveInferenceService({ ready: 'True' }));
    const deps = createDeps();

    const ready = await applyCommand({ objects: [inferenceService(), serviceAccount()], intervalMs: 5000 }, deps);

    expect(scope.isDone() && polls.isDone()).to.equal(true);
    expect(applied).to.deep.equal(['ServiceAccount', 'InferenceService']);
    expect(ready).to.have.length(1);
    const output = deps.output();
    expect(output).to.include(`serviceaccount/podcast-pipeline -n ${namespace} serverside-applied`);
    expect(output.match(/waiting: /g)).to.have.length(1);
    expect(output).to.include('[0s] waiting: PredictorReady=Unknown (RevisionMissing), Ready=Unknown (RevisionMissing)');
    expect(output).to.include('[10s] Ready: http://podcast-pipeline.podcast-pipeline-dev.example.com');
    expect(output).to.match(/NAME\s+URL\s+READY\s+PREV\s+LATEST\s+PREVROLLEDOUTREVISION\s+LATESTREADYREVISION\s+AGE\n/);
    expect(output).to.match(
      /podcast-pipeline\s+http:\/\/podcast-pipeline\.podcast-pipeline-dev\.example\.com\s+True\s+100\s+podcast-pipeline-predictor-00001\s+5m10s\n$/,
    );
  });

  it('ignores a Ready condition left from the previous generation', async () => {
    mockDiscovery();
    nock(server).patch(isvcPath).query(true).reply(200, inferenceService());
    const polls = nock(server)
      .get(isvcPath)
      .reply(200, liveInferenceService({ ready: 'True', generation: 2, observedGeneration: 1 }))
      .get(isvcPath)
      .reply(200, liveInferenceService({ ready: 'True', generation: 2, observedGeneration: 2 }));
    const deps = createDeps();

    await applyCommand({ objects: [inferenceService()] }, deps);

    expect(polls.isDone()).to.equal(true);
    expect(deps.output()).to.include('[2s] Ready:');
  });

  it('gives up after the timeout and names the condition that blocks', async () => {
    mockDiscovery();
    nock(server).patch(isvcPath).query(true).reply(200, inferenceService());
    nock(server)
      .get(isvcPath)
      .times(4)
      .reply(200, liveInferenceService({ ready: 'False', reason: 'ContainerCreateConfigError' }));
    const deps = createDeps();

    const failure = await applyCommand({ objects: [inferenceService()], timeoutMs: 30_000, intervalMs: 10_000 }, deps).catch(
      (error: unknown) => error,
    );

    expect(failure).to.be.instanceOf(WaitTimeoutError);
    expect((failure as Error).message).to.include('not Ready after 30s: PredictorReady=False (ContainerCreateConfigError)');
    expect((failure as Error).message).to.include(`kubectl describe inferenceservice podcast-pipeline -n ${namespace}`);
  });

  it('reports a 403 as a permission problem naming the verb and object', async () => {
    mockDiscovery();
    nock(server)
      .patch(isvcPath)
      .query(true)
      .reply(403, {
        kind: 'Status',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: `inferenceservices.serving.kserve.io "podcast-pipeline" is forbidden: User "ci" cannot patch resource "inferenceservices" in API group "serving.kserve.io" in the namespace "${namespace}"`,
      });

    const failure = await applyCommand({ objects: [inferenceService()] }, createDeps()).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(ForbiddenError);
    expect((failure as Error).message).to.match(
      /^forbidden: cannot patch inferenceservice\/podcast-pipeline -n podcast-pipeline-dev \(https:\/\/k8s\.test:6443, context "test"\): .*User "ci" cannot patch/,
    );
  });

  it('explains a missing InferenceService CRD before sending the object', async () => {
    mockDiscovery({ kserve: false });
    const patch = nock(server).patch(isvcPath).query(true).reply(200, {});

    const failure = await applyCommand({ objects: [inferenceService()] }, createDeps()).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(MissingCrdError);
    expect((failure as Error).message).to.include(
      'the cluster has no InferenceService (serving.kserve.io/v1beta1): its CRD is not installed. Install KServe',
    );
    expect(patch.isDone()).to.equal(false);
  });

  it('explains a missing namespace and suggests --create-namespace', async () => {
    mockDiscovery();
    nock(server)
      .patch(saPath)
      .query(true)
      .reply(404, {
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: `namespaces "${namespace}" not found`,
        details: { name: namespace, kind: 'namespaces' },
      });

    const failure = await applyCommand({ objects: [serviceAccount()] }, createDeps()).catch((error: unknown) => error);

    expect(failure).to.be.instanceOf(MissingNamespaceError);
    expect((failure as Error).message).to.include(`namespace "${namespace}" does not exist`);
    expect((failure as Error).message).to.include('--create-namespace');
  });

  it('applies the namespace first with --create-namespace, and nothing is waited for without an InferenceService', async () => {
    mockDiscovery();
    const order: string[] = [];
    nock(server)
      .patch(`/api/v1/namespaces/${namespace}`, () => order.push('Namespace') > 0)
      .query(true)
      .reply(200, {})
      .patch(saPath, () => order.push('ServiceAccount') > 0)
      .query(true)
      .reply(200, {});

    const ready = await applyCommand({ objects: [serviceAccount()], createNamespace: true }, createDeps());

    expect(order).to.deep.equal(['Namespace', 'ServiceAccount']);
    expect(ready).to.deep.equal([]);
  });

  it('sends dryRun=All and does not wait in a server dry run', async () => {
    mockDiscovery();
    const scope = nock(server)
      .patch(isvcPath)
      .query((query) => query.dryRun === 'All')
      .reply(200, inferenceService());
    const deps = createDeps();

    await applyCommand({ objects: [inferenceService()], dryRun: true }, deps);

    expect(scope.isDone()).to.equal(true);
    expect(deps.output()).to.include('serverside-applied (server dry run)');
  });

  it('prints the status table of every InferenceService in the namespace', async () => {
    mockDiscovery();
    nock(server)
      .get(`/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices`)
      .reply(200, { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceServiceList', items: [liveInferenceService()] });
    const deps = createDeps();

    const services = await statusCommand({ namespace }, deps);

    expect(services).to.have.length(1);
    expect(deps.output().split('\n')[1]).to.match(/^podcast-pipeline\s+http:\/\/\S+\s+True\s+100\s+podcast-pipeline-predictor-00001\s+5m$/);
  });

  it('fails with NotFound, naming the namespace and context, when the named InferenceService does not exist', async () => {
    mockDiscovery();
    nock(server).get(isvcPath).reply(404, { kind: 'Status', code: 404, reason: 'NotFound' });
    const deps = createDeps();

    const error = await statusCommand({ namespace, names: ['podcast-pipeline'] }, deps).then(
      () => undefined,
      (failure: unknown) => failure,
    );

    expect(error).to.be.instanceOf(NotFoundError);
    expect((error as Error).message).to.equal(
      `inferenceservices.serving.kserve.io "podcast-pipeline" not found in namespace ${namespace} (context "test")`,
    );
    expect(deps.output()).to.equal('');
  });

  it('deletes the InferenceService before what it uses, and treats absent objects as done', async () => {
    mockDiscovery();
    const order: string[] = [];
    const foreground = (query: Record<string, unknown>) => query.propagationPolicy === 'Foreground';
    nock(server)
      .delete(isvcPath)
      .query(foreground)
      .reply(() => (order.push('InferenceService'), [200, { kind: 'Status', status: 'Success' }]))
      .delete(saPath)
      .query(foreground)
      .reply(() => (order.push('ServiceAccount'), [404, { kind: 'Status', code: 404, reason: 'NotFound' }]));
    const deps = createDeps();

    await deleteCommand([serviceAccount(), inferenceService()], deps);

    expect(order).to.deep.equal(['InferenceService', 'ServiceAccount']);
    expect(deps.output()).to.equal(
      `inferenceservice/podcast-pipeline -n ${namespace} deleted\nserviceaccount/podcast-pipeline -n ${namespace} already absent\n`,
    );
  });
});
