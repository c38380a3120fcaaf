import { expect } from 'chai';
import { Registry } from 'prom-client';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import { createStartupTimeline, STARTUP_PHASES } from '../../predictor/observability/startup-phases.js';
import { CollectingLogger } from '../fakes/collecting-logger.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';

const CONTEXT: RequestContext = {
  requestId: 'req-1',
  signal: new AbortController().signal,
  deadlineAtMs: Number.MAX_SAFE_INTEGER,
  principal: ANONYMOUS_PRINCIPAL,
};
const REQUEST: ModelRequest = { inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['{}'] }] };

/** A clock that moves 10 ms each time it is read. */
function steppingClock(): () => number {
  let milliseconds = 0;
  return () => (milliseconds += 10);
}

async function metricValues(
  registry: Registry,
  name: string,
): Promise<{ labels: Partial<Record<string, string | number>>; value: number }[]> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric ? metric.values.map(({ labels, value }) => ({ labels, value })) : [];
}

describe('createStartupTimeline', () => {
  it('exports every phase, including those reached before it was attached, as seconds since process start', async () => {
    const registry = new Registry();
    const timeline = createStartupTimeline({ sinceProcessStartMs: steppingClock() });
    timeline.reach('modules_loaded');
    timeline.reach('config_loaded');
    timeline.attach({ registry, logger: new CollectingLogger() });
    for (const phase of STARTUP_PHASES.slice(2)) timeline.reach(phase);

    const values = await metricValues(registry, 'predictor_startup_phase_seconds');
    expect(values.map(({ labels }) => labels.phase)).to.deep.equal([...STARTUP_PHASES]);
    expect(values.map(({ value }) => value)).to.deep.equal([0.01, 0.02, 0.03, 0.04, 0.05]);
  });

  it('logs the phases once, as one line, when ready', () => {
    const logger = new CollectingLogger();
    const timeline = createStartupTimeline({ sinceProcessStartMs: steppingClock() });
    timeline.attach({ registry: new Registry(), logger });
    for (const phase of STARTUP_PHASES) timeline.reach(phase);

    expect(logger.lines).to.have.length(1);
    expect(logger.lines[0]?.fields).to.deep.include({ modules_loaded_ms: 10, listening_ms: 40, ready_ms: 50 });
  });

  it('refuses a phase out of order or twice', () => {
    const timeline = createStartupTimeline({ sinceProcessStartMs: steppingClock() });
    expect(() => timeline.reach('config_loaded')).to.throw(/config_loaded reached out of order \(expected modules_loaded\)/);
    timeline.reach('modules_loaded');
    expect(() => timeline.reach('modules_loaded')).to.throw(/out of order/);
  });

  it('records the first answered inference once, after the phases, and passes every answer through', async () => {
    const registry = new Registry();
    const logger = new CollectingLogger();
    const timeline = createStartupTimeline({ sinceProcessStartMs: steppingClock() });
    timeline.attach({ registry, logger });
    for (const phase of STARTUP_PHASES) timeline.reach(phase);
    const model = new FakePredictorModel({ script: [new Error('upstream down')] });
    const observed = timeline.observeFirstInference(model);

    await observed.predict(REQUEST, CONTEXT).catch(() => undefined);
    expect(await metricValues(registry, 'predictor_first_inference_seconds')).to.deep.equal([{ labels: {}, value: 0 }]);
    const first = await observed.predict(REQUEST, CONTEXT);
    await observed.predict(REQUEST, CONTEXT);

    expect(first.outputs.map((output) => output.name)).to.deep.equal(['episode']);
    expect(model.calls).to.have.length(3);
    expect(await metricValues(registry, 'predictor_first_inference_seconds')).to.deep.equal([{ labels: {}, value: 0.06 }]);
    const lines = logger.lines.filter((line) => line.message.startsWith('first inference'));
    expect(lines).to.have.length(1);
    expect(lines[0]?.fields).to.deep.include({ ready_ms: 50, first_inference_ms: 60 });
  });
});
