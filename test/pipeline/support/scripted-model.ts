/**
 * @module test/pipeline/support/scripted-model
 * The pipeline tests' setup of the one fake model: answers scripted per agent, and agents
 * without a script (or past its end) get a valid default answer for the fixture episode.
 * Also a provider that serves it for any model id and records which ids were asked for.
 */
import type { LanguageModelProvider } from '../../../predictor/llm/language-model.js';
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
  return new FakeLanguageModel({
    modelId,
    supportsGroundedJson,
    agentSteps: scripts,
    fallback: (request) => defaultResultFor(request.labels?.agent ?? ''),
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
