/**
 * The cryptographic check of one SignerInfo (RFC 5652 §5.4, §5.6; RFC 5035 §5.4 for signing-certificate-v2):
 * message-digest against the content (or the countersigned signature), the signature over the signed attributes,
 * and the ESS certificate hash against the signer certificate. Trust, validity and revocation are not looked at
 * here.
 */
import { isReadableCertificate, parseCertificate } from '../cert/parseCertificate.js';
import { X509Certificate, constants, createHash, publicDecrypt, verify as cryptoVerify } from 'node:crypto';
import { children, octetStringValue, oidString, raw, readTlv, timeValue, type Tlv } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { certificateFields, sameBytes } from '../cert/CertificateFields.js';
import { keyIdentifierOf } from '../cert/subjectKeyIdentifier.js';
import { attributeValue, signedAttributesDer, signedAttributesForVerification, type SignerInfoFields } from './SignerInfoFields.js';
import { DIGEST_BY_OID, SIGNATURE_HASH_BY_OID } from '../crypto/HashAlgorithm.js';
import { finding, type Finding } from '../findings/Finding.js';

export interface SignerInfoCheck {
  readonly certificate: Uint8Array | undefined;
  readonly digestAlgorithm: string | undefined;
  readonly messageDigestOk: boolean;
  readonly signatureOk: boolean;
  /** true/false when a signing-certificate(-v2) attribute is present, undefined when absent. */
  readonly signingCertificateOk: boolean | undefined;
  readonly signingTime: Date | undefined;
  /**
   * The signature verified only over the DER re-encoding of the signed attributes, not over their bytes as stored
   * (RFC 5652 §5.4 signs the DER encoding; the file stores another BER form).
   */
  readonly signedOverDerReencoding: boolean;
  readonly problems: readonly Finding[];
}

/** What the SignerInfo's message-digest must equal: the content, or the countersigned signature value. */
export interface SignedBytes {
  digest(algorithm: string): Uint8Array;
}


/** The certificate a SignerIdentifier names (RFC 5652 §5.3): issuerAndSerialNumber or [0] subjectKeyIdentifier. */
export function findSignerCertificate(sid: Tlv, certificates: readonly Uint8Array[]): Uint8Array | undefined {
  const matches = (c: Uint8Array): boolean => {
    try {
      if (sid.tag === 0x30) {
        const [issuer, serial] = children(sid);
        const f = certificateFields(c);
        return issuer !== undefined && serial !== undefined && sameBytes(f.issuer, raw(issuer)) && sameBytes(f.serialNumber, raw(serial));
      }
      const ki = keyIdentifierOf(c);
      return ki !== undefined && sameBytes(ki, sid.bytes.subarray(sid.contentStart, sid.contentEnd));
    } catch {
      return false;
    }
  };
  return certificates.find(matches);
}

export function verifySignerInfo(f: SignerInfoFields, certificates: readonly Uint8Array[], signed: SignedBytes): SignerInfoCheck {
  const problems: Finding[] = [];
  const found = findSignerCertificate(f.sid, certificates);
  // A certificate that matches the SignerInfo but cannot be read (damaged) is no signer certificate at all.
  const certificate = found && isReadableCertificate(found) ? found : undefined;
  const digestAlgorithm = DIGEST_BY_OID[f.digestAlgorithmOid];
  let messageDigestOk = false;
  let signatureOk = false;
  let signedOverDerReencoding = false;
  if (!found) problems.push(finding('SIGNER_CERT_NOT_FOUND'));
  else if (!certificate) problems.push(finding('SIGNER_CERT_UNREADABLE'));
  if (!digestAlgorithm) problems.push(finding('UNKNOWN_DIGEST_ALGORITHM', { oid: f.digestAlgorithmOid }));
  const attrs = signedAttributesForVerification(f);
  if (digestAlgorithm) {
    const contentDigest = signed.digest(digestAlgorithm);
    if (attrs) {
      const md = attributeValue(f.signedAttributes, OID.messageDigest);
      messageDigestOk = md !== undefined && sameBytes(octetStringValue(md), contentDigest);
      if (!messageDigestOk) problems.push(finding('MESSAGE_DIGEST_MISMATCH'));
    } else {
      messageDigestOk = true;
    }
    if (certificate) {
      const key = parseCertificate(certificate).publicKey;
      let unusable = false;
      const over = (signedBytes: Uint8Array | undefined): boolean => {
        try {
          return signatureVerifies(f, key, signedBytes, contentDigest, digestAlgorithm);
        } catch {
          unusable = true;
          return false;
        }
      };
      signatureOk = over(attrs);
      // RFC 5652 §5.4: the signature is over the DER encoding of the SET OF attributes. Signers that stored them in
      // another BER form (DSS-667) signed that DER encoding: the re-encoding verifies where the bytes as stored do not.
      const der = signatureOk ? undefined : derOrUndefined(f);
      if (der && over(der)) {
        signatureOk = true;
        signedOverDerReencoding = true;
        unusable = false;
      }
      // OpenSSL refusing the key or the signature's encoding: the signature does not verify (its text is not shown).
      if (unusable) problems.push(finding('SIGNATURE_KEY_UNUSABLE'));
      if (!signatureOk) problems.push(finding('SIGNATURE_VALUE_INVALID'));
    }
  }
  const v2 = attributeValue(f.signedAttributes, OID.signingCertificateV2);
  const v1 = attributeValue(f.signedAttributes, OID.signingCertificate);
  let signingCertificateOk: boolean | undefined;
  if (certificate && (v2 ?? v1)) signingCertificateOk = essCertMatches(v2 ?? v1, v2 !== undefined, certificate);
  if (signingCertificateOk === false) problems.push(finding('SIGNING_CERTIFICATE_MISMATCH'));
  const st = attributeValue(f.signedAttributes, OID.signingTime);
  let signingTime: Date | undefined;
  try {
    signingTime = st ? timeValue(st) : undefined;
  } catch {
    problems.push(finding('SIGNING_TIME_UNREADABLE'));
  }
  return { certificate, digestAlgorithm, messageDigestOk, signatureOk, signingCertificateOk, signingTime, signedOverDerReencoding, problems };
}

