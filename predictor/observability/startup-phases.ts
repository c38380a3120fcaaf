/**
 * @module observability/startup-phases
 * Where a cold start goes. main.ts marks each start-up phase as it is reached (modules
 * loaded, config loaded, app built, listening, ready) and the served model reports its first
 * answered inference; each is recorded as seconds since the process started, logged once as
 * one line and exported on /metrics (`predictor_startup_phase_seconds{phase}`,
 * `predictor_first_inference_seconds`). Knative reports no such figure, and a scale-from-zero
 * request waits for all of it.
 */
import { Gauge, type Registry } from 'prom-client';
import { delegate } from '../contract/delegate-model.js';
import type { PredictorModel } from '../contract/predictor-model.js';
import type { LogFields, Logger } from './logger.js';

/** In the order a start reaches them. */
export const STARTUP_PHASES = ['modules_loaded', 'config_loaded', 'app_built', 'listening', 'ready'] as const;
export type StartupPhase = (typeof STARTUP_PHASES)[number];

export interface StartupTimeline {
  /**
   * Records `phase` as reached now. Phases are reached once each, in STARTUP_PHASES order.
   * `details` join the one log line written at `ready`.
   */
  reach(phase: StartupPhase, details?: LogFields): void;
  /** Exports what is recorded (and what is recorded later) on `registry`; logs through `logger` from now on. */
  attach(options: { readonly registry: Registry; readonly logger: Logger }): void;
  /** The served model, recording its first answered inference (whichever transport asked). */
  observeFirstInference(model: PredictorModel): PredictorModel;
}

export interface CreateStartupTimelineOptions {
  /**
   * Milliseconds since the process started. Default `performance.now()`, whose origin is
   * the process's start, so the time Node itself takes to boot is counted too.
   */
  readonly sinceProcessStartMs?: () => number;
}

/** @example const startup = createStartupTimeline(); startup.reach('modules_loaded'); */
export function createStartupTimeline({
  sinceProcessStartMs = () => performance.now(),
}: CreateStartupTimelineOptions = {}): StartupTimeline {
  const reachedAtMs = new Map<StartupPhase, number>();
  let firstInferenceMs: number | undefined;
  let phaseGauge: Gauge<'phase'> | undefined;
  let firstInferenceGauge: Gauge | undefined;
  let logger: Logger | undefined;

  const seconds = (milliseconds: number): number => milliseconds / 1000;
  const phaseFields = (): Record<string, number> =>
    Object.fromEntries([...reachedAtMs].map(([phase, milliseconds]) => [`${phase}_ms`, Math.round(milliseconds)]));

  return {
    reach(phase, details = {}) {
      const expected = STARTUP_PHASES[reachedAtMs.size];
      if (phase !== expected) throw new Error(`start-up phase ${phase} reached out of order (expected ${expected ?? 'none'})`);
      const milliseconds = sinceProcessStartMs();
      reachedAtMs.set(phase, milliseconds);
      phaseGauge?.set({ phase }, seconds(milliseconds));
      if (phase === 'ready') logger?.info('start-up phases (ms since process start)', { ...phaseFields(), ...details });
    },
    attach(options) {
      logger = options.logger;
      phaseGauge = new Gauge({
        name: 'predictor_startup_phase_seconds',
        help: `Seconds from process start until each start-up phase was reached (${STARTUP_PHASES.join(', ')}).`,
        labelNames: ['phase'],
        registers: [options.registry],
      });
      firstInferenceGauge = new Gauge({
        name: 'predictor_first_inference_seconds',
        help: 'Seconds from process start until the first inference was answered (0 until one is).',
        registers: [options.registry],
      });
      for (const [phase, milliseconds] of reachedAtMs) phaseGauge.set({ phase }, seconds(milliseconds));
      if (firstInferenceMs !== undefined) firstInferenceGauge.set(seconds(firstInferenceMs));
    },
    observeFirstInference(model) {
      let isFirst = true;
      return {
        ...delegate(model),
        async predict(request, context) {
          const response = await model.predict(request, context);
          if (isFirst) {
            isFirst = false;
            firstInferenceMs = sinceProcessStartMs();
            firstInferenceGauge?.set(seconds(firstInferenceMs));
            logger?.info('first inference answered (ms since process start)', {
              ...phaseFields(),
              first_inference_ms: Math.round(firstInferenceMs),
            });
          }
          return response;
        },
      };
    },
  };
}
