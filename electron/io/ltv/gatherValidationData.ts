/**
 * The validation data of long-term signatures (ETSI EN 319 102-1 §5.6; EN 319 142-1 §5.4.2 B-LT; EN 319 122-1
 * §5.5.1), gathered over the network right after a signature (or when a file is extended): for each leaf (a signer's
 * certificate, a TSA's), its path to a trust anchor (core/verify/trustPath.ts; a missing issuer downloaded from the
 * AIA caIssuers URL, RFC 5280 §4.2.2.1), then for every certificate of the path but the anchor its revocation data:
 * OCSP first at its AIA responder (RFC 6960), the CRLs of its distribution points otherwise (RFC 5280 §4.2.1.13) —
 * the raw response or CRL the network client judged (net/RevocationClient.ts `evidence`). A delegated OCSP
 * responder's certificates (RFC 6960 §4.2.2.2) come with its responses and join the certificates.
 *
 * A signer's path (a leaf that is not a TSA certificate) must be covered: when its own certificate, or a CA of its
 * path that names revocation services, gets no answer, VALIDATION_DATA_UNAVAILABLE — B-LT is never claimed without
 * the data. A TSA's path is gathered as far as its services answer (many TSA certificates name none).
 */
import { certificateInfo } from '../../core/cert/CertificateInfo.js';
import { sameBytes } from '../../core/cert/CertificateFields.js';
import { parseCertificate } from '../../core/cert/parseCertificate.js';
import { mergeValidationData, type ValidationData, type ValidationDataSource } from '../../core/ltv/ValidationData.js';
import { ocspResponseCertificates, type RevocationStatus } from '../../core/revocation/Ocsp.js';
import { isTsaCertificate } from '../../core/tsp/TimeStampResp.js';
import { trustPath } from '../../core/verify/trustPath.js';
import { SiglaError } from '../../shared/errors.js';

export interface GatherOptions {
  /** Trust anchors: the trusted lists' certificates and the user's trust store (as `sigla verify` builds them). */
  readonly anchors: readonly Uint8Array[];
  /** Revocation status of a certificate with its issuer, carrying the bytes judged (net/RevocationClient.ts). */
  readonly revocation: (cert: Uint8Array, issuer: Uint8Array) => Promise<RevocationStatus | undefined>;
  /** A certificate's issuers from its AIA caIssuers URLs (net/CaIssuersClient.ts). */
  readonly fetchIssuers?: (cert: Uint8Array) => Promise<Uint8Array[]>;
}

/** How many issuers may be downloaded for one path (a hostile AIA chain ends here). */
const MAX_DOWNLOADS = 6;

function selfSigned(der: Uint8Array): boolean {
  try {
    const x = parseCertificate(der);
    return x.checkIssued(x) && x.verify(x.publicKey);
  } catch {
    return false;
  }
}

function isTsa(der: Uint8Array): boolean {
  try {
    return isTsaCertificate(der);
  } catch {
    return false;
  }
}

function subjectOf(der: Uint8Array): string {
  try {
    return certificateInfo(der).displayName;
  } catch {
    return '?';
  }
}

const includes = (list: readonly Uint8Array[], c: Uint8Array): boolean => list.some((x) => sameBytes(x, c));

/** The leaf and its issuers up to an anchor (or as far as can be found), downloading missing issuers. */
async function pathOf(leaf: Uint8Array, pool: Uint8Array[], o: GatherOptions): Promise<{ path: Uint8Array[]; anchored: boolean }> {
  for (let round = 0; ; round++) {
    const p = trustPath(leaf, pool, o.anchors);
    const path = [leaf, ...p.path];
    const top = path[path.length - 1] ?? leaf;
    if (p.anchored || selfSigned(top) || !o.fetchIssuers || round >= MAX_DOWNLOADS) return { path, anchored: p.anchored };
    const found = (await o.fetchIssuers(top)).filter((c) => !includes(pool, c));
    if (found.length === 0) return { path, anchored: false };
    pool.push(...found);
  }
}

function unavailable(cert: Uint8Array, detail: string, cause?: unknown): SiglaError {
  const subject = subjectOf(cert);
  return new SiglaError('VALIDATION_DATA_UNAVAILABLE', `no validation data for ${subject}: ${detail}`, { params: { subject, detail }, ...(cause ? { cause } : {}) });
}

/** The revocation checker's reason words (sources and failure kinds), bounded for a message. */
function reasonOf(e: unknown): string {
  const text = e instanceof SiglaError ? e.code : e instanceof Error ? e.message : 'error';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A ValidationDataSource over the network (core/ltv/ValidationData.ts). */
export function validationDataGatherer(o: GatherOptions): ValidationDataSource {
  return async (leaves, given) => {
    const pool = [...given];
    const parts: ValidationData[] = [];
    for (const leaf of leaves) {
      const required = !isTsa(leaf);
      const { path } = await pathOf(leaf, pool, o);
      const certificates: Uint8Array[] = [...path];
      const ocspResponses: Uint8Array[] = [];
      const crls: Uint8Array[] = [];
      for (let i = 0; i < path.length; i++) {
        const cert = path[i] as Uint8Array;
        if (includes(o.anchors, cert) || selfSigned(cert)) break;
        const issuer = path[i + 1];
        if (!issuer) {
          if (required) throw unavailable(cert, 'issuer not found');
          break;
        }
        let status: RevocationStatus | undefined;
        try {
          status = await o.revocation(cert, issuer);
        } catch (e) {
          if (required) throw unavailable(cert, reasonOf(e), e);
          continue;
        }
        // No service named: a signer's own certificate must name one; a CA without any is left as it is.
        if (!status?.evidence) {
          if (required && i === 0) throw unavailable(cert, 'no OCSP or CRL address in the certificate');
          continue;
        }
        if (status.evidence.kind === 'ocsp') {
          ocspResponses.push(status.evidence.der);
          certificates.push(...ocspResponseCertificates(status.evidence.der));
        } else crls.push(status.evidence.der);
      }
      parts.push({ certificates, ocspResponses, crls });
    }
    return mergeValidationData(...parts);
  };
}
