/**
 * @module jobs/combine-batch-states
 * One job may span several upstream batches (Gemini batches are per model, and agents may
 * be routed to different models), so the job's status is combined from theirs.
 */
import type { AgentErrorObject } from '../pipeline/orchestrator.js';
import { TERMINAL_BATCH_STATES, type BatchState } from '../llm/batch-client.js';

/** The job's status: running while any batch runs; once all ended, cancelled beats succeeded beats failed beats expired. */
export function combineBatchStates(states: readonly BatchState[]): BatchState {
  if (states.some((state) => !TERMINAL_BATCH_STATES.has(state))) {
    return states.every((state) => state === 'pending') ? 'pending' : 'running';
  }
  // A cancel request reaches every batch: a cancelled one means the client asked to stop.
  for (const state of ['cancelled', 'succeeded', 'failed'] as const) if (states.includes(state)) return state;
  return 'expired';
}

const ENDINGS: Readonly<Record<'failed' | 'expired' | 'cancelled', string>> = {
  failed: 'The Batch API reported the job as failed',
  expired: 'The job did not finish within the Batch API time limit and expired',
  cancelled: 'The job was cancelled',
};

/** Why a job that ended without results ended. */
export function endingMessage(state: 'failed' | 'expired' | 'cancelled'): string {
  return ENDINGS[state];
}

/**
 * The error an agent shows when its result is missing because its batch did not succeed
 * (the other batches of the job did), or undefined when every batch succeeded.
 */
export function missingResultError(states: readonly BatchState[]): AgentErrorObject | undefined {
  const endings = [...new Set(states.filter((state) => state !== 'succeeded'))];
  if (endings.length === 0) return undefined;
  return { code: 'llm_unavailable', message: `No result: the upstream batch holding this request ended as ${endings.join(' or ')}` };
}
