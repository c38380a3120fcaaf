/**
 * @module scripts/bench/load-run
 * One bounded, closed-loop load run: `count` infer requests, `inFlight` at a time (one
 * autocannon connection each), every one a distinct episode. Throughput is completed
 * requests over the run's wall time; failures are transport errors (timeouts included),
 * non-2xx answers and requests still unanswered when the run's time cap stops it; `partial`
 * counts 200s whose pipeline reported a partial result. A server that sends `Server-Timing`
 * (the product) also gets the p50 and p99 of its own time and of its wait on the LLM backend.
 */
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import { percentile } from './bench-process.js';

export interface LoadRunOptions {
  readonly url: string;
  /** Request body holding autocannon's `[<id>]` placeholder (see distinct-episodes). */
  readonly bodyTemplate: string;
  readonly inFlight: number;
  readonly count: number;
  /** Per-request timeout; a request slower than this counts as a failure. */
  readonly timeoutSeconds?: number;
  /** The whole run stops after this long, whatever is left. */
  readonly maxSeconds?: number;
}

export interface LoadFigures {
  readonly inFlight: number;
  readonly completed: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  readonly partial: number;
  /** The time cap stopped the run before `count` requests were answered. */
  readonly isCutShort: boolean;
  /** From the answers' `Server-Timing` (`predictor` and `llm`), when the server sends it. */
  readonly serverTiming?: { readonly ownP50Ms: number; readonly ownP99Ms: number; readonly llmP50Ms: number; readonly llmP99Ms: number };
}

/** The `dur` of metric `name` in a Server-Timing header value. */
export function durationOf(header: string, name: string): number | undefined {
  const match = new RegExp(`(?:^|,)\\s*${name};(?:[^,]*;)?dur=([0-9.]+)`).exec(header);
  return match ? Number(match[1]) : undefined;
}

function runAutocannon(options: autocannon.Options, maxSeconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    // Declared before the run so that even an immediate callback can clear it.
    const cap = setTimeout(() => instance.stop(), maxSeconds * 1000);
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
      clearTimeout(cap);
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
  });
}

export async function runLoad({
  url,
  bodyTemplate,
  inFlight,
  count,
  timeoutSeconds = 60,
  maxSeconds = 120,
}: LoadRunOptions): Promise<LoadFigures> {
  const own: number[] = [];
  const llm: number[] = [];
  const result = await runAutocannon(
    {
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyTemplate,
      idReplacement: true,
      connections: inFlight,
      amount: count,
      timeout: timeoutSeconds,
      // autocannon notices the last answer only on its next sample tick: keep ticks short so
      // the run's wall time (and so its throughput) is not rounded up to whole seconds.
      sampleInt: 10,
      verifyBody: (body) => body === undefined || !body.includes('"partial":true'),
      requests: [
        {
          onResponse: (_status: number, _body: string, _context: object, headers: IncomingHttpHeaders | undefined) => {
            // autocannon keeps the names as sent (`Server-Timing`).
            const name = Object.keys(headers ?? {}).find((key) => key.toLowerCase() === 'server-timing');
            const header = name === undefined ? undefined : headers?.[name];
            const value = Array.isArray(header) ? header.join(',') : header;
            if (value === undefined) return;
            const [ownMs, llmMs] = [durationOf(value, 'predictor'), durationOf(value, 'llm')];
            if (ownMs !== undefined) own.push(ownMs);
            if (llmMs !== undefined) llm.push(llmMs);
          },
        },
      ],
    },
    maxSeconds,
  );
  const completed = result['2xx'] + result.non2xx;
  const unanswered = Math.max(0, count - completed - result.errors);
  return {
    inFlight,
    completed,
    seconds: result.duration,
    requestsPerSecond: completed / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.errors + result.non2xx + unanswered,
    partial: result.mismatches,
    isCutShort: unanswered > 0,
    ...(own.length > 0 && llm.length > 0 ? { serverTiming: serverTimingOf(own, llm) } : {}),
  };
}

function serverTimingOf(own: readonly number[], llm: readonly number[]): NonNullable<LoadFigures['serverTiming']> {
  return {
    ownP50Ms: percentile(own, 0.5),
    ownP99Ms: percentile(own, 0.99),
    llmP50Ms: percentile(llm, 0.5),
    llmP99Ms: percentile(llm, 0.99),
  };
}
