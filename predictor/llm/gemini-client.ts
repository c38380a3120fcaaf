/**
 * @module llm/gemini-client
 * Builds the one `GoogleGenAI` instance for the configured backend: the Gemini Developer
 * API (API key), Vertex AI (project + location, ADC) or the built-in emulator (a loopback
 * base URL and a dummy key). Everything that shapes the wire is pinned here.
 */
import { GoogleGenAI, type GoogleGenAIOptions } from '@google/genai';
import type { GeminiHttpClient, LlmBackend } from '../config/sections/gemini-config.js';
import { createNodeHttpFetch } from './node-http-fetch.js';

export interface CreateGeminiClientOptions {
  readonly backend: LlmBackend;
  /** Gemini API key, or a Vertex express-mode key; any non-empty string for the emulator. */
  readonly apiKey?: string;
  readonly vertexProject?: string;
  readonly vertexLocation?: string;
  /** Pinned explicitly: the SDK's default changed from v1beta (2.x) to v1 (3.x). */
  readonly apiVersion: string;
  /** Replaces the default host (the emulator's base URL, a proxy). */
  readonly baseUrl?: string;
  /** Vertex only: google-auth-library options, e.g. an injected `authClient` in tests. */
  readonly googleAuthOptions?: GoogleGenAIOptions['googleAuthOptions'];
  /** How calls go out: keep-alive node:http(s) (the default, llm/node-http-fetch.ts) or the SDK's global fetch. */
  readonly httpClient?: GeminiHttpClient;
  /** Node's proxy environment when the process uses it (`NodeHttpFetchOptions.proxyEnv`). */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

/** The SDK options for a backend; exported so the option mapping is testable without I/O. */
export function toGoogleGenAIOptions(options: CreateGeminiClientOptions): GoogleGenAIOptions {
  const {
    backend,
    apiKey,
    vertexProject,
    vertexLocation,
    apiVersion,
    baseUrl,
    googleAuthOptions,
    httpClient = 'node-http',
    proxyEnv,
  } = options;
  // No `retryOptions`, ever: withRetry is the one retry owner. SDK retries would multiply
  // with ours (5 x 3 attempts) and ignore RetryInfo (re-check on SDK upgrades).
  const transport = httpClient === 'node-http' ? { fetch: createNodeHttpFetch(proxyEnv === undefined ? {} : { proxyEnv }) } : {};
  const httpOptions = { httpOptions: { ...(baseUrl === undefined ? {} : { baseUrl }), ...transport } };
  const key = apiKey === undefined ? {} : { apiKey };
  if (backend === 'vertex') {
    // An explicit project wins over an express-mode key; never send both (the SDK rejects it).
    const credentials = vertexProject === undefined ? key : { project: vertexProject, location: vertexLocation ?? 'global' };
    return {
      vertexai: true,
      ...credentials,
      apiVersion,
      ...httpOptions,
      ...(googleAuthOptions === undefined ? {} : { googleAuthOptions }),
    };
  }
  if (backend === 'emulator' && baseUrl === undefined) {
    throw new Error('The emulator backend needs the emulator base URL');
  }
  return { vertexai: false, ...(backend === 'emulator' ? { apiKey: apiKey ?? 'emulator' } : key), apiVersion, ...httpOptions };
}

/**
 * Creates the SDK client. Credentials and the API version come from the options (loaded
 * once by loadConfig) rather than from the SDK's own env lookups.
 *
 * @example
 * const client = createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl });
 */
export function createGeminiClient(options: CreateGeminiClientOptions): GoogleGenAI {
  return new GoogleGenAI(toGoogleGenAIOptions(options));
}
