/**
 * The parts of an X.509 certificate (RFC 5280 §4.1) that CMS structures copy byte for byte: issuer, serial number,
 * subject and subjectPublicKeyInfo, taken from the original DER without re-encoding.
 */
import { children, expectTag, raw, readTlv, type Tlv } from '../asn1/Ber.js';

export interface CertificateFields {
  readonly der: Uint8Array;
  /** The issuer Name, DER. */
  readonly issuer: Uint8Array;
  /** The serialNumber INTEGER TLV, DER. */
  readonly serialNumber: Uint8Array;
  readonly subject: Uint8Array;
  readonly subjectPublicKeyInfo: Uint8Array;
}

export function certificateFields(der: Uint8Array): CertificateFields {
  const cert = expectTag(readTlv(der), 0x30, 'Certificate');
  const [tbs] = children(cert);
  const parts = children(expectTag(tbs, 0x30, 'TBSCertificate'));
  let i = 0;
  if (parts[0]?.tag === 0xa0) i = 1; // [0] EXPLICIT version
  const at = (k: number, what: string): Tlv => {
    const n = parts[i + k];
    if (!n) return expectTag(undefined, 0x30, what);
    return n;
  };
  return {
    der: raw(cert),
    serialNumber: raw(expectTag(at(0, 'serialNumber'), 0x02, 'serialNumber')),
    issuer: raw(expectTag(at(2, 'issuer'), 0x30, 'issuer')),
    subject: raw(expectTag(at(4, 'subject'), 0x30, 'subject')),
    subjectPublicKeyInfo: raw(expectTag(at(5, 'subjectPublicKeyInfo'), 0x30, 'subjectPublicKeyInfo')),
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
