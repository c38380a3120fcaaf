/**
 * @module protocol/v1-router
 * KServe v1 REST on the same data plane: `GET /v1/models`, `GET /v1/models/:name`
 * (`{"name", "ready"}`), `POST /v1/models/:name:predict`. Express 5's path syntax
 * (path-to-regexp v8) cannot split `:name:predict`, so one `:target` parameter is split on
 * its last ':' into model name and verb.
 */
import express, { Router, type Request, type Response } from 'express';
import { MethodNotAllowedError, NotImplementedError, RouteNotFoundError } from '../errors.js';
import type { AccessGuard } from '../contract/access-control.js';
import type { DataPlane } from '../dataplane/data-plane.js';
import type { ModelRequest } from '../contract/tensor.js';
import { raceAbort } from '../abort.js';
import { defineRoute } from './define-route.js';
import { ANY_MODEL, requireAccess } from './middleware/require-access.js';
import { parseJsonBody } from './parse-json.js';
import { contextOf, recordInference } from './request-state.js';
import { sendJson } from './send-json.js';
import { setServerTiming } from './server-timing.js';
import { takeRequestBody } from './take-request-body.js';
import { decodeV1Request, encodeV1Predictions } from './v1-codec.js';

export interface V1RouterOptions {
  readonly dataPlane: DataPlane;
  readonly accessGuard?: AccessGuard | undefined;
  readonly maxBodyBytes: number;
  /** Deepest JSON nesting accepted; unlimited when absent. */
  readonly maxJsonDepth?: number;
}

interface Target {
  readonly name: string;
  readonly verb: string | undefined;
}

const KNOWN_VERBS = new Set(['predict', 'explain']);

function targetOf(request: Request): Target {
  const target = String(request.params.target);
  const separator = target.lastIndexOf(':');
  return separator < 0 ? { name: target, verb: undefined } : { name: target.slice(0, separator), verb: target.slice(separator + 1) };
}

function labelOf(request: Request): string {
  const { verb } = targetOf(request);
  if (verb === undefined) return '/v1/models/:name';
  return `/v1/models/:name:${KNOWN_VERBS.has(verb) ? verb : 'unknown'}`;
}

function assertKnownVerb(verb: string, request: Request): void {
  if (!KNOWN_VERBS.has(verb)) throw new RouteNotFoundError(`No route for ${request.method} ${request.path.slice(0, 200)}`);
}

/** The KServe v1 routes; `maxBodyBytes` bounds the predict body (413 beyond). */
export function createV1Router({ dataPlane, accessGuard, maxBodyBytes, maxJsonDepth }: V1RouterOptions): Router {
  const router = Router();
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes });
  const modelNameOf = (request: Request) => targetOf(request).name;

  defineRoute(router, {
    path: '/v1/models',
    get: [
      requireAccess({ accessGuard, action: 'metadata', modelNameOf: () => ANY_MODEL }),
      (_request, response) => sendJson(response, 200, { models: dataPlane.listModels() }),
    ],
  });

  function modelStatus(request: Request, response: Response): void {
    const { name, verb } = targetOf(request);
    if (verb !== undefined) {
      assertKnownVerb(verb, request);
      throw new MethodNotAllowedError(`Use POST for :${verb}`, ['POST']);
    }
    // Model metadata first: an unknown model is a 404, not `ready: false`.
    dataPlane.modelMetadata(name);
    sendJson(response, 200, { name, ready: dataPlane.isModelReady(name) });
  }

  // A function of its own, so the raw body and its parsed JSON are garbage once decoded rather
  // than held in predict's frame while the model runs.
  function decodeBody(request: Request, name: string): ModelRequest {
    const body = parseJsonBody(takeRequestBody(request) ?? new Uint8Array(0), { maxDepth: maxJsonDepth });
    return decodeV1Request(body, dataPlane.modelMetadata(name));
  }

  async function predict(request: Request, response: Response): Promise<void> {
    const { name, verb } = targetOf(request);
    if (verb === undefined) throw new MethodNotAllowedError('Use GET for model status, or POST to :predict', ['GET', 'HEAD']);
    assertKnownVerb(verb, request);
    if (verb === 'explain') throw new NotImplementedError('Explanations (:explain) are not implemented by this server');
    const modelRequest = decodeBody(request, name);
    const context = contextOf(response);
    const modelResponse = await raceAbort(dataPlane.infer(name, undefined, modelRequest, context), context.signal);
    recordInference(response, modelResponse);
    setServerTiming(response);
    sendJson(response, 200, { predictions: encodeV1Predictions(modelResponse, modelRequest.inputs[0]!.shape[0]!) });
  }

  defineRoute(router, {
    path: '/v1/models/:target',
    labelOf,
    modelNameOf,
    get: [requireAccess({ accessGuard, action: 'metadata', modelNameOf }), modelStatus],
    post: [requireAccess({ accessGuard, action: 'infer', modelNameOf }), readBody, predict],
  });
  return router;
}
