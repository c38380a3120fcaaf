/**
 * @module protocol/jobs-router
 * Asynchronous jobs beside the OIP routes (an extension, documented in docs/jobs-api.md):
 *   POST   /v2/models/{name}/jobs       submit → 202 + Location
 *   GET    /v2/models/{name}/jobs/{id}  status, and the `/infer`-shaped result once succeeded
 *   DELETE /v2/models/{name}/jobs/{id}  cancel (202 while stopping, 200 once ended);
 *                                       `?purge=true` deletes the upstream batches (204)
 * Every route is authorised with action `jobs` through the same `requireAccess` as `/infer`.
 */
import express, { Router, type Request, type Response } from 'express';
import type { AccessGuard } from '../contract/access-control.js';
import { hasJobEnded, type JobService } from '../jobs/job-service.js';
import { defineRoute } from './define-route.js';
import { encodeJobView, jobPath } from './jobs-response.js';
import { decodeJobRequest } from './jobs-request.js';
import { requireAccess } from './middleware/require-access.js';
import { INFERENCE_HEADER_CONTENT_LENGTH, readInferenceBody } from './read-inference-body.js';
import { contextOf } from './request-state.js';
import { sendJson } from './send-json.js';
import { createInferenceRequestValidator } from './validate-inference-request.js';

export interface JobsRouterOptions {
  readonly jobService: JobService;
  readonly accessGuard?: AccessGuard;
  /** Largest submission body; larger ones get 413. Jobs take more episodes than `/infer`. */
  readonly maxBodyBytes: number;
  /** Deepest JSON nesting accepted (config MAX_JSON_DEPTH); deeper bodies get 400, not a stack overflow. */
  readonly maxJsonDepth?: number;
}

const JOBS_PATH = '/v2/models/:name/jobs';
const JOB_PATH = `${JOBS_PATH}/:id`;

function parametersOf(request: Request): { name: string; id: string } {
  const { name, id } = request.params as { name: string; id?: string };
  return { name, id: id ?? '' };
}

/** Creates the router; mount it through `createApp({ extraRouters: [...] })`. */
export function createJobsRouter({ jobService, accessGuard, maxBodyBytes, maxJsonDepth = 32 }: JobsRouterOptions): Router {
  const router = Router();
  const validate = createInferenceRequestValidator();
  const readBody = express.raw({ type: () => true, limit: maxBodyBytes });
  const jobsAccess = requireAccess({ accessGuard, action: 'jobs' });

  async function submit(request: Request, response: Response): Promise<void> {
    const { name } = parametersOf(request);
    const body = readInferenceBody(request.body as Buffer | undefined, request.get(INFERENCE_HEADER_CONTENT_LENGTH), maxJsonDepth);
    const view = await jobService.submit(name, decodeJobRequest(body, validate), contextOf(response));
    response.setHeader('Location', jobPath(view.modelName, view.id));
    sendJson(response, 202, encodeJobView(view));
  }

  async function status(request: Request, response: Response): Promise<void> {
    const { name, id } = parametersOf(request);
    sendJson(response, 200, encodeJobView(await jobService.status(name, id, contextOf(response))));
  }

  async function cancel(request: Request, response: Response): Promise<void> {
    const { name, id } = parametersOf(request);
    if (request.query.purge === 'true') {
      await jobService.purge(name, id, contextOf(response));
      response.status(204).end();
      return;
    }
    const view = await jobService.cancel(name, id, contextOf(response));
    sendJson(response, hasJobEnded(view) ? 200 : 202, encodeJobView(view));
  }

  defineRoute(router, { path: JOBS_PATH, post: [jobsAccess, readBody, submit] });
  defineRoute(router, { path: JOB_PATH, get: [jobsAccess, status], delete: [jobsAccess, cancel] });
  return router;
}
