/**
 * @module emulator/emulator-route-handler
 * Serves each emulator route: reads the JSON body, calls the stores or the generator and
 * writes the wire response. Generation calls first pass `beginGeneration` (latency and
 * faults), so every generation path fails and waits the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchStore } from './batch-store.js';
import { toCachedContentResource, type CachedContentStore } from './cached-content-store.js';
import { emulateGenerateContent } from './emulate-generate-content.js';
import type { AnswerInput, EmulatedAnswer } from './emulated-answer.js';
import { faultError, type FaultKind } from './emulator-faults.js';
import { notFound, readJsonBody, sendJson } from './emulator-http.js';
import { matchRoute, type Route } from './emulator-routes.js';
import { toStreamChunks, writeStream } from './emulator-stream.js';
import { countContentTokens, type WireContent, type WireGenerateRequest } from './emulator-wire.js';

export interface GenerationStart {
  readonly modelId: string;
  readonly responseId: string;
  readonly fault?: FaultKind;
}

export interface RouteHandlerOptions {
  readonly caches: CachedContentStore;
  readonly answer: (input: AnswerInput) => EmulatedAnswer;
  readonly batches: BatchStore;
  readonly maxBodyBytes: number;
  /** Applies latency and picks a fault; throws the status faults (429/503/500). */
  readonly beginGeneration: (request: IncomingMessage, model: string) => Promise<GenerationStart>;
}

/** Resolves when the client goes away: a `hang` fault answers nothing until then. */
function untilClosed(response: ServerResponse): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}

function pageSizeOf(url: URL): number {
  return Number(url.searchParams.get('pageSize') ?? 0) || 0;
}

/** Creates the handler; it throws EmulatorRpcError for the caller to render. */
export function createRouteHandler(options: RouteHandlerOptions): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { caches, answer: computeAnswer, batches, maxBodyBytes, beginGeneration } = options;

  async function generate(request: IncomingMessage, response: ServerResponse, model: string, isStream: boolean): Promise<void> {
    const body = (await readJsonBody(request, maxBodyBytes)) as WireGenerateRequest;
    const start = await beginGeneration(request, model);
    if (start.fault === 'hang') return untilClosed(response);
    const answer = emulateGenerateContent(body, {
      ...start,
      ...(start.fault === 'midstream' ? { fault: undefined } : {}),
      caches,
      answer: computeAnswer,
    });
    if (!isStream) return sendJson(response, 200, answer);
    writeStream(response, toStreamChunks(answer), start.fault === 'midstream' ? faultError('503', start.modelId) : undefined);
  }

  async function serve(route: Route, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    switch (route.kind) {
      case 'model': {
        if (route.action === 'generateContent' || route.action === 'streamGenerateContent') {
          return generate(request, response, route.model, route.action === 'streamGenerateContent');
        }
        const body = await readJsonBody(request, maxBodyBytes);
        if (route.action === 'batchGenerateContent')
          return sendJson(response, 200, batches.create(route.model.replace(/^models\//, ''), body));
        const nested = (body.generateContentRequest as { contents?: unknown } | undefined)?.contents;
        const contents = (Array.isArray(body.contents) ? body.contents : Array.isArray(nested) ? nested : []) as WireContent[];
        const totalTokens = countContentTokens(contents);
        return sendJson(response, 200, { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] });
      }
      case 'create-cache':
        return sendJson(response, 200, toCachedContentResource(caches.create(await readJsonBody(request, maxBodyBytes))));
      case 'list-caches': {
        const { cachedContents, nextPageToken } = caches.list(pageSizeOf(url), url.searchParams.get('pageToken') ?? undefined);
        return sendJson(response, 200, {
          cachedContents: cachedContents.map(toCachedContentResource),
          ...(nextPageToken ? { nextPageToken } : {}),
        });
      }
      case 'get-cache':
        return sendJson(response, 200, toCachedContentResource(caches.get(route.name)));
      case 'update-cache':
        return sendJson(response, 200, toCachedContentResource(caches.update(route.name, await readJsonBody(request, maxBodyBytes))));
      case 'delete-cache':
        caches.delete(route.name);
        return sendJson(response, 200, {});
      case 'list-batches':
        return sendJson(response, 200, batches.list(pageSizeOf(url), url.searchParams.get('pageToken') ?? undefined));
      case 'get-batch':
        return sendJson(response, 200, batches.get(route.name));
      case 'cancel-batch':
        batches.cancel(route.name);
        return sendJson(response, 200, {});
      case 'delete-batch':
        batches.delete(route.name);
        return sendJson(response, 200, {});
    }
  }

  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const route = matchRoute(request.method ?? 'GET', url.pathname);
    if (route === undefined) throw notFound(`Method ${request.method ?? 'GET'} ${url.pathname}`);
    await serve(route, request, response, url);
  };
}
