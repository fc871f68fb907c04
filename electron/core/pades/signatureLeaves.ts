/**
 * The certificates whose validation data a signature needs (ETSI EN 319 102-1 §5.6.2; EN 319 142-1 §5.4.2): the
 * signer's certificate of each SignerInfo (RFC 5652 §5.3, found by its SignerIdentifier) and the TSA certificate of
 * each signature-time-stamp (RFC 3161 §2.4.2, the unsigned attribute id-aa-signatureTimeStampToken, RFC 3161 App. A),
 * or — for a document time-stamp (§5.4.3), itself a time-stamp token — its TSA's. `pool`: every certificate the CMS
 * and its tokens carry, from which their paths are built.
 */
import { raw } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { parseSignedData } from '../cms/SignedData.js';
import { signerInfoFields } from '../cms/SignerInfoFields.js';
import { findSignerCertificate } from '../cms/verifySignerInfo.js';

export interface SignatureLeaves {
  /** Signers' certificates first, then their time-stamps' TSAs. */
  readonly leaves: readonly Uint8Array[];
  readonly pool: readonly Uint8Array[];
}

/** The time-stamp tokens of a CMS's signature-time-stamp attributes are read at most this deep (tokens in tokens). */
const MAX_DEPTH = 2;

function collect(cms: Uint8Array, signers: Uint8Array[], tsas: Uint8Array[], pool: Uint8Array[], depth: number, isToken: boolean): void {
  const sd = parseSignedData(cms);
  const certs = sd.certificates.map(raw);
  pool.push(...certs);
  for (const node of sd.signerInfos) {
    const f = signerInfoFields(node);
    const cert = findSignerCertificate(f.sid, certs);
    if (cert) (isToken ? tsas : signers).push(cert);
    if (depth >= MAX_DEPTH) continue;
    for (const a of f.unsignedAttributes) {
      if (a.type !== OID.signatureTimeStampToken) continue;
      for (const v of a.values) collect(raw(v), signers, tsas, pool, depth + 1, true);
    }
  }
}

/** A CMS signature's leaves (`token`: it is a time-stamp token, a document time-stamp's /Contents). */
export function signatureLeaves(cms: Uint8Array, token = false): SignatureLeaves {
  const signers: Uint8Array[] = [];
  const tsas: Uint8Array[] = [];
  const pool: Uint8Array[] = [];
  collect(cms, signers, tsas, pool, 0, token);
  return { leaves: [...signers, ...tsas], pool };
}
