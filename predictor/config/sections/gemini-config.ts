/**
 * @module config/sections/gemini-config
 * Which Gemini backend serves the pipeline and with which model ids. Unset LLM_BACKEND
 * resolves to gemini (API key present), vertex (GOOGLE_GENAI_USE_VERTEXAI=true) or the
 * built-in emulator; manifests pin it so production never falls back silently.
 */
import type { ConfigSection, SectionValues, Simplify } from '../config-field.js';

export const geminiConfigSection = {
  backend: {
    env: 'LLM_BACKEND',
    schema: { type: 'string', enum: ['auto', 'gemini', 'vertex', 'emulator'], default: 'auto' },
    description:
      'gemini | vertex | emulator. auto: gemini if GEMINI_API_KEY/GOOGLE_API_KEY is set, vertex if GOOGLE_GENAI_USE_VERTEXAI=true, else the emulator (with a loud warning).',
  },
  apiKey: {
    env: 'GEMINI_API_KEY',
    schema: { type: 'string', minLength: 1 },
    description: 'Gemini Developer API key (GOOGLE_API_KEY is accepted too and wins, as in the SDK).',
    isSecret: true,
  },
  googleApiKey: {
    env: 'GOOGLE_API_KEY',
    schema: { type: 'string', minLength: 1 },
    description: 'Alternative name of the API key.',
    isSecret: true,
  },
  useVertex: {
    env: 'GOOGLE_GENAI_USE_VERTEXAI',
    schema: { type: 'boolean', default: false },
    description: 'Use Vertex AI (Application Default Credentials / workload identity).',
  },
  vertexProject: {
    env: 'GOOGLE_CLOUD_PROJECT',
    schema: { type: 'string', minLength: 1 },
    description: 'Vertex AI project (required for vertex).',
  },
  vertexLocation: {
    env: 'GOOGLE_CLOUD_LOCATION',
    schema: { type: 'string', minLength: 1, default: 'global' },
    description: 'Vertex AI location.',
  },
  apiVersion: {
    env: 'GEMINI_API_VERSION',
    schema: { type: 'string', enum: ['v1', 'v1beta', 'v1beta1'], default: 'v1beta' },
    description: 'API version pinned in the SDK client (the SDK default changed between majors).',
  },
  baseUrl: {
    env: 'GEMINI_BASE_URL',
    schema: { type: 'string', pattern: '^https?://' },
    description: 'Override the Gemini API base URL (a proxy, or an external emulator).',
  },
  httpClient: {
    env: 'GEMINI_HTTP_CLIENT',
    schema: { type: 'string', enum: ['node-http', 'fetch'], default: 'node-http' },
    description:
      "How Gemini calls go out: node-http (keep-alive node:http/https agents, less CPU per call) or fetch (the SDK default, Node's global fetch).",
  },
  modelFlashLite: {
    env: 'GEMINI_MODEL_FLASH_LITE',
    schema: { type: 'string', minLength: 1, default: 'gemini-3.1-flash-lite' },
    description: 'Model id of the Flash-Lite tier.',
  },
  modelFlash: {
    env: 'GEMINI_MODEL_FLASH',
    schema: { type: 'string', minLength: 1, default: 'gemini-3.8-flash' },
    description: 'Model id of the Flash tier.',
  },
  modelPro: {
    env: 'GEMINI_MODEL_PRO',
    schema: { type: 'string', minLength: 1, default: 'gemini-3.1-pro-preview' },
    description: 'Model id of the Pro tier.',
  },
  emulatorLatencyMs: {
    env: 'EMULATOR_LATENCY_MS',
    schema: { type: 'integer', minimum: 0, maximum: 600000, default: 0 },
    description: 'Emulator: added latency per call.',
  },
  emulatorFaultRate: {
    env: 'EMULATOR_FAULT_RATE',
    schema: { type: 'number', minimum: 0, maximum: 1, default: 0 },
    description: 'Emulator: share of calls that fail transiently (429 with RetryInfo, 503 overloaded, 500).',
  },
  emulatorPort: {
    env: 'EMULATOR_PORT',
    schema: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    description: 'Emulator: loopback port of the in-process emulator (0 = any free port).',
  },
} as const satisfies ConfigSection;

/** The section as validated, before the backend is resolved and the two key names merged. */
export type GeminiSettings = SectionValues<typeof geminiConfigSection>;

export type LlmBackend = Exclude<GeminiSettings['backend'], 'auto'>;

export type GeminiHttpClient = GeminiSettings['httpClient'];

export type GeminiConfig = Simplify<
  Omit<GeminiSettings, 'backend' | 'googleApiKey'> & {
    /** Resolved backend (never `auto` after loading). */
    readonly backend: LlmBackend;
    /** Whether the backend was chosen by the fallback rule rather than set explicitly. */
    readonly isBackendInferred: boolean;
  }
>;

/** The model id of each tier (GEMINI_MODEL_FLASH_LITE, _FLASH, _PRO). */
export function modelIdsByTier(
  gemini: Pick<GeminiConfig, 'modelFlashLite' | 'modelFlash' | 'modelPro'>,
): Record<'flash-lite' | 'flash' | 'pro', string> {
  return { 'flash-lite': gemini.modelFlashLite, flash: gemini.modelFlash, pro: gemini.modelPro };
}

function resolveBackend(settings: Pick<GeminiSettings, 'backend' | 'apiKey' | 'useVertex'>): {
  backend: LlmBackend;
  isBackendInferred: boolean;
} {
  if (settings.backend !== 'auto') return { backend: settings.backend, isBackendInferred: false };
  if (settings.apiKey !== undefined) return { backend: 'gemini', isBackendInferred: true };
  if (settings.useVertex) return { backend: 'vertex', isBackendInferred: true };
  return { backend: 'emulator', isBackendInferred: true };
}

/**
 * Merges the two API key names and resolves `auto` to a backend; pushes a problem when the
 * backend lacks what it needs.
 */
export function resolveGeminiConfig(settings: GeminiSettings, problems: string[]): GeminiConfig {
  const { googleApiKey, ...rest } = settings;
  // As in the SDK: GOOGLE_API_KEY wins over GEMINI_API_KEY when both are set.
  const merged = googleApiKey === undefined ? rest : { ...rest, apiKey: googleApiKey };
  const resolved: GeminiConfig = { ...merged, ...resolveBackend(merged) };
  if (resolved.backend === 'gemini' && resolved.apiKey === undefined) {
    problems.push('LLM_BACKEND=gemini needs GEMINI_API_KEY or GOOGLE_API_KEY');
  }
  if (resolved.backend === 'vertex' && resolved.vertexProject === undefined && resolved.apiKey === undefined) {
    problems.push('LLM_BACKEND=vertex needs GOOGLE_CLOUD_PROJECT (or an API key for Vertex express mode)');
  }
  return resolved;
}
