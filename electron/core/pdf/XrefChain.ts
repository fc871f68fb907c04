/**
 * The chain of cross-reference sections from the last `startxref` through every `/Prev` (ISO 32000-2 §7.5.4 tables,
 * §7.5.8 streams, §7.5.8.4 hybrid files, §7.5.6 incremental updates). An incremental update can only be appended to
 * a file whose chain is sound: every section where the file says, no loops, and in-use entries that point at the
 * objects they name. A damaged file is refused (exit 8) rather than extended into something readers must repair.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFContext } from 'pdf-lib';
import { SiglaError } from '../../shared/errors.js';
import { isWhite, lastStartxref, pdfParseError, textAt } from './PdfBytes.js';
import { checkXrefStream, decodeBounded } from './pdfLimits.js';
import { bytesPdfSource, withWindow, type PdfSource } from './PdfSource.js';
import { readIndirectObject } from './readObject.js';

export interface XrefEntry {
  readonly num: number;
  readonly gen: number;
  /** 1: at byte offset `field`; 2: in object stream `field`. */
  readonly type: 1 | 2;
  readonly field: number;
}

export interface XrefSection {
  /** Relative to the header. */
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly trailer: PDFDict;
  readonly entries: readonly XrefEntry[];
  /** For a stream section: the stream's own object number. */
  readonly selfNumber?: number;
}

export interface XrefChain {
  readonly sections: readonly XrefSection[];
  /** The section `startxref` names: the kind the new section copies. */
  readonly last: XrefSection;
  /** /Size of the last trailer: new objects are numbered from here (or above any object seen). */
  readonly size: number;
}

const num = (o: unknown): number | undefined => (o instanceof PDFNumber ? o.asNumber() : undefined);

function parseTable(src: PdfSource, at: number, context: PDFContext): { entries: XrefEntry[]; trailer: PDFDict } {
  // A row cut by the window fails its pattern, a cut trailer its parse: either reads a larger window.
  return withWindow(src, at, (bytes) => ({ value: parseTableIn(bytes, context), complete: true }));
}

/** The digits `[from, to)` as a number (at most 10 digits here: exact). */
function digitsValue(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + ((bytes[i] ?? 0) - 0x30);
  return n;
}

/**
 * A cross-reference table row (§7.5.4: 10-digit offset, space, 5-digit generation, space, `n` or `f`, then white
 * space to the end of the line) read from the bytes of the line `[start, end)`, as `/^(\d{10}) (\d{5}) ([nf])\s*$/`
 * reads its text; undefined when it is not one.
 */
export function tableRow(bytes: Uint8Array, start: number, end: number): { field: number; gen: number; inUse: boolean } | undefined {
  if (end - start < 18) return undefined;
  for (let i = start; i < start + 10; i++) if (!isDigit(bytes[i])) return undefined;
  if (bytes[start + 10] !== 0x20 || bytes[start + 16] !== 0x20) return undefined;
  for (let i = start + 11; i < start + 16; i++) if (!isDigit(bytes[i])) return undefined;
  const kind = bytes[start + 17];
  if (kind !== 0x6e && kind !== 0x66) return undefined;
  for (let i = start + 18; i < end; i++) if (!isSpace(bytes[i])) return undefined;
  return { field: digitsValue(bytes, start, start + 10), gen: digitsValue(bytes, start + 11, start + 16), inUse: kind === 0x6e };
}

function parseTableIn(bytes: Uint8Array, context: PDFContext): { entries: XrefEntry[]; trailer: PDFDict } {
  let pos = 4; // after "xref"
  const entries: XrefEntry[] = [];
  let lineStart = pos;
  const skipLine = (): void => {
    while (isWhite(bytes[pos])) pos++;
    lineStart = pos;
    while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
  };
  const line = (): string => {
    skipLine();
    return textAt(bytes, lineStart, pos - lineStart);
  };
  for (;;) {
    const save = pos;
    const head = line();
    if (head.startsWith('trailer')) {
      pos = save;
      while (isWhite(bytes[pos])) pos++;
      pos += 7;
      break;
    }
    const m = /^(\d+)\s+(\d+)\s*$/.exec(head);
    if (!m?.[1] || !m[2]) throw pdfParseError(`bad cross-reference subsection header "${head.slice(0, 30)}"`);
    const first = Number(m[1]);
    const count = Number(m[2]);
    for (let i = 0; i < count; i++) {
      skipLine();
      const e = tableRow(bytes, lineStart, pos);
      if (e === undefined) throw pdfParseError(`bad cross-reference entry "${textAt(bytes, lineStart, pos - lineStart).slice(0, 30)}"`);
      if (e.inUse) entries.push({ num: first + i, gen: e.gen, type: 1, field: e.field });
    }
  }
  const parser = PDFObjectParser.forBytes(bytes.subarray(pos), context);
  const trailer = parser.parseObject();
  if (!(trailer instanceof PDFDict)) throw pdfParseError('trailer is not a dictionary');
  return { entries, trailer };
}

