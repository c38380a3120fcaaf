/**
 * @module contract/predictor-model
 * The small model interface the data plane serves (after kserve's `Model`): load, ready,
 * metadata, predict. The pipeline implements it; tests use a fake.
 */
import type { CostEstimate } from './access-control.js';
import type { RequestContext } from './request-context.js';
import type { ModelRequest, ModelResponse, Parameters, TensorMetadata } from './tensor.js';

/** OIP model metadata (name and versions are filled in by the model). */
export interface ModelMetadata {
  readonly name: string;
  readonly versions: readonly string[];
  readonly platform: string;
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
  readonly parameters?: Parameters;
}

export interface PredictorModel {
  readonly name: string;
  /** The one version this server serves; other versions answer 501. */
  readonly version: string;
  isReady(): boolean;
  load(): Promise<void>;
  unload(): Promise<void>;
  metadata(): ModelMetadata;
  /**
   * Worst-case tokens and cost of a request, for budget reservation (optional). Asynchronous:
   * it may decode a large request, which it does in turns of the event loop.
   */
  estimateCost?(request: ModelRequest): Promise<CostEstimate>;
  /**
   * Runs inference. Throws PredictorError subclasses for expected failures. The response's
   * typed `usage` is what request limits settle; a model that leaves it out settles nothing.
   */
  predict(request: ModelRequest, context: RequestContext): Promise<ModelResponse>;
}
