import { expect } from 'chai';
import { isIbanValid, isLuhnValid, isSpanishIdValid } from '../../../predictor/security/detectors/pii-checksums.js';

describe('isLuhnValid', () => {
  it('accepts test card numbers and rejects a one-digit change', () => {
    expect(isLuhnValid('4111111111111111')).to.equal(true);
    expect(isLuhnValid('378282246310005')).to.equal(true);
    expect(isLuhnValid('4111111111111112')).to.equal(false);
  });

  it('rejects non-digits', () => {
    expect(isLuhnValid('4111-1111')).to.equal(false);
  });
});

describe('isIbanValid', () => {
  it('accepts valid IBANs with or without spaces', () => {
    expect(isIbanValid('DE89 3704 0044 0532 0130 00')).to.equal(true);
    expect(isIbanValid('GB82WEST12345698765432')).to.equal(true);
    expect(isIbanValid('fr1420041010050500013m02606')).to.equal(true);
  });

  it('rejects a wrong check digit and malformed strings', () => {
    expect(isIbanValid('DE89 3704 0044 0532 0130 01')).to.equal(false);
    expect(isIbanValid('DE8937')).to.equal(false);
    expect(isIbanValid('1289370400440532013000')).to.equal(false);
  });
});

describe('isSpanishIdValid', () => {
  it('checks the DNI and NIE control letter', () => {
    expect(isSpanishIdValid('12345678Z')).to.equal(true);
    expect(isSpanishIdValid('12345678A')).to.equal(false);
    expect(isSpanishIdValid('X1234567L')).to.equal(true);
  });
});
