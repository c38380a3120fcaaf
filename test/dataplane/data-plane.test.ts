import { expect } from 'chai';
import type { Admission, RequestLimiter } from '../../predictor/contract/access-control.js';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../predictor/contract/tensor.js';
import { createDataPlane } from '../../predictor/dataplane/data-plane.js';
import { withRequestLimits } from '../../predictor/dataplane/decorators/with-request-limits.js';
import { createModelRegistry } from '../../predictor/dataplane/model-registry.js';
import { InvalidInputError, ModelNotReadyError, NotImplementedError, ServerNotReadyError } from '../../predictor/errors.js';
import { FakePredictorModel } from '../fakes/fake-predictor-model.js';

const CONTEXT: RequestContext = {
  requestId: 'req-1',
  signal: new AbortController().signal,
  deadlineAtMs: Number.MAX_SAFE_INTEGER,
  principal: ANONYMOUS_PRINCIPAL,
};
const REQUEST: ModelRequest = { id: 'oip-7', inputs: [{ name: 'episode', datatype: 'BYTES', shape: [1], data: ['{}'] }] };

/** A data plane serving one fake model behind request limits that count admissions and settlements. */
function limitedDataPlane(model = new FakePredictorModel({ name: 'pipeline' })) {
  const counts = { admitted: 0, settled: [] as { tokens: number; costUsd: number }[] };
  const limiter: RequestLimiter = {
    async admit(): Promise<Admission> {
      counts.admitted++;
      return { settle: async (actual) => void counts.settled.push({ ...actual }) };
    },
  };
  const dataPlane = createDataPlane({
    registry: createModelRegistry([withRequestLimits({ model, limiter })]),
    serverMetadata: { name: 'test', version: '1', extensions: [] },
  });
  return { dataPlane, model, counts };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('createDataPlane.infer with a limited model', () => {
  it('settles the typed usage and answers with the request id and the requested outputs', async () => {
    const model = new FakePredictorModel({
      name: 'pipeline',
      outputs: [
        { name: 'a', datatype: 'INT32', shape: [1] },
        { name: 'b', datatype: 'INT32', shape: [1] },
      ],
      script: [
        {
          id: 'model-id',
          outputs: [
            { name: 'a', datatype: 'INT32', shape: [1], data: [1] },
            { name: 'b', datatype: 'INT32', shape: [1], data: [2] },
          ],
          usage: { tokens: 30, costUsd: 0.2 },
        },
      ],
    });
    const { dataPlane, counts } = limitedDataPlane(model);

    const response = await dataPlane.infer('pipeline', undefined, { ...REQUEST, outputs: [{ name: 'b' }] }, CONTEXT);

    expect(response.id).to.equal('oip-7');
    expect(response.outputs.map((output) => output.name)).to.deep.equal(['b']);
    expect(counts).to.deep.equal({ admitted: 1, settled: [{ tokens: 30, costUsd: 0.2 }] });
  });

  it('refuses before the limits reserve anything: unknown output, unserved version, model not ready, draining', async () => {
    const { dataPlane, model, counts } = limitedDataPlane();

    expect(await rejection(dataPlane.infer('pipeline', undefined, { ...REQUEST, outputs: [{ name: 'nope' }] }, CONTEXT))).to.be.instanceOf(
      InvalidInputError,
    );
    expect(await rejection(dataPlane.infer('pipeline', '2', REQUEST, CONTEXT))).to.be.instanceOf(NotImplementedError);
    model.setReady(false);
    expect(await rejection(dataPlane.infer('pipeline', undefined, REQUEST, CONTEXT))).to.be.instanceOf(ModelNotReadyError);
    model.setReady(true);
    dataPlane.startDraining();
    expect(await rejection(dataPlane.infer('pipeline', undefined, REQUEST, CONTEXT))).to.be.instanceOf(ServerNotReadyError);

    expect(counts).to.deep.equal({ admitted: 0, settled: [] });
    expect(model.calls).to.have.length(0);
  });
});
