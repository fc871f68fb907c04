/**
 * Where the signed bytes of each signature of an original (unmutated) input lie, and whether a mutation changed
 * them — the false-positive oracle's ground truth.
 *
 * - CAdES (RFC 5652 §5.4, §11.4): a SignerInfo signs its eContent octets (when attached), its signed attributes
 *   and — what the signature value is — its signature value; a countersignature also signs its parent's signature
 *   value. Offsets are in the binary (DER/BER) form; a Base64/PEM input is compared after a canonical decode.
 *   Changed means: the smallest edit that turns the original into the mutant touches one of those spans, whatever
 *   equivalent place the edit is put at (inserting a byte equal to its neighbour is not counted twice).
 * - PAdES (ISO 32000-2 §12.8.1): a signature signs the bytes at the absolute offsets of its /ByteRange (which holds
 *   the /ByteRange itself); its CMS in /Contents also carries signed attributes and a signature value, compared as
 *   hex digits at their offsets. Changed means: any of those bytes differs at the same offset, or the file ends
 *   before them.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber } from 'pdf-lib';
import { oidAt, readTlv, type Tlv } from './tlv.js';

export type Span = readonly [number, number];

export interface SignedPart {
  readonly depth: number;
  readonly kind: 'signer' | 'countersignature';
  /** Spans in the decoded binary (CAdES) or in the file (PAdES, absolute offsets). */
  readonly spans: readonly Span[];
  /** PAdES: spans of hex digits (the CMS's signed attributes and signature value inside /Contents). */
  readonly hexSpans?: readonly Span[];
  /** PAdES: the field name and the end of the signed revision (ByteRange c + d). */
  readonly field?: string;
  readonly revisionEnd?: number;
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_COUNTERSIGNATURE = '1.2.840.113549.1.9.6';

/** The CMS SignedData's SignerInfos of a ContentInfo TLV, depth first, as `verifyCmsIntegrity` reports them. */
export function cmsSignedParts(b: Uint8Array, contentInfo: Tlv, depth = 0, out: SignedPart[] = []): SignedPart[] {
  const [oid, wrapped] = contentInfo.children;
  if (!oid || oid.tag !== 0x06 || oidAt(b, oid) !== OID_SIGNED_DATA || !wrapped) return out;
  const sd = wrapped.children[0];
  if (!sd) return out;
  const encap = sd.children[2];
  const setOfSigners = sd.children[sd.children.length - 1];
  const eContentTlv = encap?.children[1]?.children[0];
  const eContent: Span | undefined = eContentTlv ? [eContentTlv.valueStart, eContentTlv.valueEnd] : undefined;
  const signerSpans = (si: Tlv): { own: Span[]; sig: Span | undefined } => {
    const own: Span[] = [];
    let sig: Span | undefined;
    for (const c of si.children) {
      if (c.tag === 0xa0) own.push([c.valueStart, c.valueEnd]);
      if (c.tag === 0x04) sig = [c.valueStart, c.valueEnd];
    }
    if (sig) own.push(sig);
    return { own, sig };
  };
  const walk = (si: Tlv, kind: SignedPart['kind'], over: Span[]): void => {
    const { own, sig } = signerSpans(si);
    out.push({ depth, kind, spans: [...over, ...own] });
    const unsigned = si.children.find((c) => c.tag === 0xa1);
    for (const attr of unsigned?.children ?? []) {
      const [t, values] = attr.children;
      if (!t || oidAt(b, t) !== OID_COUNTERSIGNATURE) continue;
      for (const v of values?.children ?? []) walk(v, 'countersignature', sig ? [sig] : []);
    }
  };
  for (const si of setOfSigners?.children ?? []) walk(si, 'signer', eContent ? [eContent] : []);
  // A nested envelope (.p7m.p7m) held as one DER OCTET STRING.
  const inner = eContentTlv && !eContentTlv.constructed ? eContentTlv.children[0] : undefined;
  if (inner && inner.tag === 0x30) cmsSignedParts(b, inner, depth + 1, out);
  return out;
}

