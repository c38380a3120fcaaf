/**
 * @module protocol/v1-codec
 * KServe v1 `{"instances": [...]}` ⇄ tensors, for models whose first input is BYTES (the
 * pipeline takes one episode per element): each instance (an object, or a JSON string) is
 * one element of that input; each prediction gathers the instance's slice of every output,
 * with JSON text parsed back into objects.
 */
import { InvalidInputError, NotImplementedError } from '../errors.js';
import type { ModelMetadata } from '../contract/predictor-model.js';
import { elementCount, type ModelRequest, type ModelResponse, type TensorElement } from '../contract/tensor.js';
import { exactJsonInteger } from './json-tensor-data.js';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

const bigintReplacer = (_key: string, value: unknown) => (typeof value === 'bigint' ? exactJsonInteger(value) : value);

function instanceBytes(instance: unknown, index: number): Uint8Array {
  if (typeof instance === 'string') return utf8Encoder.encode(instance);
  if (typeof instance === 'object' && instance !== null && !Array.isArray(instance)) {
    return utf8Encoder.encode(JSON.stringify(instance, bigintReplacer));
  }
  throw new InvalidInputError(`instances[${index}] must be an object or a JSON string`);
}

/** Builds the model request for a v1 predict body; `metadata` names the BYTES input. */
export function decodeV1Request(body: unknown, metadata: ModelMetadata): ModelRequest {
  const instances = (body as { instances?: unknown } | null)?.instances;
  if (typeof body !== 'object' || body === null || !Array.isArray(instances) || instances.length === 0) {
    throw new InvalidInputError('Request body must be {"instances": [...]} with at least one instance');
  }
  const input = metadata.inputs[0];
  if (input === undefined || input.datatype !== 'BYTES') {
    throw new NotImplementedError(`Model ${metadata.name} does not take a BYTES input; use POST /v2/models/${metadata.name}/infer`);
  }
  // One element per instance: the first dimension is the batch, any others are 1.
  const shape = [instances.length, ...input.shape.slice(1).map(() => 1)];
  return { inputs: [{ name: input.name, datatype: 'BYTES', shape, data: instances.map(instanceBytes) }] };
}

function toPredictionValue(element: TensorElement): unknown {
  if (typeof element === 'bigint') return exactJsonInteger(element);
  if (!(element instanceof Uint8Array) && typeof element !== 'string') return element;
  const text = typeof element === 'string' ? element : utf8Decoder.decode(element);
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : text;
  } catch {
    return text;
  }
}

/** One prediction object per instance, keyed by output name. */
export function encodeV1Predictions(response: ModelResponse, instanceCount: number): Array<Record<string, unknown>> {
  const predictions: Record<string, unknown>[] = Array.from({ length: instanceCount }, () => ({}));
  for (const output of response.outputs) {
    const perInstance = elementCount(output.shape) / instanceCount;
    if (!Number.isInteger(perInstance) || output.data.length !== elementCount(output.shape)) {
      // A model bug, not a client error: becomes a logged 500.
      throw new Error(`Output '${output.name}' with shape [${output.shape.join(', ')}] does not split into ${instanceCount} instances`);
    }
    predictions.forEach((prediction, index) => {
      const slice = output.data.slice(index * perInstance, (index + 1) * perInstance).map(toPredictionValue);
      prediction[output.name] = perInstance === 1 ? slice[0] : slice;
    });
  }
  return predictions;
}
