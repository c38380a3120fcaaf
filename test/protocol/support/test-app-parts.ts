/**
 * @module test/protocol/support/test-app-parts
 * The fakes the REST and gRPC test apps are both built around. Kept apart from
 * start-test-app so that the gRPC test app does not load (and so activate) nock.
 */
import { createDataPlane } from '../../../predictor/dataplane/data-plane.js';
import { createModelRegistry } from '../../../predictor/dataplane/model-registry.js';
import { createMetricsRegistry } from '../../../predictor/observability/metrics-registry.js';
import { createInFlightRequests } from '../../../predictor/protocol/in-flight-requests.js';
import { CollectingLogger } from '../../fakes/collecting-logger.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';

/** The fakes every test app is built around: the models' data plane, a collecting logger, a fresh registry. */
export function createTestAppParts(models: readonly FakePredictorModel[] = [new FakePredictorModel()]) {
  return {
    models,
    logger: new CollectingLogger(),
    metrics: createMetricsRegistry({ collectProcessMetrics: false }),
    inFlight: createInFlightRequests(),
    dataPlane: createDataPlane({
      registry: createModelRegistry(models),
      serverMetadata: { name: 'test-predictor', version: '0.0.1', extensions: ['binary_tensor_data'] },
    }),
  };
}
