/**
 * A SignedData (RFC 5652 §5.1) opened for extension: every field kept as its original encoding, the
 * encapContentInfo as one untouched range of the input (possibly huge, possibly BER with indefinite lengths), so
 * that an extension rewrites only what comes after it — certificates [0], crls [1] and signerInfos — and the outer
 * headers, and the content is never copied or re-encoded (a splice: the output is the header chunks, the input's
 * encapContentInfo bytes as they are, then the new suffix).
 *
 *   ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT SignedData }
 *   SignedData ::= SEQUENCE { version, digestAlgorithms SET OF, encapContentInfo,
 *                             certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF }
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, integerValue, oidString, raw, readTlv, type Tlv } from '../asn1/Ber.js';
import { header, integer, oid, TAG, tlv } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';

export interface CmsEnvelope {
  readonly version: number;
  /** Each AlgorithmIdentifier of digestAlgorithms, original encoding. */
  readonly digestAlgorithms: readonly Uint8Array[];
  /** The whole encapContentInfo TLV as it is in the input (never copied); empty when {@link encapSource} is set. */
  readonly encapContentInfo: Uint8Array;
  /** The encapContentInfo TLV streamed from where it is (a large file), instead of bytes in memory. */
  readonly encapSource?: ContentSource;
  /** The eContent's value streamed from where it is (with {@link encapSource}); `eContent` is then null. */
  readonly eContentSource?: ContentSource;
  readonly eContentType: string;
  /** The eContentType OBJECT IDENTIFIER TLV as encoded (EN 319 122-1 §5.5.3 a). */
  readonly eContentTypeTlv: Uint8Array;
  /** The eContent OCTET STRING node (primitive or constructed), or null when the content is detached. */
  readonly eContent: Tlv | null;
  /** Each CertificateChoices of SignedData.certificates, original encoding, in order. */
  readonly certificates: readonly Uint8Array[];
  /** Each RevocationInfoChoice of SignedData.crls, original encoding, in order. */
  readonly crls: readonly Uint8Array[];
  /** Each SignerInfo, original encoding, in order. */
  readonly signerInfos: readonly Uint8Array[];
}

/** Opens a ContentInfo holding a SignedData; `INPUT_FORMAT` for anything else. */
export function openCmsEnvelope(input: Uint8Array): CmsEnvelope {
  // A plain Uint8Array view (no copy): a Buffer's slice() is a view too, and must not let a reader write into the input.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.length);
  const ci = expectTag(readTlv(bytes), TAG.SEQUENCE, 'ContentInfo');
  const [ctype, wrapped] = children(ci);
  if (oidString(expectTag(ctype, TAG.OID, 'contentType')) !== OID.signedData) {
    throw new SiglaError('INPUT_FORMAT', 'the CMS object is not SignedData');
  }
  const [sd] = children(expectTag(wrapped, 0xa0, 'content'));
  const [version, digestAlgs, encap, ...rest] = children(expectTag(sd, TAG.SEQUENCE, 'SignedData'));
  const encapNode = expectTag(encap, TAG.SEQUENCE, 'encapContentInfo');
  const [typeNode, explicitContent] = children(encapNode);
  const eContentTypeTlv = expectTag(typeNode, TAG.OID, 'eContentType');
  let eContent: Tlv | null = null;
  if (explicitContent !== undefined) {
    const [os] = children(expectTag(explicitContent, 0xa0, 'eContent'));
    if (os === undefined || os.tagNumber !== 4 || os.tagClass !== 0) throw new SiglaError('INPUT_FORMAT', 'eContent is not an OCTET STRING');
    eContent = os;
  }
  let certificates: Tlv[] = [];
  let crls: Tlv[] = [];
  let signerInfos: Tlv | undefined;
  for (const p of rest) {
    if (p.tag === 0xa0) certificates = children(p);
    else if (p.tag === 0xa1) crls = children(p);
    else if (p.tag === TAG.SET) signerInfos = p;
    else throw new SiglaError('INPUT_FORMAT', `SignedData: unexpected field with tag 0x${p.tag.toString(16)}`);
  }
  return {
    version: integerValue(expectTag(version, TAG.INTEGER, 'version')),
    digestAlgorithms: children(expectTag(digestAlgs, TAG.SET, 'digestAlgorithms')).map(raw),
    encapContentInfo: raw(encapNode),
    eContentType: oidString(eContentTypeTlv),
    eContentTypeTlv: raw(eContentTypeTlv),
    eContent,
    certificates: certificates.map(raw),
    crls: crls.map(raw),
    signerInfos: children(expectTag(signerInfos, TAG.SET, 'signerInfos')).map(raw),
  };
}

