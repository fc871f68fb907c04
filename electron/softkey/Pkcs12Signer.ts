/**
 * A RawSigner over a software identity in a PKCS#12 file (RFC 7292): the private key is decrypted in memory for
 * the batch and signs with node:crypto (RSASSA-PKCS1-v1_5, RFC 8017 §8.2; ECDSA with DER output).
 */
import { createPrivateKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildChain } from '../core/cert/buildChain.js';
import { HASHES } from '../core/crypto/HashAlgorithm.js';
import type { KeyAlgorithm, RawSigner, SignRequest } from '../core/signer/RawSigner.js';
import { SiglaError } from '../shared/errors.js';
import { readPfx } from './pkcs12/Pfx.js';
import type { Pkcs12Contents } from './pkcs12/SafeContents.js';
import { UnsupportedPkcs12 } from './pkcs12/UnsupportedPkcs12.js';

/** Sigla's reader first; node-forge (loaded only then) for what it does not read (see pkcs12/Pfx.ts). */
function readPkcs12(bytes: Uint8Array, password: Buffer): Pkcs12Contents {
  try {
    return readPfx(bytes, password);
  } catch (e) {
    if (!(e instanceof UnsupportedPkcs12)) throw e;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous lazy load: forge's 42 modules only for old files
    const { forgeReadPfx } = require('./forgePkcs12.js') as typeof import('./forgePkcs12.js');
    return forgeReadPfx(bytes, password);
  }
}

export class Pkcs12Signer implements RawSigner {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly keyAlgorithm: KeyAlgorithm;

  private constructor(
    private readonly key: KeyObject,
    certificate: Uint8Array,
    chain: Uint8Array[],
  ) {
    this.certificate = certificate;
    this.chain = chain;
    this.keyAlgorithm = key.asymmetricKeyType === 'ec' ? 'EC' : 'RSA';
  }

  /** Opens a PKCS#12 file; the password buffer is zeroed before returning. */
  static open(path: string, password: Buffer, extraCertificates: readonly Uint8Array[] = []): Pkcs12Signer {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new SiglaError('INPUT_UNREADABLE', `cannot read ${path}`, { params: { file: path }, cause: e });
    }
    let contents: Pkcs12Contents;
    try {
      contents = readPkcs12(bytes, password);
    } catch (e) {
      if (e instanceof SiglaError && e.code === 'P12_PASSWORD') throw new SiglaError('P12_PASSWORD', 'wrong PKCS#12 password', { params: { file: path }, cause: e });
      if (e instanceof SiglaError && e.code === 'INPUT_LIMIT') throw e;
      throw new SiglaError('INPUT_FORMAT', 'not a readable PKCS#12 file', { params: { file: path }, cause: e });
    } finally {
      password.fill(0);
    }
    const certs = contents.certificates;
    const keyDer = contents.shroudedKeys[0] ?? contents.plainKeys[0];
    if (!keyDer) throw new SiglaError('KEY_NOT_FOUND', 'the PKCS#12 file holds no private key', { params: { file: path } });
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: Buffer.from(keyDer), format: 'der', type: 'pkcs8' });
    } catch (e) {
      throw new SiglaError('KEY_NOT_USABLE', 'unsupported private key in the PKCS#12 file', { cause: e });
    } finally {
      for (const k of [...contents.shroudedKeys, ...contents.plainKeys]) k.fill(0);
    }
    const leaf = certs.find((c) => keyMatches(key, c));
    if (!leaf) throw new SiglaError('CERT_NOT_FOUND', 'the PKCS#12 file holds no certificate for its key', { params: { file: path, candidates: '' } });
    return new Pkcs12Signer(key, leaf, buildChain(leaf, [...certs, ...extraCertificates]));
  }

  sign(request: SignRequest): Promise<Uint8Array> {
    const alg = HASHES[request.hash].nodeName;
    const sig = cryptoSign(alg, request.toBeSigned, this.keyAlgorithm === 'EC' ? { key: this.key, dsaEncoding: 'der' } : this.key);
    return Promise.resolve(new Uint8Array(sig));
  }
}

function keyMatches(key: KeyObject, certificate: Uint8Array): boolean {
  try {
    return new X509Certificate(certificate).checkPrivateKey(key);
  } catch {
    return false;
  }
}
