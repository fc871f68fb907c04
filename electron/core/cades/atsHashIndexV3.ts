/**
 * ats-hash-index-v3 (ETSI EN 319 122-1 §5.5.2), the unambiguous list of what an archive-time-stamp-v3 covers
 * besides the content and the signed fields: one hash per element of SignedData.certificates and SignedData.crls,
 * and per value of each unsigned attribute of the archived SignerInfo.
 *
 *   ATSHashIndexV3 ::= SEQUENCE { hashIndAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
 *     certificatesHashIndex SEQUENCE OF OCTET STRING, crlsHashIndex SEQUENCE OF OCTET STRING,
 *     unsignedAttrsHashIndex SEQUENCE OF OCTET STRING }
 *
 * certificatesHashIndex: the hash of each CertificateChoices as encoded; crlsHashIndex: of each
 * RevocationInfoChoice; unsignedAttrsHashIndex: for each Attribute and each of its AttributeValues, the hash of
 * attrType's encoding followed by that value's encoding ("one concatenation per value", §5.5.2). The hash algorithm
 * is the archive time-stamp's message-imprint algorithm (§5.5.2: "shall be the same").
 *
 * Elements are hashed in their DER encoding (X.690 §10–11), as EU DSS and Bouncy Castle do: for the usual DER
 * elements that is the encoding as stored; for BER ones (indefinite lengths in a token or countersignature) it is
 * the re-encoding. When checking an index either form is accepted.
 */
