/**
 * @module test/fakes/fake-predictor-model
 * A PredictorModel with controllable readiness and scripted predictions. Each predict call
 * is recorded; a script step is a response, an error to throw, or a function of the request
 * and context (to wait on the abort signal, or on a promise the test resolves). With an
 * empty script it echoes every input back as an output of the same name.
 */
import type { ModelMetadata, PredictorModel } from '../../predictor/contract/predictor-model.js';
import type { RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest, ModelResponse, TensorMetadata } from '../../predictor/contract/tensor.js';

export type PredictStep =
  ModelResponse | Error | ((request: ModelRequest, context: RequestContext) => Promise<ModelResponse> | ModelResponse);

export interface FakePredictorModelOptions {
  readonly name?: string;
  readonly version?: string;
  readonly isReady?: boolean;
  readonly inputs?: readonly TensorMetadata[];
  readonly outputs?: readonly TensorMetadata[];
  readonly script?: readonly PredictStep[];
}

export interface PredictCall {
  readonly request: ModelRequest;
  readonly context: RequestContext;
}

export class FakePredictorModel implements PredictorModel {
  readonly name: string;
  readonly version: string;
  readonly calls: PredictCall[] = [];
  private ready: boolean;
  private readonly inputs: readonly TensorMetadata[];
  private readonly outputs: readonly TensorMetadata[];
  private readonly script: PredictStep[];
  private readonly callWaiters: Array<(call: PredictCall) => void> = [];

  constructor({ name = 'fake-model', version = '1', isReady = true, inputs, outputs, script = [] }: FakePredictorModelOptions = {}) {
    this.name = name;
    this.version = version;
    this.ready = isReady;
    this.inputs = inputs ?? [{ name: 'episode', datatype: 'BYTES', shape: [-1] }];
    this.outputs = outputs ?? this.inputs;
    this.script = [...script];
  }

  setReady(isReady: boolean): void {
    this.ready = isReady;
  }

  /** Appends steps to the script. */
  enqueue(...steps: PredictStep[]): void {
    this.script.push(...steps);
  }

  /** Resolves with the next predict call; ask before sending the request. */
  nextCall(): Promise<PredictCall> {
    return new Promise((resolve) => this.callWaiters.push(resolve));
  }

  isReady(): boolean {
    return this.ready;
  }
  async load(): Promise<void> {
    this.ready = true;
  }
  async unload(): Promise<void> {
    this.ready = false;
  }
  metadata(): ModelMetadata {
    return { name: this.name, versions: [this.version], platform: 'fake', inputs: this.inputs, outputs: this.outputs };
  }

  async predict(request: ModelRequest, context: RequestContext): Promise<ModelResponse> {
    const call = { request, context };
    this.calls.push(call);
    for (const resolve of this.callWaiters.splice(0)) resolve(call);
    const step = this.script.shift();
    if (step === undefined) return { outputs: request.inputs };
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request, context);
    return step;
  }
}