function parseStreamSection(src: PdfSource, at: number, context: PDFContext): { entries: XrefEntry[]; trailer: PDFDict; selfNumber: number } {
  if (!/^(\d+)\s+(\d+)\s+obj/.test(textAt(src.read(at, 40), 0, 40))) throw pdfParseError('startxref/Prev does not point at a cross-reference section');
  const { num: selfNumber, object: stream } = readIndirectObject(src, at, context);
  if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) {
    throw pdfParseError('startxref/Prev does not point at a cross-reference stream');
  }
  const dict = stream.dict;
  // /W, /Index and /Size within the decoded data and the limits of pdfLimits.ts, before any row is read.
  const data = unpredict(decodeBounded(stream, context), dict);
  const { widths, subsections } = checkXrefStream(dict, data.length);
  const index = subsections.flat();
  const [w0, w1, w2] = widths;
  const rowLen = w0 + w1 + w2;
  const read = (p: number, n: number): number => {
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + (data[p + i] ?? 0);
    return v;
  };
  const entries: XrefEntry[] = [];
  let p = 0;
  for (let k = 0; k + 1 < index.length; k += 2) {
    const first = index[k] ?? 0;
    const count = index[k + 1] ?? 0;
    for (let i = 0; i < count; i++, p += rowLen) {
      if (p + rowLen > data.length) throw pdfParseError('cross-reference stream shorter than its /Index says');
      const type = w0 === 0 ? 1 : read(p, w0);
      const f1 = read(p + w0, w1);
      const f2 = read(p + w0 + w1, w2);
      if (type === 1) entries.push({ num: first + i, gen: f2, type: 1, field: f1 });
      else if (type === 2) entries.push({ num: first + i, gen: 0, type: 2, field: f1 });
    }
  }
  return { entries, trailer: dict, selfNumber };
}

/**
 * PNG predictors (§7.4.4.4, predictor ≥ 10): cross-reference streams are usually written with /Predictor 12 (Up),
 * which pdf-lib's decoder leaves in place. Each row is a filter-type byte and `Columns × Colors × bpc / 8` bytes.
 */
function unpredict(data: Uint8Array, dict: PDFDict): Uint8Array {
  const parmsRaw = dict.lookup(PDFName.of('DecodeParms'));
  const parms = parmsRaw instanceof PDFArray ? parmsRaw.lookup(0) : parmsRaw;
  if (!(parms instanceof PDFDict)) return data;
  const predictor = num(parms.get(PDFName.of('Predictor'))) ?? 1;
  if (predictor === 1) return data;
  if (predictor < 10) throw pdfParseError(`cross-reference stream predictor ${predictor} is not supported`);
  const colors = num(parms.get(PDFName.of('Colors'))) ?? 1;
  const bpc = num(parms.get(PDFName.of('BitsPerComponent'))) ?? 8;
  const columns = num(parms.get(PDFName.of('Columns'))) ?? 1;
  // §7.4.4.4 Table 8: Colors 1–32 (a few more are harmless), BitsPerComponent 1, 2, 4, 8 or 16, Columns ≥ 1.
  const inRange = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;
  if (!inRange(colors, 1, 256) || ![1, 2, 4, 8, 16].includes(bpc) || !inRange(columns, 1, data.length)) {
    throw pdfParseError('cross-reference stream predictor parameters not allowed');
  }
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((columns * colors * bpc) / 8);
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)] ?? 0;
    const src = r * (rowLen + 1) + 1;
    const dst = r * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const raw = data[src + i] ?? 0;
      const left = i >= bpp ? (out[dst + i - bpp] ?? 0) : 0;
      const up = r > 0 ? (out[dst - rowLen + i] ?? 0) : 0;
      const upLeft = r > 0 && i >= bpp ? (out[dst - rowLen + i - bpp] ?? 0) : 0;
      let v: number;
      if (type === 0) v = raw;
      else if (type === 1) v = raw + left;
      else if (type === 2) v = raw + up;
      else if (type === 3) v = raw + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw pdfParseError(`bad PNG predictor row type ${type}`);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
