/**
 * OCSP (RFC 6960): the request for one certificate (§4.1.1, CertID with SHA-1 hashes of the issuer's name and key
 * as every responder supports) and the checks on the answer (§3.2): successful, a BasicOCSPResponse signed by the
 * issuer or by a responder the issuer delegated (id-kp-OCSPSigning), a SingleResponse for our CertID.
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { createHash, verify as cryptoVerify } from 'node:crypto';
import { children, expectTag, octetStringValue, oidString, raw, readTlv, timeValue, type Tlv } from '../asn1/Ber.js';
import { nullValue, octetString, oid, sequence, TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { SIGNATURE_HASH_BY_OID } from '../crypto/HashAlgorithm.js';
import { certificateFields, sameBytes } from '../cert/CertificateFields.js';

export interface RevocationStatus {
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly source: string;
  readonly producedAt?: Date;
  /**
   * The bytes the status was judged from, as received (a complete OCSPResponse, RFC 6960 §4.2.1, or a CRL, RFC 5280
   * §5.1): the validation data a long-term signature carries (ETSI EN 319 102-1 §5.6). Set by the network client.
   */
  readonly evidence?: { readonly kind: 'ocsp' | 'crl'; readonly der: Uint8Array };
  /**
   * When the status was known to be correct: the SingleResponse's thisUpdate (RFC 6960 §4.2.1), the CRL's
   * thisUpdate (RFC 5280 §5.1.2.4). Freshness against a proof of existence is judged on it (EN 319 102-1 §5.2.5).
   */
  readonly thisUpdate?: Date;
  /** When newer status information will be available (OCSP nextUpdate, CRL nextUpdate), when the issuer says. */
  readonly nextUpdate?: Date;
}

const SHA1_ALG = sequence(oid(OID.sha1), nullValue());

/** subjectPublicKey BIT STRING value (without the unused-bits byte) of a certificate. */
function publicKeyBits(der: Uint8Array): Uint8Array {
  const [tbs] = children(readTlv(der));
  const parts = tbs ? children(tbs) : [];
  const offset = parts[0]?.tag === 0xa0 ? 1 : 0;
  const spki = parts[5 + offset];
  const bits = spki ? children(spki)[1] : undefined;
  if (!bits) throw new Error('no subjectPublicKeyInfo');
  return bits.bytes.subarray(bits.contentStart + 1, bits.contentEnd);
}

export function certId(cert: Uint8Array, issuer: Uint8Array): Uint8Array {
  const f = certificateFields(cert);
  const nameHash = createHash('sha1').update(f.issuer).digest();
  const keyHash = createHash('sha1').update(publicKeyBits(issuer)).digest();
  return sequence(SHA1_ALG, octetString(nameHash), octetString(keyHash), f.serialNumber);
}

export function ocspRequest(cert: Uint8Array, issuer: Uint8Array): Uint8Array {
  return sequence(sequence(sequence(sequence(certId(cert, issuer)))));
}

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/**
 * Whether an OCSP response names `cert` (issued by `issuer`) among its SingleResponses, read without checking its
 * signature: to tell a response about another certificate from one that is about this one but cannot be trusted.
 * False for anything unreadable.
 */
export function ocspNames(response: Uint8Array, cert: Uint8Array, issuer: Uint8Array): boolean {
  try {
    const [, bytesNode] = children(readTlv(response));
    const [rb] = bytesNode ? children(bytesNode) : [];
    const [, basicOctets] = rb ? children(rb) : [];
    if (!basicOctets) return false;
    const [tbs] = children(readTlv(octetStringValue(basicOctets)));
    const tbsParts = tbs ? children(tbs) : [];
    const i = tbsParts[0]?.tag === 0xa0 ? 1 : 0;
    const wantedParts = children(readTlv(certId(cert, issuer)));
    return children(expectTag(tbsParts[i + 2], TAG.SEQUENCE, 'responses')).some((r) => {
      const idParts = children(children(r)[0] as Tlv);
      return [1, 2, 3].every((k) => idParts[k] && wantedParts[k] && sameBytes(raw(idParts[k] as Tlv), raw(wantedParts[k] as Tlv)));
    });
  } catch {
    return false;
  }
}

/**
 * Reads and checks an OCSP response for `cert`; throws when it cannot be trusted. `trustedResponder`: RFC 6960
 * §4.2.2.2 "a Trusted Responder whose public key is trusted by the requester": a responder certificate with
 * id-kp-OCSPSigning the caller vouches for (the verifier: one that chains to the same trust anchor as `issuer`).
 */
