/**
 * A certificate (RFC 5280 §4.1) as Node's X509Certificate, or a coded error: OpenSSL's own texts ("PEM routines::no
 * start line", "decode error") never reach users, and a certificate whose validity dates cannot be read (§4.1.2.5)
 * is refused here rather than becoming an "Invalid time value" later.
 */
import { X509Certificate } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import { derKey, LruCache } from './certificateCache.js';

/** Certificates already read in this process (certificateCache.ts); X509Certificate objects are read-only. */
const parsed = new LruCache<X509Certificate>();

/** The certificate `der` is, parsed once per process and remembered (a refusal is not remembered). */
export function parseCertificate(der: Uint8Array): X509Certificate {
  return parsed.getOrMake(derKey(der), () => parseUncached(der));
}

function parseUncached(der: Uint8Array): X509Certificate {
  let x: X509Certificate;
  try {
    x = new X509Certificate(der);
    // The public key is decoded lazily: a damaged SubjectPublicKeyInfo (§4.1.2.7) shows only when it is asked for.
    void x.publicKey;
  } catch (e) {
    throw new SiglaError('INPUT_FORMAT', 'a certificate cannot be read', { params: { detail: 'certificate' }, cause: e });
  }
  if (Number.isNaN(new Date(x.validFrom).getTime()) || Number.isNaN(new Date(x.validTo).getTime())) {
    throw new SiglaError('INPUT_FORMAT', 'a certificate has unreadable validity dates', { params: { detail: 'certificate validity' } });
  }
  return x;
}

/** True when {@link parseCertificate} reads it. */
export function isReadableCertificate(der: Uint8Array): boolean {
  try {
    parseCertificate(der);
    return true;
  } catch {
    return false;
  }
}
