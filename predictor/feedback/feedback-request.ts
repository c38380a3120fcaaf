/**
 * @module feedback/feedback-request
 * The body of `POST /v2/models/{name}/feedback`, its JSON schema and its validator.
 * Ratings are integers 1-5 (a thumbs-up/down client sends 5 or 1); labels are short slugs
 * (`wrong-timestamp`, `missed-claim`); corrections carry the output as the reviewer would
 * have written it, per agent, for a later tuning or fine-tuning set.
 */
import type { ErrorObject } from 'ajv';
import { createAjv } from '../create-ajv.js';
import { InvalidInputError } from '../errors.js';
import { AGENT_NAMES, type AgentName } from '../pipeline/agent.js';

export interface FeedbackRequest {
  readonly request_id: string;
  readonly rating: number;
  readonly labels?: readonly string[];
  readonly comment?: string;
  readonly corrections?: Readonly<Partial<Record<'summary' | 'insights' | 'fact_checks', unknown>>>;
  /** The version the client saw in the response parameters; the server's own record wins. */
  readonly prompt_version?: string;
  /** The agent whose output the feedback is about; absent: the whole analysis. */
  readonly agent?: AgentName;
  /** Which episode of a batch request. */
  readonly episode_index?: number;
}

export const FEEDBACK_REQUEST_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['request_id', 'rating'],
  properties: {
    request_id: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    labels: { type: 'array', maxItems: 16, uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' } },
    comment: { type: 'string', maxLength: 4000 },
    corrections: {
      type: 'object',
      additionalProperties: false,
      properties: { summary: {}, insights: {}, fact_checks: {} },
    },
    prompt_version: { type: 'string', pattern: '^[a-z0-9.-]{1,32}$' },
    agent: { type: 'string', enum: [...AGENT_NAMES] },
    episode_index: { type: 'integer', minimum: 0, maximum: 1023 },
  },
} as const;

const validate = createAjv({ allErrors: false, strict: true }).compile<FeedbackRequest>(FEEDBACK_REQUEST_SCHEMA);

function describe(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.') || 'body';
  if (error.keyword === 'required') return `feedback: ${String(error.params.missingProperty)} is required`;
  if (error.keyword === 'additionalProperties')
    return `feedback: ${field === 'body' ? '' : `${field}.`}${String(error.params.additionalProperty)} is not a known field`;
  return `feedback: ${field} ${error.message ?? 'is invalid'}`;
}

/** Returns the body typed, or throws InvalidInputError naming the first problem. */
export function validateFeedbackRequest(body: unknown): FeedbackRequest {
  if (!validate(body)) {
    const [first] = validate.errors ?? [];
    throw new InvalidInputError(first ? describe(first) : 'feedback: body is invalid');
  }
  return body;
}
