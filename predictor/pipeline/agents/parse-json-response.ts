/**
 * @module pipeline/agents/parse-json-response
 * Model text → JSON value. Schema-constrained calls return bare JSON; text-mode calls
 * (Search grounding on models without grounded JSON) often wrap it in ```json fences or
 * a sentence of prose, which is repaired here rather than failing the agent.
 */
import { LlmInvalidResponseError } from '../../errors.js';

const FENCED_BLOCK = /```(?:json|JSON)?[ \t]*\n?([\s\S]*?)```/;

function tryParse(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Parses the model's JSON, accepting a fenced block or an object embedded in prose. */
export function parseJsonResponse(text: string, agent: string): unknown {
  const trimmed = text.trim();
  const fenced = FENCED_BLOCK.exec(trimmed)?.[1]?.trim();
  const first = trimmed.indexOf('{');
  const last = trimmed.lastIndexOf('}');
  const candidates = [trimmed, fenced, first >= 0 && last > first ? trimmed.slice(first, last + 1) : undefined];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const parsed = tryParse(candidate);
    if (parsed) return parsed.value;
  }
  throw new LlmInvalidResponseError(`${agent}: model response is not valid JSON`);
}
