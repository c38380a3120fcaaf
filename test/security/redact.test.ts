import { expect } from 'chai';
import { createRedactor, REDACTED } from '../../predictor/security/redact.js';

describe('createRedactor', () => {
  const googleKey = `AIza${'A1b2C3d4E5'.repeat(3)}xyz12`;
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJlLWJ5dGVz';

  it('replaces configured secret values, also JSON-escaped and URL-encoded', () => {
    const secret = 'p@ss"word/with\\odd chars';
    const redact = createRedactor({ secrets: [secret] });
    const line = JSON.stringify({ message: `raw ${secret}`, url: `https://x.test/?k=${encodeURIComponent(secret)}` });
    const result = redact(line);
    expect(result).not.to.include(JSON.stringify(secret).slice(1, -1));
    expect(result).not.to.include(encodeURIComponent(secret));
    expect(JSON.parse(result).message).to.equal(`raw ${REDACTED}`);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const redact = createRedactor({ secrets: ['abcdef', 'abcdefghij'] });
    expect(redact('key=abcdefghij!')).to.equal(`key=${REDACTED}!`);
  });

  it('ignores secrets too short to replace safely', () => {
    expect(createRedactor({ secrets: ['abc'] })('abc def')).to.equal('abc def');
  });

  it('redacts bearer and basic credentials', () => {
    const redact = createRedactor();
    expect(redact('Authorization: Bearer abc.DEF-123_x')).to.equal(`Authorization: Bearer ${REDACTED}`);
    expect(redact('authorization: basic dXNlcjpwYXNz')).to.equal(`authorization: basic ${REDACTED}`);
  });

  it('redacts Google API keys and JWT-shaped tokens anywhere', () => {
    const redact = createRedactor();
    expect(redact(`key ${googleKey} and token ${jwt}.`)).to.equal(`key ${REDACTED} and token ${REDACTED}.`);
  });

  it('redacts x-api-key and credential-named fields in JSON and header form', () => {
    const redact = createRedactor();
    const line = JSON.stringify({
      headers: { 'x-api-key': 'k-123', authorization: 'Token zzz' },
      apiKey: 'k-456',
      password: 'hunter2',
      tokens: 12,
    });
    const parsed = JSON.parse(redact(line));
    expect(parsed).to.deep.equal({
      headers: { 'x-api-key': REDACTED, authorization: REDACTED },
      apiKey: REDACTED,
      password: REDACTED,
      tokens: 12,
    });
    expect(redact('sent x-api-key: k-789 to upstream')).to.equal(`sent x-api-key: ${REDACTED} to upstream`);
    expect(redact('GET /v1?api_key=k-000&model=m')).to.equal(`GET /v1?api_key=${REDACTED}&model=m`);
  });

  it('redacts passwords in connection URLs', () => {
    expect(createRedactor()('redis://default:s3cret@redis:6379/0')).to.equal(`redis://default:${REDACTED}@redis:6379/0`);
  });

  it('leaves ordinary log text alone', () => {
    const line = JSON.stringify({
      message: 'inference done',
      input_tokens: 120,
      model: 'podcast-pipeline',
      url: 'https://x.test:8080/a@b',
    });
    expect(createRedactor({ secrets: ['unrelated-secret'] })(line)).to.equal(line);
  });

  it('keeps a JSON line valid JSON after redaction', () => {
    const redact = createRedactor({ secrets: [googleKey] });
    const line = JSON.stringify({ message: `failed with Bearer ${jwt}`, error: { message: `{"key":"${googleKey}"}` } });
    expect(() => JSON.parse(redact(line))).not.to.throw();
  });
});
