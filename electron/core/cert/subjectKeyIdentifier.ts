import { createHash } from 'node:crypto';
import { children, readTlv } from '../asn1/Ber.js';
import { certificateFields } from './CertificateFields.js';

/**
 * Key identifier by RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING value. Used to match
 * a SignerIdentifier of the subjectKeyIdentifier kind (RFC 5652 §5.3) when the certificate carries that extension
 * computed the same way, as nearly all CAs do.
 */
export function keyIdentifierOf(certificate: Uint8Array): Uint8Array | undefined {
  const [, bitString] = children(readTlv(certificateFields(certificate).subjectPublicKeyInfo));
  if (!bitString) return undefined;
  // Skip the unused-bits octet of the BIT STRING (X.690 §8.6.2.2).
  const key = bitString.bytes.subarray(bitString.contentStart + 1, bitString.contentEnd);
  return new Uint8Array(createHash('sha1').update(key).digest());
}
