/**
 * A new CAdES-B-B signature (ETSI EN 319 122-1 §5, baseline B) over arbitrary content: attached (.p7m,
 * enveloping) or detached (.p7s). The content is read once, whatever its size:
 * - detached: one hash pass, nothing copied;
 * - attached and small (≤ {@link IN_MEMORY_MAX}): read into memory, hashed, signed, written;
 * - attached and large: the SignedData header is written first with the lengths it will have (they depend only on
 *   the content size and the SignerInfo's, which is bounded), the content streams once through the hash into the
 *   output, then certificates and SignerInfo are appended and the header rewritten with the exact lengths.
 * Only when the output cannot be rewritten in place, or the header length would depend on the SignerInfo's size
 * (content within a SignerInfo's size of a DER length boundary, 16 MiB or 4 GiB), is the content read twice (hash,
 * then copy with a second hash that must match). Memory stays bounded in every case.
 */
import { SiglaError } from '../../shared/errors.js';
import { OID } from '../asn1/oids.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import { signedDataPrefix, signedDataPrefixLengthIsFixed, signedDataSuffix, signedDataVersion, type SignedDataParts } from '../cms/SignedData.js';
import { buildSignerInfo } from '../cms/SignerInfo.js';
import { digestBytes, digestSource } from '../crypto/digestStream.js';
import { HASHES } from '../crypto/HashAlgorithm.js';
import { readWhole, type ContentSource, type OutputSink } from '../content/ContentSource.js';
import { certificatesOf, signingTimeOf, type CadesOptions } from './CadesOptions.js';
import { streamThroughHash } from './streamThroughHash.js';
import { writeSignedData } from './writeSignedData.js';

export interface SignContentOptions extends CadesOptions {
  readonly detached: boolean;
}

/** Attached content up to this size is read into memory at once (one read, no header rewrite). */
export const IN_MEMORY_MAX = 8 << 20;

/**
 * Upper bound of a new SignerInfo's DER size without its time-stamp token: issuerAndSerialNumber, the signed
 * attributes (signing-certificate-v2 holds the issuer name again), algorithms and a signature of up to 16384-bit
 * RSA. Generous: it only decides whether the header can be written before signing.
 */
const SIGNER_INFO_MAX = 64 << 10;
/** Upper bound of a signature-time-stamp token: the TSA client accepts responses up to 1 MiB (net/TsaClient). */
const TIMESTAMP_TOKEN_MAX = (1 << 20) + (16 << 10);

type Head = Omit<SignedDataParts, 'certificates' | 'crls' | 'signerInfos'>;

export async function signContent(content: ContentSource, sink: OutputSink, o: SignContentOptions): Promise<void> {
  const algorithm = HASHES[o.hash].nodeName;
  const head: Head = {
    version: signedDataVersion(OID.data, [1]),
    digestAlgorithms: [digestAlgorithm(o.hash)],
    eContentType: OID.data,
    contentLength: o.detached ? null : content.size,
  };
  const certificates = certificatesOf(o);
  const signerInfo = async (messageDigest: Uint8Array): Promise<Uint8Array> =>
    (
      await buildSignerInfo({
        signer: o.signer,
        ...(o.timestamper ? { timestamper: o.timestamper } : {}),
        hash: o.hash,
        messageDigest,
        contentType: OID.data,
        signingTime: signingTimeOf(o),
      })
    ).der;
  const suffixOf = (si: Uint8Array): Uint8Array => signedDataSuffix({ certificates, crls: [], signerInfos: [si] });

  if (o.detached) {
    const si = await signerInfo(await digestSource(content, algorithm));
    const suffix = suffixOf(si);
    await sink.write(signedDataPrefix(head, suffix.length));
    await sink.write(suffix);
    return;
  }
  if (content.size <= IN_MEMORY_MAX) {
    const bytes = await readWhole(content);
    const suffix = suffixOf(await signerInfo(digestBytes(bytes, algorithm)));
    await sink.write(signedDataPrefix(head, suffix.length));
    await sink.write(bytes);
    await sink.write(suffix);
    return;
  }
  // The suffix is at least the certificates and an empty SET, at most that plus the largest SignerInfo.
  const minSuffix = suffixOf(new Uint8Array(0)).length;
  const maxSuffix = minSuffix + SIGNER_INFO_MAX + (o.timestamper ? TIMESTAMP_TOKEN_MAX : 0) + 8;
  if (sink.writeAt !== undefined && signedDataPrefixLengthIsFixed(head, minSuffix, maxSuffix)) {
    const provisional = signedDataPrefix(head, minSuffix);
    await sink.write(provisional);
    const messageDigest = await streamThroughHash(content, algorithm, sink);
    const suffix = suffixOf(await signerInfo(messageDigest));
    const prefix = signedDataPrefix(head, suffix.length);
    if (prefix.length !== provisional.length) {
      // Only a SignerInfo beyond the bounds above gets here; the caller discards the partial output.
      throw new SiglaError('INTERNAL', `SignerInfo of ${suffix.length - minSuffix} bytes exceeds the bound the header was laid out for`);
    }
    // Suffix appended first, header rewritten last: the append position is never disturbed by the positional write.
    await sink.write(suffix);
    await sink.writeAt(0, prefix);
    return;
  }
  const messageDigest = await digestSource(content, algorithm);
  const si = await signerInfo(messageDigest);
  await writeSignedData({ ...head, certificates, crls: [], signerInfos: [si] }, sink, content, { algorithm, value: messageDigest });
}
