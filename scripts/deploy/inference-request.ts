/**
 * @module scripts/deploy/inference-request
 * The Open Inference Protocol v2 body the invoke CLI sends (episodes as one BYTES tensor
 * named `episode`, each element an episode's JSON) and the text it prints from the reply.
 */

export interface InferenceRequestBody {
  readonly id: string;
  readonly inputs: readonly [
    { readonly name: 'episode'; readonly shape: readonly [number]; readonly datatype: 'BYTES'; readonly data: readonly string[] },
  ];
}

/** One request carrying every episode (the predictor analyses a batch in one call). */
export function buildInferenceRequest(episodes: readonly unknown[], requestId: string): InferenceRequestBody {
  if (episodes.length === 0) throw new RangeError('no episode to send');
  return {
    id: requestId,
    inputs: [{ name: 'episode', shape: [episodes.length], datatype: 'BYTES', data: episodes.map((episode) => JSON.stringify(episode)) }],
  };
}

/** The episodes in a file's JSON: one episode object, or an array of them. */
export function episodesOf(json: unknown): unknown[] {
  return Array.isArray(json) ? json : [json];
}

interface OutputTensor {
  readonly name?: string;
  readonly datatype?: string;
  readonly shape?: readonly number[];
  readonly data?: readonly unknown[];
}

function formatElement(element: unknown): string {
  if (typeof element !== 'string') return JSON.stringify(element, null, 2);
  // BYTES elements are JSON documents or text (the Markdown report): pretty-print JSON only.
  try {
    const parsed: unknown = JSON.parse(element);
    if (typeof parsed === 'object' && parsed !== null) return JSON.stringify(parsed, null, 2);
  } catch {
    // not JSON: print the text as it is
  }
  return element;
}

/** Human-readable text of an inference response: each output tensor, element by element. */
export function formatInferenceResponse(body: unknown): string {
  const outputs = (body as { outputs?: readonly OutputTensor[] } | null)?.outputs;
  if (!Array.isArray(outputs)) return `${JSON.stringify(body, null, 2)}\n`;
  const sections = outputs.map((output: OutputTensor) => {
    const heading = `== ${output.name ?? '(unnamed)'} (${output.datatype ?? '?'} [${(output.shape ?? []).join(', ')}])`;
    const elements = (output.data ?? []).map((element, index) => `-- [${index}]\n${formatElement(element)}`);
    return [heading, ...elements].join('\n');
  });
  return `${sections.join('\n\n')}\n`;
}
