/**
 * Validation data carried with a signature for long-term validation: the certificates of the signer's and the
 * time-stamping units' paths and their revocation data (ETSI EN 319 102-1 §5.6, "validation data"). The same shape
 * serves the two places it is written and read:
 * - CAdES (ETSI EN 319 122-1 §5.5.1/§5.5.2): `SignedData.certificates` and `SignedData.crls` (OCSP responses as
 *   `RevocationInfoChoice` other, RFC 5940 §3 id-ri-ocsp-response);
 * - PAdES (ETSI EN 319 142-1 §5.4.2): the DSS dictionary's `/Certs`, `/OCSPs`, `/CRLs` (and a signature's `/VRI`).
 */

/** DER of each item, deduplicated by content. */
export interface ValidationData {
  /** X.509 certificates (RFC 5280 `Certificate`). */
  readonly certificates: readonly Uint8Array[];
  /** Complete OCSP responses (RFC 6960 `OCSPResponse`, not only the BasicOCSPResponse). */
  readonly ocspResponses: readonly Uint8Array[];
  /** CRLs (RFC 5280 `CertificateList`). */
  readonly crls: readonly Uint8Array[];
}

export const NO_VALIDATION_DATA: ValidationData = { certificates: [], ocspResponses: [], crls: [] };

/**
 * Gathers validation data for long-term levels (B-LT): for each given certificate (a signer's, a TSA's), its path
 * up to a trust anchor built from `pool` and the configured anchors, and revocation data for every certificate of
 * those paths but the anchors (OCSP first, CRL otherwise). Implemented where the network is (io/net); the engine
 * only receives the data.
 */
export type ValidationDataSource = (leaves: readonly Uint8Array[], pool: readonly Uint8Array[]) => Promise<ValidationData>;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

function union(lists: readonly (readonly Uint8Array[])[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const list of lists) for (const item of list) if (!out.some((x) => sameBytes(x, item))) out.push(item);
  return out;
}

/** All items of every argument, each once (first occurrence kept, order preserved). */
export function mergeValidationData(...parts: readonly ValidationData[]): ValidationData {
  return {
    certificates: union(parts.map((p) => p.certificates)),
    ocspResponses: union(parts.map((p) => p.ocspResponses)),
    crls: union(parts.map((p) => p.crls)),
  };
}

/** The items of `next` that `have` does not hold yet (what an extension still has to add). */
export function missingValidationData(have: ValidationData, next: ValidationData): ValidationData {
  const missing = (h: readonly Uint8Array[], n: readonly Uint8Array[]): Uint8Array[] => n.filter((x) => !h.some((y) => sameBytes(x, y)));
  return { certificates: missing(have.certificates, next.certificates), ocspResponses: missing(have.ocspResponses, next.ocspResponses), crls: missing(have.crls, next.crls) };
}

/**
 * A proof of existence given to a signature by a time-stamp over it and more (EN 319 102-1 §5.6.2.3): a CAdES
 * archive-time-stamp-v3 (EN 319 122-1 §5.5.3) or a PAdES document time-stamp (EN 319 142-1 §5.4.3) covering the
 * signature's revision. `usable`: the token verifies, its imprint matches and its TSA is trusted.
 */
export interface ArchiveProof {
  readonly kind: 'archiveTimeStampV3' | 'documentTimeStamp';
  readonly time: Date;
  readonly usable: boolean;
  /** The TSA certificate that signed the token, when known (renewal is due before it expires). */
  readonly tsaCertificate?: Uint8Array;
}
