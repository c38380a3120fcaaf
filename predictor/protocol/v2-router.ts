/**
 * @module protocol/v2-router
 * Open Inference Protocol v2 REST routes (inference_rest.md): server metadata, model list
 * (KServe's extra), model metadata and readiness, and inference, each with and without
 * `/versions/:version`. Handlers only decode and validate, call the data plane, and encode.
 *
 * Versions: the server serves one version per model; naming any other version answers 501
 * (the data plane raises NotImplementedError), as KServe does for versioned paths.
 */
import express, { Router, type Request, type Response } from 'express';
import { ModelNotReadyError } from '../errors.js';
import type { AccessGuard } from '../contract/access-control.js';
import type { DataPlane } from '../dataplane/data-plane.js';
import { raceAbort } from '../abort.js';
import { defineRoute } from './define-route.js';
import { ANY_MODEL, requireAccess } from './middleware/require-access.js';
import { INFERENCE_HEADER_CONTENT_LENGTH, readInferenceBody } from './read-inference-body.js';
import { contextOf, recordInference } from './request-state.js';
import { sendInferenceResponse } from './send-inference-response.js';
import { sendJson } from './send-json.js';
import { takeRequestBody } from './take-request-body.js';
import { decodeInferenceRequest, encodeInferenceResponse, type DecodedInferenceRequest } from './tensor-codec.js';
import { createInferenceRequestValidator } from './validate-inference-request.js';

export interface V2RouterOptions {
  readonly dataPlane: DataPlane;
  readonly accessGuard?: AccessGuard | undefined;
  /** Largest request body; larger ones get 413. */
  readonly maxBodyBytes: number;
  /** Deepest JSON nesting accepted; unlimited when absent. */
  readonly maxJsonDepth?: number;
}

const MODEL_PATHS = ['/v2/models/:name', '/v2/models/:name/versions/:version'] as const;

function pathParameters(request: Request): { name: string; version: string | undefined } {
  const { name, version } = request.params as { name: string; version?: string };
  return { name, version };
}

/** The OIP v2 routes; the request validator is compiled once here. */
export function createV2Router({ dataPlane, accessGuard, maxBodyBytes, maxJsonDepth }: V2RouterOptions): Router {
  const router = Router();
  const validate = createInferenceRequestValidator();
  // Any Content-Type: clients send JSON as octet-stream or untyped; gzip/deflate/br inflate.
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes });
  const metadataAccess = requireAccess({ accessGuard, action: 'metadata' });
  const listAccess = requireAccess({ accessGuard, action: 'metadata', modelNameOf: () => ANY_MODEL });
  const inferAccess = requireAccess({ accessGuard, action: 'infer' });

  defineRoute(router, { path: '/v2', get: [listAccess, (_request, response) => sendJson(response, 200, dataPlane.serverMetadata())] });
  defineRoute(router, {
    path: '/v2/models',
    get: [listAccess, (_request, response) => sendJson(response, 200, { models: dataPlane.listModels() })],
  });

  // A function of its own, so the raw body and its parsed JSON (each as large as the body) are
  // garbage once the request is decoded rather than held in infer's frame while the model runs.
  function decodeBody(request: Request): DecodedInferenceRequest {
    const body = readInferenceBody(takeRequestBody(request), request.get(INFERENCE_HEADER_CONTENT_LENGTH), maxJsonDepth);
    return decodeInferenceRequest(validate(body.json), body.binary);
  }

  async function infer(request: Request, response: Response): Promise<void> {
    const { name, version } = pathParameters(request);
    const decoded = decodeBody(request);
    const context = contextOf(response);
    const modelResponse = await raceAbort(dataPlane.infer(name, version, decoded.request, context), context.signal);
    recordInference(response, modelResponse);
    sendInferenceResponse(
      response,
      encodeInferenceResponse({ modelName: name, modelVersion: version, response: modelResponse, format: decoded.format }),
    );
  }

  for (const modelPath of MODEL_PATHS) {
    defineRoute(router, {
      path: modelPath,
      get: [
        metadataAccess,
        (request, response) => {
          const { name, version } = pathParameters(request);
          sendJson(response, 200, dataPlane.modelMetadata(name, version));
        },
      ],
    });
    defineRoute(router, {
      path: `${modelPath}/ready`,
      get: [
        metadataAccess,
        (request, response) => {
          const { name, version } = pathParameters(request);
          // KServe answers 503 for a model that is not ready (v2_endpoints.py `model_ready`).
          if (!dataPlane.isModelReady(name, version)) throw new ModelNotReadyError(name);
          sendJson(response, 200, { name, ready: true });
        },
      ],
    });
    defineRoute(router, { path: `${modelPath}/infer`, post: [inferAccess, readBody, infer] });
  }
  return router;
}
