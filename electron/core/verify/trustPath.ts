/**
 * Path to a trust anchor (RFC 5280 §6.1, by name and signature) and the certificates' validity at a time.
 */
import { parseCertificate } from '../cert/parseCertificate.js';
import { buildChain } from '../cert/buildChain.js';
import { sameBytes } from '../cert/CertificateFields.js';

export interface TrustPath {
  /** Issuers from the signer's up to (and including) the anchor, when found. */
  readonly path: readonly Uint8Array[];
  readonly anchored: boolean;
}

export function trustPath(leaf: Uint8Array, pool: readonly Uint8Array[], anchors: readonly Uint8Array[]): TrustPath {
  if (anchors.some((a) => sameBytes(a, leaf))) return { path: [], anchored: true };
  const path = buildChain(leaf, [...pool, ...anchors]);
  const anchored = path.some((c) => anchors.some((a) => sameBytes(a, c)));
  const cut = path.findIndex((c) => anchors.some((a) => sameBytes(a, c)));
  return { path: cut >= 0 ? path.slice(0, cut + 1) : path, anchored };
}

export function validAt(der: Uint8Array, at: Date): 'valid' | 'expired' | 'notYetValid' {
  const x = parseCertificate(der);
  if (at.getTime() < new Date(x.validFrom).getTime()) return 'notYetValid';
  if (at.getTime() > new Date(x.validTo).getTime()) return 'expired';
  return 'valid';
}
