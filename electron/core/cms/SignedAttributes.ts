/**
 * Signed attributes of a CAdES baseline signature (ETSI EN 319 122-1 §5.2, RFC 5652 §5.3, §11).
 */
import { implicit, octetString, oid, setOf, time } from '../asn1/Der.js';
import { OID } from '../asn1/oids.js';
import type { CertificateFields } from '../cert/CertificateFields.js';
import type { SigningHash } from '../crypto/HashAlgorithm.js';
import { attribute } from './Attribute.js';
import { signingCertificateV2Attribute } from './SigningCertificateV2.js';

export interface SignedAttributesInput {
  readonly hash: SigningHash;
  /** Digest of the content (or, for a countersignature, of the countersigned signature value). */
  readonly messageDigest: Uint8Array;
  readonly signer: CertificateFields;
  /** eContentType; omitted for countersignatures (RFC 5652 §11.4 forbids content-type there). */
  readonly contentType?: string;
  /** Claimed signing time (RFC 5652 §11.3); omitted for PAdES, where the time goes in /M (EN 319 142-1 §5.4.2). */
  readonly signingTime?: Date;
  /** The signer's signing-certificate-v2 attribute when already built (the same for every signature of a batch). */
  readonly signingCertificate?: Uint8Array;
}

/** The attributes as a DER `SET OF Attribute`: the bytes that are hashed and signed (RFC 5652 §5.4). */
export function signedAttributesSet(input: SignedAttributesInput): Uint8Array {
  const attrs: Uint8Array[] = [];
  if (input.contentType !== undefined) attrs.push(attribute(OID.contentType, oid(input.contentType)));
  if (input.signingTime !== undefined) attrs.push(attribute(OID.signingTime, time(input.signingTime)));
  attrs.push(attribute(OID.messageDigest, octetString(input.messageDigest)));
  attrs.push(input.signingCertificate ?? signingCertificateV2Attribute(input.signer, input.hash));
  return setOf(attrs);
}

/** The same set as it stands in SignerInfo: `[0] IMPLICIT` (RFC 5652 §5.3). */
export function signedAttributesField(set: Uint8Array): Uint8Array {
  return implicit(0, set);
}