export function checkOcspResponse(response: Uint8Array, cert: Uint8Array, issuer: Uint8Array, source: string, trustedResponder?: (responder: Uint8Array) => boolean): RevocationStatus {
  const [statusNode, bytesNode] = children(expectTag(readTlv(response), TAG.SEQUENCE, 'OCSPResponse'));
  if (!statusNode || statusNode.bytes[statusNode.contentStart] !== 0) throw new Error('OCSP responder did not answer successfully');
  const [rb] = bytesNode ? children(bytesNode) : [];
  const [, basicOctets] = rb ? children(rb) : [];
  if (!basicOctets) throw new Error('no OCSP response bytes');
  const [tbs, sigAlg, sigBits, certsNode] = children(readTlv(octetStringValue(basicOctets)));
  if (!tbs || !sigAlg || !sigBits) throw new Error('malformed BasicOCSPResponse');
  const tbsParts = children(tbs);
  const i = tbsParts[0]?.tag === 0xa0 ? 1 : 0;
  const producedAt = timeValue(expectTag(tbsParts[i + 1], TAG.GENERALIZED_TIME, 'producedAt'));
  const responses = children(expectTag(tbsParts[i + 2], TAG.SEQUENCE, 'responses'));
  // The signer: the issuer itself, or a certificate in the response issued by it with id-kp-OCSPSigning.
  const issuerX = parseCertificate(issuer);
  const candidates = [issuer, ...(certsNode ? children(children(certsNode)[0] as Tlv).map(raw) : [])];
  const algOid = oidString(children(sigAlg)[0] as Tlv);
  const hash = SIGNATURE_HASH_BY_OID[algOid];
  const sig = sigBits.bytes.subarray(sigBits.contentStart + 1, sigBits.contentEnd);
  const signer = candidates.find((c) => {
    try {
      const x = parseCertificate(c);
      const ocspSigning = (x.keyUsage ?? []).includes(OCSP_SIGNING);
      const authorised = sameBytes(c, issuer) || (ocspSigning && ((x.checkIssued(issuerX) && x.verify(issuerX.publicKey)) || trustedResponder?.(c) === true));
      return authorised && hash !== undefined && cryptoVerify(hash, raw(tbs), { key: x.publicKey, dsaEncoding: 'der' }, sig);
    } catch {
      return false;
    }
  });
  if (!signer) throw new Error('the OCSP response is not signed by the issuer or its delegated responder');
  const wanted = certId(cert, issuer);
  const wantedParts = children(readTlv(wanted));
  for (const r of responses) {
    const [id, st, thisUpdateNode, ...rest] = children(r);
    if (!id || !st) continue;
    const idParts = children(id);
    // Compare issuer name hash, key hash and serial (the hash algorithm may differ in encoding).
    if (![1, 2, 3].every((k) => idParts[k] && wantedParts[k] && sameBytes(raw(idParts[k] as Tlv), raw(wantedParts[k] as Tlv)))) continue;
    const thisUpdate = timeValue(expectTag(thisUpdateNode, TAG.GENERALIZED_TIME, 'thisUpdate'));
    // nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL (RFC 6960 §4.2.1).
    const nextNode = rest.find((n) => n.tag === 0xa0);
    const inner = nextNode ? children(nextNode)[0] : undefined;
    const times = { producedAt, thisUpdate, ...(inner ? { nextUpdate: timeValue(inner) } : {}) };
    if (st.tagNumber === 0) return { status: 'good', source, ...times };
    if (st.tagNumber === 1) {
      const [when] = children(st);
      return { status: 'revoked', ...(when ? { revokedAt: timeValue(when) } : {}), source, ...times };
    }
    return { status: 'unknown', source, ...times };
  }
  throw new Error('the OCSP response does not cover this certificate');
}

/**
 * The certificates a BasicOCSPResponse carries (RFC 6960 §4.2.1 `certs`): a delegated responder's certificate and
 * perhaps its path. Empty when the response has none or cannot be read.
 */
export function ocspResponseCertificates(response: Uint8Array): Uint8Array[] {
  try {
    const [, bytesNode] = children(readTlv(response));
    const [rb] = bytesNode ? children(bytesNode) : [];
    const [, basicOctets] = rb ? children(rb) : [];
    if (!basicOctets) return [];
    const [, , , certsNode] = children(readTlv(octetStringValue(basicOctets)));
    const seq = certsNode ? children(certsNode)[0] : undefined;
    return seq ? children(seq).map(raw) : [];
  } catch {
    return [];
  }
}
