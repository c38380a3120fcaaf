import { expect } from 'chai';
import { UnauthorizedError } from '../../predictor/errors.js';
import { extractCredentials } from '../../predictor/protocol/extract-credentials.js';

describe('extractCredentials', () => {
  it('reads a Bearer token (scheme case-insensitive) and an API key', () => {
    expect(extractCredentials('Bearer abc.def-ghi_~+/=', undefined)).to.deep.equal({ bearerToken: 'abc.def-ghi_~+/=' });
    expect(extractCredentials('bearer t0k3n', 'key-123')).to.deep.equal({ bearerToken: 't0k3n', apiKey: 'key-123' });
  });

  it('returns no credentials when neither header is sent', () => {
    expect(extractCredentials(undefined, undefined)).to.deep.equal({});
  });

  it('rejects other schemes, empty tokens and odd characters with 401', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'Bearer a b', 'Bearer a\u0000b', 'Token abc']) {
      expect(() => extractCredentials(header, undefined), header).to.throw(
        UnauthorizedError,
        'Authorization header must be "Bearer <token>"',
      );
    }
  });

  it('rejects oversized tokens', () => {
    expect(() => extractCredentials(`Bearer ${'a'.repeat(9000)}`, undefined)).to.throw(UnauthorizedError);
  });

  it('rejects API keys with spaces, control characters or too many characters', () => {
    for (const key of ['', 'a b', 'a\tb', 'k'.repeat(513)]) {
      expect(() => extractCredentials(undefined, key)).to.throw(UnauthorizedError, 'x-api-key header is malformed');
    }
  });
});
