/**
 * SignedData (RFC 5652 §5.1) inside a ContentInfo (§3): reading an existing one with every part kept as its
 * original encoding, and laying out a new one around content that is streamed between a prefix and a suffix.
 *
 *   ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT SignedData }
 *   SignedData ::= SEQUENCE { version, digestAlgorithms SET OF, encapContentInfo,
 *                             certificates [0] IMPLICIT OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET OF }
 *   EncapsulatedContentInfo ::= SEQUENCE { eContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, integerValue, octetStringValue, oidString, readTlv, type Tlv } from '../asn1/Ber.js';
import { concat, header, integer, oid, setOf, TAG, tlv } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';

export interface ParsedSignedData {
  readonly version: number;
  readonly digestAlgorithms: readonly Tlv[];
  readonly eContentType: string;
  /** The encapsulated content's value (segments of a constructed OCTET STRING joined); null when detached. */
  readonly eContent: Uint8Array | null;
  readonly certificates: readonly Tlv[];
  readonly crls: readonly Tlv[];
  readonly signerInfos: readonly Tlv[];
}

export function parseSignedData(bytes: Uint8Array): ParsedSignedData {
  const ci = expectTag(readTlv(bytes), TAG.SEQUENCE, 'ContentInfo');
  const [ctype, wrapped] = children(ci);
  if (oidString(expectTag(ctype, TAG.OID, 'contentType')) !== OID.signedData) {
    throw new SiglaError('INPUT_FORMAT', 'the CMS object is not SignedData');
  }
  const [sd] = children(expectTag(wrapped, 0xa0, 'content'));
  const parts = children(expectTag(sd, TAG.SEQUENCE, 'SignedData'));
  const [version, digestAlgs, encap, ...rest] = parts;
  const encapParts = children(expectTag(encap, TAG.SEQUENCE, 'encapContentInfo'));
  const eContentType = oidString(expectTag(encapParts[0], TAG.OID, 'eContentType'));
  let eContent: Uint8Array | null = null;
  if (encapParts[1] !== undefined) {
    const [os] = children(expectTag(encapParts[1], 0xa0, 'eContent'));
    if (os === undefined || os.tagNumber !== 4) throw new SiglaError('INPUT_FORMAT', 'eContent is not an OCTET STRING');
    eContent = octetStringValue(os);
  }
  let certificates: Tlv[] = [];
  let crls: Tlv[] = [];
  let signerInfos: Tlv | undefined;
  for (const p of rest) {
    if (p.tag === 0xa0) certificates = children(p);
    else if (p.tag === 0xa1) crls = children(p);
    else if (p.tag === TAG.SET) signerInfos = p;
  }
  return {
    version: integerValue(expectTag(version, TAG.INTEGER, 'version')),
    digestAlgorithms: children(expectTag(digestAlgs, TAG.SET, 'digestAlgorithms')),
    eContentType,
    eContent,
    certificates,
    crls,
    signerInfos: children(expectTag(signerInfos, TAG.SET, 'signerInfos')),
  };
}

export interface SignedDataParts {
  readonly version: number;
  readonly digestAlgorithms: readonly Uint8Array[];
  readonly eContentType: string;
  /** Length of the encapsulated content, or null for a detached signature (no eContent). */
  readonly contentLength: number | null;
  readonly certificates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly signerInfos: readonly Uint8Array[];
}

/**
 * A DER ContentInfo split around the content: write `prefix`, then exactly `contentLength` content bytes, then
 * `suffix`. Lengths are computed up front, so the content can be streamed and the result is still DER.
 */
export interface SignedDataLayout {
  readonly prefix: Uint8Array;
  readonly suffix: Uint8Array;
}

const uniqueSorted = (items: readonly Uint8Array[]): Uint8Array[] => {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = Buffer.from(i).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

export function layoutSignedData(p: SignedDataParts): SignedDataLayout {
  const suffix = signedDataSuffix(p);
  return { prefix: signedDataPrefix(p, suffix.length), suffix };
}

/**
 * What follows the content: certificates [0], crls [1] and signerInfos. SignerInfos keep their order (earlier
 * signers first, a new one last) so that "signature 1" stays signature 1 after a co-signature; validators do not
 * depend on SET OF order here.
 */
export function signedDataSuffix(p: Pick<SignedDataParts, 'certificates' | 'crls' | 'signerInfos'>): Uint8Array {
  const certs = uniqueSorted(p.certificates);
  const certsField = certs.length > 0 ? retag(setOf(certs), 0xa0) : new Uint8Array(0);
  const crlsField = p.crls.length > 0 ? retag(setOf(p.crls), 0xa1) : new Uint8Array(0);
  return concat([certsField, crlsField, tlv(TAG.SET, ...p.signerInfos)]);
}

/**
 * Everything up to the first content byte, for a suffix of `suffixLength` bytes: the ContentInfo, [0] and
 * SignedData headers (whose DER lengths cover content and suffix), version, digestAlgorithms and the
 * encapContentInfo headers down to the eContent OCTET STRING's. Only the three outer lengths depend on the suffix,
 * so a writer that learns the suffix after streaming the content can write this first and rewrite it in place,
 * provided its length did not change (see {@link signedDataPrefixLengthIsFixed}).
 */
export function signedDataPrefix(p: Omit<SignedDataParts, 'certificates' | 'crls' | 'signerInfos'>, suffixLength: number): Uint8Array {
  const versionBytes = integer(p.version);
  const digestAlgs = setOf(uniqueSorted(p.digestAlgorithms));
  const eType = oid(p.eContentType);
  let encapHead: Uint8Array;
  let contentTotal = 0;
  if (p.contentLength === null) {
    encapHead = concat([header(TAG.SEQUENCE, eType.length), eType]);
  } else {
    const octetHead = header(TAG.OCTET_STRING, p.contentLength);
    const octetTotal = octetHead.length + p.contentLength;
    const explicitHead = header(0xa0, octetTotal);
    const encapLen = eType.length + explicitHead.length + octetTotal;
    encapHead = concat([header(TAG.SEQUENCE, encapLen), eType, explicitHead, octetHead]);
    contentTotal = p.contentLength;
  }
  const sdBodyLen = versionBytes.length + digestAlgs.length + encapHead.length + contentTotal + suffixLength;
  const sdHead = header(TAG.SEQUENCE, sdBodyLen);
  const sdTotal = sdHead.length + sdBodyLen;
  const ctype = oid(OID.signedData);
  const wrapHead = header(0xa0, sdTotal);
  const ciHead = header(TAG.SEQUENCE, ctype.length + wrapHead.length + sdTotal);
  return concat([ciHead, ctype, wrapHead, sdHead, versionBytes, digestAlgs, encapHead]);
}

/**
 * True when the prefix has the same length for every suffix length from `min` to `max` (DER lengths grow with the
 * value, X.690 §8.1.3.5, so checking both ends is enough): then it can be written before the suffix is known.
 */
export function signedDataPrefixLengthIsFixed(p: Omit<SignedDataParts, 'certificates' | 'crls' | 'signerInfos'>, min: number, max: number): boolean {
  return signedDataPrefix(p, min).length === signedDataPrefix(p, max).length;
}

function retag(der: Uint8Array, tag: number): Uint8Array {
  const out = der.slice();
  out[0] = tag;
  return out;
}

/** SignedData version (RFC 5652 §5.1): 3 when eContentType is not id-data or any SignerInfo is v3, else 1. */
export function signedDataVersion(eContentType: string, signerInfoVersions: readonly number[]): number {
  if (eContentType !== OID.data || signerInfoVersions.some((v) => v === 3)) return 3;
  return 1;
}
