/**
 * A PDF opened for an incremental update without parsing it whole: the cross-reference chain is read from the end
 * of the file (§7.5.5, XrefChain.ts), and an object is read the first time something looks it up — at the byte
 * offset its newest cross-reference entry gives (§7.5.4), or inside its object stream (§7.5.7). Signing reads the
 * catalog, the page tree down to the page the widget goes on, the AcroForm and its fields: a few kilobytes, whatever
 * the size of the images and fonts the file carries. Memory and time no longer grow with the file.
 *
 * pdf-lib's own classes stay in use: its context holds the objects, its parser reads each one (with the limits of
 * pdfLimits.ts), its PDFDocument gives the pages — only the map of objects fills itself on demand.
 */
import { PDFContext, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { SiglaError } from '../../shared/errors.js';
import { pdfParseError, textAt } from './PdfBytes.js';
import { decodeBounded, installPdfLimits, limitError, PDF_LIMITS } from './pdfLimits.js';
import type { PdfSource } from './PdfSource.js';
import { readIndirectObject } from './readObject.js';
import { asPdfError } from './loadPdf.js';
import type { XrefChain, XrefEntry } from './XrefChain.js';

/** An object stream's decoded data and where each of its objects starts (§7.5.7). */
interface ObjectStream {
  readonly data: Uint8Array;
  readonly offsets: ReadonlyMap<number, number>;
}

/** The newest entry of every object number: sections come newest first (XrefChain.ts). */
function newestEntries(chain: XrefChain): Map<number, XrefEntry> {
  const out = new Map<number, XrefEntry>();
  for (const s of chain.sections) for (const e of s.entries) if (!out.has(e.num)) out.set(e.num, e);
  return out;
}

class LazyObjects extends Map<PDFRef, PDFObject> {
  readonly absent = new Set<PDFRef>();
  private readonly streams = new Map<number, ObjectStream | undefined>();
  private readonly loading = new Set<number>();
  context: PDFContext | undefined;

  constructor(
    private readonly src: PdfSource,
    private readonly header: number,
    private readonly xref: ReadonlyMap<number, XrefEntry>,
  ) {
    super();
  }

  override get(ref: PDFRef): PDFObject | undefined {
    const have = super.get(ref);
    if (have !== undefined || this.absent.has(ref)) return have;
    const obj = this.load(ref);
    if (obj === undefined) this.absent.add(ref);
    else super.set(ref, obj);
    return obj;
  }

  override has(ref: PDFRef): boolean {
    return this.get(ref) !== undefined;
  }

  private load(ref: PDFRef): PDFObject | undefined {
    const e = this.xref.get(ref.objectNumber);
    if (!e || !this.context) return undefined;
    // An object whose reading needs itself (an object stream inside itself, a /Length pointing back) is missing.
    if (this.loading.has(ref.objectNumber)) return undefined;
    this.loading.add(ref.objectNumber);
    try {
      if (e.type === 1) {
        if (e.gen !== ref.generationNumber) return undefined;
        const o = readIndirectObject(this.src, this.header + e.field, this.context);
        return o.num === ref.objectNumber ? o.object : undefined;
      }
      if (ref.generationNumber !== 0) return undefined;
      return this.fromObjectStream(e.field, ref.objectNumber);
    } catch (err) {
      // An object that does not parse is missing, as pdf-lib's own loader (throwOnInvalidObject: false) leaves it;
      // a limit is a verdict on the whole file, and anything else a bug: both go on.
      const coded = asPdfError(err);
      if (coded instanceof SiglaError && coded.code === 'PDF_PARSE') return undefined;
      throw coded;
    } finally {
      this.loading.delete(ref.objectNumber);
    }
  }

  private fromObjectStream(streamNum: number, num: number): PDFObject | undefined {
    if (!this.streams.has(streamNum)) this.streams.set(streamNum, this.openObjectStream(streamNum));
    const s = this.streams.get(streamNum);
    const at = s?.offsets.get(num);
    if (!s || at === undefined || !this.context) return undefined;
    return PDFObjectParser.forBytes(s.data.subarray(at), this.context).parseObject() as PDFObject;
  }

  private openObjectStream(streamNum: number): ObjectStream | undefined {
    const stream = this.get(PDFRef.of(streamNum, 0));
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of('Type')) !== PDFName.of('ObjStm')) return undefined;
    const n = stream.dict.get(PDFName.of('N'));
    const first = stream.dict.get(PDFName.of('First'));
    if (!(n instanceof PDFNumber) || !(first instanceof PDFNumber)) return undefined;
    const data = decodeBounded(stream);
    const f = first.asNumber();
    if (!Number.isInteger(f) || f < 0 || f > data.length || !Number.isInteger(n.asNumber()) || n.asNumber() * 2 > f + 1) {
      throw limitError('pdfObjectStream', 'object stream /N or /First beyond its data');
    }
    const ints = textAt(data, 0, f).trim().split(/\s+/).map(Number);
    const offsets = new Map<number, number>();
    for (let i = 0; i < n.asNumber() && 2 * i + 1 < ints.length; i++) {
      const objNum = ints[2 * i] ?? -1;
      const off = ints[2 * i + 1] ?? -1;
      if (Number.isInteger(objNum) && Number.isInteger(off) && off >= 0 && f + off < data.length && !offsets.has(objNum)) offsets.set(objNum, f + off);
    }
    return { data, offsets };
  }
}

/**
 * How many references looked up so far in a document `lazyPdf` made named no readable object (missing from the
 * cross-reference chain, or not parsing); 0 for any other document. A reader that must see what pdf-lib's
 * whole-file loader would see (it scans the file for objects, whatever the chain says) reads the file whole when
 * this is not 0.
 */
export function missedLookups(doc: PDFDocument): number {
  const objects = (doc.context as unknown as { indirectObjects: unknown }).indirectObjects;
  return objects instanceof LazyObjects ? objects.absent.size : 0;
}

/**
 * The document over `src`, given its checked chain. Only what is looked up is ever read; nothing is written back.
 * The trailer entries pdf-lib's document needs (/Root, /Encrypt, /Info, /ID) come from the newest trailer that has
 * each, as its own loader takes them.
 */
export function lazyPdf(src: PdfSource, header: number, chain: XrefChain): PDFDocument {
  installPdfLimits();
  const entries = newestEntries(chain);
  const objects = new LazyObjects(src, header, entries);
  const context = PDFContext.create();
  objects.context = context;
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  const pick = (key: string): PDFObject | undefined => {
    for (const s of chain.sections) {
      const v = s.trailer.get(PDFName.of(key));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const info = context.trailerInfo as Record<string, PDFObject | undefined>;
  for (const k of ['Root', 'Encrypt', 'Info', 'ID']) info[k] = pick(k);
  // Object numbers go up to the trailer's /Size (IncrementalUpdate numbers new objects above it).
  let largest = Math.max(0, chain.size - 1);
  for (const n of entries.keys()) if (n > largest) largest = n;
  context.largestObjectNumber = Math.min(PDF_LIMITS.objectNumbers, largest);
  const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  const doc = new Doc(context, true, false);
  if (!((doc.catalog as unknown) instanceof PDFDict)) throw pdfParseError('no document catalog');
  return doc;
}
