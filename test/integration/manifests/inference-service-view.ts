/**
 * Typed views of a rendered overlay: its InferenceService, predictor container, the env a
 * pod would see (explicit env plus the referenced ConfigMap) and the objects by kind.
 */
import type { RenderedObject } from './render-kustomize.js';

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { name: string; key: string; optional?: boolean }; readonly configMapKeyRef?: { name: string; key: string } };
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly env?: readonly EnvVar[];
  readonly envFrom?: readonly { configMapRef?: { name: string } }[];
  readonly ports?: readonly { containerPort: number; name?: string }[];
  readonly readinessProbe?: { httpGet?: { path: string; port: number } };
  readonly livenessProbe?: { httpGet?: { path: string; port: number } };
  readonly securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
  readonly volumeMounts?: readonly { name: string; mountPath: string }[];
  readonly resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

export interface Predictor {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly scaleMetric?: string;
  readonly scaleTarget?: number;
  readonly containerConcurrency?: number;
  readonly timeout?: number;
  readonly terminationGracePeriodSeconds?: number;
  readonly serviceAccountName?: string;
  readonly annotations?: Record<string, string>;
  readonly topologySpreadConstraints?: readonly { topologyKey: string }[];
  readonly volumes?: readonly { name: string; emptyDir?: object; secret?: { secretName: string; items?: { key: string; path: string }[] } }[];
  readonly containers: readonly Container[];
}

export function objectsOfKind(objects: readonly RenderedObject[], kind: string): RenderedObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function inferenceServiceOf(objects: readonly RenderedObject[]): RenderedObject & { spec: { predictor: Predictor } } {
  const services = objectsOfKind(objects, 'InferenceService');
  if (services.length !== 1) throw new Error(`expected one InferenceService, found ${services.length}`);
  return services[0] as RenderedObject & { spec: { predictor: Predictor } };
}

export function predictorContainerOf(objects: readonly RenderedObject[]): Container {
  const container = inferenceServiceOf(objects).spec.predictor.containers[0];
  if (!container) throw new Error('the predictor has no container');
  return container;
}

/** The value a pod sees for `name`: explicit env wins over the ConfigMap (as in Kubernetes). */
export function effectiveEnv(objects: readonly RenderedObject[], name: string): string | EnvVar['valueFrom'] | undefined {
  const container = predictorContainerOf(objects);
  const explicit = container.env?.find((variable) => variable.name === name);
  if (explicit) return explicit.value ?? explicit.valueFrom;
  for (const source of container.envFrom ?? []) {
    const configMap = objectsOfKind(objects, 'ConfigMap').find((object) => object.metadata.name === source.configMapRef?.name);
    const value = (configMap?.data as Record<string, string> | undefined)?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}
