/**
 * @module protocol/metrics-router
 * `GET /metrics` in the Prometheus text format, rendered by an injected function (the
 * registry lives in observability/). Open by default, as scrapers expect; behind the access
 * guard (action `admin`) when `protectMetrics` is set.
 */
import { Router } from 'express';
import type { AccessGuard } from '../contract/access-control.js';
import { defineRoute } from './define-route.js';
import { ANY_MODEL, requireAccess } from './middleware/require-access.js';

/** Renders the metrics text and its content type (observability/metrics-registry `render`). */
export type RenderMetrics = () => Promise<{ readonly contentType: string; readonly body: string }>;

export interface MetricsRouterOptions {
  readonly renderMetrics: RenderMetrics;
  readonly accessGuard?: AccessGuard | undefined;
  readonly protectMetrics?: boolean;
}

/** `GET /metrics`, guarded by action `admin` on model `*` when `protectMetrics` is set. */
export function createMetricsRouter({ renderMetrics, accessGuard, protectMetrics = false }: MetricsRouterOptions): Router {
  const router = Router();
  const guard = protectMetrics ? [requireAccess({ accessGuard, action: 'admin', modelNameOf: () => ANY_MODEL })] : [];
  defineRoute(router, {
    path: '/metrics',
    get: [
      ...guard,
      async (_request, response) => {
        const { contentType, body } = await renderMetrics();
        response.status(200).set('Content-Type', contentType).send(body);
      },
    ],
  });
  return router;
}
