/**
 * Bounds on the work pdf-lib does for a hostile PDF, with explicit limits instead of the call stack and the heap:
 *
 * - object nesting (arrays/dictionaries inside each other; pdf-lib's parser is recursive) ≤ {@link PDF_LIMITS.nesting};
 * - objects parsed per document ≤ {@link PDF_LIMITS.objects} (each costs tens of bytes of heap);
 * - cross-reference streams (ISO 32000-2 §7.5.8.2): `/W` three widths of at most 8 bytes, `/Index` and `/Size`
 *   within the object-number limit of Annex C (8,388,607) and rows × width ≤ the decoded data;
 * - object streams (§7.5.7): `/N` and `/First` within their decoded data;
 * - decoding of both by output size, per stream and per document (a decompression bomb stops at the limit).
 *
 * pdf-lib exposes no hooks for this, so its parser classes are wrapped once, here. A limit hit inside an indirect
 * object makes pdf-lib skip that object; the violation is remembered per document (by its PDFContext) and
 * {@link limitViolation} lets `loadPdf` refuse the file with INPUT_LIMIT.
 */
import { decodePDFRawStream, PDFArray, PDFName, PDFNumber, PDFObjectParser, PDFObjectStreamParser, PDFParser, PDFRawStream, PDFXRefStreamParser, type PDFContext, type PDFDict } from 'pdf-lib';
import { SiglaError } from '../../shared/errors.js';
import { installPdfScanShortcuts } from './pdfScanShortcuts.js';
import { installImmediateParseTicks } from './pdfParseTicks.js';

export const PDF_LIMITS = {
  nesting: 256,
  objects: 5_000_000,
  /** ISO 32000-1 Annex C.2: maximum number of indirect objects. */
  objectNumbers: 8_388_608,
  xrefFieldWidth: 8,
  decodedPerStream: 64 * 1024 * 1024,
  decodedPerDocument: 256 * 1024 * 1024,
} as const;

export type PdfLimit = 'pdfNesting' | 'pdfObjects' | 'pdfXref' | 'pdfDecoded' | 'pdfObjectStream';

export function limitError(limit: PdfLimit, detail: string): SiglaError {
  return new SiglaError('INPUT_LIMIT', `PDF: ${detail}`, { params: { limit } });
}

interface Budget {
  objects: number;
  decoded: number;
  violation?: SiglaError;
}

const budgets = new WeakMap<PDFContext, Budget>();

function budgetOf(context: PDFContext): Budget {
  let b = budgets.get(context);
  if (!b) {
    b = { objects: 0, decoded: 0 };
    budgets.set(context, b);
  }
  return b;
}

function violate(context: PDFContext, e: SiglaError): never {
  const b = budgetOf(context);
  b.violation ??= e;
  throw e;
}

/** The first limit a document's parsing hit, if any. */
export function limitViolation(context: PDFContext): SiglaError | undefined {
  return budgets.get(context)?.violation;
}

const int = (o: unknown): number | undefined => (o instanceof PDFNumber && Number.isSafeInteger(o.asNumber()) ? o.asNumber() : undefined);

/** How much of a stream is decoded per step: the decoder's buffer grows with the data, never ahead of it. */
const DECODE_STEP = 64 * 1024;

/**
 * The first `max` decoded bytes (all of them when fewer). pdf-lib's `getBytes(n)` first allocates a zeroed buffer
 * of `n` rounded up to a power of two — 128 MiB for the 64 MiB limit, for every stream, however small — so the data
 * is taken a step at a time (the buffer doubles as it fills) and then read once more from the start.
 */
function decodeUpTo(decoder: ReturnType<typeof decodePDFRawStream>, max: number): Uint8Array {
  let total = 0;
  while (total < max) {
    const step = decoder.getBytes(Math.min(DECODE_STEP, max - total)).length;
    total += step;
    if (step === 0 || (step < DECODE_STEP && total < max)) break;
  }
  // getBytes(0) means "all of it": never asked for.
  if (total === 0) return new Uint8Array(0);
  decoder.reset();
  return decoder.getBytes(total) as Uint8Array;
}

/**
 * The decoded bytes of a stream, or a limit error once they would exceed the per-stream or the document's budget.
 * pdf-lib's decoders decode block by block, so asking for one byte more than allowed never decodes much beyond it.
 */
