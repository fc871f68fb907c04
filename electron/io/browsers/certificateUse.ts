/**
 * Which of a token's certificates serves web authentication. A CNS / CIE card and most signature tokens carry two:
 * the authentication certificate (extended key usage clientAuth, RFC 5280 §4.2.1.12, or digitalSignature without
 * nonRepudiation, RFC 5280 §4.2.1.3) that browsers offer in TLS client authentication, and the qualified signature
 * certificate (nonRepudiation / contentCommitment, ETSI EN 319 412-2 §4.3.2) that must never be offered there.
 */
import { certificateInfo } from '../../core/cert/CertificateInfo.js';
import { parseCertificate } from '../../core/cert/parseCertificate.js';

export type CertificateUse = 'authentication' | 'signature' | 'ca' | 'other';

/** id-kp-clientAuth (RFC 5280 §4.2.1.12). */
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export function certificateUse(der: Uint8Array): CertificateUse {
  const info = certificateInfo(der);
  if (info.isCA) return 'ca';
  if (info.nonRepudiation) return 'signature';
  const eku = parseCertificate(der).keyUsage ?? [];
  if (eku.includes(CLIENT_AUTH)) return 'authentication';
  return info.digitalSignature && eku.length === 0 ? 'authentication' : 'other';
}
