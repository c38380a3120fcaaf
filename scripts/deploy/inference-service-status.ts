/**
 * @module scripts/deploy/inference-service-status
 * The parts of an InferenceService's status the CLI reads (KServe v1beta1), and the
 * one-line summaries of them it prints while waiting.
 */
import type { KubernetesObject } from '@kubernetes/client-node';

export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown' | string;
  readonly reason?: string;
  readonly message?: string;
}

export interface TrafficTarget {
  readonly tag?: string;
  readonly revisionName?: string;
  readonly latestRevision?: boolean;
  readonly percent?: number;
}

export interface InferenceServiceObject extends KubernetesObject {
  readonly status?: {
    readonly url?: string;
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
    readonly components?: {
      readonly predictor?: {
        readonly latestReadyRevision?: string;
        readonly traffic?: readonly TrafficTarget[];
      };
    };
  };
}

/** The condition of that type, if the controller reported it. */
export function conditionOf(service: InferenceServiceObject, type: string): Condition | undefined {
  return service.status?.conditions?.find((condition) => condition.type === type);
}

/**
 * Ready means the controller has seen the current spec (observedGeneration) and reports
 * Ready=True; a Ready from the previous generation says nothing about this rollout.
 */
export function isReady(service: InferenceServiceObject): boolean {
  const generation = service.metadata?.generation;
  const observed = service.status?.observedGeneration;
  if (generation !== undefined && observed !== undefined && observed < generation) return false;
  return conditionOf(service, 'Ready')?.status === 'True';
}

/** `Ready=False (RevisionMissing: ...), PredictorReady=Unknown` — what the controller says now. */
export function summariseConditions(service: InferenceServiceObject): string {
  const conditions = service.status?.conditions ?? [];
  if (conditions.length === 0) return 'no status yet (is the KServe controller running?)';
  return conditions
    .map((condition) => {
      const why = [condition.reason, condition.message].filter(Boolean).join(': ');
      return `${condition.type}=${condition.status}${why ? ` (${why})` : ''}`;
    })
    .join(', ');
}
