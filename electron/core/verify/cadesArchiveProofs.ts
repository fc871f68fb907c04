/**
 * The proofs of existence a CAdES signature's archive-time-stamp-v3 attributes give (ETSI EN 319 122-1 §5.5.3,
 * EN 319 102-1 §5.6.2.3), for validateSignature's `archiveProofs` hook: core/cades/archiveProofs checks each token
 * (signature, TSA certificate, ats-hash-index-v3, recomputed message imprint); here a proof is usable only when its
 * TSA certificate also has a path to a trust anchor (the trusted lists' TSA/QTST services or the user's store).
 * Countersignatures carry no archive time-stamps of their own: the top-level SignerInfo's cover them.
 */
import { OID } from '../asn1/oids.js';
import { archiveProofs } from '../cades/archiveProofs.js';
import type { SignerInfoFields } from '../cms/SignerInfoFields.js';
import type { ArchiveProof } from '../ltv/ValidationData.js';
import { trustPath } from './trustPath.js';
import type { SignatureIntegrity } from './verifyCmsIntegrity.js';

export function cadesArchiveProofs(s: SignatureIntegrity, anchors: readonly Uint8Array[]): ArchiveProof[] {
  if (s.kind !== 'signer' || !s.signedData || !s.fields.unsignedAttributes.some((a) => a.type === OID.archiveTimeStampV3)) return [];
  const node = (s.fields as Partial<Pick<SignerInfoFields, 'node'>>).node;
  if (!node) return [];
  const content = s.signedContent;
  const proofs = archiveProofs(s.signedData, node, content ? (algorithm) => content.digest(algorithm) : undefined);
  const pool = [...s.certificates, ...(s.validationData?.certificates ?? [])];
  return proofs.map((p) => (p.usable && !(p.tsaCertificate && trustPath(p.tsaCertificate, pool, anchors).anchored) ? { ...p, usable: false } : p));
}
