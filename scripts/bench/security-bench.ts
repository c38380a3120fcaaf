/**
 * @module scripts/bench/security-bench
 * Micro-benchmark of the per-request security overhead in memory: authenticate + authorize +
 * admit + settle (requests, tokens and budget limits all on), for API keys and for JWTs
 * (static key, so no network), plus the injection detector per transcript segment. Prints
 * JSON with p50/p99 in milliseconds. Target: API-key path p50 ≤ 0.2 ms.
 *
 * Run: `npm run build && node dist/scripts/bench/security-bench.js [--iterations 20000]`
 */
import { generateKeyPair, exportSPKI, SignJWT } from 'jose';
import type { AccessGuard, Credentials, RequestLimiter } from '../../predictor/contract/access-control.js';
import { createSilentLogger } from '../../predictor/observability/logger.js';
import { createNoopSecurityMetrics } from '../../predictor/observability/security-metrics.js';
import { parseAccessPolicy } from '../../predictor/security/access-policy.js';
import { hashApiKey, type ApiKeyRecord } from '../../predictor/security/api-key-authenticator.js';
import { createAccessGuard } from '../../predictor/security/create-access-guard.js';
import { createInjectionDetector } from '../../predictor/security/detectors/injection-detector.js';
import { createJwtAuthenticator } from '../../predictor/security/jwt-authenticator.js';
import { createRequestLimiter } from '../../predictor/security/request-limiter.js';
import { percentile } from './bench-process.js';

const MODEL = 'podcast-pipeline';
const KEY_COUNT = 50;

async function measure(iterations: number, step: (index: number) => Promise<void>) {
  for (let index = 0; index < Math.min(2000, iterations); index++) await step(index); // warm-up (JIT)
  const samples: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = performance.now();
    await step(index);
    samples.push(performance.now() - start);
  }
  samples.sort((left, right) => left - right);
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return { iterations, p50Ms: round(percentile(samples, 0.5)), p99Ms: round(percentile(samples, 0.99)) };
}

function requestStep(guard: AccessGuard, limiter: RequestLimiter, credentialsFor: (index: number) => Credentials) {
  return async (index: number) => {
    const principal = await guard.authenticate(credentialsFor(index));
    guard.authorize(principal, MODEL, 'infer');
    const admission = await limiter.admit({ principal, modelName: MODEL, estimate: { maxTokens: 20_000, maxCostUsd: 0.01 } });
    await admission.settle({ tokens: 12_000, costUsd: 0.004 });
  };
}

async function main(): Promise<void> {
  const flagIndex = process.argv.indexOf('--iterations');
  const iterations = flagIndex > 0 ? Number(process.argv[flagIndex + 1]) : 20_000;
  const metrics = createNoopSecurityMetrics();
  const logger = createSilentLogger();
  const apiKeys: ApiKeyRecord[] = Array.from({ length: KEY_COUNT }, (_, index) => ({
    id: `client-${index}`,
    sha256: hashApiKey(`key-${index}-${'x'.repeat(32)}`),
    roles: ['analyst'],
  }));
  const policy = parseAccessPolicy(
    JSON.stringify({
      rules: [
        { principals: ['ops'], models: ['*'], actions: ['*'] },
        { roles: ['guest'], models: ['demo-*'], actions: ['metadata'] },
        { roles: ['analyst'], models: ['podcast-*'], actions: ['infer', 'metadata', 'jobs', 'feedback'] },
      ],
    }),
    'bench-policy.json',
  );
  // Limits high enough never to trip: the benchmark measures the bookkeeping, not rejections.
  const limiterOptions = { requestsPerMinute: 100_000_000, tokensPerMinute: 2_000_000_000, dailyBudgetUsd: 1_000_000, metrics, logger };

  const apiKeyGuard = createAccessGuard({ authMode: 'api-key', access: () => ({ policy, apiKeys }), metrics, logger });
  const apiKey = await measure(
    iterations,
    requestStep(apiKeyGuard, createRequestLimiter(limiterOptions), (index) => ({ apiKey: `key-${index % KEY_COUNT}-${'x'.repeat(32)}` })),
  );

  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ iss: 'https://issuer.bench', aud: 'bench', sub: 'client-1', roles: ['analyst'], exp: now + 3600 })
    .setProtectedHeader({ alg: 'ES256' })
    .sign(privateKey);
  const verifyJwt = createJwtAuthenticator({
    issuer: 'https://issuer.bench',
    audience: 'bench',
    publicKeysPem: await exportSPKI(publicKey),
    rolesClaim: 'roles',
    clockToleranceSeconds: 30,
  });
  const jwtGuard = createAccessGuard({ authMode: 'jwt', access: () => ({ policy, apiKeys: [] }), verifyJwt, metrics, logger });
  const jwt = await measure(
    Math.min(iterations, 5000),
    requestStep(jwtGuard, createRequestLimiter(limiterOptions), () => ({ bearerToken: token })),
  );

  const assess = createInjectionDetector();
  const segment =
    'Street trees cool a block by up to three degrees, and they pay for themselves within about a decade, according to our data.';
  const injection = await measure(Math.min(iterations, 5000), async (index) => {
    assess(`${segment} (${index})`);
  });

  console.log(
    JSON.stringify(
      {
        benchmark: 'security-overhead-in-memory',
        apiKeyAuthLimiter: { ...apiKey, keys: KEY_COUNT, targetP50Ms: 0.2, meetsTarget: apiKey.p50Ms <= 0.2 },
        jwtEs256AuthLimiter: jwt,
        injectionDetectorPerSegment: injection,
      },
      null,
      2,
    ),
  );
}

await main();
