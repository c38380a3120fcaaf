/**
 * @module composition/start-llm-backend
 * Builds the Gemini SDK client for the configured backend. For `emulator` without a base
 * URL it starts the built-in emulator in-process on loopback and says so loudly: a
 * production deployment pins LLM_BACKEND so this fallback can never happen silently there.
 */
import type { GeminiConfig, LlmBackend } from '../config/sections/gemini-config.js';
import { createGeminiClient } from '../llm/gemini-client.js';
import type { Logger } from '../observability/logger.js';

export type GeminiClient = ReturnType<typeof createGeminiClient>;

export interface LlmBackendHandle {
  readonly backend: LlmBackend;
  readonly client: GeminiClient;
  /** Where the SDK sends requests when it is not Google's default host. */
  readonly baseUrl?: string;
  stop(): Promise<void>;
}

/** Node's proxy environment, when the process uses it (main.ts decides). */
export interface OutboundProxy {
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

export async function startLlmBackend(gemini: GeminiConfig, logger: Logger, { proxyEnv }: OutboundProxy = {}): Promise<LlmBackendHandle> {
  const common = {
    apiVersion: gemini.apiVersion,
    vertexLocation: gemini.vertexLocation,
    httpClient: gemini.httpClient,
    ...(proxyEnv === undefined ? {} : { proxyEnv }),
  };
  if (gemini.backend !== 'emulator') {
    const client = createGeminiClient({
      ...common,
      backend: gemini.backend,
      ...(gemini.apiKey === undefined ? {} : { apiKey: gemini.apiKey }),
      ...(gemini.vertexProject === undefined ? {} : { vertexProject: gemini.vertexProject }),
      ...(gemini.baseUrl === undefined ? {} : { baseUrl: gemini.baseUrl }),
    });
    logger.info('LLM backend ready', { llm_backend: gemini.backend, api_version: gemini.apiVersion });
    return { backend: gemini.backend, client, ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}), stop: async () => {} };
  }

  const warning = gemini.isBackendInferred
    ? 'NO GEMINI CREDENTIALS: serving from the built-in Gemini EMULATOR. Outputs are synthetic. Set GEMINI_API_KEY (or LLM_BACKEND) for real analysis.'
    : 'LLM_BACKEND=emulator: serving from the built-in Gemini EMULATOR. Outputs are synthetic.';
  if (gemini.baseUrl !== undefined) {
    logger.warn(warning, { llm_backend: 'emulator', emulator_url: gemini.baseUrl });
    const client = createGeminiClient({ ...common, backend: 'emulator', baseUrl: gemini.baseUrl });
    return { backend: 'emulator', client, baseUrl: gemini.baseUrl, stop: async () => {} };
  }
  // Loaded only here: a server on Gemini (or on an external emulator) never parses it.
  const { createGeminiEmulator } = await import('../emulator/gemini-emulator.js');
  const emulator = createGeminiEmulator({
    latencyMs: gemini.emulatorLatencyMs,
    faultRate: gemini.emulatorFaultRate,
    logger: logger.child({ component: 'gemini-emulator' }),
  });
  const { baseUrl } = await emulator.start({ port: gemini.emulatorPort, host: '127.0.0.1' });
  logger.warn(warning, { llm_backend: 'emulator', emulator_url: baseUrl });
  const client = createGeminiClient({ ...common, backend: 'emulator', baseUrl });
  return { backend: 'emulator', client, baseUrl, stop: () => emulator.stop() };
}
