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

/** KServe's per-component status (status.components.predictor). */
export interface ComponentStatus {
  readonly url?: string;
  readonly latestCreatedRevision?: string;
  readonly latestReadyRevision?: string;
  readonly latestRolledoutRevision?: string;
  readonly previousRolledoutRevision?: string;
  readonly traffic?: readonly TrafficTarget[];
}

export interface InferenceServiceObject extends KubernetesObject {
  readonly spec?: { readonly predictor?: { readonly canaryTrafficPercent?: number } & Record<string, unknown> } & Record<string, unknown>;
  readonly status?: {
    readonly url?: string;
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
    readonly components?: { readonly predictor?: ComponentStatus };
  };
}

/** The condition of that type, if the controller reported it. */
export function conditionOf(service: InferenceServiceObject, type: string): Condition | undefined {
  return service.status?.conditions?.find((condition) => condition.type === type);
}

/** The controller has seen the current spec: status from an older generation says nothing about this one. */
export function isObserved(service: InferenceServiceObject): boolean {
  const generation = service.metadata?.generation;
  const observed = service.status?.observedGeneration;
  return !(generation !== undefined && observed !== undefined && observed < generation);
}

/** The newest revision the controller created is also its newest Ready one (or it reports neither). */
export function isLatestRevisionReady(service: InferenceServiceObject): boolean {
  const predictor = service.status?.components?.predictor;
  return !predictor?.latestCreatedRevision || predictor.latestCreatedRevision === predictor.latestReadyRevision;
}

/**
 * Ready means the controller has seen the current spec (observedGeneration), reports
 * Ready=True, and the newest revision is the Ready one: a Ready from the previous generation
 * or an older revision says nothing about this rollout.
 */
export function isReady(service: InferenceServiceObject): boolean {
  return isObserved(service) && isLatestRevisionReady(service) && conditionOf(service, 'Ready')?.status === 'True';
}

export interface RevisionTraffic {
  readonly revisionName: string;
  readonly percent: number;
  /** latest (the newest revision), prev (the last rolled-out one), or empty. */
  readonly tag: string;
  readonly isReady: boolean;
}

/**
 * Traffic by revision as the routes report it, with the newest created revision listed (at 0%)
 * when it is not Ready yet: Knative sends `latestRevision` traffic to the newest *Ready*
 * revision, so a not-Ready revision never appears to hold traffic.
 */
export function revisionTraffic(service: InferenceServiceObject): RevisionTraffic[] {
  const predictor = service.status?.components?.predictor;
  const ready = predictor?.latestReadyRevision;
  const created = predictor?.latestCreatedRevision;
  const byRevision = new Map<string, RevisionTraffic>();
  for (const target of predictor?.traffic ?? []) {
    const revisionName = target.revisionName ?? (target.latestRevision ? (ready ?? '') : '');
    if (!revisionName) continue;
    const previous = byRevision.get(revisionName);
    const tag = target.tag ?? (target.latestRevision ? 'latest' : '');
    byRevision.set(revisionName, {
      revisionName,
      percent: (previous?.percent ?? 0) + (target.percent ?? 0),
      tag: previous?.tag || (revisionName === created || !created ? tag : tag === 'latest' ? '' : tag),
      isReady: true,
    });
  }
  if (created && created !== ready) byRevision.set(created, { revisionName: created, percent: 0, tag: 'latest', isReady: false });
  return [...byRevision.values()].sort((a, b) => b.revisionName.localeCompare(a.revisionName));
}

/** The InferenceService's canaryTrafficPercent, when its spec sets one. */
export function canaryPercentOf(service: InferenceServiceObject): number | undefined {
  return service.spec?.predictor?.canaryTrafficPercent;
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
