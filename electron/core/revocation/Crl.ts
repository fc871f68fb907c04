/**
 * A CRL (RFC 5280 §5): signed by the certificate's issuer; the certificate's serial among revokedCertificates?
 *   CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version OPTIONAL, signature, issuer, thisUpdate, nextUpdate OPTIONAL,
 *     revokedCertificates SEQUENCE OF SEQUENCE { userCertificate, revocationDate, crlEntryExtensions OPTIONAL } OPTIONAL, [0] … }
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { verify as cryptoVerify } from 'node:crypto';
import { children, raw, readTlv, timeValue, type Tlv, oidString } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { SIGNATURE_HASH_BY_OID } from '../crypto/HashAlgorithm.js';
import { certificateFields, sameBytes } from '../cert/CertificateFields.js';
import type { RevocationStatus } from './Ocsp.js';


/**
 * The CRL's issuer name (DER), thisUpdate and nextUpdate (when present), read without checking its signature;
 * undefined when unreadable.
 */
export function crlHeader(crlDer: Uint8Array): { issuer: Uint8Array; thisUpdate: Date; nextUpdate?: Date } | undefined {
  try {
    const [tbs] = children(readTlv(crlDer));
    const parts = tbs ? children(tbs) : [];
    const i = parts[0]?.tag === TAG.INTEGER ? 1 : 0;
    const issuer = parts[i + 1];
    const thisUpdate = parts[i + 2];
    if (!issuer || !thisUpdate) return undefined;
    const next = parts[i + 3];
    const nextUpdate = next && (next.tag === TAG.UTC_TIME || next.tag === TAG.GENERALIZED_TIME) ? { nextUpdate: timeValue(next) } : {};
    return { issuer: raw(issuer), thisUpdate: timeValue(thisUpdate), ...nextUpdate };
  } catch {
    return undefined;
  }
}

export function checkCrl(crlDer: Uint8Array, cert: Uint8Array, issuer: Uint8Array, source: string): RevocationStatus {
  const [tbs, alg, bits] = children(readTlv(crlDer));
  if (!tbs || !alg || !bits) throw new Error('malformed CRL');
  const hash = SIGNATURE_HASH_BY_OID[oidString(children(alg)[0] as Tlv)];
  if (!hash || !cryptoVerify(hash, raw(tbs), { key: parseCertificate(issuer).publicKey, dsaEncoding: 'der' }, bits.bytes.subarray(bits.contentStart + 1, bits.contentEnd))) {
    throw new Error('the CRL is not signed by the issuer');
  }
  const header = crlHeader(crlDer);
  const thisUpdate = header ? { thisUpdate: header.thisUpdate, ...(header.nextUpdate ? { nextUpdate: header.nextUpdate } : {}) } : {};
  const serial = certificateFields(cert).serialNumber;
  const parts = children(tbs);
  const list = parts.find((p, i) => i >= 3 && p.tag === TAG.SEQUENCE && children(p).every((e) => e.tag === TAG.SEQUENCE));
  for (const entry of list ? children(list) : []) {
    const [sn, date] = children(entry);
    if (sn && sameBytes(raw(sn), serial)) return { status: 'revoked', ...(date ? { revokedAt: timeValue(date) } : {}), source, ...thisUpdate };
  }
  return { status: 'good', source, ...thisUpdate };
}
