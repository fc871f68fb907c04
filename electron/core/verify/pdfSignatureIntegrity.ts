/**
 * The cryptographic check of one PDF signature, by its /SubFilter (ISO 32000-1 §12.8.3.3.1, §12.8.3.2; ETSI EN
 * 319 142-1 §6.3). The signed bytes are always the ByteRange's; content carried inside the signature is never
 * allowed to stand in for them:
 *  - `adbe.pkcs7.detached`, `ETSI.CAdES.detached` (and a missing /SubFilter, read as adbe.pkcs7.detached): "no data
 *    shall be encapsulated" (§12.8.3.3.1), the CMS is detached (EN 319 142-1 §6.3) and its message digest is over
 *    the ByteRange. A CMS that carries eContent anyway is accepted only when that eContent is the digest of the
 *    ByteRange (the adbe.pkcs7.sha1 form, with a warning); any other eContent is FORMAT_FAILURE.
 *  - `adbe.pkcs7.sha1`: "the SHA1 digest of the document's byte range shall be encapsulated" (§12.8.3.3.1): the
 *    eContent must equal SHA-1 of the ByteRange (else HASH_FAILURE) and the CMS is checked over that eContent. An
 *    eContent equal to the ByteRange's digest with the SignerInfo's own digest algorithm (how poppler reads this
 *    SubFilter) is accepted with a warning. A CMS without eContent is checked as detached over the ByteRange.
 *  - `adbe.x509.rsa_sha1`: PKCS#1 signature in /Contents, certificates in /Cert (see x509RsaSha1.ts).
 *  - any other SubFilter: not checked, reported as indeterminate FORMAT_FAILURE ("unsupported /SubFilter").
 */
import { sameBytes } from '../cert/CertificateFields.js';
import { finding, type Finding } from '../findings/Finding.js';
import type { Status, SubIndication } from './VerificationReport.js';
import { verifyCmsIntegrity, type SignatureIntegrity } from './verifyCmsIntegrity.js';
import type { SignedBytes } from '../cms/verifySignerInfo.js';
import { verifyX509RsaSha1 } from './x509RsaSha1.js';

export interface PdfSignatureIntegrity {
  /** The signature as checked; absent when it could not be checked at all (then `verdict` says why). */
  readonly integrity?: SignatureIntegrity;
  /** A verdict that prevails over what the integrity alone gives (a SubFilter rule broken, an unsupported one). */
  readonly verdict?: { readonly status: Status; readonly subIndication: SubIndication; readonly problem: Finding };
  readonly warnings: readonly Finding[];
  /** How the level is named: CAdES levels for ETSI.CAdES.detached, `PKCS7-…` for other CMS, `PKCS1` for x509. */
  readonly levelStyle: 'cades' | 'pkcs7' | 'pkcs1';
}

const DETACHED = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/**
 * `subFilter`: the /SubFilter name without its slash, or undefined when absent; `contents`: the /Contents string;
 * `certs`: /Cert (adbe.x509.rsa_sha1 only); `signed`: the ByteRange bytes. Unreadable structures throw (the caller
 * reports FORMAT_FAILURE).
 */
export function pdfSignatureIntegrity(subFilter: string | undefined, contents: Uint8Array, certs: readonly Uint8Array[], signed: SignedBytes): PdfSignatureIntegrity {
  if (subFilter === 'adbe.x509.rsa_sha1') return { integrity: verifyX509RsaSha1(contents, certs, signed), warnings: [], levelStyle: 'pkcs1' };
  const sha1Form = subFilter === 'adbe.pkcs7.sha1';
  if (!sha1Form && subFilter !== undefined && !DETACHED.has(subFilter)) {
    return { verdict: { status: 'indeterminate', subIndication: 'FORMAT_FAILURE', problem: finding('PDF_UNSUPPORTED_SUBFILTER', { subFilter }) }, warnings: [], levelStyle: 'pkcs7' };
  }
  const levelStyle = subFilter === 'ETSI.CAdES.detached' ? 'cades' : 'pkcs7';
  const warnings: Finding[] = [];
  if (subFilter === undefined) warnings.push(finding('PDF_NO_SUBFILTER'));
  // First the CMS over its own content, if it has one; then that content is compared with the ByteRange.
  const attached = verifyCmsIntegrity(contents);
  const first = attached.signatures[0];
  if (!first) throw new Error('no SignerInfo');
  if (attached.detached) {
    // No eContent: the message digest is over the ByteRange, as for adbe.pkcs7.detached.
    if (sha1Form) warnings.push(finding('PDF_SHA1_FORM_DETACHED'));
    const [s] = verifyCmsIntegrity(contents, signed).signatures;
    if (!s) throw new Error('no SignerInfo');
    return { integrity: s, warnings, levelStyle };
  }
  const eContent = attached.content ?? new Uint8Array(0);
  const sha1 = sameBytes(eContent, signed.digest('sha1'));
  const own = !sha1 && first.digestAlgorithm !== undefined && first.digestAlgorithm !== 'sha1' && sameBytes(eContent, signed.digest(first.digestAlgorithm));
  if (sha1 || own) {
    if (!sha1Form) warnings.push(finding('PDF_DIGEST_ENCAPSULATED', { subFilter: subFilter ?? 'adbe.pkcs7.detached' }));
    if (sha1) warnings.push(finding('WEAK_DIGEST', { algorithm: 'SHA1' }));
    else warnings.push(finding('PDF_ENCAPSULATED_DIGEST_NOT_SHA1', { algorithm: first.digestAlgorithm?.toUpperCase() ?? '?' }));
    return { integrity: first, warnings, levelStyle };
  }
  if (sha1Form) {
    const problem = finding('PDF_SHA1_DIGEST_MISMATCH');
    return { integrity: { ...first, messageDigestOk: false, valid: false, problems: [...first.problems, problem] }, warnings, levelStyle };
  }
  const problem = finding('PDF_CMS_CARRIES_CONTENT', { subFilter: subFilter ?? 'adbe.pkcs7.detached' });
  return { integrity: { ...first, valid: false }, verdict: { status: 'failed', subIndication: 'FORMAT_FAILURE', problem }, warnings, levelStyle };
}
