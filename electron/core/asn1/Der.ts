/**
 * A minimal DER encoder (ITU-T X.690 §10) for the structures Sigla writes. It produces exactly the bytes asked
 * for, which the signing code needs: signed attributes are hashed as encoded, and existing SignerInfos are spliced
 * into new SignedData structures without being re-encoded.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Encodes a definite length (X.690 §8.1.3). */
export function encodeLength(length: number): Uint8Array {
  if (length < 0 || !Number.isSafeInteger(length)) throw new RangeError(`invalid DER length ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n % 256);
    n = Math.floor(n / 256);
  }
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** The header (identifier + length octets) of a TLV whose value is `length` bytes long. */
export function header(tag: number, length: number): Uint8Array {
  return concat([Uint8Array.of(tag), encodeLength(length)]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** A TLV with the given tag whose value is the concatenation of `content` (built with one copy of each part). */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of content) length += p.length;
  const lengthOctets = encodeLength(length);
  const out = new Uint8Array(1 + lengthOctets.length + length);
  out[0] = tag;
  out.set(lengthOctets, 1);
  let off = 1 + lengthOctets.length;
  for (const p of content) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export const sequence = (...items: readonly Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);

/** Compares encodings as X.690 §11.6 orders SET OF components (as octet strings, shorter padded with zeros). */
export function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

/** A DER SET OF: components sorted by their encodings (X.690 §11.6). */
export function setOf(items: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.SET, ...[...items].sort(compareEncodings));
}

/** `[n] EXPLICIT` context-specific constructed tag around one TLV. */
export function explicit(n: number, inner: Uint8Array): Uint8Array {
  return tlv(0xa0 | n, inner);
}

/** Re-tags a DER TLV as `[n] IMPLICIT` keeping its constructed bit (X.690 §8.14). */
export function implicit(n: number, der: Uint8Array): Uint8Array {
  const first = der[0];
  if (first === undefined || n > 30) throw new RangeError('cannot re-tag');
  const out = der.slice();
  out[0] = 0x80 | (first & 0x20) | n;
  return out;
}

export function integerFromBytes(unsignedBigEndian: Uint8Array): Uint8Array {
  let start = 0;
  while (start < unsignedBigEndian.length - 1 && unsignedBigEndian[start] === 0) start++;
  let v = unsignedBigEndian.subarray(start);
  if (v.length === 0) v = Uint8Array.of(0);
  if ((v[0] ?? 0) & 0x80) v = concat([Uint8Array.of(0), v]);
  return tlv(TAG.INTEGER, v);
}

export function integer(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`unsupported INTEGER ${n}`);
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  return integerFromBytes(Uint8Array.from(bytes));
}

export function octetString(value: Uint8Array): Uint8Array {
  return tlv(TAG.OCTET_STRING, value);
}

export function nullValue(): Uint8Array {
  return Uint8Array.of(TAG.NULL, 0);
}

/** OBJECT IDENTIFIER from dotted notation (X.690 §8.19). */
export function oid(dotted: string): Uint8Array {
  const known = OID_CACHE.get(dotted);
  if (known) return known.slice();
  const der = encodeOid(dotted);
  if (OID_CACHE.size < OID_CACHE_MAX) OID_CACHE.set(dotted, der.slice());
  return der;
}

/** Encodings of the OIDs met so far (Sigla's own constants, a few hundred at most; bounded against anything else). */
const OID_CACHE = new Map<string, Uint8Array>();
const OID_CACHE_MAX = 512;

function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new RangeError(`bad OID ${dotted}`);
    return BigInt(s);
  });
  const [a0, a1, ...rest] = arcs;
  if (a0 === undefined || a1 === undefined) throw new RangeError(`bad OID ${dotted}`);
  const body: number[] = [];
  for (const arc of [a0 * 40n + a1, ...rest]) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < groups.length - 1; i++) groups[i] = (groups[i] ?? 0) | 0x80;
    body.push(...groups);
  }
  return tlv(TAG.OID, Uint8Array.from(body));
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A Time as RFC 5280 §4.1.2.5 / RFC 5652 §11.3 require: UTCTime for years 1950–2049, GeneralizedTime otherwise,
 * always in UTC with seconds and no fraction.
 */
export function time(date: Date): Uint8Array {
  const y = date.getUTCFullYear();
  const rest =
    pad2(date.getUTCMonth() + 1) +
    pad2(date.getUTCDate()) +
    pad2(date.getUTCHours()) +
    pad2(date.getUTCMinutes()) +
    pad2(date.getUTCSeconds()) +
    'Z';
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, ascii(pad2(y % 100) + rest));
  return tlv(TAG.GENERALIZED_TIME, ascii(String(y).padStart(4, '0') + rest));
}

export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new RangeError('non-ASCII character');
    out[i] = c;
  }
  return out;
}