/**
 * SignedData version (RFC 5652 §5.1): 5 when any certificate or revocation entry is of the `other` choice
 * ([3] / [1]); otherwise what the input had (the other rules do not change when values are added: Sigla adds only
 * X.509 certificates, CRLs and `other` revocation entries).
 */
export function envelopeVersion(e: Pick<CmsEnvelope, 'version' | 'certificates' | 'crls'>): number {
  const otherCert = e.certificates.some((c) => c[0] === 0xa3);
  const otherRevocation = e.crls.some((c) => c[0] === 0xa1);
  return otherCert || otherRevocation ? Math.max(e.version, 5) : e.version;
}

interface EnvelopeLayout {
  /** Headers, version and digestAlgorithms: everything before the encapContentInfo. */
  readonly head: Uint8Array[];
  /** certificates, crls and signerInfos: everything after it. */
  readonly suffix: Uint8Array[];
}

function layout(e: CmsEnvelope): EnvelopeLayout {
  const versionTlv = integer(envelopeVersion(e));
  const digestAlgs = tlv(TAG.SET, ...e.digestAlgorithms);
  const suffix = [
    e.certificates.length > 0 ? tlv(0xa0, ...e.certificates) : new Uint8Array(0),
    e.crls.length > 0 ? tlv(0xa1, ...e.crls) : new Uint8Array(0),
    tlv(TAG.SET, ...e.signerInfos),
  ];
  const encapLength = e.encapSource?.size ?? e.encapContentInfo.length;
  const bodyLength = versionTlv.length + digestAlgs.length + encapLength + suffix.reduce((n, x) => n + x.length, 0);
  const sdHead = header(TAG.SEQUENCE, bodyLength);
  const sdTotal = sdHead.length + bodyLength;
  const signedDataOid = oid(OID.signedData);
  const wrapHead = header(0xa0, sdTotal);
  const ciHead = header(TAG.SEQUENCE, signedDataOid.length + wrapHead.length + sdTotal);
  return { head: [ciHead, signedDataOid, wrapHead, sdHead, versionTlv, digestAlgs], suffix };
}

/**
 * The envelope as DER-length chunks, in order: ContentInfo, [0] and SignedData headers, version and
 * digestAlgorithms, then the encapContentInfo as it was (a view into the input, not a copy), then certificates,
 * crls and signerInfos (each element as encoded, order kept: earlier signers stay signature 1, 2…). Written one after
 * the other, they are the whole new ContentInfo. For an envelope whose content is streamed, see {@link writeEnvelope}.
 */
export function envelopeChunks(e: CmsEnvelope): Uint8Array[] {
  if (e.encapSource) throw new SiglaError('INTERNAL', 'a streamed envelope has no chunks in memory');
  const l = layout(e);
  return [...l.head, e.encapContentInfo, ...l.suffix];
}

/** The envelope as one DER buffer (for small objects: time-stamp tokens, tests). */
export function envelopeBytes(e: CmsEnvelope): Uint8Array {
  return Buffer.concat(envelopeChunks(e));
}

/**
 * Writes the envelope to `sink`; a streamed encapContentInfo is copied chunk by chunk from its source, which must
 * deliver exactly the size announced in the headers already written (`INPUT_CHANGED` otherwise).
 */
export async function writeEnvelope(e: CmsEnvelope, sink: OutputSink): Promise<void> {
  const l = layout(e);
  for (const c of l.head) await sink.write(c);
  if (e.encapSource) {
    let n = 0;
    for await (const chunk of e.encapSource.open()) {
      n += chunk.length;
      if (n > e.encapSource.size) break;
      await sink.write(chunk);
    }
    if (n !== e.encapSource.size) throw new SiglaError('INPUT_CHANGED', `the signed file changed while it was read (${e.encapSource.size} → ${n})`);
  } else {
    await sink.write(e.encapContentInfo);
  }
  for (const c of l.suffix) await sink.write(c);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** `items` followed by those of `more` not already in it (by encoding). */
export function appendMissing(items: readonly Uint8Array[], more: readonly Uint8Array[]): Uint8Array[] {
  const out = [...items];
  for (const m of more) if (!out.some((x) => sameBytes(x, m))) out.push(m);
  return out;
}
