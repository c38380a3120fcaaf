/**
 * Validates a rendered object against its kind's schema: Kubernetes kinds with
 * kubernetes-models (the 1.32 OpenAPI types), custom resources with the compact strict
 * schemas in ./schemas (cut from the real CRDs by scripts/deploy/compact-schema.ts).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { ConfigMap, Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const MODELS: Readonly<Record<string, ModelClass>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

const SCHEMA_FILES: Readonly<Record<string, string>> = {
  'serving.kserve.io/v1beta1/InferenceService': 'inferenceservice.compact.json',
  'keda.sh/v1alpha1/ScaledObject': 'scaledobject.compact.json',
  'argoproj.io/v1alpha1/Application': 'application.compact.json',
  'argoproj.io/v1alpha1/AppProject': 'appproject.compact.json',
  'monitoring.coreos.com/v1/PodMonitor': 'podmonitor.compact.json',
  'monitoring.coreos.com/v1/PrometheusRule': 'prometheusrule.compact.json',
};

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

function schemaValidator(key: string): ValidateFunction | undefined {
  const file = SCHEMA_FILES[key];
  if (!file) return undefined;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(new URL(`./schemas/${file}`, import.meta.url), 'utf8')) as object);
    compiled.set(key, validate);
  }
  return validate;
}

/** Problems found in `object` (empty when valid); an unknown kind is a problem too. */
export function validateObject(object: { apiVersion?: string; kind?: string }): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  const Model = MODELS[key];
  if (Model) {
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const validate = schemaValidator(key);
  if (!validate) return [`no schema for ${key}: add one to test/integration/manifests/validate-object.ts`];
  if (validate(object)) return [];
  return (validate.errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` "${(error.params as { additionalProperty: string }).additionalProperty}" (misspelt, or new: regenerate the compact schema)` : '';
    return `${error.instancePath || '/'} ${error.message}${extra}`;
  });
}
