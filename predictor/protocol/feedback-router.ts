/**
 * @module protocol/feedback-router
 * `POST /v2/models/{name}/feedback`: a human rating of an earlier response, authorised
 * with the `feedback` action through the same access hook as every route. The handler
 * reads and parses the JSON body, calls the feedback service and answers 202 with a
 * receipt once the sink has stored the record (JSONL: appended and synced; HTTP: the
 * receiver answered 2xx). A sink that is full, failing or too slow gets 503 with
 * Retry-After, mapped like every error: the client retries, nothing is dropped silently.
 */
import express, { Router } from 'express';
import type { AccessGuard } from '../contract/access-control.js';
import type { FeedbackService } from '../feedback/feedback-service.js';
import { defineRoute } from './define-route.js';
import { requireAccess } from './middleware/require-access.js';
import { parseJsonBody } from './parse-json.js';
import { contextOf } from './request-state.js';
import { sendJson } from './send-json.js';

export interface FeedbackRouterOptions {
  readonly feedbackService: FeedbackService;
  readonly accessGuard?: AccessGuard;
  /** Largest feedback body; larger ones get 413. */
  readonly maxBodyBytes?: number;
  readonly maxJsonDepth?: number;
}

export const FEEDBACK_PATH = '/v2/models/:name/feedback';

/** @example createApp({ ..., extraRouters: [createFeedbackRouter({ feedbackService, accessGuard })] }) */
export function createFeedbackRouter({
  feedbackService,
  accessGuard,
  maxBodyBytes = 64 * 1024,
  maxJsonDepth = 32,
}: FeedbackRouterOptions): Router {
  const router = Router();
  defineRoute(router, {
    path: FEEDBACK_PATH,
    post: [
      requireAccess({ accessGuard, action: 'feedback' }),
      express.raw({ type: () => true, limit: maxBodyBytes }),
      async function submitFeedback(request, response) {
        const bytes = Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
        const body = parseJsonBody(bytes, { maxDepth: maxJsonDepth, what: 'Feedback body' });
        const { name } = request.params as { name: string };
        const { principal, signal } = contextOf(response);
        const receipt = await feedbackService.submit({ modelName: name, body, principal, signal });
        sendJson(response, 202, receipt);
      },
    ],
  });
  return router;
}