import { createHash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, octetStringValue, oidString, raw, readTlv, type Tlv } from '../asn1/Ber.js';
import { derReencode, isDerEncoded } from '../asn1/derReencode.js';
import { octetString, sequence, TAG } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { digestAlgorithm } from '../cms/AlgorithmIdentifier.js';
import type { SignerInfoFields } from '../cms/SignerInfoFields.js';
import { DIGEST_BY_OID, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { CmsEnvelope } from './cmsEnvelope.js';

export interface AtsHashIndexV3 {
  /**
   * Which attribute held it: v3 (EN 319 122-1 V1.1.1+) hashes each attribute value with its type; the earlier
   * ats-hash-index (TS 101 733 v2.2.1) and ats-hash-index-v2 (EN 319 122-1 V1.0.0), still found in archives, hash
   * each whole Attribute. Sigla writes v3 only.
   */
  readonly version: 1 | 2 | 3;
  /** node:crypto name of hashIndAlgorithm (sha256 when absent, its DEFAULT). */
  readonly algorithm: string;
  readonly certificates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly unsignedAttrs: readonly Uint8Array[];
  /** The ATSHashIndexV3 value as encoded in the token (what the imprint covers, §5.5.3 d). */
  readonly der: Uint8Array;
}

const digest = (algorithm: string, ...parts: readonly Uint8Array[]): Uint8Array => {
  const h = createHash(algorithm);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** The DER encoding of an element (its stored bytes, not copied, when it already is DER). */
function derOf(node: Tlv): Uint8Array {
  return isDerEncoded(node) ? raw(node) : derReencode(node);
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/** The element's hash over its DER encoding, and over its stored encoding when that differs. */
function elementHashes(algorithm: string, node: Tlv): Uint8Array[] {
  const stored = raw(node);
  const der = derOf(node);
  return same(stored, der) ? [digest(algorithm, der)] : [digest(algorithm, der), digest(algorithm, stored)];
}

/**
 * The hashes of the SignerInfo's unsigned attribute values, one per value: H(attrType ‖ attrValue) (§5.5.2), DER
 * first; with `alsoStored`, also over the encodings as stored where they differ.
 */
export function unsignedAttributeHashes(signer: SignerInfoFields, algorithm: string, alsoStored = false): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const a of signer.unsignedAttributes) {
    const [typeNode] = children(a.node);
    if (typeNode === undefined) continue;
    for (const v of a.values) {
      const der = digest(algorithm, derOf(typeNode), derOf(v));
      out.push(der);
      if (alsoStored) out.push(digest(algorithm, raw(typeNode), raw(v)));
    }
  }
  return out;
}

/** A new ATSHashIndexV3 (DER) for `signer` in `e` as they are now; hashIndAlgorithm omitted when SHA-256 (DER DEFAULT). */
export function buildAtsHashIndexV3(e: CmsEnvelope, signer: SignerInfoFields, hash: SigningHash): Uint8Array {
  const hashList = (items: readonly Uint8Array[]): Uint8Array => sequence(...items.map((i) => octetString(digest(hash, derOf(readTlv(i))))));
  return sequence(
    ...(hash === 'sha256' ? [] : [digestAlgorithm(hash)]),
    hashList(e.certificates),
    hashList(e.crls),
    sequence(...unsignedAttributeHashes(signer, hash).map(octetString)),
  );
}

/** Reads an ATSHashIndexV3 value; `INPUT_FORMAT` when it is not one or names an unknown hash algorithm. */
export function readAtsHashIndexV3(node: Tlv, version: 1 | 2 | 3 = 3): AtsHashIndexV3 {
  const parts = children(expectTag(node, TAG.SEQUENCE, 'ATSHashIndexV3'));
  let algorithm = 'sha256';
  let lists = parts;
  if (parts.length === 4) {
    const [alg] = children(expectTag(parts[0], TAG.SEQUENCE, 'hashIndAlgorithm'));
    const name = DIGEST_BY_OID[oidString(expectTag(alg, TAG.OID, 'algorithm'))];
    if (name === undefined) throw new SiglaError('INPUT_FORMAT', 'ats-hash-index-v3: unknown hash algorithm');
    algorithm = name;
    lists = parts.slice(1);
  } else if (parts.length !== 3) {
    throw new SiglaError('INPUT_FORMAT', 'ats-hash-index-v3: expected three lists');
  }
  const list = (n: Tlv | undefined, what: string): Uint8Array[] =>
    children(expectTag(n, TAG.SEQUENCE, what)).map((o) => octetStringValue(expectTag(o, TAG.OCTET_STRING, what)));
  return {
    version,
    algorithm,
    certificates: list(lists[0], 'certificatesHashIndex'),
    crls: list(lists[1], 'crlsHashIndex'),
    unsignedAttrs: list(lists[2], 'unsignedAttrsHashIndex'),
    der: raw(node),
  };
}

const INDEX_VERSIONS: Readonly<Record<string, 1 | 2 | 3>> = { [OID.atsHashIndex]: 1, [OID.atsHashIndexV2]: 2, [OID.atsHashIndexV3]: 3 };

/**
 * The hash index of a time-stamp token's SignerInfo: exactly one ats-hash-index(-v2/-v3) attribute with one
 * value, or undefined.
 */
export function atsHashIndexOfToken(tokenSigner: SignerInfoFields): AtsHashIndexV3 | undefined {
  const attrs = tokenSigner.unsignedAttributes.filter((a) => INDEX_VERSIONS[a.type] !== undefined);
  const [only] = attrs;
  if (attrs.length !== 1 || only === undefined || only.values.length !== 1 || only.values[0] === undefined) return undefined;
  return readAtsHashIndexV3(only.values[0], INDEX_VERSIONS[only.type]);
}

/**
 * Whether every entry of `index` names an element present now (§5.5.2: "no other hash value shall be included"):
 * elements added after the time-stamp (later validation data, later attributes) are allowed, entries that match
 * nothing (an element changed or removed) are not.
 */
export function hashIndexMatches(index: AtsHashIndexV3, e: CmsEnvelope, signer: SignerInfoFields): boolean {
  const key = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  const present = (items: readonly Uint8Array[]): Set<string> => new Set(items.flatMap((i) => elementHashes(index.algorithm, readTlv(i)).map(key)));
  const certs = present(e.certificates);
  const crls = present(e.crls);
  const attrHashes =
    index.version === 3 ? unsignedAttributeHashes(signer, index.algorithm, true) : signer.unsignedAttributes.flatMap((a) => elementHashes(index.algorithm, a.node));
  const attrs = new Set(attrHashes.map(key));
  return (
    index.certificates.every((h) => certs.has(key(h))) &&
    index.crls.every((h) => crls.has(key(h))) &&
    index.unsignedAttrs.every((h) => attrs.has(key(h)))
  );
}

/** Reads a DER ATSHashIndexV3 (for tests and tools). */
export function parseAtsHashIndexV3(der: Uint8Array): AtsHashIndexV3 {
  return readAtsHashIndexV3(readTlv(der));
}
