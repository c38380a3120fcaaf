/**
 * @module protocol/jobs-request
 * Reads the body of `POST /v2/models/{name}/jobs`: either the OIP `$inference_request` that
 * `/infer` takes (JSON or with the binary tensor extension), or the shorthand
 * `{"episodes": [<episode object or JSON text>, ...], "parameters": {...}}`, which is
 * turned into the same request. Both go through the same schema and tensor codec.
 */
import { InvalidInputError } from '../errors.js';
import type { ModelRequest } from '../contract/tensor.js';
import type { InferenceBody } from './read-inference-body.js';
import { decodeInferenceRequest } from './tensor-codec.js';
import type { InferenceRequestValidator } from './validate-inference-request.js';

const EXPECTED = 'expected an inference request ("inputs") or {"episodes": [...]}';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shorthand as the OIP request it stands for (one BYTES element per episode). */
function fromEpisodes(body: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(body).filter((key) => key !== 'episodes' && key !== 'parameters' && key !== 'id');
  if (unknown.length > 0) throw new InvalidInputError(`Unknown field ${JSON.stringify(unknown[0]!.slice(0, 40))}; ${EXPECTED}`);
  const { episodes } = body;
  if (!Array.isArray(episodes)) throw new InvalidInputError('episodes must be an array of episodes');
  const data = episodes.map((episode, index) => {
    if (typeof episode === 'string') return episode;
    if (isRecord(episode)) return JSON.stringify(episode);
    throw new InvalidInputError(`episodes[${index}] must be an episode object or its JSON text`);
  });
  const { episodes: _episodes, ...rest } = body;
  return { ...rest, inputs: [{ name: 'episode', datatype: 'BYTES', shape: [data.length], data }] };
}

/** Decodes and validates a job submission; throws InvalidInputError naming the problem. */
export function decodeJobRequest(body: InferenceBody, validate: InferenceRequestValidator): ModelRequest {
  const { json, binary } = body;
  if (!isRecord(json)) throw new InvalidInputError(`Request body must be a JSON object; ${EXPECTED}`);
  const wire = 'episodes' in json && !('inputs' in json) ? fromEpisodes(json) : json;
  if (!('inputs' in wire)) throw new InvalidInputError(`Request body has neither "inputs" nor "episodes"; ${EXPECTED}`);
  const decoded = decodeInferenceRequest(validate(wire), binary);
  // Results are read later with GET and are always JSON.
  if (decoded.format.binaryDataOutput || decoded.format.binaryByOutput.size > 0) {
    throw new InvalidInputError('Job results are JSON only; remove binary_data_output / binary_data');
  }
  return decoded.request;
}
