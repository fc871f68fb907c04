/**
 * Integrity of every signature in a CMS SignedData, countersignatures included (RFC 5652 §5.4, §11.4), and of every
 * nested envelope when the content is itself a SignedData (.p7m.p7m). This is the cryptographic layer only: the
 * full ETSI EN 319 102-1 validation builds on it.
 *
 * Content from one source only: an envelope that carries its content (eContent, RFC 5652 §5.2) is checked over
 * that content; content given from outside (`detachedContent`) is used only when the envelope has none. When both
 * exist, the given content must be the envelope's innermost content (the document `extract` gives), else every
 * signer is reported with a message-digest that does not match the given content: a signature never passes for a
 * file it does not sign.
 */
import { SiglaError } from '../../shared/errors.js';
import { OID } from '../asn1/oids.js';
import { raw, readTlv } from '../asn1/Ber.js';
import { decodeCmsInput } from '../cms/CmsEncoding.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { asSignedBytes, contentDigest, sameContent } from './signedRanges.js';
import { finding } from '../findings/Finding.js';
import { cmsValidationData } from '../ltv/cmsValidationData.js';
import type { ArchiveProof, ValidationData } from '../ltv/ValidationData.js';
import { verifySignerInfo, type SignedBytes, type SignerInfoCheck } from '../cms/verifySignerInfo.js';

export interface SignatureIntegrity extends SignerInfoCheck {
  readonly kind: 'signer' | 'countersignature';
  /** Envelope depth: 0 for the outermost SignedData. */
  readonly depth: number;
  readonly valid: boolean;
  /** The SignerInfo as parsed (unsigned attributes: time-stamps, countersignatures; the signature value). */
  readonly fields: Pick<SignerInfoFields, 'unsignedAttributes' | 'signature'>;
  /** Certificates carried by the envelope, for path building. */
  readonly certificates: readonly Uint8Array[];
  /**
   * Validation data carried for this signature (ltv/cmsValidationData: the envelope's certificates and crls, its
   * certificate-values / revocation-values / adbe-revocationInfoArchival; for a PDF signature the DSS is added by
   * verifyPdf). Used before any network source (EN 319 102-1 §5.6.2).
   */
  readonly validationData?: ValidationData;
  /**
   * Proofs of existence over this signature and more (EN 319 102-1 §5.6.2.3): a PDF's document time-stamps
   * covering its revision (verifyPdf), a CAdES signature's archive-time-stamp-v3 (ValidationPolicy.archiveProofs).
   */
  readonly archiveProofs?: readonly ArchiveProof[];
  /** The ContentInfo(SignedData) this signer is in, as read (for archive-time-stamp-v3 checks). */
  readonly signedData?: Uint8Array;
  /** What this signer signs: the envelope's content, the detached content given, or the parent's signature. */
  readonly signedContent?: SignedBytes;
}

export interface CmsIntegrity {
  readonly signatures: readonly SignatureIntegrity[];
  /** The innermost content, when attached. */
  readonly content: Uint8Array | null;
  readonly detached: boolean;
}

/** What every signer at and under depth 0 is reported with when the given content is not the envelope's. */
export const GIVEN_CONTENT_DIFFERS = finding('GIVEN_CONTENT_DIFFERS');

/** Envelopes inside envelopes, countersignatures of countersignatures: real files have a few; a hostile one millions. */
const MAX_NESTING = 32;

/**
 * `detachedContent`: the content of a detached signature (bytes, or ranges of a file through their digest). For an
 * envelope that carries its content it is not a substitute but a claim, checked against the innermost content.
 */
export function verifyCmsIntegrity(input: Uint8Array, detachedContent?: Uint8Array | SignedBytes): CmsIntegrity {
  const signatures: SignatureIntegrity[] = [];
  let bytes = decodeCmsInput(input).bytes;
  let depth = 0;
  const given = detachedContent === undefined ? undefined : asSignedBytes(detachedContent);
  for (;;) {
    const sd = parseSignedData(bytes);
    const certs = sd.certificates.map(raw);
    const signed: SignedBytes = sd.eContent ? contentDigest(sd.eContent) : (given ?? { digest: () => new Uint8Array(0) });
    const walk = (f: SignerInfoFields, kind: SignatureIntegrity['kind'], over: SignedBytes, level = 0): void => {
      if (level > MAX_NESTING) throw new SiglaError('INPUT_LIMIT', `countersignatures nested deeper than ${MAX_NESTING}`, { params: { limit: 'countersignatures' } });
      const check = verifySignerInfo(f, certs, over);
      const valid = check.messageDigestOk && check.signatureOk && check.signingCertificateOk !== false;
      const validationData = cmsValidationData(sd.certificates, sd.crls, f.signedAttributes, f.unsignedAttributes);
      signatures.push({ ...check, kind, depth, valid, fields: f, certificates: certs, validationData, signedData: bytes, signedContent: over });
      for (const a of f.unsignedAttributes) {
        if (a.type !== OID.countersignature) continue;
        for (const v of a.values) walk(signerInfoFields(v), 'countersignature', contentDigest(f.signature), level + 1);
      }
    };
    for (const si of sd.signerInfos) walk(signerInfoFields(si), 'signer', signed);
    if (sd.eContent === null) {
      return { signatures, content: detachedContent instanceof Uint8Array ? detachedContent : null, detached: true };
    }
    const inner = nestedSignedData(sd.eContent);
    if (inner === null) {
      if (given && !sameContent(sd.eContent, given)) return { signatures: signatures.map(notOverGivenContent), content: sd.eContent, detached: false };
      return { signatures, content: sd.eContent, detached: false };
    }
    bytes = inner;
    if (++depth > MAX_NESTING) throw new SiglaError('INPUT_LIMIT', `envelopes nested deeper than ${MAX_NESTING}`, { params: { limit: 'envelopes' } });
  }
}

/** A signer whose envelope holds other content than the one it is asked about: its message digest does not match. */
function notOverGivenContent(s: SignatureIntegrity): SignatureIntegrity {
  if (s.kind !== 'signer') return s;
  return { ...s, messageDigestOk: false, valid: false, problems: [...s.problems, GIVEN_CONTENT_DIFFERS] };
}

/** The content as a binary SignedData when it is one (a nested .p7m, binary or base64), else null. */
export function nestedSignedData(content: Uint8Array): Uint8Array | null {
  try {
    const bytes = decodeCmsInput(content).bytes;
    if (readTlv(bytes).end !== bytes.length) return null;
    parseSignedData(bytes);
    return bytes;
  } catch {
    return null;
  }
}
