/**
 * @module scripts/emulator-main
 * `npm run emulator`: the Gemini emulator as its own process, for pointing a predictor (or
 * any SDK client) at it with GEMINI_BASE_URL. Settings come from the same config as the
 * predictor: EMULATOR_PORT (9090 when unset here), EMULATOR_LATENCY_MS, EMULATOR_FAULT_RATE;
 * `--host 0.0.0.0` listens beyond loopback (e.g. in a container).
 * Like predictor/main.ts this is a composition root, the one other place that reads
 * process.env and handles signals.
 */
import { loadConfig, parseFlags } from '../predictor/config/load-config.js';
import { ConfigError } from '../predictor/errors.js';
import { createLogger } from '../predictor/observability/logger.js';
import { createGeminiEmulator } from '../predictor/emulator/gemini-emulator.js';

/** A fixed, well-known port, so a second terminal can use http://127.0.0.1:9090 without reading logs. */
const STANDALONE_PORT = 9090;

async function main(): Promise<void> {
  const env = process.env;
  const argv = process.argv.slice(2);
  const config = loadConfig({ env, argv });
  const logger = createLogger({ level: config.observability.logLevel, defaultFields: { service: 'gemini-emulator' } });
  const emulator = createGeminiEmulator({
    latencyMs: config.gemini.emulatorLatencyMs,
    faultRate: config.gemini.emulatorFaultRate,
    logger,
  });
  const port = env.EMULATOR_PORT === undefined ? STANDALONE_PORT : config.gemini.emulatorPort;
  const { baseUrl } = await emulator.start({ port, host: parseFlags(argv).get('host') ?? '127.0.0.1' });
  logger.info('Gemini emulator ready (any API key is accepted)', { GEMINI_BASE_URL: baseUrl });
  const shutdown = (): void => {
    void emulator.stop().then(() => logger.info('Gemini emulator stopped'));
  };

  process.once('SIGINT', shutdown);

  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