export function decodeBounded(stream: PDFRawStream, context: PDFContext = stream.dict.context): Uint8Array {
  const b = budgetOf(context);
  const allowed = Math.min(PDF_LIMITS.decodedPerStream, PDF_LIMITS.decodedPerDocument - b.decoded);
  const filter = stream.dict.get(PDFName.of('Filter'));
  let out: Uint8Array;
  if (filter === undefined) out = stream.getContents();
  else out = decodeUpTo(decodePDFRawStream(stream), allowed + 1);
  if (out.length > allowed) violate(context, limitError('pdfDecoded', `a stream decodes to more than ${allowed} bytes`));
  b.decoded += out.length;
  return out;
}

/** The same stream with its data already decoded (no /Filter), so pdf-lib does not decode it again, unbounded. */
function predecoded(stream: PDFRawStream, data: Uint8Array): PDFRawStream {
  const dict = stream.dict.clone(stream.dict.context) as PDFDict;
  dict.delete(PDFName.of('Filter'));
  dict.delete(PDFName.of('DecodeParms'));
  dict.set(PDFName.of('Length'), PDFNumber.of(data.length));
  return PDFRawStream.of(dict, data);
}

/** §7.5.8.2: checks /W, /Index and /Size of a cross-reference stream against its decoded data. */
export function checkXrefStream(dict: PDFDict, decodedLength: number): { widths: [number, number, number]; subsections: [number, number][] } {
  const ctx = dict.context;
  const bad = (detail: string): never => violate(ctx, limitError('pdfXref', `cross-reference stream: ${detail}`));
  const wObj = dict.lookup(PDFName.of('W'));
  if (!(wObj instanceof PDFArray) || wObj.size() !== 3) return bad('/W is not an array of three widths');
  const widths = wObj.asArray().map((x) => int(ctx.lookup(x)));
  if (widths.some((w) => w === undefined || w < 0 || w > PDF_LIMITS.xrefFieldWidth)) bad(`/W widths must be 0 to ${PDF_LIMITS.xrefFieldWidth} bytes`);
  const [w0 = 0, w1 = 0, w2 = 0] = widths as number[];
  const rowLen = w0 + w1 + w2;
  if (rowLen === 0) bad('/W widths are all zero');
  const size = int(dict.lookup(PDFName.of('Size')));
  if (size === undefined || size < 0 || size > PDF_LIMITS.objectNumbers) bad('/Size is missing, negative or beyond the object-number limit');
  const indexObj = dict.lookup(PDFName.of('Index'));
  const subsections: [number, number][] = [];
  if (indexObj instanceof PDFArray) {
    if (indexObj.size() % 2 !== 0) bad('/Index has an odd number of entries');
    for (let i = 0; i < indexObj.size(); i += 2) {
      const first = int(indexObj.lookup(i));
      const count = int(indexObj.lookup(i + 1));
      if (first === undefined || count === undefined || first < 0 || count < 0 || first + count > PDF_LIMITS.objectNumbers) bad('/Index is not a list of whole numbers within the object-number limit');
      subsections.push([first as number, count as number]);
    }
  } else if (indexObj !== undefined) bad('/Index is not an array');
  else subsections.push([0, size as number]);
  const rows = subsections.reduce((n, [, c]) => n + c, 0);
  if (rows * rowLen > decodedLength) bad(`/Index and /W need ${rows * rowLen} bytes, the stream has ${decodedLength}`);
  return { widths: [w0, w1, w2], subsections };
}

/** §7.5.7: /N pairs of integers before /First, /First inside the decoded data. */
function checkObjectStream(dict: PDFDict, decodedLength: number): void {
  const n = int(dict.lookup(PDFName.of('N')));
  const first = int(dict.lookup(PDFName.of('First')));
  const ok = n !== undefined && first !== undefined && n >= 0 && first >= 0 && first <= decodedLength && n * 2 <= first + 1;
  if (!ok) violate(dict.context, limitError('pdfObjectStream', 'object stream /N or /First beyond its data'));
}

interface ParserInternals {
  context: PDFContext;
  bytes: object;
  siglaDepth?: number;
  parseObject(): unknown;
}

interface ByteStreamInternals {
  bytes: Uint8Array;
  slice(start: number, end: number): Uint8Array;
}

