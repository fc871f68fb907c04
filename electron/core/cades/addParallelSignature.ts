/**
 * A parallel signature ("cofirma"): one more SignerInfo in the same SignedData, over the same content
 * (RFC 5652 §5.1 allows any number of signers; ETSI EN 319 122-1 §4.2). Everything already there — content,
 * certificates, CRLs and earlier SignerInfos — is carried over as it was encoded, so earlier signatures stay valid.
 */
import { SiglaError } from '../../shared/errors.js';
import { octetStringValue, raw } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import { parseSignedData, signedDataVersion } from '../cms/SignedData.js';
import { attributeValue, signerInfoFields } from '../cms/SignerInfoFields.js';
import { buildSignerInfo } from '../cms/SignerInfo.js';
import { digestSource } from '../crypto/digestStream.js';
import { DIGEST_BY_OID, HASHES } from '../crypto/HashAlgorithm.js';
import { bytesSource, type ContentSource, type OutputSink } from '../content/ContentSource.js';
import { certificatesOf, signingTimeOf, type CadesOptions } from './CadesOptions.js';
import { writeSignedData } from './writeSignedData.js';
import { usageError } from '../../shared/i18n/usage.js';

export interface ParallelOptions extends CadesOptions {
  /** The signed content when the existing signature is detached (.p7s). */
  readonly detachedContent?: ContentSource;
}

export async function addParallelSignature(cms: Uint8Array, sink: OutputSink, o: ParallelOptions): Promise<void> {
  const sd = parseSignedData(cms);
  let content: ContentSource;
  if (sd.eContent !== null) {
    content = bytesSource(sd.eContent);
  } else if (o.detachedContent) {
    content = o.detachedContent;
  } else {
    throw usageError('detachedNeedsContent');
  }
  const algorithm = HASHES[o.hash].nodeName;
  const messageDigest = await digestSource(content, algorithm);
  const existing = sd.signerInfos.map(signerInfoFields);
  if (sd.eContent === null) await checkDetachedContentMatches(existing, content, o.hash, messageDigest);
  const si = await buildSignerInfo({
    signer: o.signer,
    ...(o.timestamper ? { timestamper: o.timestamper } : {}),
    hash: o.hash,
    messageDigest,
    contentType: sd.eContentType,
    signingTime: signingTimeOf(o),
  });
  await writeSignedData(
    {
      version: Math.max(sd.version, signedDataVersion(sd.eContentType, [1])),
      digestAlgorithms: [...sd.digestAlgorithms.map(raw), digestAlgorithm(o.hash)],
      eContentType: sd.eContentType,
      contentLength: sd.eContent === null ? null : sd.eContent.length,
      certificates: [...sd.certificates.map(raw), ...certificatesOf(o)],
      crls: sd.crls.map(raw),
      signerInfos: [...sd.signerInfos.map(raw), si.der],
    },
    sink,
    sd.eContent === null ? null : content,
    { algorithm, value: messageDigest },
  );
}

/**
 * Refuses to co-sign a detached signature over content that is not the one the existing signers signed: their
 * message-digest attribute (RFC 5652 §11.2) must equal the digest of the content given.
 */
async function checkDetachedContentMatches(
  signers: ReturnType<typeof signerInfoFields>[],
  content: ContentSource,
  hash: keyof typeof HASHES,
  ourDigest: Uint8Array,
): Promise<void> {
  for (const s of signers) {
    const md = attributeValue(s.signedAttributes, OID.messageDigest);
    const alg = DIGEST_BY_OID[s.digestAlgorithmOid];
    if (md === undefined || alg === undefined) continue;
    const digest = alg === HASHES[hash].nodeName ? ourDigest : await digestSource(content, alg);
    if (Buffer.compare(octetStringValue(md), digest) !== 0) {
      throw new SiglaError('INPUT_FORMAT', 'the detached content is not the content the existing signature covers');
    }
  }
}
