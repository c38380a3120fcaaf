import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../predictor/config/load-config.js';
import { bulkheadSizeFrom } from '../../../predictor/llm/create-model-provider.js';
import { memoryBudgetOf } from '../../../predictor/config/memory-budget.js';
import { ConfigError } from '../../../predictor/errors.js';
import { describeWithKubectl, type RenderedObject, renderKustomize } from './render-kustomize.js';
import { effectiveEnv, inferenceServiceOf, objectsOfKind, predictorContainerOf } from './inference-service-view.js';

const SERVING_OVERLAYS = ['base', 'overlays/dev', 'overlays/prod', 'overlays/prod-us-east-1', 'overlays/prod-eu-west-1', 'overlays/standard', 'overlays/standard-keda'];
const UNITS: Readonly<Record<string, number>> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes memory quantity (`1Gi`, `512Mi`, `1G`, `1073741824`) in bytes. */
function quantityBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(match[1]) * (UNITS[match[2] ?? ''] ?? Number.NaN);
}

/** The env a pod of the overlay would see: ConfigMap data, then the container's literals; the memory limit resolved. */
function podEnv(objects: readonly RenderedObject[], memoryLimitBytes: number): Record<string, string> {
  const container = predictorContainerOf(objects);
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = objectsOfKind(objects, 'ConfigMap').find((object) => object.metadata.name === source.configMapRef?.name);
    Object.assign(env, configMap?.data as Record<string, string> | undefined);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.name === 'MEMORY_LIMIT_BYTES') env[variable.name] = String(memoryLimitBytes);
  }
  // Secrets are not in the manifests; a placeholder stands in for the key the gemini backend requires.
  return env.LLM_BACKEND === 'gemini' ? { ...env, GEMINI_API_KEY: 'placeholder' } : env;
}

function renderedBudget(directory: string) {
  const objects = renderKustomize(directory);
  const { predictor } = inferenceServiceOf(objects).spec;
  const container = predictorContainerOf(objects);
  const memoryLimitBytes = quantityBytes(container.resources?.limits?.memory ?? '');
  return { objects, predictor, container, memoryLimitBytes, env: podEnv(objects, memoryLimitBytes) };
}

describeWithKubectl('manifests: the memory budget of every serving overlay', () => {
  for (const directory of SERVING_OVERLAYS) {
    it(`${directory}: MAX_BODY_BYTES x CONTAINER_CONCURRENCY fits the memory limit, which the predictor is told`, () => {
      const { objects, predictor, container, memoryLimitBytes, env } = renderedBudget(directory);
      const containerConcurrency = Number(env.CONTAINER_CONCURRENCY);
      const stated = effectiveEnv(objects, 'MEMORY_LIMIT_BYTES');

      // The predictor knows its limit: a literal equal to it, or the Downward API's own reading.
      if (typeof stated === 'string') expect(Number(stated)).to.equal(memoryLimitBytes);
      else expect(stated).to.deep.equal({ resourceFieldRef: { containerName: container.name, resource: 'limits.memory' } });
      // Serverless: the queue-proxy's bound and the predictor's are the same number.
      if (predictor.containerConcurrency !== undefined) expect(containerConcurrency).to.equal(predictor.containerConcurrency);
      expect(containerConcurrency).to.be.at.least(1);
      const budget = memoryBudgetOf({ memoryLimitBytes, containerConcurrency, largestBodyBytes: Number(env.MAX_BODY_BYTES) });
      expect(budget.isWithinLimit, `worst case ${budget.worstCaseBytes} > ${budget.allowedBytes}`).to.equal(true);
      // And the pod starts: the same env passes the start-up check.
      expect(() => loadConfig({ env })).to.not.throw();
      // V8's heap (old generation + three semi-spaces) is set explicitly and stays inside the container's limit.
      const flag = (name: string) => Number(new RegExp(`--${name}=(\\d+)`).exec(env.NODE_OPTIONS ?? '')?.[1]);
      expect((flag('max-old-space-size') + 3 * flag('max-semi-space-size')) * 2 ** 20).to.be.lessThan(memoryLimitBytes);
    });
  }

  it('would refuse to start the base pod with a 10 MiB body at its concurrency and limit', () => {
    const { env } = renderedBudget('base');

    expect(() => loadConfig({ env: { ...env, MAX_BODY_BYTES: String(10 * 2 ** 20) } })).to.throw(ConfigError, /^Invalid configuration:\n {2}- MAX_BODY_BYTES=10485760 with CONTAINER_CONCURRENCY=40 does not fit MEMORY_LIMIT_BYTES=1073741824/);
  });
});

describeWithKubectl('docs/deployment.md "Sizing a pod" states what the base overlay ships', () => {
  const doc = readFileSync(new URL('../../../docs/deployment.md', import.meta.url), 'utf8');
  /** The capture groups of the one match of `pattern` in the doc. */
  const stated = (pattern: RegExp): string[] => {
    const match = pattern.exec(doc);
    expect(match, `docs/deployment.md: ${pattern}`).to.not.equal(null);
    return match!.slice(1);
  };

  it('concurrency, autoscaling target, resources, heap flags and bulkhead', () => {
    const { predictor, container, env } = renderedBudget('base');
    const [perPod] = stated(/\*\*Requests at once per pod: (\d+)\*\*/);
    const [target, scaleTarget, utilisation] = stated(/\*\*Autoscaling target: (\d+) per pod\*\* \(`scaleTarget: (\d+)` with Knative's\s+`target-utilization-percentage: (\d+)`\)/);
    const [cpuRequest, cpuLimit] = stated(/\*\*CPU: request (\S+), limit (\S+)\.\*\*/);
    const [memoryRequest, memoryLimit] = stated(/\*\*Memory: request (\S+), limit (\S+)\.\*\*/);
    const [nodeOptions] = stated(/`NODE_OPTIONS=([^`]+)`/);
    const [bulkhead] = stated(/`CONTAINER_CONCURRENCY` concurrent calls \((\d+) here\)/);

    expect(predictor.containerConcurrency).to.equal(Number(perPod));
    expect(env.CONTAINER_CONCURRENCY).to.equal(perPod);
    expect(predictor.scaleTarget).to.equal(Number(scaleTarget));
    expect(predictor.annotations?.['autoscaling.knative.dev/target-utilization-percentage']).to.equal(utilisation);
    expect(Math.round((Number(scaleTarget) * Number(utilisation)) / 100)).to.equal(Number(target));
    expect(container.resources).to.deep.equal({ requests: { cpu: cpuRequest, memory: memoryRequest }, limits: { cpu: cpuLimit, memory: memoryLimit } });
    expect(env.NODE_OPTIONS).to.equal(nodeOptions);
    expect(bulkheadSizeFrom(loadConfig({ env }).llm, Number(env.CONTAINER_CONCURRENCY))).to.deep.equal({
      maxConcurrentCalls: Number(bulkhead),
      maxQueuedCalls: 4 * Number(bulkhead),
    });
  });
});
