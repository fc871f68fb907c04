/**
 * Raising an existing CAdES signature (.p7m/.p7s, made by anyone) to a higher baseline level (ETSI EN 319 122-1
 * §5.3–§5.5), touching only unsigned parts:
 * - B-T: a signature-time-stamp (RFC 3161 App. A, over the signature value) on each SignerInfo lacking one;
 * - B-LT: B-T, then the certificates and revocation data of every signer's and every time-stamping unit's path as
 *   validation values (§5.5.1; {@link withValidationValues});
 * - B-LTA: B-LT, then an archive-time-stamp-v3 on each SignerInfo (§5.5.3) over everything present, earlier
 *   archive time-stamps included (a renewal), then the validation data of the new tokens' TSAs, so that the next
 *   renewal covers them.
 * Each SignerInfo's version…signature fields, its earlier unsigned attributes (countersignatures included) and the
 * encapsulated content are kept as encoded. Only the outermost SignedData is extended: a .p7m whose content is
 * itself a .p7m (a nested signature) keeps its inner envelope as signed content, untouched (extending it would
 * change what the outer signers signed).
 */
import { SiglaError } from '../../shared/errors.js';
import { usageError } from '../../shared/i18n/usage.js';
import { octetStringValue, raw, readTlv } from '../asn1/Ber.js';
import { OID } from '../asn1/oids.js';
import { attribute } from '../cms/Attribute.js';
import { attributeValue, signerInfoFields, type SignerInfoFields } from '../cms/SignerInfoFields.js';
import { findSignerCertificate } from '../cms/verifySignerInfo.js';
import { digestSource } from '../crypto/digestStream.js';
import { DIGEST_BY_OID, HASHES, isSigningHash, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { ContentSource, OutputSink } from '../content/ContentSource.js';
import { missingValidationData, type ValidationDataSource } from '../ltv/ValidationData.js';
import type { Timestamper } from '../tsp/Timestamper.js';
import { addArchiveTimeStampV3, appendUnsignedAttribute, attachedContentDigest, type ContentDigest } from './archiveTimeStampV3.js';
import { carriedValidationValues, withValidationValues } from './addValidationValues.js';
import { openCmsEnvelope, writeEnvelope, type CmsEnvelope } from './cmsEnvelope.js';
import { createHash } from 'node:crypto';

export type CadesLevel = 'B-T' | 'B-LT' | 'B-LTA';

export interface ExtendCadesOptions {
  readonly level: CadesLevel;
  /** Needed for B-T when a SignerInfo has no signature-time-stamp, and always for B-LTA. */
  readonly timestamper?: Timestamper;
  /** Needed for B-LT and B-LTA: gathers paths and revocation data (io/ltv/gatherValidationData). */
  readonly validationData?: ValidationDataSource;
  /** The signed content of a detached signature (.p7s); needed for B-LTA (§5.5.3 b hashes the content). */
  readonly detachedContent?: ContentSource;
  /** Digest of new time-stamps (signature-time-stamps use the SignerInfo's own digest when it is one of ours). SHA-256 by default. */
  readonly hash?: SigningHash;
}

export interface ExtendCadesResult {
  /** Signature-time-stamps added (B-T). */
  readonly signatureTimeStamps: number;
  /** Archive-time-stamps-v3 added (B-LTA). */
  readonly archiveTimeStamps: number;
  readonly certificatesAdded: number;
  readonly crlsAdded: number;
  readonly ocspResponsesAdded: number;
}

const signersOf = (e: CmsEnvelope): SignerInfoFields[] => e.signerInfos.map((s) => signerInfoFields(readTlv(s)));

/** The time-stamp tokens among a SignerInfo's unsigned attributes (signature-time-stamps, archive time-stamps). */
function tokensOf(s: SignerInfoFields): Uint8Array[] {
  return s.unsignedAttributes.filter((a) => a.type === OID.signatureTimeStampToken || a.type === OID.archiveTimeStampV3).flatMap((a) => a.values.map(raw));
}

/** Countersignatures (RFC 5652 §11.4) under a SignerInfo, at any depth (bounded by the BER reader's nesting limit). */
function countersignersOf(s: SignerInfoFields, depth = 0): SignerInfoFields[] {
  if (depth > 16) return [];
  const out: SignerInfoFields[] = [];
  for (const a of s.unsignedAttributes) {
    if (a.type !== OID.countersignature) continue;
    for (const v of a.values) {
      const c = signerInfoFields(v);
      out.push(c, ...countersignersOf(c, depth + 1));
    }
  }
  return out;
}

/** The TSA certificate of a token and the certificates it carries. */
function tokenCertificates(token: Uint8Array): { tsa: Uint8Array | undefined; all: Uint8Array[] } {
  try {
    const t = openCmsEnvelope(token);
    const [si] = t.signerInfos;
    const tsa = si ? findSignerCertificate(signerInfoFields(readTlv(si)).sid, t.certificates) : undefined;
    return { tsa, all: [...t.certificates] };
  } catch {
    return { tsa: undefined, all: [] };
  }
}

/** Leaves (signers', countersigners', TSAs') and the pool of certificates to build their paths from. */
function pathsToGather(e: CmsEnvelope, extraTokens: readonly Uint8Array[] = []): { leaves: Uint8Array[]; pool: Uint8Array[] } {
  const leaves: Uint8Array[] = [];
  const pool: Uint8Array[] = [...e.certificates];
  const tokens: Uint8Array[] = [...extraTokens];
  for (const s of signersOf(e)) {
    for (const x of [s, ...countersignersOf(s)]) {
      const c = findSignerCertificate(x.sid, e.certificates);
      if (c) leaves.push(c);
      tokens.push(...tokensOf(x));
    }
  }
  for (const t of tokens) {
    const { tsa, all } = tokenCertificates(t);
    if (tsa) leaves.push(tsa);
    pool.push(...all);
  }
  return { leaves, pool };
}

async function addValidationFor(e: CmsEnvelope, source: ValidationDataSource, paths: { leaves: Uint8Array[]; pool: Uint8Array[] }): Promise<CmsEnvelope> {
  if (paths.leaves.length === 0) return e;
  const gathered = await source(paths.leaves, paths.pool);
  return withValidationValues(e, missingValidationData(carriedValidationValues(e), gathered));
}

/** B-T: a signature-time-stamp on each SignerInfo without one, over hash(signature value) (RFC 3161 App. A). */
async function addSignatureTimeStamps(e: CmsEnvelope, timestamper: Timestamper | undefined, fallback: SigningHash): Promise<{ e: CmsEnvelope; added: number }> {
  let added = 0;
  const signerInfos: Uint8Array[] = [];
  for (const [i, s] of signersOf(e).entries()) {
    if (s.unsignedAttributes.some((a) => a.type === OID.signatureTimeStampToken)) {
      signerInfos.push(e.signerInfos[i] ?? raw(s.node));
      continue;
    }
    if (!timestamper) throw usageError('tsaRequired');
    const own = DIGEST_BY_OID[s.digestAlgorithmOid];
    const hash: SigningHash = own !== undefined && isSigningHash(own) ? own : fallback;
    const ts = await timestamper(hash, new Uint8Array(createHash(HASHES[hash].nodeName).update(s.signature).digest()));
    signerInfos.push(appendUnsignedAttribute(s, attribute(OID.signatureTimeStampToken, ts.token)));
    added++;
  }
  return { e: { ...e, signerInfos }, added };
}

/**
 * The digest of the content the signers signed, for §5.5.3 b: the eContent when attached; for a detached
 * signature the given content, refused (`INPUT_FORMAT`) unless it is what the signers' message-digest covers.
 */
async function contentDigestFor(e: CmsEnvelope, detached: ContentSource | undefined, hash: SigningHash): Promise<ContentDigest> {
  const attached = attachedContentDigest(e);
  if (attached) return attached;
  if (e.eContentSource) {
    const d = await digestSource(e.eContentSource, HASHES[hash].nodeName);
    return (algorithm) => {
      if (algorithm !== HASHES[hash].nodeName) throw new SiglaError('INTERNAL', `content digest ${algorithm} not computed`);
      return d;
    };
  }
  if (!detached) throw usageError('detachedNeedsContent');
  const digests = new Map<string, Uint8Array>();
  digests.set(HASHES[hash].nodeName, await digestSource(detached, HASHES[hash].nodeName));
  for (const s of signersOf(e)) {
    const alg = DIGEST_BY_OID[s.digestAlgorithmOid];
    const md = attributeValue(s.signedAttributes, OID.messageDigest);
    if (alg === undefined || md === undefined) continue;
    let d = digests.get(alg);
    if (d === undefined) {
      d = await digestSource(detached, alg);
      digests.set(alg, d);
    }
    if (Buffer.compare(octetStringValue(md), d) !== 0) {
      throw new SiglaError('INPUT_FORMAT', 'the detached content is not the content the existing signature covers');
    }
  }
  return (algorithm) => {
    const d = digests.get(algorithm);
    if (d === undefined) throw new SiglaError('INTERNAL', `content digest ${algorithm} not computed`);
    return d;
  };
}

/** The extended envelope (in memory apart from the content, which stays a view into the input). */
export async function extendCadesEnvelope(input: CmsEnvelope, o: ExtendCadesOptions): Promise<{ envelope: CmsEnvelope; result: ExtendCadesResult }> {
  const hash = o.hash ?? 'sha256';
  if (input.signerInfos.length === 0) throw new SiglaError('INPUT_FORMAT', 'the CMS object has no signature to extend');
  if (o.level === 'B-LTA' && !o.timestamper) throw usageError('tsaRequired');
  // Refuse before asking any service: B-LTA over detached content needs the content.
  const contentDigest = o.level === 'B-LTA' ? await contentDigestFor(input, o.detachedContent, hash) : undefined;
  const stamped = await addSignatureTimeStamps(input, o.timestamper, hash);
  let e = stamped.e;
  let archiveTimeStamps = 0;
  if (o.level !== 'B-T') {
    if (!o.validationData) throw new SiglaError('INTERNAL', 'B-LT needs a validation data source');
    e = await addValidationFor(e, o.validationData, pathsToGather(e));
  }
  if (o.level === 'B-LTA' && o.timestamper && contentDigest && o.validationData) {
    const leaves: Uint8Array[] = [];
    for (let i = 0; i < e.signerInfos.length; i++) {
      const r = await addArchiveTimeStampV3(e, i, o.timestamper, hash, contentDigest);
      e = r.envelope;
      leaves.push(r.tsaCertificate);
      archiveTimeStamps++;
    }
    // The new tokens' TSA paths and revocation data, for the renewal that will cover them (§5.5.3 NOTE).
    const { pool } = pathsToGather(e);
    e = await addValidationFor(e, o.validationData, { leaves, pool });
  }
  const had = carriedValidationValues(input);
  const now = carriedValidationValues(e);
  return {
    envelope: e,
    result: {
      signatureTimeStamps: stamped.added,
      archiveTimeStamps,
      certificatesAdded: now.certificates.length - had.certificates.length,
      crlsAdded: now.crls.length - had.crls.length,
      ocspResponsesAdded: now.ocspResponses.length - had.ocspResponses.length,
    },
  };
}

/**
 * Extends the SignedData in `input` (DER or BER) to `o.level` and writes the result to `sink`: header chunks, the
 * encapsulated content as it was (no copy), then the new certificates, crls and signerInfos.
 */
export async function extendCades(input: Uint8Array, o: ExtendCadesOptions, sink: OutputSink): Promise<ExtendCadesResult> {
  const { envelope, result } = await extendCadesEnvelope(openCmsEnvelope(input), o);
  await writeEnvelope(envelope, sink);
  return result;
}
