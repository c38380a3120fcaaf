import { expect } from 'chai';
import { hashToUnit, pickArm, withPromptSplit } from '../../../predictor/dataplane/decorators/with-prompt-split.js';
import { ANONYMOUS_PRINCIPAL, type RequestContext } from '../../../predictor/contract/request-context.js';
import type { ModelRequest } from '../../../predictor/contract/tensor.js';
import { ConfigError } from '../../../predictor/errors.js';
import { currentLogFields } from '../../../predictor/observability/log-context.js';
import { FakePredictorModel } from '../../fakes/fake-predictor-model.js';

function contextFor(requestId: string): RequestContext {
  return { requestId, signal: new AbortController().signal, deadlineAtMs: Number.MAX_SAFE_INTEGER, principal: ANONYMOUS_PRINCIPAL };
}

/** A model that answers with the prompt version it was asked for (default v1), as the pipeline does. */
function echoingModel(): FakePredictorModel {
  const model = new FakePredictorModel({ name: 'podcast-pipeline' });
  const answer = (request: ModelRequest) => ({
    outputs: [],
    parameters: {
      prompt_version: String(request.parameters?.prompt_version ?? 'v1'),
      log_version: String(currentLogFields().prompt_version ?? ''),
    },
  });
  for (let index = 0; index < 2000; index++) model.enqueue(answer);
  return model;
}

const REQUEST: ModelRequest = { inputs: [] };

describe('withPromptSplit', () => {
  it('splits requests without prompt_version by weight, the same way for the same request id', async () => {
    const split = withPromptSplit({
      model: echoingModel(),
      split: [
        { version: 'v1', weight: 90 },
        { version: 'v2', weight: 10 },
      ],
      knownVersions: ['v1', 'v2'],
    });
    const versions: string[] = [];
    for (let index = 0; index < 1000; index++)
      versions.push(String((await split.predict(REQUEST, contextFor(`request-${index}`))).parameters?.prompt_version));
    const v2Share = versions.filter((version) => version === 'v2').length / versions.length;
    expect(v2Share).to.be.within(0.07, 0.13);
    const again = await split.predict(REQUEST, contextFor('request-7'));
    expect(again.parameters?.prompt_version).to.equal(versions[7]);
  });

  it('keeps a version the request names', async () => {
    const model = echoingModel();
    const split = withPromptSplit({ model, split: [{ version: 'v2', weight: 1 }], knownVersions: ['v1', 'v2'] });
    const response = await split.predict({ inputs: [], parameters: { prompt_version: 'v1' } }, contextFor('r'));
    expect(response.parameters?.prompt_version).to.equal('v1');
    expect(model.calls[0]?.request.parameters).to.deep.equal({ prompt_version: 'v1' });
  });

  it('passes requests through unchanged with an empty split', async () => {
    const model = echoingModel();
    await withPromptSplit({ model, split: [], knownVersions: ['v1'] }).predict(REQUEST, contextFor('r'));
    expect(model.calls[0]?.request).to.equal(REQUEST);
  });

  it('tells onAnswered the version under the request id and the OIP id, and puts it on log lines', async () => {
    const answered: string[] = [];
    const split = withPromptSplit({
      model: echoingModel(),
      split: [{ version: 'v2', weight: 1 }],
      knownVersions: ['v1', 'v2'],
      onAnswered: (ids, version) => answered.push(`${ids.join('+')}=${version}`),
    });
    const response = await split.predict({ id: 'oip-9', inputs: [] }, contextFor('x-9'));
    expect(answered).to.deep.equal(['x-9+oip-9=v2']);
    expect(response.parameters?.log_version).to.equal('v2');
  });

  it('refuses a split naming an unknown prompt version', () => {
    expect(() => withPromptSplit({ model: echoingModel(), split: [{ version: 'v7', weight: 1 }], knownVersions: ['v1', 'v2'] })).to.throw(
      ConfigError,
      /unknown prompt versions v7/,
    );
  });

  it('forwards the rest of the model interface', async () => {
    const model = echoingModel();
    const split = withPromptSplit({ model, split: [], knownVersions: ['v1'] });
    model.setReady(false);
    expect(split.isReady()).to.equal(false);
    expect(split.metadata().name).to.equal('podcast-pipeline');
  });
});

describe('pickArm', () => {
  it('never picks a zero-weight arm and is undefined without weight', () => {
    for (let index = 0; index < 200; index++)
      expect(
        pickArm(
          [
            { version: 'a', weight: 0 },
            { version: 'b', weight: 3 },
          ],
          `id-${index}`,
        ),
      ).to.equal('b');
    expect(pickArm([{ version: 'a', weight: 0 }], 'id')).to.equal(undefined);
  });
});

describe('hashToUnit', () => {
  it('maps text into [0, 1) deterministically', () => {
    expect(hashToUnit('abc')).to.equal(hashToUnit('abc'));
    expect(hashToUnit('abc')).to.be.within(0, 1);
    expect(hashToUnit('abc')).not.to.equal(hashToUnit('abd'));
  });
});
