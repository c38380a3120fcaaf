/**
 * @module protocol/generate-router
 * The OIP text-generation extension (generate_rest.yaml): `POST .../generate` answers the
 * markdown report as `text_output`; `POST .../generate_stream` sends server-sent events, one
 * per agent as it finishes (its report section, name and structured output), then a final
 * event with the whole report and the request's totals. Both go through the same access
 * check, body limits, validator, decoder and data plane as `/infer`. An error before the
 * first event is the usual `{"error": msg}` response; after it, an `error` event ends the
 * stream. A client that goes away aborts the run (the request context's signal).
 */
import express, { Router, type Request, type Response } from 'express';
import type { AccessGuard } from '../contract/access-control.js';
import type { AgentPart, RequestContext } from '../contract/request-context.js';
import type { ModelResponse } from '../contract/tensor.js';
import type { DataPlane } from '../dataplane/data-plane.js';
import type { Logger } from '../observability/logger.js';
import { raceAbort } from '../abort.js';
import { defineRoute } from './define-route.js';
import { encodeGeneratePart, encodeGenerateResponse, toInferenceRequest } from './generate-codec.js';
import { toHttpError } from './http-errors.js';
import { requireAccess } from './middleware/require-access.js';
import { parseJsonBody } from './parse-json.js';
import { contextOf, requestState } from './request-state.js';
import { sendJson } from './send-json.js';
import { createSseWriter } from './sse-writer.js';
import { takeRequestBody } from './take-request-body.js';
import { decodeInferenceRequest } from './tensor-codec.js';
import { createInferenceRequestValidator } from './validate-inference-request.js';

export interface GenerateRouterOptions {
  readonly dataPlane: DataPlane;
  readonly accessGuard?: AccessGuard | undefined;
  /** Largest request body; larger ones get 413. */
  readonly maxBodyBytes: number;
  /** Deepest JSON nesting accepted; unlimited when absent. */
  readonly maxJsonDepth?: number;
  /** Logs a failure that ends a stream already started (the error middleware cannot answer it). */
  readonly logger: Logger;
}

const MODEL_PATHS = ['/v2/models/:name', '/v2/models/:name/versions/:version'] as const;

function pathParameters(request: Request): { name: string; version: string | undefined } {
  const { name, version } = request.params as { name: string; version?: string };
  return { name, version };
}

/** The SSE event name of an error after the stream started. */
export const ERROR_EVENT = 'error';

/** The generate and generate_stream routes; the request validator is compiled once here. */
export function createGenerateRouter({ dataPlane, accessGuard, maxBodyBytes, maxJsonDepth, logger }: GenerateRouterOptions): Router {
  const router = Router();
  const validate = createInferenceRequestValidator();
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes });
  const inferAccess = requireAccess({ accessGuard, action: 'infer' });

  function run(request: Request, context: RequestContext): Promise<ModelResponse> {
    const { name, version } = pathParameters(request);
    const body = parseJsonBody(takeRequestBody(request) ?? new Uint8Array(0), { maxDepth: maxJsonDepth });
    const decoded = decodeInferenceRequest(validate(toInferenceRequest(body, dataPlane.modelMetadata(name, version))));
    return raceAbort(dataPlane.infer(name, version, decoded.request, context), context.signal);
  }

  async function generate(request: Request, response: Response): Promise<void> {
    const { name, version } = pathParameters(request);
    const modelResponse = await run(request, contextOf(response));
    sendJson(response, 200, encodeGenerateResponse(name, version, modelResponse));
  }

  async function generateStream(request: Request, response: Response): Promise<void> {
    const { name: modelName, version: modelVersion } = pathParameters(request);
    const events = createSseWriter(response);
    const progress = { agentFinished: (part: AgentPart) => events.send(encodeGeneratePart(modelName, modelVersion, part)) };
    let modelResponse: ModelResponse;
    try {
      modelResponse = await run(request, { ...contextOf(response), progress });
    } catch (error) {
      // Before the first event the error middleware answers with a status; after it, only an event can.
      if (!events.isStarted) throw error;
      const httpError = toHttpError(error);
      if (!httpError.isExpected) logger.error('unhandled error', { error, method: request.method, route: requestState(response).route });
      else if (httpError.status >= 500) logger.warn('stream failed', { error, status: httpError.status });
      events.send(httpError.body, ERROR_EVENT);
      events.end();
      return;
    }
    events.send(encodeGenerateResponse(modelName, modelVersion, modelResponse));
    events.end();
  }

  for (const modelPath of MODEL_PATHS) {
    defineRoute(router, { path: `${modelPath}/generate`, post: [inferAccess, readBody, generate] });
    defineRoute(router, { path: `${modelPath}/generate_stream`, post: [inferAccess, readBody, generateStream] });
  }
  return router;
}
