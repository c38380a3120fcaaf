/**
 * @module llm/node-http-fetch
 * The `fetch` the SDK sends Gemini calls through (`httpOptions.fetch`): one request on a
 * keep-alive `node:http`/`node:https` agent, the answer read whole into a `Response`.
 * Node's global fetch (undici) runs every call through WHATWG streams, a request object and
 * a per-call dispatcher: about 0.4 ms of CPU per call here against 0.25 ms this way, and a
 * request makes three calls (docs/benchmarks.md).
 *
 * It fails as fetch fails, so `gemini-errors` classifies both alike: a network error rejects
 * with `TypeError('fetch failed', { cause })`, an abort with the signal's AbortError. It
 * carries the POSTs of the hot path (generate, count tokens, create a cache); the rest goes
 * to the global fetch: other methods (reads and deletes of caches and batches, rare),
 * streamed answers (`alt=sse`), request bodies other than text or bytes, and schemes other
 * than http(s). Calls handed on run on undici's default 300 s header and body timeouts (the
 * SDK lifts them only when it owns the fetch): they are short reads and deletes today, and a
 * streamed call must lift them itself. No redirects are followed (the Gemini API sends none)
 * and no compression is asked for (answers are a few kilobytes; not inflating them saves CPU):
 * a `GEMINI_BASE_URL` proxy that redirects, or compresses unasked, needs
 * `GEMINI_HTTP_CLIENT=fetch`. An answer over the size limit fails like a network error, so
 * it is retried (a runaway answer may not repeat).
 */
import http from 'node:http';
import https from 'node:https';

export interface NodeHttpFetchOptions {
  /** A response body longer than this rejects the call (a runaway upstream cannot exhaust the heap). */
  readonly maxResponseBytes?: number;
  /** Idle keep-alive sockets close after this long (undici's default, 4 s). */
  readonly keepAliveMs?: number;
  /**
   * The environment of Node's own proxy support (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`), when
   * the process turned it on (`NODE_USE_ENV_PROXY=1` or `--use-env-proxy`): the global fetch
   * and agents follow it, and agents made here only when handed it.
   */
  readonly proxyEnv?: NodeJS.ProcessEnv;
}

/** Far above any Gemini answer (65k output tokens are well under 1 MiB of JSON). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

// Statuses whose Response must not carry a body.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function headerObject(headers: RequestInit['headers']): Record<string, string> {
  const object: Record<string, string> = {};
  // The SDK hands a Headers already: read it as it is rather than copy it into another.
  (headers instanceof Headers ? headers : new Headers(headers)).forEach((value, name) => {
    object[name] = value;
  });
  return object;
}

function responseHeaders(raw: readonly string[]): Headers {
  const headers = new Headers();
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index] as string, raw[index + 1] as string);
  return headers;
}

/** A `fetch` over keep-alive node:http(s) agents (one pair per returned function). */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): typeof fetch {
  const { maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES, keepAliveMs = 4000, proxyEnv } = options;
  const agentOptions = { keepAlive: true, timeout: keepAliveMs, ...(proxyEnv === undefined ? {} : { proxyEnv }) };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  function send(url: URL, init: RequestInit, body: string | Uint8Array | undefined): Promise<Response> {
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const outgoing = request(url, {
        method: 'POST',
        headers: headerObject(init.headers),
        agent: agents[url.protocol as 'http:' | 'https:'],
      });
      const onAbort = (): void => {
        outgoing.destroy();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => signal?.removeEventListener('abort', onAbort);
      outgoing.on('error', (error) => {
        settle();
        reject(fetchFailed(error));
      });
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        let length = 0;
        incoming.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > maxResponseBytes) {
            incoming.destroy(new Error(`response body exceeds ${maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', (error) => {
          settle();
          reject(fetchFailed(error));
        });
        incoming.on('end', () => {
          settle();
          const status = incoming.statusCode ?? 0;
          try {
            const responseBody = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks, length);
            resolve(
              new Response(responseBody, {
                status,
                statusText: incoming.statusMessage ?? '',
                headers: responseHeaders(incoming.rawHeaders),
              }),
            );
          } catch (error) {
            reject(fetchFailed(error));
          }
        });
      });
      outgoing.end(body);
    });
  }

  return async function nodeHttpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init.body ?? undefined;
    const isPlainBody = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
    const isOurs =
      !(input instanceof Request) &&
      init.method === 'POST' &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.searchParams.get('alt') !== 'sse';
    if (!isOurs || !isPlainBody) return fetch(input, init);
    return send(url, init, body);
  };
}
