/**
 * @module protocol/health-router
 * Probes, always open (no access control): `GET /v2/health/live` (constant while the process
 * serves), `GET /v2/health/ready` (503 while starting or draining, so Kubernetes stops
 * routing), and KServe v1's `GET /` liveness (`{"status": "alive"}`, what the KServe
 * Python SDK's `is_server_live` reads for protocol v1).
 */
import { Router } from 'express';
import { ServerNotReadyError } from '../errors.js';
import type { DataPlane } from '../dataplane/data-plane.js';
import { defineRoute } from './define-route.js';
import { sendJson } from './send-json.js';

export interface HealthRouterOptions {
  readonly dataPlane: DataPlane;
}

/** The open probe routes; readiness follows `dataPlane.isReady()` and draining. */
export function createHealthRouter({ dataPlane }: HealthRouterOptions): Router {
  const router = Router();
  defineRoute(router, {
    path: '/',
    get: [(_request, response) => sendJson(response, 200, { status: 'alive' })],
  });
  defineRoute(router, {
    path: '/v2/health/live',
    get: [(_request, response) => sendJson(response, 200, { live: dataPlane.isLive() })],
  });
  defineRoute(router, {
    path: '/v2/health/ready',
    get: [
      (_request, response) => {
        if (dataPlane.isDraining()) throw new ServerNotReadyError('Server is shutting down');
        // KServe answers 503 with an error body when not ready (v2_endpoints.py `ready`).
        if (!dataPlane.isReady()) throw new ServerNotReadyError('Server is not ready: a model is not loaded yet');
        sendJson(response, 200, { ready: true });
      },
    ],
  });
  return router;
}
