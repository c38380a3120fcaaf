/**
 * @module feedback/feedback-service
 * Human-in-the-loop feedback: validates a rating of an earlier response, ties it to the
 * prompt version that produced that response (the server's own record first, then the
 * version the client quotes), redacts its free text, and resolves with a receipt only once
 * the sink has stored it; `feedback_total` counts stored records. A record the sink cannot
 * take (backlog full, sink failed or too slow) is refused with a retryable 503-class error
 * and counted in `feedback_rejected_total`, never dropped behind a receipt.
 * Transport-neutral: the feedback router calls `submit`.
 */
import { CancelledError, ModelNotFoundError, OverloadedError, PredictorError } from '../errors.js';
import type { Principal } from '../contract/request-context.js';
import type { FeedbackMetrics, FeedbackRejectionReason } from '../observability/evaluation-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { CloudEvent } from '../observability/cloud-events/cloud-event.js';
import { validateFeedbackRequest } from './feedback-request.js';
import type { GroupCommit } from '../observability/cloud-events/group-commit.js';
import type { RecentRequests } from './recent-requests.js';
import { redactFeedback } from './redact-feedback.js';

export const FEEDBACK_EVENT_TYPE = 'org.kubeflow.serving.inference.feedback';

/** Retry-After of a failed or slow sink, in seconds: longer than a full backlog's, to let it recover. */
const SINK_RETRY_AFTER_SECONDS = 5;

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
  /** The request's signal (client gone, deadline, shutdown): stops waiting for the sink. */
  readonly signal?: AbortSignal;
}

export interface FeedbackService {
  /**
   * Validates, stores and counts the feedback, resolving once the sink has it. Rejects with
   * InvalidInputError, ModelNotFoundError, OverloadedError (not stored: retry later) or the
   * signal's abort error.
   */
  submit(input: SubmitFeedback): Promise<FeedbackReceipt>;
}

export interface FeedbackServiceOptions {
  readonly isKnownModel: (name: string) => boolean;
  readonly recentRequests: RecentRequests;
  /** Absent (FEEDBACK_SINK=off): feedback is counted and logged only. */
  readonly store?: Pick<GroupCommit, 'store'>;
  /** How long a submit waits for the sink before it is refused, in ms. */
  readonly writeTimeoutMs?: number;
  readonly metrics: FeedbackMetrics;
  readonly logger: Logger;
  /** Applied to every free-text field before it leaves the process (PII, secrets). */
  readonly redact: (text: string) => string;
  readonly generateId: () => string;
  /** Epoch ms clock. */
  readonly now: () => number;
}

/** Why storing failed, from what rejected and which signal fired. */
function reasonOf(error: unknown, timeout: AbortSignal, caller: AbortSignal | undefined): FeedbackRejectionReason {
  if (error instanceof OverloadedError) return 'overloaded';
  if (timeout.aborted) return 'timeout';
  if (caller?.aborted) return 'cancelled';
  return 'sink_failed';
}

/** The error the caller sees; sink details stay in the cause (and the log), never in the message. */
function toRefusal(reason: FeedbackRejectionReason, error: unknown, writeTimeoutMs: number): PredictorError {
  if (reason === 'overloaded' && error instanceof PredictorError) return error;
  if (reason === 'cancelled')
    return error instanceof PredictorError ? error : new CancelledError('The feedback request was cancelled', { cause: error });
  const message =
    reason === 'timeout'
      ? `Feedback was not confirmed stored within ${writeTimeoutMs} ms; retry later`
      : 'Feedback was not stored: the feedback sink is unavailable; retry later';
  return new OverloadedError(message, { cause: error, retryAfterSeconds: SINK_RETRY_AFTER_SECONDS });
}

/** @example const feedback = createFeedbackService({ isKnownModel: (name) => name === 'podcast-pipeline', recentRequests, store: createGroupCommit({ sink, maxPending: 1024 }), metrics, logger, redact, generateId: randomUUID, now: Date.now }); */
export function createFeedbackService(options: FeedbackServiceOptions): FeedbackService {
  const { recentRequests, store, metrics, logger, redact, writeTimeoutMs = 5000 } = options;

  async function storeEvent(event: CloudEvent, count: () => void, signal: AbortSignal | undefined): Promise<void> {
    if (store === undefined) {
      count();
      return;
    }
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(new Error(`feedback sink did not answer within ${writeTimeoutMs} ms`)), writeTimeoutMs);
    try {
      await store.store(event, { signal: signal ? AbortSignal.any([signal, timer.signal]) : timer.signal, onStored: count });
    } catch (error) {
      const reason = reasonOf(error, timer.signal, signal);
      metrics.countFeedbackRejected(reason);
      logger.warn('feedback not stored', { feedback_id: event.id, reason, error });
      throw toRefusal(reason, error, writeTimeoutMs);
    } finally {
      clearTimeout(timeout);
    }
  }

  return {
    async submit({ modelName, body, principal, signal }) {
      if (!options.isKnownModel(modelName)) throw new ModelNotFoundError(modelName);
      const feedback = validateFeedbackRequest(body);
      const recorded = recentRequests.promptVersionOf(feedback.request_id);
      const promptVersion = recorded ?? feedback.prompt_version ?? 'unknown';
      const source: PromptVersionSource = recorded !== undefined ? 'server' : feedback.prompt_version !== undefined ? 'client' : 'unknown';
      const receipt: FeedbackReceipt = {
        id: options.generateId(),
        request_id: feedback.request_id,
        prompt_version: promptVersion,
        prompt_version_source: source,
      };
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
          ...redactFeedback(feedback, redact),
          model_name: modelName,
          prompt_version: promptVersion,
          prompt_version_source: source,
          principal: principal.id,
        },
      };
      await storeEvent(event, () => metrics.countFeedback({ model: modelName, promptVersion, rating: feedback.rating }), signal);
      return receipt;
    },
  };
}
