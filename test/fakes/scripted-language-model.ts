/**
 * @module test/fakes/scripted-language-model
 * A LanguageModel that plays a script: each call takes the next step (a result, an error
 * to throw, or a function for custom behaviour such as hanging until aborted) and records
 * the request and options it was called with.
 */
import type { GenerateOptions, GenerateRequest, GenerateResult, LanguageModel } from '../../predictor/llm/language-model.js';
import { CancelledError } from '../../predictor/errors.js';

export type ScriptStep =
  | GenerateResult
  | Error
  | ((request: GenerateRequest, options: GenerateOptions) => Promise<GenerateResult>);

export interface RecordedCall {
  readonly request: GenerateRequest;
  readonly options: GenerateOptions;
}

export interface ScriptedLanguageModel extends LanguageModel {
  readonly calls: RecordedCall[];
}

export interface ScriptedLanguageModelOptions {
  readonly modelId?: string;
  readonly supportsGroundedJson?: boolean;
  readonly script: readonly ScriptStep[];
  /** Step used once the script is exhausted (default: throw, so unexpected calls fail the test). */
  readonly repeatLast?: boolean;
}

/** A successful result with sensible defaults. */
export function okResult(overrides: Partial<GenerateResult> = {}): GenerateResult {
  return {
    text: 'ok',
    finishReason: 'stop',
    usage: { inputTokens: 100, outputTokens: 10 },
    modelVersion: 'gemini-3.8-flash',
    ...overrides,
  };
}

/** A step that never settles until the call's signal aborts, then rejects like the adapter does. */
export function hangUntilAborted(): ScriptStep {
  return (_request, options) =>
    new Promise<GenerateResult>((_resolve, reject) => {
      const signal = options.signal;
      const onAbort = () => reject(new CancelledError('aborted', { cause: signal?.reason }));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
}

/** A step whose settlement the test controls. */
export function deferredStep(): { step: ScriptStep; resolve: (result: GenerateResult) => void; reject: (error: Error) => void } {
  let resolve: (result: GenerateResult) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<GenerateResult>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { step: () => promise, resolve, reject };
}

export function createScriptedLanguageModel({
  modelId = 'gemini-3.8-flash',
  supportsGroundedJson = true,
  script,
  repeatLast = false,
}: ScriptedLanguageModelOptions): ScriptedLanguageModel {
  const calls: RecordedCall[] = [];
  return {
    modelId,
    supportsGroundedJson,
    calls,
    async generate(request, options = {}) {
      calls.push({ request, options });
      const index = repeatLast ? Math.min(calls.length - 1, script.length - 1) : calls.length - 1;
      const step = script[index];
      if (step === undefined) throw new Error(`script of ${modelId} exhausted at call ${calls.length}`);
      if (step instanceof Error) throw step;
      if (typeof step === 'function') return step(request, options);
      return step;
    },
  };
}
