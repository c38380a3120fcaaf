/**
 * @module dataplane/data-plane
 * The transport-neutral core every protocol (REST v2, REST v1) calls: health, metadata,
 * inference. Knows models and lifecycle, not HTTP. What wraps a model's `predict` (request
 * limits, payload logging, prompt split, online evaluation) is a decorator of the served
 * model (dataplane/decorators/), so every check here runs before any of them.
 */
import { InvalidInputError, ModelNotReadyError, NotImplementedError, ServerNotReadyError } from '../errors.js';
import type { ModelRegistry } from './model-registry.js';
import type { ModelMetadata, PredictorModel } from '../contract/predictor-model.js';
import type { RequestContext } from '../contract/request-context.js';
import type { ModelRequest, ModelResponse } from '../contract/tensor.js';

export interface ServerMetadata {
  readonly name: string;
  readonly version: string;
  readonly extensions: readonly string[];
}

export interface DataPlane {
  isLive(): boolean;
  /** Ready: every model loaded and ready, and not draining. */
  isReady(): boolean;
  serverMetadata(): ServerMetadata;
  listModels(): readonly string[];
  /** Whether a model of this name is served (cheap: for labels on every request). */
  hasModel(name: string): boolean;
  modelMetadata(name: string, version?: string): ModelMetadata;
  isModelReady(name: string, version?: string): boolean;
  infer(name: string, version: string | undefined, request: ModelRequest, context: RequestContext): Promise<ModelResponse>;
  /** Flip readiness off for shutdown; new inference requests get server_not_ready. */
  startDraining(): void;
  isDraining(): boolean;
}

export interface DataPlaneDeps {
  readonly registry: ModelRegistry;
  readonly serverMetadata: ServerMetadata;
}

/** The server serves exactly one version per model; other versions are not implemented. */
function resolveModel(registry: ModelRegistry, name: string, version: string | undefined): PredictorModel {
  const model = registry.get(name);
  if (version !== undefined && version !== model.version) {
    throw new NotImplementedError(`Model ${name} version ${version} is not served; this server serves version ${model.version} only`);
  }
  return model;
}

/**
 * Keeps the requested outputs (all when none are named). Names were checked against the
 * model's metadata before it ran, so a missing one is the model's bug, not the client's.
 */
function selectOutputs(request: ModelRequest, response: ModelResponse): ModelResponse {
  if (request.outputs === undefined || request.outputs.length === 0) return response;
  const byName = new Map(response.outputs.map((output) => [output.name, output]));
  const outputs = request.outputs.map((requested) => {
    const output = byName.get(requested.name);
    if (!output) throw new Error(`Model returned no '${requested.name}' output although its metadata declares it`);
    return requested.parameters ? { ...output, parameters: { ...output.parameters, ...requested.parameters } } : output;
  });
  return { ...response, outputs };
}

export function createDataPlane({ registry, serverMetadata }: DataPlaneDeps): DataPlane {
  let isDraining = false;
  return {
    isLive: () => true,
    isReady: () => !isDraining && registry.list().every((model) => model.isReady()),
    serverMetadata: () => serverMetadata,
    listModels: () => registry.list().map((model) => model.name),
    hasModel: (name) => registry.has(name),
    modelMetadata: (name, version) => resolveModel(registry, name, version).metadata(),
    isModelReady: (name, version) => resolveModel(registry, name, version).isReady(),
    async infer(name, version, request, context) {
      const model = resolveModel(registry, name, version);
      if (isDraining) throw new ServerNotReadyError('Server is shutting down');
      if (!model.isReady()) throw new ModelNotReadyError(name);
      // Unknown output names are rejected before any LLM spend (and before the limits reserve).
      const known = new Set(model.metadata().outputs.map((output) => output.name));
      const unknown = request.outputs?.find((output) => !known.has(output.name));
      if (unknown) {
        throw new InvalidInputError(`Requested output '${unknown.name}' does not exist; available: ${[...known].join(', ')}`);
      }
      const response = await model.predict(request, context);
      const id = request.id ?? response.id;
      return selectOutputs(request, { ...response, ...(id === undefined ? {} : { id }) });
    },
    startDraining() {
      isDraining = true;
    },
    isDraining: () => isDraining,
  };
}