/**
 * pdf-lib copies every stream's bytes out of the file (`ByteStream.slice` is `Uint8Array.slice`): a 200 MB PDF
 * costs 200 MB more per load, and verifying a signature that does not cover the whole file loads it twice. Streams
 * are only read (Sigla never saves through pdf-lib, and never changes the input), so a view is enough. ByteStream
 * is not exported: its prototype is reached through the first parser's `bytes`.
 */
let viewsInstalled = false;
function streamsAsViews(byteStream: object): void {
  if (viewsInstalled) return;
  viewsInstalled = true;
  const proto = Object.getPrototypeOf(byteStream) as ByteStreamInternals;
  proto.slice = function (this: ByteStreamInternals, start: number, end: number): Uint8Array {
    return this.bytes.subarray(start, end);
  };
}

let installed = false;

/** Wraps pdf-lib's parsers once per process (idempotent). */
export function installPdfLimits(): void {
  if (installed) return;
  installed = true;
  // pdf-lib's byte-at-a-time scans of hex strings and stream ends, done natively with the same results.
  installPdfScanShortcuts();
  // Its hand-backs to the event loop during a whole-file parse, without setTimeout's 1 ms floor.
  installImmediateParseTicks();
  const proto = PDFObjectParser.prototype as unknown as ParserInternals;
  const parseObject = proto.parseObject;
  proto.parseObject = function (this: ParserInternals): unknown {
    streamsAsViews(this.bytes);
    const b = budgetOf(this.context);
    if (++b.objects > PDF_LIMITS.objects) violate(this.context, limitError('pdfObjects', `more than ${PDF_LIMITS.objects} objects`));
    const depth = (this.siglaDepth ?? 0) + 1;
    if (depth > PDF_LIMITS.nesting) violate(this.context, limitError('pdfNesting', `objects nested deeper than ${PDF_LIMITS.nesting}`));
    this.siglaDepth = depth;
    try {
      return parseObject.call(this);
    } finally {
      this.siglaDepth = depth - 1;
    }
  };

  // pdf-lib skips an object it cannot parse by scanning byte by byte for `endobj`; once a limit is hit the file is
  // refused anyway, so the parse stops there instead of crawling through the rest of a 200 MB file.
  const docProto = PDFParser.prototype as unknown as { context: PDFContext; tryToParseInvalidIndirectObject(): unknown };
  const skipInvalid = docProto.tryToParseInvalidIndirectObject;
  docProto.tryToParseInvalidIndirectObject = function (this: { context: PDFContext }): unknown {
    const violation = limitViolation(this.context);
    if (violation) throw violation;
    return skipInvalid.call(this);
  };

  // Between objects pdf-lib looks for the next `N G obj` at every byte (skipJibberish), reading the whole run of
  // digits from each position: inside a long run (the zero padding of a /Contents placeholder) that is quadratic —
  // a 49 KB PDF with one broken dictionary took 14 s. A header starts where a number starts (ISO 32000-1 §7.3.3,
  // §7.3.10), never after another digit, so such positions are refused at once: the scan becomes linear.
  const headerProto = PDFParser.prototype as unknown as { bytes: { bytes: Uint8Array; offset(): number }; matchIndirectObjectHeader(): boolean };
  const matchHeader = headerProto.matchIndirectObjectHeader;
  headerProto.matchIndirectObjectHeader = function (this: typeof headerProto): boolean {
    const at = this.bytes.offset();
    const before = at > 0 ? this.bytes.bytes[at - 1] : undefined;
    if (before !== undefined && before >= 0x30 && before <= 0x39) return false;
    return matchHeader.call(this);
  };

  const xref = PDFXRefStreamParser as unknown as { forStream(s: PDFRawStream): unknown };
  const xrefForStream = xref.forStream.bind(PDFXRefStreamParser);
  xref.forStream = (s: PDFRawStream): unknown => {
    const data = decodeBounded(s);
    checkXrefStream(s.dict, data.length);
    return xrefForStream(predecoded(s, data));
  };

  const objStm = PDFObjectStreamParser as unknown as { forStream(s: PDFRawStream, tick?: () => boolean): unknown };
  const objStmForStream = objStm.forStream.bind(PDFObjectStreamParser);
  objStm.forStream = (s: PDFRawStream, tick?: () => boolean): unknown => {
    const data = decodeBounded(s);
    checkObjectStream(s.dict, data.length);
    return objStmForStream(predecoded(s, data), tick);
  };
}
