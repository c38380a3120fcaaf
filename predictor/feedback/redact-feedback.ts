/**
 * @module feedback/redact-feedback
 * Applies a redactor to every free-text part of a feedback body before it leaves the
 * process: the comment, each label, and every string (values and keys, at any depth) in
 * the corrections. Identifiers the schema restricts to ids (`request_id`,
 * `prompt_version`, `agent`) are kept as sent: they join feedback to its response.
 */
import type { FeedbackRequest } from './feedback-request.js';

function redactJson(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactJson(item, redact)]));
  }
  return value;
}

/** A copy of `feedback` with its free text redacted. @example redactFeedback(feedback, createPayloadRedactor({ piiKinds, secrets })) */
export function redactFeedback(feedback: FeedbackRequest, redact: (text: string) => string): FeedbackRequest {
  return {
    ...feedback,
    ...(feedback.comment === undefined ? {} : { comment: redact(feedback.comment) }),
    ...(feedback.labels === undefined ? {} : { labels: feedback.labels.map(redact) }),
    ...(feedback.corrections === undefined
      ? {}
      : { corrections: redactJson(feedback.corrections, redact) as NonNullable<FeedbackRequest['corrections']> }),
  };
}
