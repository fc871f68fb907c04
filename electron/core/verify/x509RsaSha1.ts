/**
 * PDF signatures with /SubFilter /adbe.x509.rsa_sha1 (ISO 32000-1 §12.8.3.2, Table 257): no CMS. /Contents is a
 * DER OCTET STRING holding an RSA PKCS#1 v1.5 signature (RFC 8017 §8.2.2) over the ByteRange bytes — SHA-1 (PDF
 * 1.3), or SHA-256/384/512 (PDF 1.6, 1.7), as the DigestInfo inside the signature says — and /Cert is the signer's
 * certificate (a string) or an array of certificates whose first is the signer's and the others its chain.
 */
import { type X509Certificate, constants, publicDecrypt } from 'node:crypto';
import { parseCertificate } from '../cert/parseCertificate.js';
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, octetStringValue, oidString, readTlv } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { sameBytes } from '../cert/CertificateFields.js';
import { DIGEST_BY_OID } from '../crypto/HashAlgorithm.js';
import type { SignatureIntegrity } from './verifyCmsIntegrity.js';
import type { SignedBytes } from '../cms/verifySignerInfo.js';
import { finding, type Finding } from '../findings/Finding.js';

/** The PKCS#1 signature value in /Contents: one DER OCTET STRING, then only the zero padding of the hole. */
export function pkcs1SignatureValue(contents: Uint8Array): Uint8Array {
  const node = readTlv(contents);
  if (node.tag !== TAG.OCTET_STRING) throw new SiglaError('INPUT_FORMAT', '/Contents is not an OCTET STRING', { params: { detail: 'adbe.x509.rsa_sha1 /Contents' } });
  if (contents.subarray(node.end).some((b) => b !== 0)) throw new SiglaError('INPUT_FORMAT', 'data after the signature in /Contents', { params: { detail: 'adbe.x509.rsa_sha1 /Contents' } });
  return octetStringValue(node);
}

/**
 * The DigestInfo the signature value decrypts to (RFC 8017 §9.2: SEQUENCE { SEQUENCE { hash OID, NULL }, OCTET
 * STRING }), read strictly: nothing after it, a known hash, parameters NULL or absent. Undefined when the value does
 * not verify with the key or is not such a DigestInfo.
 */
function digestInfo(cert: X509Certificate, signature: Uint8Array): { hash: string; digest: Uint8Array } | undefined {
  if (cert.publicKey.asymmetricKeyType !== 'rsa') return undefined;
  try {
    const di = new Uint8Array(publicDecrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature));
    const top = readTlv(di);
    if (top.tag !== TAG.SEQUENCE || top.end !== di.length) return undefined;
    const [alg, value, extra] = children(top);
    const [oid, params, more] = alg && alg.tag === TAG.SEQUENCE ? children(alg) : [];
    if (!oid || !value || extra || more || (params && params.tag !== TAG.NULL)) return undefined;
    const hash = DIGEST_BY_OID[oidString(expectTag(oid, TAG.OID, 'digestAlgorithm'))];
    if (!hash) return undefined;
    return { hash, digest: octetStringValue(expectTag(value, TAG.OCTET_STRING, 'digest')) };
  } catch {
    return undefined;
  }
}

/**
 * Integrity of an adbe.x509.rsa_sha1 signature over `signed` (the ByteRange). The certificates come from /Cert,
 * the signer's first. Unreadable /Contents throws INPUT_FORMAT (reported by the caller as FORMAT_FAILURE).
 */
export function verifyX509RsaSha1(contents: Uint8Array, certificates: readonly Uint8Array[], signed: SignedBytes): SignatureIntegrity {
  const signature = pkcs1SignatureValue(contents);
  const problems: Finding[] = [];
  let certificate: Uint8Array | undefined = certificates[0];
  let x509: X509Certificate | undefined;
  try {
    x509 = certificate ? parseCertificate(certificate) : undefined;
  } catch {
    x509 = undefined;
  }
  if (!x509) {
    certificate = undefined;
    problems.push(finding('PDF_NO_SIGNER_CERT_IN_CERT'));
  }
  const di = x509 ? digestInfo(x509, signature) : undefined;
  const signatureOk = di !== undefined;
  // When the value does not verify there is no digest to compare: the failure is the signature's (SIG_CRYPTO_FAILURE).
  const messageDigestOk = di === undefined || sameBytes(di.digest, signed.digest(di.hash));
  if (x509 && !signatureOk) problems.push(finding('SIGNATURE_VALUE_INVALID'));
  if (signatureOk && !messageDigestOk) problems.push(finding('PDF_SIGNED_DIGEST_MISMATCH'));
  return {
    certificate,
    digestAlgorithm: di?.hash,
    messageDigestOk,
    signatureOk,
    signingCertificateOk: undefined,
    signingTime: undefined,
    signedOverDerReencoding: false,
    problems,
    kind: 'signer',
    depth: 0,
    valid: signatureOk && messageDigestOk,
    fields: { unsignedAttributes: [], signature },
    certificates: [...certificates],
  };
}
