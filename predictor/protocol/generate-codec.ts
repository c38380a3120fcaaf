/**
 * @module protocol/generate-codec
 * The OIP text-generation extension (generate_rest.yaml) ⇄ the inference request and
 * response the data plane speaks. `text_input` becomes the one element of the model's one
 * input: an episode's JSON as sent, or a plain transcript wrapped as an episode (its title
 * from the `title` parameter). `text_output` is the model's first output (the report). The
 * wire request built here goes through the same validator and decoder as `/infer`.
 */
import type { ModelMetadata } from '../contract/predictor-model.js';
import type { AgentPart } from '../contract/request-context.js';
import type { ModelResponse, Parameters } from '../contract/tensor.js';
import { InvalidInputError } from '../errors.js';
import type { InferenceRequest, WireParameters } from './wire-types.js';

/** Title of a plain transcript sent without a `title` parameter. */
export const PLAIN_TRANSCRIPT_TITLE = 'Untitled transcript';

/** `GenerateRequest`: `text_input` is required, `parameters` an object; other fields are ignored. */
interface GenerateRequest {
  readonly text_input: string;
  readonly parameters?: WireParameters;
}

function asGenerateRequest(body: unknown): GenerateRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidInputError('Request body must be a JSON object');
  const { text_input: textInput, parameters } = body as Record<string, unknown>;
  if (typeof textInput !== 'string') throw new InvalidInputError('text_input is required and must be a string');
  if (parameters !== undefined && (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))) {
    throw new InvalidInputError('parameters must be an object');
  }
  return { text_input: textInput, ...(parameters === undefined ? {} : { parameters: parameters as WireParameters }) };
}

/** The episode element `text_input` stands for: JSON as sent (the pipeline validates it), or a plain transcript wrapped. */
function toEpisodeElement(textInput: string, parameters: WireParameters | undefined): string {
  if (textInput.trimStart().startsWith('{')) return textInput;
  const title = typeof parameters?.title === 'string' ? parameters.title : PLAIN_TRANSCRIPT_TITLE;
  return JSON.stringify({ title, transcript: textInput });
}

/**
 * A generate request body → the `$inference_request` the v2 validator checks. `parameters`
 * other than `title` are the request's parameters, as over `/infer`.
 */
export function toInferenceRequest(body: unknown, metadata: ModelMetadata): InferenceRequest {
  const request = asGenerateRequest(body);
  const [input] = metadata.inputs;
  if (metadata.inputs.length !== 1 || input?.datatype !== 'BYTES') {
    throw new InvalidInputError(`Model ${metadata.name} does not take one text input; use /infer`);
  }
  const { title: _title, ...parameters } = request.parameters ?? {};
  return {
    inputs: [{ name: input.name, datatype: 'BYTES', shape: [1], data: [toEpisodeElement(request.text_input, request.parameters)] }],
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
  };
}

interface GenerateFields {
  readonly model_name: string;
  readonly model_version?: string;
}

function fieldsOf(modelName: string, modelVersion: string | undefined): GenerateFields {
  return { model_name: modelName, ...(modelVersion === undefined ? {} : { model_version: modelVersion }) };
}

/** `text_output` of a response: element 0 of the model's first output. */
function textOf(response: ModelResponse): string {
  const element = response.outputs[0]?.data[0];
  return typeof element === 'string' ? element : element instanceof Uint8Array ? new TextDecoder().decode(element) : '';
}

/** `GenerateResponse` (and the final stream event): the report, with the response's parameters (usage, cost, partial, ...) as an extra field. */
export function encodeGenerateResponse(modelName: string, modelVersion: string | undefined, response: ModelResponse) {
  const parameters: Parameters | undefined = response.parameters;
  return {
    ...fieldsOf(modelName, modelVersion),
    text_output: textOf(response),
    ...(response.id === undefined ? {} : { id: response.id }),
    ...(parameters ? { parameters } : {}),
  };
}

/** One agent's stream event: its report section, with its name and structured output (or error object) as extra fields. */
export function encodeGeneratePart(modelName: string, modelVersion: string | undefined, part: AgentPart) {
  const element = part.outputs[0]?.data[0];
  const output: unknown = part.error === undefined && typeof element === 'string' ? JSON.parse(element) : undefined;
  return {
    ...fieldsOf(modelName, modelVersion),
    text_output: part.text,
    agent: part.agent,
    ...(part.error === undefined ? { output } : { error: part.error }),
  };
}