/** `\s` of a regular expression, for one byte read as one character (0x09–0x0D, space, no-break space). */
const isSpace = (b: number | undefined): boolean => b !== undefined && ((b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0);
/** The end-of-line and blank bytes a few writers leave before the object an entry points at. */
const isLeading = (b: number | undefined): boolean => b === 0x0d || b === 0x0a || b === 0x09 || b === 0x0c || b === 0x20;

/**
 * The object number of the `num gen obj` header at the start of `bytes` (after end-of-line or blank bytes), as
 * `/^(\d+)\s+(\d+)\s+obj/` reads it from the bytes taken one character each; undefined when there is none. Read
 * byte by byte — digits and white space never overlap, so the pattern has one way to match — without a string per
 * cross-reference entry.
 */
export function objectNumberAt(bytes: Uint8Array): number | undefined {
  let p = 0;
  while (isLeading(bytes[p])) p++;
  const digits = p;
  while (isDigit(bytes[p])) p++;
  const numEnd = p;
  if (numEnd === digits) return undefined;
  let from = p;
  while (isSpace(bytes[p])) p++;
  if (p === from) return undefined;
  from = p;
  while (isDigit(bytes[p])) p++;
  if (p === from) return undefined;
  from = p;
  while (isSpace(bytes[p])) p++;
  if (p === from) return undefined;
  if (bytes[p] !== 0x6f || bytes[p + 1] !== 0x62 || bytes[p + 2] !== 0x6a) return undefined;
  // Short runs of digits are read as they are; longer ones as Number reads their text.
  if (numEnd - digits <= 15) {
    let n = 0;
    for (let i = digits; i < numEnd; i++) n = n * 10 + ((bytes[i] ?? 0x30) - 0x30);
    return n;
  }
  return Number(textAt(bytes, digits, numEnd - digits));
}

/** Reads and checks the chain; `header` is the offset of `%PDF-`. */
export function readXrefChain(src: PdfSource, header: number, startxref: number, context: PDFContext): XrefChain {
  const sections: XrefSection[] = [];
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  const visit = (rel: number): XrefSection => {
    const at = header + rel;
    if (at <= header || at >= src.size) throw pdfParseError(`cross-reference offset ${rel} is outside the file`);
    const kind = textAt(src.read(at, 4), 0, 4) === 'xref' ? 'table' : 'stream';
    if (kind === 'table') return { offset: rel, kind, ...parseTable(src, at, context) };
    return { offset: rel, kind, ...parseStreamSection(src, at, context) };
  };
  while (offset !== undefined) {
    if (seen.has(offset)) throw pdfParseError('the cross-reference /Prev chain loops');
    seen.add(offset);
    const s = visit(offset);
    sections.push(s);
    // Hybrid files (§7.5.8.4): the table's trailer names an xref stream with the objects older readers skip.
    const xrefStm = num(s.trailer.get(PDFName.of('XRefStm')));
    if (xrefStm !== undefined && !seen.has(xrefStm)) {
      seen.add(xrefStm);
      sections.push(visit(xrefStm));
    }
    offset = num(s.trailer.get(PDFName.of('Prev')));
    // `/Prev 0` can never name a section (the header is there); some writers put it for "none".
    if (offset === 0) offset = undefined;
  }
  const last = sections[0];
  if (!last) throw pdfParseError('no cross-reference section');
  // Every in-use entry written as a byte offset must point at "num gen obj".
  for (const s of sections) {
    for (const e of s.entries) {
      // A stream's entry for itself is never dereferenced (hybrid files get it wrong without harm).
      if (e.type !== 1 || e.num === s.selfNumber) continue;
      // A few writers point at the end-of-line just before the object: tolerated, as every reader does.
      if (objectNumberAt(src.read(header + e.field, 40)) !== e.num) throw pdfParseError(`cross-reference entry for object ${e.num} points at the wrong place`);
    }
  }
  const size = num(last.trailer.get(PDFName.of('Size')));
  if (size === undefined) throw pdfParseError('the trailer has no /Size');
  if (!(last.trailer.get(PDFName.of('Root')) instanceof PDFRef)) throw pdfParseError('the trailer has no /Root');
  return { sections, last, size };
}

/**
 * What the new cross-reference section builds on. For a sound file: the kind of its last section, `/Prev` to it,
 * its trailer. For a file whose cross-reference data is damaged (wrong offsets, a broken `startxref`, a /Prev loop)
 * but whose objects are all readable: a *complete* section, found by scanning the file as every viewer's repair
 * does (§7.5.4 note, §7.5.8), with no `/Prev` — so readers never need the damaged data, and the original bytes
 * still stay untouched.
 */
export interface XrefBase {
  readonly kind: 'table' | 'stream';
  readonly prev: number | undefined;
  readonly size: number;
  readonly trailer: PDFDict;
  /** Entries the new section repeats because older sections cannot be trusted. */
  readonly carried: readonly XrefEntry[];
  /** Why the file needed repair (empty for a sound file). */
  readonly repairedBecause: string;
}

export function xrefBase(bytes: Uint8Array, header: number, context: PDFContext): XrefBase {
  try {
    return soundBase(readXrefChain(bytesPdfSource(bytes), header, lastStartxref(bytes), context));
  } catch (e) {
    if (!(e instanceof SiglaError) || e.code !== 'PDF_PARSE') throw e;
    return repairedBase(bytes, header, context, e);
  }
}

/** The base of a file whose chain `readXrefChain` accepted. */
export function soundBase(chain: XrefChain): XrefBase {
  return { kind: chain.last.kind, prev: chain.last.offset, size: chain.size, trailer: chain.last.trailer, carried: [], repairedBecause: '' };
}

function repairedBase(bytes: Uint8Array, header: number, context: PDFContext, why: SiglaError): XrefBase {
  const root = context.trailerInfo.Root;
  if (!(root instanceof PDFRef) || !(context.lookup(root) instanceof PDFDict)) throw why;
  // Every "num gen obj" at the start of a line; a later definition replaces an earlier one (incremental updates).
  const text = textAt(bytes, 0, bytes.length);
  const direct = new Map<number, XrefEntry>();
  const re = /(^|[\r\n])[ \t]*(\d{1,10})[ \t\r\n]+(\d{1,5})[ \t\r\n]+obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = Number(m[2]);
    const at = m.index + (m[1] ?? '').length;
    direct.set(n, { num: n, gen: Number(m[3]), type: 1, field: at + (text.slice(at).length - text.slice(at).trimStart().length) - header });
  }
  // Objects inside object streams (§7.5.7), unless also defined directly.
  const inStreams = new Map<number, XrefEntry>();
  for (const e of direct.values()) {
    const obj = context.lookup(PDFRef.of(e.num, e.gen));
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Type')) !== PDFName.of('ObjStm')) continue;
    const n = num(obj.dict.get(PDFName.of('N'))) ?? 0;
    let head: string;
    try {
      head = textAt(decodeBounded(obj, context), 0, num(obj.dict.get(PDFName.of('First'))) ?? 0);
    } catch {
      continue;
    }
    const ints = head.trim().split(/\s+/).map(Number);
    for (let i = 0; i < n && 2 * i + 1 < ints.length; i++) {
      const objNum = ints[2 * i] ?? -1;
      if (objNum >= 0 && !direct.has(objNum)) inStreams.set(objNum, { num: objNum, gen: i, type: 2, field: e.num });
    }
  }
  const carried = [...direct.values(), ...inStreams.values()];
  const size = Math.max(0, ...carried.map((e) => e.num)) + 1;
  const trailer = context.obj({});
  trailer.set(PDFName.of('Root'), root);
  if (context.trailerInfo.Info instanceof PDFRef) trailer.set(PDFName.of('Info'), context.trailerInfo.Info);
  if (context.trailerInfo.ID) trailer.set(PDFName.of('ID'), context.trailerInfo.ID);
  return { kind: inStreams.size > 0 ? 'stream' : 'table', prev: undefined, size, trailer, carried, repairedBecause: why.message };
}
