/**
 * @module main
 * The composition root and the only file that reads process.env and handles process
 * events: load config (exit non-zero before listening if invalid), build the application,
 * listen, and drain on SIGTERM/SIGINT.
 */
// First: on an unsupported Node.js it exits before the other imports evaluate.
import './config/exit-on-unsupported-node.js';
import { readFile } from 'node:fs/promises';
import { composeApplication } from './composition/compose-application.js';
import { configProblemLines, loadConfig, secretValues } from './config/load-config.js';
import { parseServerCommandLine } from './config/server-command-line.js';
import { createStartupFileReader } from './config/startup-file-reader.js';
import { schemasCompiledAtRunTime } from './create-ajv.js';
import { ConfigError } from './errors.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetricsRegistry } from './observability/metrics-registry.js';
import { createStartupTimeline } from './observability/startup-phases.js';
import { createTracing } from './observability/tracing.js';
import { createRedactor } from './security/redact.js';
import { createShutdown, startServer } from './server.js';

const SERVICE_VERSION = '0.1.0';
// Module code runs once every static import has been evaluated: that is the first phase.
const startup = createStartupTimeline();
startup.reach('modules_loaded');

async function main(): Promise<void> {
  const commandLine = parseServerCommandLine(process.argv.slice(2));
  // Returning (nothing is started yet) lets a piped --help flush before the process ends.
  if (commandLine.kind === 'help') {
    process.stdout.write(commandLine.text);
    return;
  }
  if (commandLine.kind === 'usage-error') {
    process.stderr.write(`${commandLine.message}\n`);
    process.exitCode = 2;
    return;
  }
  let config;
  try {
    config = loadConfig({ env: process.env, argv: process.argv.slice(2) });
  } catch (error) {
    exitOnConfigError(error);
  }
  startup.reach('config_loaded');
  const logger = createLogger({
    level: config.observability.logLevel,
    redact: createRedactor({ secrets: secretValues(config) }),
    defaultFields: { service: 'multi-agent-pipeline', version: SERVICE_VERSION },
    batchWrites: true,
  });
  // The lines gathered this turn are written on exit, as each line used to be written when
  // logged: at once to a file, and to a pipe as far as it has room.
  process.once('exit', () => logger.flush());
  installCrashHandlers(logger);
  if (commandLine.unusedFlags.length > 0) logger.info('KServe flags accepted but not used', { flags: commandLine.unusedFlags });
  const metrics = createMetricsRegistry();
  startup.attach({ registry: metrics.registry, logger });
  const tracing = await createTracing({
    exporter: config.monitoring.tracesExporter,
    endpoint: config.monitoring.otlpEndpoint,
    serviceName: config.monitoring.serviceName,
    serviceVersion: SERVICE_VERSION,
    logger,
  });
  const application = await composeApplication({
    config,
    logger,
    registry: metrics.registry,
    renderMetrics: metrics.render,
    readFile: createStartupFileReader({ config, readFile: (path) => readFile(path, 'utf8') }),
    serverVersion: SERVICE_VERSION,
    tracer: tracing.tracer,
    traceLlmCalls: tracing.isExporting,
    observeServedModel: startup.observeFirstInference,
    // Node's own proxy support covers its global agents and fetch; the Gemini transport's
    // agents are handed the same environment when it is on.
    ...(usesEnvProxy() ? { proxyEnv: process.env } : {}),
  });
  startup.reach('app_built');
  // Signal handlers go in before the port opens: a SIGTERM that arrives just after
  // "server listening" must drain, not kill the process.
  const lifecycle: { drain?: () => Promise<void> } = {};
  const shutdown = async (signal: string): Promise<void> => {
    logger.info('signal received', { signal });
    await lifecycle.drain?.();
    await application.close();
    await tracing.shutdown();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    logger.info('signal received: reloading access policy and API keys', { signal: 'SIGHUP' });
    void application.security.reloadPolicy().catch(() => undefined);
  });
  const grpc = {
    server: application.grpcServer,
    port: config.server.grpcPort === 0 ? undefined : config.server.grpcPort,
    onHttpPort: config.server.grpcOnHttpPort,
  };
  const server = await startServer({ app: application.app, ...config.server, logger, grpc });
  startup.reach('listening');
  lifecycle.drain = createShutdown({
    dataPlane: application.dataPlane,
    server,
    inFlight: application.inFlight,
    drainDelayMs: config.server.drainDelayMs,
    shutdownTimeoutMs: config.server.shutdownTimeoutMs,
    logger,
  });
  // Zero in the production bundle's default start: its schemas were compiled at build time.
  startup.reach('ready', { validators_compiled_at_run_time: schemasCompiledAtRunTime().length });
}

/** Whether Node's built-in proxy support is on: `NODE_USE_ENV_PROXY=1`, or `--use-env-proxy` on the command line or in NODE_OPTIONS. */
function usesEnvProxy(): boolean {
  return (
    process.env.NODE_USE_ENV_PROXY === '1' ||
    process.execArgv.includes('--use-env-proxy') ||
    (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes('--use-env-proxy')
  );
}

/** A request's error never reaches here; anything that does is a bug: log it, then stop. */
function installCrashHandlers(logger: Logger): void {
  const crash = (kind: string) => (error: unknown) => {
    logger.error('fatal: process will exit', { kind, error });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  };
  process.on('uncaughtException', crash('uncaughtException'));
  process.on('unhandledRejection', crash('unhandledRejection'));
}

/** A configuration problem (settings, or a policy, keys or price file): one line each, exit 1, no stack. */
function exitOnConfigError(error: unknown): never {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(configProblemLines(error));
  process.exit(1);
}

// Not a top-level await: the production bundle is CommonJS (scripts/bundle.mjs). A failure
// before the crash handlers are installed still ends the process with its message.
main().catch((error: unknown) => {
  if (error instanceof ConfigError) exitOnConfigError(error);
  process.stderr.write(`fatal: start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
