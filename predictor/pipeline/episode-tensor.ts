/**
 * @module pipeline/episode-tensor
 * Reads the pipeline's request: the `episode` BYTES input (shape [N], [N,1] or [1]) and the
 * `prompt_version` and `pipeline_mode` parameters. Everything here fails with InvalidInputError before any LLM spend.
 */
import { InvalidInputError } from '../errors.js';
import { elementCount, type ModelRequest, type Parameters, type TensorElement } from '../contract/tensor.js';
import { assertPromptVersion } from './prompts/prompt-registry.js';

export const EPISODE_INPUT = 'episode';

const EXPECTED = `expected exactly one input '${EPISODE_INPUT}' (BYTES, shape [N] or [N,1]: one JSON episode per element)`;

/** The episode elements of `request`, in order. */
export function readEpisodeElements(request: ModelRequest, maxEpisodesPerRequest: number): readonly TensorElement[] {
  const [input, ...others] = request.inputs;
  if (!input || others.length > 0 || input.name !== EPISODE_INPUT) {
    const names = request.inputs.map((tensor) => `'${tensor.name.slice(0, 64)}'`).join(', ') || 'none';
    throw new InvalidInputError(`Unexpected inputs (${names}); ${EXPECTED}`);
  }
  if (input.datatype !== 'BYTES') throw new InvalidInputError(`Input '${EPISODE_INPUT}' has datatype ${input.datatype}; ${EXPECTED}`);
  const isBatchShape = input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1);
  if (!isBatchShape) throw new InvalidInputError(`Input '${EPISODE_INPUT}' has shape [${input.shape.join(',')}]; ${EXPECTED}`);
  const count = elementCount(input.shape);
  if (count !== input.data.length) {
    throw new InvalidInputError(`Input '${EPISODE_INPUT}' has shape [${input.shape.join(',')}] but ${input.data.length} elements`);
  }
  if (count === 0) throw new InvalidInputError(`Input '${EPISODE_INPUT}' holds no episode`);
  if (count > maxEpisodesPerRequest) {
    throw new InvalidInputError(`Input '${EPISODE_INPUT}' holds ${count} episodes; at most ${maxEpisodesPerRequest} per request`);
  }
  for (const [index, element] of input.data.entries()) {
    if (!(element instanceof Uint8Array) && typeof element !== 'string') {
      throw new InvalidInputError(`episode[${index}]: must be bytes (a JSON document)`);
    }
  }
  return input.data;
}

/** The prompt version the request asks for (parameter `prompt_version`), or the default. */
export function readPromptVersion(parameters: Parameters | undefined, defaultVersion: string): string {
  const requested = parameters?.prompt_version;
  if (requested !== undefined && typeof requested !== 'string') {
    throw new InvalidInputError('Parameter prompt_version must be a string');
  }
  const version = requested ?? defaultVersion;
  assertPromptVersion(version);
  return version;
}

/** Request parameter `cache`: `false` skips the LLM response cache for this request (fresh answers are still stored). */
export function readCacheMode(parameters: Parameters | undefined): 'default' | 'bypass' {
  const requested = parameters?.cache;
  if (requested === undefined) return 'default';
  if (typeof requested !== 'boolean') throw new InvalidInputError('Parameter cache must be a boolean');
  return requested ? 'default' : 'bypass';
}

/**
 * The one pipeline this server runs. Its name is the `pipeline_mode` response parameter, and
 * the request parameter of that name is accepted with this value only (the benchmark's
 * sequential baseline is not served: `scripts/bench/naive/`).
 */
export type PipelineMode = 'parallel';

/** Request parameter `pipeline_mode`: absent or `parallel`; anything else is refused. */
export function readPipelineMode(parameters: Parameters | undefined): PipelineMode {
  const requested = parameters?.pipeline_mode;
  if (requested !== undefined && requested !== 'parallel') {
    throw new InvalidInputError('Parameter pipeline_mode must be "parallel", the only pipeline this server runs');
  }
  return 'parallel';
}
