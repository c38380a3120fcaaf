/**
 * @module emulator/cached-content-store
 * In-memory `cachedContents` (Gemini's explicit context caches): create with ttl or
 * expireTime, get, list with page tokens, update the expiry, delete. Expired entries answer 404 like deleted ones.
 * Creating below `minTokens` fails with the service's "too small" 400.
 */
import { countContentTokens, type WireContent, type WireTool } from './emulator-wire.js';
import { EmulatorRpcError, invalidArgument, notFound } from './emulator-http.js';
import { pageOf } from './emulator-paging.js';

/** One stored cache: the prefix (instruction, contents, tools) and its expiry. */
export interface CachedContent {
  readonly name: string;
  readonly model: string;
  readonly displayName?: string;
  readonly systemInstruction?: WireContent;
  readonly contents: readonly WireContent[];
  readonly tools?: readonly WireTool[];
  readonly createTime: string;
  updateTime: string;
  expireTime: string;
  readonly tokenCount: number;
}

/** The emulator's caches; names are `cachedContents/emu-…`. */
export interface CachedContentStore {
  create(body: Readonly<Record<string, unknown>>): CachedContent;
  /** The live cache, or a 403 as the service answers for unknown or expired caches used in a call. */
  use(name: string): CachedContent;
  get(name: string): CachedContent;
  update(name: string, body: Readonly<Record<string, unknown>>): CachedContent;
  delete(name: string): void;
  list(pageSize: number, pageToken: string | undefined): { cachedContents: CachedContent[]; nextPageToken?: string };
}

const DEFAULT_TTL_SECONDS = 3600;

function expiryOf(body: Readonly<Record<string, unknown>>, nowMs: number): string | undefined {
  if (typeof body.expireTime === 'string') return new Date(body.expireTime).toISOString();
  if (body.ttl === undefined) return undefined;
  const seconds = typeof body.ttl === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(body.ttl)?.[1] : undefined;
  if (seconds === undefined) throw invalidArgument(`Invalid value at 'cached_content.ttl' (${JSON.stringify(body.ttl)}).`);
  return new Date(nowMs + Number(seconds) * 1000).toISOString();
}

/** Renders a cache as the resource the service returns. */
export function toCachedContentResource(cache: CachedContent): Record<string, unknown> {
  const { name, model, displayName, createTime, updateTime, expireTime, tokenCount } = cache;
  return {
    name,
    model,
    ...(displayName ? { displayName } : {}),
    createTime,
    updateTime,
    expireTime,
    usageMetadata: { totalTokenCount: tokenCount },
  };
}

/** Creates an empty cache store; `now` decides expiry, `minTokens` the smallest cache accepted. */
export function createCachedContentStore({
  now,
  minTokens,
}: {
  readonly now: () => number;
  readonly minTokens: number;
}): CachedContentStore {
  const caches = new Map<string, CachedContent>();
  let created = 0;
  const live = (name: string): CachedContent | undefined => {
    const cache = caches.get(name);
    if (cache !== undefined && Date.parse(cache.expireTime) <= now()) caches.delete(name);
    return caches.get(name);
  };
  const get = (name: string): CachedContent => {
    const cache = live(name);
    if (cache === undefined) throw notFound(name);
    return cache;
  };
  return {
    create(body) {
      if (typeof body.model !== 'string' || body.model === '') throw invalidArgument('Model name is required for cached content.');
      const contents = Array.isArray(body.contents) ? (body.contents as WireContent[]) : [];
      const systemInstruction = body.systemInstruction as WireContent | undefined;
      const tokenCount = countContentTokens([systemInstruction, ...contents]);
      if (tokenCount < minTokens) {
        throw invalidArgument(`Cached content is too small. total_token_count=${tokenCount}, min_total_token_count=${minTokens}`);
      }
      const nowMs = now();
      const stamp = new Date(nowMs).toISOString();
      created++;
      const cache: CachedContent = {
        name: `cachedContents/emu-${created.toString(36).padStart(6, '0')}`,
        model: body.model.startsWith('models/') ? body.model : `models/${body.model}`,
        ...(typeof body.displayName === 'string' ? { displayName: body.displayName } : {}),
        ...(systemInstruction === undefined ? {} : { systemInstruction }),
        contents,
        ...(Array.isArray(body.tools) ? { tools: body.tools as WireTool[] } : {}),
        createTime: stamp,
        updateTime: stamp,
        expireTime: expiryOf(body, nowMs) ?? new Date(nowMs + DEFAULT_TTL_SECONDS * 1000).toISOString(),
        tokenCount,
      };
      caches.set(cache.name, cache);
      return cache;
    },
    use(name) {
      const cache = live(name);
      if (cache === undefined) throw new EmulatorRpcError(403, 'PERMISSION_DENIED', 'CachedContent not found (or permission denied)');
      return cache;
    },
    get,
    update(name, body) {
      const cache = get(name);
      cache.expireTime = expiryOf(body, now()) ?? cache.expireTime;
      cache.updateTime = new Date(now()).toISOString();
      return cache;
    },
    delete(name) {
      get(name);
      caches.delete(name);
    },
    list(pageSize, pageToken) {
      const all = [...caches.keys()].map(live).filter((cache): cache is CachedContent => cache !== undefined);
      const { page, nextPageToken } = pageOf(all, pageSize, pageToken);
      return { cachedContents: page, ...(nextPageToken === undefined ? {} : { nextPageToken }) };
    },
  };
}
