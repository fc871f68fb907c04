/**
 * SignerInfo (RFC 5652 §5.3), version 1 with issuerAndSerialNumber, signed attributes always present.
 *
 *   SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, signedAttrs [0] IMPLICIT, signatureAlgorithm,
 *                             signature OCTET STRING, unsignedAttrs [1] IMPLICIT OPTIONAL }
 */
import { implicit, integer, octetString, sequence, setOf } from '../asn1/Der.js';
import { certificateFields, sameBytes, type CertificateFields } from '../cert/CertificateFields.js';
import { digestBytes } from '../crypto/digestStream.js';
import { HASHES, type SigningHash } from '../crypto/HashAlgorithm.js';
import type { RawSigner } from '../signer/RawSigner.js';
import { digestAlgorithm, signatureAlgorithm } from './AlgorithmIdentifier.js';
import { OID } from '../asn1/oids.js';
import { attribute } from './Attribute.js';
import { signedAttributesField, signedAttributesSet } from './SignedAttributes.js';
import { signingCertificateV2Attribute } from './SigningCertificateV2.js';

/**
 * What a signature time-stamp needs from a time-stamping authority: the TimeStampToken (RFC 3161 §2.4.2) over the
 * given digest. tsp/Timestamper (which also checks the response) is one; cms stays below tsp.
 */
export type SignatureTimestamper = (hash: SigningHash, digest: Uint8Array) => Promise<{ readonly token: Uint8Array }>;

export interface SignerInfoInput {
  readonly signer: RawSigner;
  readonly hash: SigningHash;
  readonly messageDigest: Uint8Array;
  readonly contentType?: string;
  readonly signingTime?: Date;
  /** Unsigned attributes (DER Attribute encodings). */
  readonly unsignedAttributes?: readonly Uint8Array[];
  /**
   * When given, the signature value is time-stamped and the token added as the signature-time-stamp unsigned
   * attribute (RFC 3161 App. A; ETSI EN 319 122-1 §5.3: CAdES-B-T), over hash(signature value).
   */
  readonly timestamper?: SignatureTimestamper;
}

export interface BuiltSignerInfo {
  readonly der: Uint8Array;
  /** The signature value, over which countersignatures and signature time-stamps are computed. */
  readonly signatureValue: Uint8Array;
}

/** A signer certificate read once: its fields and, per hash, its signing-certificate-v2 attribute. */
interface ReadCertificate {
  readonly fields: CertificateFields;
  readonly signingCertificate: Map<SigningHash, Uint8Array>;
}

/**
 * The certificates read so far, by the bytes object the signer gives (a batch signs every document with one): the
 * fields are read from a private copy, and served again only while the signer's bytes still equal it.
 */
const readCertificates = new WeakMap<Uint8Array, ReadCertificate>();

function readSignerCertificate(der: Uint8Array): ReadCertificate {
  const known = readCertificates.get(der);
  if (known && sameBytes(known.fields.der, der)) return known;
  const read: ReadCertificate = { fields: certificateFields(der.slice()), signingCertificate: new Map() };
  readCertificates.set(der, read);
  return read;
}

export async function buildSignerInfo(input: SignerInfoInput): Promise<BuiltSignerInfo> {
  const signer = readSignerCertificate(input.signer.certificate);
  const cert = signer.fields;
  let signingCertificate = signer.signingCertificate.get(input.hash);
  if (!signingCertificate) {
    signingCertificate = signingCertificateV2Attribute(cert, input.hash);
    signer.signingCertificate.set(input.hash, signingCertificate);
  }
  const set = signedAttributesSet({
    hash: input.hash,
    messageDigest: input.messageDigest,
    signer: cert,
    signingCertificate,
    ...(input.contentType !== undefined ? { contentType: input.contentType } : {}),
    ...(input.signingTime !== undefined ? { signingTime: input.signingTime } : {}),
  });
  const signatureValue = await input.signer.sign({
    hash: input.hash,
    toBeSigned: set,
    digest: digestBytes(set, HASHES[input.hash].nodeName),
  });
  const parts = [
    integer(1),
    sequence(cert.issuer, cert.serialNumber),
    digestAlgorithm(input.hash),
    signedAttributesField(set),
    signatureAlgorithm(input.signer.keyAlgorithm, input.hash),
    octetString(signatureValue),
  ];
  const unsigned = [...(input.unsignedAttributes ?? [])];
  if (input.timestamper) {
    const ts = await input.timestamper(input.hash, digestBytes(signatureValue, HASHES[input.hash].nodeName));
    unsigned.push(attribute(OID.signatureTimeStampToken, ts.token));
  }
  if (unsigned.length > 0) parts.push(implicit(1, setOf(unsigned)));
  return { der: sequence(...parts), signatureValue };
}
