/**
 * @module pipeline/estimation/prompt-bytes
 * Bytes of the parts of a prompt that are not the transcript block: the system instruction,
 * an agent's task part (role, timestamp rule, chunk note, answer format) and its response
 * schema, built by the same builders the agents use, around an episode with no segment (so
 * the transcript is never copied). Every variant a call may take is measured and the
 * largest kept: with or without the chunk note, schema enforced or spelled out in the task.
 */
import type { AgentName } from '../agent.js';
import { buildAgentRequest } from '../agents/agent-call.js';
import { agentSpecFor } from '../agents/agent-specs.js';
import type { Episode } from '../episode.js';
import { buildSummaryReducePrompt } from '../prompts/summary-reduce-prompt.js';

const utf8 = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

export interface TaskBytesInput {
  readonly agent: AgentName;
  readonly promptVersion: string;
  /** Whether the transcript has timestamps (it changes the task's timestamp rule). */
  readonly hasTimestamps: boolean;
  /** Most chunks the transcript can be split into (1: never chunked). */
  readonly chunkCount: number;
}

// The sizes depend only on the input's four fields, never on the episode's text: measured once
// per combination instead of building six prompts per agent for every request's estimate.
// Bounded because chunk counts vary; a full table starts over.
const MAX_MEASURED = 1024;
const measuredTaskBytes = new Map<string, number>();
const measuredReduceBytes = new Map<string, number>();

function remembered(table: Map<string, number>, key: string, measure: () => number): number {
  const known = table.get(key);
  if (known !== undefined) return known;
  if (table.size >= MAX_MEASURED) table.clear();
  const bytes = measure();
  table.set(key, bytes);
  return bytes;
}

/** System instruction + task part + response schema of one call of `agent`, at most. */
export function taskPromptBytes(input: TaskBytesInput): number {
  const { agent, promptVersion, hasTimestamps, chunkCount } = input;
  return remembered(measuredTaskBytes, `${agent}\n${promptVersion}\n${hasTimestamps}\n${chunkCount}`, () => measureTaskBytes(input));
}

function measureTaskBytes({ agent, promptVersion, hasTimestamps, chunkCount }: TaskBytesInput): number {
  const episode: Episode = { title: '', guests: [], segments: [], hasTimestamps };
  // The last chunk's note has the most digits.
  const chunks = chunkCount > 1 ? [undefined, { index: chunkCount - 1, count: chunkCount }] : [undefined];
  let largest = 0;
  for (const chunk of chunks) {
    for (const supportsGroundedJson of [true, false]) {
      const request = buildAgentRequest(
        agentSpecFor(agent),
        { episode, promptVersion, ...(chunk ? { chunk } : {}) },
        { model: { supportsGroundedJson }, generation: { temperature: 0, maxOutputTokens: 1 } },
      );
      const [, task] = request.contents;
      const schema = request.responseJsonSchema ? JSON.stringify(request.responseJsonSchema) : undefined;
      largest = Math.max(largest, utf8(request.systemInstruction) + utf8(task) + utf8(schema));
    }
  }
  return largest;
}

/** System instruction, task, delimiters and response schema of the summary reduce call, without title or parts. */
export function reducePromptBytes(promptVersion: string): number {
  return remembered(measuredReduceBytes, promptVersion, () => measureReduceBytes(promptVersion));
}

function measureReduceBytes(promptVersion: string): number {
  const prompt = buildSummaryReducePrompt([], '', promptVersion);
  return (
    utf8(prompt.systemInstruction) +
    prompt.contents.reduce((sum, part) => sum + utf8(part), 0) +
    utf8(JSON.stringify(prompt.responseJsonSchema ?? {}))
  );
}
