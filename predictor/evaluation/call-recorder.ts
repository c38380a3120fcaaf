/**
 * @module evaluation/call-recorder
 * Records the LLM calls a piece of work makes — request labels, transcript block and the
 * full result including Google Search grounding — without touching the pipeline: the
 * provider the pipeline calls is wrapped, and an AsyncLocalStorage scope says which work a
 * call belongs to. Calls outside a `record` scope pass straight through, so an unsampled
 * request pays one `getStore()` per call and keeps nothing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { GenerateResult, LanguageModel, LanguageModelProvider } from '../llm/language-model.js';

export interface RecordedCall {
  /** `labels.agent` of the request (`unknown` when absent). */
  readonly agent: string;
  readonly promptVersion?: string;
  /** The model id the pipeline asked for (a bounded label), not the served version. */
  readonly modelId: string;
  /** `contents[0]`: the transcript block, which ties a call to its episode. */
  readonly transcriptBlock?: string;
  readonly result: GenerateResult;
}

export interface CallRecorder {
  /** A provider whose models record into the current `record` scope. */
  wrapProvider(provider: LanguageModelProvider): LanguageModelProvider;
  /** Runs `work` and returns its value with the LLM calls it made; rethrows what `work` throws. */
  record<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly calls: readonly RecordedCall[] }>;
}

/** Bound on calls kept per scope: a runaway batch cannot grow a scope without limit. */
const MAX_CALLS_PER_SCOPE = 1024;

/** @example const recorder = createCallRecorder(); createPipelineModel({ models: recorder.wrapProvider(provider), ... }); */
export function createCallRecorder(): CallRecorder {
  const scope = new AsyncLocalStorage<RecordedCall[]>();

  function wrapModel(model: LanguageModel, requestedId: string): LanguageModel {
    return {
      modelId: model.modelId,
      supportsGroundedJson: model.supportsGroundedJson,
      async generate(request, options) {
        const calls = scope.getStore();
        const result = await model.generate(request, options);
        if (calls !== undefined && calls.length < MAX_CALLS_PER_SCOPE) {
          calls.push({
            agent: request.labels?.agent ?? 'unknown',
            ...(request.labels?.prompt_version ? { promptVersion: request.labels.prompt_version } : {}),
            modelId: requestedId,
            ...(request.contents[0] === undefined ? {} : { transcriptBlock: request.contents[0] }),
            result,
          });
        }
        return result;
      },
    };
  }

  return {
    wrapProvider(provider) {
      const models = new Map<string, LanguageModel>();
      return {
        languageModel(modelId) {
          let model = models.get(modelId);
          if (model === undefined) {
            model = wrapModel(provider.languageModel(modelId), modelId);
            models.set(modelId, model);
          }
          return model;
        },
      };
    },
    async record(work) {
      const calls: RecordedCall[] = [];
      const value = await scope.run(calls, work);
      return { value, calls };
    },
  };
}
