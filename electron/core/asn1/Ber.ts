/**
 * A BER reader (ITU-T X.690 §8) that keeps offsets into the original bytes. Sigla verifies and extends signatures
 * made by other tools, often BER with indefinite lengths; digests must be computed over the original encodings, so
 * every node records where it stands in the input.
 */
import { SiglaError } from '../../shared/errors.js';
import { concat } from './Der.js';

export interface Tlv {
  /** Class bits and tag number folded into the first identifier octet when the tag number is < 31. */
  readonly tag: number;
  readonly tagClass: number;
  readonly tagNumber: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet in `bytes`. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just after the last content octet (before an end-of-contents marker for indefinite lengths). */
  readonly contentEnd: number;
  /** Offset just after the whole TLV, end-of-contents included. */
  readonly end: number;
  readonly indefinite: boolean;
  readonly bytes: Uint8Array;
}

function fail(msg: string): never {
  throw new SiglaError('INPUT_FORMAT', `ASN.1: ${msg}`);
}

/**
 * Deepest nesting of indefinite-length values (and of constructed OCTET STRING segments) read in one go. Finding the
 * end of an indefinite-length value means reading everything inside it, recursively; real CMS nests a few tens
 * deep, a hostile file millions (`30 80 30 80 …`), which must end in a coded error, not in the call stack.
 */
export const BER_MAX_DEPTH = 128;

function tooDeep(): never {
  throw new SiglaError('INPUT_LIMIT', `ASN.1: nested deeper than ${BER_MAX_DEPTH}`, { params: { limit: 'berNesting' } });
}

/**
 * Where the contents of long indefinite-length values end, by buffer and content offset. Callers walk down a tree
 * by reading each level again (`children`), and each read of an indefinite-length value scans it to its end: without
 * this, a value of millions of tiny parts under a few levels would be scanned once per level. Only values of many
 * parts are remembered, so the map stays small (at most one entry per REMEMBER_AFTER parts).
 */
const indefiniteEnds = new WeakMap<Uint8Array, Map<number, number>>();
const REMEMBER_AFTER = 64;

function rememberEnd(bytes: Uint8Array, contentStart: number, contentEnd: number): void {
  let m = indefiniteEnds.get(bytes);
  if (!m) {
    m = new Map();
    indefiniteEnds.set(bytes, m);
  }
  m.set(contentStart, contentEnd);
}

/** Reads the TLV at `offset`; `limit` is the end of the enclosing content. */
export function readTlv(bytes: Uint8Array, offset = 0, limit = bytes.length): Tlv {
  return readTlvAt(bytes, offset, limit, 0);
}

function readTlvAt(bytes: Uint8Array, offset: number, limit: number, depth: number): Tlv {
  if (depth > BER_MAX_DEPTH) tooDeep();
  let p = offset;
  if (p >= limit) fail('unexpected end of data');
  const first = bytes[p++] ?? 0;
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    let b: number;
    do {
      if (p >= limit) fail('truncated tag');
      b = bytes[p++] ?? 0;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if (tagNumber > 0x1fffffff) fail('tag too large');
    } while (b & 0x80);
  }
  if (p >= limit) fail('truncated length');
  const lb = bytes[p++] ?? 0;
  if (lb === 0x80) {
    if (!constructed) fail('indefinite length on a primitive');
    const contentStart = p;
    let q = indefiniteEnds.get(bytes)?.get(contentStart) ?? p;
    let steps = 0;
    for (;;) {
      if (q + 2 > limit) fail('missing end-of-contents');
      if (bytes[q] === 0 && bytes[q + 1] === 0) break;
      q = readTlvAt(bytes, q, limit, depth + 1).end;
      steps++;
    }
    if (steps >= REMEMBER_AFTER) rememberEnd(bytes, contentStart, q);
    return {
      tag: first,
      tagClass,
      tagNumber,
      constructed,
      start: offset,
      contentStart,
      contentEnd: q,
      end: q + 2,
      indefinite: true,
      bytes,
    };
  }
  let length = lb;
  if (lb & 0x80) {
    const n = lb & 0x7f;
    if (n > 6) fail('length too large');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (p >= limit) fail('truncated length');
      length = length * 256 + (bytes[p++] ?? 0);
    }
  }
  const contentEnd = p + length;
  if (contentEnd > limit) fail('content runs past its container');
  return {
    tag: first,
    tagClass,
    tagNumber,
    constructed,
    start: offset,
    contentStart: p,
    contentEnd,
    end: contentEnd,
    indefinite: false,
    bytes,
  };
}

