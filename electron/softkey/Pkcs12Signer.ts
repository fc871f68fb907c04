/**
 * A RawSigner over a software identity in a PKCS#12 file (RFC 7292): the private key is decrypted in memory for
 * the batch and signs with node:crypto (RSASSA-PKCS1-v1_5, RFC 8017 §8.2; ECDSA with DER output).
 */
import { createPrivateKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as forge from 'node-forge';
import { buildChain } from '../core/cert/buildChain.js';
import { HASHES } from '../core/crypto/HashAlgorithm.js';
import type { KeyAlgorithm, RawSigner, SignRequest } from '../core/signer/RawSigner.js';
import { SiglaError } from '../shared/errors.js';
import { useNativePasswordKdf } from './nativePasswordKdf.js';

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
    let p12: forge.pkcs12.Pkcs12Pfx;
    useNativePasswordKdf();
    try {
      const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password.toString('utf8'));
    } catch (e) {
      const msg = String((e as Error).message ?? e);
      const wrongPassword = /mac|password|decrypt|invalid/i.test(msg);
      throw new SiglaError(wrongPassword ? 'P12_PASSWORD' : 'INPUT_FORMAT', wrongPassword ? 'wrong PKCS#12 password' : 'not a readable PKCS#12 file', { params: { file: path }, cause: e });
    } finally {
      password.fill(0);
    }
    const bags = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
    const oids = forge.pki.oids as Record<string, string>;
    const keyBags = [...bags(oids['pkcs8ShroudedKeyBag'] ?? ''), ...bags(oids['keyBag'] ?? '')];
    const certBags = bags(oids['certBag'] ?? '');
    const certs: Uint8Array[] = [];
    for (const b of certBags) {
      // forge parses RSA certificates only; others stay as ASN.1 (`asn1`), which is re-serialised as read.
      const asn1 = b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1;
      if (asn1) certs.push(new Uint8Array(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')));
    }
    const bag = keyBags[0];
    if (!bag) throw new SiglaError('KEY_NOT_FOUND', 'the PKCS#12 file holds no private key', { params: { file: path } });
    const key = bagKey(bag);
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

function bagKey(bag: forge.pkcs12.Bag): KeyObject {
  if (bag.key) return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  // forge reads only RSA keys; an EC key stays as its PrivateKeyInfo ASN.1.
  if (bag.asn1) {
    const der = Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary');
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  }
  throw new SiglaError('KEY_NOT_USABLE', 'unsupported private key in the PKCS#12 file');
}

function keyMatches(key: KeyObject, certificate: Uint8Array): boolean {
  try {
    return new X509Certificate(certificate).checkPrivateKey(key);
  } catch {
    return false;
  }
}