/** The DER re-encoding of the signed attributes when it differs from the stored bytes; undefined when it cannot be made. */
function derOrUndefined(f: SignerInfoFields): Uint8Array | undefined {
  try {
    return signedAttributesDer(f);
  } catch {
    return undefined;
  }
}

/** The signature value over `attrs` (the signed attributes as given), or over the content digest when there are none. */
function signatureVerifies(f: SignerInfoFields, key: X509Certificate['publicKey'], attrs: Uint8Array | undefined, contentDigest: Uint8Array, digestAlgorithm: string): boolean {
  if (f.signatureAlgorithmOid === OID.rsassaPss) {
    // RSASSA-PSS (RFC 8017 §8.1, parameters RFC 4055 §3.1): hash and salt length from the AlgorithmIdentifier.
    const pss = pssParameters(f.signatureAlgorithm);
    return cryptoVerify(pss.hash, attrs ?? contentDigest, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength }, f.signature);
  }
  if (!attrs) return rsaSignsDigest(key, contentDigest, f.signature);
  const alg = SIGNATURE_HASH_BY_OID[f.signatureAlgorithmOid] ?? digestAlgorithm;
  if (cryptoVerify(alg, attrs, { key, dsaEncoding: 'der' }, f.signature)) return true;
  // Some signers encode the DigestInfo without the NULL parameters (accepted by Bouncy Castle and DSS): the digest at
  // the end of the decrypted DigestInfo is what counts.
  return key.asymmetricKeyType === 'rsa' && rsaSignsDigest(key, new Uint8Array(createHash(alg).update(attrs).digest()), f.signature, true, alg);
}

/**
 * The RSA signature's DigestInfo must end with the digest: legacy PKCS#7 without signed attributes, and (`strict`)
 * DigestInfos written without the NULL parameter — then the rest must still be a DigestInfo SEQUENCE of the
 * expected length, not arbitrary bytes.
 */
function rsaSignsDigest(key: X509Certificate['publicKey'], digest: Uint8Array, signature: Uint8Array, strict = false, expectedHash = ''): boolean {
  if (key.asymmetricKeyType !== 'rsa') return false;
  let digestInfo: Buffer;
  try {
    digestInfo = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  if (!sameBytes(digestInfo.subarray(digestInfo.length - digest.length), digest)) return false;
  if (!strict) return true;
  // DigestInfo ::= SEQUENCE { SEQUENCE { algorithm OID [, parameters] }, digest OCTET STRING } with the OID of the
  // hash actually used; only the absence of the NULL parameters is tolerated.
  try {
    const [alg, value] = children(readTlv(new Uint8Array(digestInfo)));
    const [algOid, params] = alg ? children(alg) : [];
    if (!algOid || !value || (params && params.tag !== 0x05)) return false;
    return DIGEST_BY_OID[oidString(algOid)] === expectedHash && sameBytes(octetStringValue(value), digest);
  } catch {
    return false;
  }
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2] (default SHA-1, 20). */
function pssParameters(alg: Tlv): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  const [, params] = children(alg);
  for (const p of params ? children(params) : []) {
    const [inner] = children(p);
    if (!inner) continue;
    if (p.tag === 0xa0) {
      const [o] = children(inner);
      if (o) hash = DIGEST_BY_OID[oidString(o)] ?? hash;
    } else if (p.tag === 0xa2) {
      let v = 0;
      for (const b of inner.bytes.subarray(inner.contentStart, inner.contentEnd)) v = v * 256 + b;
      saltLength = v;
    }
  }
  return { hash, saltLength };
}

/** First ESSCertID(v2) of the attribute: its hash must be that of the signer certificate (RFC 5035 §5.4). */
function essCertMatches(value: Tlv | undefined, v2: boolean, certificate: Uint8Array): boolean {
  try {
    if (!value) return false;
    const [certs] = children(value);
    const [first] = certs ? children(certs) : [];
    if (!first) return false;
    const parts = children(first);
    let alg: string | undefined = v2 ? 'sha256' : 'sha1';
    let i = 0;
    if (v2 && parts[0]?.tag === 0x30) {
      const [o] = children(parts[0]);
      alg = o ? DIGEST_BY_OID[oidString(o)] : undefined;
      i = 1;
    }
    const h = parts[i];
    if (!h || !alg) return false;
    return sameBytes(octetStringValue(h), createHash(alg).update(certificate).digest());
  } catch {
    return false;
  }
}
