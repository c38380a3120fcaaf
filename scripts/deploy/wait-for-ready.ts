/**
 * @module scripts/deploy/wait-for-ready
 * Polls an InferenceService until its Ready condition is True, printing each change of its
 * conditions, or fails after a timeout with the last conditions (the reason it is stuck).
 * Polling rather than a watch: it survives API-server restarts and proxies that cut long
 * requests, and a few GETs a minute cost nothing.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesApi } from './kubernetes-api.js';
import { DeployError, WaitTimeoutError, describeObject } from './deploy-errors.js';
import { isReady, summariseConditions, type InferenceServiceObject } from './inference-service-status.js';

export interface WaitForReadyOptions {
  readonly api: KubernetesApi;
  readonly service: KubernetesObject;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** Receives a progress line whenever the conditions change. */
  readonly onProgress: (line: string) => void;
}

/** Resolves with the Ready InferenceService; rejects with WaitTimeoutError after timeoutMs. */
export async function waitForReady({
  api,
  service,
  timeoutMs,
  intervalMs = 2000,
  now,
  sleep,
  onProgress,
}: WaitForReadyOptions): Promise<InferenceServiceObject> {
  const startedAtMs = now();
  let lastSummary = '';
  for (;;) {
    // The client's read() is typed KubernetesObject; what it reads back is the InferenceService we applied.
    const live = (await api.read(service)) as InferenceServiceObject | undefined;
    if (!live) throw new DeployError(`${describeObject(service)} disappeared while waiting for it`);
    const elapsedSeconds = Math.round((now() - startedAtMs) / 1000);
    const summary = summariseConditions(live);
    if (isReady(live)) {
      onProgress(`[${elapsedSeconds}s] Ready: ${live.status?.url ?? '(no URL)'}`);
      return live;
    }
    if (summary !== lastSummary) {
      onProgress(`[${elapsedSeconds}s] waiting: ${summary}`);
      lastSummary = summary;
    }
    if (now() - startedAtMs >= timeoutMs) {
      throw new WaitTimeoutError(
        `${describeObject(service)} not Ready after ${Math.round(timeoutMs / 1000)} s: ${summary}. ` +
          `Look at: kubectl describe inferenceservice ${service.metadata?.name} -n ${service.metadata?.namespace}`,
      );
    }
    await sleep(intervalMs);
  }
}
