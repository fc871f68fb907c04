/**
 * Reading a SignerInfo (RFC 5652 §5.3) made by anyone: its fields as original encodings, its attributes decoded
 * enough to check them.
 */
import { SiglaError } from '../../shared/errors.js';
import { children, expectTag, integerValue, octetStringValue, oidString, raw, type Tlv } from '../asn1/Ber.js';
import { TAG } from '../asn1/Der.js';
import { derReencode } from '../asn1/derReencode.js';

export interface AttributeNode {
  readonly type: string;
  readonly values: readonly Tlv[];
  readonly node: Tlv;
}

export interface SignerInfoFields {
  readonly node: Tlv;
  readonly version: number;
  /** IssuerAndSerialNumber SEQUENCE, or the [0] SubjectKeyIdentifier. */
  readonly sid: Tlv;
  readonly digestAlgorithmOid: string;
  /** The [0] IMPLICIT signed attributes as they were encoded, or undefined. */
  readonly signedAttrs: Tlv | undefined;
  readonly signedAttributes: readonly AttributeNode[];
  readonly signatureAlgorithm: Tlv;
  readonly signatureAlgorithmOid: string;
  readonly signature: Uint8Array;
  readonly unsignedAttrs: Tlv | undefined;
  readonly unsignedAttributes: readonly AttributeNode[];
  /** The fields before unsignedAttrs, each as its original encoding. */
  readonly leadingFields: readonly Tlv[];
}

function attributes(set: Tlv | undefined): AttributeNode[] {
  if (set === undefined) return [];
  return children(set).map((a) => {
    const [t, vals] = children(expectTag(a, TAG.SEQUENCE, 'Attribute'));
    return { type: oidString(expectTag(t, TAG.OID, 'attrType')), values: children(expectTag(vals, TAG.SET, 'attrValues')), node: a };
  });
}

export function signerInfoFields(node: Tlv): SignerInfoFields {
  const parts = children(expectTag(node, TAG.SEQUENCE, 'SignerInfo'));
  const [version, sid, digestAlg, ...rest] = parts;
  let i = 0;
  let signedAttrs: Tlv | undefined;
  if (rest[0]?.tag === 0xa0) {
    signedAttrs = rest[0];
    i = 1;
  }
  const sigAlg = expectTag(rest[i], TAG.SEQUENCE, 'signatureAlgorithm');
  const sig = rest[i + 1];
  if (sig === undefined || sig.tagNumber !== 4) throw new SiglaError('INPUT_FORMAT', 'SignerInfo without a signature');
  const unsignedAttrs = rest[i + 2]?.tag === 0xa1 ? rest[i + 2] : undefined;
  const leading = parts.filter((p) => p !== unsignedAttrs);
  return {
    node,
    version: integerValue(expectTag(version, TAG.INTEGER, 'version')),
    sid: sid ?? expectTag(undefined, TAG.SEQUENCE, 'sid'),
    digestAlgorithmOid: oidString(expectTag(children(expectTag(digestAlg, TAG.SEQUENCE, 'digestAlgorithm'))[0], TAG.OID, 'algorithm')),
    signedAttrs,
    signedAttributes: attributes(signedAttrs),
    signatureAlgorithm: sigAlg,
    signatureAlgorithmOid: oidString(expectTag(children(sigAlg)[0], TAG.OID, 'algorithm')),
    signature: octetStringValue(sig),
    unsignedAttrs,
    unsignedAttributes: attributes(unsignedAttrs),
    leadingFields: leading,
  };
}

/** The signed attributes as they were signed: the original [0] encoding with the SET OF tag (RFC 5652 §5.4). */
export function signedAttributesForVerification(f: SignerInfoFields): Uint8Array | undefined {
  if (!f.signedAttrs) return undefined;
  // A copy (Uint8Array.from): on a Buffer, slice() is a view, and the input's [0] tag would be overwritten.
  const der = Uint8Array.from(raw(f.signedAttrs));
  der[0] = TAG.SET;
  return der;
}

/**
 * The DER encoding of the signed attributes (RFC 5652 §5.4: "the DER encoding of the SignedAttrs value"), when it
 * differs from the bytes as stored (BER forms such as attributes out of SET OF order or indefinite lengths); else
 * undefined.
 */
export function signedAttributesDer(f: SignerInfoFields): Uint8Array | undefined {
  const stored = signedAttributesForVerification(f);
  if (!f.signedAttrs || !stored) return undefined;
  const der = derReencode(f.signedAttrs, true);
  return der.length === stored.length && der.every((b, i) => b === stored[i]) ? undefined : der;
}

export function attributeValue(attrs: readonly AttributeNode[], type: string): Tlv | undefined {
  return attrs.find((a) => a.type === type)?.values[0];
}

