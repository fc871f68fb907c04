/**
 * Integrity of every signature in a CMS SignedData, countersignatures included (RFC 5652 §5.4, §11.4), and of every
 * nested envelope when the content is itself a SignedData (.p7m.p7m). This is the cryptographic layer only: the
 * full ETSI EN 319 102-1 validation builds on it.
 */
import { SiglaError } from '../../shared/errors.js';
import { createHash } from 'node:crypto';
import { OID } from '../asn1/oids.js';
import { raw, readTlv } from '../asn1/Ber.js';
import { decodeCmsInput } from '../cms/CmsEncoding.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { verifySignerInfo, type SignedBytes, type SignerInfoCheck } from './verifySignerInfo.js';

export interface SignatureIntegrity extends SignerInfoCheck {
  readonly kind: 'signer' | 'countersignature';
  /** Envelope depth: 0 for the outermost SignedData. */
  readonly depth: number;
  readonly valid: boolean;
  /** The SignerInfo as parsed (unsigned attributes: time-stamps, countersignatures). */
  readonly fields: SignerInfoFields;
  /** Certificates carried by the envelope, for path building. */
  readonly certificates: readonly Uint8Array[];
}

export interface CmsIntegrity {
  readonly signatures: readonly SignatureIntegrity[];
  /** The innermost content, when attached. */
  readonly content: Uint8Array | null;
  readonly detached: boolean;
}

/** Envelopes inside envelopes, countersignatures of countersignatures: real files have a few; a hostile one millions. */
const MAX_NESTING = 32;

const bytesDigest = (b: Uint8Array): SignedBytes => ({ digest: (alg) => new Uint8Array(createHash(alg).update(b).digest()) });

export function verifyCmsIntegrity(input: Uint8Array, detachedContent?: Uint8Array): CmsIntegrity {
  const signatures: SignatureIntegrity[] = [];
  let bytes = decodeCmsInput(input).bytes;
  let depth = 0;
  for (;;) {
    const sd = parseSignedData(bytes);
    const content = sd.eContent ?? detachedContent ?? null;
    const certs = sd.certificates.map(raw);
    const signed: SignedBytes = content ? bytesDigest(content) : { digest: () => new Uint8Array(0) };
    const walk = (f: SignerInfoFields, kind: SignatureIntegrity['kind'], over: SignedBytes, level = 0): void => {
      if (level > MAX_NESTING) throw new SiglaError('INPUT_LIMIT', `countersignatures nested deeper than ${MAX_NESTING}`, { params: { limit: 'countersignatures' } });
      const check = verifySignerInfo(f, certs, over);
      const valid = check.messageDigestOk && check.signatureOk && check.signingCertificateOk !== false;
      signatures.push({ ...check, kind, depth, valid, fields: f, certificates: certs });
      for (const a of f.unsignedAttributes) {
        if (a.type !== OID.countersignature) continue;
        for (const v of a.values) walk(signerInfoFields(v), 'countersignature', bytesDigest(f.signature), level + 1);
      }
    };
    for (const si of sd.signerInfos) walk(signerInfoFields(si), 'signer', signed);
    if (sd.eContent === null) return { signatures, content: detachedContent ?? null, detached: true };
    const inner = nestedSignedData(sd.eContent);
    if (inner === null) return { signatures, content: sd.eContent, detached: false };
    bytes = inner;
    if (++depth > MAX_NESTING) throw new SiglaError('INPUT_LIMIT', `envelopes nested deeper than ${MAX_NESTING}`, { params: { limit: 'envelopes' } });
  }
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
