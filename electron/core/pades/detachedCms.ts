/**
 * The CMS of a PAdES baseline signature (ETSI EN 319 142-1 §5.4.3, §6.3): detached SignedData over the ByteRange,
 * signed attributes content-type (id-data), message-digest and signing-certificate-v2 — and no signing-time (the
 * time is the dictionary's /M).
 */
import { OID } from '../asn1/oids.js';
import { writeSignedData } from '../cades/writeSignedData.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import { signedDataVersion } from '../cms/SignedData.js';
import { buildSignerInfo } from '../cms/SignerInfo.js';
import { MemorySink } from '../content/ContentSource.js';
import { HASHES, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { RawSigner } from '../signer/RawSigner.js';
import type { Timestamper } from '../tsp/Timestamper.js';

/** Room kept for a signature-time-stamp token (TSTInfo, the TSA's certificate chain, its signature). */
export const TIMESTAMP_RESERVE = 16384;

export async function padesCms(signer: RawSigner, hash: SigningHash, messageDigest: Uint8Array, timestamper?: Timestamper): Promise<Uint8Array> {
  // With a timestamper: PAdES-B-T (EN 319 142-1 §6.3), the signature-time-stamp in the CMS's unsigned attributes.
  const si = await buildSignerInfo({ signer, hash, messageDigest, contentType: OID.data, ...(timestamper ? { timestamper } : {}) });
  const sink = new MemorySink();
  await writeSignedData(
    {
      version: signedDataVersion(OID.data, [1]),
      digestAlgorithms: [digestAlgorithm(hash)],
      eContentType: OID.data,
      contentLength: null,
      certificates: [signer.certificate, ...signer.chain],
      crls: [],
      signerInfos: [si.der],
    },
    sink,
    null,
    { algorithm: HASHES[hash].nodeName, value: messageDigest },
  );
  return sink.bytes();
}

/**
 * Bytes to reserve for the CMS: the certificates, the signature value and the attributes' fixed part, plus any
 * timestamp to come, rounded up. The real CMS is checked against it; a miss is an internal error, never a file.
 */
export function cmsReserve(signer: RawSigner, timestampReserve = 0): number {
  const certs = [signer.certificate, ...signer.chain].reduce((n, c) => n + c.length, 0);
  const estimate = certs + 1024 /* signature value up to RSA 8192 */ + 1536 /* attributes, algorithm ids, framing */ + timestampReserve;
  return Math.ceil(estimate / 1024) * 1024;
}
