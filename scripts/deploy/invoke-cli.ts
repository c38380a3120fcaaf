/**
 * @module scripts/deploy/invoke-cli
 * `npm run invoke -- --url URL [options]`: sends episodes to a deployed predictor
 * (POST /v2/models/NAME/infer, or gRPC ModelInfer with `--protocol grpc`) and prints the report. The API key comes from the
 * PREDICTOR_API_KEY environment variable, never from a flag (flags end up in shell history
 * and process lists).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, parseCommandLine, runCli, UsageError } from './cli-args.js';
import { buildInferenceRequest, episodesOf, formatInferenceResponse } from './inference-request.js';
import { parseDurationMs } from './parse-duration.js';
import { invokeGrpc } from './invoke-grpc.js';
import { findRepositoryRoot } from './load-manifests.js';
import { postJson } from './post-json.js';

const USAGE = `Usage: npm run invoke -- --url URL [flags]

  --url URL          the InferenceService URL (npm run deploy -- status: URL column)
  --protocol P       http (REST /infer) or grpc (ModelInfer: over h2c on the URL's port,
                     TLS for https; Standard mode's gRPC port is URL http://HOST:8081)  (http)
  --ingress ORIGIN   dial the ingress gateway here (e.g. http://203.0.113.10:80) with the
                     URL's host as the Host header, when DNS does not point at it yet
  --model NAME       model name                                  (podcast-pipeline)
  --episode PATH     episode JSON (one object or an array)       (scripts/deploy/sample-episode.json)
  --timeout DURATION e.g. 90s, 1m30s, 10m                        (10m)
  --raw              print the response JSON as it came
  -h, --help

Environment: PREDICTOR_API_KEY (sent as "Authorization: Bearer ..." when set).
Exit status: 0 answered 2xx, 1 failed (HTTP error, unreachable), 2 usage error.
`;

const OPTIONS = {
  url: { type: 'string' },
  ingress: { type: 'string' },
  protocol: { type: 'string', default: 'http' },
  model: { type: 'string', default: 'podcast-pipeline' },
  episode: { type: 'string', default: join(findRepositoryRoot(import.meta.url), 'scripts', 'deploy', 'sample-episode.json') },
  timeout: { type: 'string', default: '10m' },
  raw: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function parseUrl(text: string, flag: string): URL {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {
    // reported below
  }
  throw new UsageError(`${flag} "${text}" is not an http(s) URL`);
}

async function readEpisodes(path: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--episode ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  try {
    return episodesOf(JSON.parse(text));
  } catch {
    throw new UsageError(`--episode ${path}: not JSON`);
  }
}

interface GrpcCall {
  readonly url: string;
  readonly ingress: string | undefined;
  readonly model: string;
  readonly episodes: readonly unknown[];
  readonly requestId: string;
  readonly timeoutMs: number;
  readonly timeout: string;
}

/** One ModelInfer to the URL's host and port (or the ingress, with the URL's host as authority). */
async function callGrpc({ url, ingress, model, episodes, requestId, timeoutMs, timeout }: GrpcCall) {
  const service = new URL(url);
  const dial = ingress ? new URL(ingress) : service;
  const useTls = dial.protocol === 'https:';
  const target = `${dial.hostname}:${dial.port || (useTls ? '443' : '80')}`;
  const apiKey = process.env.PREDICTOR_API_KEY;
  process.stderr.write(
    `gRPC ModelInfer ${target}${ingress ? ` as ${service.host}` : ''} (${episodes.length} episode(s), request id ${requestId})\n`,
  );
  const result = await invokeGrpc({
    target,
    modelName: model,
    episodes,
    requestId,
    timeoutMs,
    useTls,
    ...(apiKey ? { apiKey } : {}),
    ...(ingress ? { authority: service.host } : {}),
  });
  if (result.ok) return result.body;
  const reason = result.code === 'DEADLINE_EXCEEDED' ? `no answer within ${timeout}` : `${result.code}: ${result.message}`;
  throw new CliError(`gRPC ${reason} (${target})`);
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" (the URL goes after --url)`);
  if (!values.url) throw new UsageError('--url is required');
  parseUrl(values.url, '--url');
  if (values.ingress) parseUrl(values.ingress, '--ingress');
  if (values.protocol !== 'http' && values.protocol !== 'grpc')
    throw new UsageError(`--protocol must be http or grpc, not "${values.protocol}"`);
  const timeoutMs = parseDurationMs(values.timeout, '--timeout');
  const episodes = await readEpisodes(values.episode);
  const requestId = randomUUID();
  if (values.protocol === 'grpc') {
    const body = await callGrpc({
      url: values.url,
      ingress: values.ingress,
      model: values.model,
      episodes,
      requestId,
      timeoutMs,
      timeout: values.timeout,
    });
    process.stdout.write(values.raw ? `${JSON.stringify(body, null, 2)}\n` : formatInferenceResponse(body));
    return 0;
  }
  const url = `${values.url.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(values.model)}/infer`;
  const apiKey = process.env.PREDICTOR_API_KEY;
  process.stderr.write(
    `POST ${url}${values.ingress ? ` via ${values.ingress}` : ''} (${episodes.length} episode(s), request id ${requestId})\n`,
  );
  let reply: Awaited<ReturnType<typeof postJson>>;
  try {
    reply = await postJson({
      url,
      ...(values.ingress ? { connectTo: values.ingress } : {}),
      headers: { 'x-request-id': requestId, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: buildInferenceRequest(episodes, requestId),
      timeoutMs,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    const reason =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ABORT_ERR' || code === 'TimeoutError'
          ? `no answer within ${values.timeout}`
          : code;
    throw new CliError(`cannot reach ${values.ingress ?? url}: ${reason}`, { cause: error });
  }
  const { status, body } = reply;
  if (status < 200 || status > 299) {
    const message = (body as { error?: unknown } | null)?.error ?? body;
    throw new CliError(`HTTP ${status} from ${url}: ${typeof message === 'string' ? message : JSON.stringify(message)}`);
  }
  process.stdout.write(values.raw ? `${JSON.stringify(body, null, 2)}\n` : formatInferenceResponse(body));
  return 0;
}

process.exitCode = await runCli(() => main(process.argv.slice(2)), {
  name: 'invoke',
  isUsageError: (error) => error instanceof RangeError,
});
