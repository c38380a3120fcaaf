/**
 * @module scripts/deploy/wait-for-ready
 * Polls an InferenceService until a condition holds (by default: Ready, on the current
 * generation, its newest revision Ready), printing each change of its conditions and traffic
 * with the elapsed time, a live status line on a terminal, or fails after a timeout with the
 * last state (the reason it is stuck). Polling rather than a watch: it survives API-server
 * restarts and proxies that cut long requests, and a few GETs a minute cost nothing.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesApi } from './kubernetes-api.js';
import { DeployError, WaitTimeoutError, describeObject } from './deploy-errors.js';
import { isReady, revisionTraffic, summariseConditions, type InferenceServiceObject } from './inference-service-status.js';
import { formatDuration } from './parse-duration.js';

export interface WaitForReadyOptions {
  readonly api: KubernetesApi;
  readonly service: KubernetesObject;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** Receives a progress line whenever the conditions change. */
  readonly onProgress: (line: string) => void;
  /** Receives the live status line on every poll (a terminal shows it in place). */
  readonly onStatus?: (line: string) => void;
  /** What is waited for; default isReady. */
  readonly until?: (service: InferenceServiceObject) => boolean;
  /** Named in the messages: "Ready" by default. */
  readonly goal?: string;
}

function describeState(service: InferenceServiceObject): string {
  const traffic = revisionTraffic(service)
    .map((target) => `${target.revisionName} ${target.percent}%${target.isReady ? '' : ' (not Ready)'}`)
    .join(', ');
  return `${summariseConditions(service)}${traffic ? `; traffic: ${traffic}` : ''}`;
}

/** Resolves with the InferenceService once `until` holds; rejects with WaitTimeoutError after timeoutMs. */
export async function waitForReady({
  api,
  service,
  timeoutMs,
  intervalMs = 2000,
  now,
  sleep,
  onProgress,
  onStatus,
  until = isReady,
  goal = 'Ready',
}: WaitForReadyOptions): Promise<InferenceServiceObject> {
  const startedAtMs = now();
  let lastSummary = '';
  for (;;) {
    // The client's read() is typed KubernetesObject; what it reads back is the InferenceService we applied.
    const live = (await api.read(service)) as InferenceServiceObject | undefined;
    if (!live) throw new DeployError(`${describeObject(service)} disappeared while waiting for it`);
    const elapsed = formatDuration(now() - startedAtMs);
    const summary = describeState(live);
    if (until(live)) {
      onProgress(`[${elapsed}] ${goal}: ${live.status?.url ?? '(no URL)'}`);
      return live;
    }
    if (summary !== lastSummary) {
      onProgress(`[${elapsed}] waiting: ${summary}`);
      lastSummary = summary;
    }
    onStatus?.(`[${elapsed}] waiting for ${describeObject(service)} to be ${goal} (timeout ${formatDuration(timeoutMs)})`);
    if (now() - startedAtMs >= timeoutMs) {
      throw new WaitTimeoutError(
        `${describeObject(service)} not ${goal} after ${formatDuration(timeoutMs)}: ${summary}. ` +
          `Look at: kubectl describe inferenceservice ${service.metadata?.name} -n ${service.metadata?.namespace}`,
      );
    }
    await sleep(intervalMs);
  }
}
