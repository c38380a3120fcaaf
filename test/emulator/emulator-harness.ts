/**
 * @module test/emulator/emulator-harness
 * Starts a Gemini emulator on a loopback port and wires the REAL SDK and adapter to it.
 */
import type { GoogleGenAI } from '@google/genai';
import nock from 'nock';
import { createGeminiEmulator, type GeminiEmulator, type GeminiEmulatorOptions } from '../../predictor/emulator/gemini-emulator.js';
import { createGeminiClient } from '../../predictor/llm/gemini-client.js';
import { createGeminiModel } from '../../predictor/llm/gemini-model.js';
import type { LanguageModel } from '../../predictor/llm/language-model.js';

export const EMULATED_MODEL_ID = 'gemini-3.8-flash';

export interface EmulatorHarness {
  readonly emulator: GeminiEmulator;
  readonly baseUrl: string;
  readonly client: GoogleGenAI;
  model(modelId?: string): LanguageModel;
  stop(): Promise<void>;
}

/** Starts an emulator (port 0) and an SDK client pointed at it; call `stop()` in afterEach. */
export async function startEmulatorHarness(options: GeminiEmulatorOptions = {}): Promise<EmulatorHarness> {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const emulator = createGeminiEmulator({ minCachedContentTokens: 0, ...options });
  const { baseUrl } = await emulator.start();
  const client = createGeminiClient({ backend: 'emulator', apiKey: options.apiKey ?? 'emulator', apiVersion: 'v1beta', baseUrl });
  return {
    emulator,
    baseUrl,
    client,
    model: (modelId = EMULATED_MODEL_ID) => createGeminiModel({ client, modelId }),
    stop: () => emulator.stop(),
  };
}
