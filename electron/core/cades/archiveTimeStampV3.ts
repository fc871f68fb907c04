/**
 * archive-time-stamp-v3 (ETSI EN 319 122-1 §5.5.3, CAdES-B-LTA): an unsigned attribute of a SignerInfo whose
 * value is a time-stamp token; the token's own SignerInfo carries an ats-hash-index-v3 (§5.5.2) as an unsigned
 * attribute. The token's message imprint is the hash, with the token's hash algorithm, of the concatenation of:
 *   a) SignedData.encapContentInfo.eContentType, as encoded (tag, length, value);
 *   b) the hash of the signed content (the eContent OCTET STRING's value, or the detached content): the octets of
 *      the hash only, computed as for the message-digest attribute but with the time-stamp's algorithm;
 *   c) the SignerInfo's fields version, sid, digestAlgorithm, signedAttrs, signatureAlgorithm and signature, as
 *      encoded, in their order;
 *   d) the ATSHashIndexV3 value (as encoded in the token).
 */
import { createHash, type Hash } from 'node:crypto';
import { SiglaError } from '../../shared/errors.js';
import { BER_MAX_DEPTH, children, content, raw, readTlv, type Tlv } from '../asn1/Ber.js';
import { tlv } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import { attribute } from '../cms/Attribute.js';
import { signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { HASHES, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { Timestamper } from '../tsp/Timestamper.js';
import { buildAtsHashIndexV3 } from './atsHashIndexV3.js';
import { envelopeBytes, openCmsEnvelope, type CmsEnvelope } from './cmsEnvelope.js';

/** The digest of the signed content with a given algorithm (node:crypto name): b) above. */
export type ContentDigest = (algorithm: string) => Uint8Array;

function updateWithOctetString(h: Hash, node: Tlv, depth: number): void {
  if (!node.constructed) {
    h.update(content(node));
    return;
  }
  if (depth >= BER_MAX_DEPTH) throw new SiglaError('INPUT_LIMIT', `ASN.1: nested deeper than ${BER_MAX_DEPTH}`, { params: { limit: 'berNesting' } });
  for (const c of children(node)) {
    if (c.tagClass !== 0 || c.tagNumber !== 4) throw new SiglaError('INPUT_FORMAT', 'ASN.1: a segment of a constructed OCTET STRING is not an OCTET STRING');
    updateWithOctetString(h, c, depth + 1);
  }
}

/**
 * The content digest of an attached SignedData, over the eContent's value (segments of a constructed OCTET STRING
 * hashed in place, never joined); undefined when the content is detached.
 */
export function attachedContentDigest(e: CmsEnvelope): ContentDigest | undefined {
  const node = e.eContent;
  if (node === null) return undefined;
  const cache = new Map<string, Uint8Array>();
  return (algorithm) => {
    let d = cache.get(algorithm);
    if (d === undefined) {
      const h = createHash(algorithm);
      updateWithOctetString(h, node, 0);
      d = new Uint8Array(h.digest());
      cache.set(algorithm, d);
    }
    return d;
  };
}

/**
 * The message imprint of an archive-time-stamp-v3 (§5.5.3 a–d) with `algorithm` (node:crypto name), over the
 * signed fields as encoded ("without any modification"). `derSignedAttrs`: the signed attributes' DER re-encoding
 * in their place (`[0]` tag kept), as EU DSS hashes them: differs only for signers that stored them in another BER
 * form, and is only tried when checking.
 */
export function archiveImprint(
  e: CmsEnvelope,
  signer: SignerInfoFields,
  indexDer: Uint8Array,
  algorithm: string,
  contentDigest: ContentDigest,
  derSignedAttrs?: Uint8Array,
): Uint8Array {
  const h = createHash(algorithm);
  h.update(e.eContentTypeTlv);
  h.update(contentDigest(algorithm));
  for (const f of signer.leadingFields) {
    if (derSignedAttrs !== undefined && f === signer.signedAttrs) {
      const tagged = Uint8Array.from(derSignedAttrs);
      tagged[0] = 0xa0;
      h.update(tagged);
    } else {
      h.update(raw(f));
    }
  }
  h.update(indexDer);
  return new Uint8Array(h.digest());
}

/** The SignerInfo with `attr` appended to its unsigned attributes; every other field and attribute as encoded. */
export function appendUnsignedAttribute(signer: SignerInfoFields, attr: Uint8Array): Uint8Array {
  return tlv(0x30, ...signer.leadingFields.map(raw), tlv(0xa1, ...signer.unsignedAttributes.map((a) => raw(a.node)), attr));
}

/** A time-stamp token with `indexDer` as the ats-hash-index-v3 unsigned attribute of its (only) SignerInfo. */
export function tokenWithHashIndex(token: Uint8Array, indexDer: Uint8Array): Uint8Array {
  const t = openCmsEnvelope(token);
  const [si] = t.signerInfos;
  if (si === undefined || t.signerInfos.length !== 1) throw new SiglaError('TSA_UNAVAILABLE', 'TSA: the token must have exactly one signer', { params: { detail: 'signers' } });
  const fields = signerInfoFields(readTlv(si));
  return envelopeBytes({ ...t, signerInfos: [appendUnsignedAttribute(fields, attribute(OID.atsHashIndexV3, indexDer))] });
}

export interface ArchiveTimeStamped {
  readonly envelope: CmsEnvelope;
  /** The TSA certificate of the new token (its validation data belongs in the SignedData before a renewal). */
  readonly tsaCertificate: Uint8Array;
}

/**
 * Adds an archive-time-stamp-v3 to the SignerInfo at `index`, over everything the SignedData holds now
 * (certificates, crls, the SignerInfo's unsigned attributes, earlier archive time-stamps included: a renewal).
 */
export async function addArchiveTimeStampV3(
  e: CmsEnvelope,
  index: number,
  timestamper: Timestamper,
  hash: SigningHash,
  contentDigest: ContentDigest,
): Promise<ArchiveTimeStamped> {
  const si = e.signerInfos[index];
  if (si === undefined) throw new SiglaError('INTERNAL', `no SignerInfo ${index}`);
  const signer = signerInfoFields(readTlv(si));
  const indexDer = buildAtsHashIndexV3(e, signer, hash);
  const ts = await timestamper(hash, archiveImprint(e, signer, indexDer, HASHES[hash].nodeName, contentDigest));
  const token = tokenWithHashIndex(ts.token, indexDer);
  const signerInfos = e.signerInfos.map((s, i) => (i === index ? appendUnsignedAttribute(signer, attribute(OID.archiveTimeStampV3, token)) : s));
  return { envelope: { ...e, signerInfos }, tsaCertificate: ts.tsaCertificate };
}
