/**
 * The certificates in what an AIA caIssuers URL returns (RFC 5280 §4.2.2.1: "a single DER encoded certificate" or
 * "a collection of certificates in a BER or DER encoded 'certs-only' CMS message"); PEM is accepted too, as some
 * CAs serve it. Anything else gives no certificate.
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { raw } from '../asn1/Ber.js';
import { parseSignedData } from './SignedData.js';

function isCertificate(der: Uint8Array): boolean {
  try {
    parseCertificate(der);
    return true;
  } catch {
    return false;
  }
}

export function issuerCertificates(body: Uint8Array): Uint8Array[] {
  const head = Buffer.from(body.subarray(0, 64)).toString('latin1');
  if (head.includes('-----BEGIN')) {
    const text = Buffer.from(body).toString('latin1');
    return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)]
      .map((m) => new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')))
      .filter(isCertificate);
  }
  if (isCertificate(body)) return [body];
  try {
    return parseSignedData(body).certificates.map((c) => raw(c)).filter(isCertificate);
  } catch {
    return [];
  }
}
