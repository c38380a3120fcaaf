import { expect } from 'chai';
import { fromFrameworkError } from '../../predictor/protocol/framework-errors.js';

function httpError(status: number, type?: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('framework text that must not reach clients'), { status, type, ...extra });
}

describe('fromFrameworkError', () => {
  it('turns body-parser entity.too.large into payload_too_large naming the limit', () => {
    const error = fromFrameworkError(httpError(413, 'entity.too.large', { limit: 1024 }));
    expect(error?.code).to.equal('payload_too_large');
    expect(error?.message).to.equal('Request body is larger than the limit of 1024 bytes');
  });

  it('turns an aborted body into cancelled', () => {
    expect(fromFrameworkError(httpError(400, 'request.aborted'))?.code).to.equal('cancelled');
  });

  it('turns an unsupported Content-Encoding into invalid_input', () => {
    const error = fromFrameworkError(httpError(415, 'encoding.unsupported', { encoding: 'compress' }));
    expect(error?.code).to.equal('invalid_input');
    expect(error?.message).to.contain("'compress'");
  });

  it('turns a malformed path parameter into invalid_input', () => {
    const error = fromFrameworkError(Object.assign(new URIError('URI malformed'), { status: 400 }));
    expect(error?.message).to.equal('Malformed percent-encoding in the URL path');
  });

  it('turns other 400s (corrupt gzip, wrong length) into invalid_input with our wording', () => {
    const error = fromFrameworkError(httpError(400));
    expect(error?.code).to.equal('invalid_input');
    expect(error?.message).not.to.contain('framework text');
  });

  it('leaves unknown errors alone', () => {
    expect(fromFrameworkError(new Error('boom'))).to.equal(undefined);
    expect(fromFrameworkError(httpError(500, 'stream.not.readable'))).to.equal(undefined);
    expect(fromFrameworkError('text')).to.equal(undefined);
  });
});
