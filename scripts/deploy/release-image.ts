/**
 * @module scripts/deploy/release-image
 * What the deploy CLI changes in the rendered objects for a release, so that what was pushed is
 * what runs without editing YAML: the predictor container's image (`--image`, kustomize's
 * `images:` entry made unnecessary), the source revision as an annotation, and the canary
 * percentage. Production overlays only take an image by digest: a tag can move, a digest cannot.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { UsageError } from './cli-args.js';
import { DeployError } from './deploy-errors.js';

/** Annotation on the InferenceService naming the commit its image was built from. */
export const SOURCE_REVISION_ANNOTATION = 'podcast-pipeline.example.com/source-revision';
/** Annotation on the InferenceService naming the image reference deployed. */
export const IMAGE_ANNOTATION = 'podcast-pipeline.example.com/image';

const PREDICTOR_CONTAINER = 'kserve-container';
const DIGEST = /@sha256:[0-9a-f]{64}$/;
// registry[:port]/path[:tag][@sha256:digest], lower-case path as the OCI distribution spec requires.
const REFERENCE =
  /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

/** True when the reference pins a digest (`repo@sha256:...`): immutable. */
export function isDigestReference(reference: string): boolean {
  return DIGEST.test(reference);
}

/** Checks an --image value's shape; a UsageError names what is wrong. */
export function checkImageReference(reference: string): void {
  if (!REFERENCE.test(reference)) {
    throw new UsageError(`--image "${reference}" is not an image reference (registry/repository[:tag][@sha256:<64 hex>])`);
  }
}

export interface ReleaseOptions {
  readonly image?: string;
  readonly sourceRevision?: string;
  /** canaryTrafficPercent for the predictor; absent: a full rollout (the field removed). */
  readonly canaryPercent?: number;
}

function isInferenceService(object: KubernetesObject): boolean {
  return object.kind === 'InferenceService' && (object.apiVersion ?? '').startsWith('serving.kserve.io/');
}

interface Container {
  readonly name?: string;
  readonly image?: string;
}

/** The objects with the release applied to each InferenceService (the inputs are not changed). */
export function applyRelease(
  objects: readonly KubernetesObject[],
  { image, sourceRevision, canaryPercent }: ReleaseOptions,
): KubernetesObject[] {
  const services = objects.filter(isInferenceService);
  if (image && services.length === 0) throw new DeployError('--image given, but the objects hold no InferenceService to set it on');
  const standard = services.find((service) =>
    /^(Standard|RawDeployment)$/.test(service.metadata?.annotations?.['serving.kserve.io/deploymentMode'] ?? ''),
  );
  if (canaryPercent !== undefined && standard) {
    // KServe splits traffic between revisions through Knative; a Deployment has no revisions.
    throw new DeployError(
      `--canary needs Serverless mode: ${standard.metadata?.name ?? 'the InferenceService'} runs in Standard mode (no revisions to split)`,
    );
  }
  return objects.map((object) => {
    if (!isInferenceService(object)) return object;
    const service = object as KubernetesObject & { spec?: { predictor?: { containers?: Container[] } & Record<string, unknown> } };
    const predictor = { ...service.spec?.predictor };
    if (image) {
      const containers = predictor.containers ?? [];
      if (!containers.some((container) => container.name === PREDICTOR_CONTAINER)) {
        throw new DeployError(
          `${object.metadata?.name ?? 'InferenceService'} has no container named ${PREDICTOR_CONTAINER} to set --image on`,
        );
      }
      predictor.containers = containers.map((container) => (container.name === PREDICTOR_CONTAINER ? { ...container, image } : container));
    }
    if (canaryPercent === undefined) delete predictor.canaryTrafficPercent;
    else predictor.canaryTrafficPercent = canaryPercent;
    const containerImage = predictor.containers?.find((container) => container.name === PREDICTOR_CONTAINER)?.image;
    const annotations = {
      ...object.metadata?.annotations,
      ...(sourceRevision ? { [SOURCE_REVISION_ANNOTATION]: sourceRevision } : {}),
      ...(containerImage ? { [IMAGE_ANNOTATION]: containerImage } : {}),
    };
    return { ...object, metadata: { ...object.metadata, annotations }, spec: { ...service.spec, predictor } } as KubernetesObject;
  });
}

/** The images the InferenceServices will run, for the mutable-tag check. */
export function imagesOf(objects: readonly KubernetesObject[]): string[] {
  return objects
    .filter(isInferenceService)
    .flatMap((object) => (object as { spec?: { predictor?: { containers?: Container[] } } }).spec?.predictor?.containers ?? [])
    .filter((container) => container.name === PREDICTOR_CONTAINER)
    .map((container) => container.image ?? '');
}
