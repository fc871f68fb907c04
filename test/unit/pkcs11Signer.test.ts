/**
 * Mechanism choice of the PKCS#11 signer (PKCS#11 v2.40 §2.1.6, §2.1.16): a token that cannot hash gets
 * CKM_RSA_PKCS over DigestInfo(SHA-nnn). The "token" here is a stand-in whose raw RSA operation is OpenSSL's
 * (node:crypto privateEncrypt with PKCS#1 type 1 padding); the signature is then checked by node:crypto verify, so a
 * wrong DigestInfo prefix fails.
 */
import assert from 'node:assert/strict';
import { constants, createHash, privateEncrypt, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as pkcs11 from 'pkcs11js';
import { HASHES, SIGNING_HASHES } from '../../electron/core/crypto/HashAlgorithm.js';
import { ecdsaRawToDer, Pkcs11Signer } from '../../electron/token/pkcs11/Pkcs11Signer.js';
import { cleanup, makeTestPki, type TestPki } from '../helpers/testPki.js';

function fakeToken(mechanisms: number[], keyPem: string): { api: pkcs11.PKCS11; used: number[] } {
  const used: number[] = [];
  const api = {
    C_GetMechanismList: () => mechanisms,
    C_SignInit: (_s: unknown, m: pkcs11.Mechanism) => {
      used.push(m.mechanism);
    },
    C_SignAsync: (_s: unknown, data: Buffer) => Promise.resolve(privateEncrypt({ key: keyPem, padding: constants.RSA_PKCS1_PADDING }, data)),
  } as unknown as pkcs11.PKCS11;
  return { api, used };
}

describe('Pkcs11Signer mechanism choice', () => {
  let pki: TestPki;
  before(() => {
    pki = makeTestPki();
  });
  after(() => cleanup(pki.dir));

  for (const hash of SIGNING_HASHES) {
    it(`falls back to CKM_RSA_PKCS with a DigestInfo for ${hash}`, async () => {
      const keyPem = readFileSync(pki.signer.keyPem, 'utf8');
      const { api, used } = fakeToken([pkcs11.CKM_RSA_PKCS], keyPem);
      const cert = new Uint8Array(readFileSync(pki.signer.certDer));
      const signer = new Pkcs11Signer({ api, session: Buffer.alloc(8), slot: Buffer.alloc(8), privateKey: Buffer.alloc(8), certificate: cert, chain: [], alwaysAuthenticate: false, contextLogin: () => Promise.resolve() });
      const toBeSigned = Buffer.from('signed attributes stand-in');
      const digest = createHash(HASHES[hash].nodeName).update(toBeSigned).digest();
      const sig = await signer.sign({ hash, toBeSigned, digest });
      assert.deepEqual(used, [pkcs11.CKM_RSA_PKCS]);
      assert.equal(verify(hash, toBeSigned, readFileSync(pki.signer.certPem, 'utf8'), sig), true);
    });
  }

  it('prefers the hashing mechanism when the token has it', () => {
    const { api } = fakeToken([pkcs11.CKM_RSA_PKCS, pkcs11.CKM_SHA256_RSA_PKCS], '');
    const signer = new Pkcs11Signer({ api, session: Buffer.alloc(8), slot: Buffer.alloc(8), privateKey: Buffer.alloc(8), certificate: new Uint8Array(readFileSync(pki.signer.certDer)), chain: [], alwaysAuthenticate: false, contextLogin: () => Promise.resolve() });
    const plan = signer.plan({ hash: 'sha256', toBeSigned: Buffer.from('x'), digest: Buffer.alloc(32) });
    assert.equal(plan.mechanism, pkcs11.CKM_SHA256_RSA_PKCS);
    assert.deepEqual(Buffer.from(plan.data), Buffer.from('x'));
  });

  it('refuses with MECHANISM_UNSUPPORTED when neither is offered', () => {
    const { api } = fakeToken([], '');
    const signer = new Pkcs11Signer({ api, session: Buffer.alloc(8), slot: Buffer.alloc(8), privateKey: Buffer.alloc(8), certificate: new Uint8Array(readFileSync(pki.signer.certDer)), chain: [], alwaysAuthenticate: false, contextLogin: () => Promise.resolve() });
    assert.throws(() => signer.plan({ hash: 'sha256', toBeSigned: Buffer.from('x'), digest: Buffer.alloc(32) }), { code: 'MECHANISM_UNSUPPORTED' });
  });

  it('turns raw r‖s into a DER Ecdsa-Sig-Value with minimal INTEGERs', () => {
    const raw = Buffer.concat([Buffer.from('00' + '7f'.repeat(31), 'hex'), Buffer.from('80' + '01'.repeat(31), 'hex')]);
    const der = Buffer.from(ecdsaRawToDer(raw)).toString('hex');
    assert.equal(der, '3044' + '021f' + '7f'.repeat(31) + '0221' + '0080' + '01'.repeat(31));
  });
});
