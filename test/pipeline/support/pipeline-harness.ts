/**
 * @module test/pipeline/support/pipeline-harness
 * Builds a loaded pipeline model over a scripted fake model, with the request helpers the
 * pipeline-level tests share (chunking, caching, and the cost benchmark's baseline).
 */
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../../predictor/contract/request-context.js';
import type { ModelRequest, ModelResponse } from '../../../predictor/contract/tensor.js';
import { createModelRouter } from '../../../predictor/llm/model-router.js';
import type { PipelineEvent } from '../../../predictor/observability/pipeline-events.js';
import { createPipelineModel, type PipelineModelOptions } from '../../../predictor/pipeline/pipeline-model.js';
import type { FakeLanguageModel } from '../../fakes/fake-language-model.js';
import { providerOf } from './scripted-model.js';

/** Pipeline options over `model`; tiers are the ids `lite`, `flash`, `pro`, the fact-checker on `flash`. */
export function pipelineOptions(model: FakeLanguageModel, events: PipelineEvent[] = []): PipelineModelOptions {
  return {
    name: 'podcast-pipeline',
    version: '1',
    router: createModelRouter({ tiers: { 'flash-lite': 'lite', flash: 'flash', pro: 'pro' }, agentTiers: { 'fact-checker': 'flash' } }),
    models: providerOf(model),
    promptVersion: 'v1',
    generation: { temperature: 0.2, maxOutputTokens: 1000 },
    maxEpisodesPerRequest: 4,
    episodeConcurrency: 2,
    failOnPartial: false,
    llmBackend: 'emulator',
    onEvent: (event) => events.push(event),
    now: () => 0,
  };
}

/** A loaded pipeline over `model` (see pipelineOptions), with the events it emitted. */
export async function createHarness(model: FakeLanguageModel, overrides: Partial<PipelineModelOptions> = {}) {
  const events: PipelineEvent[] = [];
  const models = providerOf(model);
  const pipeline = createPipelineModel({ ...pipelineOptions(model, events), models, ...overrides });
  await pipeline.load();
  return { pipeline, events, models };
}

/** A request for the given episode elements. */
export function requestOf(elements: readonly (Uint8Array | string)[], parameters?: ModelRequest['parameters']): ModelRequest {
  return {
    inputs: [{ name: 'episode', datatype: 'BYTES', shape: [elements.length], data: elements }],
    ...(parameters ? { parameters } : {}),
  };
}

/** A request context that never aborts. */
export function context(signal = new AbortController().signal): RequestContext {
  return { requestId: 'request-1', signal, deadlineAtMs: Number.MAX_SAFE_INTEGER, principal: ANONYMOUS_PRINCIPAL };
}

/** The parsed JSON of output `name`, element `index`. */
export function outputJson(response: ModelResponse, name: string, index = 0): unknown {
  const data = response.outputs.find((output) => output.name === name)?.data as readonly string[] | undefined;
  return JSON.parse(data?.[index] ?? 'null');
}
