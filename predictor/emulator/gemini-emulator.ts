/**
 * @module emulator/gemini-emulator
 * A loopback HTTP server that speaks the Gemini REST wire format (`emulator-wire.ts`), so
 * the real `@google/genai` code path runs end to end without Google: generateContent (+ SSE stream),
 * countTokens, cachedContents and inline batches, with deterministic content-derived
 * answers, documented token counts, added latency and scripted or random faults.
 * Plain node:http, no framework: benchmarks drive it at hundreds of requests per second.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import { createBatchStore } from './batch-store.js';
import { createCachedContentStore } from './cached-content-store.js';
import { createAnswerer } from './emulated-answer.js';
import { emulateGenerateContent } from './emulate-generate-content.js';
import { createFaultPicker, FAULT_HEADER, faultError, splitFaultModel, type FaultKind } from './emulator-faults.js';
import { EmulatorRpcError, sendRpcError } from './emulator-http.js';
import { createRouteHandler } from './emulator-route-handler.js';

export interface GeminiEmulatorOptions {
  /** Added before answering each generation call. */
  readonly latencyMs?: number;
  /** Share (0..1) of generation calls that fail transiently (429 / 503 / 500). */
  readonly faultRate?: number;
  readonly random?: () => number;
  readonly sleep?: (milliseconds: number) => Promise<void>;
  readonly now?: () => number;
  readonly logger?: Logger;
  /** When set, `x-goog-api-key` must equal it (else 400 API_KEY_INVALID); otherwise any key passes. */
  readonly apiKey?: string;
  /** Smallest cache the emulator accepts, as the service enforces (4,096 tokens on Gemini 3). */
  readonly minCachedContentTokens?: number;
  readonly maxBodyBytes?: number;
}

/** Counters for tests and benchmarks: HTTP requests, generation calls, injected faults. */
export interface GeminiEmulatorStats {
  readonly requests: number;
  readonly generations: number;
  readonly faults: number;
}

/** A started-on-demand emulator; `stop()` also ends hanging fault calls. */
export interface GeminiEmulator {
  start(options?: { readonly port?: number; readonly host?: string }): Promise<{ readonly baseUrl: string; readonly port: number }>;
  stop(): Promise<void>;
  /** Queues faults for the next generation calls (e.g. `['503', '503']`), in order. */
  scriptFaults(kinds: readonly FaultKind[]): void;
  stats(): GeminiEmulatorStats;
}

function defaultSleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function invalidKey(): EmulatorRpcError {
  return new EmulatorRpcError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' },
  ]);
}

function checkCredentials(request: IncomingMessage, apiKey: string | undefined): void {
  const key = request.headers['x-goog-api-key'];
  if (apiKey !== undefined) {
    if (key !== apiKey) throw invalidKey();
    return;
  }
  if (key === undefined && request.headers.authorization === undefined) {
    throw new EmulatorRpcError(
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
  }
}

/**
 * Creates the emulator (not yet listening).
 *
 * @example
 * const emulator = createGeminiEmulator({ latencyMs: 200, faultRate: 0.05 });
 * const { baseUrl } = await emulator.start();
 * const client = createGeminiClient({ backend: 'emulator', apiVersion: 'v1beta', baseUrl });
 */
export function createGeminiEmulator(options: GeminiEmulatorOptions = {}): GeminiEmulator {
  const { latencyMs = 0, faultRate = 0, random = Math.random, sleep = defaultSleep, now = Date.now, logger, apiKey } = options;
  const faults = createFaultPicker({ faultRate, random });
  const caches = createCachedContentStore({ now, minTokens: options.minCachedContentTokens ?? 4096 });
  const answer = createAnswerer();
  let responseCount = 0;
  const nextResponseId = (): string => `emu-${(++responseCount).toString(36).padStart(8, '0')}`;
  const batches = createBatchStore({
    now,
    answer: (request, modelId) => emulateGenerateContent(request, { modelId, responseId: nextResponseId(), caches, answer }),
  });
  const counters = { requests: 0, generations: 0, faults: 0 };

  const handleRoute = createRouteHandler({
    caches,
    answer,
    batches,
    maxBodyBytes: options.maxBodyBytes ?? 20 * 1024 * 1024,
    async beginGeneration(request, model) {
      counters.generations++;
      const { modelId, fault: modelFault } = splitFaultModel(model);
      const header = request.headers[FAULT_HEADER];
      const fault = faults.pick({ header: typeof header === 'string' ? header : undefined, modelFault });
      if (fault !== undefined) counters.faults++;
      if (latencyMs > 0 && fault !== 'hang') await sleep(latencyMs);
      if (fault === '429' || fault === '503' || fault === '500') throw faultError(fault, modelId);
      return { modelId, responseId: nextResponseId(), ...(fault === undefined ? {} : { fault }) };
    },
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    counters.requests++;
    try {
      checkCredentials(request, apiKey);
      await handleRoute(request, response);
    } catch (error) {
      if (error instanceof EmulatorRpcError) return sendRpcError(response, error);
      // A client that went away mid-body is not an emulator failure.
      if (response.destroyed || request.destroyed) return;
      logger?.error('Gemini emulator failed on a request', { error, path: request.url });
      sendRpcError(response, new EmulatorRpcError(500, 'INTERNAL', 'An internal error has occurred.'));
    }
  }

  let server: Server | undefined;
  return {
    async start({ port = 0, host = '127.0.0.1' } = {}) {
      if (server !== undefined) throw new Error('The Gemini emulator is already started');
      const listening = createServer((request, response) => void handle(request, response));
      server = listening;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, host, () => resolve());
      });
      const bound = (listening.address() as AddressInfo).port;
      const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      const baseUrl = `http://${clientHost}:${bound}`;
      logger?.info('Gemini emulator listening', { baseUrl, latencyMs, faultRate });
      return { baseUrl, port: bound };
    },
    async stop() {
      const running = server;
      server = undefined;
      if (running === undefined) return;
      const closed = new Promise<void>((resolve) => running.close(() => resolve()));
      // Hanging fault calls and idle keep-alive sockets would otherwise hold close() open.
      running.closeAllConnections();
      await closed;
    },
    scriptFaults: (kinds) => faults.script(kinds),
    stats: () => ({ ...counters }),
  };
}
