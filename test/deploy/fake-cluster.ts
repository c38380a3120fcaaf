/**
 * Helpers for deploy tests against a nock'd Kubernetes API server: a kubeconfig pointing
 * at it, discovery answers, InferenceService bodies with a given status, and a fake clock.
 */
import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import nock from 'nock';

export const server = 'https://k8s.test:6443';
export const namespace = 'podcast-pipeline-dev';
export const isvcPath = `/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices/podcast-pipeline`;

export function createKubeConfig(): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'test', server, skipTLSVerify: true }],
    users: [{ name: 'deployer', token: 'test-token' }],
    contexts: [{ name: 'test', cluster: 'test', user: 'deployer', namespace }],
    currentContext: 'test',
  });
  return kubeConfig;
}

/** Answers the discovery GETs for core v1 and (unless absent) KServe's v1beta1. */
export function mockDiscovery({ kserve = true }: { kserve?: boolean } = {}): void {
  nock(server)
    .persist()
    .get('/api/v1')
    .reply(200, {
      kind: 'APIResourceList',
      groupVersion: 'v1',
      resources: [
        { name: 'namespaces', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'delete'] },
        { name: 'serviceaccounts', namespaced: true, kind: 'ServiceAccount', verbs: ['get', 'patch', 'delete'] },
        { name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['get', 'patch', 'delete'] },
      ],
    });
  const kserveDiscovery = nock(server).persist().get('/apis/serving.kserve.io/v1beta1');
  if (kserve) {
    kserveDiscovery.reply(200, {
      kind: 'APIResourceList',
      groupVersion: 'serving.kserve.io/v1beta1',
      resources: [{ name: 'inferenceservices', namespaced: true, kind: 'InferenceService', verbs: ['get', 'list', 'patch', 'delete'] }],
    });
  } else {
    kserveDiscovery.reply(404, {
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'the server could not find the requested resource',
    });
  }
}

export function serviceAccount(): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'podcast-pipeline', namespace } };
}

export function inferenceService(): KubernetesObject {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'podcast-pipeline', namespace },
    spec: { predictor: { containers: [{ name: 'kserve-container', image: 'podcast-pipeline:abc' }] } },
  } as KubernetesObject;
}

interface StatusOptions {
  readonly ready?: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly generation?: number;
  readonly observedGeneration?: number;
}

/** The InferenceService as the API server returns it, with a status. */
export function liveInferenceService({
  ready = 'True',
  reason,
  generation = 1,
  observedGeneration = generation,
}: StatusOptions = {}): object {
  const url = 'http://podcast-pipeline.podcast-pipeline-dev.example.com';
  return {
    ...inferenceService(),
    metadata: { name: 'podcast-pipeline', namespace, generation, creationTimestamp: '2026-01-01T00:00:00Z' },
    status: {
      observedGeneration,
      ...(ready === 'True' ? { url } : {}),
      conditions: [
        { type: 'PredictorReady', status: ready, ...(reason ? { reason } : {}) },
        { type: 'Ready', status: ready, ...(reason ? { reason } : {}) },
      ],
      components: {
        predictor: {
          latestReadyRevision: 'podcast-pipeline-predictor-00001',
          traffic: [{ revisionName: 'podcast-pipeline-predictor-00001', latestRevision: true, percent: 100 }],
        },
      },
    },
  };
}

/** A clock that advances only when the code under test sleeps. */
export function createFakeClock(startMs = Date.parse('2026-01-01T00:05:00Z')): {
  now: () => number;
  sleep: (milliseconds: number) => Promise<void>;
} {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    sleep: async (milliseconds) => {
      nowMs += milliseconds;
    },
  };
}
