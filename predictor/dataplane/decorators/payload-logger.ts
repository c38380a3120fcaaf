/**
 * @module dataplane/decorators/payload-logger
 * KServe-compatible payload logging: each inference request and its response become
 * CloudEvents (`org.kubeflow.serving.inference.request` / `.response`, sharing the request
 * id as `ce-id`, with the `inferenceservicename` and `component` extensions), delivered in
 * the background to the PAYLOAD_LOG_SINK. Every text value — BYTES elements, string
 * parameters — passes through the injected redactor first (PII and secrets), so the sink
 * never receives what the logs may not hold. Off unless a sink is configured.
 */
import type { PiiKind } from '../../config/sections/security-config.js';
import { delegate } from '../../contract/delegate-model.js';
import type { PredictorModel } from '../../contract/predictor-model.js';
import type { RequestContext } from '../../contract/request-context.js';
import type { Parameters, Tensor } from '../../contract/tensor.js';
import type { BackgroundDelivery } from '../../observability/cloud-events/background-delivery.js';
import { redactPii } from '../../security/detectors/pii-detector.js';
import { createRedactor } from '../../security/redact.js';

export const REQUEST_EVENT_TYPE = 'org.kubeflow.serving.inference.request';
export const RESPONSE_EVENT_TYPE = 'org.kubeflow.serving.inference.response';

export interface PayloadLoggerOptions {
  readonly delivery: BackgroundDelivery;
  /** Applied to every text value before it leaves the process. */
  readonly redact: (text: string) => string;
  /** Which payloads to log, as KServe's `logger.mode`. */
  readonly mode?: 'all' | 'request' | 'response';
  /** Epoch ms clock. */
  readonly now: () => number;
}

export interface PayloadLogger {
  /** The model with its requests and responses logged. */
  wrap(model: PredictorModel): PredictorModel;
}

const utf8 = new TextDecoder();

function redactParameters(parameters: Parameters | undefined, redact: (text: string) => string): Record<string, unknown> | undefined {
  if (parameters === undefined) return undefined;
  return Object.fromEntries(Object.entries(parameters).map(([key, value]) => [key, typeof value === 'string' ? redact(value) : value]));
}

/** Redacts every string inside a JSON value. */
function redactJsonValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJsonValue(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactJsonValue(item, redact)]));
  }
  return value;
}

/**
 * Redacts a text element. An element that is JSON (an episode) is redacted string by string
 * after parsing, because JSON escapes (`ann\u0040example.com`) hide PII from a scan of the raw text.
 */
function redactElement(text: string, redact: (text: string) => string): string {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[' || start === '"') {
    try {
      return JSON.stringify(redactJsonValue(JSON.parse(text), redact));
    } catch {
      // Not JSON after all: redacted as plain text below.
    }
  }
  return redact(text);
}

function toLoggedTensor(tensor: Tensor, redact: (text: string) => string): Record<string, unknown> {
  const data = tensor.data.map((element) =>
    element instanceof Uint8Array
      ? redactElement(utf8.decode(element), redact)
      : typeof element === 'string'
        ? redactElement(element, redact)
        : element,
  );
  const parameters = redactParameters(tensor.parameters, redact);
  return { name: tensor.name, datatype: tensor.datatype, shape: tensor.shape, data, ...(parameters ? { parameters } : {}) };
}

/** Redacts PII of `piiKinds` and then secrets and credentials (the redactor the logs use). */
export function createPayloadRedactor({
  piiKinds,
  secrets,
}: {
  readonly piiKinds: readonly PiiKind[];
  readonly secrets: readonly string[];
}): (text: string) => string {
  const redactSecrets = createRedactor({ secrets });
  return (text) => redactSecrets(redactPii(text, piiKinds).text);
}

/** @example const payloadLogger = createPayloadLogger({ delivery, redact: createPayloadRedactor({ piiKinds, secrets }), now: Date.now }); */
export function createPayloadLogger({ delivery, redact, mode = 'all', now }: PayloadLoggerOptions): PayloadLogger {
  function send(
    type: string,
    modelName: string,
    context: RequestContext,
    payload: { id?: string; parameters?: Parameters },
    tensors: Record<string, readonly Tensor[]>,
  ): void {
    const parameters = redactParameters(payload.parameters, redact);
    const data: Record<string, unknown> = payload.id === undefined ? {} : { id: payload.id };
    for (const [key, list] of Object.entries(tensors)) data[key] = list.map((tensor) => toLoggedTensor(tensor, redact));
    if (parameters) data.parameters = parameters;
    delivery.deliver({
      id: context.requestId,
      source: `/v2/models/${modelName}`,
      type,
      time: new Date(now()).toISOString(),
      extensions: { inferenceservicename: modelName, component: 'predictor', endpoint: 'default' },
      data,
    });
  }
  return {
    wrap(model) {
      return {
        ...delegate(model),
        async predict(request, context) {
          if (mode !== 'response') send(REQUEST_EVENT_TYPE, model.name, context, request, { inputs: request.inputs });
          const response = await model.predict(request, context);
          if (mode !== 'request') send(RESPONSE_EVENT_TYPE, model.name, context, response, { outputs: response.outputs });
          return response;
        },
      };
    },
  };
}
