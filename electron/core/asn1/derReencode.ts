/**
 * The DER encoding (ITU-T X.690 §10, §11) of a value read from BER: what RFC 5652 §5.4 says a SignerInfo's
 * signature is computed over ("the DER encoding of the SignedAttrs value"), for signers that stored their signed
 * attributes in another BER form (DSS-667: attributes out of SET OF order, indefinite lengths).
 *
 * Re-encoded: definite lengths in their shortest form (§10.1), constructed encodings of the universal string types
 * flattened to one primitive (§10.2: OCTET STRING, BIT STRING and the character strings; §8.6.4, §8.7.3, §8.23.6),
 * and the components of every SET / SET OF sorted by their encodings (§11.6; for a SET of distinct tags this is the
 * canonical tag order of §10.3). Identifier octets and primitive contents are kept as they are.
 */
import { SiglaError } from '../../shared/errors.js';
import { BER_MAX_DEPTH, children, content, raw, type Tlv } from './Ber.js';
import { compareEncodings, concat, encodeLength } from './Der.js';

/** Universal types whose constructed BER form is one primitive in DER (X.690 §10.2). */
const STRING_TYPES = new Set([3, 4, 12, 18, 19, 20, 21, 22, 25, 26, 27, 28, 29, 30]);

function tooDeep(): never {
  throw new SiglaError('INPUT_LIMIT', `ASN.1: nested deeper than ${BER_MAX_DEPTH}`, { params: { limit: 'berNesting' } });
}

/** The identifier octets as stored (one octet, or several for tag numbers ≥ 31), primitive or constructed. */
function identifier(node: Tlv, constructed: boolean): Uint8Array {
  // A copy (Uint8Array.from): on a Buffer, slice() is a view and the write below would reach the input.
  const id = Uint8Array.from(node.bytes.subarray(node.start, node.start + 1 + (node.tagNumber >= 31 ? idLength(node) : 0)));
  id[0] = ((id[0] ?? 0) & ~0x20) | (constructed ? 0x20 : 0);
  return id;
}

function idLength(node: Tlv): number {
  let n = 0;
  while (((node.bytes[node.start + 1 + n] ?? 0) & 0x80) !== 0) n++;
  return n + 1;
}

/** The segments of a constructed string, concatenated (for BIT STRING, the unused-bits octet of the last). */
function stringValue(node: Tlv, tagNumber: number, depth: number): Uint8Array {
  if (depth > BER_MAX_DEPTH) tooDeep();
  if (!node.constructed) return content(node);
  const parts = children(node).map((c) => stringValue(c, tagNumber, depth + 1));
  if (tagNumber !== 3) return concat(parts);
  // BIT STRING segments each start with their unused-bits count; only the last segment may have unused bits.
  const last = parts[parts.length - 1];
  return concat([Uint8Array.of(last?.[0] ?? 0), ...parts.map((p) => p.subarray(1))]);
}

function encode(node: Tlv, depth: number): Uint8Array {
  if (depth > BER_MAX_DEPTH) tooDeep();
  if (node.tagClass === 0 && STRING_TYPES.has(node.tagNumber)) {
    const value = stringValue(node, node.tagNumber, depth);
    return concat([identifier(node, false), encodeLength(value.length), value]);
  }
  if (!node.constructed) {
    const value = content(node);
    return concat([identifier(node, false), encodeLength(value.length), value]);
  }
  const parts = children(node).map((c) => encode(c, depth + 1));
  // SET and SET OF (universal 17): components in ascending order of their encodings.
  if (node.tagClass === 0 && node.tagNumber === 17) parts.sort(compareEncodings);
  const value = concat(parts);
  return concat([identifier(node, true), encodeLength(value.length), value]);
}

/** Whether the stored length octets are the shortest definite form of the content length (X.690 §10.1). */
function minimalLength(node: Tlv): boolean {
  const idLen = 1 + (node.tagNumber >= 31 ? idLength(node) : 0);
  const stored = node.bytes.subarray(node.start + idLen, node.contentStart);
  const der = encodeLength(node.contentEnd - node.contentStart);
  return stored.length === der.length && stored.every((b, i) => b === der[i]);
}

function asStored(node: Tlv, depth: number): boolean {
  if (depth > BER_MAX_DEPTH || node.indefinite || !minimalLength(node)) return false;
  if (!node.constructed) return true;
  if (node.tagClass === 0 && STRING_TYPES.has(node.tagNumber)) return false;
  const parts = children(node);
  for (const c of parts) if (!asStored(c, depth + 1)) return false;
  if (node.tagClass === 0 && node.tagNumber === 17) {
    for (let i = 1; i < parts.length; i++) if (compareEncodings(raw(parts[i - 1] as Tlv), raw(parts[i] as Tlv)) > 0) return false;
  }
  return true;
}

/**
 * Whether {@link derReencode} of `node` gives back its stored bytes (`raw(node)`): every length definite and shortest,
 * no constructed string, every SET in order. Read without copying anything — most values met are DER already, and
 * re-encoding a large CRL copies it once per nesting level. False for anything unreadable (derReencode says why).
 */
export function isDerEncoded(node: Tlv): boolean {
  try {
    return asStored(node, 0);
  } catch {
    return false;
  }
}

/**
 * The DER encoding of `node` (a BER value). `asSetOf`: the value is an IMPLICIT-tagged SET OF (a SignerInfo's
 * `[0] SignedAttributes`) to be encoded as the universal SET OF it stands for (RFC 5652 §5.4).
 */
export function derReencode(node: Tlv, asSetOf = false): Uint8Array {
  if (!asSetOf) return isDerEncoded(node) ? new Uint8Array(raw(node)) : encode(node, 0);
  const parts = children(node).map((c) => encode(c, 1)).sort(compareEncodings);
  const value = concat(parts);
  return concat([Uint8Array.of(0x31), encodeLength(value.length), value]);
}
