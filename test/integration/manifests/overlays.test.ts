import { expect } from 'chai';
import { describeWithKubectl, RENDERED_DIRECTORIES, type RenderedObject, renderKustomize } from './render-kustomize.js';
import { validateObject } from './validate-object.js';
import { effectiveEnv, inferenceServiceOf, objectsOfKind, predictorContainerOf } from './inference-service-view.js';

const SERVING_OVERLAYS = ['base', 'overlays/dev', 'overlays/prod', 'overlays/prod-us-east-1', 'overlays/prod-eu-west-1', 'overlays/standard', 'overlays/standard-keda'];
const SERVERLESS = ['base', 'overlays/dev', 'overlays/prod', 'overlays/prod-us-east-1', 'overlays/prod-eu-west-1'];
const STANDARD = ['overlays/standard', 'overlays/standard-keda'];
const PRODUCTION = ['overlays/prod', 'overlays/prod-us-east-1', 'overlays/prod-eu-west-1', 'overlays/standard', 'overlays/standard-keda'];
// Knative caps a revision's timeout at max-revision-timeout-seconds (600 by default).
const KNATIVE_MAX_TIMEOUT_SECONDS = 600;

const rendered = new Map<string, RenderedObject[]>();
function render(directory: string): RenderedObject[] {
  if (!rendered.has(directory)) rendered.set(directory, renderKustomize(directory));
  return rendered.get(directory) ?? [];
}
const numberOf = (value: unknown): number => Number(value);

describeWithKubectl('manifests: every directory renders and validates', () => {
  for (const directory of RENDERED_DIRECTORIES) {
    it(`renders ${directory} into objects that all validate against their schemas`, () => {
      const objects = render(directory);

      expect(objects.length).to.be.greaterThan(0);
      const problems = objects.flatMap((object) => validateObject(object).map((problem) => `${object.kind}/${object.metadata.name}: ${problem}`));
      expect(problems).to.deep.equal([]);
    });
  }

  it('rejects a misspelt field in a custom resource and in a Kubernetes object', () => {
    const service = structuredClone(inferenceServiceOf(render('base')));
    (service.spec.predictor as unknown as Record<string, unknown>).minReplica = 1;
    const budget = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'x' }, spec: { maxUnavailable: [] } };

    expect(validateObject(service).join()).to.include('"minReplica" (misspelt, or new');
    expect(validateObject(budget)).to.have.length.greaterThan(0);
  });
});