/** The children of a constructed TLV. */
export function children(node: Tlv): Tlv[] {
  if (!node.constructed) fail('expected a constructed value');
  const out: Tlv[] = [];
  let p = node.contentStart;
  while (p < node.contentEnd) {
    const c = readTlv(node.bytes, p, node.contentEnd);
    out.push(c);
    p = c.end;
  }
  return out;
}

/** The full original encoding of a TLV. */
export function raw(node: Tlv): Uint8Array {
  return node.bytes.subarray(node.start, node.end);
}

/** The content octets of a primitive TLV. */
export function content(node: Tlv): Uint8Array {
  return node.bytes.subarray(node.contentStart, node.contentEnd);
}

/**
 * The value of an OCTET STRING, primitive or constructed (X.690 §8.7.3: concatenation of the segments). The value
 * itself may carry an implicit tag; each segment of a constructed one must be a universal OCTET STRING (§8.7.3.2),
 * so a segment whose tag was changed is refused rather than read as if nothing had changed.
 */
export function octetStringValue(node: Tlv, depth = 0): Uint8Array {
  if (node.tagNumber !== 4 && node.tagClass === 0) fail('expected an OCTET STRING');
  if (depth > 0 && (node.tagClass !== 0 || node.tagNumber !== 4)) fail('a segment of a constructed OCTET STRING is not an OCTET STRING');
  if (!node.constructed) return content(node);
  if (depth >= BER_MAX_DEPTH) tooDeep();
  return concat(children(node).map((c) => octetStringValue(c, depth + 1)));
}

export function expectTag(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (node === undefined) fail(`missing ${what}`);
  if (node.tag !== tag) fail(`${what}: expected tag 0x${tag.toString(16)}, found 0x${node.tag.toString(16)}`);
  return node;
}

/** Dotted notation of an OBJECT IDENTIFIER node. */
export function oidString(node: Tlv): string {
  if (node.tag !== 0x06) fail('expected an OBJECT IDENTIFIER');
  const c = content(node);
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of c) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const [firstArc, ...rest] = arcs;
  if (firstArc === undefined) fail('empty OBJECT IDENTIFIER');
  const a0 = firstArc < 40n ? 0n : firstArc < 80n ? 1n : 2n;
  return [a0, firstArc - a0 * 40n, ...rest].join('.');
}

/** Unsigned big-endian magnitude of an INTEGER's content. */
export function integerBytes(node: Tlv): Uint8Array {
  if (node.tag !== 0x02) fail('expected an INTEGER');
  return content(node);
}

export function integerValue(node: Tlv): number {
  let v = 0;
  for (const b of integerBytes(node)) v = v * 256 + b;
  return v;
}

/** The content as ISO 8859-1 text, one character per octet (IA5String, times): Buffer's native decoder. */
export function latin1Value(node: Tlv): string {
  const c = content(node);
  return Buffer.from(c.buffer, c.byteOffset, c.length).toString('latin1');
}

/** Parses a UTCTime or GeneralizedTime node (X.680 §46, §47) to a Date. */
export function timeValue(node: Tlv): Date {
  const s = latin1Value(node);
  const m =
    node.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(Z|[+-]\d{4})?$/.exec(s);
  if (!m) fail(`bad time value "${s}"`);
  let year = Number(m[1]);
  if (node.tag === 0x17) year += year < 50 ? 2000 : 1900;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  const zone = m[7];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const offMin = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5));
    return new Date(ms - sign * offMin * 60000);
  }
  return new Date(ms);
}
