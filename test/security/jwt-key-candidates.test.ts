import { expect } from 'chai';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import {
  fitsAlgorithm,
  jwksKeyCandidates,
  staticKeyCandidates,
  type KeyCandidates,
  type KeyHint,
} from '../../predictor/security/jwt-key-candidates.js';

async function collect(candidates: KeyCandidates, hint: KeyHint): Promise<JWK[]> {
  const keys: JWK[] = [];
  for await (const key of candidates(hint)) keys.push(await exportJWK(key));
  return keys;
}

/** Identifies a public key by its RFC 7638 thumbprint. */
const idOf = (jwk: JWK) => calculateJwkThumbprint(jwk);

describe('jwt key candidates', () => {
  let rsa: CryptoKey;
  let ecOld: CryptoKey;
  let ecNew: CryptoKey;
  let ids: { rsa: string; ecOld: string; ecNew: string };
  before(async () => {
    [rsa, ecOld, ecNew] = await Promise.all([
      generateKeyPair('RS256', { extractable: true }).then((pair) => pair.publicKey),
      generateKeyPair('ES256', { extractable: true }).then((pair) => pair.publicKey),
      generateKeyPair('ES256', { extractable: true }).then((pair) => pair.publicKey),
    ]);
    ids = {
      rsa: await idOf(await exportJWK(rsa)),
      ecOld: await idOf(await exportJWK(ecOld)),
      ecNew: await idOf(await exportJWK(ecNew)),
    };
  });

  describe('staticKeyCandidates', () => {
    const pems = async (...keys: CryptoKey[]) => (await Promise.all(keys.map((key) => exportSPKI(key)))).join('\n');

    it('yields only keys whose type fits the algorithm, in the order given', async () => {
      const candidates = staticKeyCandidates(await pems(rsa, ecOld, ecNew));
      expect(await Promise.all((await collect(candidates, { alg: 'ES256' })).map(idOf))).to.deep.equal([ids.ecOld, ids.ecNew]);
      expect(await Promise.all((await collect(candidates, { alg: 'RS256' })).map(idOf))).to.deep.equal([ids.rsa]);
      expect(await collect(candidates, { alg: 'ES384' })).to.deep.equal([]);
    });

    it('yields the key whose thumbprint is the kid first, then the other fitting keys', async () => {
      const candidates = staticKeyCandidates(await pems(rsa, ecOld, ecNew));
      const order = await Promise.all((await collect(candidates, { alg: 'ES256', kid: ids.ecNew })).map(idOf));
      expect(order).to.deep.equal([ids.ecNew, ids.ecOld]);
    });

    it('accepts PEM text with escaped newlines (as some secret stores hand it over)', async () => {
      const candidates = staticKeyCandidates((await pems(ecOld)).replaceAll('\n', '\\n'));
      expect(await collect(candidates, { alg: 'ES256' })).to.have.length(1);
    });

    it('refuses text without a PEM public key', () => {
      expect(() => staticKeyCandidates('not a key')).to.throw('JWT_PUBLIC_KEY holds no PEM public key');
    });
  });

  describe('jwksKeyCandidates', () => {
    const jwks = async (entries: ReadonlyArray<readonly [CryptoKey, string | undefined, string]>) =>
      createLocalJWKSet({
        keys: await Promise.all(entries.map(async ([key, kid, alg]) => ({ ...(await exportJWK(key)), alg, ...(kid ? { kid } : {}) }))),
      });

    it('yields the key named by kid first, then the other keys of the type', async () => {
      const candidates = jwksKeyCandidates(
        await jwks([
          [ecOld, 'old', 'ES256'],
          [rsa, 'rsa', 'RS256'],
          [ecNew, 'new', 'ES256'],
        ]),
      );
      expect(await Promise.all((await collect(candidates, { alg: 'ES256', kid: 'new' })).map(idOf))).to.deep.equal([ids.ecNew, ids.ecOld]);
    });

    it('yields every key of the type when several match and the token has no kid', async () => {
      const candidates = jwksKeyCandidates(
        await jwks([
          [ecOld, undefined, 'ES256'],
          [rsa, undefined, 'RS256'],
          [ecNew, undefined, 'ES256'],
        ]),
      );
      expect(await Promise.all((await collect(candidates, { alg: 'ES256' })).map(idOf))).to.deep.equal([ids.ecOld, ids.ecNew]);
    });

    it('falls back to the keys of the type when the kid names a key of another type or none', async () => {
      const candidates = jwksKeyCandidates(
        await jwks([
          [rsa, 'shared-name', 'RS256'],
          [ecNew, 'new', 'ES256'],
        ]),
      );
      expect(await Promise.all((await collect(candidates, { alg: 'ES256', kid: 'shared-name' })).map(idOf))).to.deep.equal([ids.ecNew]);
      expect(await Promise.all((await collect(candidates, { alg: 'ES256', kid: 'gone' })).map(idOf))).to.deep.equal([ids.ecNew]);
    });

    it('yields nothing when no key fits the algorithm', async () => {
      const candidates = jwksKeyCandidates(await jwks([[rsa, 'rsa', 'RS256']]));
      expect(await collect(candidates, { alg: 'ES256', kid: 'rsa' })).to.deep.equal([]);
    });
  });

  describe('fitsAlgorithm', () => {
    it('matches key type and EC curve to the algorithm', async () => {
      const node = async (key: CryptoKey): Promise<KeyObject> => createPublicKey(await exportSPKI(key));
      const [rsaKey, ecKey] = [await node(rsa), await node(ecOld)];
      expect([fitsAlgorithm(rsaKey, 'RS256'), fitsAlgorithm(rsaKey, 'PS512'), fitsAlgorithm(rsaKey, 'ES256')]).to.deep.equal([
        true,
        true,
        false,
      ]);
      expect([fitsAlgorithm(ecKey, 'ES256'), fitsAlgorithm(ecKey, 'ES384'), fitsAlgorithm(ecKey, 'HS256')]).to.deep.equal([
        true,
        false,
        false,
      ]);
    });
  });
});
