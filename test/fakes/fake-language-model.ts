/**
 * @module test/fakes/fake-language-model
 * The one LanguageModel double of the tests: it plays scripted steps (a result, an error
 * to throw, or a function for custom behaviour such as hanging until aborted) and records
 * every call with its options. Steps come, in this order, from the shared queue, then from
 * the queue of the calling agent (`request.labels.agent`, so parallel agents get their own
 * answers whatever order their calls arrive in), then from the fallback; with none left
 * the call fails, so an unexpected call fails the test.
 */
import { CancelledError } from '../../predictor/errors.js';
import type { GenerateOptions, GenerateRequest, GenerateResult, LanguageModel } from '../../predictor/llm/language-model.js';

/** One scripted answer: a result, an error to throw, or a function computing either. */
export type FakeStep =
  GenerateResult | Error | ((request: GenerateRequest, options: GenerateOptions) => GenerateResult | Promise<GenerateResult>);

export interface FakeCall {
  readonly request: GenerateRequest;
  readonly options: GenerateOptions;
}

export interface FakeLanguageModelOptions {
  readonly modelId?: string;
  readonly supportsGroundedJson?: boolean;
  /** Consumed one per call, in order, whichever agent calls. */
  readonly steps?: readonly FakeStep[];
  /** Per-agent queues (keyed by `request.labels.agent`), used once the shared steps are gone. */
  readonly agentSteps?: Readonly<Partial<Record<string, readonly FakeStep[]>>>;
  /** Answers once the queues are used up; without it, extra calls throw. */
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

/** A step whose settlement the test controls. */
export function deferredStep(): { step: FakeStep; resolve: (result: GenerateResult) => void; reject: (error: Error) => void } {
  const { promise, resolve, reject } = Promise.withResolvers<GenerateResult>();
  return { step: () => promise, resolve, reject };
}

/** Scripted LanguageModel double; `calls` holds every request in arrival order. */
export class FakeLanguageModel implements LanguageModel {
  readonly modelId: string;
  readonly supportsGroundedJson: boolean;
  readonly calls: FakeCall[] = [];
  readonly #steps: FakeStep[];
  readonly #agentSteps: Map<string, FakeStep[]>;
  readonly #fallback: FakeStep | undefined;

  constructor({
    modelId = 'fake-model',
    supportsGroundedJson = true,
    steps = [],
    agentSteps = {},
    fallback,
  }: FakeLanguageModelOptions = {}) {
    this.modelId = modelId;
    this.supportsGroundedJson = supportsGroundedJson;
    this.#steps = [...steps];
    this.#agentSteps = new Map(Object.entries(agentSteps).map(([agent, queue]) => [agent, [...(queue ?? [])]]));
    this.#fallback = fallback;
  }

  /** Appends steps after the current shared script. */
  enqueue(...steps: FakeStep[]): this {
    this.#steps.push(...steps);
    return this;
  }

  /** Shared scripted steps not yet consumed. */
  get remainingSteps(): number {
    return this.#steps.length;
  }

  async generate(request: GenerateRequest, options: GenerateOptions = {}): Promise<GenerateResult> {
    this.calls.push({ request, options });
    const step = this.#steps.shift() ?? this.#agentSteps.get(request.labels?.agent ?? '')?.shift() ?? this.#fallback;
    if (step === undefined) throw new Error(`FakeLanguageModel ${this.modelId}: no scripted step left for call ${this.calls.length}`);
    if (step instanceof Error) throw step;
    if (typeof step === 'function') return step(request, options);
    return step;
  }
}
