/**
 * @module scripts/eval/eval-cli
 * `npm run eval -- [dataset-dir] [options]`: offline evaluation in one command. Loads the
 * same config as the server (no Gemini key: the built-in emulator, in process), runs each
 * variant's pipeline over the dataset, checks and judges the outputs, writes
 * `eval-report.json` and `eval-report.html`, and exits 1 when a gate threshold is missed
 * (2 on bad arguments or config), so CI can use it as a quality gate.
 * Like predictor/main.ts this is a composition root: it reads process.env and sets the exit code.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../../predictor/config/config-schema.js';
import { loadConfig, secretValues } from '../../predictor/config/load-config.js';
import { ConfigError, InvalidInputError } from '../../predictor/errors.js';
import { createLogger, type Logger } from '../../predictor/observability/logger.js';
import { createMetricsRegistry } from '../../predictor/observability/metrics-registry.js';
import { assertPromptVersion } from '../../predictor/pipeline/prompts/prompt-registry.js';
import { createRedactor } from '../../predictor/security/redact.js';
import { composeEvalPipeline, type EvalPipeline } from './compose-eval-pipeline.js';
import { createJudge } from '../../predictor/evaluation/create-judge.js';
import { runCli, UsageError } from '../deploy/cli-args.js';
import { EVAL_USAGE, parseEvalCliArgs, type EvalCliArgs, type VariantSpec } from './eval-cli-args.js';
import { loadEvalDataset, type DatasetEpisode } from './eval-dataset.js';
import { gateFailures, type EpisodeResult, type EvalReport, type VariantResult } from './eval-report.js';
import { judgeModelId } from '../../predictor/evaluation/judge-model-id.js';
import { renderReportHtml } from './render-report-html.js';
import { runOfflineEvaluation } from './run-offline-evaluation.js';

const env: Readonly<Record<string, string | undefined>> = process.env;

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        done();
      },
      { once: true },
    );
  });

function compose(config: Config, logger: Logger): Promise<EvalPipeline> {
  const registry = createMetricsRegistry({ collectProcessMetrics: false }).registry;
  return composeEvalPipeline({
    config,
    logger,
    registry,
    readFile: (path) => readFile(path, 'utf8'),
    now: Date.now,
    sleep,
    random: Math.random,
  });
}

function printEpisode(variant: string, result: EpisodeResult): void {
  const scores = result.scores.map((score) => `${score.agent}.${score.name}=${score.value.toFixed(2)}`).join(' ');
  process.stderr.write(`[${variant}] ${result.id}: ${result.status} ${result.latencyMs} ms $${result.costUsd.toFixed(6)} ${scores}\n`);
}

async function runVariant(
  spec: VariantSpec,
  base: { config: Config; pipeline: EvalPipeline },
  context: { args: EvalCliArgs; logger: Logger; dataset: readonly DatasetEpisode[]; judge: ReturnType<typeof createJudge> | undefined },
): Promise<VariantResult> {
  const hasOverrides = Object.keys(spec.settings).length > 0;
  const config = hasOverrides ? loadConfig({ env: { ...env, ...spec.settings }, argv: context.args.configArgv }) : base.config;
  const promptVersion = spec.promptVersion ?? config.pipeline.promptVersion;
  assertPromptVersion(promptVersion);
  const pipeline = hasOverrides ? await compose(config, context.logger) : base.pipeline;
  try {
    const [result] = await runOfflineEvaluation({
      dataset: context.dataset,
      variants: [{ name: spec.name, promptVersion, settings: spec.settings, model: pipeline.model, recorder: pipeline.recorder }],
      ...(context.judge ? { judge: context.judge } : {}),
      episodeTimeoutMs: context.args.episodeTimeoutMs,
      now: Date.now,
      onEpisode: printEpisode,
    });
    return result!;
  } finally {
    if (hasOverrides) await pipeline.llm.close();
  }
}

function printSummary(report: EvalReport, paths: readonly string[]): void {
  for (const variant of report.variants) {
    const summary = Object.entries(variant.summary).map(
      ([key, value]) => `${key}=${typeof value === 'number' ? Number(value.toFixed(6)) : value}`,
    );
    process.stdout.write(`variant ${variant.name} (prompt ${variant.promptVersion}): ${summary.join(' ')}\n`);
  }
  if (report.llmBackend === 'emulator') {
    process.stdout.write('note: the emulator answers the judge with schema-valid placeholders (0.5); checks, cost and latency are real.\n');
  }
  process.stdout.write(`reports: ${paths.join(', ')}\n`);
  process.stdout.write(
    report.gate.isPassed ? 'gate: PASS\n' : `gate: FAIL\n${report.gate.failures.map((failure) => `  - ${failure}`).join('\n')}\n`,
  );
}

async function main(): Promise<number> {
  const args = parseEvalCliArgs(process.argv.slice(2));
  if (args.isHelp) {
    process.stdout.write(`${EVAL_USAGE}\n`);
    return 0;
  }
  const config = loadConfig({ env, argv: args.configArgv });
  // Quiet by default: this is a CLI. LOG_LEVEL=info shows the server's log lines.
  const logger = createLogger({
    level: env.LOG_LEVEL ? config.observability.logLevel : 'error',
    redact: createRedactor({ secrets: secretValues(config) }),
    stream: process.stderr,
  });
  const isDirectory = await stat(args.datasetDirectory).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new UsageError(`dataset directory ${args.datasetDirectory} does not exist (default: scripts/eval/dataset)`);
  const dataset = await loadEvalDataset({
    directory: args.datasetDirectory,
    readDirectory: (path) => readdir(path),
    readFile: (path) => readFile(path, 'utf8'),
  });
  const specs: VariantSpec[] = args.variants.length > 0 ? [...args.variants] : [{ name: config.pipeline.promptVersion, settings: {} }];
  const pipeline = await compose(config, logger);
  const judgeOptions = {
    models: pipeline.llm.provider,
    modelId: judgeModelId(config),
    promptVersion: config.monitoring.judgePromptVersion,
    costOf: pipeline.llm.costOf,
  };
  const judge = args.isJudgeEnabled ? createJudge(judgeOptions) : undefined;
  const variants: VariantResult[] = [];
  try {
    for (const spec of specs) variants.push(await runVariant(spec, { config, pipeline }, { args, logger, dataset, judge }));
  } finally {
    await pipeline.llm.close();
  }
  const failures = gateFailures(variants, config.monitoring.evalThresholds);
  const report: EvalReport = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    dataset: { directory: args.datasetDirectory, episodeCount: dataset.length },
    llmBackend: pipeline.llm.backend.backend,
    judge: judge ? { modelId: judge.modelId, promptVersion: judge.promptVersion } : null,
    thresholds: config.monitoring.evalThresholds,
    variants,
    gate: { isPassed: failures.length === 0, failures },
  };
  await mkdir(args.outDirectory, { recursive: true });
  const jsonPath = resolve(join(args.outDirectory, 'eval-report.json'));
  const htmlPath = resolve(join(args.outDirectory, 'eval-report.html'));
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(htmlPath, renderReportHtml(report));
  printSummary(report, [jsonPath, htmlPath]);
  return report.gate.isPassed ? 0 : 1;
}

// Exit 2 for anything wrong with the command line or config (a missing dataset directory is a
// bad argument), 1 for a missed threshold or a failure; one line on stderr, never a stack.
process.exitCode = await runCli(main, {
  name: 'eval',
  isUsageError: (error) => error instanceof ConfigError || error instanceof InvalidInputError,
});
