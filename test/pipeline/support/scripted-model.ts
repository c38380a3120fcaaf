/**
 * @module test/pipeline/support/scripted-model
 * A FakeLanguageModel whose answers are scripted per agent (keyed by `request.labels.agent`),
 * so parallel agents get their own answers whatever order their calls arrive in. Agents
 * without a script (or past its end) get a valid default answer. Also a provider that
 * serves it for any model id and records which ids were asked for.
 */
import type { GenerateResult, LanguageModelProvider } from '../../../predictor/llm/language-model.js';
import type { AgentName } from '../../../predictor/pipeline/agent.js';
import { FakeLanguageModel, type FakeStep } from '../../fakes/fake-language-model.js';
import { defaultResultFor } from './sample-outputs.js';

export interface AgentScriptedModelOptions {
  readonly scripts?: Partial<Record<AgentName, readonly FakeStep[]>>;
  readonly supportsGroundedJson?: boolean;
  readonly modelId?: string;
}

/** A fake model answering each agent from its own queue. */
export function createAgentScriptedModel({
  scripts = {},
  supportsGroundedJson = true,
  modelId = 'gemini-test-flash',
}: AgentScriptedModelOptions = {}): FakeLanguageModel {
  const queues = new Map<string, FakeStep[]>(Object.entries(scripts).map(([agent, steps]) => [agent, [...(steps ?? [])]]));
  return new FakeLanguageModel({
    modelId,
    supportsGroundedJson,
    fallback: async (request, options): Promise<GenerateResult> => {
      const agent = request.labels?.agent ?? '';
      const step = queues.get(agent)?.shift() ?? defaultResultFor(agent);
      if (step instanceof Error) throw step;
      return typeof step === 'function' ? step(request, options) : step;
    },
  });
}

export interface RecordingProvider extends LanguageModelProvider {
  /** Model ids requested, in order. */
  readonly requestedIds: string[];
}

/** Serves `model` for every id (the fake ignores which tier was asked). */
export function providerOf(model: FakeLanguageModel): RecordingProvider {
  const requestedIds: string[] = [];
  return {
    requestedIds,
    languageModel(modelId) {
      requestedIds.push(modelId);
      return model;
    },
  };
}