describeWithKubectl('manifests: the InferenceService in every serving overlay', () => {
  for (const directory of SERVING_OVERLAYS) {
    it(`${directory}: sets the deployment mode, probes, hardening, secrets and resolvable references`, () => {
      const objects = render(directory);
      const service = inferenceServiceOf(objects);
      const { predictor } = service.spec;
      const container = predictorContainerOf(objects);

      expect(service.metadata.annotations?.['serving.kserve.io/deploymentMode']).to.be.oneOf(['Serverless', 'Standard']);
      // Serverless: one port named h2c carries REST and gRPC; standard: REST on http1, gRPC on its own port.
      expect(container.ports).to.deep.equal(
        STANDARD.includes(directory)
          ? [
              { name: 'http1', containerPort: 8080, protocol: 'TCP' },
              { name: 'grpc', containerPort: 8081, protocol: 'TCP' },
            ]
          : [{ name: 'h2c', containerPort: 8080, protocol: 'TCP' }],
      );
      expect(effectiveEnv(objects, 'GRPC_PORT')).to.equal(STANDARD.includes(directory) ? '8081' : '0');
      expect(effectiveEnv(objects, 'GRPC_ON_HTTP_PORT')).to.equal('true');
      expect(container.readinessProbe?.httpGet).to.deep.equal({ path: '/v2/health/ready', port: 8080 });
      expect(container.livenessProbe?.httpGet).to.deep.equal({ path: '/v2/health/live', port: 8080 });
      expect(container.securityContext).to.include({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
      expect(container.securityContext?.capabilities?.drop).to.deep.equal(['ALL']);
      expect(container.resources?.requests).to.have.keys('cpu', 'memory');
      expect(container.resources?.limits).to.have.keys('cpu', 'memory');
      // The one writable path of the read-only root filesystem.
      const tmpMount = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(predictor.volumes?.find((volume) => volume.name === tmpMount?.name)?.emptyDir).to.not.equal(undefined);
      expect(effectiveEnv(objects, 'GEMINI_API_KEY')).to.deep.include({ secretKeyRef: { name: 'podcast-pipeline-secrets', key: 'gemini-api-key', ...(directory === 'overlays/dev' ? { optional: true } : {}) } });
      // API_KEYS_FILE points into the mounted Secret that carries the hashes (empty, i.e. unset, without API keys).
      const keysFile = String(effectiveEnv(objects, 'API_KEYS_FILE'));
      const secretVolume = predictor.volumes?.find((volume) => volume.secret?.secretName === 'podcast-pipeline-secrets');
      const secretMount = container.volumeMounts?.find((mount) => mount.name === secretVolume?.name);
      expect(keysFile).to.equal(effectiveEnv(objects, 'AUTH_MODE') === 'api-key' ? `${secretMount?.mountPath}/${secretVolume?.secret?.items?.[0]?.path}` : '');
      expect(secretVolume?.secret?.items?.[0]?.key).to.equal('api-keys.yaml');
      // References resolve inside the render (hash-suffixed ConfigMap, ServiceAccount).
      const configMapNames = objectsOfKind(objects, 'ConfigMap').map((object) => object.metadata.name);
      expect(configMapNames).to.include(container.envFrom?.[0]?.configMapRef?.name);
      expect(objectsOfKind(objects, 'ServiceAccount').map((object) => object.metadata.name)).to.include(predictor.serviceAccountName);
    });
  }

  for (const directory of SERVERLESS) {
    it(`${directory}: scales on concurrency in serverless mode within Knative's limits`, () => {
      const objects = render(directory);
      const { predictor } = inferenceServiceOf(objects).spec;

      expect(inferenceServiceOf(objects).metadata.annotations?.['serving.kserve.io/deploymentMode']).to.equal('Serverless');
      expect(predictor.scaleMetric).to.equal('concurrency');
      expect(predictor.containerConcurrency).to.be.greaterThanOrEqual(predictor.scaleTarget ?? Infinity);
      expect(predictor.maxReplicas).to.be.greaterThan(predictor.minReplicas ?? 0);
      // Knative's webhook rejects terminationGracePeriodSeconds; the grace period is `timeout`.
      expect(predictor).to.not.have.property('terminationGracePeriodSeconds');
      expect(predictor.timeout).to.be.at.most(KNATIVE_MAX_TIMEOUT_SECONDS);
      const drainMs = numberOf(effectiveEnv(objects, 'DRAIN_DELAY_MS')) + numberOf(effectiveEnv(objects, 'SHUTDOWN_TIMEOUT_MS'));
      expect((predictor.timeout ?? 0) * 1000).to.be.greaterThan(drainMs);
      // The predictor's own deadline answers before the queue-proxy cuts the request.
      expect(numberOf(effectiveEnv(objects, 'REQUEST_TIMEOUT_MS'))).to.be.lessThan((predictor.timeout ?? 0) * 1000);
    });
  }

  for (const directory of STANDARD) {
    it(`${directory}: runs in Standard mode with a grace period above the drain time`, () => {
      const objects = render(directory);
      const service = inferenceServiceOf(objects);
      const { predictor } = service.spec;
      const drainMs = numberOf(effectiveEnv(objects, 'DRAIN_DELAY_MS')) + numberOf(effectiveEnv(objects, 'SHUTDOWN_TIMEOUT_MS'));

      expect(service.metadata.annotations?.['serving.kserve.io/deploymentMode']).to.equal('Standard');
      expect((predictor.terminationGracePeriodSeconds ?? 0) * 1000).to.be.greaterThan(drainMs);
      expect(predictor.minReplicas).to.be.at.least(1);
      expect(predictor).to.not.have.property('containerConcurrency');
      expect(Object.keys(predictor.annotations ?? {}).filter((key) => key.startsWith('autoscaling.knative.dev/'))).to.deep.equal([]);
    });
  }

  it('standard: KServe generates an HPA on CPU', () => {
    const service = inferenceServiceOf(render('overlays/standard'));

    expect(service.metadata.annotations?.['serving.kserve.io/autoscalerClass']).to.equal('hpa');
    expect(service.spec.predictor).to.include({ scaleMetric: 'cpu', scaleTarget: 60 });
  });

  it('standard-keda: a ScaledObject owns the Deployment KServe creates, and KServe makes no HPA', () => {
    const objects = render('overlays/standard-keda');
    const service = inferenceServiceOf(objects);
    const [scaledObject] = objectsOfKind(objects, 'ScaledObject') as (RenderedObject & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicaCount: number; triggers: { type: string; metadata: { query: string } }[] } })[];

    expect(service.metadata.annotations?.['serving.kserve.io/autoscalerClass']).to.equal('external');
    expect(scaledObject?.metadata.namespace).to.equal(service.metadata.namespace);
    expect(scaledObject?.spec.scaleTargetRef).to.include({ kind: 'Deployment', name: `${service.metadata.name}-predictor` });
    expect(scaledObject?.spec.minReplicaCount).to.be.at.least(1);
    expect(scaledObject?.spec.triggers[0]?.metadata.query).to.include('http_server_request_duration_seconds_sum');
  });
});

