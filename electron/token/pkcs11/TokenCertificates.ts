/**
 * Certificates on a token and whether each has its private key there: matched by CKA_ID (PKCS#11 v2.40 §4.6.3
 * recommends the same CKA_ID for a key and its certificate) or, when IDs disagree, by RSA modulus.
 */
import { X509Certificate } from 'node:crypto';
import * as pkcs11 from 'pkcs11js';
import { certificateInfo, type CertificateInfo } from '../../core/cert/CertificateInfo.js';
import { fromPkcs11 } from './ckr.js';

export interface TokenCertificate {
  /** CKA_ID, hex lower case. */
  readonly id: string;
  readonly label: string;
  readonly der: Uint8Array;
  readonly info: CertificateInfo;
  /** The private key, found only after login when the key is CKA_PRIVATE (it usually is). */
  readonly privateKey: pkcs11.Handle | undefined;
  /** A private key, or before login a public key object, pairs with this certificate. */
  readonly hasKeyPair: boolean;
  readonly alwaysAuthenticate: boolean;
}

function find(api: pkcs11.PKCS11, session: pkcs11.Handle, template: pkcs11.Template): pkcs11.Handle[] {
  try {
    api.C_FindObjectsInit(session, template);
    const found: pkcs11.Handle[] = [];
    for (;;) {
      const batch = api.C_FindObjects(session, 32);
      if (batch.length === 0) break;
      found.push(...batch);
    }
    api.C_FindObjectsFinal(session);
    return found;
  } catch (e) {
    throw fromPkcs11(e, 'C_FindObjects');
  }
}

function attr(api: pkcs11.PKCS11, session: pkcs11.Handle, h: pkcs11.Handle, type: number): Buffer | undefined {
  try {
    const [a] = api.C_GetAttributeValue(session, h, [{ type }]);
    return a?.value instanceof Buffer ? a.value : undefined;
  } catch {
    return undefined;
  }
}

function boolAttr(api: pkcs11.PKCS11, session: pkcs11.Handle, h: pkcs11.Handle, type: number): boolean {
  const v = attr(api, session, h, type);
  return v !== undefined && v.length > 0 && v[0] !== 0;
}

function rsaModulusOf(der: Uint8Array): Buffer | undefined {
  const key = new X509Certificate(der).publicKey;
  if (key.asymmetricKeyType !== 'rsa') return undefined;
  const n = key.export({ format: 'jwk' }).n;
  return n ? Buffer.from(n, 'base64url') : undefined;
}

const stripZeros = (b: Buffer): Buffer => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

/** Lists X.509 certificates and pairs each with its private key. Private keys are visible only after login. */
export function tokenCertificates(api: pkcs11.PKCS11, session: pkcs11.Handle): TokenCertificate[] {
  const keysOf = (cls: number) =>
    find(api, session, [{ type: pkcs11.CKA_CLASS, value: cls }]).map((h) => ({
      h,
      id: attr(api, session, h, pkcs11.CKA_ID)?.toString('hex') ?? '',
      modulus: attr(api, session, h, pkcs11.CKA_MODULUS),
    }));
  const keys = keysOf(pkcs11.CKO_PRIVATE_KEY);
  const publicKeys = keysOf(pkcs11.CKO_PUBLIC_KEY);
  const certs = find(api, session, [
    { type: pkcs11.CKA_CLASS, value: pkcs11.CKO_CERTIFICATE },
    { type: pkcs11.CKA_CERTIFICATE_TYPE, value: pkcs11.CKC_X_509 },
  ]);
  const out: TokenCertificate[] = [];
  for (const h of certs) {
    const value = attr(api, session, h, pkcs11.CKA_VALUE);
    if (!value) continue;
    let info: CertificateInfo;
    try {
      info = certificateInfo(value);
    } catch {
      continue; // not a certificate we can read; it cannot be used to sign either
    }
    const id = attr(api, session, h, pkcs11.CKA_ID)?.toString('hex') ?? '';
    const modulus = rsaModulusOf(value);
    const pairs = (k: { id: string; modulus: Buffer | undefined }): boolean =>
      (id !== '' && k.id === id) ||
      (modulus !== undefined && k.modulus !== undefined && stripZeros(k.modulus).equals(stripZeros(modulus)));
    const key = keys.find(pairs);
    out.push({
      id,
      label: attr(api, session, h, pkcs11.CKA_LABEL)?.toString('utf8') ?? '',
      der: new Uint8Array(value),
      info,
      privateKey: key?.h,
      hasKeyPair: key !== undefined || publicKeys.some(pairs),
      alwaysAuthenticate: key ? boolAttr(api, session, key.h, pkcs11.CKA_ALWAYS_AUTHENTICATE) : false,
    });
  }
  return out;
}