/** Base64 text (PEM armour lines dropped) decoded; binary input returned as is. */
export function canonicalBinary(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30) return bytes;
  const text = Buffer.from(bytes).toString('latin1');
  const body = text.split(/\r?\n/).filter((l) => !l.startsWith('-----')).join('').replace(/[^A-Za-z0-9+/=]/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

export function cadesSignedParts(original: Uint8Array): SignedPart[] {
  const bin = canonicalBinary(original);
  return cmsSignedParts(bin, readTlv(bin, 0));
}

/** The CMS signed parts of a PDF signature's /Contents, mapped onto the hex digits of the file. */
function hexCmsSpans(file: Uint8Array, holeStart: number, holeEnd: number): Span[] {
  const hex = Buffer.from(file.subarray(holeStart + 1, holeEnd - 1)).toString('latin1').replace(/\s/g, '');
  if (hex.length !== holeEnd - holeStart - 2) return []; // whitespace inside: offsets would not map; ByteRange spans only
  const cms = new Uint8Array(Buffer.from(hex, 'hex'));
  try {
    const parts = cmsSignedParts(cms, readTlv(cms, 0));
    const first = parts[0];
    return (first?.spans ?? []).map(([s, e]) => [holeStart + 1 + 2 * s, holeStart + 1 + 2 * e] as const);
  } catch {
    return [];
  }
}

/** Every PDF signature field with a /ByteRange, read by pdf-lib from the original. */
export async function padesSignedParts(original: Uint8Array): Promise<SignedPart[]> {
  const doc = await PDFDocument.load(original, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  const out: SignedPart[] = [];
  for (const field of doc.getForm().getFields()) {
    const v = field.acroField.dict.lookup(PDFName.of('V'));
    if (!(v instanceof PDFDict)) continue;
    const br = v.lookup(PDFName.of('ByteRange'));
    if (!(br instanceof PDFArray) || br.size() !== 4) continue;
    const [a, b, c, d] = br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : -1)) as [number, number, number, number];
    if (a !== 0 || b < 0 || c < b || d < 0) continue;
    out.push({ depth: 0, kind: 'signer', field: field.getName(), revisionEnd: c + d, spans: [[0, b], [c, c + d]], hexSpans: hexCmsSpans(original, b, c) });
  }
  return out;
}

function commonPrefix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/**
 * The edit that turns `orig` into `mut`, in original offsets: `[lo, hi)` replaced when lo < hi; a pure insertion
 * or deletion of `shift` bytes is ambiguous along a run of equal bytes and comes as the range of its possible
 * positions.
 */
export interface Edit {
  readonly kind: 'none' | 'replace' | 'insert' | 'delete';
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
}

export function editOf(orig: Uint8Array, mut: Uint8Array): Edit {
  const p = commonPrefix(orig, mut);
  const s = commonSuffix(orig, mut);
  const min = Math.min(orig.length, mut.length);
  if (orig.length === mut.length && p === orig.length) return { kind: 'none', lo: 0, hi: 0, n: 0 };
  if (p + s >= min && orig.length !== mut.length) {
    // A pure insertion/deletion of n bytes at any position in [min - s, p].
    const n = Math.abs(orig.length - mut.length);
    return { kind: mut.length > orig.length ? 'insert' : 'delete', lo: min - s, hi: p, n };
  }
  return { kind: 'replace', lo: p, hi: orig.length - Math.min(s, min - p), n: 0 };
}

/** True when the edit certainly changes the bytes of span [a, b) as read at the same structural place. */
export function editTouches(e: Edit, [a, b]: Span): boolean {
  if (a >= b) return false;
  switch (e.kind) {
    case 'none':
      return false;
    case 'replace':
      return e.lo < b && e.hi > a;
    case 'insert':
      return e.lo >= a && e.hi < b;
    case 'delete':
      return e.lo > a - e.n && e.hi < b;
  }
}

/** CAdES: did the mutation change any signed byte of `part`? */
export function cadesChanged(origBin: Uint8Array, mutated: Uint8Array, part: SignedPart): boolean {
  const mut = canonicalBinary(mutated);
  if (mut.length === origBin.length) {
    // Same length: bytes compared in place (several distant edits are not merged into one span).
    return part.spans.some(([a, b]) => {
      for (let i = a; i < b; i++) if (origBin[i] !== mut[i]) return true;
      return false;
    });
  }
  const e = editOf(origBin, mut);
  return part.spans.some((sp) => editTouches(e, sp));
}

/** PAdES: does any signed byte of `part` differ at its absolute offset (hex digits compared case-blind)? */
export function padesChanged(orig: Uint8Array, mutated: Uint8Array, part: SignedPart): boolean {
  for (const [a, b] of part.spans) {
    if (mutated.length < b) return true;
    for (let i = a; i < b; i++) if (orig[i] !== mutated[i]) return true;
  }
  // Hex digits compared by value. A non-hex byte (white space, garbage) is not counted: readers differ on how
  // they skip it (ISO 32000 skips white space; pdf-lib's parseInt of a digit pair ignores a trailing one), so
  // whether the CMS bytes changed depends on the reader, not on the signed data.
  const hex = /^[0-9a-f]$/;
  for (const [a, b] of part.hexSpans ?? []) {
    if (mutated.length < b) return true;
    for (let i = a; i < b; i++) {
      const x = String.fromCharCode(orig[i] as number).toLowerCase();
      const y = String.fromCharCode(mutated[i] as number).toLowerCase();
      if (x !== y && hex.test(y)) return true;
    }
  }
  return false;
}