describeWithKubectl('manifests: environments', () => {
  for (const directory of PRODUCTION) {
    it(`${directory}: pins the Gemini backend, authenticates callers and protects the pods`, () => {
      const objects = render(directory);
      const { predictor } = inferenceServiceOf(objects).spec;
      const podSelector = { 'serving.kserve.io/inferenceservice': 'podcast-pipeline' };

      expect(effectiveEnv(objects, 'LLM_BACKEND')).to.equal('gemini');
      expect(effectiveEnv(objects, 'AUTH_MODE')).to.equal('api-key');
      expect((objectsOfKind(objects, 'PodDisruptionBudget')[0]?.spec as { selector: { matchLabels: object } }).selector.matchLabels).to.deep.equal(podSelector);
      expect((objectsOfKind(objects, 'NetworkPolicy')[0]?.spec as { podSelector: { matchLabels: object } }).podSelector.matchLabels).to.deep.equal(podSelector);
      expect(predictor.topologySpreadConstraints?.map((constraint) => constraint.topologyKey)).to.include('topology.kubernetes.io/zone');
      expect(predictor.maxReplicas).to.be.greaterThan(inferenceServiceOf(render('base')).spec.predictor.maxReplicas ?? 0);
    });
  }

  it('prod keeps one warm pod while base and dev scale to zero', () => {
    expect(inferenceServiceOf(render('overlays/prod')).spec.predictor.minReplicas).to.equal(1);
    expect(inferenceServiceOf(render('base')).spec.predictor.minReplicas).to.equal(0);
    expect(inferenceServiceOf(render('overlays/dev')).spec.predictor.minReplicas).to.equal(0);
  });

  it('dev runs the emulator without client auth in its own namespace', () => {
    const objects = render('overlays/dev');

    expect(effectiveEnv(objects, 'LLM_BACKEND')).to.equal('emulator');
    expect(effectiveEnv(objects, 'AUTH_MODE')).to.equal('none');
    expect(new Set(objects.map((object) => object.metadata.namespace))).to.deep.equal(new Set(['podcast-pipeline-dev']));
  });

  for (const region of ['us-east-1', 'eu-west-1']) {
    it(`prod-${region}: pulls from the region's ECR and assumes the region's IAM role`, () => {
      const objects = render(`overlays/prod-${region}`);

      expect(predictorContainerOf(objects).image).to.match(new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region}\\.amazonaws\\.com/podcast-pipeline[:@]`));
      expect(objectsOfKind(objects, 'ServiceAccount')[0]?.metadata.annotations?.['eks.amazonaws.com/role-arn']).to.match(new RegExp(`:role/podcast-pipeline-${region}$`));
    });
  }
});
