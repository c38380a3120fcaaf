/**
 * @module test/fakes/fake-language-model
 * A LanguageModel that replays scripted results or errors in order (or answers through a
 * function of the request) and records every call, for pipeline and middleware tests.
 */
import { CancelledError } from '../../predictor/errors.js';
import type { GenerateOptions, GenerateRequest, GenerateResult, LanguageModel } from '../../predictor/llm/language-model.js';

/** One scripted answer: a result, an error to throw, or a function computing either. */
export type FakeStep =
  | GenerateResult
  | Error
  | ((request: GenerateRequest, options: GenerateOptions) => GenerateResult | Promise<GenerateResult>);

export interface FakeCall {
  readonly request: GenerateRequest;
  readonly options: GenerateOptions;
}

export interface FakeLanguageModelOptions {
  readonly modelId?: string;
  readonly supportsGroundedJson?: boolean;
  /** Consumed one per call, in order. */
  readonly steps?: readonly FakeStep[];
  /** Answers once the steps are used up; without it, extra calls throw. */
  readonly fallback?: FakeStep;
}

/** A successful result with the given text; override any field. */
export function fakeResult(text: string, overrides: Partial<GenerateResult> = {}): GenerateResult {
  return {
    text,
    finishReason: 'stop',
    usage: { inputTokens: 100, outputTokens: 20 },
    modelVersion: overrides.modelVersion ?? 'fake-model',
    ...overrides,
  };
}

/** A step that never answers until the call's signal aborts, then rejects like the adapter. */
export function hangUntilAborted(_request: GenerateRequest, options: GenerateOptions): Promise<GenerateResult> {
  return new Promise((_resolve, reject) => {
    const { signal } = options;
    const fail = (): void => reject(signal?.reason instanceof Error ? signal.reason : new CancelledError('Fake call was cancelled'));
    if (signal?.aborted) fail();
    else signal?.addEventListener('abort', fail, { once: true });
  });
}

/** Scripted LanguageModel double; `calls` holds every request in arrival order. */
export class FakeLanguageModel implements LanguageModel {
  readonly modelId: string;
  readonly supportsGroundedJson: boolean;
  readonly calls: FakeCall[] = [];
  readonly #steps: FakeStep[];
  readonly #fallback: FakeStep | undefined;

  constructor({ modelId = 'fake-model', supportsGroundedJson = true, steps = [], fallback }: FakeLanguageModelOptions = {}) {
    this.modelId = modelId;
    this.supportsGroundedJson = supportsGroundedJson;
    this.#steps = [...steps];
    this.#fallback = fallback;
  }

  /** Appends steps after the current script. */
  enqueue(...steps: FakeStep[]): this {
    this.#steps.push(...steps);
    return this;
  }

  /** Scripted steps not yet consumed. */
  get remainingSteps(): number {
    return this.#steps.length;
  }

  async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    this.calls.push({ request, options });
    const step = this.#steps.shift() ?? this.#fallback;
    if (step === undefined) throw new Error(`FakeLanguageModel ${this.modelId}: no scripted step left for call ${this.calls.length}`);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request, options);
    return step;
  }
}
