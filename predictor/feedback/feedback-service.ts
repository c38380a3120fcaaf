/**
 * @module feedback/feedback-service
 * Human-in-the-loop feedback: validates a rating of an earlier response, ties it to the
 * prompt version that produced that response (the server's own record first, then the
 * version the client quotes), counts it in `feedback_total`, and hands it to the sink as a
 * CloudEvent in the background. Transport-neutral: the feedback router calls `submit`.
 */
import { ModelNotFoundError } from '../errors.js';
import type { Principal } from '../dataplane/request-context.js';
import type { EvaluationMetrics } from '../observability/evaluation-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { BackgroundDelivery } from './background-delivery.js';
import type { CloudEvent } from './cloud-event.js';
import { validateFeedbackRequest } from './feedback-request.js';
import type { RecentRequests } from './recent-requests.js';

export const FEEDBACK_EVENT_TYPE = 'org.kubeflow.serving.inference.feedback';

/** Where the prompt version of a feedback came from. */
export type PromptVersionSource = 'server' | 'client' | 'unknown';

export interface FeedbackReceipt {
  readonly id: string;
  readonly request_id: string;
  readonly prompt_version: string;
  readonly prompt_version_source: PromptVersionSource;
}

export interface SubmitFeedback {
  readonly modelName: string;
  readonly body: unknown;
  readonly principal: Principal;
}

export interface FeedbackService {
  /** Validates and records the feedback; throws InvalidInputError or ModelNotFoundError. */
  submit(input: SubmitFeedback): FeedbackReceipt;
  /** Waits for feedback still being delivered. */
  flush(): Promise<void>;
}

export interface FeedbackServiceOptions {
  readonly isKnownModel: (name: string) => boolean;
  readonly recentRequests: RecentRequests;
  /** Absent (FEEDBACK_SINK=off): feedback is counted and logged only. */
  readonly delivery?: BackgroundDelivery;
  readonly metrics: EvaluationMetrics;
  readonly logger: Logger;
  /** Applied to the free-text comment before it leaves the process (PII, secrets). */
  readonly redact?: (text: string) => string;
  readonly generateId: () => string;
  /** Epoch ms clock. */
  readonly now: () => number;
}

/** @example const feedback = createFeedbackService({ isKnownModel: (name) => dataPlane.listModels().includes(name), recentRequests, delivery, metrics, logger, generateId: randomUUID, now: Date.now }); */
export function createFeedbackService(options: FeedbackServiceOptions): FeedbackService {
  const { recentRequests, delivery, metrics, logger, redact = (text) => text } = options;
  return {
    submit({ modelName, body, principal }) {
      if (!options.isKnownModel(modelName)) throw new ModelNotFoundError(modelName);
      const feedback = validateFeedbackRequest(body);
      const recorded = recentRequests.promptVersionOf(feedback.request_id);
      const promptVersion = recorded ?? feedback.prompt_version ?? 'unknown';
      const source: PromptVersionSource = recorded !== undefined ? 'server' : feedback.prompt_version !== undefined ? 'client' : 'unknown';
      const receipt: FeedbackReceipt = { id: options.generateId(), request_id: feedback.request_id, prompt_version: promptVersion, prompt_version_source: source };
      metrics.countFeedback({ model: modelName, promptVersion, rating: feedback.rating });
      logger.info('feedback received', {
        feedback_id: receipt.id,
        feedback_request_id: feedback.request_id,
        model: modelName,
        prompt_version: promptVersion,
        prompt_version_source: source,
        rating: feedback.rating,
        label_count: feedback.labels?.length ?? 0,
        has_corrections: feedback.corrections !== undefined,
      });
      const event: CloudEvent = {
        id: receipt.id,
        source: `/v2/models/${modelName}/feedback`,
        type: FEEDBACK_EVENT_TYPE,
        time: new Date(options.now()).toISOString(),
        extensions: { inferenceservicename: modelName, component: 'predictor', requestid: feedback.request_id },
        data: {
          ...feedback,
          ...(feedback.comment === undefined ? {} : { comment: redact(feedback.comment) }),
          model_name: modelName,
          prompt_version: promptVersion,
          prompt_version_source: source,
          principal: principal.id,
        },
      };
      delivery?.deliver(event);
      return receipt;
    },
    flush: async () => delivery?.flush(),
  };
}
