import { expect } from 'chai';
import { createFaultPicker, splitFaultModel } from '../../predictor/emulator/emulator-faults.js';
import { matchRoute } from '../../predictor/emulator/emulator-routes.js';

describe('matchRoute', () => {
  it('maps Gemini API and Vertex paths to the same model routes', () => {
    const expected = { kind: 'model', model: 'gemini-3.8-flash', action: 'generateContent' };
    expect(matchRoute('POST', '/v1beta/models/gemini-3.8-flash:generateContent')).to.deep.equal(expected);
    expect(matchRoute('POST', '/v1/models/gemini-3.8-flash:generateContent')).to.deep.equal(expected);
    expect(
      matchRoute('POST', '/v1beta1/projects/p/locations/us-central1/publishers/google/models/gemini-3.8-flash:generateContent'),
    ).to.deep.equal(expected);
  });

  it('routes caches and batches by method and rejects the rest', () => {
    expect(matchRoute('POST', '/v1beta/cachedContents')).to.deep.equal({ kind: 'create-cache' });
    expect(matchRoute('PATCH', '/v1beta/cachedContents/abc')).to.deep.equal({ kind: 'update-cache', name: 'cachedContents/abc' });
    expect(matchRoute('POST', '/v1beta/batches/b1:cancel')).to.deep.equal({ kind: 'cancel-batch', name: 'batches/b1' });
    expect(matchRoute('DELETE', '/v1beta/batches/b1')).to.deep.equal({ kind: 'delete-batch', name: 'batches/b1' });
    expect(matchRoute('GET', '/v1beta/models/gemini-3.8-flash:generateContent')).to.equal(undefined);
    expect(matchRoute('POST', '/v2/models/x:generateContent')).to.equal(undefined);
    expect(matchRoute('PUT', '/v1beta/batches/b1')).to.equal(undefined);
  });
});

describe('splitFaultModel', () => {
  it('splits a known fault suffix off the model id and leaves other ids alone', () => {
    expect(splitFaultModel('gemini-3.8-flash-fault-prompt-blocked')).to.deep.equal({
      modelId: 'gemini-3.8-flash',
      fault: 'prompt-blocked',
    });
    expect(splitFaultModel('gemini-3.8-flash-fault-nope')).to.deep.equal({ modelId: 'gemini-3.8-flash-fault-nope' });
  });
});

describe('createFaultPicker', () => {
  it('prefers the header, then the model suffix, then the script, then the rate', () => {
    const picker = createFaultPicker({ faultRate: 1, random: () => 0.5 });
    picker.script(['hang']);

    expect(picker.pick({ header: '429', modelFault: '500' })).to.equal('429');
    expect(picker.pick({ header: 'bogus', modelFault: '500' })).to.equal('500');
    expect(picker.pick({})).to.equal('hang');
    expect(picker.pick({})).to.equal('503');
  });

  it('refuses unknown scripted faults and never fails at rate 0', () => {
    const picker = createFaultPicker({ faultRate: 0, random: () => 0 });

    expect(() => picker.script(['418' as never])).to.throw(/Unknown emulator fault/);
    expect(picker.pick({})).to.equal(undefined);
  });
});
