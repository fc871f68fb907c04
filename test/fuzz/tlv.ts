/**
 * An independent BER/DER reader for the fuzzer (ITU-T X.690 §8.1): it lists every TLV header of a well-formed
 * original so that mutators can edit length octets, and it finds the signed parts of a CMS SignedData (RFC 5652
 * §5) for the false-positive oracle. It is deliberately separate from `electron/core/asn1`, whose behaviour under
 * mutation is what is being tested.
 */
export interface Tlv {
  /** Offset of the identifier octet. */
  readonly start: number;
  readonly tag: number;
  readonly constructed: boolean;
  /** Offset of the first length octet. */
  readonly lenStart: number;
  /** Offset of the first content octet. */
  readonly valueStart: number;
  /** Offset just after the contents (after the end-of-contents octets for an indefinite length). */
  readonly end: number;
  /** Offset just after the contents, before any end-of-contents octets. */
  readonly valueEnd: number;
  readonly indefinite: boolean;
  readonly children: readonly Tlv[];
}

const MAX_DEPTH = 64;

/** Reads one TLV at `at`; throws on anything malformed (only used on originals, which are well-formed). */
export function readTlv(b: Uint8Array, at: number, limit = b.length, depth = 0): Tlv {
  if (depth > MAX_DEPTH) throw new Error('too deep');
  if (at + 2 > limit) throw new Error('truncated');
  const first = b[at] as number;
  if ((first & 0x1f) === 0x1f) throw new Error('high tag numbers are not used in CMS');
  const constructed = (first & 0x20) !== 0;
  const lenStart = at + 1;
  const l0 = b[lenStart] as number;
  let valueStart: number;
  let len = -1;
  if (l0 < 0x80) {
    len = l0;
    valueStart = lenStart + 1;
  } else if (l0 === 0x80) {
    valueStart = lenStart + 1;
  } else {
    const n = l0 & 0x7f;
    if (n > 4 || lenStart + 1 + n > limit) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[lenStart + 1 + i] as number);
    valueStart = lenStart + 1 + n;
  }
  const children: Tlv[] = [];
  if (len < 0) {
    if (!constructed) throw new Error('indefinite primitive');
    let p = valueStart;
    for (;;) {
      if (p + 2 > limit) throw new Error('no end of contents');
      if (b[p] === 0 && b[p + 1] === 0) break;
      const c = readTlv(b, p, limit, depth + 1);
      children.push(c);
      p = c.end;
    }
    return { start: at, tag: first, constructed, lenStart, valueStart, valueEnd: p, end: p + 2, indefinite: true, children };
  }
  const end = valueStart + len;
  if (end > limit) throw new Error('length past the end');
  if (constructed) {
    let p = valueStart;
    while (p < end) {
      const c = readTlv(b, p, end, depth + 1);
      children.push(c);
      p = c.end;
    }
  } else if (first === 0x04) {
    // An OCTET STRING may hold DER (a nested CMS, a TSTInfo): list its headers too when it parses exactly.
    try {
      const inner = readTlv(b, valueStart, end, depth + 1);
      if (inner.end === end && end - valueStart > 2) children.push(inner);
    } catch {
      /* plain octets */
    }
  }
  return { start: at, tag: first, constructed, lenStart, valueStart, valueEnd: end, end, indefinite: false, children };
}

/** Every TLV of the tree, depth first. */
export function allTlvs(t: Tlv): Tlv[] {
  const out: Tlv[] = [t];
  for (const c of t.children) out.push(...allTlvs(c));
  return out;
}

/** The DER content of an OBJECT IDENTIFIER TLV, as a dotted string. */
export function oidAt(b: Uint8Array, t: Tlv): string {
  const v = b.subarray(t.valueStart, t.valueEnd);
  const parts: number[] = [];
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    n = n * 128 + (x & 0x7f);
    if ((x & 0x80) === 0) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(n / 40)), n - Math.min(2, Math.floor(n / 40)) * 40);
      else parts.push(n);
      n = 0;
    }
  }
  return parts.join('.');
}
